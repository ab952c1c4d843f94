import NetlinkCore

/// A device's forward error correction (`ETHTOOL_MSG_FEC_*`): `ethtool --show-fec`.
///
/// Decode → encode → decode gives the same values (statistics, read-only, are not encoded).
public struct EthtoolFEC: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_FEC_MODES`: the configured modes, a bitset over link modes.
    public var modes: EthtoolBitset?
    /// `ETHTOOL_A_FEC_AUTO`.
    public var automatic: Bool?
    /// `ETHTOOL_A_FEC_ACTIVE`: the active mode's link-mode bit.
    public var active: UInt32?
    /// `ETHTOOL_A_FEC_STAT_CORRECTED` (with ``EthtoolRequestFlags/statistics``): the total, then
    /// one value per lane.
    public var correctedBlocks: [UInt64]?
    /// `ETHTOOL_A_FEC_STAT_UNCORR`: the total, then per lane.
    public var uncorrectableBlocks: [UInt64]?
    /// `ETHTOOL_A_FEC_STAT_CORR_BITS`: the total, then per lane.
    public var correctedBits: [UInt64]?

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
            case EthtoolAttribute.FEC.statistics:
                var stats = try a.nested()
                while let s = try stats.next() {
                    guard s.payload.byteCount % 8 == 0 else {
                        throw NetlinkDecodingError(.attributeSizeMismatch, offset: s.offset, attributeType: s.type, context: "an FEC statistic (u64 array)")
                    }
                    let values = s.payload.withUnsafeBytes { raw in (0..<(raw.count / 8)).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
                    switch s.type {
                    case EthtoolAttribute.FEC.correctedBlocks: value.correctedBlocks = values
                    case EthtoolAttribute.FEC.uncorrectableBlocks: value.uncorrectableBlocks = values
                    case EthtoolAttribute.FEC.correctedBits: value.correctedBits = values
                    default: continue
                    }
                }
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
