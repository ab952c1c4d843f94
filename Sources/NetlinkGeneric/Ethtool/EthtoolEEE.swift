import NetlinkCore

/// A device's Energy-Efficient Ethernet settings (`ETHTOOL_MSG_EEE_*`): `ethtool --show-eee`.
///
/// Decode → encode → decode gives the same values.
public struct EthtoolEEE: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_EEE_MODES_OURS` (mask: supported, value: advertised), over link modes.
    public var ours: EthtoolBitset?
    /// `ETHTOOL_A_EEE_MODES_PEER`.
    public var peer: EthtoolBitset?
    /// `ETHTOOL_A_EEE_ACTIVE`.
    public var active: Bool?
    /// `ETHTOOL_A_EEE_ENABLED`.
    public var enabled: Bool?
    /// `ETHTOOL_A_EEE_TX_LPI_ENABLED`.
    public var transmitLPIEnabled: Bool?
    /// `ETHTOOL_A_EEE_TX_LPI_TIMER`, microseconds.
    public var transmitLPITimer: UInt32?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: "")) { self.device = device }

    /// Decodes a reply or notification.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolEEE()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.EEE.modesOurs: value.ours = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.EEE.modesPeer: value.peer = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.EEE.active: value.active = try EthtoolReplyReader.bool(a)
            case EthtoolAttribute.EEE.enabled: value.enabled = try EthtoolReplyReader.bool(a)
            case EthtoolAttribute.EEE.transmitLPIEnabled: value.transmitLPIEnabled = try EthtoolReplyReader.bool(a)
            case EthtoolAttribute.EEE.transmitLPITimer: value.transmitLPITimer = try a.uint32(.host)
            default: return
            }
        }.device
        self = value
    }

    /// Writes the values present.
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        try ours?.encodeCompact(EthtoolAttribute.EEE.modesOurs, into: &b)
        try peer?.encodeCompact(EthtoolAttribute.EEE.modesPeer, into: &b)
        if let active { try b.appendAttribute(EthtoolAttribute.EEE.active, uint8: active ? 1 : 0) }
        if let enabled { try b.appendAttribute(EthtoolAttribute.EEE.enabled, uint8: enabled ? 1 : 0) }
        if let transmitLPIEnabled { try b.appendAttribute(EthtoolAttribute.EEE.transmitLPIEnabled, uint8: transmitLPIEnabled ? 1 : 0) }
        if let transmitLPITimer { try b.appendAttribute(EthtoolAttribute.EEE.transmitLPITimer, uint32: transmitLPITimer, .host) }
    }
}
