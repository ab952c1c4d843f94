// The wire structs of <linux/netlink.h> (and struct ucred): their sizes and field offsets as the C
// compiler and Swift's importer lay them out, and the bytes NetlinkCore reads and writes for them.

import CNetlinkShim
import NetlinkCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The in-memory bytes of a value (a C struct: host byte order, as on the wire).
func bytes<T>(of value: T) -> [UInt8] {
    withUnsafeBytes(of: value) { Array($0) }
}

/// The type an optional wraps.
func wrappedType<Wrapped>(_: Wrapped?.Type) -> Any.Type { Wrapped.self }

/// Whether two types are the same (a plain function, so `#expect` shows both).
func isSameType(_ a: Any.Type, _ b: Any.Type) -> Bool { a == b }

/// A size or an offset: what Swift's importer says, what the C compiler says, and the number
/// netlink(7) and NetlinkCore depend on.
struct LayoutCase: Sendable, CustomTestStringConvertible {
    var name: String
    var swift: Int?
    var c: UInt
    var expected: Int

    init(_ name: String, swift: Int?, c: UInt, _ expected: Int) {
        self.name = name
        self.swift = swift
        self.c = c
        self.expected = expected
    }

    var testDescription: String { name }
}

let layoutCases: [LayoutCase] = [
    // struct nlmsghdr
    LayoutCase("sizeof(struct nlmsghdr)", swift: MemoryLayout<nlmsghdr>.size, c: shim_sizeof_nlmsghdr(), 16),
    LayoutCase("nlmsghdr.nlmsg_len", swift: MemoryLayout.offset(of: \nlmsghdr.nlmsg_len), c: shim_offsetof_nlmsghdr_nlmsg_len(), 0),
    LayoutCase("nlmsghdr.nlmsg_type", swift: MemoryLayout.offset(of: \nlmsghdr.nlmsg_type), c: shim_offsetof_nlmsghdr_nlmsg_type(), 4),
    LayoutCase("nlmsghdr.nlmsg_flags", swift: MemoryLayout.offset(of: \nlmsghdr.nlmsg_flags), c: shim_offsetof_nlmsghdr_nlmsg_flags(), 6),
    LayoutCase("nlmsghdr.nlmsg_seq", swift: MemoryLayout.offset(of: \nlmsghdr.nlmsg_seq), c: shim_offsetof_nlmsghdr_nlmsg_seq(), 8),
    LayoutCase("nlmsghdr.nlmsg_pid", swift: MemoryLayout.offset(of: \nlmsghdr.nlmsg_pid), c: shim_offsetof_nlmsghdr_nlmsg_pid(), 12),
    // struct nlattr
    LayoutCase("sizeof(struct nlattr)", swift: MemoryLayout<nlattr>.size, c: shim_sizeof_nlattr(), 4),
    LayoutCase("nlattr.nla_len", swift: MemoryLayout.offset(of: \nlattr.nla_len), c: shim_offsetof_nlattr_nla_len(), 0),
    LayoutCase("nlattr.nla_type", swift: MemoryLayout.offset(of: \nlattr.nla_type), c: shim_offsetof_nlattr_nla_type(), 2),
    // struct nlmsgerr
    LayoutCase("sizeof(struct nlmsgerr)", swift: MemoryLayout<nlmsgerr>.size, c: shim_sizeof_nlmsgerr(), 20),
    LayoutCase("nlmsgerr.error", swift: MemoryLayout.offset(of: \nlmsgerr.error), c: shim_offsetof_nlmsgerr_error(), 0),
    LayoutCase("nlmsgerr.msg", swift: MemoryLayout.offset(of: \nlmsgerr.msg), c: shim_offsetof_nlmsgerr_msg(), 4),
    // struct sockaddr_nl
    LayoutCase("sizeof(struct sockaddr_nl)", swift: MemoryLayout<sockaddr_nl>.size, c: shim_sizeof_sockaddr_nl(), 12),
    LayoutCase("sockaddr_nl.nl_family", swift: MemoryLayout.offset(of: \sockaddr_nl.nl_family), c: shim_offsetof_sockaddr_nl_nl_family(), 0),
    LayoutCase("sockaddr_nl.nl_pad", swift: MemoryLayout.offset(of: \sockaddr_nl.nl_pad), c: shim_offsetof_sockaddr_nl_nl_pad(), 2),
    LayoutCase("sockaddr_nl.nl_pid", swift: MemoryLayout.offset(of: \sockaddr_nl.nl_pid), c: shim_offsetof_sockaddr_nl_nl_pid(), 4),
    LayoutCase("sockaddr_nl.nl_groups", swift: MemoryLayout.offset(of: \sockaddr_nl.nl_groups), c: shim_offsetof_sockaddr_nl_nl_groups(), 8),
    // struct nl_pktinfo
    LayoutCase("sizeof(struct nl_pktinfo)", swift: MemoryLayout<nl_pktinfo>.size, c: shim_sizeof_nl_pktinfo(), 4),
    LayoutCase("nl_pktinfo.group", swift: MemoryLayout.offset(of: \nl_pktinfo.group), c: shim_offsetof_nl_pktinfo_group(), 0),
    // struct ucred: glibc hides it from Swift (it needs _GNU_SOURCE), so only C's numbers.
    LayoutCase("sizeof(struct ucred)", swift: nil, c: shim_sizeof_ucred(), 12),
    LayoutCase("ucred.pid", swift: nil, c: shim_offsetof_ucred_pid(), 0),
    LayoutCase("ucred.uid", swift: nil, c: shim_offsetof_ucred_uid(), 4),
    LayoutCase("ucred.gid", swift: nil, c: shim_offsetof_ucred_gid(), 8),
]

