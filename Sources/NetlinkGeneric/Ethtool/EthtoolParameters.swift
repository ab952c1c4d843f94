import NetlinkCore

/// A parameter of a table of numbers an ethtool message carries — channels, rings, coalescing —
/// its case's raw value the attribute type (`ETHTOOL_A_CHANNELS_RX_MAX`, …), ``isByte`` for the
/// `u8` ones (booleans and enumerations), `u32` otherwise.
public protocol EthtoolParameter: RawRepresentable<UInt16>, CaseIterable, Hashable, Sendable {
    /// Whether the attribute is a `u8` (else a `u32`).
    var isByte: Bool { get }
    /// The command that reads the table.
    static var getCommand: UInt8 { get }
    /// The command that sets it.
    static var setCommand: UInt8 { get }
    /// The reply's command.
    static var replyCommand: UInt8 { get }
    /// The notification's command.
    static var notificationCommand: UInt8 { get }
}

/// A table of ethtool parameters for one device: ``EthtoolChannels``, ``EthtoolRings``,
/// ``EthtoolCoalesce``. A parameter the device does not report is absent (`nil`), as ethtool
/// prints "n/a"; a set request sends only the parameters present.
///
/// Decode → encode → decode gives the same values. Attributes this library does not know (a newer
/// kernel's) are skipped when decoding.
public struct EthtoolParameters<Parameter: EthtoolParameter>: Hashable, Sendable {
    /// The device (in replies and notifications).
    public var device: EthtoolDeviceHeader
    /// The values by parameter.
    public var values: [Parameter: UInt32]

    /// Creates a table (for a set request: only the parameters to change).
    public init(device: EthtoolDeviceHeader = EthtoolDeviceHeader(index: 0, name: ""), values: [Parameter: UInt32] = [:]) {
        self.device = device
        self.values = values
    }

    /// A parameter's value, `nil` when absent.
    public subscript(parameter: Parameter) -> UInt32? {
        get { values[parameter] }
        set { values[parameter] = newValue }
    }

    /// Decodes a reply or notification.
    /// - Throws: `NetlinkDecodingError` for a malformed message or a value of the wrong width.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var values: [Parameter: UInt32] = [:]
        let (_, device) = try EthtoolReplyReader.read(message) { attribute throws(NetlinkDecodingError) in
            guard let parameter = Parameter(rawValue: attribute.type) else { return }
            values[parameter] = parameter.isByte ? UInt32(try attribute.uint8()) : try attribute.uint32(.host)
        }
        self.init(device: device, values: values)
    }

    /// Writes the values present, in the order of the parameters' attribute types.
    /// - Throws: `NetlinkEncodingError` for a `u8` parameter over 255.
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        for parameter in Parameter.allCases {
            guard let value = values[parameter] else { continue }
            if parameter.isByte {
                guard let byte = UInt8(exactly: value) else {
                    throw NetlinkEncodingError(.valueOutOfRange, attributeType: parameter.rawValue, size: Int(value), limit: 255)
                }
                try builder.appendAttribute(parameter.rawValue, uint8: byte)
            } else {
                try builder.appendAttribute(parameter.rawValue, uint32: value, .host)
            }
        }
    }
}

/// A device's channels (queues): `ETHTOOL_MSG_CHANNELS_*`, `ethtool -l` / `-L`.
public typealias EthtoolChannels = EthtoolParameters<EthtoolChannel>
/// A device's ring sizes: `ETHTOOL_MSG_RINGS_*`, `ethtool -g` / `-G`.
public typealias EthtoolRings = EthtoolParameters<EthtoolRing>
/// A device's interrupt coalescing: `ETHTOOL_MSG_COALESCE_*`, `ethtool -c` / `-C`.
public typealias EthtoolCoalesce = EthtoolParameters<EthtoolCoalesceParameter>

