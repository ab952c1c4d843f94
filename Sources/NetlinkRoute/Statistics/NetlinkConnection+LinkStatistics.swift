import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The statistics of link `index` (`RTM_GETSTATS` for one link): the groups of `filter`.
    ///
    /// - Throws: the kernel's error: `ENODEV` for no such link, `EINVAL` for an empty mask.
    public func linkStatistics(index: Int32, filter: LinkStatisticsFilter = .link64) async throws(NetlinkError) -> LinkStatisticsReport {
        let ack = try await execute(type: LinkStatisticsMessage.getStats, fixedHeaderSize: LinkStatisticsMessage.size) { b in
            LinkStatisticsMessage(index: UInt32(bitPattern: index), filterMask: filter).encode(into: &b)
        }
        return try ack.firstReply(missing: "no RTM_NEWSTATS in the reply") { message throws(NetlinkDecodingError) in
            message.type == LinkStatisticsMessage.newStats ? try LinkStatisticsReport(decoding: message) : nil
        }
    }

    /// The statistics of every link (an `RTM_GETSTATS` dump): the groups of `filter`; an
    /// interrupted dump is retried up to `retries` times.
    public func allLinkStatistics(filter: LinkStatisticsFilter = .link64, retries: Int = 5) async throws(NetlinkError) -> [LinkStatisticsReport] {
        try await dumpAll(type: LinkStatisticsMessage.getStats, fixedHeaderSize: LinkStatisticsMessage.size, retries: retries, { b in
            LinkStatisticsMessage(filterMask: filter).encode(into: &b)
        }) { message in
            message.type == LinkStatisticsMessage.newStats ? try LinkStatisticsReport(decoding: message) : nil
        }
    }

    /// Streams the raw datagrams of an `RTM_GETSTATS` dump of `filter`'s groups (decode each
    /// message with ``LinkStatisticsReport/init(decoding:)``).
    public func linkStatisticsDump(filter: LinkStatisticsFilter = .link64, acceptInterrupted: Bool = false) -> NetlinkDump {
        dump(type: LinkStatisticsMessage.getStats, fixedHeaderSize: LinkStatisticsMessage.size, acceptInterrupted: acceptInterrupted) { b in
            LinkStatisticsMessage(filterMask: filter).encode(into: &b)
        }
    }

    /// Asks for, or stops, the hardware L3 statistics of link `index` (`RTM_SETSTATS` with
    /// `IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS`: `ip stats set dev DEV l3_stats on | off`). Whether
    /// the hardware collects them shows in the offload group's information
    /// (``LinkStatisticsAttribute/offloadHardwareStatisticsInfo``).
    ///
    /// - Throws: the kernel's error (`ENODEV` for no such link).
    public func setL3Statistics(ofLink index: Int32, enabled: Bool) async throws(NetlinkError) {
        try await execute(type: LinkStatisticsMessage.setStats, fixedHeaderSize: LinkStatisticsMessage.size) { b in
            LinkStatisticsMessage(index: UInt32(bitPattern: index), filterMask: []).encode(into: &b)
            try b.appendAttribute(LinkStatisticsAttribute.setOffloadL3Statistics, uint8: enabled ? 1 : 0)
        }
    }
}
