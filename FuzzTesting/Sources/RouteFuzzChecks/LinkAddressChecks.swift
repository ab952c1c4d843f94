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
        if let kind = link.kind { settings.kind = .other(kind.rawValue, data: link.kindData) }
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
        try checkLinkInfo(link, messageSize: bytes.count)
        let growth = textGrowthMayOverflow([link.name, link.alias, link.kind?.rawValue], messageSize: bytes.count)
        guard let first = try encode(RouteMessageType.newLink, "link", refusalAllowed: growth, { b in try settings(of: link).encode(into: &b) })
        else { return }
        let decoded = try decode(first, "link (encoded)", twice: false, { m throws(NetlinkDecodingError) in try Link(decoding: m) })
        guard case .success(let again) = decoded else { throw Failure("link: the encoded settings do not decode: \(decoded)") }
        let expected = projection(of: link)
        try require(again == expected, "link round trip:\n  decoded  \(again)\n  expected \(expected)")
        let second = try encode(RouteMessageType.newLink, "link (again)", refusalAllowed: false, { b in try settings(of: again).encode(into: &b) })
        try require(second == first, "link: encoding the round-tripped link writes other bytes")
    }

    // MARK: Link-info kinds

    /// The names the first byte of a ``Decoder/linkinfo`` input picks, by its low three bits: kind
    /// data for the first six, port data (`IFLA_INFO_SLAVE_*`) for the last two.
    static let linkInfoKinds = ["bridge", "macvlan", "macvtap", "vxlan", "tun", "veth", "bridge", "bond"]

    /// A link message whose `IFLA_LINKINFO` holds the input: the first byte picks the kind (see
    /// ``linkInfoKinds``), the rest (cut to fit) is the `IFLA_INFO_DATA` or `IFLA_INFO_SLAVE_DATA` payload.
    static func linkInfoLink(_ input: [UInt8]) -> [UInt8] {
        let selector = Int((input.first ?? 0) & 7)
        let kind = Array(linkInfoKinds[selector].utf8) + [0]
        let data = Array(input.dropFirst().prefix(60_000))
        func attribute(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
            var bytes: [UInt8] = []
            withUnsafeBytes(of: UInt16(NetlinkAttribute.headerSize + payload.count)) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: type) { bytes.append(contentsOf: $0) }
            bytes += payload
            return bytes + [UInt8](repeating: 0, count: NetlinkAlignment.align(bytes.count) - bytes.count)
        }
        let info = selector < 6
            ? attribute(LinkAttribute.Info.kind, kind) + attribute(LinkAttribute.Info.data, data)
            : attribute(LinkAttribute.Info.portKind, kind) + attribute(LinkAttribute.Info.portData, data)
        // struct ifinfomsg: family 0, type ARPHRD_ETHER, index 7, flags IFF_UP, change 0.
        var payload: [UInt8] = [0, 0, 1, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
        payload += attribute(LinkAttribute.name, Array("fz0".utf8) + [0])
        payload += attribute(LinkAttribute.linkInfo | 0x8000, info)
        return wrap(RouteMessageType.newLink, payload)
    }

    /// A decoding of link-info data: the value, or the error.
    static func details<T: Hashable>(_ body: () throws(NetlinkDecodingError) -> T) -> Result<T, NetlinkDecodingError> {
        do throws(NetlinkDecodingError) {
            return .success(try body())
        } catch {
            return .failure(error)
        }
    }

    /// The link-info kinds of a decoded link: `kindDetails()` and `portDetails()` are deterministic,
    /// keep the bytes of kinds they do not decode, and point their errors inside the data (offsets
    /// count from the data's start); VXLAN and macvlan/macvtap data round-trip through
    /// ``LinkSettings/Kind`` for the fields it can write.
    static func checkLinkInfo(_ link: Link, messageSize: Int) throws {
        let kind = details { () throws(NetlinkDecodingError) in try link.kindDetails() }
        try require(kind == details { () throws(NetlinkDecodingError) in try link.kindDetails() }, "link: kindDetails() differs on the same link")
        let port = details { () throws(NetlinkDecodingError) in try link.portDetails() }
        try require(port == details { () throws(NetlinkDecodingError) in try link.portDetails() }, "link: portDetails() differs on the same link")
        for (result, data) in [(kind.map { _ in () }, link.kindData), (port.map { _ in () }, link.portData)] {
            if case .failure(let error) = result, let offset = error.offset {
                try require((0...(data?.count ?? 0)).contains(offset), "link: link-info error offset \(offset) outside its data: \(error)")
            }
        }
        switch kind {
        case .success(nil): try require(link.kindData == nil, "link: kind data without details")
        case .success(.other(let name, let data)?):
            try require(name == (link.kind ?? "") && data == link.kindData, "link: the raw kind data changed")
        case .success(.vxlan(let vxlan)?):
            try checkVXLANRoundTrip(vxlan, link: link, messageSize: messageSize)
        case .success(.macvlan(let macvlan)?):
            try checkMACVLANRoundTrip(macvlan, link: link, messageSize: messageSize)
        default: break
        }
        if case .success(.other(let name, let data)?) = port {
            try require(name == (link.portKind ?? "") && data == link.portData, "link: the raw port data changed")
        }
    }

    /// Encodes `kind` in a link of `link`'s name and returns the kind details decoded back, or `nil`
    /// when the encoder refused for size.
    static func kindRoundTrip(_ kind: LinkSettings.Kind, link: Link, messageSize: Int) throws -> LinkKindDetails?? {
        var settings = LinkSettings()
        settings.name = link.name
        settings.kind = kind
        let growth = textGrowthMayOverflow([link.name, link.kind?.rawValue], messageSize: messageSize)
        guard let bytes = try encode(RouteMessageType.newLink, "link kind", refusalAllowed: growth, { b in try settings.encode(into: &b) })
        else { return nil }
        let decoded = try decode(bytes, "link kind (encoded)", twice: false, { m throws(NetlinkDecodingError) in try Link(decoding: m) })
        guard case .success(let again) = decoded else { throw Failure("link kind: the encoded settings do not decode: \(decoded)") }
        let result = details { () throws(NetlinkDecodingError) in try again.kindDetails() }
        guard case .success(let kindDetails) = result else { throw Failure("link kind: the encoded kind data does not decode: \(result)") }
        return .some(kindDetails)
    }

    /// VXLAN details → `VXLANSettings` (every field it can write) → encoded → decoded details
    /// holding exactly those fields. Not written, so expected absent: `TTL_INHERIT` (a flag on
    /// input, a `u8` in the kernel's replies: not a round trip), `REMCSUM_NOPARTIAL`,
    /// `LOCALBYPASS`, and a DF value outside the kernel's three.
    static func checkVXLANRoundTrip(_ vxlan: VXLANDetails, link: Link, messageSize: Int) throws {
        var settings = VXLANSettings()
        settings.id = vxlan.id
        settings.remote = vxlan.remote
        settings.local = vxlan.local
        settings.deviceIndex = vxlan.deviceIndex
        settings.port = vxlan.port
        settings.ttl = vxlan.ttl
        settings.tos = vxlan.tos
        settings.dontFragment = vxlan.dontFragment.flatMap(VXLANSettings.DontFragment.init(rawValue:))
        settings.flowLabel = vxlan.flowLabel
        settings.learning = vxlan.learning
        settings.ageing = vxlan.ageing
        settings.addressLimit = vxlan.addressLimit
        settings.sourcePorts = vxlan.sourcePortRange.map { ($0.lowerBound, $0.upperBound) }
        settings.proxy = vxlan.proxy
        settings.routeShortCircuit = vxlan.routeShortCircuit
        settings.layer2Miss = vxlan.l2Miss
        settings.layer3Miss = vxlan.l3Miss
        settings.udpChecksum = vxlan.udpChecksum
        settings.zeroChecksum6Transmit = vxlan.udpZeroChecksum6Transmit
        settings.zeroChecksum6Receive = vxlan.udpZeroChecksum6Receive
        settings.remoteChecksumTransmit = vxlan.remoteChecksumTransmit
        settings.remoteChecksumReceive = vxlan.remoteChecksumReceive
        settings.collectMetadata = vxlan.external
        settings.vniFilter = vxlan.vniFilter
        settings.groupPolicy = vxlan.groupPolicy
        settings.genericProtocolExtension = vxlan.genericProtocolExtension
        var expected = vxlan
        expected.ttlInherit = nil
        expected.remoteChecksumNoPartial = false
        expected.localBypass = nil
        if settings.dontFragment == nil { expected.dontFragment = nil }
        guard let again = try kindRoundTrip(.vxlan(settings), link: link, messageSize: messageSize) else { return }
        try require(again == .vxlan(expected), "vxlan round trip:\n  decoded  \(String(describing: again))\n  expected \(expected)")
    }

    /// macvlan/macvtap details → `.macvlan(tap:mode:options:)` (mode, flags, the source address
    /// list as a `set`, broadcast queue length) → encoded → decoded details holding those (no data
    /// at all when none is set; counts and the kernel's own figures are not written).
    static func checkMACVLANRoundTrip(_ macvlan: MACVLANDetails, link: Link, messageSize: Int) throws {
        var options = MACVLANOptions()
        options.flags = macvlan.flags
        options.broadcastQueueLength = macvlan.broadcastQueueLength
        if !macvlan.sourceAddresses.isEmpty { options.sourceAddressChanges = [.set(macvlan.sourceAddresses)] }
        let kind = LinkSettings.Kind.macvlan(tap: link.kind == "macvtap", mode: macvlan.mode, options: options)
        guard let again = try kindRoundTrip(kind, link: link, messageSize: messageSize) else { return }
        var expected = MACVLANDetails()
        expected.mode = macvlan.mode
        expected.flags = macvlan.flags
        expected.broadcastQueueLength = macvlan.broadcastQueueLength
        expected.sourceAddresses = macvlan.sourceAddresses
        let written = macvlan.mode != nil || !options.isEmpty
        try require(
            again == (written ? .macvlan(expected) : nil),
            "macvlan round trip:\n  decoded  \(String(describing: again))\n  expected \(expected)")
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
                ip.bytes.count == (address.family == AddressFamily.inet ? 4 : 16),
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
