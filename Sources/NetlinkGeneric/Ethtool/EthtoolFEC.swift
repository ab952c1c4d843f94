import NetlinkCore

/// A device's forward error correction (`ETHTOOL_MSG_FEC_*`): `ethtool --show-fec`.
///
/// Decode → encode → decode gives the same values (statistics are not kept).
public struct EthtoolFEC: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_FEC_MODES`: the configured modes, a bitset over link modes.
    public var modes: EthtoolBitset?
    /// `ETHTOOL_A_FEC_AUTO`.
    public var automatic: Bool?
    /// `ETHTOOL_A_FEC_ACTIVE`: the active mode's link-mode bit.
    public var active: UInt32?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: "")) { self.device = device }

    /// Decodes a reply or notification.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolFEC()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.FEC.modes: value.modes = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.FEC.automatic: value.automatic = try EthtoolReplyReader.bool(a)
            case EthtoolAttribute.FEC.active: value.active = try a.uint32(.host)
            default: return
            }
        }.device
        self = value
    }

    /// Writes the values present.
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        try modes?.encodeCompact(EthtoolAttribute.FEC.modes, into: &b)
        if let automatic { try b.appendAttribute(EthtoolAttribute.FEC.automatic, uint8: automatic ? 1 : 0) }
        if let active { try b.appendAttribute(EthtoolAttribute.FEC.active, uint32: active, .host) }
    }
}
