/// An `NLMSG_ERROR` message, decoded: an acknowledgement (error 0) or an error report.
///
/// ```text
/// struct nlmsgerr {
///     int              error;   // 0 = ACK, else a negative errno
///     struct nlmsghdr  msg;     // the header of the request
/// };
///
/// +-----------+------------------+--------------------------------+---------------------+
/// | error s32 | request nlmsghdr | request payload (unless CAPPED) | ext-ack TLVs (if    |
/// |           | (16 bytes)       | padded to 4                     | NLM_F_ACK_TLVS set) |
/// +-----------+------------------+--------------------------------+---------------------+
/// ```
///
/// The kernel echoes the request's payload only on an error, and only when the socket lacks
/// `NETLINK_CAP_ACK`; otherwise it sets `NLM_F_CAPPED`. An acknowledgement is always capped.
public struct NetlinkErrorMessage: Hashable, Sendable {
    /// The error code: 0 for an acknowledgement, a negative errno (`-EINVAL`) for an error.
    public var error: Int32
    /// The header of the request this answers.
    public var requestHeader: NetlinkMessageHeader
    /// The echoed payload of the request; empty when capped.
    public var requestPayload: [UInt8]
    /// Whether the request's payload was left out (`NLM_F_CAPPED`).
    public var isCapped: Bool
    /// The extended ack, when `NLM_F_ACK_TLVS` was set.
    public var extendedAck: NetlinkExtendedAck?

    /// The size of `struct nlmsgerr`: 20.
    public static let fixedSize = 20

    /// Whether this is an acknowledgement (error 0).
    public var isAcknowledgement: Bool { error == 0 }

    /// Creates an error message from its parts.
    public init(
        error: Int32, requestHeader: NetlinkMessageHeader, requestPayload: [UInt8] = [],
        isCapped: Bool? = nil, extendedAck: NetlinkExtendedAck? = nil
    ) {
        self.error = error
        self.requestHeader = requestHeader
        self.requestPayload = requestPayload
        self.isCapped = isCapped ?? requestPayload.isEmpty
        self.extendedAck = extendedAck
    }

    /// Decodes an `NLMSG_ERROR` message.
    ///
    /// - Throws: ``NetlinkDecodingError`` when the message is not `NLMSG_ERROR`, the payload is
    ///   shorter than `struct nlmsgerr` (a truncated error), the echoed request runs past the end,
    ///   or an extended-ack TLV is malformed.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        guard message.type == .error else {
            throw NetlinkDecodingError(
                .unexpectedMessageType, offset: message.offset, expected: Int(NetlinkMessageType.error.rawValue),
                actual: Int(message.type.rawValue), context: "NLMSG_ERROR")
        }
        let payload = message.payload
        let base = message.offset + NetlinkMessageHeader.size
        guard payload.byteCount >= Self.fixedSize else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: base, expected: Self.fixedSize, actual: payload.byteCount,
                context: "struct nlmsgerr")
        }
        let flags = message.flags
        error = payload.unsafeLoadUnaligned(fromByteOffset: 0, as: Int32.self)
        requestHeader = NetlinkMessageHeader(unchecked: payload.extracting(unchecked: 4..<20))
        isCapped = flags.contains(.capped)
        var tlvStart = Self.fixedSize
        if isCapped {
            requestPayload = []
        } else {
            // The echo is the request's payload: nlmsg_len - 16 bytes, padded to 4.
            let echoed = Int(requestHeader.length) - NetlinkMessageHeader.size
            guard echoed >= 0 else {
                throw NetlinkDecodingError(
                    .messageLengthTooSmall, offset: base + 4, expected: NetlinkMessageHeader.size,
                    actual: Int(requestHeader.length), context: "echoed request header")
            }
            guard echoed <= payload.byteCount - Self.fixedSize else {
                throw NetlinkDecodingError(
                    .truncatedStructure, offset: base + Self.fixedSize, expected: echoed,
                    actual: payload.byteCount - Self.fixedSize, context: "echoed request payload")
            }
            requestPayload = payload.extracting(unchecked: Self.fixedSize..<(Self.fixedSize + echoed)).withUnsafeBytes { Array($0) }
            tlvStart = min(Self.fixedSize + NetlinkAlignment.align(echoed), payload.byteCount)
        }
        if flags.contains(.acknowledgementTLVs) {
            let tlvs = NetlinkAttributes(
                payload.extracting(unchecked: tlvStart..<payload.byteCount), baseOffset: base + tlvStart)
            extendedAck = try NetlinkExtendedAck(decoding: tlvs)
        } else {
            extendedAck = nil
        }
    }

    /// Writes this as an `NLMSG_ERROR` message with the given header fields (as the kernel would:
    /// the sequence and port of the request). Sets `NLM_F_CAPPED` and `NLM_F_ACK_TLVS` as needed.
    public func encode(
        into builder: inout NetlinkMessageBuilder, sequence: UInt32? = nil, portID: UInt32? = nil
    ) throws {
        var flags: NetlinkMessageFlags = []
        if isCapped { flags.insert(.capped) }
        if extendedAck != nil { flags.insert(.acknowledgementTLVs) }
        try builder.message(
            type: .error, flags: flags, sequence: sequence ?? requestHeader.sequence,
            portID: portID ?? requestHeader.portID
        ) { b in
            b.append(error)
            b.append(bytes: requestHeader.bytes)
            if !isCapped { b.append(bytes: requestPayload) }
            if let extendedAck { try extendedAck.encode(into: &b) }
        }
    }
}