/// `ETHTOOL_A_CHANNELS_*`, all u32.
public enum EthtoolChannel: UInt16, EthtoolParameter {
    /// `ETHTOOL_A_CHANNELS_RX_MAX` (2).
    case rxMax = 2
    /// `ETHTOOL_A_CHANNELS_TX_MAX` (3).
    case txMax = 3
    /// `ETHTOOL_A_CHANNELS_OTHER_MAX` (4).
    case otherMax = 4
    /// `ETHTOOL_A_CHANNELS_COMBINED_MAX` (5).
    case combinedMax = 5
    /// `ETHTOOL_A_CHANNELS_RX_COUNT` (6).
    case rx = 6
    /// `ETHTOOL_A_CHANNELS_TX_COUNT` (7).
    case tx = 7
    /// `ETHTOOL_A_CHANNELS_OTHER_COUNT` (8).
    case other = 8
    /// `ETHTOOL_A_CHANNELS_COMBINED_COUNT` (9).
    case combined = 9

    public var isByte: Bool { false }
    public static var getCommand: UInt8 { Ethtool.Command.channelsGet }
    public static var setCommand: UInt8 { Ethtool.Command.channelsSet }
    public static var replyCommand: UInt8 { Ethtool.Reply.channels }
    public static var notificationCommand: UInt8 { Ethtool.Reply.channelsNotification }
}

/// `ETHTOOL_A_RINGS_*`.
public enum EthtoolRing: UInt16, EthtoolParameter {
    /// `ETHTOOL_A_RINGS_RX_MAX` (2).
    case rxMax = 2
    /// `ETHTOOL_A_RINGS_RX_MINI_MAX` (3).
    case rxMiniMax = 3
    /// `ETHTOOL_A_RINGS_RX_JUMBO_MAX` (4).
    case rxJumboMax = 4
    /// `ETHTOOL_A_RINGS_TX_MAX` (5).
    case txMax = 5
    /// `ETHTOOL_A_RINGS_RX` (6).
    case rx = 6
    /// `ETHTOOL_A_RINGS_RX_MINI` (7).
    case rxMini = 7
    /// `ETHTOOL_A_RINGS_RX_JUMBO` (8).
    case rxJumbo = 8
    /// `ETHTOOL_A_RINGS_TX` (9).
    case tx = 9
    /// `ETHTOOL_A_RINGS_RX_BUF_LEN` (10).
    case rxBufferLength = 10
    /// `ETHTOOL_A_RINGS_TCP_DATA_SPLIT` (11): u8, `ETHTOOL_TCP_DATA_SPLIT_*` (0 unknown, 1 off, 2 on).
    case tcpDataSplit = 11
    /// `ETHTOOL_A_RINGS_CQE_SIZE` (12).
    case cqeSize = 12
    /// `ETHTOOL_A_RINGS_TX_PUSH` (13): u8.
    case txPush = 13
    /// `ETHTOOL_A_RINGS_RX_PUSH` (14): u8, newer than the 6.1 headers.
    case rxPush = 14
    /// `ETHTOOL_A_RINGS_TX_PUSH_BUF_LEN` (15), newer than the 6.1 headers.
    case txPushBufferLength = 15
    /// `ETHTOOL_A_RINGS_TX_PUSH_BUF_LEN_MAX` (16), newer than the 6.1 headers.
    case txPushBufferLengthMax = 16

    public var isByte: Bool { self == .tcpDataSplit || self == .txPush || self == .rxPush }
    public static var getCommand: UInt8 { Ethtool.Command.ringsGet }
    public static var setCommand: UInt8 { Ethtool.Command.ringsSet }
    public static var replyCommand: UInt8 { Ethtool.Reply.rings }
    public static var notificationCommand: UInt8 { Ethtool.Reply.ringsNotification }
}

