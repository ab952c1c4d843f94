import Netlink
import NetlinkCore

/// What `ip route get` shows: the route the kernel resolved, and the attributes ``Route`` does not keep.
public struct RouteLookup: Sendable {
    /// The resolved route.
    public var route: Route
    /// `RTA_UID` (25): the user id the lookup was made for, when the kernel reports it.
    public var uid: UInt32?
}

extension NetlinkConnection {
    /// Sends `RTM_NEWROUTE` with the given request flags (`NLM_F_REPLACE` alone is `ip route change`,
    /// `NLM_F_CREATE` alone `ip route prepend`, `NLM_F_EXCL` alone `ip route test`).
    public func modifyRoute(_ route: Route, flags: NetlinkMessageFlags) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.newRoute, flags: flags, fixedHeaderSize: RouteMessage.size) { b in
            try route.encode(into: &b, for: .add)
        }
    }

    /// `RTM_GETROUTE` for one destination, like ``getRoute(to:from:inputIndex:outputIndex:mark:fibMatch:)``,
    /// with explicit prefix lengths (`ip route get 10.0.0.0/8`) and the user id of the reply.
    public func lookupRoute(
        to destination: IPAddress, prefixLength: UInt8, from source: IPAddress? = nil, sourcePrefixLength: UInt8 = 0,
        inputIndex: Int32? = nil, outputIndex: Int32? = nil, mark: UInt32? = nil, uid: UInt32? = nil, fibMatch: Bool = false, tos: UInt8 = 0,
        ipProtocol: UInt8? = nil, sourcePort: UInt16? = nil, destinationPort: UInt16? = nil
    ) async throws(NetlinkError) -> RouteLookup {
        let family = AddressFamily(of: destination)
        var flags: RouteFlags = fibMatch ? .fibMatch : []
        if family == AddressFamily.inet { flags.insert(.lookupTable) }
        let ack = try await execute(type: RouteMessageType.getRoute, fixedHeaderSize: RouteMessage.size) { b in
            RouteMessage(family: family, destinationLength: prefixLength, sourceLength: source == nil ? 0 : sourcePrefixLength, tos: tos, flags: flags)
                .encode(into: &b)
            try b.appendAttribute(RouteAttribute.destination, ip: destination)
            if let source { try b.appendAttribute(RouteAttribute.source, ip: source) }
            if let inputIndex { try b.appendAttribute(RouteAttribute.inputInterface, int32: inputIndex, .host) }
            if let outputIndex { try b.appendAttribute(RouteAttribute.outputInterface, int32: outputIndex, .host) }
            if let mark { try b.appendAttribute(RouteAttribute.mark, uint32: mark, .host) }
            if let uid { try b.appendAttribute(25, uint32: uid, .host) }
            // RTA_IP_PROTO (27, u8), RTA_SPORT (28) and RTA_DPORT (29): be16, network byte order.
            if let ipProtocol { try b.appendAttribute(27, uint8: ipProtocol) }
            if let sourcePort { try b.appendAttribute(28, bytes: [UInt8(sourcePort >> 8), UInt8(sourcePort & 0xFF)]) }
            if let destinationPort { try b.appendAttribute(29, bytes: [UInt8(destinationPort >> 8), UInt8(destinationPort & 0xFF)]) }
        }
        var found: RouteLookup?
        do {
            try ack.forEachReply { message in
                guard found == nil, message.type == RouteMessageType.newRoute else { return }
                let route = try Route(decoding: message)
                var uid: UInt32?
                var attributes = try message.attributes(afterFixedHeader: RouteMessage.size)
                while let attribute = try attributes.next() {
                    if attribute.type == 25 { uid = try attribute.uint32(.host) }
                }
                found = RouteLookup(route: route, uid: uid)
            }
        } catch let error as NetlinkError {
            throw error
        } catch {
            throw NetlinkError(.malformedReply, sequence: ack.sequence, decodingError: error as? NetlinkDecodingError)
        }
        guard let found else {
            throw NetlinkError(.malformedReply, sequence: ack.sequence, detail: "no RTM_NEWROUTE in the reply")
        }
        return found
    }
}
