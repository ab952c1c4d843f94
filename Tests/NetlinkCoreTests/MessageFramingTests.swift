import NetlinkCore
import Testing

/// Decoded summary of a message, to compare outside the lifetime of a view.
struct Summary: Equatable {
    var length: Int, type: UInt16, flags: UInt16, seq: UInt32, pid: UInt32, payload: [UInt8], offset: Int
}

func split(_ datagram: [UInt8]) throws(NetlinkDecodingError) -> [Summary] {
    var out: [Summary] = []
    var messages = NetlinkMessages(datagram.span.bytes)
    while let m = try messages.next() {
        out.append(Summary(
            length: m.length, type: m.type.rawValue, flags: m.flags.rawValue, seq: m.sequence, pid: m.portID,
            payload: m.payload.withUnsafeBytes { Array($0) }, offset: m.offset))
    }
    return out
}

func splitError(_ datagram: [UInt8]) -> NetlinkDecodingError? {
    do {
        _ = try split(datagram)
        return nil
    } catch {
        return error
    }
}

@Suite("Message framing")
struct MessageFramingTests {
    /// A header laid out field by field decodes to each field in host byte order.
    @Test func headerGoldenBytes() throws {
        let bytes =
            u32(20)  // nlmsg_len: 16 + 4
            + u16(0x0012)  // nlmsg_type: RTM_GETLINK (18)
            + u16(0x0301)  // nlmsg_flags: REQUEST | ROOT | MATCH
            + u32(0xDEAD_BEEF)  // nlmsg_seq
            + u32(0x8000_0001)  // nlmsg_pid: a large port ID
            + [1, 2, 3, 4]  // payload
        let header = try NetlinkMessageHeader(decoding: bytes.span.bytes)
        #expect(header.length == 20)
        #expect(header.type == NetlinkMessageType(18))
        #expect(header.flags == [.request, .dump])
        #expect(header.sequence == 0xDEAD_BEEF)
        #expect(header.portID == 0x8000_0001)
        #expect(header.bytes == Array(bytes[0..<16]))
    }

    /// The NLMSG_* macros as Swift: HDRLEN, LENGTH, SPACE, ALIGN, PAYLOAD.
    @Test func macroEquivalents() {
        #expect(NetlinkMessageHeader.size == 16)
        #expect(NetlinkMessageHeader.length(payload: 5) == 21)
        #expect(NetlinkMessageHeader.space(payload: 5) == 24)
        #expect(NetlinkAlignment.align(0) == 0)
        #expect(NetlinkAlignment.align(1) == 4)
        #expect(NetlinkAlignment.align(4) == 4)
        #expect(NetlinkAlignment.align(13) == 16)
        let header = NetlinkMessageHeader(length: 48, type: NetlinkMessageType(16))
        #expect(header.payloadLength(after: 16) == 16)  // 48 - NLMSG_SPACE(16)
        #expect(header.payloadLength(after: 40) == nil)  // would be negative
    }

    /// Several messages in one datagram, each padded to four bytes, come out in order with offsets.
    @Test func severalMessagesPerDatagram() throws {
        let first = nlmsg(type: 16, flags: 2, seq: 7, pid: 99, [0xAA, 0xBB, 0xCC])  // 19 bytes, padded to 20
        let second = nlmsg(type: 3, flags: 2, seq: 7, pid: 99, s32(0))  // NLMSG_DONE
        let datagram = pad(first) + second
        let messages = try split(datagram)
        #expect(messages.count == 2)
        #expect(messages[0] == Summary(length: 19, type: 16, flags: 2, seq: 7, pid: 99, payload: [0xAA, 0xBB, 0xCC], offset: 0))
        #expect(messages[1].type == 3)
        #expect(messages[1].offset == 20)
        #expect(messages[1].payload == s32(0))
    }

    /// A final message whose length is not a multiple of four, with no padding after it, still parses.
    @Test func unalignedFinalMessage() throws {
        let datagram = pad(nlmsg(type: 16, flags: 0, seq: 1, pid: 0, [1])) + nlmsg(type: 17, flags: 0, seq: 2, pid: 0, [1, 2, 3, 4, 5])
        #expect(datagram.count == 20 + 21)
        let messages = try split(datagram)
        #expect(messages.map(\.type) == [16, 17])
        #expect(messages[1].payload == [1, 2, 3, 4, 5])
    }

    /// An empty datagram holds no messages.
    @Test func emptyDatagram() throws {
        #expect(try split([]).isEmpty)
    }

    /// After an error the cursor is finished: a loop over a malformed datagram always ends.
    @Test func cursorEndsAfterError() {
        let datagram = nlmsg(type: 16, flags: 0, seq: 1, pid: 0, []) + u32(0xFFFF_FFFF) + [UInt8](repeating: 0, count: 12)
        var messages = NetlinkMessages(datagram.span.bytes)
        var seen = 0
        var errors = 0
        for _ in 0..<10 {
            do {
                guard try messages.next() != nil else { break }
                seen += 1
            } catch {
                errors += 1
            }
        }
        #expect(seen == 1)
        #expect(errors == 1)
        let atEnd = messages.isAtEnd
        #expect(atEnd)
    }

    /// A view over a single message checks its own header.
    @Test func singleMessageView() throws {
        let bytes = nlmsg(type: 24, flags: 0x22, seq: 3, pid: 0, [9, 9, 9, 9]) + [0xFF, 0xFF]  // trailing bytes ignored
        let message = try NetlinkMessage(bytes.span.bytes)
        let (length, type, flags, copy) = (message.length, message.type.rawValue, message.flags, message.copyBytes())
        #expect(length == 20)
        #expect(type == 24)
        #expect(flags == [.multipart, .dumpFiltered])
        #expect(copy == Array(bytes[0..<20]))
    }

    /// The builder writes a header with nlmsg_len back-patched, unpadded, and pads the datagram.
    @Test func builderWritesMessages() throws {
        var b = NetlinkMessageBuilder()
        try b.message(type: NetlinkMessageType(18), flags: [.request, .dump], sequence: 5, portID: 0) { b in
            b.append(bytes: [17, 0, 0])  // 3-byte fixed header (padded to 4)
        }
        try b.message(type: .noop, flags: [.request], sequence: 6) { _ in }
        let expected =
            u32(19) + u16(18) + u16(0x301) + u32(5) + u32(0) + [17, 0, 0] + [0]  // first: len 19 + pad
            + u32(16) + u16(1) + u16(1) + u32(6) + u32(0)  // second: header only
        #expect(b.bytes == expected)
        #expect(try split(b.bytes).map(\.length) == [19, 16])  // nlmsg_len is unpadded (NLMSG_LENGTH(3))
    }

    /// beginMessage twice, or endMessage with nothing open, is an error, not a corrupt datagram.
    @Test func unbalancedMessages() throws {
        var b = NetlinkMessageBuilder()
        try b.beginMessage(type: .noop, flags: [])
        #expect(throws: NetlinkEncodingError.self) { try b.beginMessage(type: .noop, flags: []) }
        try b.endMessage()
        #expect(throws: NetlinkEncodingError.self) { try b.endMessage() }
    }

    /// A message whose body throws is removed whole.
    @Test func messageRollback() throws {
        struct Boom: Error {}
        var b = NetlinkMessageBuilder()
        try b.message(type: .noop, flags: []) { _ in }
        let before = b.bytes
        #expect(throws: Boom.self) {
            try b.message(type: NetlinkMessageType(16), flags: []) { b in
                try b.appendAttribute(3, string: "x")
                throw Boom()
            }
        }
        #expect(b.bytes == before)
        #expect(!b.hasOpenMessage)
    }
}
