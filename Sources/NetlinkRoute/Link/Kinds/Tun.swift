import NetlinkCore

extension LinkAttribute {
    /// Nested in `IFLA_INFO_DATA` of a tun or tap (`IFLA_TUN_*`).
    public enum Tun {
        /// `IFLA_TUN_OWNER` (1).
        public static let owner: UInt16 = 1
        /// `IFLA_TUN_GROUP` (2).
        public static let group: UInt16 = 2
        /// `IFLA_TUN_TYPE` (3).
        public static let type: UInt16 = 3
        /// `IFLA_TUN_PI` (4).
        public static let packetInformation: UInt16 = 4
        /// `IFLA_TUN_VNET_HDR` (5).
        public static let virtioNetHeader: UInt16 = 5
        /// `IFLA_TUN_PERSIST` (6).
        public static let persist: UInt16 = 6
        /// `IFLA_TUN_MULTI_QUEUE` (7).
        public static let multiQueue: UInt16 = 7
        /// `IFLA_TUN_NUM_QUEUES` (8).
        public static let queues: UInt16 = 8
        /// `IFLA_TUN_NUM_DISABLED_QUEUES` (9).
        public static let disabledQueues: UInt16 = 9
    }
}

/// The data of a tun or tap link (`IFLA_TUN_*` of `<linux/if_link.h>`).
public struct TunDetails: Hashable, Sendable {
    /// `IFLA_TUN_OWNER`: the owning user ID (absent when there is none).
    public var owner: UInt32?
    /// `IFLA_TUN_GROUP`: the owning group ID (absent when there is none).
    public var group: UInt32?
    /// `IFLA_TUN_TYPE`: `IFF_TUN` 1 or `IFF_TAP` 2.
    public var type: UInt8?
    /// `IFLA_TUN_PI`: packet information header.
    public var packetInformation: Bool?
    /// `IFLA_TUN_VNET_HDR`.
    public var virtioNetHeader: Bool?
    /// `IFLA_TUN_PERSIST`.
    public var persist: Bool?
    /// `IFLA_TUN_MULTI_QUEUE`.
    public var multiQueue: Bool?
    /// `IFLA_TUN_NUM_QUEUES`.
    public var queues: UInt32?
    /// `IFLA_TUN_NUM_DISABLED_QUEUES`.
    public var disabledQueues: UInt32?

    /// Creates empty details.
    public init() {}

    /// Decodes an `IFLA_INFO_DATA` payload.
    public init(_ data: [UInt8]) throws(NetlinkDecodingError) {
        self.init()
        try forEachAttribute(in: data, "IFLA_TUN") { (a) throws(NetlinkDecodingError) in
            typealias K = LinkAttribute.Tun
            switch a.type {
            case K.owner: owner = try a.uint32(.host)
            case K.group: group = try a.uint32(.host)
            case K.type: type = try a.uint8()
            case K.packetInformation: packetInformation = try a.bool8()
            case K.virtioNetHeader: virtioNetHeader = try a.bool8()
            case K.persist: persist = try a.bool8()
            case K.multiQueue: multiQueue = try a.bool8()
            case K.queues: queues = try a.uint32(.host)
            case K.disabledQueues: disabledQueues = try a.uint32(.host)
            default: break
            }
        }
    }
}
