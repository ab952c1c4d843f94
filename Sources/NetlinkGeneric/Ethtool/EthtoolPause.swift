import NetlinkCore

/// A device's pause frame settings (`ETHTOOL_MSG_PAUSE_*`): `ethtool -a` / `-A`.
///
/// Decode → encode → decode gives the same values (statistics are read-only and not encoded).
public struct EthtoolPause: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_PAUSE_AUTONEG`.
    public var autonegotiation: Bool?
    /// `ETHTOOL_A_PAUSE_RX`.
    public var receive: Bool?
    /// `ETHTOOL_A_PAUSE_TX`.
    public var transmit: Bool?
    /// `ETHTOOL_A_PAUSE_STAT_TX_FRAMES` (with ``EthtoolRequestFlags/statistics``).
    public var transmittedFrames: UInt64?
    /// `ETHTOOL_A_PAUSE_STAT_RX_FRAMES`.
    public var receivedFrames: UInt64?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: "")) { self.device = device }

    /// Decodes a reply or notification.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolPause()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.Pause.autonegotiation: value.autonegotiation = try EthtoolReplyReader.bool(a)
            case EthtoolAttribute.Pause.receive: value.receive = try EthtoolReplyReader.bool(a)
            case EthtoolAttribute.Pause.transmit: value.transmit = try EthtoolReplyReader.bool(a)
            case EthtoolAttribute.Pause.statistics:
                var stats = try a.nested()
                while let s = try stats.next() {
                    switch s.type {
                    case EthtoolAttribute.Pause.transmitFrames: value.transmittedFrames = try s.uint64(.host)
                    case EthtoolAttribute.Pause.receiveFrames: value.receivedFrames = try s.uint64(.host)
                    default: continue
                    }
                }
            default: return
            }
        }.device
        self = value
    }

    /// Writes the settings present.
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        if let autonegotiation { try b.appendAttribute(EthtoolAttribute.Pause.autonegotiation, uint8: autonegotiation ? 1 : 0) }
        if let receive { try b.appendAttribute(EthtoolAttribute.Pause.receive, uint8: receive ? 1 : 0) }
        if let transmit { try b.appendAttribute(EthtoolAttribute.Pause.transmit, uint8: transmit ? 1 : 0) }
    }
}
