import NetlinkCore

/// One entry of the kernel's TCP metrics cache (`TCP_METRICS_CMD_GET`): a destination, perhaps a
/// source, and what TCP learned of the path — what `ip tcp_metrics` prints.
///
/// Decoding keeps the first of a repeated attribute, as iproute2 does; `encode(into:)` writes what
/// `init(decoding:)` reads (decode → encode → decode gives the entry back).
public struct TCPMetricsEntry: Hashable, Sendable {
    /// `TCP_METRICS_ATTR_ADDR_IPV4` or `_IPV6`.
    public var destination: IPAddress
    /// `TCP_METRICS_ATTR_SADDR_IPV4` or `_IPV6` (kernels since 3.13 key entries by both).
    public var source: IPAddress?
    /// `TCP_METRICS_ATTR_AGE`: milliseconds since the entry was last updated.
    public var age: UInt64?
    /// `TCP_METRICS_ATTR_TW_TSVAL`.
    public var timeWaitTimestampValue: UInt32?
    /// `TCP_METRICS_ATTR_TW_TS_STAMP`.
    public var timeWaitTimestampStamp: Int32?
    /// `TCP_METRICS_ATTR_VALS`: each metric by its index (`TCP_METRIC_*`, ``TCPMetricsAttribute/Metric``),
    /// in the kernel's order; `nil` when the attribute was absent.
    public var metrics: [Metric]?
    /// `TCP_METRICS_ATTR_FOPEN_MSS`.
    public var fastOpenMSS: UInt16?
    /// `TCP_METRICS_ATTR_FOPEN_SYN_DROPS`.
    public var fastOpenSynDrops: UInt16?
    /// `TCP_METRICS_ATTR_FOPEN_SYN_DROP_TS`: milliseconds since the last drop.
    public var fastOpenSynDropTimestamp: UInt64?
    /// `TCP_METRICS_ATTR_FOPEN_COOKIE`.
    public var fastOpenCookie: [UInt8]?

    /// One metric: its index (`TCP_METRIC_*`) and value.
    public struct Metric: Hashable, Sendable {
        /// `TCP_METRIC_*` (the attribute type minus one).
        public var index: UInt16
        /// The value.
        public var value: UInt32
        /// Creates a metric.
        public init(index: UInt16, value: UInt32) {
            self.index = index
            self.value = value
        }
    }

    /// Creates an entry.
    public init(destination: IPAddress, source: IPAddress? = nil) {
        self.destination = destination
        self.source = source
    }

    /// The value of metric `index`, if the entry has it.
    public func metric(_ index: UInt16) -> UInt32? { metrics?.first { $0.index == index }?.value }

    /// The smoothed RTT in microseconds: `TCP_METRIC_RTT_US` / 8, else `TCP_METRIC_RTT` (ms) × 1000 / 8.
    public var rtt: UInt64? {
        if let value = metric(TCPMetricsAttribute.Metric.rttMicroseconds) { return UInt64(value) >> 3 }
        return metric(TCPMetricsAttribute.Metric.rtt).map { UInt64($0) * 1000 >> 3 }
    }

    /// The RTT variance in microseconds: `TCP_METRIC_RTTVAR_US` / 4, else `TCP_METRIC_RTTVAR` (ms) × 1000 / 4.
    public var rttVariance: UInt64? {
        if let value = metric(TCPMetricsAttribute.Metric.rttVarianceMicroseconds) { return UInt64(value) >> 2 }
        return metric(TCPMetricsAttribute.Metric.rttVariance).map { UInt64($0) * 1000 >> 2 }
    }

