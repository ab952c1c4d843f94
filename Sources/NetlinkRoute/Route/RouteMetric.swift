/// Route metrics: the attribute types nested in `RTA_METRICS` (`RTAX_*` of `<linux/rtnetlink.h>`).
///
/// Each is a u32 in host byte order except ``congestionControl``, a string. All of them are in
/// the 6.1 headers.
public enum RouteMetric {
    /// `RTAX_LOCK` (1): a bit mask of the metrics locked against path MTU discovery and the like
    /// (bit `1 << RTAX_MTU` locks the MTU).
    public static let lock: UInt16 = 1
    /// `RTAX_MTU` (2): the path MTU.
    public static let mtu: UInt16 = 2
    /// `RTAX_WINDOW` (3): the TCP window clamp.
    public static let window: UInt16 = 3
    /// `RTAX_RTT` (4): the initial round-trip time estimate.
    public static let rtt: UInt16 = 4
    /// `RTAX_RTTVAR` (5): the initial round-trip time variance.
    public static let rttVariance: UInt16 = 5
    /// `RTAX_SSTHRESH` (6): the initial slow-start threshold.
    public static let slowStartThreshold: UInt16 = 6
    /// `RTAX_CWND` (7): the congestion window clamp.
    public static let congestionWindow: UInt16 = 7
    /// `RTAX_ADVMSS` (8): the advertised TCP maximum segment size.
    public static let advertisedMSS: UInt16 = 8
    /// `RTAX_REORDERING` (9): the initial reordering estimate.
    public static let reordering: UInt16 = 9
    /// `RTAX_HOPLIMIT` (10): the hop limit (TTL) of outgoing packets.
    public static let hopLimit: UInt16 = 10
    /// `RTAX_INITCWND` (11): the initial congestion window.
    public static let initialCongestionWindow: UInt16 = 11
    /// `RTAX_FEATURES` (12): `RTAX_FEATURE_*` bits (ECN 1, SACK 2, TIMESTAMP 4, ALLFRAG 8).
    public static let features: UInt16 = 12
    /// `RTAX_RTO_MIN` (13): the minimum retransmission timeout.
    public static let minimumRTO: UInt16 = 13
    /// `RTAX_INITRWND` (14): the initial receive window.
    public static let initialReceiveWindow: UInt16 = 14
    /// `RTAX_QUICKACK` (15): disable delayed ACKs.
    public static let quickAck: UInt16 = 15
    /// `RTAX_CC_ALGO` (16): the congestion control algorithm, a string ("cubic", "bbr").
    public static let congestionControl: UInt16 = 16
    /// `RTAX_FASTOPEN_NO_COOKIE` (17): TCP Fast Open without a cookie.
    public static let fastOpenNoCookie: UInt16 = 17

    /// The largest metric type this code knows. The corresponding C constant is `RTAX_MAX` (17).
    public static let maximumKnown: UInt16 = 17
}
