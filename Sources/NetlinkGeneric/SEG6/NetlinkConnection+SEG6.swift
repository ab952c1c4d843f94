import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The source address of SRv6 encapsulation (`SEG6_CMD_GET_TUNSRC`): `ip sr tunsrc show`.
    public func seg6TunnelSource(familyID: UInt16? = nil) async throws(NetlinkError) -> IPv6Address {
        let id = try await resolvedSEG6ID(familyID)
        let answer = try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: SEG6.getTunnelSource, version: SEG6.version).encode(into: &b)
        }
        var found: IPv6Address?
        do {
            try answer.forEachReply { message in
                var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
                while let attribute = try attributes.next() {
                    if found == nil, attribute.type == SEG6Attribute.destination { found = IPv6Address(bytes: attribute.bytes()) }
                }
            }
        } catch {
            throw NetlinkError(.malformedReply, sequence: answer.sequence, decodingError: error as? NetlinkDecodingError)
        }
        guard let found else { throw NetlinkError(.malformedReply, sequence: answer.sequence, detail: "no SEG6_ATTR_DST in the reply") }
        return found
    }

    /// Sets the SRv6 tunnel source: `ip sr tunsrc set ADDRESS`.
    public func setSEG6TunnelSource(_ address: IPv6Address, familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await resolvedSEG6ID(familyID)
        try await genericExecute(family: id, command: SEG6.setTunnelSource, version: SEG6.version) { b in
            try b.appendAttribute(SEG6Attribute.destination, bytes: address.bytes)
        }
    }

    /// The HMAC keys (`SEG6_CMD_DUMPHMAC`): `ip sr hmac show`.
    /// - Throws: `NetlinkError` with errno 524 (`ENOTSUPP`) on a kernel without SRv6 HMAC.
    public func seg6HMACKeys(familyID: UInt16? = nil) async throws(NetlinkError) -> [SEG6HMACKey] {
        let id = try await resolvedSEG6ID(familyID)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: SEG6.dumpHMAC, version: SEG6.version).encode(into: &b)
        } decode: { message in
            guard message.type.rawValue == id else { return nil }
            return try SEG6HMACKey(decoding: message)
        }
    }

    private func resolvedSEG6ID(_ id: UInt16?) async throws(NetlinkError) -> UInt16 {
        if let id { return id }
        return try await genericFamily(named: SEG6.familyName).id
    }
}
