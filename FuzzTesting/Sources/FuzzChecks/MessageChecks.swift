import NetlinkCore

extension FuzzChecks {
    /// One message as the round trip compares it: the header fields and the payload.
    /// `nlmsg_len` is not stored: it must equal `16 + payload.count`, which is checked both ways.
    struct DecodedMessage: Hashable {
        var type: UInt16
        var flags: UInt16
        var sequence: UInt32
        var portID: UInt32
        var payload: [UInt8]
    }

    /// The family-header sizes the attributes of each message are walked after
    /// (none, `rtgenmsg`/`genlmsghdr`-like, `ifinfomsg`-like).
    static let fixedHeaderSizes = [0, 4, 16]

    /// How many attributes one input may visit in all its walks.
    static let attributeVisitBudget = 20_000

    /// How many of those visits call every typed getter. Each getter that refuses builds an error,
    /// so the getters cost ten times the walk: past the first visits they add time, not paths.
    static let getterCheckBudget = 64

    /// The datagram check.
    ///
    /// 1. Split the input with ``NetlinkMessages``; every message's offset, length, header and payload
    ///    agree with each other and with the bytes.
    /// 2. For each message, walk its attributes after family headers of 0, 4 and 16 bytes and into
    ///    every attribute's `nested()` (whatever its flags) down to the depth limit, calling every
    ///    typed getter on the first ``getterCheckBudget`` of them: each throws exactly when the
    ///    payload has the wrong size, and the values agree.
    /// 3. Round trip: the messages before the first error, rebuilt with ``NetlinkMessageBuilder``
    ///    and split again, give the same list, and the rebuilt datagram splits without error.
    static func checkMessages(_ datagram: RawSpan) throws {
        var budget = attributeVisitBudget
        let original = try splitAndCheck(datagram, budget: &budget)

        // Whatever NetlinkMessage(_:) says about the first message, the cursor says the same.
        let direct: DecodedMessage?
        let directError: NetlinkDecodingError?
        do throws(NetlinkDecodingError) {
            let first = try NetlinkMessage(datagram)
            direct = decoded(first)
            directError = nil
        } catch {
            direct = nil
            directError = error
        }
        if let direct {
            try require(original.messages.first == direct, "NetlinkMessage(_:) and the cursor disagree on the first message")
        } else if datagram.byteCount == 0 {
            try require(directError?.code == .truncatedMessageHeader, "NetlinkMessage(_:) on no bytes")
        } else {
            try require(
                original.messages.isEmpty && original.error == directError,
                "NetlinkMessage(_:) refuses what the cursor accepts, or with another error")
        }

        // Rebuild: one message with the closure call, the next with begin/end, and so on. Raw bytes
        // are appended without padding and endMessage writes the unpadded length, as the kernel's
        // NLMSG_LENGTH does, then pads: a payload of any length comes back as it was.
        var builder = NetlinkMessageBuilder(capacity: datagram.byteCount + 64)
        var expectedSize = 0
        for (index, message) in original.messages.enumerated() {
            let type = NetlinkMessageType(message.type)
            let flags = NetlinkMessageFlags(rawValue: message.flags)
            let before = builder.count
            if index % 2 == 0 {
                try builder.message(type: type, flags: flags, sequence: message.sequence, portID: message.portID) { b in
                    b.append(bytes: message.payload)
                }
            } else {
                let start = try builder.beginMessage(
                    type: type, flags: flags, sequence: message.sequence, portID: message.portID)
                try require(start == before, "beginMessage started at \(start), after \(before) bytes")
                builder.append(bytes: message.payload)
                let length = try builder.endMessage()
                try require(length == NetlinkMessageHeader.length(payload: message.payload.count), "endMessage returned \(length)")
            }
            let written = builder.count - before
            try require(written == NetlinkMessageHeader.space(payload: message.payload.count), "message written in \(written) bytes")
            expectedSize += written
        }
        try require(!builder.hasOpenMessage, "a message left open")
        try require(builder.count == expectedSize, "rebuilt datagram of \(builder.count) bytes, expected \(expectedSize)")

        let rebuilt = builder.bytes
        var ignored = 0  // the rebuilt datagram's attributes were walked in the original already
        let again = try withSpan(of: rebuilt) { span in try splitAndCheck(span, budget: &ignored) }
        try require(again.error == nil, "the rebuilt datagram does not split: \(again.error.map { "\($0)" } ?? "")")
        if again.messages != original.messages {
            let index = zip(original.messages, again.messages).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(original.messages.count, again.messages.count)
            throw Failure(
                "round trip differs at message \(index): \(original.messages.count) messages decoded, \(again.messages.count) after rebuilding")
        }
    }