/// Header field values, each field distinct from the others and from its neighbours' bytes.
let headerValues: [nlmsghdr] = [
    nlmsghdr(nlmsg_len: 0x0403_0201, nlmsg_type: 0x0605, nlmsg_flags: 0x0807, nlmsg_seq: 0x0C0B_0A09, nlmsg_pid: 0x100F_0E0D),
    nlmsghdr(nlmsg_len: 16, nlmsg_type: UInt16(NLMSG_ERROR), nlmsg_flags: UInt16(NLM_F_CAPPED | NLM_F_ACK_TLVS), nlmsg_seq: 1, nlmsg_pid: 0),
    nlmsghdr(nlmsg_len: 20, nlmsg_type: UInt16(NLMSG_MIN_TYPE), nlmsg_flags: UInt16(NLM_F_REQUEST | NLM_F_DUMP), nlmsg_seq: 0xDEAD_BEEF, nlmsg_pid: 0x7FFF_FFFF),
    nlmsghdr(nlmsg_len: UInt32.max, nlmsg_type: UInt16.max, nlmsg_flags: UInt16.max, nlmsg_seq: UInt32.max, nlmsg_pid: UInt32.max),
]

extension nlmsghdr: @retroactive CustomTestStringConvertible {
    public var testDescription: String {
        "len \(nlmsg_len) type \(nlmsg_type) flags 0x\(String(nlmsg_flags, radix: 16)) seq \(nlmsg_seq) pid \(nlmsg_pid)"
    }
}

/// `NetlinkMessageHeader` with the fields of a C header.
func swiftHeader(_ c: nlmsghdr) -> NetlinkMessageHeader {
    NetlinkMessageHeader(
        length: c.nlmsg_len, type: NetlinkMessageType(c.nlmsg_type),
        flags: NetlinkMessageFlags(rawValue: c.nlmsg_flags), sequence: c.nlmsg_seq, portID: c.nlmsg_pid)
}

@Suite("Wire struct sizes and offsets")
struct WireLayoutConformanceTests {
    /// Each size and offset is the same in C, in Swift's import of the struct, and the number
    /// NetlinkCore depends on.
    @Test(arguments: layoutCases)
    func layout(_ c: LayoutCase) {
        #expect(Int(c.c) == c.expected, "C")
        if let swift = c.swift {
            #expect(swift == c.expected, "Swift import")
        }
    }

