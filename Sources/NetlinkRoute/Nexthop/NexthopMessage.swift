import NetlinkCore

/// The fixed header of nexthop-object messages, `struct nhmsg` (8 bytes, host byte order).
///
/// ```text
/// +--------+--------+----------+--------+
/// | family | scope  | protocol | resvd  |   nh_family, nh_scope (reply only), nh_protocol (RTPROT_*)
/// +--------+--------+----------+--------+
/// |            flags (u32)              |   nh_flags (RTNH_F_*)
/// +-------------------------------------+
/// ```
public struct NexthopMessage: Hashable, Sendable {
    /// The size on the wire: 8.
    public static let size = 8

    /// `nh_family`: `AF_INET` (2), `AF_INET6` (10), or `AF_UNSPEC` (0) for groups and dumps.
    public var family: AddressFamily
    /// `nh_scope`: the scope (`RT_SCOPE_*`); the kernel fills it in replies.
    public var scope: UInt8
    /// `nh_protocol`: who installed the nexthop (`RTPROT_*`).
    public var `protocol`: UInt8
    /// `nh_flags`: `RTNH_F_*`.
    public var flags: NexthopFlags

    /// Creates a header.
    public init(family: AddressFamily = 0, scope: UInt8 = 0, protocol: UInt8 = 0, flags: NexthopFlags = []) {
        self.family = family
        self.scope = scope
        self.protocol = `protocol`
        self.flags = flags
    }

    /// Reads the header at the start of a nexthop message's payload.
    /// - Throws: `NetlinkDecodingError/Code/truncatedStructure` when the payload is shorter than 8 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + 16, expected: Self.size, actual: payload.byteCount,
                context: "struct nhmsg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        scope = payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self)
        `protocol` = payload.unsafeLoad(fromByteOffset: 2, as: UInt8.self)
        flags = NexthopFlags(rawValue: payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self))  // host order
    }

    /// Writes the 8 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.append(scope)
        builder.append(`protocol`)
        builder.append(UInt8(0))
        builder.append(flags.rawValue)
    }
}

/// The flags of a nexthop object, `nh_flags` (`RTNH_F_*` of `<linux/rtnetlink.h>`), a `u32`.
/// The same bits as ``RouteNexthopFlags``, which a multipath route carries in a `u8`.
public struct NexthopFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `RTNH_F_DEAD` (1): the nexthop is dead (its device is down).
    public static let dead = NexthopFlags(rawValue: 1)
    /// `RTNH_F_PERVASIVE` (2): recursive gateway lookup.
    public static let pervasive = NexthopFlags(rawValue: 2)
    /// `RTNH_F_ONLINK` (4): the gateway is on the link, even without a matching prefix.
    public static let onlink = NexthopFlags(rawValue: 4)
    /// `RTNH_F_OFFLOAD` (8): offloaded to hardware.
    public static let offload = NexthopFlags(rawValue: 8)
    /// `RTNH_F_LINKDOWN` (16): the device has no carrier.
    public static let linkDown = NexthopFlags(rawValue: 16)
    /// `RTNH_F_UNRESOLVED` (32): unresolved.
    public static let unresolved = NexthopFlags(rawValue: 32)
    /// `RTNH_F_TRAP` (64): traps packets to the CPU.
    public static let trap = NexthopFlags(rawValue: 64)
}
