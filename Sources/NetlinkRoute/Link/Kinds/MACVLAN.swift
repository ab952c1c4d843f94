import NetlinkCore

extension LinkAttribute {
    /// Nested in `IFLA_INFO_DATA` of a macvlan or macvtap (`IFLA_MACVLAN_*`).
    public enum MACVLAN {
        /// `IFLA_MACVLAN_MODE` (1).
        public static let mode: UInt16 = 1
        /// `IFLA_MACVLAN_FLAGS` (2).
        public static let flags: UInt16 = 2
        /// `IFLA_MACVLAN_MACADDR_MODE` (3).
        public static let addressMode: UInt16 = 3
        /// `IFLA_MACVLAN_MACADDR` (4).
        public static let address: UInt16 = 4
        /// `IFLA_MACVLAN_MACADDR_DATA` (5).
        public static let addressData: UInt16 = 5
        /// `IFLA_MACVLAN_MACADDR_COUNT` (6).
        public static let addressCount: UInt16 = 6
        /// `IFLA_MACVLAN_BC_QUEUE_LEN` (7).
        public static let broadcastQueueLength: UInt16 = 7
        /// `IFLA_MACVLAN_BC_QUEUE_LEN_USED` (8).
        public static let broadcastQueueLengthUsed: UInt16 = 8
        /// `IFLA_MACVLAN_BC_CUTOFF` (9), newer than the 6.1 headers.
        public static let broadcastCutoff: UInt16 = 9
    }
}

/// The data of a macvlan or macvtap link (`IFLA_MACVLAN_*` of `<linux/if_link.h>`).
public struct MACVLANDetails: Hashable, Sendable {
    /// `IFLA_MACVLAN_MODE`.
    public var mode: MACVLANMode?
    /// `IFLA_MACVLAN_FLAGS`: `MACVLAN_FLAG_NOPROMISC` 1, `MACVLAN_FLAG_NODST` 2.
    public var flags: UInt16?
    /// `IFLA_MACVLAN_MACADDR_COUNT`: how many source addresses (source mode).
    public var sourceAddressCount: UInt32?
    /// `IFLA_MACVLAN_MACADDR_DATA` > `IFLA_MACVLAN_MACADDR`: the source addresses (source mode).
    public var sourceAddresses: [[UInt8]] = []
    /// `IFLA_MACVLAN_BC_QUEUE_LEN`: the broadcast queue length asked for.
    public var broadcastQueueLength: UInt32?
    /// `IFLA_MACVLAN_BC_QUEUE_LEN_USED`: the broadcast queue length in use.
    public var broadcastQueueLengthUsed: UInt32?
    /// `IFLA_MACVLAN_BC_CUTOFF` (newer than the 6.1 headers): the broadcast cutoff.
    public var broadcastCutoff: Int32?

    /// Creates empty details.
    public init() {}

    /// Decodes an `IFLA_INFO_DATA` payload.
    public init(_ data: [UInt8]) throws(NetlinkDecodingError) {
        self.init()
        try forEachAttribute(in: data, "IFLA_MACVLAN") { (a) throws(NetlinkDecodingError) in
            typealias K = LinkAttribute.MACVLAN
            switch a.type {
            case K.mode: mode = MACVLANMode(rawValue: try a.uint32(.host))
            case K.flags: flags = try a.uint16(.host)
            case K.addressCount: sourceAddressCount = try a.uint32(.host)
            case K.addressData:
                var list = try a.nested()
                while let item = try list.next() {
                    if item.type == K.address { sourceAddresses.append(item.bytes()) }
                }
            case K.broadcastQueueLength: broadcastQueueLength = try a.uint32(.host)
            case K.broadcastQueueLengthUsed: broadcastQueueLengthUsed = try a.uint32(.host)
            case K.broadcastCutoff: broadcastCutoff = try a.int32(.host)
            default: break
            }
        }
    }
}

/// The options of a macvlan or macvtap besides its mode (`IFLA_MACVLAN_*`).
public struct MACVLANOptions: Sendable {
    /// `IFLA_MACVLAN_FLAGS`: `MACVLAN_FLAG_NOPROMISC` 1, `MACVLAN_FLAG_NODST` 2.
    public var flags: UInt16?
    /// Changes to the allowed source addresses of `source` mode, sent in order.
    public var sourceAddressChanges: [SourceAddressChange] = []
    /// `IFLA_MACVLAN_BC_QUEUE_LEN`: the receive queue for broadcast and multicast.
    public var broadcastQueueLength: UInt32?

    /// A change to the source address list (`IFLA_MACVLAN_MACADDR_MODE` and its addresses).
    public enum SourceAddressChange: Sendable {
        /// Allow one more address (`MACVLAN_MACADDR_ADD`).
        case add([UInt8])
        /// Remove one (`MACVLAN_MACADDR_DEL`).
        case delete([UInt8])
        /// Remove all (`MACVLAN_MACADDR_FLUSH`).
        case flush
        /// Replace the list (`MACVLAN_MACADDR_SET`, the addresses in `IFLA_MACVLAN_MACADDR_DATA`).
        case set([[UInt8]])
    }

    /// Creates empty options.
    public init() {}

    /// Whether nothing is set.
    public var isEmpty: Bool { flags == nil && sourceAddressChanges.isEmpty && broadcastQueueLength == nil }

    func encode(into b: inout NetlinkMessageBuilder) throws {
        for change in sourceAddressChanges {
            switch change {
            case .add(let address):
                try b.appendAttribute(3, uint32: 0, .host)
                try b.appendAttribute(4, bytes: address)
            case .delete(let address):
                try b.appendAttribute(3, uint32: 1, .host)
                try b.appendAttribute(4, bytes: address)
            case .flush:
                try b.appendAttribute(3, uint32: 2, .host)
            case .set(let addresses):
                try b.appendAttribute(3, uint32: 3, .host)
                try b.appendNested(5) { b in
                    for address in addresses { try b.appendAttribute(4, bytes: address) }
                }
            }
        }
        if let broadcastQueueLength { try b.appendAttribute(7, uint32: broadcastQueueLength, .host) }
        if let flags { try b.appendAttribute(2, uint16: flags, .host) }
    }
}