    /// `NetlinkMessageHeader.size` is `sizeof(struct nlmsghdr)`, and each field has the width of
    /// the C field it mirrors.
    @Test func messageHeaderMirrorsNlmsghdr() {
        let c = nlmsghdr()
        let header = swiftHeader(c)
        #expect(NetlinkMessageHeader.size == Int(shim_sizeof_nlmsghdr()))
        #expect(isSameType(type(of: header.length), type(of: c.nlmsg_len)))
        #expect(isSameType(type(of: header.type.rawValue), type(of: c.nlmsg_type)))
        #expect(isSameType(type(of: header.flags.rawValue), type(of: c.nlmsg_flags)))
        #expect(isSameType(type(of: header.sequence), type(of: c.nlmsg_seq)))
        #expect(isSameType(type(of: header.portID), type(of: c.nlmsg_pid)))
    }

    /// `NetlinkErrorMessage.fixedSize` is `sizeof(struct nlmsgerr)`, and its error code has the
    /// width of `nlmsgerr.error`.
    @Test func errorMessageMirrorsNlmsgerr() {
        #expect(NetlinkErrorMessage.fixedSize == Int(shim_sizeof_nlmsgerr()))
        #expect(NetlinkErrorMessage.fixedSize == MemoryLayout<nlmsgerr>.size)
        let message = NetlinkErrorMessage(error: 0, requestHeader: NetlinkMessageHeader(length: 16, type: .noop))
        #expect(isSameType(type(of: message.error), type(of: nlmsgerr().error)))
    }

    /// `NetlinkAddress` holds `nl_pid` and `nl_groups` of `struct sockaddr_nl` at their C types.
    @Test func addressMirrorsSockaddrNl() {
        let c = sockaddr_nl()
        let address = NetlinkAddress(portID: 0)
        #expect(isSameType(type(of: address.portID), type(of: c.nl_pid)))
        #expect(isSameType(type(of: address.groups), type(of: c.nl_groups)))
    }

    /// The group of `NetlinkDatagramInfo` has the type of `nl_pktinfo.group`.
    @Test func datagramGroupMirrorsPktinfo() {
        let info = NetlinkDatagramInfo(length: 0)
        #expect(isSameType(wrappedType(type(of: info.group)), type(of: nl_pktinfo().group)))
    }

    /// `NetlinkCredentials` holds the fields of `struct ucred` at their C types (`pid_t`, `uid_t`, `gid_t`).
    @Test func credentialsMirrorUcred() {
        let credentials = NetlinkCredentials(pid: 0, uid: 0, gid: 0)
        #expect(isSameType(type(of: credentials.pid), pid_t.self))
        #expect(isSameType(type(of: credentials.uid), uid_t.self))
        #expect(isSameType(type(of: credentials.gid), gid_t.self))
        #expect(Int(shim_sizeof_ucred()) == MemoryLayout<pid_t>.size + MemoryLayout<uid_t>.size + MemoryLayout<gid_t>.size)
    }
}

@Suite("struct nlmsghdr bytes vs NetlinkMessageHeader")
struct MessageHeaderBytesConformanceTests {
    /// Decoding the bytes of a C `nlmsghdr` gives back each of its fields.
    @Test(arguments: headerValues)
    func decode(_ c: nlmsghdr) throws {
        let raw = bytes(of: c)
        let header = try NetlinkMessageHeader(decoding: raw.span.bytes)
        #expect(header.length == c.nlmsg_len)
        #expect(header.type.rawValue == c.nlmsg_type)
        #expect(header.flags.rawValue == c.nlmsg_flags)
        #expect(header.sequence == c.nlmsg_seq)
        #expect(header.portID == c.nlmsg_pid)
    }

    /// Encoding a header gives the bytes of the C `nlmsghdr` with the same fields.
    @Test(arguments: headerValues)
    func encode(_ c: nlmsghdr) {
        #expect(swiftHeader(c).bytes == bytes(of: c))
    }

