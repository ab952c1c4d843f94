import NetlinkCore

/// A plug-in module's power settings (`ETHTOOL_MSG_MODULE_*`): `ethtool --show-module`.
///
/// Decode → encode → decode gives the same values.
public struct EthtoolModule: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_MODULE_POWER_MODE_POLICY`: 1 high, 2 auto.
    public var powerModePolicy: UInt8?
    /// `ETHTOOL_A_MODULE_POWER_MODE`: 1 low, 2 high (read-only).
    public var powerMode: UInt8?

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: "")) { self.device = device }

    /// Decodes a reply or notification.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolModule()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.Module.powerModePolicy: value.powerModePolicy = try a.uint8()
            case EthtoolAttribute.Module.powerMode: value.powerMode = try a.uint8()
            default: return
            }
        }.device
        self = value
    }

    /// Writes the values present (a set sends the policy only; the mode is read-only).
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        if let powerModePolicy { try b.appendAttribute(EthtoolAttribute.Module.powerModePolicy, uint8: powerModePolicy) }
        if let powerMode { try b.appendAttribute(EthtoolAttribute.Module.powerMode, uint8: powerMode) }
    }
}

/// A device's virtual PTP clocks (`ETHTOOL_MSG_PHC_VCLOCKS_GET_REPLY`).
public struct EthtoolPHCVirtualClocks: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_PHC_VCLOCKS_NUM`.
    public var count: UInt32?
    /// `ETHTOOL_A_PHC_VCLOCKS_INDEX`: the clocks' PHC indexes.
    public var indexes: [Int32]

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: ""), count: UInt32? = nil, indexes: [Int32] = []) {
        self.device = device
        self.count = count
        self.indexes = indexes
    }

    /// Decodes a reply.
    /// - Throws: `NetlinkDecodingError`, also for an index array that is not whole s32s.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolPHCVirtualClocks()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case EthtoolAttribute.PHCVirtualClocks.count: value.count = try a.uint32(.host)
            case EthtoolAttribute.PHCVirtualClocks.indexes:
                guard a.payload.byteCount % 4 == 0 else {
                    throw NetlinkDecodingError(.attributeSizeMismatch, offset: a.offset, attributeType: a.type, context: "PHC virtual clock indexes (s32 array)")
                }
                value.indexes = a.payload.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self) } }
            default: return
            }
        }.device
        self = value
    }
}

/// A page of a plug-in module's EEPROM (`ETHTOOL_MSG_MODULE_EEPROM_GET_REPLY`): the bytes read.
public struct EthtoolModuleEEPROM: Hashable, Sendable {
    /// The device.
    public var device: EthtoolDeviceHeader
    /// `ETHTOOL_A_MODULE_EEPROM_DATA`.
    public var data: [UInt8]

    /// Creates a value.
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: ""), data: [UInt8] = []) {
        self.device = device
        self.data = data
    }

    /// Decodes a reply.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = EthtoolModuleEEPROM()
        value.device = try EthtoolReplyReader.read(message) { a throws(NetlinkDecodingError) in
            if a.type == EthtoolAttribute.ModuleEEPROM.data { value.data = a.bytes() }
        }.device
        self = value
    }

    /// The request: `length` bytes at `offset` of `page` (and `bank`) at I2C address `i2cAddress`
    /// (0x50 for the lower pages of SFP and QSFP modules).
    public static func encodeRequest(offset: UInt32, length: UInt32, page: UInt8, bank: UInt8 = 0, i2cAddress: UInt8 = 0x50, into b: inout NetlinkMessageBuilder) throws {
        try b.appendAttribute(EthtoolAttribute.ModuleEEPROM.offset, uint32: offset, .host)
        try b.appendAttribute(EthtoolAttribute.ModuleEEPROM.length, uint32: length, .host)
        try b.appendAttribute(EthtoolAttribute.ModuleEEPROM.page, uint8: page)
        try b.appendAttribute(EthtoolAttribute.ModuleEEPROM.bank, uint8: bank)
        try b.appendAttribute(EthtoolAttribute.ModuleEEPROM.i2cAddress, uint8: i2cAddress)
    }
}
