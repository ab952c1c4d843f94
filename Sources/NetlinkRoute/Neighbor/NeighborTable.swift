import NetlinkCore

/// A neighbour table of one family (`arp_cache`, `ndisc_cache`), or its parameters for one
/// interface (`RTM_NEWNEIGHTBL`, `ip ntable`): `struct ndtmsg` (the family, padded to 4 bytes)
/// and `NDTA_*` attributes. A dump gives one message per table with its thresholds, configuration,
/// default parameters and statistics, then one per interface with only that interface's parameters.
public struct NeighborTable: Hashable, Sendable {
    /// `ndtm_family`.
    public var family: AddressFamily
    /// `NDTA_NAME`: `arp_cache`, `ndisc_cache` ...
    public var name: String?
    /// `NDTA_THRESH1` ... `NDTA_THRESH3`: the garbage collector's thresholds (entries).
    public var threshold1: UInt32?
    public var threshold2: UInt32?
    public var threshold3: UInt32?
    /// `NDTA_GC_INTERVAL`: milliseconds.
    public var gcInterval: UInt64?
    /// `NDTA_CONFIG`: `struct ndt_config`.
    public var configuration: Configuration?
    /// `NDTA_PARMS`: the parameters, the table's defaults or an interface's (``Parameters/index``).
    public var parameters: Parameters?
    /// `NDTA_STATS`: `struct ndt_stats`.
    public var statistics: Statistics?

    /// `struct ndt_config` (32 bytes).
    public struct Configuration: Hashable, Sendable {
        public var keyLength: UInt16
        public var entrySize: UInt16
        public var entries: UInt32
        /// Milliseconds since the last flush.
        public var lastFlush: UInt32
        /// Milliseconds since the hash was last reseeded.
        public var lastRandomization: UInt32
        public var hashRandom: UInt32
        public var hashMask: UInt32
        public var hashChainGC: UInt32
        public var proxyQueueLength: UInt32
    }

    /// `NDTPA_*`, each `nil` when not sent. Times in milliseconds.
    public struct Parameters: Hashable, Sendable {
        /// The attribute values by `NDTPA_*` type: u32 or u64 as the kernel sent them.
        public var values: [UInt16: UInt64] = [:]
        /// Creates an empty set.
        public init() {}

        /// The interface these parameters are of (`NDTPA_IFINDEX`); `nil` for a table's defaults.
        public var index: Int32? { values[Self.interfaceIndex].map { Int32(truncatingIfNeeded: $0) } }

        /// `NDTPA_IFINDEX` (1) ... `NDTPA_LOCKTIME` (15), `NDTPA_QUEUE_LENBYTES` (16),
        /// `NDTPA_MCAST_REPROBES` (17), `NDTPA_INTERVAL_PROBE_TIME_MS` (19, newer than the 6.1 headers).
        public static let interfaceIndex: UInt16 = 1, referenceCount: UInt16 = 2, reachableTime: UInt16 = 3
        public static let baseReachableTime: UInt16 = 4, retransmitTime: UInt16 = 5, gcStaleTime: UInt16 = 6
        public static let delayProbeTime: UInt16 = 7, queueLength: UInt16 = 8, applicationProbes: UInt16 = 9
        public static let unicastProbes: UInt16 = 10, multicastProbes: UInt16 = 11, anycastDelay: UInt16 = 12
        public static let proxyDelay: UInt16 = 13, proxyQueueLength: UInt16 = 14, lockTime: UInt16 = 15
        public static let queueLengthBytes: UInt16 = 16, multicastReprobes: UInt16 = 17, intervalProbeTime: UInt16 = 19

        /// The `NDTPA_*` types that are u64 (the rest are u32).
        public static let sixtyFourBit: Set<UInt16> = [3, 4, 5, 6, 7, 12, 13, 15, 19]
    }

    /// `struct ndt_stats`: 11 u64 counters.
    public struct Statistics: Hashable, Sendable {
        public var allocations, destroys, hashGrows, resolutionsFailed, lookups, hits: UInt64
        public var multicastProbesReceived, unicastProbesReceived, periodicGCRuns, forcedGCRuns, tableFulls: UInt64
    }

    /// Creates a value of `family`.
    public init(family: AddressFamily, name: String? = nil) {
        self.family = family
        self.name = name
    }

    /// `NDTA_*` attribute types.
    public enum Attribute {
        public static let name: UInt16 = 1, threshold1: UInt16 = 2, threshold2: UInt16 = 3, threshold3: UInt16 = 4
        public static let configuration: UInt16 = 5, parameters: UInt16 = 6, statistics: UInt16 = 7, gcInterval: UInt16 = 8
    }

    /// Decodes an `RTM_NEWNEIGHTBL` message. Unknown attributes are skipped; a short `NDTA_CONFIG`
    /// or `NDTA_STATS` is left out.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        guard message.payload.byteCount >= 1 else {
            throw NetlinkDecodingError(.truncatedStructure, offset: message.offset + 16, expected: 4, actual: 0, context: "struct ndtmsg")
        }
        self.init(family: AddressFamily(rawValue: message.payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self)))
        var attributes = try message.attributes(afterFixedHeader: min(4, message.payload.byteCount))
        while let attribute = try attributes.next() {
            switch attribute.type {
            case Attribute.name: name = attribute.string()
            case Attribute.threshold1: threshold1 = try attribute.uint32(.host)
            case Attribute.threshold2: threshold2 = try attribute.uint32(.host)
            case Attribute.threshold3: threshold3 = try attribute.uint32(.host)
            case Attribute.gcInterval: gcInterval = try attribute.uint64(.host)
            case Attribute.configuration:
                let b = attribute.bytes()
                guard b.count >= 32 else { continue }
                func u32(_ o: Int) -> UInt32 { b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: UInt32.self) } }
                func u16(_ o: Int) -> UInt16 { b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: UInt16.self) } }
                configuration = Configuration(
                    keyLength: u16(0), entrySize: u16(2), entries: u32(4), lastFlush: u32(8), lastRandomization: u32(12),
                    hashRandom: u32(16), hashMask: u32(20), hashChainGC: u32(24), proxyQueueLength: u32(28))
            case Attribute.statistics:
                let b = attribute.bytes()
                guard b.count >= 88 else { continue }
                func u64(_ i: Int) -> UInt64 { b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) } }
                statistics = Statistics(
                    allocations: u64(0), destroys: u64(1), hashGrows: u64(2), resolutionsFailed: u64(3), lookups: u64(4), hits: u64(5),
                    multicastProbesReceived: u64(6), unicastProbesReceived: u64(7), periodicGCRuns: u64(8), forcedGCRuns: u64(9),
                    tableFulls: u64(10))
            case Attribute.parameters:
                var values = Parameters()
                var nested = try attribute.nested()
                while let inner = try nested.next() {
                    guard inner.payload.byteCount == 4 || inner.payload.byteCount == 8 else { continue }
                    values.values[inner.type] = try inner.unsignedInteger(.host)
                }
                parameters = values
            default: continue
            }
        }
    }
}
