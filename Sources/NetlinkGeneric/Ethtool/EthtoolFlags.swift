import NetlinkCore

/// A message that is a device and one bitset: message level (`ETHTOOL_MSG_DEBUG_*`,
/// ``EthtoolAttribute/Debug/messageMask`` over `ETH_SS_MSG_CLASSES`), private flags
/// (`ETHTOOL_MSG_PRIVFLAGS_*`, over the device's `ETH_SS_PRIV_FLAGS`), WoL modes
/// (`ETHTOOL_MSG_WOL_*`, with the SecureOn password root sees).
///
/// Decode → encode → decode gives the same values.
public struct EthtoolFlags: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// The bitset.
    public var flags: EthtoolBitset?
    /// `ETHTOOL_A_WOL_SOPASS` (WoL only; root only).
    public var secureOnPassword: [UInt8]?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: ""), flags: EthtoolBitset? = nil) {
        self.device = device
        self.flags = flags
    }

    /// Decodes a reply or notification whose bitset is attribute `bitsetType`.
    public init(decoding message: borrowing NetlinkMessage, bitsetType: UInt16) throws(NetlinkDecodingError) {
        var value = EthtoolFlags()
        let isWakeOnLAN = bitsetType == EthtoolAttribute.WakeOnLAN.modes
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            if a.type == bitsetType {
                value.flags = try EthtoolBitset(decoding: a)
            } else if isWakeOnLAN, a.type == EthtoolAttribute.WakeOnLAN.secureOnPassword {
                value.secureOnPassword = a.bytes()
            }
        }.device
        self = value
    }

    /// Writes the bitset (compact) as attribute `bitsetType`, and the password if any.
    public func encode(bitsetType: UInt16, into b: inout NetlinkMessageBuilder) throws {
        try flags?.encodeCompact(bitsetType, into: &b)
        if let secureOnPassword { try b.appendAttribute(EthtoolAttribute.WakeOnLAN.secureOnPassword, bytes: secureOnPassword) }
    }
}
