import NetlinkCore

/// A request for packet sockets (`struct packet_diag_req`, 20 bytes) and the answer's attributes
/// (`<linux/packet_diag.h>`). As non-root, the kernel lists one's own packet sockets only.
public struct PacketDiagRequest: Hashable, Sendable {
    /// `sizeof(struct packet_diag_req)`.
    public static let size = 20

    /// What to show (`PACKET_SHOW_*`).
    public struct Show: OptionSet, Hashable, Sendable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let info = Show(rawValue: 0x1)
        public static let multicastList = Show(rawValue: 0x2)
        public static let rings = Show(rawValue: 0x4)
        public static let fanout = Show(rawValue: 0x8)
        public static let memoryInfo = Show(rawValue: 0x10)
        public static let filter = Show(rawValue: 0x20)
    }

    /// `pdiag_show`.
    public var show: Show

    /// Creates a request for every packet socket.
    public init(show: Show = [.info, .multicastList, .fanout, .memoryInfo]) { self.show = show }

    /// Writes the 20 bytes.
    public func encode(into b: inout NetlinkMessageBuilder) {
        b.append(AddressFamily.packet.rawValue)
        b.append(UInt8(0))
        b.append(UInt16(0))
        b.append(UInt32(0))
        b.append(show.rawValue)
        b.append(UInt32.max)
        b.append(UInt32.max)
    }
}

/// A packet socket as sock_diag reports it (`struct packet_diag_msg`, 16 bytes, then attributes).
///
/// ```text
///  0 family u8  1 type u8  2 num u16 (the protocol, network order)  4 ino u32  8 cookie[2] u32
/// ```
public struct PacketSocket: Hashable, Sendable {
    /// `sizeof(struct packet_diag_msg)`.
    public static let size = 16
    /// `PACKET_DIAG_INFO` (0) … `PACKET_DIAG_FILTER` (7).
    public enum Attribute {
        public static let info: UInt16 = 0
        public static let multicastList: UInt16 = 1
        public static let fanout: UInt16 = 4
        public static let uid: UInt16 = 5
        public static let memoryInfo: UInt16 = 6
        public static let filter: UInt16 = 7
    }

    /// `pdiag_type`: `SOCK_RAW` 3, `SOCK_DGRAM` 2.
    public var type: UInt8
    /// `pdiag_num`: the Ethernet protocol it receives (`ETH_P_ALL` 3), in host order.
    public var protocolNumber: UInt16
    /// `pdiag_ino`.
    public var inode: UInt32
    /// `pdiag_cookie`.
    public var cookie: UInt64
    /// `PACKET_DIAG_INFO`: the bound interface index (`pdi_index`), the first word of `struct packet_diag_info`.
    public var interfaceIndex: UInt32?
    /// `PACKET_DIAG_UID`.
    public var uid: UInt32?
    /// `PACKET_DIAG_INFO` beyond the interface (`struct packet_diag_info`).
    public var info: Info?

    /// `struct packet_diag_info` after `pdi_index`.
    public struct Info: Hashable, Sendable {
        /// `pdi_version`: the `TPACKET_V*` ring version.
        public var version: UInt32
        /// `pdi_reserve`.
        public var reserve: UInt32
        /// `pdi_copy_thresh`.
        public var copyThreshold: UInt32
        /// `pdi_tstamp`.
        public var timestamp: UInt32
        /// `pdi_flags`: `PDI_RUNNING` 1, `PDI_AUXDATA` 2, `PDI_ORIGDEV` 4, `PDI_VNETHDR` 8, `PDI_LOSS` 16.
        public var flags: UInt32
    }
    /// `PACKET_DIAG_FANOUT`.
    public var fanout: UInt32?
    /// `PACKET_DIAG_MEMINFO`.
    public var memory: [UInt32]?
    /// Every other attribute (the multicast list, rings, the filter program…), kept.
    public var otherAttributes: [UInt16: [UInt8]] = [:]

    /// Decodes a reply (the first of a repeated attribute counts).
    /// - Throws: `NetlinkDecodingError` for a header shorter than 16 bytes or a malformed attribute.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(.truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: Self.size,
                                       actual: payload.byteCount, context: "struct packet_diag_msg")
        }
        type = payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self)
        protocolNumber = payload.unsafeLoadUnaligned(fromByteOffset: 2, as: UInt16.self)   // ntohs(po->num): host order
        inode = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)
        cookie = UInt64(payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self))
            | UInt64(payload.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self)) << 32
        var seen = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: Self.size)
        while let a = try attributes.next() {
            guard seen.insert(a.type).inserted else { continue }
            switch a.type {
            case Attribute.info:
                guard a.payload.byteCount >= 4 else {
                    throw NetlinkDecodingError(.truncatedStructure, offset: a.offset, attributeType: a.type, expected: 24, actual: a.payload.byteCount,
                                               context: "struct packet_diag_info")
                }
                interfaceIndex = a.payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self)
                if a.payload.byteCount >= 24 {
                    let p = a.payload
                    info = Info(version: p.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self), reserve: p.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self),
                                copyThreshold: p.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self),
                                timestamp: p.unsafeLoadUnaligned(fromByteOffset: 16, as: UInt32.self), flags: p.unsafeLoadUnaligned(fromByteOffset: 20, as: UInt32.self))
                }
            case Attribute.uid: uid = try a.uint32(.host)
            case Attribute.fanout: fanout = try a.uint32(.host)
            case Attribute.memoryInfo: memory = SockDiagWords.of(a)
            default: otherAttributes[a.type] = a.bytes()
            }
        }
    }
}
