import NetlinkCore

/// The broadcast address to give an IPv4 address (`IFA_BROADCAST`).
public enum AddressBroadcast: Hashable, Sendable {
    /// This address.
    case address(IPv4Address)
    /// The prefix with every host bit set, computed here as `ip address add ... broadcast +` does;
    /// nothing is sent for a prefix of 31 or 32 bits.
    case hostBitsSet
    /// The prefix with every host bit cleared (`ip address add ... broadcast -`); nothing is sent for
    /// a prefix of 31 or 32 bits.
    case hostBitsCleared

    /// The broadcast address for `address`/`prefixLength`, or `nil` when none is to be sent.
    public func resolved(for address: IPv4Address, prefixLength: UInt8) -> IPv4Address? {
        switch self {
        case .address(let broadcast): return broadcast
        case .hostBitsSet, .hostBitsCleared:
            guard prefixLength <= 30 else { return nil }
            let hostMask: UInt32 = prefixLength == 0 ? .max : (1 << (32 - UInt32(prefixLength))) - 1
            return IPv4Address(self == .hostBitsSet ? address.value | hostMask : address.value & ~hostMask)
        }
    }
}

/// What an `RTM_NEWADDR` or `RTM_DELADDR` request says: an address, its prefix and interface, and
/// the optional attributes, as `ip address add|change|replace|del` sends them.
///
/// The request carries `IFA_LOCAL` = ``address`` and `IFA_ADDRESS` = ``peer`` when one is given,
/// else ``address`` again. The flags go both in `ifa_flags` (the low 8 bits) and in `IFA_FLAGS`
/// (all 32) when not empty. Lifetimes, when either is given, go in `IFA_CACHEINFO`.
public struct InterfaceAddressRequest: Hashable, Sendable {
    /// The local address (`IFA_LOCAL`).
    public var address: IPAddress
    /// The prefix length (`ifa_prefixlen`): at most 32 for IPv4, 128 for IPv6 (the kernel checks).
    public var prefixLength: UInt8
    /// The interface index (`ifa_index`).
    public var index: Int32
    /// The peer of a point-to-point address (`IFA_ADDRESS`), of the same family.
    public var peer: IPAddress?
    /// The IPv4 broadcast address (`IFA_BROADCAST`).
    public var broadcast: AddressBroadcast?
    /// The IPv4 label (`IFA_LABEL`), at most 15 bytes: by convention the interface name or `name:alias`.
    public var label: String?
    /// The scope (`ifa_scope`); `nil` as `ip` does: `AddressScope/host` for 127.0.0.0/8, else
    /// `AddressScope/universe`. The kernel chooses the scope of IPv6 addresses itself.
    public var scope: AddressScope?
    /// The flags (`ifa_flags` and `IFA_FLAGS`): ``AddressFlags/noDAD``, ``AddressFlags/noPrefixRoute``...
    public var flags: AddressFlags
    /// The valid lifetime in seconds (`ifa_valid`); `nil` with ``preferredLifetime`` `nil` too: forever.
    public var validLifetime: UInt32?
    /// The preferred lifetime in seconds (`ifa_prefered`); `nil`: the valid lifetime.
    public var preferredLifetime: UInt32?
    /// The metric of the prefix route (`IFA_RT_PRIORITY`).
    public var metric: UInt32?
    /// Who adds the address (`IFA_PROTO`).
    public var `protocol`: AddressProtocol?

    /// Creates a request for an address with its prefix (`InterfaceAddressRequest("10.88.0.2/16",
    /// index: 2)`); the other parameters are those of
    /// ``init(_:prefixLength:index:peer:broadcast:label:scope:flags:validLifetime:preferredLifetime:metric:protocol:)``.
    public init(
        _ prefix: IPPrefix, index: Int32, peer: IPAddress? = nil,
        broadcast: AddressBroadcast? = nil, label: String? = nil, scope: AddressScope? = nil, flags: AddressFlags = [],
        validLifetime: UInt32? = nil, preferredLifetime: UInt32? = nil, metric: UInt32? = nil,
        protocol: AddressProtocol? = nil
    ) {
        self.init(
            prefix.address, prefixLength: prefix.length, index: index, peer: peer, broadcast: broadcast, label: label,
            scope: scope, flags: flags, validLifetime: validLifetime, preferredLifetime: preferredLifetime,
            metric: metric, protocol: `protocol`)
    }

