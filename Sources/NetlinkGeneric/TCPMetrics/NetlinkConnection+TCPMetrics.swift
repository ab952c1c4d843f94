import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The `tcp_metrics` family's ID in this namespace (asked of the controller; pass a
    /// ``GenericFamilyCache`` lookup's `id` to the calls below to skip the question).
    public func tcpMetricsFamilyID() async throws(NetlinkError) -> UInt16 {
        try await genericFamily(named: TCPMetrics.familyName).id
    }

    /// Every entry of the TCP metrics cache (`TCP_METRICS_CMD_GET` with `NLM_F_DUMP`), as
    /// `ip tcp_metrics show` lists them.
    public func tcpMetrics(familyID: UInt16? = nil) async throws(NetlinkError) -> [TCPMetricsEntry] {
        let id = try await genericFamilyID(familyID, named: TCPMetrics.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: TCPMetrics.getCommand, version: TCPMetrics.version).encode(into: &b)
        } decode: { message in
            guard message.type.rawValue == id else { return nil }
            return try TCPMetricsEntry(decoding: message)
        }
    }

    /// The entry of `destination` (and `source`), as `ip tcp_metrics show ADDRESS` asks for it.
    /// - Throws: `NetlinkError` with `ESRCH` when the cache has no such entry.
    public func tcpMetrics(destination: IPAddress, source: IPAddress? = nil, familyID: UInt16? = nil) async throws(NetlinkError)
        -> TCPMetricsEntry
    {
        let id = try await genericFamilyID(familyID, named: TCPMetrics.familyName)
        let answer = try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: TCPMetrics.getCommand, version: TCPMetrics.version).encode(into: &b)
            try Self.appendTCPMetricsKey(destination: destination, source: source, into: &b)
        }
        return try answer.firstReply(ofType: id, missing: "tcp_metrics entry") { m throws(NetlinkDecodingError) in try TCPMetricsEntry(decoding: m) }
    }

    /// Deletes the entry of `destination` (and `source`): `ip tcp_metrics delete ADDRESS`.
    /// - Throws: `NetlinkError` with `ESRCH` when there is none, `EPERM` without `CAP_NET_ADMIN`.
    public func deleteTCPMetrics(destination: IPAddress, source: IPAddress? = nil, familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: TCPMetrics.familyName)
        try await genericExecute(family: id, command: TCPMetrics.deleteCommand, version: TCPMetrics.version) { b in
            try Self.appendTCPMetricsKey(destination: destination, source: source, into: &b)
        }
    }

    /// Deletes every entry (`TCP_METRICS_CMD_DEL` without an address): `ip tcp_metrics flush`.
    public func flushTCPMetrics(familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: TCPMetrics.familyName)
        try await genericExecute(family: id, command: TCPMetrics.deleteCommand, version: TCPMetrics.version)
    }

    private static func appendTCPMetricsKey(destination: IPAddress, source: IPAddress?, into b: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        try TCPMetricsEntry.appendAddress(destination, v4: TCPMetricsAttribute.destinationIPv4, v6: TCPMetricsAttribute.destinationIPv6, into: &b)
        if let source { try TCPMetricsEntry.appendAddress(source, v4: TCPMetricsAttribute.sourceIPv4, v6: TCPMetricsAttribute.sourceIPv6, into: &b) }
    }
}
