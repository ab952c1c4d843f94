import NetlinkCore

/// A device's netdev features (`ETHTOOL_MSG_FEATURES_GET_REPLY`, `_SET_REPLY`, `_NTF`): four bitsets
/// over the `ETH_SS_FEATURES` string set, as `ethtool -k` reads them.
///
/// A feature is *fixed* when it is not in ``hardware`` or is in ``noChange``; it is *requested
/// on/off* when ``wanted`` and ``active`` differ. In a `FEATURES_SET_REPLY`, ``wanted`` and
/// ``active`` carry masks: the bits whose result differs from the request, and the bits that
/// changed besides it.
///
/// Decode → encode → decode gives the same bitsets.
public struct EthtoolFeatures: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_FEATURES_HW`: the features the device lets change.
    public var hardware: EthtoolBitset?
    /// `ETHTOOL_A_FEATURES_WANTED`: the features asked for.
    public var wanted: EthtoolBitset?
    /// `ETHTOOL_A_FEATURES_ACTIVE`: the features on.
    public var active: EthtoolBitset?
    /// `ETHTOOL_A_FEATURES_NOCHANGE`: the features that never change.
    public var noChange: EthtoolBitset?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader, hardware: EthtoolBitset? = nil, wanted: EthtoolBitset? = nil, active: EthtoolBitset? = nil, noChange: EthtoolBitset? = nil) {
        self.device = device
        self.hardware = hardware
        self.wanted = wanted
        self.active = active
        self.noChange = noChange
    }

    /// Whether feature `index` is fixed (not in ``hardware``, or in ``noChange``).
    public func isFixed(_ index: Int) -> Bool {
        !(hardware?[index] ?? false) || (noChange?[index] ?? false)
    }

    /// Decodes a reply or notification.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolFeatures(device: EthtoolDeviceHeader(index: 0, name: ""))
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.Features.hardware: value.hardware = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.Features.wanted: value.wanted = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.Features.active: value.active = try EthtoolBitset(decoding: a)
            case EthtoolAttribute.Features.noChange: value.noChange = try EthtoolBitset(decoding: a)
            default: return
            }
        }.device
        self = value
    }

    /// Writes the bitsets present (compact), after a header for `device`.
    public func encode(into builder: inout NetlinkMessageBuilder) throws {
        try hardware?.encodeCompact(EthtoolAttribute.Features.hardware, into: &builder)
        try wanted?.encodeCompact(EthtoolAttribute.Features.wanted, into: &builder)
        try active?.encodeCompact(EthtoolAttribute.Features.active, into: &builder)
        try noChange?.encodeCompact(EthtoolAttribute.Features.noChange, into: &builder)
    }
}
