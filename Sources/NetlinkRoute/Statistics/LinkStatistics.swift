import NetlinkCore

/// The counters of a link (`struct rtnl_link_stats64`, `IFLA_STATS64`): 24 counters in older
/// kernels, 25 since 6.0 (`rx_otherhost_dropped`); missing ones read as 0.
public struct LinkStatistics: Hashable, Sendable {
    /// The counters in the order of the C struct.
    public var counters: [UInt64]

    init(_ payload: RawSpan) {
        var values: [UInt64] = []
        values.reserveCapacity(25)
        var offset = 0
        while offset + 8 <= payload.byteCount, values.count < 32 {
            values.append(payload.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        while values.count < 25 { values.append(0) }
        counters = values
    }

    /// `rx_packets`.
    public var receivedPackets: UInt64 { counters[0] }
    /// `tx_packets`.
    public var transmittedPackets: UInt64 { counters[1] }
    /// `rx_bytes`.
    public var receivedBytes: UInt64 { counters[2] }
    /// `tx_bytes`.
    public var transmittedBytes: UInt64 { counters[3] }
    /// `rx_errors`.
    public var receiveErrors: UInt64 { counters[4] }
    /// `tx_errors`.
    public var transmitErrors: UInt64 { counters[5] }
    /// `rx_dropped`.
    public var receiveDropped: UInt64 { counters[6] }
    /// `tx_dropped`.
    public var transmitDropped: UInt64 { counters[7] }
    /// `multicast`.
    public var multicast: UInt64 { counters[8] }
    /// `collisions`.
    public var collisions: UInt64 { counters[9] }
    /// `rx_length_errors`.
    public var receiveLengthErrors: UInt64 { counters[10] }
    /// `rx_over_errors`.
    public var receiveOverErrors: UInt64 { counters[11] }
    /// `rx_crc_errors`.
    public var receiveCRCErrors: UInt64 { counters[12] }
    /// `rx_frame_errors`.
    public var receiveFrameErrors: UInt64 { counters[13] }
    /// `rx_fifo_errors`.
    public var receiveFIFOErrors: UInt64 { counters[14] }
    /// `rx_missed_errors`.
    public var receiveMissedErrors: UInt64 { counters[15] }
    /// `tx_aborted_errors`.
    public var transmitAbortedErrors: UInt64 { counters[16] }
    /// `tx_carrier_errors`.
    public var transmitCarrierErrors: UInt64 { counters[17] }
    /// `tx_fifo_errors`.
    public var transmitFIFOErrors: UInt64 { counters[18] }
    /// `tx_heartbeat_errors`.
    public var transmitHeartbeatErrors: UInt64 { counters[19] }
    /// `tx_window_errors`.
    public var transmitWindowErrors: UInt64 { counters[20] }
    /// `rx_compressed`.
    public var receiveCompressed: UInt64 { counters[21] }
    /// `tx_compressed`.
    public var transmitCompressed: UInt64 { counters[22] }
    /// `rx_nohandler`.
    public var receiveNoHandler: UInt64 { counters[23] }
    /// `rx_otherhost_dropped`.
    public var receiveOtherHostDropped: UInt64 { counters[24] }
}
