import NetlinkCore

/// A notification of the netdev family: group `mgmt` (devices registered, unregistered, their XDP
/// features changed) and group `page-pool` (page pools created, destroyed, changed).
public enum NetdevEvent: Hashable, Sendable {
    /// `NETDEV_CMD_DEV_ADD_NTF`.
    case deviceAdded(NetdevDevice)
    /// `NETDEV_CMD_DEV_DEL_NTF`.
    case deviceDeleted(NetdevDevice)
    /// `NETDEV_CMD_DEV_CHANGE_NTF`.
    case deviceChanged(NetdevDevice)
    /// `NETDEV_CMD_PAGE_POOL_ADD_NTF`.
    case pagePoolAdded(NetdevPagePool)
    /// `NETDEV_CMD_PAGE_POOL_DEL_NTF`.
    case pagePoolDeleted(NetdevPagePool)
    /// `NETDEV_CMD_PAGE_POOL_CHANGE_NTF`.
    case pagePoolChanged(NetdevPagePool)
    /// Any other command (a newer kernel's).
    case other(command: UInt8)

    /// Decodes a notification (the caller checks the message type is the family's ID).
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let command = try GenericNetlinkHeader(decoding: message).command
        switch command {
        case Netdev.deviceAdded: self = .deviceAdded(try NetdevDevice(decoding: message))
        case Netdev.deviceDeleted: self = .deviceDeleted(try NetdevDevice(decoding: message))
        case Netdev.deviceChanged: self = .deviceChanged(try NetdevDevice(decoding: message))
        case Netdev.pagePoolAdded: self = .pagePoolAdded(try NetdevPagePool(decoding: message))
        case Netdev.pagePoolDeleted: self = .pagePoolDeleted(try NetdevPagePool(decoding: message))
        case Netdev.pagePoolChanged: self = .pagePoolChanged(try NetdevPagePool(decoding: message))
        default: self = .other(command: command)
        }
    }
}
