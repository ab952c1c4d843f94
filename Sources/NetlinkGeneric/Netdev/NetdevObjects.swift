import NetlinkCore

/// Reads an unsigned integer attribute of 4 or 8 bytes (the `uint` of the kernel's YAML specs).
func unsignedValue(_ attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> UInt64 {
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
        var index: UInt32?
        var device = NetdevDevice(index: 0)
        _ = try GenericNetlinkHeader.forEachAttribute(of: message) { attribute throws(NetlinkDecodingError) in
            switch attribute.type {
            case NetdevAttribute.Device.index: index = try attribute.uint32(.host)
            case NetdevAttribute.Device.xdpFeatures: device.xdpFeatures = NetdevXDPFeatures(rawValue: try unsignedValue(attribute))
            case NetdevAttribute.Device.xdpZeroCopyMaxSegments: device.xdpZeroCopyMaxSegments = try attribute.uint32(.host)
            case NetdevAttribute.Device.xdpRXMetadataFeatures: device.xdpRXMetadataFeatures = try unsignedValue(attribute)
            case NetdevAttribute.Device.xskFeatures: device.xskFeatures = try unsignedValue(attribute)
            default: return
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
        var id: UInt32?
        var index: UInt32?
        var type: UInt32?
        var napiID: UInt32?
        _ = try GenericNetlinkHeader.forEachAttribute(of: message) { attribute throws(NetlinkDecodingError) in
            switch attribute.type {
            case NetdevAttribute.Queue.id: id = try attribute.uint32(.host)
            case NetdevAttribute.Queue.index: index = try attribute.uint32(.host)
            case NetdevAttribute.Queue.type: type = try attribute.uint32(.host)
            case NetdevAttribute.Queue.napiID: napiID = try attribute.uint32(.host)
            default: return
            }
        }
        guard let id, let index, let type else {
            throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "a netdev queue without its ID, device or type")
        }
        self.init(id: id, index: index, type: type, napiID: napiID)
    }
}

/// A NAPI instance (`NETDEV_CMD_NAPI_GET`): the polling context of a queue, with its settings.
public struct NetdevNAPI: Hashable, Sendable {
    /// `NETDEV_A_NAPI_ID`.
    public var id: UInt32
    /// `NETDEV_A_NAPI_IFINDEX`.
    public var index: UInt32
    /// `NETDEV_A_NAPI_IRQ`.
    public var irq: UInt32?
    /// `NETDEV_A_NAPI_PID`: the kernel thread polling it, when threaded.
    public var pid: UInt32?
    /// `NETDEV_A_NAPI_DEFER_HARD_IRQS`.
    public var deferHardIRQs: UInt32?
    /// `NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT`, nanoseconds.
    public var groFlushTimeout: UInt64?
    /// `NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT`, nanoseconds.
    public var irqSuspendTimeout: UInt64?
    /// `NETDEV_A_NAPI_THREADED`.
    public var threaded: UInt32?

    /// Creates a value.
    public init(id: UInt32, index: UInt32) {
        self.id = id
        self.index = index
    }

    /// Decodes a reply.
    /// - Throws: `NetlinkDecodingError`, also without the ID or the device.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = NetdevNAPI(id: 0, index: 0)
        var id: UInt32?
        var index: UInt32?
        _ = try GenericNetlinkHeader.forEachAttribute(of: message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case NetdevAttribute.NAPI.id: id = try a.uint32(.host)
            case NetdevAttribute.NAPI.index: index = try a.uint32(.host)
            case NetdevAttribute.NAPI.irq: value.irq = try a.uint32(.host)
            case NetdevAttribute.NAPI.pid: value.pid = try a.uint32(.host)
            case NetdevAttribute.NAPI.deferHardIRQs: value.deferHardIRQs = try a.uint32(.host)
            case NetdevAttribute.NAPI.groFlushTimeout: value.groFlushTimeout = try unsignedValue(a)
            case NetdevAttribute.NAPI.irqSuspendTimeout: value.irqSuspendTimeout = try unsignedValue(a)
            case NetdevAttribute.NAPI.threaded: value.threaded = try a.uint32(.host)
            default: return
            }
        }
        guard let id, let index else { throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "a NAPI instance without its ID or device") }
        value.id = id
        value.index = index
        self = value
    }
}

