import NetlinkCore

extension FuzzChecks {
    /// The sequence number and port of the control messages the check builds.
    static let controlSequence: UInt32 = 0x0102_0304
    static let controlPortID: UInt32 = 4242

    /// A schema for the debug dump that gives the non-control messages a 16-byte family header and
    /// names a few attributes (one of them a nest without `NLA_F_NESTED`), to reach more of the dump.
    struct FuzzSchema: NetlinkFamilySchema {
        func messageTypeName(_ type: NetlinkMessageType) -> String? { type.rawValue == 16 ? "FUZZ_NEW" : nil }
        func requestKind(_ type: NetlinkMessageType) -> NetlinkRequestKind {
            [.get, .new, .delete, .other][Int(type.rawValue & 3)]
        }
        func fixedHeaderSize(_ type: NetlinkMessageType) -> Int { type.rawValue & 4 == 0 ? 16 : 0 }
        func attributeNaming(_ type: NetlinkMessageType) -> (any NetlinkAttributeNaming)? { FuzzChecks.attributeNames }
    }

    /// The control-message check.
    ///
    /// The first two bytes are the flags (host order), so that `NLM_F_CAPPED`, `NLM_F_ACK_TLVS` and
    /// `NLM_F_DUMP_INTR` vary; the rest is the payload of an `NLMSG_ERROR` and of an `NLMSG_DONE`
    /// message (with the unpadded length the kernel would give). For each:
    /// - decoding is a value or a ``NetlinkDecodingError``, and the other control decoder refuses it;
    /// - a decoded value encodes (as the kernel would send it) and decodes again to an equal value,
    ///   with the flags it implies;
    /// - the debug dump renders both in one datagram, and the raw input as a datagram;
    /// - ``NetlinkError`` made from it describes itself.
    static func checkErrors(_ input: RawSpan) throws {
        var flags: UInt16 = 0
        if input.byteCount >= 2 { flags = input.unsafeLoadUnaligned(as: UInt16.self) }
        let payload = copy(input.extracting(min(2, input.byteCount)..<input.byteCount))
        let errorBytes = controlMessage(.error, flags: flags, payload: payload)
        let doneBytes = controlMessage(.done, flags: flags, payload: payload)
        let fixedHeaderSize = [0, 4, 16, 3][Int(flags >> 12 & 3)]

        // NLMSG_ERROR
        let errorMessage: NetlinkErrorMessage? = try withSpan(of: errorBytes) { span in
            let message = try NetlinkMessage(span)
            try require(
                (try? NetlinkDoneMessage(decoding: message)) == nil, "NetlinkDoneMessage decoded an NLMSG_ERROR")
            do throws(NetlinkDecodingError) {
                return try NetlinkErrorMessage(decoding: message)
            } catch {
                try require(error.code != .unexpectedMessageType, "NLMSG_ERROR refused as of the wrong type")
                return nil
            }
        }
        if payload.count < NetlinkErrorMessage.fixedSize {
            try require(errorMessage == nil, "a truncated NLMSG_ERROR (\(payload.count) bytes) decoded")
        }
        if let errorMessage {
            try require(errorMessage.isCapped == (flags & NetlinkMessageFlags.capped.rawValue != 0), "isCapped")
            try require(
                (errorMessage.extendedAck != nil) == (flags & NetlinkMessageFlags.acknowledgementTLVs.rawValue != 0),
                "extendedAck present without ACK_TLVS or absent with it")
            try require(errorMessage.isAcknowledgement == (errorMessage.error == 0), "isAcknowledgement")
            var builder = NetlinkMessageBuilder(capacity: 256)
            if try encodeOrRefuse({ b in try errorMessage.encode(into: &b, sequence: controlSequence, portID: controlPortID) },
                                  errorMessage.extendedAck, into: &builder) {
                try withSpan(of: builder.bytes) { span in
                    var messages = NetlinkMessages(span)
                    guard let message = try messages.next() else { throw Failure("the encoded NLMSG_ERROR is empty") }
                    try require(try messages.next() == nil, "the encoded NLMSG_ERROR is more than one message")
                    try require(
                        message.type == .error && message.sequence == controlSequence && message.portID == controlPortID,
                        "the encoded NLMSG_ERROR has other header fields")
                    try require(message.flags.contains(.capped) == errorMessage.isCapped, "encoded CAPPED flag")
                    try require(
                        message.flags.contains(.acknowledgementTLVs) == (errorMessage.extendedAck != nil), "encoded ACK_TLVS flag")
                    let again = try NetlinkErrorMessage(decoding: message)
                    try require(again == errorMessage, "NLMSG_ERROR round trip differs")
                }
            }
            let request = errorMessage.requestHeader.bytes + errorMessage.requestPayload
            let kernelError = NetlinkError.kernelReply(errorMessage, request: request, fixedHeaderSize: fixedHeaderSize)
            try require((kernelError == nil) == errorMessage.isAcknowledgement, "kernelReply on error \(errorMessage.error)")
            if let kernelError {
                try require(!kernelError.description.isEmpty, "an empty error description")
                try require(kernelError.code == .kernelError && kernelError.sequence == errorMessage.requestHeader.sequence, "kernelReply fields")
                if let ackMessage = kernelError.message { try require(kernelError.description.hasPrefix("Error: " + ackMessage), "description") }
                if errorMessage.extendedAck?.offset == nil { try require(kernelError.attributePath == nil, "a path without an offset") }
            }
            _ = NetlinkError.kernelReply(errorMessage)?.description
        }

        // NLMSG_DONE
        let doneMessage: NetlinkDoneMessage? = try withSpan(of: doneBytes) { span in
            let message = try NetlinkMessage(span)
            try require((try? NetlinkErrorMessage(decoding: message)) == nil, "NetlinkErrorMessage decoded an NLMSG_DONE")
            do throws(NetlinkDecodingError) {
                return try NetlinkDoneMessage(decoding: message)
            } catch {
                try require(error.code != .unexpectedMessageType, "NLMSG_DONE refused as of the wrong type")
                return nil
            }
        }
        if payload.count == 0 || (1...3).contains(payload.count) {
            try require((doneMessage != nil) == payload.isEmpty, "NLMSG_DONE with \(payload.count) payload bytes")
        }
        if let doneMessage {
            try require(doneMessage.isInterrupted == (flags & NetlinkMessageFlags.dumpInterrupted.rawValue != 0), "isInterrupted")
            var builder = NetlinkMessageBuilder(capacity: 256)
            if try encodeOrRefuse({ b in try doneMessage.encode(into: &b, sequence: controlSequence, portID: controlPortID) },
                                  doneMessage.extendedAck, into: &builder) {
                try withSpan(of: builder.bytes) { span in
                    var messages = NetlinkMessages(span)
                    guard let message = try messages.next() else { throw Failure("the encoded NLMSG_DONE is empty") }
                    try require(try messages.next() == nil, "the encoded NLMSG_DONE is more than one message")
                    try require(
                        message.type == .done && message.sequence == controlSequence && message.portID == controlPortID
                            && message.flags.contains(.multipart),
                        "the encoded NLMSG_DONE has other header fields")
                    let again = try NetlinkDoneMessage(decoding: message)
                    try require(again == doneMessage, "NLMSG_DONE round trip differs")
                }
            }
            let dumpError = NetlinkError.dumpDone(doneMessage, sequence: controlSequence)
            try require((dumpError == nil) == (doneMessage.error == 0), "dumpDone on error \(doneMessage.error)")
            if let dumpError { try require(!dumpError.description.isEmpty, "an empty error description") }
        }

        // The debug dump never traps: both messages in one datagram with the default schema, and
        // the raw input as a datagram with a schema that has family headers and names. (Rendering
        // allocates much; two renders per input keep the target fast.)
        var both = errorBytes
        both += repeatElement(0, count: NetlinkAlignment.align(both.count) - both.count)
        both += doneBytes
        try withSpan(of: both) { span in
            let text = NetlinkMessageDump().render(datagram: span)
            try require(text.hasPrefix("NLMSG_ERROR (2)"), "the dump does not start with the NLMSG_ERROR")
            try require(utf8Contains(text, "NLMSG_DONE (3)"), "the dump lost the NLMSG_DONE")
        }
        _ = NetlinkMessageDump(schema: FuzzSchema(), maximumHexBytes: 16).render(datagram: input)
    }

