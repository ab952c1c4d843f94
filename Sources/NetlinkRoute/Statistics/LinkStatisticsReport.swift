import NetlinkCore

/// One link's answer to `RTM_GETSTATS`: an `RTM_NEWSTATS` message, decoded.
///
/// ```text
/// struct if_stats_msg (12 bytes)
/// IFLA_STATS_LINK_64              struct rtnl_link_stats64 (23, 24 or 25 u64, by kernel version)
/// IFLA_STATS_LINK_XSTATS          nested, by link kind (kept raw)
/// IFLA_STATS_LINK_XSTATS_SLAVE    nested, by master kind (kept raw)
/// IFLA_STATS_LINK_OFFLOAD_XSTATS  nested: IFLA_OFFLOAD_XSTATS_CPU_HIT (stats64) decoded, all kept raw
/// IFLA_STATS_AF_SPEC              nested by address family (kept raw)
/// ```
///
/// Unknown attributes are skipped; the nested groups are kept as their raw payload for a
/// kind-specific decoder.
public struct LinkStatisticsReport: Hashable, Sendable {
    /// The link's index (`ifindex`).
    public var index: UInt32
    /// The groups the kernel says it filled (`filter_mask` of the reply).
    public var filterMask: LinkStatisticsFilter
    /// `IFLA_STATS_LINK_64`: the 64-bit counters, the same as the link dump's `IFLA_STATS64`.
    public var link64: LinkStatistics?
    /// `IFLA_STATS_LINK_XSTATS` payload (nested attributes of the link kind).
    public var linkExtended: [UInt8]?
    /// `IFLA_STATS_LINK_XSTATS_SLAVE` payload (nested attributes of the master kind).
    public var linkExtendedPort: [UInt8]?
    /// `IFLA_STATS_LINK_OFFLOAD_XSTATS` payload.
    public var linkOffload: [UInt8]?
    /// `IFLA_OFFLOAD_XSTATS_CPU_HIT` inside the offload group: what reached the CPU.
    public var offloadCPUHit: LinkStatistics?
    /// `IFLA_STATS_AF_SPEC` payload.
    public var addressFamily: [UInt8]?

    /// Creates an empty report for link `index`.
    public init(index: UInt32, filterMask: LinkStatisticsFilter = []) {
        self.index = index
        self.filterMask = filterMask
    }

    /// Decodes an `RTM_NEWSTATS` message.
    ///
    /// - Throws: `NetlinkDecodingError`: a short header, a malformed attribute, or a stats64
    ///   payload that is not a whole number of counters or has fewer than the 23 of the oldest layout.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        guard message.type == LinkStatisticsMessage.newStats else {
            throw NetlinkDecodingError(.unexpectedMessageType, offset: message.offset, context: "RTM_NEWSTATS expected")
        }
        let header = try LinkStatisticsMessage(decoding: message)
        self.init(index: header.index, filterMask: header.filterMask)
        var attributes = try message.attributes(afterFixedHeader: LinkStatisticsMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case LinkStatisticsAttribute.link64:
                link64 = try Self.statistics64(attribute, context: "IFLA_STATS_LINK_64")
            case LinkStatisticsAttribute.linkExtended: linkExtended = attribute.bytes()
            case LinkStatisticsAttribute.linkExtendedPort: linkExtendedPort = attribute.bytes()
            case LinkStatisticsAttribute.linkOffload:
                linkOffload = attribute.bytes()
                offloadCPUHit = nil  // a repeated group replaces the earlier one whole, as linkOffload does
                var nested = try attribute.nested()
                while let item = try nested.next() {
                    if item.type == LinkStatisticsAttribute.offloadCPUHit {
                        offloadCPUHit = try Self.statistics64(item, context: "IFLA_OFFLOAD_XSTATS_CPU_HIT")
                    }
                }
            case LinkStatisticsAttribute.addressFamily: addressFamily = attribute.bytes()
            default: continue
            }
        }
    }

    /// The smallest `struct rtnl_link_stats64`: 23 counters (before `rx_nohandler`).
    static let minimumStatistics64Size = 23 * 8

    static func statistics64(_ attribute: borrowing NetlinkAttribute, context: String) throws(NetlinkDecodingError) -> LinkStatistics {
        let size = attribute.payload.byteCount
        // Counters a newer kernel appends beyond the 32 LinkStatistics keeps are skipped, not fatal.
        guard size >= minimumStatistics64Size, size % 8 == 0 else {
            throw NetlinkDecodingError(
                .attributeSizeMismatch, offset: attribute.offset, attributeType: attribute.type,
                expected: 25 * 8, actual: size,
                context: context)
        }
        return LinkStatistics(attribute.payload)
    }
}