/// `ETHTOOL_A_COALESCE_*`.
public enum EthtoolCoalesceParameter: UInt16, EthtoolParameter {
    /// `ETHTOOL_A_COALESCE_RX_USECS` (2).
    case rxMicroseconds = 2
    /// `ETHTOOL_A_COALESCE_RX_MAX_FRAMES` (3).
    case rxFrames = 3
    /// `ETHTOOL_A_COALESCE_RX_USECS_IRQ` (4).
    case rxMicrosecondsIRQ = 4
    /// `ETHTOOL_A_COALESCE_RX_MAX_FRAMES_IRQ` (5).
    case rxFramesIRQ = 5
    /// `ETHTOOL_A_COALESCE_TX_USECS` (6).
    case txMicroseconds = 6
    /// `ETHTOOL_A_COALESCE_TX_MAX_FRAMES` (7).
    case txFrames = 7
    /// `ETHTOOL_A_COALESCE_TX_USECS_IRQ` (8).
    case txMicrosecondsIRQ = 8
    /// `ETHTOOL_A_COALESCE_TX_MAX_FRAMES_IRQ` (9).
    case txFramesIRQ = 9
    /// `ETHTOOL_A_COALESCE_STATS_BLOCK_USECS` (10).
    case statsBlockMicroseconds = 10
    /// `ETHTOOL_A_COALESCE_USE_ADAPTIVE_RX` (11): u8.
    case adaptiveRX = 11
    /// `ETHTOOL_A_COALESCE_USE_ADAPTIVE_TX` (12): u8.
    case adaptiveTX = 12
    /// `ETHTOOL_A_COALESCE_PKT_RATE_LOW` (13).
    case packetRateLow = 13
    /// `ETHTOOL_A_COALESCE_RX_USECS_LOW` (14).
    case rxMicrosecondsLow = 14
    /// `ETHTOOL_A_COALESCE_RX_MAX_FRAMES_LOW` (15).
    case rxFramesLow = 15
    /// `ETHTOOL_A_COALESCE_TX_USECS_LOW` (16).
    case txMicrosecondsLow = 16
    /// `ETHTOOL_A_COALESCE_TX_MAX_FRAMES_LOW` (17).
    case txFramesLow = 17
    /// `ETHTOOL_A_COALESCE_PKT_RATE_HIGH` (18).
    case packetRateHigh = 18
    /// `ETHTOOL_A_COALESCE_RX_USECS_HIGH` (19).
    case rxMicrosecondsHigh = 19
    /// `ETHTOOL_A_COALESCE_RX_MAX_FRAMES_HIGH` (20).
    case rxFramesHigh = 20
    /// `ETHTOOL_A_COALESCE_TX_USECS_HIGH` (21).
    case txMicrosecondsHigh = 21
    /// `ETHTOOL_A_COALESCE_TX_MAX_FRAMES_HIGH` (22).
    case txFramesHigh = 22
    /// `ETHTOOL_A_COALESCE_RATE_SAMPLE_INTERVAL` (23).
    case rateSampleInterval = 23
    /// `ETHTOOL_A_COALESCE_USE_CQE_MODE_TX` (24): u8.
    case cqeModeTX = 24
    /// `ETHTOOL_A_COALESCE_USE_CQE_MODE_RX` (25): u8.
    case cqeModeRX = 25
    /// `ETHTOOL_A_COALESCE_TX_AGGR_MAX_BYTES` (26), newer than the 6.1 headers.
    case txAggregateMaxBytes = 26
    /// `ETHTOOL_A_COALESCE_TX_AGGR_MAX_FRAMES` (27), newer than the 6.1 headers.
    case txAggregateMaxFrames = 27
    /// `ETHTOOL_A_COALESCE_TX_AGGR_TIME_USECS` (28), newer than the 6.1 headers.
    case txAggregateMicroseconds = 28

    public var isByte: Bool { [.adaptiveRX, .adaptiveTX, .cqeModeTX, .cqeModeRX].contains(self) }
    public static var getCommand: UInt8 { Ethtool.Command.coalesceGet }
    public static var setCommand: UInt8 { Ethtool.Command.coalesceSet }
    public static var replyCommand: UInt8 { Ethtool.Reply.coalesce }
    public static var notificationCommand: UInt8 { Ethtool.Reply.coalesceNotification }
}
