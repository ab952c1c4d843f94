import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Streams the links: a dump of `RTM_GETLINK` whose messages decode with ``Link/init(decoding:)``.
    ///
    /// Link dumps are often flagged interrupted under churn; this stream throws
    /// `NetlinkError/Code/dumpInterrupted` at its end then. `links()` retries instead.
    public func linkDump(acceptInterrupted: Bool = false) -> NetlinkDump {
        dump(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, acceptInterrupted: acceptInterrupted) { b in
            InterfaceInfoMessage().encode(into: &b)
        }
    }

    /// Starts a link dump whose request carries `filter`'s kernel-side fields (`IFLA_MASTER`,
    /// `IFLA_LINKINFO` > `IFLA_INFO_KIND`): the raw datagrams, whose messages carry
    /// `NLM_F_DUMP_FILTERED` when the kernel filtered. Not filtered in user space here:
    /// ``linkStream(filter:family:)`` and ``links(filter:family:retries:)`` do that.
    public func linkDump(filter: LinkFilter, family: AddressFamily = 0, acceptInterrupted: Bool = false) -> NetlinkDump {
        dump(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, acceptInterrupted: acceptInterrupted) { b in
            try filter.encodeDumpRequest(family: family, into: &b)
        }
    }

    /// Streams the links that pass `filter`, decoded as they arrive, with bounded memory (see
    /// ``LinkStream``). An interrupted dump throws `NetlinkError/Code/dumpInterrupted` at its end.
    public func linkStream(filter: LinkFilter = LinkFilter(), family: AddressFamily = 0) -> LinkStream {
        LinkStream(dump: linkDump(filter: filter, family: family), filter: filter)
    }

    /// The links that pass `filter`, asking the kernel to filter by master and kind (see
    /// ``LinkFilter`` for what is checked again here); an interrupted dump is retried up to
    /// `retries` times.
    public func links(filter: LinkFilter, family: AddressFamily = 0, retries: Int = 5) async throws(NetlinkError) -> [Link] {
        try await dumpAll(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, retries: retries, { b in
            try filter.encodeDumpRequest(family: family, into: &b)
        }) { message in
            guard message.type == RouteMessageType.newLink else { return nil }
            let link = try Link(decoding: message)
            return filter.matches(link, kernelFiltered: message.flags.contains(.dumpFiltered)) ? link : nil
        }
    }

    /// Every link, decoded; an interrupted dump is retried up to `retries` times.
    ///
    /// - Parameters:
    ///   - family: `AF_UNSPEC` (0) for the links themselves; `AF_INET6` (10) gives the IPv6 view the
    ///     kernel keeps of each link (fewer attributes: no qdisc, no group), as `ip -6` shows it.
    ///   - retries: How many times an interrupted dump (`NLM_F_DUMP_INTR`) is started again.
    public func links(family: AddressFamily = 0, retries: Int = 5) async throws(NetlinkError) -> [Link] {
        try await dumpAll(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, retries: retries, { b in
            InterfaceInfoMessage(family: family).encode(into: &b)
        }) { message in
            message.type == RouteMessageType.newLink ? try Link(decoding: message) : nil
        }
    }

    /// The link called `name` (`IFLA_IFNAME`, or an alternative name).
    /// - Parameters:
    ///   - name: The name, matched byte for byte by the kernel (16 bytes or more: as an alternative name).
    ///   - statistics: Whether the reply carries the link's counters (`IFLA_STATS64`); without them
    ///     (`RTEXT_FILTER_SKIP_STATS`, as `ip link show` without `-s` asks) the kernel does less work
    ///     and ``Link/statistics`` is `nil`.
    /// - Throws: `ENODEV` from the kernel when there is none.
    public func link(named name: String, statistics: Bool = true) async throws(NetlinkError) -> Link {
        let ack = try await get(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
            InterfaceInfoMessage().encode(into: &b)
            try b.appendAttribute(name.rawByteCount < 16 ? LinkAttribute.name : LinkAttribute.alternativeName, string: name)
            if !statistics { try b.appendAttribute(LinkAttribute.extendedMask, uint32: Self.skipStatisticsMask, .host) }
        }
        return try Self.singleLink(ack)
    }

    /// A link name has 1 to 15 bytes (`IFNAMSIZ` less the NUL): checked before sending, since the
    /// kernel's answer to a longer `IFLA_IFNAME` does not say which name is wrong.
    static func checkLinkName(_ name: String, request: String) throws(NetlinkError) {
        let length = name.rawByteCount
        guard length > 0, length < 16 else {
            throw NetlinkError(
                .encodingFailed, errno: .invalidArgument, request: request,
                detail: "a link name has 1 to 15 bytes: \"\(name)\" has \(length)")
        }
    }

    /// `RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS`: the mask iproute2 sends when it shows no counters.
    static let skipStatisticsMask: UInt32 = 1 << 0 | 1 << 3

    /// The link with interface index `index`.
    public func link(index: Int32, statistics: Bool = true) async throws(NetlinkError) -> Link {
        let ack = try await get(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
            InterfaceInfoMessage(index: index).encode(into: &b)
            if !statistics { try b.appendAttribute(LinkAttribute.extendedMask, uint32: Self.skipStatisticsMask, .host) }
        }
        return try Self.singleLink(ack)
    }

    private static func singleLink(_ ack: NetlinkAcknowledgement) throws(NetlinkError) -> Link {
        try ack.firstReply(missing: "no RTM_NEWLINK in the reply") { message throws(NetlinkDecodingError) in
            message.type == RouteMessageType.newLink ? try Link(decoding: message) : nil
        }
    }

    /// Creates a veth pair `name` — `peerName`, the peer optionally in another namespace.
    public func createVethPair(name: String, peerName: String, peerNamespace: NetworkNamespace? = nil) async throws(NetlinkError) {
        try Self.checkLinkName(name, request: "create veth pair \(name) and \(peerName)")
        try Self.checkLinkName(peerName, request: "create veth pair \(name) and \(peerName)")
        try await asking("create veth pair \(name) and \(peerName)", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.newLink, flags: [.create, .exclusive], fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage().encode(into: &b)
                try b.appendAttribute(LinkAttribute.name, string: name)
                try b.appendNested(LinkAttribute.linkInfo) { b in
                    try b.appendAttribute(LinkAttribute.Info.kind, string: "veth")
                    try b.appendNested(LinkAttribute.Info.data) { b in
                        try b.appendNested(LinkAttribute.Veth.peer) { b in
                            InterfaceInfoMessage().encode(into: &b)
                            try b.appendAttribute(LinkAttribute.name, string: peerName)
                            if let peerNamespace {
                                try b.appendAttribute(LinkAttribute.namespaceFD, uint32: UInt32(bitPattern: peerNamespace.descriptor), .host)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Creates a link of a kind that needs no kind data (``LinkKind/bridge``, ``LinkKind/ifb`` ...).
    public func createLink(name: String, kind: LinkKind, mtu: UInt32? = nil) async throws(NetlinkError) {
        try Self.checkLinkName(name, request: "create link \(name) (\(kind))")
        try await asking("create link \(name) (\(kind))", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.newLink, flags: [.create, .exclusive], fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage().encode(into: &b)
                try b.appendAttribute(LinkAttribute.name, string: name)
                if let mtu { try b.appendAttribute(LinkAttribute.mtu, uint32: mtu, .host) }
                try b.appendNested(LinkAttribute.linkInfo) { b in
                    try b.appendAttribute(LinkAttribute.Info.kind, string: kind.rawValue)
                }
            }
        }
    }

    /// Deletes the link with index `index`.
    public func deleteLink(index: Int32) async throws(NetlinkError) {
        try await asking("delete link \(index)", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.deleteLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage(index: index).encode(into: &b)
            }
        }
    }

    /// Deletes the link called `name`.
    public func deleteLink(named name: String) async throws(NetlinkError) {
        try await asking("delete link \(name)", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.deleteLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage().encode(into: &b)
                try b.appendAttribute(LinkAttribute.name, string: name)
            }
        }
    }

    /// Sets a link administratively up or down.
    public func setLink(index: Int32, up: Bool) async throws(NetlinkError) {
        try await asking("set link \(index) \(up ? "up" : "down")", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.newLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage(index: index, flags: up ? InterfaceFlags.up.rawValue : 0, change: InterfaceFlags.up.rawValue).encode(into: &b)
            }
        }
    }

    /// Sets a link's MTU.
    public func setLink(index: Int32, mtu: UInt32) async throws(NetlinkError) {
        try await asking("set link \(index) mtu \(mtu)", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.newLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage(index: index).encode(into: &b)
                try b.appendAttribute(LinkAttribute.mtu, uint32: mtu, .host)
            }
        }
    }

    /// Moves a link into another namespace (`ip link set dev NAME netns NS`) and returns the index
    /// it has there: the same number when it is free in that namespace, else one the kernel chose.
    ///
    /// The new index is found by the link's name in the namespace, asked right after the move.
    @discardableResult
    public func moveLink(index: Int32, to namespace: NetworkNamespace) async throws(NetlinkError) -> Int32 {
        let name = try await link(index: index, statistics: false).name
        try await execute(type: RouteMessageType.newLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
            InterfaceInfoMessage(index: index).encode(into: &b)
            try b.appendAttribute(LinkAttribute.namespaceFD, uint32: UInt32(bitPattern: namespace.descriptor), .host)
        }
        let there = try await NetlinkConnection(family: .route, namespace: namespace)
        return try await there.link(named: name, statistics: false).index
    }

    /// Renames a link (`ip link set dev OLD name NEW`). Older kernels refuse to rename a link that
    /// is up (`EBUSY`: set it down first); newer ones, such as 6.18, rename it. A name of 16 bytes or
    /// more is refused here, before anything is sent.
    public func renameLink(index: Int32, to name: String) async throws(NetlinkError) {
        try Self.checkLinkName(name, request: "rename link \(index) to \(name)")
        try await execute(type: RouteMessageType.newLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
            InterfaceInfoMessage(index: index).encode(into: &b)
            try b.appendAttribute(LinkAttribute.name, string: name)
        }
    }

    /// Makes `masterIndex` (a bridge, a bond, a VRF) the link's master: `ip link set dev PORT master MASTER`.
    public func setMaster(ofLink index: Int32, to masterIndex: Int32) async throws(NetlinkError) {
        try await asking("set link \(index) master \(masterIndex)", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.newLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage(index: index).encode(into: &b)
                try b.appendAttribute(LinkAttribute.master, uint32: UInt32(bitPattern: masterIndex), .host)
            }
        }
    }

    /// Takes the link out of its master: `ip link set dev PORT nomaster` (IFLA_MASTER 0).
    public func removeMaster(ofLink index: Int32) async throws(NetlinkError) {
        try await setMaster(ofLink: index, to: 0)
    }

    /// Sets a link's hardware address (`ip link set dev NAME address LLADDR`).
    public func setLink(index: Int32, address: [UInt8]) async throws(NetlinkError) {
        try await asking("set link \(index) address", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.newLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage(index: index).encode(into: &b)
                try b.appendAttribute(LinkAttribute.address, bytes: address)
            }
        }
    }

    /// Adds alternative names to a link (`RTM_NEWLINKPROP`: `ip link property add dev NAME altname
    /// ALT ...`). A name is found by the kernel like the link's own (`ip link show ALT`); it may be
    /// up to 127 bytes. Its bytes are sent as they are (the string's `rawBytes`).
    ///
    /// - Throws: the kernel's error: `EEXIST` for a name some link has, `EINVAL` for one that is
    ///   not a valid name, `ENODEV` for no such link.
    public func addAlternativeNames(_ names: [String], toLinkAt index: Int32) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.newLinkProperty, flags: [.exclusive, .create, .append], fixedHeaderSize: InterfaceInfoMessage.size) { b in
            try Self.encodeProperties(names, index: index, into: &b)
        }
    }

    /// Deletes alternative names of a link (`RTM_DELLINKPROP`: `ip link property del ...`).
    ///
    /// - Throws: the kernel's error: `ENOENT` for a name the link does not have.
    public func deleteAlternativeNames(_ names: [String], fromLinkAt index: Int32) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.deleteLinkProperty, fixedHeaderSize: InterfaceInfoMessage.size) { b in
            try Self.encodeProperties(names, index: index, into: &b)
        }
    }

    /// `struct ifinfomsg` for `index`, then `IFLA_PROP_LIST` with an `IFLA_ALT_IFNAME` per name.
    static func encodeProperties(_ names: [String], index: Int32, family: AddressFamily = 0, into b: inout NetlinkMessageBuilder) throws {
        InterfaceInfoMessage(family: family, index: index).encode(into: &b)
        try b.appendNested(LinkAttribute.propertyList) { b in
            for name in names { try b.appendAttribute(LinkAttribute.alternativeName, string: name) }
        }
    }

    /// Sets a link's Ethernet address (`ip link set dev NAME address 02:00:5e:10:20:30`).
    public func setLink(index: Int32, address: MACAddress) async throws(NetlinkError) {
        try await setLink(index: index, address: address.bytes)
    }
}