    /// Splits a datagram, checking each message, and walks the attributes while `budget` lasts.
    /// Returns the messages before the first error, and that error.
    private static func splitAndCheck(
        _ datagram: RawSpan, budget: inout Int
    ) throws -> (messages: [DecodedMessage], error: NetlinkDecodingError?) {
        var messages: [DecodedMessage] = []
        var cursor = NetlinkMessages(datagram)
        var expectedOffset = 0
        var firstError: NetlinkDecodingError? = nil
        while true {
            try require(cursor.offset == expectedOffset, "cursor offset \(cursor.offset), expected \(expectedOffset)")
            let message: NetlinkMessage
            do throws(NetlinkDecodingError) {
                guard let next = try cursor.next() else { break }
                message = next
            } catch {
                firstError = error
                break
            }
            try checkMessage(message, datagramSize: datagram.byteCount, expectedOffset: expectedOffset)
            messages.append(decoded(message))
            expectedOffset += min(NetlinkAlignment.align(message.length), datagram.byteCount - expectedOffset)
            for size in fixedHeaderSizes where budget > 0 {
                try walkAttributes(of: message, fixedHeaderSize: size, budget: &budget)
            }
        }
        try require(cursor.isAtEnd, "the cursor is not at its end")
        try require((try? cursor.next()) == nil, "the cursor yields a message after its end")
        if let error = firstError {
            try require(error.offset == expectedOffset, "error at offset \(error.offset ?? -1), expected \(expectedOffset)")
        } else {
            try require(expectedOffset == datagram.byteCount, "the cursor stopped at \(expectedOffset) of \(datagram.byteCount)")
        }
        return (messages, firstError)
    }

    private static func decoded(_ message: borrowing NetlinkMessage) -> DecodedMessage {
        DecodedMessage(
            type: message.type.rawValue, flags: message.flags.rawValue, sequence: message.sequence,
            portID: message.portID, payload: copy(message.payload))
    }

    /// The message's views agree with each other.
    private static func checkMessage(_ message: borrowing NetlinkMessage, datagramSize: Int, expectedOffset: Int) throws {
        let header = message.header
        try require(message.offset == expectedOffset, "message offset \(message.offset), expected \(expectedOffset)")
        try require(Int(header.length) == message.length, "nlmsg_len \(header.length) but the view has \(message.length) bytes")
        try require(message.length >= NetlinkMessageHeader.size, "a message of \(message.length) bytes")
        try require(message.offset + message.length <= datagramSize, "the message runs past the datagram")
        try require(message.payload.byteCount == message.length - NetlinkMessageHeader.size, "payload size")
        try require(
            header.type == message.type && header.flags == message.flags && header.sequence == message.sequence
                && header.portID == message.portID,
            "header fields disagree")
        try require((try? NetlinkMessageHeader(decoding: message.bytes)) == header, "NetlinkMessageHeader(decoding:) disagrees")
        try require(header.bytes == copy(message.bytes.extracting(first: NetlinkMessageHeader.size)), "header bytes differ")
        try require(message.copyBytes().count == message.length, "copyBytes")

        let payloadSize = message.payload.byteCount
        for size in [0, 1, 4, 16, 20] {
            let fits = NetlinkMessageHeader.size + NetlinkAlignment.align(size) <= message.length
            try require((header.payloadLength(after: size) != nil) == fits, "payloadLength(after: \(size))")
        }
        try require((try? message.fixedHeader(as: UInt32.self)) != nil || payloadSize < 4, "fixedHeader(as: UInt32)")
        try require((try? message.fixedHeader(as: (UInt64, UInt64).self)) != nil || payloadSize < 16, "fixedHeader(as: 16 bytes)")
        try require((try? message.fixedHeader(as: UInt8.self)) == nil || payloadSize >= 1, "fixedHeader(as: UInt8) on an empty payload")
    }

