import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The `mptcp_pm` family's ID in this namespace.
    public func mptcpFamilyID() async throws(NetlinkError) -> UInt16 {
        try await genericFamily(named: MPTCPPathManager.familyName).id
    }

    /// Every endpoint (`MPTCP_PM_CMD_GET_ADDR` with `NLM_F_DUMP`): `ip mptcp endpoint show`.
    public func mptcpEndpoints(familyID: UInt16? = nil) async throws(NetlinkError) -> [MPTCPEndpoint] {
        let id = try await genericFamilyID(familyID, named: MPTCPPathManager.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: MPTCPPathManager.getAddress, version: MPTCPPathManager.version).encode(into: &b)
        } decode: { message in
            guard message.type.rawValue == id else { return nil }
            return try MPTCPEndpoint(decodingMessage: message)
        }
    }

    /// The endpoint `endpointID`: `ip mptcp endpoint show id ID`.
    /// - Throws: `NetlinkError` with `EINVAL` (and the kernel's message) when there is none.
    public func mptcpEndpoint(id endpointID: UInt8, familyID: UInt16? = nil) async throws(NetlinkError) -> MPTCPEndpoint {
        let id = try await genericFamilyID(familyID, named: MPTCPPathManager.familyName)
        let answer = try await mptcpRequest(MPTCPPathManager.getAddress, familyID: id, reply: true) { b throws(NetlinkEncodingError) in
            try MPTCPEndpoint(id: endpointID).encodeAttributes(into: &b)
        }
        return try answer.firstReply(ofType: id, missing: "endpoint") { m throws(NetlinkDecodingError) in try MPTCPEndpoint(decodingMessage: m) }
    }

    /// Adds an endpoint: `ip mptcp endpoint add ADDRESS [dev NAME] [id ID] [port NR] [FLAGS]`.
    public func addMPTCPEndpoint(_ endpoint: MPTCPEndpoint, familyID: UInt16? = nil) async throws(NetlinkError) {
        _ = try await mptcpRequest(MPTCPPathManager.addAddress, familyID: familyID) { b throws(NetlinkEncodingError) in
            try endpoint.encodeAttributes(into: &b)
        }
    }

    /// Deletes the endpoint `endpointID` (ID 0 needs its `address`): `ip mptcp endpoint delete id ID`.
    public func deleteMPTCPEndpoint(id endpointID: UInt8, address: IPAddress? = nil, familyID: UInt16? = nil) async throws(NetlinkError) {
        _ = try await mptcpRequest(MPTCPPathManager.deleteAddress, familyID: familyID) { b throws(NetlinkEncodingError) in
            try MPTCPEndpoint(address: address, id: endpointID).encodeAttributes(into: &b)
        }
    }

    /// Changes an endpoint's `backup` and `fullmesh` flags: `ip mptcp endpoint change ...`.
    public func changeMPTCPEndpoint(_ endpoint: MPTCPEndpoint, familyID: UInt16? = nil) async throws(NetlinkError) {
        _ = try await mptcpRequest(MPTCPPathManager.setFlags, familyID: familyID) { b throws(NetlinkEncodingError) in
            try endpoint.encodeAttributes(into: &b)
        }
    }

    /// Deletes every endpoint: `ip mptcp endpoint flush`.
    public func flushMPTCPEndpoints(familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: MPTCPPathManager.familyName)
        try await genericExecute(family: id, command: MPTCPPathManager.flushAddresses, version: MPTCPPathManager.version)
    }

    /// The limits: `ip mptcp limits show`.
    public func mptcpLimits(familyID: UInt16? = nil) async throws(NetlinkError) -> MPTCPLimits {
        let id = try await genericFamilyID(familyID, named: MPTCPPathManager.familyName)
        let answer = try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: MPTCPPathManager.getLimits, version: MPTCPPathManager.version).encode(into: &b)
        }
        return try answer.firstReply(ofType: id, missing: "limits") { m throws(NetlinkDecodingError) in try MPTCPLimits(decoding: m) }
    }

    /// Sets the limits given: `ip mptcp limits set [subflows NR] [add_addr_accepted NR]`.
    public func setMPTCPLimits(_ limits: MPTCPLimits, familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: MPTCPPathManager.familyName)
        try await genericExecute(family: id, command: MPTCPPathManager.setLimits, version: MPTCPPathManager.version) { b in
            if let value = limits.addAddressAccepted { try b.appendAttribute(MPTCPAttribute.receivedAddAddresses, uint32: value, .host) }
            if let value = limits.subflows { try b.appendAttribute(MPTCPAttribute.subflows, uint32: value, .host) }
        }
    }

    /// A request whose payload is one `MPTCP_PM_ATTR_ADDR` nest written by `body`; with `reply`, a
    /// GET answered by one message (no acknowledgement asked).
    private func mptcpRequest(
        _ command: UInt8, familyID: UInt16?, reply: Bool = false, _ body: (inout NetlinkMessageBuilder) throws(NetlinkEncodingError) -> Void
    ) async throws(NetlinkError) -> NetlinkAcknowledgement {
        let id = try await genericFamilyID(familyID, named: MPTCPPathManager.familyName)
        let build = { (b: inout NetlinkMessageBuilder) throws in
            GenericNetlinkHeader(command: command, version: MPTCPPathManager.version).encode(into: &b)
            try b.appendNested(MPTCPAttribute.address) { b in try body(&b) }
        }
        if reply { return try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size, build) }
        return try await execute(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size, build)
    }
}