    /// Decodes a `TCP_METRICS_CMD_GET` reply.
    /// - Throws: `NetlinkDecodingError` for a truncated header or attribute, a value of the wrong
    ///   size, or a message without a destination (`invalidValue`).
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var destination: IPAddress?
        var source: IPAddress?
        var entry = TCPMetricsEntry(destination: .v4(IPv4Address(0)))
        var seen = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            guard seen.insert(attribute.type).inserted else { continue }
            switch attribute.type {
            case TCPMetricsAttribute.destinationIPv4, TCPMetricsAttribute.destinationIPv6:
                if destination == nil { destination = try Self.address(attribute, v6: attribute.type == TCPMetricsAttribute.destinationIPv6) }
            case TCPMetricsAttribute.sourceIPv4, TCPMetricsAttribute.sourceIPv6:
                if source == nil { source = try Self.address(attribute, v6: attribute.type == TCPMetricsAttribute.sourceIPv6) }
            case TCPMetricsAttribute.age: entry.age = try attribute.uint64(.host)
            case TCPMetricsAttribute.timeWaitTimestampValue: entry.timeWaitTimestampValue = try attribute.uint32(.host)
            case TCPMetricsAttribute.timeWaitTimestampStamp: entry.timeWaitTimestampStamp = Int32(bitPattern: try attribute.uint32(.host))
            case TCPMetricsAttribute.values:
                var metrics: [Metric] = []
                var seenMetrics = Set<UInt16>()
                var nested = try attribute.nested()
                while let item = try nested.next() {
                    guard item.type >= 1, seenMetrics.insert(item.type).inserted else { continue }
                    metrics.append(Metric(index: item.type - 1, value: try item.uint32(.host)))
                }
                entry.metrics = metrics
            case TCPMetricsAttribute.fastOpenMSS: entry.fastOpenMSS = try attribute.uint16(.host)
            case TCPMetricsAttribute.fastOpenSynDrops: entry.fastOpenSynDrops = try attribute.uint16(.host)
            case TCPMetricsAttribute.fastOpenSynDropTimestamp: entry.fastOpenSynDropTimestamp = try attribute.uint64(.host)
            case TCPMetricsAttribute.fastOpenCookie: entry.fastOpenCookie = attribute.bytes()
            default: continue
            }
        }
        guard let destination else {
            throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "a tcp_metrics entry without a destination")
        }
        entry.destination = destination
        entry.source = source
        self = entry
    }

    private static func address(_ attribute: borrowing NetlinkAttribute, v6: Bool) throws(NetlinkDecodingError) -> IPAddress {
        let bytes = attribute.bytes()
        guard bytes.count == (v6 ? 16 : 4) else {
            throw NetlinkDecodingError(
                .attributeSizeMismatch, offset: attribute.offset, attributeType: attribute.type, expected: v6 ? 16 : 4,
                actual: bytes.count, context: "tcp_metrics address")
        }
        if v6 { return .v6(IPv6Address(bytes: bytes)!) }
        return .v4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]))
    }

    /// Writes the genl header (`TCP_METRICS_CMD_GET`) and the attributes, as the kernel does.
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        GenericNetlinkHeader(command: TCPMetrics.getCommand, version: TCPMetrics.version).encode(into: &b)
        try Self.appendAddress(destination, v4: TCPMetricsAttribute.destinationIPv4, v6: TCPMetricsAttribute.destinationIPv6, into: &b)
        if let source { try Self.appendAddress(source, v4: TCPMetricsAttribute.sourceIPv4, v6: TCPMetricsAttribute.sourceIPv6, into: &b) }
        if let age { try b.appendAttribute(TCPMetricsAttribute.age, uint64: age, .host) }
        if let timeWaitTimestampValue { try b.appendAttribute(TCPMetricsAttribute.timeWaitTimestampValue, uint32: timeWaitTimestampValue, .host) }
        if let timeWaitTimestampStamp {
            try b.appendAttribute(TCPMetricsAttribute.timeWaitTimestampStamp, uint32: UInt32(bitPattern: timeWaitTimestampStamp), .host)
        }
        if let metrics {
            try b.appendNested(TCPMetricsAttribute.values) { b in
                for metric in metrics { try b.appendAttribute(metric.index &+ 1, uint32: metric.value, .host) }
            }
        }
        if let fastOpenMSS { try b.appendAttribute(TCPMetricsAttribute.fastOpenMSS, uint16: fastOpenMSS, .host) }
        if let fastOpenSynDrops { try b.appendAttribute(TCPMetricsAttribute.fastOpenSynDrops, uint16: fastOpenSynDrops, .host) }
        if let fastOpenSynDropTimestamp { try b.appendAttribute(TCPMetricsAttribute.fastOpenSynDropTimestamp, uint64: fastOpenSynDropTimestamp, .host) }
        if let fastOpenCookie { try b.appendAttribute(TCPMetricsAttribute.fastOpenCookie, bytes: fastOpenCookie) }
    }

    /// The destination (or source) attribute of a request or an entry: `v4` or `v6` by the family.
    static func appendAddress(_ address: IPAddress, v4: UInt16, v6: UInt16, into b: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        switch address {
        case .v4: try b.appendAttribute(v4, bytes: address.bytes)
        case .v6: try b.appendAttribute(v6, bytes: address.bytes)
        }
    }
}
