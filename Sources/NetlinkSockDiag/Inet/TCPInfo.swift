import NetlinkCore

/// A TCP connection's state as `INET_DIAG_INFO` carries it (`struct tcp_info` of `<linux/tcp.h>`,
/// 232 bytes in the 6.1 headers): the structure grows at its end as kernels add fields, so each
/// field is read where the payload holds it (`nil` past its end) and ``raw`` keeps every byte.
///
/// ```text
///   0 state ca_state retransmits probes backoff options wscale(4:4) flags   8 rto ato snd_mss rcv_mss
///  24 unacked sacked lost retrans fackets  44 last_data_sent … last_ack_recv  60 pmtu rcv_ssthresh
///  68 rtt rttvar snd_ssthresh snd_cwnd advmss reordering rcv_rtt rcv_space total_retrans (u32 each)
/// 104 pacing_rate max_pacing_rate bytes_acked bytes_received (u64)  136 segs_out segs_in notsent_bytes
/// min_rtt data_segs_in data_segs_out (u32)  160 delivery_rate busy_time rwnd_limited sndbuf_limited
/// (u64)  192 delivered delivered_ce  200 bytes_sent bytes_retrans  216 dsack_dups reord_seen
/// rcv_ooopack snd_wnd
/// ```
public struct TCPInfo: Hashable, Sendable {
    /// The offsets of the 6.1 fields (checked against the C structure by the conformance tests).
    public enum Offset {
        public static let state = 0, congestionState = 1, retransmits = 2, probes = 3, backoff = 4, options = 5, windowScales = 6
        public static let rto = 8, ato = 12, sendMSS = 16, receiveMSS = 20, unacknowledged = 24, sacked = 28, lost = 32, retransmitted = 36
        public static let lastDataSent = 44, lastDataReceived = 52, lastAckReceived = 56, pathMTU = 60, receiveSlowStartThreshold = 64
        public static let rtt = 68, rttVariance = 72, sendSlowStartThreshold = 76, congestionWindow = 80, advertisedMSS = 84, reordering = 88
        public static let receiveRTT = 92, receiveSpace = 96, totalRetransmits = 100, pacingRate = 104, maxPacingRate = 112
        public static let bytesAcknowledged = 120, bytesReceived = 128, segmentsOut = 136, segmentsIn = 140, notSentBytes = 144, minRTT = 148
        public static let deliveryRate = 160, bytesSent = 200, bytesRetransmitted = 208, sendWindow = 228
        public static let fackets = 40, lastAckSent = 48, dataSegmentsIn = 152, dataSegmentsOut = 156, busyTime = 168, receiveWindowLimited = 176, sendBufferLimited = 184, delivered = 192, deliveredCE = 196, dsackDuplicates = 216, reorderSeen = 220, receiveOutOfOrder = 224
        /// `sizeof(struct tcp_info)` in the 6.1 headers.
        public static let size61 = 232
    }

    /// The payload as the kernel sent it.
    public var raw: [UInt8]

    /// Creates a value from the structure's bytes.
    public init(raw: [UInt8]) { self.raw = raw }

    /// Reads `T` at `offset`, or `nil` when the payload is shorter.
    public func field<T: FixedWidthInteger>(_ offset: Int, as _: T.Type = T.self) -> T? {
        guard offset >= 0, offset + MemoryLayout<T>.size <= raw.count else { return nil }
        return raw.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// `tcpi_state`.
    public var state: TCPState? { field(Offset.state, as: UInt8.self).map(TCPState.init(rawValue:)) }
    /// `tcpi_ca_state`: 0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss.
    public var congestionState: UInt8? { field(Offset.congestionState) }
    /// `tcpi_retransmits`.
    public var retransmits: UInt8? { field(Offset.retransmits) }
    /// `tcpi_options` (`TCPI_OPT_TIMESTAMPS` 1, `_SACK` 2, `_WSCALE` 4, `_ECN` 8, `_ECN_SEEN` 16, `_SYN_DATA` 32).
    public var options: UInt8? { field(Offset.options) }
    /// `tcpi_snd_wscale` (the low four bits) and `tcpi_rcv_wscale`.
    public var windowScales: (send: UInt8, receive: UInt8)? {
        field(Offset.windowScales, as: UInt8.self).map { ($0 & 0x0F, $0 >> 4) }
    }
    /// `tcpi_rto`, microseconds.
    public var rto: UInt32? { field(Offset.rto) }
    /// `tcpi_ato`, microseconds.
    public var ato: UInt32? { field(Offset.ato) }
    /// `tcpi_snd_mss`.
    public var sendMSS: UInt32? { field(Offset.sendMSS) }
    /// `tcpi_rcv_mss`.
    public var receiveMSS: UInt32? { field(Offset.receiveMSS) }
    /// `tcpi_unacked`.
    public var unacknowledged: UInt32? { field(Offset.unacknowledged) }
    /// `tcpi_lost`.
    public var lost: UInt32? { field(Offset.lost) }
    /// `tcpi_retrans`.
    public var retransmitted: UInt32? { field(Offset.retransmitted) }
    /// `tcpi_pmtu`.
    public var pathMTU: UInt32? { field(Offset.pathMTU) }
    /// `tcpi_rtt`, microseconds.
    public var rtt: UInt32? { field(Offset.rtt) }
    /// `tcpi_rttvar`, microseconds.
    public var rttVariance: UInt32? { field(Offset.rttVariance) }
    /// `tcpi_snd_ssthresh`.
    public var sendSlowStartThreshold: UInt32? { field(Offset.sendSlowStartThreshold) }
    /// `tcpi_snd_cwnd`, segments.
    public var congestionWindow: UInt32? { field(Offset.congestionWindow) }
    /// `tcpi_advmss`.
    public var advertisedMSS: UInt32? { field(Offset.advertisedMSS) }
    /// `tcpi_rcv_space`.
    public var receiveSpace: UInt32? { field(Offset.receiveSpace) }
    /// `tcpi_total_retrans`.
    public var totalRetransmits: UInt32? { field(Offset.totalRetransmits) }
    /// `tcpi_pacing_rate`, bytes per second.
    public var pacingRate: UInt64? { field(Offset.pacingRate) }
    /// `tcpi_bytes_acked`.
    public var bytesAcknowledged: UInt64? { field(Offset.bytesAcknowledged) }
    /// `tcpi_bytes_received`.
    public var bytesReceived: UInt64? { field(Offset.bytesReceived) }
    /// `tcpi_segs_out`.
    public var segmentsOut: UInt32? { field(Offset.segmentsOut) }
    /// `tcpi_segs_in`.
    public var segmentsIn: UInt32? { field(Offset.segmentsIn) }
    /// `tcpi_notsent_bytes`.
    public var notSentBytes: UInt32? { field(Offset.notSentBytes) }
    /// `tcpi_min_rtt`, microseconds.
    public var minRTT: UInt32? { field(Offset.minRTT) }
    /// `tcpi_delivery_rate`, bytes per second.
    public var deliveryRate: UInt64? { field(Offset.deliveryRate) }
    /// `tcpi_bytes_sent`.
    public var bytesSent: UInt64? { field(Offset.bytesSent) }
    /// `tcpi_bytes_retrans`.
    public var bytesRetransmitted: UInt64? { field(Offset.bytesRetransmitted) }
    /// `tcpi_snd_wnd`: the peer's receive window, bytes.
    public var sendWindow: UInt32? { field(Offset.sendWindow) }
}

extension InetSocket {
    /// `INET_DIAG_INFO` of a TCP socket, typed.
    public var tcp: TCPInfo? { tcpInfo.map(TCPInfo.init(raw:)) }
}
