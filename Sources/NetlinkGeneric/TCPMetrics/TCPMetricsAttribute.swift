import NetlinkCore

/// The `tcp_metrics` generic netlink family (`<linux/tcp_metrics.h>`): what TCP remembers per
/// destination (and source) between connections — RTT, congestion window, slow-start threshold,
/// reordering, TCP Fast Open state. Reads are unprivileged; deletes need `CAP_NET_ADMIN`.
public enum TCPMetrics {
    /// `TCP_METRICS_GENL_NAME`: the family's name, to resolve its ID.
    public static let familyName = "tcp_metrics"
    /// `TCP_METRICS_GENL_VERSION` (1).
    public static let version: UInt8 = 1

    /// `TCP_METRICS_CMD_GET` (1): one entry by address, or every entry with `NLM_F_DUMP`.
    public static let getCommand: UInt8 = 1
    /// `TCP_METRICS_CMD_DEL` (2): one entry by address (and source), or every entry without one.
    public static let deleteCommand: UInt8 = 2
}

/// The attributes of a `tcp_metrics` message (`TCP_METRICS_ATTR_*`).
public enum TCPMetricsAttribute {
    /// `TCP_METRICS_ATTR_ADDR_IPV4` (1): the destination, 4 bytes in network order.
    public static let destinationIPv4: UInt16 = 1
    /// `TCP_METRICS_ATTR_ADDR_IPV6` (2): the destination, 16 bytes.
    public static let destinationIPv6: UInt16 = 2
    /// `TCP_METRICS_ATTR_AGE` (3): u64, milliseconds since the entry was last updated.
    public static let age: UInt16 = 3
    /// `TCP_METRICS_ATTR_TW_TSVAL` (4): u32, the last TIME-WAIT timestamp value (unused since Linux 4.10).
    public static let timeWaitTimestampValue: UInt16 = 4
    /// `TCP_METRICS_ATTR_TW_TS_STAMP` (5): s32, seconds since it was recorded (unused since Linux 4.10).
    public static let timeWaitTimestampStamp: UInt16 = 5
    /// `TCP_METRICS_ATTR_VALS` (6): nested, the metrics (`TCP_METRIC_*` + 1 as the type), u32 each.
    public static let values: UInt16 = 6
    /// `TCP_METRICS_ATTR_FOPEN_MSS` (7): u16, the MSS learned for TCP Fast Open.
    public static let fastOpenMSS: UInt16 = 7
    /// `TCP_METRICS_ATTR_FOPEN_SYN_DROPS` (8): u16, Fast Open SYNs that got no answer.
    public static let fastOpenSynDrops: UInt16 = 8
    /// `TCP_METRICS_ATTR_FOPEN_SYN_DROP_TS` (9): u64, milliseconds since the last such drop.
    public static let fastOpenSynDropTimestamp: UInt16 = 9
    /// `TCP_METRICS_ATTR_FOPEN_COOKIE` (10): the Fast Open cookie, binary.
    public static let fastOpenCookie: UInt16 = 10
    /// `TCP_METRICS_ATTR_SADDR_IPV4` (11): the source, 4 bytes.
    public static let sourceIPv4: UInt16 = 11
    /// `TCP_METRICS_ATTR_SADDR_IPV6` (12): the source, 16 bytes.
    public static let sourceIPv6: UInt16 = 12
    /// `TCP_METRICS_ATTR_PAD` (13): padding for the 64-bit values.
    public static let pad: UInt16 = 13

    /// The metrics inside ``values``: `TCP_METRIC_*` (an index), written as attribute type index + 1.
    public enum Metric {
        /// `TCP_METRIC_RTT` (0): the smoothed RTT in milliseconds, scaled by 8 (old kernels).
        public static let rtt: UInt16 = 0
        /// `TCP_METRIC_RTTVAR` (1): the RTT variance in milliseconds, scaled by 4 (old kernels).
        public static let rttVariance: UInt16 = 1
        /// `TCP_METRIC_SSTHRESH` (2): the slow-start threshold, in segments.
        public static let ssthresh: UInt16 = 2
        /// `TCP_METRIC_CWND` (3): the congestion window, in segments.
        public static let cwnd: UInt16 = 3
        /// `TCP_METRIC_REORDERING` (4): the reordering metric.
        public static let reordering: UInt16 = 4
        /// `TCP_METRIC_RTT_US` (5): the smoothed RTT in microseconds, scaled by 8.
        public static let rttMicroseconds: UInt16 = 5
        /// `TCP_METRIC_RTTVAR_US` (6): the RTT variance in microseconds, scaled by 4.
        public static let rttVarianceMicroseconds: UInt16 = 6
        /// `TCP_METRIC_MAX` (6).
        public static let max: UInt16 = 6
    }
}
