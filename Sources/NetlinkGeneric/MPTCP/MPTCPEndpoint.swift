import NetlinkCore

/// An endpoint of the MPTCP path manager (`MPTCP_PM_ATTR_ADDR`): an address, its ID, port, flags
/// and device — what `ip mptcp endpoint show` prints.
///
/// Decoding keeps the first of a repeated attribute; `encode(into:)` writes the nest's attributes
/// as the kernel does (decode → encode → decode gives the endpoint back).
public struct MPTCPEndpoint: Hashable, Sendable {
    /// `MPTCP_PM_ADDR_ATTR_ADDR4` or `_ADDR6` (by `MPTCP_PM_ADDR_ATTR_FAMILY`).
    public var address: IPAddress?
    /// `MPTCP_PM_ADDR_ATTR_ID`.
    public var id: UInt8?
    /// `MPTCP_PM_ADDR_ATTR_PORT` (0: none).
    public var port: UInt16?
    /// `MPTCP_PM_ADDR_ATTR_FLAGS`.
    public var flags: MPTCPEndpointFlags?
    /// `MPTCP_PM_ADDR_ATTR_IF_IDX`.
    public var interfaceIndex: Int32?

    /// Creates an endpoint.
    public init(address: IPAddress? = nil, id: UInt8? = nil, port: UInt16? = nil, flags: MPTCPEndpointFlags? = nil, interfaceIndex: Int32? = nil) {
        self.address = address
        self.id = id
        self.port = port
        self.flags = flags
        self.interfaceIndex = interfaceIndex
    }

    /// Decodes the payload of an `MPTCP_PM_ATTR_ADDR` nest.
    public init(decoding nest: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        self.init()
        var family: UInt16?
        var v4: [UInt8]?
        var v6: [UInt8]?
        var seen = Set<UInt16>()
        var fields = try nest.nested()
        while let field = try fields.next() {
            guard seen.insert(field.type).inserted else { continue }
            switch field.type {
            case MPTCPAttribute.Address.family: family = try field.uint16(.host)
            case MPTCPAttribute.Address.id: id = try field.uint8()
            case MPTCPAttribute.Address.ipv4: v4 = field.bytes()
            case MPTCPAttribute.Address.ipv6: v6 = field.bytes()
            case MPTCPAttribute.Address.port: port = try field.uint16(.host)
            case MPTCPAttribute.Address.flags: flags = MPTCPEndpointFlags(rawValue: try field.uint32(.host))
            case MPTCPAttribute.Address.interfaceIndex: interfaceIndex = try field.int32(.host)
            default: continue
            }
        }
        // The family says which address attribute counts, as the kernel reads it.
        if family == UInt16(AddressFamily.inet.rawValue), let v4 {
            guard v4.count == 4 else {
                throw NetlinkDecodingError(.attributeSizeMismatch, attributeType: MPTCPAttribute.Address.ipv4, expected: 4, actual: v4.count, context: "MPTCP endpoint")
            }
            address = .v4(IPv4Address(v4[0], v4[1], v4[2], v4[3]))
        } else if family == UInt16(AddressFamily.inet6.rawValue), let v6 {
            guard let parsed = IPv6Address(bytes: v6) else {
                throw NetlinkDecodingError(.attributeSizeMismatch, attributeType: MPTCPAttribute.Address.ipv6, expected: 16, actual: v6.count, context: "MPTCP endpoint")
            }
            address = .v6(parsed)
        }
    }

    /// Writes the nest's content.
    public func encodeAttributes(into b: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        if let id { try b.appendAttribute(MPTCPAttribute.Address.id, uint8: id) }
        if let flags { try b.appendAttribute(MPTCPAttribute.Address.flags, uint32: flags.rawValue, .host) }
        if let interfaceIndex { try b.appendAttribute(MPTCPAttribute.Address.interfaceIndex, int32: interfaceIndex, .host) }
        if let port { try b.appendAttribute(MPTCPAttribute.Address.port, uint16: port, .host) }
        if let address {
            try b.appendAttribute(MPTCPAttribute.Address.family, uint16: UInt16(address.family.rawValue), .host)
            switch address {
            case .v4: try b.appendAttribute(MPTCPAttribute.Address.ipv4, bytes: address.bytes)
            case .v6: try b.appendAttribute(MPTCPAttribute.Address.ipv6, bytes: address.bytes)
            }
        }
    }

    /// Decodes an `MPTCP_PM_CMD_GET_ADDR` reply: the endpoint in its `MPTCP_PM_ATTR_ADDR`.
    /// - Throws: `NetlinkDecodingError`, also for a message without the nest (`invalidValue`).
    public init(decodingMessage message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            if attribute.type == MPTCPAttribute.address {
                self = try MPTCPEndpoint(decoding: attribute)
                return
            }
        }
        throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "an MPTCP reply without MPTCP_PM_ATTR_ADDR")
    }
}

/// The path manager's limits (`MPTCP_PM_CMD_GET_LIMITS`): per connection.
public struct MPTCPLimits: Hashable, Sendable {
    /// `MPTCP_PM_ATTR_RCV_ADD_ADDRS`: ADD_ADDR announcements accepted.
    public var addAddressAccepted: UInt32?
    /// `MPTCP_PM_ATTR_SUBFLOWS`: subflows.
    public var subflows: UInt32?

    /// Creates limits.
    public init(addAddressAccepted: UInt32? = nil, subflows: UInt32? = nil) {
        self.addAddressAccepted = addAddressAccepted
        self.subflows = subflows
    }

    /// Decodes a `MPTCP_PM_CMD_GET_LIMITS` reply.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        self.init()
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case MPTCPAttribute.receivedAddAddresses where addAddressAccepted == nil: addAddressAccepted = try attribute.uint32(.host)
            case MPTCPAttribute.subflows where subflows == nil: subflows = try attribute.uint32(.host)
            default: continue
            }
        }
    }
}