    /// A message view reads each header field where the C struct puts it.
    @Test(arguments: headerValues.filter { $0.nlmsg_len >= 16 && $0.nlmsg_len <= 64 })
    func messageView(_ c: nlmsghdr) throws {
        let raw = bytes(of: c) + [UInt8](repeating: 0xAA, count: Int(c.nlmsg_len) - MemoryLayout<nlmsghdr>.size)
        let message = try NetlinkMessage(raw.span.bytes)
        #expect(message.length == Int(c.nlmsg_len))
        #expect(message.type.rawValue == c.nlmsg_type)
        #expect(message.flags.rawValue == c.nlmsg_flags)
        #expect(message.sequence == c.nlmsg_seq)
        #expect(message.portID == c.nlmsg_pid)
        #expect(message.payload.byteCount == Int(c.nlmsg_len) - Int(shim_NLMSG_HDRLEN()))
    }

    /// The builder writes a message header equal to the C `nlmsghdr`, with `nlmsg_len` =
    /// `NLMSG_LENGTH(payload)` and the next message at `NLMSG_SPACE(payload)`.
    @Test(arguments: [0, 1, 3, 4, 5, 20])
    func builder(_ payloadLength: Int) throws {
        var builder = NetlinkMessageBuilder()
        try builder.message(
            type: NetlinkMessageType(0x1234), flags: [.request, .acknowledge], sequence: 0x0A0B_0C0D, portID: 0x0102_0304
        ) { b in
            b.append(bytes: [UInt8](repeating: 0x55, count: payloadLength))
        }
        let c = nlmsghdr(
            nlmsg_len: UInt32(shim_NLMSG_LENGTH(Int32(payloadLength))), nlmsg_type: 0x1234,
            nlmsg_flags: UInt16(NLM_F_REQUEST | NLM_F_ACK), nlmsg_seq: 0x0A0B_0C0D, nlmsg_pid: 0x0102_0304)
        #expect(Array(builder.bytes.prefix(MemoryLayout<nlmsghdr>.size)) == bytes(of: c))
        #expect(builder.count == Int(shim_NLMSG_SPACE(Int32(payloadLength))))
    }
}

@Suite("struct nlattr bytes vs NetlinkAttribute")
struct AttributeBytesConformanceTests {
    /// Reading a C `nlattr` (with each combination of flag bits) gives its length, its type with
    /// the bits of `NLA_TYPE_MASK` only, and the flags of `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER`.
    @Test(arguments: [Int32(0), NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_F_NESTED | NLA_F_NET_BYTEORDER])
    func decode(_ flagBits: Int32) throws {
        let typeBits: Int32 = 0x2A5B
        let rawType = UInt16(truncatingIfNeeded: typeBits | flagBits)
        let c = nlattr(nla_len: UInt16(shim_NLA_HDRLEN() + 4), nla_type: rawType)
        let raw = bytes(of: c) + [0x11, 0x22, 0x33, 0x44]
        var attributes = NetlinkAttributes(raw.span.bytes)
        guard let attribute = try attributes.next() else {
            Issue.record("no attribute decoded")
            return
        }
        let (type, read, nested, networkOrder, length, payloadSize) = (
            attribute.type, attribute.rawType, attribute.isNested, attribute.isNetworkByteOrder,
            attribute.length, attribute.payload.byteCount
        )
        #expect(Int32(type) == Int32(rawType) & shim_NLA_TYPE_MASK())
        #expect(read == c.nla_type)
        #expect(nested == (Int32(rawType) & NLA_F_NESTED != 0))
        #expect(networkOrder == (Int32(rawType) & NLA_F_NET_BYTEORDER != 0))
        #expect(length == Int(c.nla_len))
        #expect(payloadSize == Int(c.nla_len) - Int(shim_NLA_HDRLEN()))
    }