extension NetlinkConnection {
    /// Creates a link (`RTM_NEWLINK` with `NLM_F_CREATE | NLM_F_EXCL`).
    public func addLink(_ settings: LinkSettings) async throws(NetlinkError) {
        if let name = settings.name { try Self.checkLinkName(name, request: "create link \(name)") }
        try await asking("create link \(settings.name ?? "")", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.newLink, flags: [.create, .exclusive], fixedHeaderSize: InterfaceInfoMessage.size) { b in
                try settings.encode(into: &b)
            }
        }
    }

    /// Changes the link with index `index` (`RTM_NEWLINK` without `NLM_F_CREATE`).
    public func changeLink(index: Int32, _ settings: LinkSettings) async throws(NetlinkError) {
        try await asking("change link \(index)", naming: LinkAttributeNames()) { () async throws(NetlinkError) in
            try await execute(type: RouteMessageType.newLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
                try settings.encode(into: &b, index: index)
            }
        }
    }
}

extension LinkSettings {
    /// Move into this namespace (`IFLA_NET_NS_FD`): sets ``namespaceDescriptor`` and keeps the
    /// namespace open as long as these settings live.
    public var namespace: NetworkNamespace? {
        get { namespaceOwner as? NetworkNamespace }
        set {
            namespaceDescriptor = newValue?.descriptor
            namespaceOwner = newValue
        }
    }
}
