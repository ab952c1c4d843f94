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

    /// The namespace IDs assigned in this connection's namespace — or, with `target`, in the
    /// namespace with that ID, each with ``NamespaceIDAssignment/currentID`` (a dump of
    /// `RTM_GETNSID`, like `ip netns list-id [target-nsid ID]`).
    /// - Throws: the kernel's error: `EINVAL` ("Peer netns reference is invalid") for a target ID
    ///   that names no namespace.
    public func namespaceIDs(target: Int32? = nil, retries: Int = 3) async throws(NetlinkError) -> [NamespaceIDAssignment] {
        try await dumpAll(type: RouteMessageType.getNamespaceID, fixedHeaderSize: 4, retries: retries, { b in
            b.append(UInt8(0))  // struct rtgenmsg, padded
            b.appendZeros(3)
            if let target { try b.appendAttribute(NamespaceIDAttribute.targetID, int32: target, .host) }
        }) { message in
            message.type == RouteMessageType.newNamespaceID ? try NamespaceIDAssignment(decoding: message) : nil
        }
    }

    /// The namespace with ID `id` in this connection's namespace, answered with its ID as seen from
    /// the namespace with ID `target` when given (`RTM_GETNSID` with `NETNSA_NSID`, like
    /// `ip netns list-id nsid ID`).
    /// - Throws: the kernel's error: `EINVAL` for an ID that names no namespace.
    public func namespaceIDAssignment(id: Int32, target: Int32? = nil) async throws(NetlinkError) -> NamespaceIDAssignment {
        let ack = try await get(type: RouteMessageType.getNamespaceID, fixedHeaderSize: 4) { b in
            b.append(UInt8(0))
            b.appendZeros(3)
            try b.appendAttribute(NamespaceIDAttribute.id, int32: id, .host)
            if let target { try b.appendAttribute(NamespaceIDAttribute.targetID, int32: target, .host) }
        }
        return try ack.firstReply(missing: "no RTM_NEWNSID in the reply") { message throws(NetlinkDecodingError) in
            message.type == RouteMessageType.newNamespaceID ? try NamespaceIDAssignment(decoding: message) : nil
        }
    }
}