    /// A control message with an unpadded `nlmsg_len`, as the kernel sends it.
    private static func controlMessage(_ type: NetlinkMessageType, flags: UInt16, payload: [UInt8]) -> [UInt8] {
        NetlinkMessageHeader(
            length: UInt32(NetlinkMessageHeader.length(payload: payload.count)), type: type,
            flags: NetlinkMessageFlags(rawValue: flags), sequence: controlSequence, portID: controlPortID
        ).bytes + payload
    }

    /// Encodes; a refusal is accepted only when an extended-ack field is too large for an attribute
    /// (a message of invalid UTF-8 grows threefold when repaired). Returns whether it encoded.
    private static func encodeOrRefuse(
        _ encode: (inout NetlinkMessageBuilder) throws -> Void, _ ack: NetlinkExtendedAck?, into builder: inout NetlinkMessageBuilder
    ) throws -> Bool {
        do {
            try encode(&builder)
            return true
        } catch let error as NetlinkEncodingError {
            let limit = NetlinkAttribute.maximumPayloadSize
            let oversize = (ack?.message.map { $0.utf8.count + 1 > limit } ?? false) || (ack?.cookie.map { $0.count > limit } ?? false)
            try require(oversize && error.code == .attributePayloadTooLarge, "encoding refused: \(error)")
            try require(builder.count == 0 && !builder.hasOpenMessage, "a refused message left bytes behind")
            return false
        }
    }
}
