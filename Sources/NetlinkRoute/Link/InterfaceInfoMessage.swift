import NetlinkCore

/// The fixed header of link messages, `struct ifinfomsg` (16 bytes, host byte order).
///
/// ```text
/// +--------+--------+----------------+
/// | family | pad    | type (u16)     |   ifi_family, __ifi_pad, ifi_type (ARPHRD_*)
/// +--------+--------+----------------+
/// |          index (s32)             |   ifi_index
/// +----------------------------------+
/// |          flags (u32)             |   ifi_flags (IFF_*)
/// +----------------------------------+
/// |          change (u32)            |   ifi_change: which flags to change
/// +----------------------------------+
/// ```
public struct InterfaceInfoMessage: Hashable, Sendable {
    /// The size on the wire: 16.
    public static let size = 16

    /// `ifi_family`: `AF_UNSPEC` (0) for links, `AF_BRIDGE` (7) for bridge ports.
    public var family: AddressFamily
    /// `ifi_type`: the hardware type (`ARPHRD_ETHER` is 1, `ARPHRD_LOOPBACK` 772).
    public var type: UInt16
    /// `ifi_index`: the interface index (0: not given).
    public var index: Int32
    /// `ifi_flags`: `IFF_UP`, `IFF_LOOPBACK`, ...
    public var flags: UInt32
    /// `ifi_change`: the flags a SETLINK changes.
    public var change: UInt32

    /// Creates a header.
    public init(family: AddressFamily = 0, type: UInt16 = 0, index: Int32 = 0, flags: UInt32 = 0, change: UInt32 = 0) {
        self.family = family
        self.type = type
        self.index = index
        self.flags = flags
        self.change = change
    }

    /// Reads the header at the start of a link message's payload.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + 16, expected: Self.size, actual: payload.byteCount,
                context: "struct ifinfomsg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        type = payload.unsafeLoadUnaligned(fromByteOffset: 2, as: UInt16.self)
        index = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: Int32.self)
        flags = payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self)
        change = payload.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self)
    }

    /// Writes the 16 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.append(UInt8(0))
        builder.append(type)
        builder.append(index)
        builder.append(flags)
        builder.append(change)
    }
}

/// Interface flags (`IFF_*` of `<linux/if.h>`).
public struct InterfaceFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `IFF_UP`: administratively up.
    public static let up = InterfaceFlags(rawValue: 0x1)
    /// `IFF_BROADCAST`.
    public static let broadcast = InterfaceFlags(rawValue: 0x2)
    /// `IFF_LOOPBACK`.
    public static let loopback = InterfaceFlags(rawValue: 0x8)
    /// `IFF_POINTOPOINT`.
    public static let pointToPoint = InterfaceFlags(rawValue: 0x10)
    /// `IFF_NOARP`.
    public static let noARP = InterfaceFlags(rawValue: 0x80)
    /// `IFF_PROMISC`.
    public static let promiscuous = InterfaceFlags(rawValue: 0x100)
    /// `IFF_MULTICAST`.
    public static let multicast = InterfaceFlags(rawValue: 0x1000)
    /// `IFF_LOWER_UP`: the driver signals carrier.
    public static let lowerUp = InterfaceFlags(rawValue: 0x10000)
}