/// An `NLMSG_DONE` message, decoded: the end of a dump, with its error code and extended ack.
///
/// ```text
/// +-----------+--------------------------------------------+
/// | error s32 | ext-ack TLVs (if NLM_F_ACK_TLVS is set)    |
/// +-----------+--------------------------------------------+
/// ```
/// A dump can end in `NLMSG_DONE` carrying an error: a strict link dump with a bare header ends
/// with -EINVAL and "Invalid header for link dump". Such a dump failed.
public struct NetlinkDoneMessage: Hashable, Sendable {
    /// The error code of the dump: 0 when it completed, a negative errno when it failed.
    /// A DONE with no payload (sent by some user-space peers) reads as 0.
    public var error: Int32
    /// The extended ack, when `NLM_F_ACK_TLVS` was set.
    public var extendedAck: NetlinkExtendedAck?
    /// Whether the DONE carried `NLM_F_DUMP_INTR`: the dump was inconsistent.
    public var isInterrupted: Bool

    /// Creates a DONE message from its parts.
    public init(error: Int32 = 0, extendedAck: NetlinkExtendedAck? = nil, isInterrupted: Bool = false) {
        self.error = error
        self.extendedAck = extendedAck
        self.isInterrupted = isInterrupted
    }

    /// Decodes an `NLMSG_DONE` message.
    ///
    /// - Throws: ``NetlinkDecodingError`` when the message is not `NLMSG_DONE`, the payload holds
    ///   1–3 bytes, or an extended-ack TLV is malformed.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        guard message.type == .done else {
            throw NetlinkDecodingError(
                .unexpectedMessageType, offset: message.offset, expected: Int(NetlinkMessageType.done.rawValue),
                actual: Int(message.type.rawValue), context: "NLMSG_DONE")
        }
        let payload = message.payload
        let base = message.offset + NetlinkMessageHeader.size
        isInterrupted = message.flags.contains(.dumpInterrupted)
        if payload.byteCount == 0 {
            error = 0
            extendedAck = nil
            return
        }
        guard payload.byteCount >= 4 else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: base, expected: 4, actual: payload.byteCount, context: "NLMSG_DONE error code")
        }
        error = payload.unsafeLoadUnaligned(fromByteOffset: 0, as: Int32.self)
        if message.flags.contains(.acknowledgementTLVs) {
            extendedAck = try NetlinkExtendedAck(
                decoding: NetlinkAttributes(payload.extracting(unchecked: 4..<payload.byteCount), baseOffset: base + 4))
        } else {
            extendedAck = nil
        }
    }

    /// Writes this as an `NLMSG_DONE` message (flag `NLM_F_MULTI`, and `NLM_F_ACK_TLVS` and
    /// `NLM_F_DUMP_INTR` as needed).
    public func encode(into builder: inout NetlinkMessageBuilder, sequence: UInt32, portID: UInt32) throws {
        var flags: NetlinkMessageFlags = [.multipart]
        if extendedAck != nil { flags.insert(.acknowledgementTLVs) }
        if isInterrupted { flags.insert(.dumpInterrupted) }
        try builder.message(type: .done, flags: flags, sequence: sequence, portID: portID) { b in
            b.append(error)
            if let extendedAck { try extendedAck.encode(into: &b) }
        }
    }
}