    /// The address and its length as one prefix; `nil` when the length is longer than the address.
    public var prefix: IPPrefix? { IPPrefix(address: address, length: prefixLength) }

    /// Creates a request.
    public init(
        _ address: IPAddress, prefixLength: UInt8, index: Int32, peer: IPAddress? = nil,
        broadcast: AddressBroadcast? = nil, label: String? = nil, scope: AddressScope? = nil, flags: AddressFlags = [],
        validLifetime: UInt32? = nil, preferredLifetime: UInt32? = nil, metric: UInt32? = nil,
        protocol: AddressProtocol? = nil
    ) {
        self.address = address
        self.prefixLength = prefixLength
        self.index = index
        self.peer = peer
        self.broadcast = broadcast
        self.label = label
        self.scope = scope
        self.flags = flags
        self.validLifetime = validLifetime
        self.preferredLifetime = preferredLifetime
        self.metric = metric
        self.protocol = `protocol`
    }

    /// A request that names an existing address exactly (local, peer, prefix, interface and, for
    /// IPv4, label): what deleting an address found by a dump sends.
    public init(naming existing: InterfaceAddress) throws(NetlinkError) {
        guard let local = existing.localAddress else {
            throw NetlinkError(.encodingFailed, errno: .invalidArgument, detail: "the address has neither IFA_LOCAL nor IFA_ADDRESS")
        }
        self.init(local, prefixLength: existing.prefixLength, index: existing.index, peer: existing.peer, label: existing.label)
        scope = existing.scope
    }

    /// The family: `AddressFamily.inet` or `AddressFamily.inet6`.
    public var family: AddressFamily {
        if case .v4 = address { AddressFamily.inet } else { AddressFamily.inet6 }
    }

    /// The header this request sends.
    public var header: InterfaceAddressMessage {
        var resolvedScope = scope ?? .universe
        if scope == nil, case .v4(let v4) = address, v4.value >> 24 == 127 { resolvedScope = .host }
        return InterfaceAddressMessage(
            family: family, prefixLength: prefixLength, flags: UInt8(truncatingIfNeeded: flags.rawValue),
            scope: resolvedScope.rawValue, index: UInt32(bitPattern: index))
    }

    /// The `IFA_CACHEINFO` this request sends, if any.
    public var cacheInfo: AddressCacheInfo? {
        guard validLifetime != nil || preferredLifetime != nil else { return nil }
        let valid = validLifetime ?? AddressCacheInfo.forever
        return AddressCacheInfo(preferredLifetime: preferredLifetime ?? valid, validLifetime: valid)
    }

    /// Writes the header and the attributes (the payload of the message).
    /// - Throws: `NetlinkError/Code/encodingFailed` for a peer of the other family, a broadcast
    ///   address for IPv6, or a label over 65,531 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkError) {
        let isIPv4 = family == AddressFamily.inet
        if let peer, (peer.bytes.count == 4) != isIPv4 {
            throw NetlinkError(.encodingFailed, errno: .invalidArgument, detail: "the peer \(peer) is not of the family of \(address)")
        }
        if broadcast != nil, !isIPv4 {
            throw NetlinkError(.encodingFailed, errno: .invalidArgument, detail: "a broadcast address can be set only for IPv4 addresses")
        }
        do {
            header.encode(into: &builder)
            try builder.appendAttribute(AddressAttribute.local, ip: address)
            try builder.appendAttribute(AddressAttribute.address, ip: peer ?? address)
            if let broadcast, case .v4(let prefix) = peer ?? address,
                let resolved = broadcast.resolved(for: prefix, prefixLength: prefixLength)
            {
                try builder.appendAttribute(AddressAttribute.broadcast, ipv4: resolved)
            }
            if let label { try builder.appendAttribute(AddressAttribute.label, string: label) }
            if !flags.isEmpty { try builder.appendAttribute(AddressAttribute.flags, uint32: flags.rawValue, .host) }
            if let cacheInfo { try builder.appendAttribute(AddressAttribute.cacheInfo, bytes: cacheInfo.bytes) }
            if let metric { try builder.appendAttribute(AddressAttribute.routePriority, uint32: metric, .host) }
            if let `protocol` { try builder.appendAttribute(AddressAttribute.protocol, uint8: `protocol`.rawValue) }
        } catch {
            throw NetlinkError(.encodingFailed, encodingError: error)
        }
    }
}
