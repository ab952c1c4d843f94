import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Every generic netlink family of the connection's namespace (`CTRL_CMD_GETFAMILY` with
    /// `NLM_F_DUMP`), in the kernel's order — what `genl ctrl list` shows.
    ///
    /// The connection must be of family `.generic`.
    public func genericFamilies(retries: Int = 3) async throws(NetlinkError) -> [GenericFamily] {
        try await dumpAll(type: GenericNetlink.controllerID, fixedHeaderSize: GenericNetlinkHeader.size, retries: retries) { b in
            GenericNetlinkHeader(command: ControllerCommand.getFamily).encode(into: &b)
        } decode: { message in
            try GenericFamily(decoding: message)
        }
    }

    /// The family named `name` ("ethtool", "netdev" ...): its ID, operations and groups.
    /// - Throws: `NetlinkError` with `ENOENT` when no such family is registered in this namespace
    ///   (some exist only in the initial one, or only with their module loaded).
    public func genericFamily(named name: String) async throws(NetlinkError) -> GenericFamily {
        try await genericFamily { b throws(NetlinkEncodingError) in
            try b.appendAttribute(ControllerAttribute.familyName, string: name)
        }
    }

    /// The family whose ID is `id`.
    /// - Throws: `NetlinkError` with `ENOENT` when no family has that ID.
    public func genericFamily(id: UInt16) async throws(NetlinkError) -> GenericFamily {
        try await genericFamily { b throws(NetlinkEncodingError) in
            try b.appendAttribute(ControllerAttribute.familyID, uint16: id, .host)
        }
    }

    private func genericFamily(_ selector: (inout NetlinkMessageBuilder) throws(NetlinkEncodingError) -> Void) async throws(NetlinkError) -> GenericFamily {
        let answer = try await get(type: GenericNetlink.controllerID, fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: ControllerCommand.getFamily).encode(into: &b)
            try selector(&b)
        }
        return try answer.firstReply(ofType: GenericNetlink.controllerID.rawValue, missing: "CTRL_CMD_NEWFAMILY") { m throws(NetlinkDecodingError) in
            try GenericFamily(decoding: m)
        }
    }

    /// Joins the multicast group `group` of family `family` by their names (`ctrl`'s `notify`,
    /// ethtool's `monitor` ...) on a new subscription socket: the IDs are asked of the controller.
    /// - Throws: `NetlinkError` with `ENOENT` when the family or the group does not exist here.
    public func subscribe(genericFamily family: String, group: String, configuration: Configuration = Configuration()) async throws(NetlinkError) -> NetlinkConnection {
        let description = try await genericFamily(named: family)
        guard let found = description.multicastGroup(named: group) else {
            throw NetlinkError(.systemCallFailed, errno: .noSuchFileOrDirectory, detail: "family \(family) has no multicast group \(group)")
        }
        return try await subscribe(groups: [found.id], configuration: configuration)
    }
}
