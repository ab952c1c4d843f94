import NetlinkCore

/// A request for netlink sockets (`struct netlink_diag_req`, 20 bytes) and the attributes of the
/// answer (`<linux/netlink_diag.h>`).
///
/// ```text
///  0 sdiag_family u8 (AF_NETLINK)  1 sdiag_protocol u8 (NDIAG_PROTO_ALL 255)  2 pad u16
///  4 ndiag_ino u32  8 ndiag_show u32  12 ndiag_cookie[2] u32
/// ```
public struct NetlinkDiagRequest: Hashable, Sendable {
    /// `sizeof(struct netlink_diag_req)`.
    public static let size = 20
    /// `NDIAG_PROTO_ALL`: every netlink family.
    public static let allProtocols: UInt8 = 255

    /// What to show (`NDIAG_SHOW_*`).
    public struct Show: OptionSet, Hashable, Sendable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// `NDIAG_SHOW_MEMINFO`.
        public static let memoryInfo = Show(rawValue: 0x1)
        /// `NDIAG_SHOW_GROUPS`.
        public static let groups = Show(rawValue: 0x2)
        /// `NDIAG_SHOW_FLAGS`.
        public static let flags = Show(rawValue: 0x8)
    }

    /// `sdiag_protocol`: a netlink family, or ``allProtocols``.
    public var `protocol`: UInt8
    /// `ndiag_show`.
    public var show: Show

    /// Creates a request for every netlink socket, showing memory, groups and flags.
    public init(protocol: UInt8 = allProtocols, show: Show = [.memoryInfo, .groups, .flags]) {
        self.protocol = `protocol`
        self.show = show
    }

    /// Writes the 20 bytes (no inode; any cookie: a dump).
    public func encode(into b: inout NetlinkMessageBuilder) {
        b.append(AddressFamily.netlink.rawValue)
        b.append(`protocol`)
        b.append(UInt16(0))
        b.append(UInt32(0))
        b.append(show.rawValue)
        b.append(UInt32.max)
        b.append(UInt32.max)
    }
}

/// A netlink socket as sock_diag reports it (`struct netlink_diag_msg`, 28 bytes, then attributes).
///
/// ```text
///  0 family u8  1 type u8  2 protocol u8  3 state u8  4 portid u32  8 dst_portid u32
/// 12 dst_group u32  16 ino u32  20 cookie[2] u32
/// ```
public struct NetlinkSocketDiag: Hashable, Sendable {
    /// `sizeof(struct netlink_diag_msg)`.
    public static let size = 28
    /// `NETLINK_DIAG_MEMINFO` (0), `_GROUPS` (1), `_RX_RING` (2), `_TX_RING` (3), `_FLAGS` (4).
    public enum Attribute {
        public static let memoryInfo: UInt16 = 0
        public static let groups: UInt16 = 1
        public static let flags: UInt16 = 4
    }

    /// `ndiag_type`: `SOCK_RAW` 3, `SOCK_DGRAM` 2.
    public var type: UInt8
    /// `ndiag_protocol`: the netlink family.
    public var `protocol`: UInt8
    /// `ndiag_state`: 0 unconnected, 1 connected.
    public var state: UInt8
    /// `ndiag_portid`.
    public var portID: UInt32
    /// `ndiag_dst_portid`.
    public var destinationPortID: UInt32
    /// `ndiag_dst_group`.
    public var destinationGroup: UInt32
    /// `ndiag_ino`.
    public var inode: UInt32
    /// `ndiag_cookie`.
    public var cookie: UInt64
    /// `NETLINK_DIAG_GROUPS`: the joined groups, a bitmap of u32 words (group `g` is bit `g - 1`).
    public var groups: [UInt32]?
    /// `NETLINK_DIAG_FLAGS` (`NDIAG_FLAG_*`).
    public var flags: UInt32?
    /// `NETLINK_DIAG_MEMINFO`.
    public var memory: [UInt32]?
    /// Every other attribute, kept.
    public var otherAttributes: [UInt16: [UInt8]] = [:]

    /// The groups joined, by number.
    public var joinedGroups: [UInt32] {
        guard let groups else { return [] }
        return groups.enumerated().flatMap { word, bits in (0..<32).compactMap { bits & (1 << UInt32($0)) != 0 ? UInt32(word * 32 + $0 + 1) : nil } }
    }

    /// Decodes a reply (the first of a repeated attribute counts).
    /// - Throws: `NetlinkDecodingError` for a header shorter than 32 bytes or a malformed attribute.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(.truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: Self.size,
                                       actual: payload.byteCount, context: "struct netlink_diag_msg")
        }
        type = payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self)
        `protocol` = payload.unsafeLoad(fromByteOffset: 2, as: UInt8.self)
        state = payload.unsafeLoad(fromByteOffset: 3, as: UInt8.self)
        portID = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)
        destinationPortID = payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self)
        destinationGroup = payload.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self)
        inode = payload.unsafeLoadUnaligned(fromByteOffset: 16, as: UInt32.self)
        cookie = UInt64(payload.unsafeLoadUnaligned(fromByteOffset: 20, as: UInt32.self))
            | UInt64(payload.unsafeLoadUnaligned(fromByteOffset: 24, as: UInt32.self)) << 32
        var seen = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: Self.size)
        while let a = try attributes.next() {
            guard seen.insert(a.type).inserted else { continue }
            switch a.type {
            case Attribute.groups: groups = SockDiagWords.of(a)
            case Attribute.flags: flags = try a.uint32(.host)
            case Attribute.memoryInfo: memory = SockDiagWords.of(a)
            default: otherAttributes[a.type] = a.bytes()
            }
        }
    }
}

/// An attribute's payload as u32 words (a trailing part word dropped).
enum SockDiagWords {
    static func of(_ attribute: borrowing NetlinkAttribute) -> [UInt32] {
        attribute.payload.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self) } }
    }
}