/// A page pool (`NETDEV_CMD_PAGE_POOL_GET`): the buffers a driver's receive queue recycles.
public struct NetdevPagePool: Hashable, Sendable {
    /// `NETDEV_A_PAGE_POOL_ID`.
    public var id: UInt64
    /// `NETDEV_A_PAGE_POOL_IFINDEX`: absent once the device is gone (an orphaned pool).
    public var index: UInt32?
    /// `NETDEV_A_PAGE_POOL_NAPI_ID`.
    public var napiID: UInt32?
    /// `NETDEV_A_PAGE_POOL_INFLIGHT`: pages handed out.
    public var inflight: UInt64?
    /// `NETDEV_A_PAGE_POOL_INFLIGHT_MEM`: their bytes.
    public var inflightMemory: UInt64?
    /// `NETDEV_A_PAGE_POOL_DETACH_TIME`.
    public var detachTime: UInt64?

    /// Creates a value.
    public init(id: UInt64) { self.id = id }

    /// Decodes a reply or notification.
    /// - Throws: `NetlinkDecodingError`, also without the ID.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = NetdevPagePool(id: 0)
        var id: UInt64?
        _ = try GenericNetlinkHeader.forEachAttribute(of: message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case NetdevAttribute.PagePool.id: id = try unsignedValue(a)
            case NetdevAttribute.PagePool.index: value.index = try a.uint32(.host)
            case NetdevAttribute.PagePool.napiID: value.napiID = try a.uint32(.host)
            case NetdevAttribute.PagePool.inflight: value.inflight = try unsignedValue(a)
            case NetdevAttribute.PagePool.inflightMemory: value.inflightMemory = try unsignedValue(a)
            case NetdevAttribute.PagePool.detachTime: value.detachTime = try unsignedValue(a)
            default: return
            }
        }
        guard let id else { throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "a page pool without its ID") }
        value.id = id
        self = value
    }
}

/// Queue statistics (`NETDEV_CMD_QSTATS_GET`): of a device, or of one of its queues (scope 1).
/// Every counter is kept by its attribute type (``counters``); the four common ones have names.
public struct NetdevQueueStatistics: Hashable, Sendable {
    /// `NETDEV_A_QSTATS_IFINDEX`.
    public var index: UInt32
    /// `NETDEV_A_QSTATS_QUEUE_TYPE` (per-queue figures only).
    public var queueType: UInt32?
    /// `NETDEV_A_QSTATS_QUEUE_ID` (per-queue figures only).
    public var queueID: UInt32?
    /// The counters (`NETDEV_A_QSTATS_RX_PACKETS` (8) and on), by attribute type.
    public var counters: [UInt16: UInt64]

    /// `NETDEV_A_QSTATS_RX_PACKETS`.
    public var rxPackets: UInt64? { counters[NetdevAttribute.QueueStatistics.rxPackets] }
    /// `NETDEV_A_QSTATS_RX_BYTES`.
    public var rxBytes: UInt64? { counters[NetdevAttribute.QueueStatistics.rxBytes] }
    /// `NETDEV_A_QSTATS_TX_PACKETS`.
    public var txPackets: UInt64? { counters[NetdevAttribute.QueueStatistics.txPackets] }
    /// `NETDEV_A_QSTATS_TX_BYTES`.
    public var txBytes: UInt64? { counters[NetdevAttribute.QueueStatistics.txBytes] }

    /// Creates a value.
    public init(index: UInt32, queueType: UInt32? = nil, queueID: UInt32? = nil, counters: [UInt16: UInt64] = [:]) {
        self.index = index
        self.queueType = queueType
        self.queueID = queueID
        self.counters = counters
    }

    /// Decodes a dump reply: attributes 8 and above are counters (uint).
    /// - Throws: `NetlinkDecodingError`, also without the device.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = NetdevQueueStatistics(index: 0)
        var index: UInt32?
        _ = try GenericNetlinkHeader.forEachAttribute(of: message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case NetdevAttribute.QueueStatistics.index: index = try a.uint32(.host)
            case NetdevAttribute.QueueStatistics.queueType: value.queueType = try a.uint32(.host)
            case NetdevAttribute.QueueStatistics.queueID: value.queueID = try a.uint32(.host)
            case NetdevAttribute.QueueStatistics.rxPackets...: value.counters[a.type] = try unsignedValue(a)
            default: return
            }
        }
        guard let index else { throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "queue statistics without NETDEV_A_QSTATS_IFINDEX") }
        value.index = index
        self = value
    }
}
