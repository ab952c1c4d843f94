import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The source address of SRv6 encapsulation (`SEG6_CMD_GET_TUNSRC`): `ip sr tunsrc show`.
    public func seg6TunnelSource(familyID: UInt16? = nil) async throws(NetlinkError) -> IPv6Address {
        let id = try await genericFamilyID(familyID, named: SEG6.familyName)
        let answer = try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: SEG6.getTunnelSource, version: SEG6.version).encode(into: &b)
        }
        return try answer.firstReply(ofType: id, missing: "SEG6_ATTR_DST") { m throws(NetlinkDecodingError) -> IPv6Address? in
            var attributes = try m.attributes(afterFixedHeader: GenericNetlinkHeader.size)
            while let attribute = try attributes.next() {
                if attribute.type == SEG6Attribute.destination { return IPv6Address(bytes: attribute.bytes()) }
            }
            return nil
        }
    }

    /// Sets the SRv6 tunnel source: `ip sr tunsrc set ADDRESS`.
    public func setSEG6TunnelSource(_ address: IPv6Address, familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: SEG6.familyName)
        try await genericExecute(family: id, command: SEG6.setTunnelSource, version: SEG6.version) { b in
            try b.appendAttribute(SEG6Attribute.destination, bytes: address.bytes)
        }
    }

    /// The HMAC keys (`SEG6_CMD_DUMPHMAC`): `ip sr hmac show`.
    /// - Throws: `NetlinkError` with errno 524 (`ENOTSUPP`) on a kernel without SRv6 HMAC.
    public func seg6HMACKeys(familyID: UInt16? = nil) async throws(NetlinkError) -> [SEG6HMACKey] {
        let id = try await genericFamilyID(familyID, named: SEG6.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: SEG6.dumpHMAC, version: SEG6.version).encode(into: &b)
        } decode: { message in
            guard message.type.rawValue == id else { return nil }
            return try SEG6HMACKey(decoding: message)
        }
    }
}
