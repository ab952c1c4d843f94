import NetlinkCore

/// A gateway that may be of another family than the route (an IPv4 gateway for an IPv6 route,
/// a gateway of an MPLS route): `RTA_VIA`, `struct rtvia`.
///
/// ```text
/// +-----------------------+- - - - - - - - - - -+
/// | rtvia_family (u16)    | rtvia_addr ...      |   family in host byte order (AF_INET 2,
/// +-----------------------+- - - - - - - - - - -+   AF_INET6 10), address in network order
/// ```
public struct RouteVia: Hashable, Sendable, CustomStringConvertible {
    /// `rtvia_family`: the address family (`AF_INET` 2, `AF_INET6` 10, `AF_PACKET` 17 ...).
    public var family: UInt16
    /// `rtvia_addr`: the address bytes, network order.
    public var address: [UInt8]

    /// Creates a via from its family and address bytes.
    public init(family: UInt16, address: [UInt8]) {
        self.family = family
        self.address = address
    }

    /// Creates a via for an IP address.
    public init(_ address: IPAddress) {
        family = UInt16(address.family.rawValue)
        self.address = address.bytes
    }

    /// Reads an `RTA_VIA` payload.
    /// - Throws: `NetlinkDecodingError/Code/truncatedStructure` when it is shorter than the 2-byte family.
    public init(decoding attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        let payload = attribute.payload
        guard payload.byteCount >= 2 else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: attribute.offset, attributeType: attribute.type, expected: 2,
                actual: payload.byteCount, context: "struct rtvia")
        }
        // rtvia_family: __kernel_sa_family_t (u16), host byte order.
        family = payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt16.self)
        address = payload.extracting(2..<payload.byteCount).withUnsafeBytes { Array($0) }
    }

    /// The address as an IP address, when the family is `AF_INET` with 4 bytes or `AF_INET6` with 16.
    public var ipAddress: IPAddress? {
        switch (family, address.count) {
        case (UInt16(AddressFamily.inet.rawValue), 4):
            return .v4(IPv4Address(address[0], address[1], address[2], address[3]))
        case (UInt16(AddressFamily.inet6.rawValue), 16):
            return IPv6Address(bytes: address).map { .v6($0) }
        default:
            return nil
        }
    }

    /// Appends the `RTA_VIA` attribute (or another type with the same layout).
    public func encode(into builder: inout NetlinkMessageBuilder, type: UInt16 = RouteAttribute.via) throws(NetlinkEncodingError) {
        var payload: [UInt8] = []
        payload.reserveCapacity(2 + address.count)
        withUnsafeBytes(of: family) { payload.append(contentsOf: $0) }  // host byte order
        payload.append(contentsOf: address)
        try builder.appendAttribute(type, bytes: payload)
    }

    /// `inet 192.0.2.1`, `inet6 2001:db8::1`, as `ip route` prints a via; other families as
    /// the family number and hex bytes.
    public var description: String {
        if let ip = ipAddress {
            switch ip {
            case .v4: return "inet \(ip)"
            case .v6: return "inet6 \(ip)"
            }
        }
        let hex = "0123456789abcdef".map { $0 }
        let digits = address.map { String([hex[Int($0 >> 4)], hex[Int($0 & 0xF)]]) }.joined()
        return "family \(family) \(digits)"
    }
}