    /// The builder writes an attribute as a C `nlattr` followed by its payload, with
    /// `NLA_F_NET_BYTEORDER` on a big-endian-flagged integer and `NLA_F_NESTED` on a nest.
    @Test func encode() throws {
        var builder = NetlinkMessageBuilder()
        try builder.appendAttribute(7, uint32: 0x0102_0304, .host)
        try builder.appendAttribute(8, uint32: 0x0102_0304, .fromAttributeFlag)
        try builder.appendNested(9) { b in try b.appendAttribute(1, uint8: 0xEE) }

        let header = Int(shim_NLA_HDRLEN())
        var expected: [UInt8] = []
        expected += bytes(of: nlattr(nla_len: UInt16(header + 4), nla_type: 7))
        expected += bytes(of: UInt32(0x0102_0304))
        expected += bytes(of: nlattr(nla_len: UInt16(header + 4), nla_type: UInt16(8 | NLA_F_NET_BYTEORDER)))
        expected += bytes(of: UInt32(0x0102_0304).bigEndian)
        let inner = bytes(of: nlattr(nla_len: UInt16(header + 1), nla_type: 1)) + [0xEE]
        let innerSpace = Int(shim_NLA_ALIGN(Int32(inner.count)))
        expected += bytes(of: nlattr(nla_len: UInt16(header + innerSpace), nla_type: UInt16(9 | NLA_F_NESTED)))
        expected += inner + [UInt8](repeating: 0, count: innerSpace - inner.count)
        #expect(builder.bytes == expected)
    }
}

@Suite("struct nlmsgerr bytes vs NetlinkErrorMessage")
struct ErrorMessageBytesConformanceTests {
    /// The request whose header the error echoes.
    static let request = nlmsghdr(
        nlmsg_len: 0x0000_0024, nlmsg_type: 0x0010, nlmsg_flags: UInt16(NLM_F_REQUEST | NLM_F_ACK),
        nlmsg_seq: 0x1122_3344, nlmsg_pid: 0x5566_7788)

    /// Decoding a capped `NLMSG_ERROR` whose payload is a C `nlmsgerr` gives its error code and
    /// each field of the echoed request header.
    @Test(arguments: [Int32(0), -22, -1, Int32.min])
    func decode(_ error: Int32) throws {
        let c = nlmsgerr(error: error, msg: Self.request)
        let outer = nlmsghdr(
            nlmsg_len: UInt32(shim_NLMSG_LENGTH(Int32(MemoryLayout<nlmsgerr>.size))), nlmsg_type: UInt16(NLMSG_ERROR),
            nlmsg_flags: UInt16(NLM_F_CAPPED), nlmsg_seq: Self.request.nlmsg_seq, nlmsg_pid: Self.request.nlmsg_pid)
        let raw = bytes(of: outer) + bytes(of: c)
        let decoded = try NetlinkErrorMessage(decoding: NetlinkMessage(raw.span.bytes))
        #expect(decoded.error == c.error)
        #expect(decoded.requestHeader == swiftHeader(c.msg))
        #expect(decoded.isCapped)
        #expect(decoded.requestPayload.isEmpty)
        #expect(decoded.extendedAck == nil)
    }

    /// Encoding a capped error message gives a C `nlmsghdr` of type `NLMSG_ERROR` with
    /// `NLM_F_CAPPED`, followed by the C `nlmsgerr`.
    @Test(arguments: [Int32(0), -22, -1, Int32.min])
    func encode(_ error: Int32) throws {
        var builder = NetlinkMessageBuilder()
        try NetlinkErrorMessage(error: error, requestHeader: swiftHeader(Self.request), isCapped: true)
            .encode(into: &builder)
        let outer = nlmsghdr(
            nlmsg_len: UInt32(shim_NLMSG_LENGTH(Int32(MemoryLayout<nlmsgerr>.size))), nlmsg_type: UInt16(NLMSG_ERROR),
            nlmsg_flags: UInt16(NLM_F_CAPPED), nlmsg_seq: Self.request.nlmsg_seq, nlmsg_pid: Self.request.nlmsg_pid)
        #expect(builder.bytes == bytes(of: outer) + bytes(of: nlmsgerr(error: error, msg: Self.request)))
    }
}
