import NetlinkCore

/// The fixed header of route messages, `struct rtmsg` (12 bytes, host byte order).
///
/// ```text
/// +--------+---------+---------+--------+
/// | family | dst_len | src_len | tos    |   rtm_family (AF_*), prefix lengths, TOS
/// +--------+---------+---------+--------+
/// | table  | proto   | scope   | type   |   rtm_table (RT_TABLE_*), rtm_protocol (RTPROT_*),
/// +--------+---------+---------+--------+   rtm_scope (RT_SCOPE_*), rtm_type (RTN_*)
/// |            flags (u32)              |   rtm_flags (RTM_F_*, RTNH_F_*)
/// +-------------------------------------+
/// ```
///
/// `rtm_table` has 8 bits: tables above 255 travel in `RTA_TABLE` (u32) with `rtm_table` set to
/// `RT_TABLE_UNSPEC` (0).
public struct RouteMessage: Hashable, Sendable {
    /// The size on the wire: 12.
    public static let size = 12

    /// `rtm_family`: `AddressFamily.inet` (`AF_INET`), `AddressFamily.inet6` (`AF_INET6`), or
    /// `AddressFamily.unspecified` in a dump of every family.
    public var family: AddressFamily
    /// `rtm_dst_len`: the prefix length of the destination.
    public var destinationLength: UInt8
    /// `rtm_src_len`: the prefix length of the source (source-specific routes).
    public var sourceLength: UInt8
    /// `rtm_tos`: the TOS (DSCP) selector.
    public var tos: UInt8
    /// `rtm_table`: the table, 0 (`RT_TABLE_UNSPEC`) when `RTA_TABLE` carries it.
    public var table: UInt8
    /// `rtm_protocol`: who installed the route.
    public var `protocol`: RouteProtocol
    /// `rtm_scope`: how far the destination is.
    public var scope: RouteScope
    /// `rtm_type`: what the route does (unicast, blackhole, local ...).
    public var type: RouteType
    /// `rtm_flags`.
    public var flags: RouteFlags

    /// Creates a header; every field defaults to zero.
    public init(
        family: AddressFamily = 0, destinationLength: UInt8 = 0, sourceLength: UInt8 = 0, tos: UInt8 = 0, table: UInt8 = 0,
        protocol: RouteProtocol = .unspecified, scope: RouteScope = .universe, type: RouteType = .unspecified,
        flags: RouteFlags = []
    ) {
        self.family = family
        self.destinationLength = destinationLength
        self.sourceLength = sourceLength
        self.tos = tos
        self.table = table
        self.protocol = `protocol`
        self.scope = scope
        self.type = type
        self.flags = flags
    }

    /// Reads the header at the start of a route message's payload.
    /// - Throws: `NetlinkDecodingError/Code/truncatedStructure` when the payload is shorter than 12 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: Self.size,
                actual: payload.byteCount, context: "struct rtmsg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        destinationLength = payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self)
        sourceLength = payload.unsafeLoad(fromByteOffset: 2, as: UInt8.self)
        tos = payload.unsafeLoad(fromByteOffset: 3, as: UInt8.self)
        table = payload.unsafeLoad(fromByteOffset: 4, as: UInt8.self)
        `protocol` = RouteProtocol(rawValue: payload.unsafeLoad(fromByteOffset: 5, as: UInt8.self))
        scope = RouteScope(rawValue: payload.unsafeLoad(fromByteOffset: 6, as: UInt8.self))
        type = RouteType(rawValue: payload.unsafeLoad(fromByteOffset: 7, as: UInt8.self))
        // rtm_flags: u32, host byte order.
        flags = RouteFlags(rawValue: payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self))
    }

    /// Writes the 12 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.append(destinationLength)
        builder.append(sourceLength)
        builder.append(tos)
        builder.append(table)
        builder.append(`protocol`.rawValue)
        builder.append(scope.rawValue)
        builder.append(type.rawValue)
        builder.append(flags.rawValue)
    }
}
