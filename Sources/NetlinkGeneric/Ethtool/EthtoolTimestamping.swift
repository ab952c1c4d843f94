import NetlinkCore

/// A device's timestamping capabilities (`ETHTOOL_MSG_TSINFO_GET_REPLY`): `ethtool -T`.
public struct EthtoolTimestamping: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_TSINFO_TIMESTAMPING` (`SOF_TIMESTAMPING_*`, a list).
    public var capabilities: EthtoolBitset?
    /// `ETHTOOL_A_TSINFO_TX_TYPES` (`HWTSTAMP_TX_*`).
    public var transmitTypes: EthtoolBitset?
    /// `ETHTOOL_A_TSINFO_RX_FILTERS` (`HWTSTAMP_FILTER_*`).
    public var receiveFilters: EthtoolBitset?
    /// `ETHTOOL_A_TSINFO_PHC_INDEX`: the PTP hardware clock (absent: none).
    public var phcIndex: UInt32?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: "")) { self.device = device }

    /// Decodes a reply.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolTimestamping()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.Timestamping.capabilities: value.capabilities = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.Timestamping.transmitTypes: value.transmitTypes = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.Timestamping.receiveFilters: value.receiveFilters = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.Timestamping.phcIndex: value.phcIndex = try a.uint32(.host)
            default: return
            }
        }.device
        self = value
    }
}
