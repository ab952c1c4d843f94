import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Assigns the ID `id` to `namespace`, as seen from this connection's namespace (`RTM_NEWNSID`,
    /// like `ip netns set NAME ID`).
    public func setNamespaceID(_ id: Int32, for namespace: NetworkNamespace) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.newNamespaceID, fixedHeaderSize: 4) { b in
            b.append(UInt8(0))  // struct rtgenmsg { rtgen_family }, padded
            b.appendZeros(3)
            try b.appendAttribute(NamespaceIDAttribute.fd, uint32: UInt32(bitPattern: namespace.descriptor), .host)
            try b.appendAttribute(NamespaceIDAttribute.id, int32: id, .host)
        }
    }

    /// The ID of `namespace` as seen from this connection's namespace, or `nil` when none is assigned
    /// (`RTM_GETNSID`).
    public func namespaceID(of namespace: NetworkNamespace) async throws(NetlinkError) -> Int32? {
        let ack = try await execute(type: RouteMessageType.getNamespaceID, fixedHeaderSize: 4) { b in
            b.append(UInt8(0))
            b.appendZeros(3)
            try b.appendAttribute(NamespaceIDAttribute.fd, uint32: UInt32(bitPattern: namespace.descriptor), .host)
        }
        var id: Int32?
        do {
            try ack.forEachReply { message in
                var attributes = try message.attributes(afterFixedHeader: 4)
                while let attribute = try attributes.next() {
                    if attribute.type == NamespaceIDAttribute.id { id = try attribute.int32(.host) }
                }
            }
        } catch let error as NetlinkError {
            throw error
        } catch {
            throw NetlinkError(.malformedReply, decodingError: error as? NetlinkDecodingError)
        }
        // NETNSA_NSID_NOT_ASSIGNED is -1.
        return id == -1 ? nil : id
    }
}