    /// Walks the attributes after a family header of `fixedHeaderSize` bytes, if the payload holds it.
    private static func walkAttributes(
        of message: borrowing NetlinkMessage, fixedHeaderSize: Int, budget: inout Int
    ) throws {
        let fits = fixedHeaderSize <= message.payload.byteCount
        guard let attributes = try? message.attributes(afterFixedHeader: fixedHeaderSize) else {
            try require(!fits, "attributes(afterFixedHeader: \(fixedHeaderSize)) refused a payload of \(message.payload.byteCount)")
            return
        }
        try require(fits, "attributes(afterFixedHeader: \(fixedHeaderSize)) accepted a payload of \(message.payload.byteCount)")
        let start = min(NetlinkMessageHeader.size + NetlinkAlignment.align(fixedHeaderSize), message.length)
        try walk(attributes, expectedOffset: message.offset + start, depth: 0, budget: &budget)
    }

    /// Walks a run of attributes and, recursively, every attribute's payload as attributes.
    ///
    /// Each level visits disjoint bytes, so the work is at most the size times the depth limit,
    /// and `budget` caps it further.
    static func walk(_ attributes: consuming NetlinkAttributes, expectedOffset: Int, depth: Int, budget: inout Int) throws {
        try require(attributes.depth == depth, "cursor depth \(attributes.depth), expected \(depth)")
        var position = expectedOffset
        while budget > 0 {
            budget -= 1
            let attribute: NetlinkAttribute
            do throws(NetlinkDecodingError) {
                guard let next = try attributes.next() else { return }
                attribute = next
            } catch {
                try require(attributes.isAtEnd, "the attribute cursor is not at its end after \(error)")
                try require(error.offset == position, "attribute error at \(error.offset ?? -1), expected \(position)")
                return
            }
            try require(attribute.offset == position, "attribute offset \(attribute.offset), expected \(position)")
            try require(attribute.depth == depth, "attribute depth \(attribute.depth), expected \(depth)")
            if budget >= attributeVisitBudget - getterCheckBudget { try checkGetters(attribute) }
            position += NetlinkAlignment.align(attribute.length)
            if attribute.depth + 1 <= NetlinkAttributes.maximumDepth {
                guard let inner = try? attribute.nested() else {
                    throw Failure("nested() refused at depth \(attribute.depth)")
                }
                try walk(inner, expectedOffset: attribute.offset + NetlinkAttribute.headerSize, depth: depth + 1, budget: &budget)
            } else {
                let refusal: NetlinkDecodingError?
                do throws(NetlinkDecodingError) {
                    _ = try attribute.nested()
                    refusal = nil
                } catch {
                    refusal = error
                }
                try require(refusal?.code == .nestingTooDeep, "nested() beyond the depth limit (depth \(attribute.depth))")
            }
        }
    }

