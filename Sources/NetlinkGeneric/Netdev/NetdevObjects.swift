import NetlinkCore

/// Reads an unsigned integer attribute of 4 or 8 bytes (the `uint` of the kernel's YAML specs).
private func unsignedValue(_ attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> UInt64 {
    switch attribute.payload.byteCount {
    case 4: return UInt64(try attribute.uint32(.host))
    default: return try attribute.uint64(.host)
    }
}

/// A device as the `netdev` family describes it (`NETDEV_CMD_DEV_GET`).
public struct NetdevDevice: Hashable, Sendable {
    /// `NETDEV_A_DEV_IFINDEX`.
    public var index: UInt32
    /// `NETDEV_A_DEV_XDP_FEATURES`.
    public var xdpFeatures: NetdevXDPFeatures?
    /// `NETDEV_A_DEV_XDP_ZC_MAX_SEGS`.
    public var xdpZeroCopyMaxSegments: UInt32?
    /// `NETDEV_A_DEV_XDP_RX_METADATA_FEATURES` (`NETDEV_XDP_RX_METADATA_*`: timestamp 1, hash 2, VLAN tag 4).
    public var xdpRXMetadataFeatures: UInt64?
    /// `NETDEV_A_DEV_XSK_FEATURES` (`NETDEV_XSK_FLAGS_*`).
    public var xskFeatures: UInt64?

    /// Creates a device value.
    public init(index: UInt32) { self.index = index }

    /// Decodes a reply; the first of a repeated attribute counts.
    /// - Throws: `NetlinkDecodingError`, also for a reply without the index (`invalidValue`).
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var index: UInt32?
        var device = NetdevDevice(index: 0)
        var seen = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            guard seen.insert(attribute.type).inserted else { continue }
            switch attribute.type {
            case NetdevAttribute.Device.index: index = try attribute.uint32(.host)
            case NetdevAttribute.Device.xdpFeatures: device.xdpFeatures = NetdevXDPFeatures(rawValue: try unsignedValue(attribute))
            case NetdevAttribute.Device.xdpZeroCopyMaxSegments: device.xdpZeroCopyMaxSegments = try attribute.uint32(.host)
            case NetdevAttribute.Device.xdpRXMetadataFeatures: device.xdpRXMetadataFeatures = try unsignedValue(attribute)
            case NetdevAttribute.Device.xskFeatures: device.xskFeatures = try unsignedValue(attribute)
            default: continue
            }
        }
        guard let index else { throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "a netdev device without NETDEV_A_DEV_IFINDEX") }
        device.index = index
        self = device
    }
}

/// A queue of a device (`NETDEV_CMD_QUEUE_GET`).
public struct NetdevQueue: Hashable, Sendable {
    /// The direction (`NETDEV_QUEUE_TYPE_*`).
    public enum Kind: UInt32, Hashable, Sendable {
        /// `NETDEV_QUEUE_TYPE_RX` (0).
        case receive = 0
        /// `NETDEV_QUEUE_TYPE_TX` (1).
        case transmit = 1
    }

    /// `NETDEV_A_QUEUE_ID`.
    public var id: UInt32
    /// `NETDEV_A_QUEUE_IFINDEX`.
    public var index: UInt32
    /// `NETDEV_A_QUEUE_TYPE` as sent (0 receive, 1 transmit); ``kind`` names it.
    public var type: UInt32
    /// `NETDEV_A_QUEUE_NAPI_ID`.
    public var napiID: UInt32?

    /// The direction, when the type is one this library knows.
    public var kind: Kind? { Kind(rawValue: type) }

    /// Creates a queue value.
    public init(id: UInt32, index: UInt32, type: UInt32, napiID: UInt32? = nil) {
        self.id = id
        self.index = index
        self.type = type
        self.napiID = napiID
    }

    /// Decodes a reply; the first of a repeated attribute counts.
    /// - Throws: `NetlinkDecodingError`, also for a reply without ID, device or type (`invalidValue`).
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var id: UInt32?
        var index: UInt32?
        var type: UInt32?
        var napiID: UInt32?
        var seen = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            guard seen.insert(attribute.type).inserted else { continue }
            switch attribute.type {
            case NetdevAttribute.Queue.id: id = try attribute.uint32(.host)
            case NetdevAttribute.Queue.index: index = try attribute.uint32(.host)
            case NetdevAttribute.Queue.type: type = try attribute.uint32(.host)
            case NetdevAttribute.Queue.napiID: napiID = try attribute.uint32(.host)
            default: continue
            }
        }
        guard let id, let index, let type else {
            throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "a netdev queue without its ID, device or type")
        }
        self.init(id: id, index: index, type: type, napiID: napiID)
    }
}
