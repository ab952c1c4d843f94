import NetlinkCore

/// The fixed header of address messages, `struct ifaddrmsg` (8 bytes, host byte order).
///
/// ```text
/// +--------+-----------+--------+--------+
/// | family | prefixlen | flags  | scope  |   ifa_family, ifa_prefixlen, ifa_flags (u8), ifa_scope
/// +--------+-----------+--------+--------+
/// |            index (u32)               |   ifa_index
/// +--------------------------------------+
/// ```
///
/// `ifa_flags` holds only the low 8 bits of the address flags; the `IFA_FLAGS` attribute carries
/// all 32 and, when present, the kernel ignores this field.
public struct InterfaceAddressMessage: Hashable, Sendable {
    /// The size on the wire: 8.
    public static let size = 8

    /// `ifa_family`: `AddressFamily.inet`, `AddressFamily.inet6`, or `AF_UNSPEC` (0) in a dump of every family.
    public var family: AddressFamily
    /// `ifa_prefixlen`: the prefix length.
    public var prefixLength: UInt8
    /// `ifa_flags`: the low 8 bits of the address flags (`IFA_F_*`).
    public var flags: UInt8
    /// `ifa_scope`: the scope (`RT_SCOPE_*`, see ``AddressScope``).
    public var scope: UInt8
    /// `ifa_index`: the interface index (0: not given).
    public var index: UInt32

    /// Creates a header.
    public init(family: AddressFamily = 0, prefixLength: UInt8 = 0, flags: UInt8 = 0, scope: UInt8 = 0, index: UInt32 = 0) {
        self.family = family
        self.prefixLength = prefixLength
        self.flags = flags
        self.scope = scope
        self.index = index
    }

    /// Reads the header at the start of an address message's payload.
    /// - Throws: `NetlinkDecodingError/Code/truncatedStructure` when the payload is shorter than 8 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + 16, expected: Self.size, actual: payload.byteCount,
                context: "struct ifaddrmsg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        prefixLength = payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self)
        flags = payload.unsafeLoad(fromByteOffset: 2, as: UInt8.self)
        scope = payload.unsafeLoad(fromByteOffset: 3, as: UInt8.self)
        index = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)  // host order
    }

    /// Writes the 8 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.append(prefixLength)
        builder.append(flags)
        builder.append(scope)
        builder.append(index)  // host order
    }
}

/// The scope of an address (`ifa_scope`): the same `enum rt_scope_t` as a route's scope, so the
/// same type — `universe` (printed `global`), `site`, `link`, `host`, `nowhere`, or any number.
public typealias AddressScope = RouteScope
