import NetlinkCore
import NetlinkRoute

extension RouteFuzzChecks {
    // MARK: Links

    /// The settings that write everything of `link` that ``LinkSettings`` can write: the header's
    /// index and `IFF_UP`, name, MTU, addresses, queue lengths, alias, group, master, parent, and the
    /// link-info kind with its data as raw bytes.
    static func settings(of link: Link) -> LinkSettings {
        var settings = LinkSettings()
        settings.index = link.index
        settings.up = link.isUp
        settings.name = link.name
        settings.mtu = link.mtu
        settings.address = link.address
        settings.broadcast = link.broadcast
        settings.transmitQueueLength = link.transmitQueueLength
        settings.alias = link.alias
        settings.group = link.group
        settings.masterIndex = link.masterIndex
        settings.parentIndex = link.parentIndex
        settings.transmitQueues = link.transmitQueues
        settings.receiveQueues = link.receiveQueues
        if let kind = link.kind { settings.kind = .other(kind, data: link.kindData) }
        return settings
    }

    /// What decoding ``settings(of:)`` must give: those fields of `link`, nothing else (no hardware
    /// type, no flag but `IFF_UP`, no kind data without a kind).
    static func projection(of link: Link) -> Link {
        var expected = Link(index: link.index, name: link.name, hardwareType: 0, flags: link.flags.intersection(.up))
        expected.mtu = link.mtu
        expected.address = link.address
        expected.broadcast = link.broadcast
        expected.transmitQueueLength = link.transmitQueueLength
        expected.alias = link.alias
        expected.group = link.group
        expected.masterIndex = link.masterIndex
        expected.parentIndex = link.parentIndex
        expected.transmitQueues = link.transmitQueues
        expected.receiveQueues = link.receiveQueues
        if let kind = link.kind {
            expected.kind = kind
            expected.kindData = link.kindData
        }
        return expected
    }

    /// `Link(decoding:)`, then the round trip through ``LinkSettings``: the settings made from the
    /// decoded link encode, decode to ``projection(of:)``, and encode again to the same bytes.
    static func checkLink(_ bytes: [UInt8]) throws {
        guard case .success(let link) = try decode(bytes, "link", { m throws(NetlinkDecodingError) in try Link(decoding: m) }) else {
            return
        }
        if let statistics = link.statistics {
            try require(statistics.counters.count >= 25 && statistics.counters.count <= 32, "IFLA_STATS64 counters: \(statistics.counters.count)")
        }
        let growth = textGrowthMayOverflow([link.name, link.alias, link.kind], messageSize: bytes.count)
        guard let first = try encode(RouteMessageType.newLink, "link", refusalAllowed: growth, { b in try settings(of: link).encode(into: &b) })
        else { return }
        let decoded = try decode(first, "link (encoded)", twice: false, { m throws(NetlinkDecodingError) in try Link(decoding: m) })
        guard case .success(let again) = decoded else { throw Failure("link: the encoded settings do not decode: \(decoded)") }
        let expected = projection(of: link)
        try require(again == expected, "link round trip:\n  decoded  \(again)\n  expected \(expected)")
        let second = try encode(RouteMessageType.newLink, "link (again)", refusalAllowed: false, { b in try settings(of: again).encode(into: &b) })
        try require(second == first, "link: encoding the round-tripped link writes other bytes")
    }

    // MARK: Addresses

    /// The request that writes everything of `address` that ``InterfaceAddressRequest`` can write,
    /// or `nil` when the address has no IP address (a family other than IPv4 and IPv6).
    static func request(of address: InterfaceAddress) -> InterfaceAddressRequest? {
        guard let local = address.localAddress else { return nil }
        var request = InterfaceAddressRequest(
            local, prefixLength: address.prefixLength, index: address.index, peer: address.peer, label: address.label,
            scope: address.scope, flags: address.flags, metric: address.priority, protocol: address.protocol)
        if case .v4(let broadcast)? = address.broadcast { request.broadcast = .address(broadcast) }
        if let cacheInfo = address.cacheInfo {
            request.validLifetime = cacheInfo.validLifetime
            request.preferredLifetime = cacheInfo.preferredLifetime
        }
        return request
    }

    /// `InterfaceAddress(decoding:)`, then the round trip through ``InterfaceAddressRequest``: the
    /// request made from the decoded address encodes, decodes to an address that gives the same
    /// request, with `IFA_LOCAL` the request's address, and encodes again to the same bytes. The
    /// request naming the address (for deletion) exists exactly when it has an IP address.
    static func checkAddress(_ bytes: [UInt8]) throws {
        let decoded = try decode(bytes, "address", { m throws(NetlinkDecodingError) in try InterfaceAddress(decoding: m) })
        guard case .success(let address) = decoded else { return }
        for ip in [address.address, address.local, address.broadcast, address.anycast, address.multicast] {
            guard let ip else { continue }
            try require(
                ip.bytes.count == (address.family == InterfaceAddressMessage.familyIPv4 ? 4 : 16),
                "address: an IP address \(ip) of another size than family \(address.family)'s")
        }
        let naming = try? InterfaceAddressRequest(naming: address)
        try require((naming != nil) == (address.localAddress != nil), "address: InterfaceAddressRequest(naming:) and localAddress disagree")
        guard let request = request(of: address) else { return }
        let growth = textGrowthMayOverflow([address.label], messageSize: bytes.count)
        if let naming {
            _ = try encode(RouteMessageType.deleteAddress, "address (naming)", refusalAllowed: growth, { b in try naming.encode(into: &b) })
        }
        guard let first = try encode(RouteMessageType.newAddress, "address", refusalAllowed: growth, { b in try request.encode(into: &b) })
        else { return }
        let redecoded = try decode(first, "address (encoded)", twice: false, { m throws(NetlinkDecodingError) in try InterfaceAddress(decoding: m) })
        guard case .success(let again) = redecoded else { throw Failure("address: the encoded request does not decode: \(redecoded)") }
        try require(again.family == request.family && again.local == request.address, "address: IFA_LOCAL or the family changed: \(again)")
        if let cacheInfo = again.cacheInfo {
            try require(cacheInfo.created == 0 && cacheInfo.updated == 0, "address: a request wrote time stamps")
        }
        let requestAgain = Self.request(of: again)
        try require(requestAgain == request, "address round trip:\n  request  \(request)\n  again    \(String(describing: requestAgain))")
        let second = try encode(RouteMessageType.newAddress, "address (again)", refusalAllowed: false, { b in try requestAgain?.encode(into: &b) })
        try require(second == first, "address: encoding the round-tripped request writes other bytes")
    }
}
