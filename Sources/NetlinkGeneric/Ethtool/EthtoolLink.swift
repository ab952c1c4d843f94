import NetlinkCore

/// A device's port and transceiver (`ETHTOOL_MSG_LINKINFO_*`): `PORT_*`, PHY address, MDI-X,
/// `XCVR_*`, each a u8 the device may not report.
///
/// Decode → encode → decode gives the same values.
public struct EthtoolLinkInfo: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_LINKINFO_PORT` (`PORT_TP` 0, `PORT_AUI` 1, … `PORT_OTHER` 0xff).
    public var port: UInt8?
    /// `ETHTOOL_A_LINKINFO_PHYADDR`.
    public var phyAddress: UInt8?
    /// `ETHTOOL_A_LINKINFO_TP_MDIX` (`ETH_TP_MDI_INVALID` 0, `_MDI` 1, `_X` 2, `_AUTO` 3).
    public var mdix: UInt8?
    /// `ETHTOOL_A_LINKINFO_TP_MDIX_CTRL`.
    public var mdixControl: UInt8?
    /// `ETHTOOL_A_LINKINFO_TRANSCEIVER` (`XCVR_INTERNAL` 0, `XCVR_EXTERNAL` 1).
    public var transceiver: UInt8?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: "")) { self.device = device }

    /// Decodes a reply or notification.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolLinkInfo()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.LinkInfo.port: value.port = try a.uint8()
            case EthtoolAttribute.LinkInfo.phyAddress: value.phyAddress = try a.uint8()
            case EthtoolAttribute.LinkInfo.mdix: value.mdix = try a.uint8()
            case EthtoolAttribute.LinkInfo.mdixControl: value.mdixControl = try a.uint8()
            case EthtoolAttribute.LinkInfo.transceiver: value.transceiver = try a.uint8()
            default: return
            }
        }.device
        self = value
    }

    /// Writes the values present.
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        if let port { try b.appendAttribute(EthtoolAttribute.LinkInfo.port, uint8: port) }
        if let phyAddress { try b.appendAttribute(EthtoolAttribute.LinkInfo.phyAddress, uint8: phyAddress) }
        if let mdix { try b.appendAttribute(EthtoolAttribute.LinkInfo.mdix, uint8: mdix) }
        if let mdixControl { try b.appendAttribute(EthtoolAttribute.LinkInfo.mdixControl, uint8: mdixControl) }
        if let transceiver { try b.appendAttribute(EthtoolAttribute.LinkInfo.transceiver, uint8: transceiver) }
    }
}

/// A device's link modes (`ETHTOOL_MSG_LINKMODES_*`): autonegotiation, our modes (mask: supported,
/// value: advertised), the peer's, speed, duplex, master/slave, lanes.
///
/// Decode → encode → decode gives the same values.
public struct EthtoolLinkModes: Hashable, Sendable {
    /// `SPEED_UNKNOWN`: the speed the kernel reports for no link.
    public static let unknownSpeed: UInt32 = 0xFFFF_FFFF

    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_LINKMODES_AUTONEG` (`AUTONEG_DISABLE` 0, `AUTONEG_ENABLE` 1).
    public var autonegotiation: UInt8?
    /// `ETHTOOL_A_LINKMODES_OURS` over `ETH_SS_LINK_MODES`.
    public var ours: EthtoolBitset?
    /// `ETHTOOL_A_LINKMODES_PEER`.
    public var peer: EthtoolBitset?
    /// `ETHTOOL_A_LINKMODES_SPEED`, Mb/s (``unknownSpeed`` when unknown).
    public var speed: UInt32?
    /// `ETHTOOL_A_LINKMODES_DUPLEX` (`DUPLEX_HALF` 0, `DUPLEX_FULL` 1, `DUPLEX_UNKNOWN` 0xff).
    public var duplex: UInt8?
    /// `ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG`.
    public var masterSlaveConfiguration: UInt8?
    /// `ETHTOOL_A_LINKMODES_MASTER_SLAVE_STATE`.
    public var masterSlaveState: UInt8?
    /// `ETHTOOL_A_LINKMODES_LANES`.
    public var lanes: UInt32?
    /// `ETHTOOL_A_LINKMODES_RATE_MATCHING`.
    public var rateMatching: UInt8?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: "")) { self.device = device }

    /// Decodes a reply or notification.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolLinkModes()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.LinkModes.autonegotiation: value.autonegotiation = try a.uint8()
            case EthtoolAttribute.LinkModes.ours: value.ours = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.LinkModes.peer: value.peer = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.LinkModes.speed: value.speed = try a.uint32(.host)
            case EthtoolAttribute.LinkModes.duplex: value.duplex = try a.uint8()
            case EthtoolAttribute.LinkModes.masterSlaveConfiguration: value.masterSlaveConfiguration = try a.uint8()
            case EthtoolAttribute.LinkModes.masterSlaveState: value.masterSlaveState = try a.uint8()
            case EthtoolAttribute.LinkModes.lanes: value.lanes = try a.uint32(.host)
            case EthtoolAttribute.LinkModes.rateMatching: value.rateMatching = try a.uint8()
            default: return
            }
        }.device
        self = value
    }

    /// Writes the values present (bitsets compact).
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        if let autonegotiation { try b.appendAttribute(EthtoolAttribute.LinkModes.autonegotiation, uint8: autonegotiation) }
        try ours?.encodeCompact(EthtoolAttribute.LinkModes.ours, into: &b)
        try peer?.encodeCompact(EthtoolAttribute.LinkModes.peer, into: &b)
        if let speed { try b.appendAttribute(EthtoolAttribute.LinkModes.speed, uint32: speed, .host) }
        if let duplex { try b.appendAttribute(EthtoolAttribute.LinkModes.duplex, uint8: duplex) }
        if let masterSlaveConfiguration { try b.appendAttribute(EthtoolAttribute.LinkModes.masterSlaveConfiguration, uint8: masterSlaveConfiguration) }
        if let masterSlaveState { try b.appendAttribute(EthtoolAttribute.LinkModes.masterSlaveState, uint8: masterSlaveState) }
        if let lanes { try b.appendAttribute(EthtoolAttribute.LinkModes.lanes, uint32: lanes, .host) }
        if let rateMatching { try b.appendAttribute(EthtoolAttribute.LinkModes.rateMatching, uint8: rateMatching) }
    }
}