    /// Every typed getter: each succeeds exactly when the payload has its size, and the values agree.
    static func checkGetters(_ attribute: borrowing NetlinkAttribute) throws {
        let n = attribute.payload.byteCount
        let bytes = attribute.bytes()
        try require(bytes.count == n, "bytes() copied \(bytes.count) of \(n)")
        try require(attribute.length == n + NetlinkAttribute.headerSize, "length")
        try require(attribute.type == attribute.rawType & NetlinkAttribute.typeMask, "type mask")
        try require(attribute.isNested == (attribute.rawType & 0x8000 != 0), "isNested")
        try require(attribute.isNetworkByteOrder == (attribute.rawType & 0x4000 != 0), "isNetworkByteOrder")
        let net = attribute.isNetworkByteOrder

        try require(((try? attribute.uint8()) != nil) == (n == 1), "uint8 on \(n) bytes")
        try require(((try? attribute.int8()) != nil) == (n == 1), "int8 on \(n) bytes")
        if n == 1 {
            try require((try? attribute.uint8()) == bytes[0] && (try? attribute.int8()).map(UInt8.init(bitPattern:)) == bytes[0], "8-bit value")
        }
        try checkInteger(UInt16.self, n, net, { try attribute.uint16($0) })
        try checkInteger(Int16.self, n, net, { try attribute.int16($0) })
        try checkInteger(UInt32.self, n, net, { try attribute.uint32($0) })
        try checkInteger(Int32.self, n, net, { try attribute.int32($0) })
        try checkInteger(UInt64.self, n, net, { try attribute.uint64($0) })
        try checkInteger(Int64.self, n, net, { try attribute.int64($0) })
        let variableWidth = [1, 2, 4, 8].contains(n)
        try require(((try? attribute.unsignedInteger(.host)) != nil) == variableWidth, "unsignedInteger on \(n) bytes")
        if variableWidth {
            try require(
                (try? attribute.unsignedInteger(.bigEndian)) != nil && (try? attribute.unsignedInteger(.fromAttributeFlag)) != nil,
                "unsignedInteger in network order on \(n) bytes")
        }

        let string = attribute.string()
        let terminated = n > 0 && bytes[n - 1] == 0
        let strict = try? attribute.nulTerminatedString()
        try require((strict != nil) == terminated, "nulTerminatedString on a payload ending in \(bytes.last ?? 0)")
        if let strict { try require(strict.utf8.elementsEqual(string.utf8), "the two string getters disagree") }
        let prefix = Array(bytes.prefix { $0 != 0 })
        try require(string.rawBytes == prefix, "string() is not the bytes up to the first NUL")
        try require(attribute.stringBytes() == prefix, "stringBytes() is not the bytes up to the first NUL")

        try require(((try? attribute.flag()) != nil) == (n == 0), "flag on \(n) bytes")
        try require(((try? attribute.value(as: UInt32.self)) != nil) == (n == 4), "value(as: UInt32) on \(n) bytes")
        // A structure whose size (20) is below its stride (24).
        typealias Padded = (UInt64, UInt64, UInt32)
        try require(
            ((try? attribute.value(as: Padded.self)) != nil) == (n == MemoryLayout<Padded>.size), "value(as: 20 bytes) on \(n) bytes")
        let loose = attribute.valueAllowingSizeChange(as: UInt64.self)
        var padded = Array(bytes.prefix(8))
        padded += repeatElement(0, count: 8 - padded.count)
        try require(withUnsafeBytes(of: loose) { Array($0) } == padded, "valueAllowingSizeChange")
        _ = attribute.valueAllowingSizeChange(as: (UInt64, UInt64, UInt64).self)

        let v4 = try? attribute.ipv4Address()
        let v6 = try? attribute.ipv6Address()
        let ip = try? attribute.ipAddress()
        let mac = try? attribute.macAddress()
        try require((v4 != nil) == (n == 4) && (v6 != nil) == (n == 16) && (ip != nil) == (n == 4 || n == 16), "address getters on \(n) bytes")
        try require((mac != nil) == (n == 6), "macAddress on \(n) bytes")
        if let v4 {
            try require(v4.bytes == bytes && IPv4Address(v4.description) == v4, "IPv4 round trip \(v4)")
        }
        if let v6 {
            try require(v6.bytes == bytes, "IPv6 bytes")
            try require(IPv6Address(v6.description) == v6, "IPv6 text round trip: \(v6)")
        }
        if let ip { try require(ip.bytes == bytes && IPAddress(ip.description) == ip, "IPAddress round trip: \(ip)") }
        if let mac { try require(mac.bytes == bytes && MACAddress(mac.description) == mac, "MAC round trip: \(mac)") }
    }

    /// A fixed-width getter succeeds exactly on its size, in each byte order, and the orders agree.
    /// (The size check comes before the byte order, so a wrong size is tried in host order only:
    /// each refusal builds an error, the dearest part of this check.)
    private static func checkInteger<T: FixedWidthInteger>(
        _: T.Type, _ size: Int, _ networkFlag: Bool, _ get: (NetlinkByteOrder) throws -> T
    ) throws {
        let host = try? get(.host)
        try require((host != nil) == (size == MemoryLayout<T>.size), "\(T.self) getter on \(size) bytes")
        guard let host else { return }
        guard let big = try? get(.bigEndian), let flagged = try? get(.fromAttributeFlag) else {
            throw Failure("\(T.self) getter in network order refused \(size) bytes")
        }
        try require(big == host.byteSwapped, "\(T.self) big-endian is not the host value swapped")
        try require(flagged == (networkFlag ? big : host), "\(T.self) fromAttributeFlag")
    }
}
