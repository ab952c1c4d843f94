import NetlinkCore

/// A notification of the ethtool family's `monitor` group (`ETHTOOL_MSG_*_NTF`): a device's
/// setting changed — by `ethtool`, by a driver, by a link coming up. Each carries the whole new
/// state of its message, with bitsets verbose (named). A notification this library does not type
/// (cable tests, modules, newer kernels' ones) is ``other(command:device:)``.
public enum EthtoolEvent: Hashable, Sendable {
    /// `ETHTOOL_MSG_LINKINFO_NTF`.
    case linkInfo(EthtoolLinkInfo)
    /// `ETHTOOL_MSG_LINKMODES_NTF`.
    case linkModes(EthtoolLinkModes)
    /// `ETHTOOL_MSG_DEBUG_NTF`.
    case debug(EthtoolFlags)
    /// `ETHTOOL_MSG_WOL_NTF`.
    case wakeOnLAN(EthtoolFlags)
    /// `ETHTOOL_MSG_FEATURES_NTF`.
    case features(EthtoolFeatures)
    /// `ETHTOOL_MSG_PRIVFLAGS_NTF`.
    case privateFlags(EthtoolFlags)
    /// `ETHTOOL_MSG_RINGS_NTF`.
    case rings(EthtoolRings)
    /// `ETHTOOL_MSG_CHANNELS_NTF`.
    case channels(EthtoolChannels)
    /// `ETHTOOL_MSG_COALESCE_NTF`.
    case coalesce(EthtoolCoalesce)
    /// `ETHTOOL_MSG_PAUSE_NTF`.
    case pause(EthtoolPause)
    /// `ETHTOOL_MSG_EEE_NTF`.
    case eee(EthtoolEEE)
    /// `ETHTOOL_MSG_FEC_NTF`.
    case fec(EthtoolFEC)
    /// `ETHTOOL_MSG_MODULE_NTF`.
    case module(EthtoolModule)
    /// Any other notification: its command and device.
    case other(command: UInt8, device: EthtoolDeviceHeader)

    /// Decodes a notification (the message's type must be the ethtool family's ID; the caller checks it).
    /// - Throws: `NetlinkDecodingError` for a malformed message.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let command = try GenericNetlinkHeader(decoding: message).command
        switch command {
        case Ethtool.Reply.linkInfoNotification: self = .linkInfo(try EthtoolLinkInfo(decoding: message))
        case Ethtool.Reply.linkModesNotification: self = .linkModes(try EthtoolLinkModes(decoding: message))
        case Ethtool.Reply.debugNotification: self = .debug(try EthtoolFlags(decoding: message, bitsetType: EthtoolAttribute.Debug.messageMask))
        case Ethtool.Reply.wakeOnLANNotification: self = .wakeOnLAN(try EthtoolFlags(decoding: message, bitsetType: EthtoolAttribute.WakeOnLAN.modes))
        case Ethtool.Reply.featuresNotification: self = .features(try EthtoolFeatures(decoding: message))
        case Ethtool.Reply.privateFlagsNotification: self = .privateFlags(try EthtoolFlags(decoding: message, bitsetType: EthtoolAttribute.PrivateFlags.flags))
        case Ethtool.Reply.ringsNotification: self = .rings(try EthtoolRings(decoding: message))
        case Ethtool.Reply.channelsNotification: self = .channels(try EthtoolChannels(decoding: message))
        case Ethtool.Reply.coalesceNotification: self = .coalesce(try EthtoolCoalesce(decoding: message))
        case Ethtool.Reply.pauseNotification: self = .pause(try EthtoolPause(decoding: message))
        case Ethtool.Reply.eeeNotification: self = .eee(try EthtoolEEE(decoding: message))
        case Ethtool.Reply.fecNotification: self = .fec(try EthtoolFEC(decoding: message))
        case Ethtool.Reply.moduleNotification: self = .module(try EthtoolModule(decoding: message))
        default:
            let device = try EthtoolReplyReader.read(message) { _ throws(NetlinkDecodingError) in }.device
            self = .other(command: command, device: device)
        }
    }

    /// The device the notification is about.
    public var device: EthtoolDeviceHeader {
        switch self {
        case .linkInfo(let v): v.device
        case .linkModes(let v): v.device
        case .debug(let v), .wakeOnLAN(let v), .privateFlags(let v): v.device
        case .features(let v): v.device
        case .rings(let v): v.device
        case .channels(let v): v.device
        case .coalesce(let v): v.device
        case .pause(let v): v.device
        case .eee(let v): v.device
        case .fec(let v): v.device
        case .module(let v): v.device
        case .other(_, let device): device
        }
    }
}