/// A device's link state (`ETHTOOL_MSG_LINKSTATE_GET_REPLY`): link detected, signal quality, the
/// extended state that says why a link is down.
public struct EthtoolLinkState: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_LINKSTATE_LINK`: link detected.
    public var link: Bool?
    /// `ETHTOOL_A_LINKSTATE_SQI`.
    public var signalQuality: UInt32?
    /// `ETHTOOL_A_LINKSTATE_SQI_MAX`.
    public var signalQualityMaximum: UInt32?
    /// `ETHTOOL_A_LINKSTATE_EXT_STATE` (`ETHTOOL_LINK_EXT_STATE_*`).
    public var extendedState: UInt8?
    /// `ETHTOOL_A_LINKSTATE_EXT_SUBSTATE`.
    public var extendedSubstate: UInt8?
    /// `ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT` (newer than the 6.1 headers): how often the link went down.
    public var downCount: UInt32?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: "")) { self.device = device }

    /// Decodes a reply.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolLinkState()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.LinkState.link: value.link = try EthtoolReplyReader.bool(a)
            case EthtoolAttribute.LinkState.signalQuality: value.signalQuality = try a.uint32(.host)
            case EthtoolAttribute.LinkState.signalQualityMaximum: value.signalQualityMaximum = try a.uint32(.host)
            case EthtoolAttribute.LinkState.extendedState: value.extendedState = try a.uint8()
            case EthtoolAttribute.LinkState.extendedSubstate: value.extendedSubstate = try a.uint8()
            case EthtoolAttribute.LinkState.extendedDownCount: value.downCount = try a.uint32(.host)
            default: return
            }
        }.device
        self = value
    }
}
