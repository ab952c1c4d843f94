import NetlinkCore

/// A device's standard statistics (`ETHTOOL_MSG_STATS_GET_REPLY`): the IEEE 802.3 and RMON groups
/// a driver reports (`ethtool -S DEV --all-groups`). Each counter is known by its index in the
/// group's string set (``Group/stringSet``), the groups by their index in `ETH_SS_STATS_STD`.
public struct EthtoolStatistics: Hashable, Sendable {
    /// One group (`ETHTOOL_A_STATS_GRP`).
    public struct Group: Hashable, Sendable {
        /// `ETHTOOL_A_STATS_GRP_ID` (`ETHTOOL_STATS_ETH_PHY` 0, `_ETH_MAC` 1, `_ETH_CTRL` 2, `_RMON` 3).
        public var id: UInt32
        /// `ETHTOOL_A_STATS_GRP_SS_ID`: the string set naming its counters.
        public var stringSet: UInt32?
        /// The counters, by index, in the order sent.
        public var counters: [Counter]
        /// The RMON histograms (`ETHTOOL_A_STATS_GRP_HIST_RX`, `_TX`).
        public var receiveHistogram: [Bucket]
        /// `ETHTOOL_A_STATS_GRP_HIST_TX`.
        public var transmitHistogram: [Bucket]

        /// Creates a group.
        public init(id: UInt32, stringSet: UInt32? = nil, counters: [Counter] = [], receiveHistogram: [Bucket] = [], transmitHistogram: [Bucket] = []) {
            self.id = id
            self.stringSet = stringSet
            self.counters = counters
            self.receiveHistogram = receiveHistogram
            self.transmitHistogram = transmitHistogram
        }
    }

    /// One counter: its index in the group's string set, its value.
    public struct Counter: Hashable, Sendable {
        public var index: UInt16
        public var value: UInt64
        public init(index: UInt16, value: UInt64) {
            self.index = index
            self.value = value
        }
    }

    /// One histogram bucket: frames of `low`…`high` bytes (0: no bound), counted `value` times.
    public struct Bucket: Hashable, Sendable {
        public var low: UInt32
        public var high: UInt32
        public var value: UInt64
        public init(low: UInt32, high: UInt32, value: UInt64) {
            self.low = low
            self.high = high
            self.value = value
        }
    }

    /// The device.
    public var device: EthtoolDeviceHeader
    /// The groups, in the order sent.
    public var groups: [Group]

    /// Creates a value.
    public init(device: EthtoolDeviceHeader, groups: [Group] = []) {
        self.device = device
        self.groups = groups
    }

    /// Decodes a reply (its header is attribute 2).
    /// - Throws: `NetlinkDecodingError` for a malformed message, a group without its ID, a counter
    ///   that is not a u64, a bucket without its bounds or value.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var device = EthtoolDeviceHeader(index: 0, name: "")
        var groups: [Group] = []
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case EthtoolAttribute.Statistics.header: device = try EthtoolDeviceHeader(decoding: attribute)
            case EthtoolAttribute.Statistics.group: groups.append(try Self.group(attribute))
            default: continue
            }
        }
        self.init(device: device, groups: groups)
    }

    private static func group(_ attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> Group {
        var id: UInt32?
        var group = Group(id: 0)
        var fields = try attribute.nested()
        while let field = try fields.next() {
            switch field.type {
            case EthtoolAttribute.Statistics.groupID: id = try field.uint32(.host)
            case EthtoolAttribute.Statistics.groupStringSet: group.stringSet = try field.uint32(.host)
            case EthtoolAttribute.Statistics.groupStatistic:
                var inner = try field.nested()
                while let counter = try inner.next() { group.counters.append(Counter(index: counter.type, value: try counter.uint64(.host))) }
            case EthtoolAttribute.Statistics.histogramRX, EthtoolAttribute.Statistics.histogramTX:
                var low: UInt32?, high: UInt32?, value: UInt64?
                var inner = try field.nested()
                while let part = try inner.next() {
                    switch part.type {
                    case EthtoolAttribute.Statistics.bucketLow: low = try part.uint32(.host)
                    case EthtoolAttribute.Statistics.bucketHigh: high = try part.uint32(.host)
                    case EthtoolAttribute.Statistics.bucketValue: value = try part.uint64(.host)
                    default: continue
                    }
                }
                guard let low, let high, let value else {
                    throw NetlinkDecodingError(.invalidValue, offset: field.offset, attributeType: field.type, context: "a histogram bucket without its bounds or value")
                }
                let bucket = Bucket(low: low, high: high, value: value)
                if field.type == EthtoolAttribute.Statistics.histogramRX { group.receiveHistogram.append(bucket) } else { group.transmitHistogram.append(bucket) }
            default: continue
            }
        }
        guard let id else { throw NetlinkDecodingError(.invalidValue, offset: attribute.offset, attributeType: attribute.type, context: "a statistics group without its ID") }
        group.id = id
        return group
    }
}
