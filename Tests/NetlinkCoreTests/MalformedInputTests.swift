import NetlinkCore
import Testing

/// Every malformed input RELIABILITY.md lists, each with its exact typed error.
@Suite("Malformed input")
struct MalformedInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var code: NetlinkDecodingError.Code
        var offset: Int
        var testDescription: String { name }
    }

    static let messageCases: [Case] = [
        Case(name: "nlmsg_len 0", bytes: nlmsg(len: 0, type: 16, flags: 0, seq: 0, pid: 0, []), code: .messageLengthTooSmall, offset: 0),
        Case(name: "nlmsg_len 15", bytes: nlmsg(len: 15, type: 16, flags: 0, seq: 0, pid: 0, []), code: .messageLengthTooSmall, offset: 0),
        Case(name: "nlmsg_len past the datagram", bytes: nlmsg(len: 40, type: 16, flags: 0, seq: 0, pid: 0, [1, 2, 3, 4]), code: .messageLengthExceedsData, offset: 0),
        Case(name: "nlmsg_len 0xFFFFFFFF", bytes: nlmsg(len: 0xFFFF_FFFF, type: 16, flags: 0, seq: 0, pid: 0, []), code: .messageLengthExceedsData, offset: 0),
        Case(name: "4-byte datagram where a header is expected", bytes: [20, 0, 0, 0], code: .truncatedMessageHeader, offset: 0),
        Case(name: "garbage after a good message", bytes: nlmsg(type: 16, flags: 0, seq: 0, pid: 0, []) + [1, 2, 3, 4, 5], code: .truncatedMessageHeader, offset: 16),
        Case(name: "second message too long", bytes: nlmsg(type: 16, flags: 0, seq: 0, pid: 0, []) + nlmsg(len: 100, type: 3, flags: 0, seq: 0, pid: 0, s32(0)), code: .messageLengthExceedsData, offset: 16),
    ]

    /// nlmsg_len < 16, past the datagram, 0xFFFFFFFF, a 4-byte payload where a header is expected: each a typed error.
    @Test(arguments: messageCases)
    func malformedMessages(_ c: Case) {
        let error = splitError(c.bytes)
        #expect(error?.code == c.code)
        #expect(error?.offset == c.offset)
    }

    static let attributeCases: [Case] = [
        Case(name: "nla_len 0", bytes: u16(0) + u16(1) + u32(0), code: .attributeLengthTooSmall, offset: 0),
        Case(name: "nla_len 1", bytes: u16(1) + u16(1) + u32(0), code: .attributeLengthTooSmall, offset: 0),
        Case(name: "nla_len 2", bytes: u16(2) + u16(1) + u32(0), code: .attributeLengthTooSmall, offset: 0),
        Case(name: "nla_len 3", bytes: u16(3) + u16(1) + u32(0), code: .attributeLengthTooSmall, offset: 0),
        Case(name: "nla_len past the end", bytes: u16(12) + u16(1) + u32(0), code: .attributeLengthExceedsData, offset: 0),
        Case(name: "3 stray bytes", bytes: nla(1, u32(5)) + [1, 2, 3], code: .truncatedAttributeHeader, offset: 8),
        Case(name: "nested nla_len past the nest", bytes: u16(12) + u16(0x8000 | 1) + u16(20) + u16(2) + u32(0), code: .attributeLengthExceedsData, offset: 4),
    ]

    /// nla_len 0–3 and past the end: each a typed error at the right offset.
    @Test(arguments: attributeCases)
    func malformedAttributes(_ c: Case) {
        let error = attributesError(c.bytes)
        #expect(error?.code == c.code)
        #expect(error?.offset == c.offset)
    }

    /// A truncated NLMSG_ERROR (payload shorter than struct nlmsgerr) is a typed error.
    @Test(arguments: [0, 4, 19])
    func truncatedError(payloadSize: Int) throws {
        let bytes = nlmsg(type: 2, flags: 0, seq: 1, pid: 0, [UInt8](repeating: 0, count: payloadSize))
        let message = try NetlinkMessage(bytes.span.bytes)
        let error = #expect(throws: NetlinkDecodingError.self) { _ = try NetlinkErrorMessage(decoding: message) }
        #expect(error?.code == .truncatedStructure)
        #expect(error?.expected == 20)
        #expect(error?.actual == payloadSize)
    }

    /// An error whose echoed request claims more payload than the message holds is a typed error.
    @Test func echoPastTheEnd() throws {
        let payload = s32(-22) + nlmsg(len: 100, type: 16, flags: 5, seq: 1, pid: 7, []) + [1, 2, 3, 4]
        let bytes = nlmsg(type: 2, flags: 0, seq: 1, pid: 7, payload)
        let message = try NetlinkMessage(bytes.span.bytes)
        let error = #expect(throws: NetlinkDecodingError.self) { _ = try NetlinkErrorMessage(decoding: message) }
        #expect(error?.code == .truncatedStructure)
    }

    /// A DONE with 1–3 payload bytes is a typed error; with none it reads as success.
    @Test func truncatedDone() throws {
        let short = nlmsg(type: 3, flags: 2, seq: 1, pid: 0, [0xEA, 0xFF])
        let message = try NetlinkMessage(short.span.bytes)
        #expect(throws: NetlinkDecodingError.self) { _ = try NetlinkDoneMessage(decoding: message) }
        let empty = nlmsg(type: 3, flags: 2, seq: 1, pid: 0, [])
        let done = try NetlinkDoneMessage(decoding: NetlinkMessage(empty.span.bytes))
        #expect(done.error == 0)
    }

    /// A malformed extended-ack TLV is reported, not ignored.
    @Test func malformedExtendedAck() throws {
        let tlvs = u16(6) + u16(2) + [1, 2]  // NLMSGERR_ATTR_OFFS with 2 bytes instead of 4
        let payload = s32(-22) + nlmsg(type: 16, flags: 5, seq: 1, pid: 7, []) + tlvs
        let bytes = nlmsg(type: 2, flags: 0x300, seq: 1, pid: 7, payload)
        let message = try NetlinkMessage(bytes.span.bytes)
        let error = #expect(throws: NetlinkDecodingError.self) { _ = try NetlinkErrorMessage(decoding: message) }
        #expect(error?.code == .attributeSizeMismatch)
        #expect(error?.attributeType == 2)
    }

    /// Decoding an ERROR decoder on a DONE (and the reverse) is a typed error.
    @Test func wrongType() throws {
        let bytes = nlmsg(type: 3, flags: 2, seq: 1, pid: 0, s32(0))
        let message = try NetlinkMessage(bytes.span.bytes)
        #expect(throws: NetlinkDecodingError.self) { _ = try NetlinkErrorMessage(decoding: message) }
        let bytes2 = nlmsg(type: 2, flags: 0x100, seq: 1, pid: 0, s32(0) + nlmsg(type: 16, flags: 0, seq: 1, pid: 0, []))
        #expect(throws: NetlinkDecodingError.self) { _ = try NetlinkDoneMessage(decoding: NetlinkMessage(bytes2.span.bytes)) }
    }

    /// rtnh_len == 0 style loops: an attribute of length 0 never makes a reader spin.
    @Test func zeroLengthNeverLoops() {
        let bytes = [UInt8](repeating: 0, count: 64)
        var it = NetlinkAttributes(bytes.span.bytes)
        var calls = 0
        while calls < 100 {
            calls += 1
            do {
                guard try it.next() != nil else { break }
            } catch {
                continue
            }
        }
        #expect(calls <= 3)
    }
}
