import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The messages of a `CTRL_CMD_GETPOLICY` dump for the family named `name` (or with ID `id`),
    /// for every operation or only `operation`, in the kernel's order — what `genl ctrl policy` prints.
    /// - Throws: `NetlinkError` with `ENOENT` for an unknown family, `EOPNOTSUPP` for one without
    ///   policies.
    public func genericPolicyMessages(family name: String? = nil, id: UInt16? = nil, operation: UInt32? = nil) async throws(NetlinkError)
        -> [GenericPolicyMessage]
    {
        try await dumpAll(type: GenericNetlink.controllerID, fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: ControllerCommand.getPolicy).encode(into: &b)
            if let name { try b.appendAttribute(ControllerAttribute.familyName, string: name) }
            if let id { try b.appendAttribute(ControllerAttribute.familyID, uint16: id, .host) }
            if let operation { try b.appendAttribute(ControllerAttribute.operation, uint32: operation, .host) }
        } decode: { message in
            try GenericPolicyMessage(decoding: message)
        }
    }

    /// A family's policies as one tree (``GenericPolicies``): which policy each operation uses and
    /// what each allows, as this kernel states it.
    public func genericPolicies(family name: String, operation: UInt32? = nil) async throws(NetlinkError) -> GenericPolicies {
        GenericPolicies(try await genericPolicyMessages(family: name, operation: operation))
    }
}
