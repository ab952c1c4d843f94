import NetlinkCore

/// The `ethtool` generic netlink family (`<linux/ethtool_netlink.h>`): a device's link settings,
/// features, channels, rings, coalescing, pause, EEE, FEC, timestamping and statistics — what the
/// `ethtool` command reads and sets. Gets are unprivileged except WoL and module EEPROM (EPERM);
/// sets need `CAP_NET_ADMIN` in the device's namespace. A device that lacks an operation answers
/// `EOPNOTSUPP` (``EthtoolAnswer/notSupported(_:)``).
///
/// Requests and replies use different command numbers (`ETHTOOL_MSG_*` of the two enums of the
/// header): ``Command`` for what we send, ``Reply`` for what the kernel sends (replies and
/// notifications).
public enum Ethtool {
    /// `ETHTOOL_GENL_NAME`.
    public static let familyName = "ethtool"
    /// `ETHTOOL_GENL_VERSION` (1).
    public static let version: UInt8 = 1
    /// `ETHTOOL_MCGRP_MONITOR_NAME`: the group of change notifications (`*_NTF`).
    public static let monitorGroupName = "monitor"

    /// The request commands (`ETHTOOL_MSG_*`, user to kernel).
    public enum Command {
        /// `ETHTOOL_MSG_STRSET_GET` (1).
        public static let stringSetGet: UInt8 = 1
        /// `ETHTOOL_MSG_LINKINFO_GET` (2).
        public static let linkInfoGet: UInt8 = 2
        /// `ETHTOOL_MSG_LINKINFO_SET` (3).
        public static let linkInfoSet: UInt8 = 3
        /// `ETHTOOL_MSG_LINKMODES_GET` (4).
        public static let linkModesGet: UInt8 = 4
        /// `ETHTOOL_MSG_LINKMODES_SET` (5).
        public static let linkModesSet: UInt8 = 5
        /// `ETHTOOL_MSG_LINKSTATE_GET` (6).
        public static let linkStateGet: UInt8 = 6
        /// `ETHTOOL_MSG_DEBUG_GET` (7).
        public static let debugGet: UInt8 = 7
        /// `ETHTOOL_MSG_DEBUG_SET` (8).
        public static let debugSet: UInt8 = 8
        /// `ETHTOOL_MSG_WOL_GET` (9).
        public static let wakeOnLANGet: UInt8 = 9
        /// `ETHTOOL_MSG_WOL_SET` (10).
        public static let wakeOnLANSet: UInt8 = 10
        /// `ETHTOOL_MSG_FEATURES_GET` (11).
        public static let featuresGet: UInt8 = 11
        /// `ETHTOOL_MSG_FEATURES_SET` (12).
        public static let featuresSet: UInt8 = 12
        /// `ETHTOOL_MSG_PRIVFLAGS_GET` (13).
        public static let privateFlagsGet: UInt8 = 13
        /// `ETHTOOL_MSG_PRIVFLAGS_SET` (14).
        public static let privateFlagsSet: UInt8 = 14
        /// `ETHTOOL_MSG_RINGS_GET` (15).
        public static let ringsGet: UInt8 = 15
        /// `ETHTOOL_MSG_RINGS_SET` (16).
        public static let ringsSet: UInt8 = 16
        /// `ETHTOOL_MSG_CHANNELS_GET` (17).
        public static let channelsGet: UInt8 = 17
        /// `ETHTOOL_MSG_CHANNELS_SET` (18).
        public static let channelsSet: UInt8 = 18
        /// `ETHTOOL_MSG_COALESCE_GET` (19).
        public static let coalesceGet: UInt8 = 19
        /// `ETHTOOL_MSG_COALESCE_SET` (20).
        public static let coalesceSet: UInt8 = 20
        /// `ETHTOOL_MSG_PAUSE_GET` (21).
        public static let pauseGet: UInt8 = 21
        /// `ETHTOOL_MSG_PAUSE_SET` (22).
        public static let pauseSet: UInt8 = 22
        /// `ETHTOOL_MSG_EEE_GET` (23).
        public static let eeeGet: UInt8 = 23
        /// `ETHTOOL_MSG_EEE_SET` (24).
        public static let eeeSet: UInt8 = 24
        /// `ETHTOOL_MSG_TSINFO_GET` (25).
        public static let timestampingGet: UInt8 = 25
        /// `ETHTOOL_MSG_TUNNEL_INFO_GET` (28).
        public static let tunnelInfoGet: UInt8 = 28
        /// `ETHTOOL_MSG_FEC_GET` (29).
        public static let fecGet: UInt8 = 29
        /// `ETHTOOL_MSG_FEC_SET` (30).
        public static let fecSet: UInt8 = 30
        /// `ETHTOOL_MSG_MODULE_EEPROM_GET` (31).
        public static let moduleEEPROMGet: UInt8 = 31
        /// `ETHTOOL_MSG_STATS_GET` (32).
        public static let statsGet: UInt8 = 32
        /// `ETHTOOL_MSG_PHC_VCLOCKS_GET` (33).
        public static let phcVirtualClocksGet: UInt8 = 33
        /// `ETHTOOL_MSG_MODULE_GET` (34).
        public static let moduleGet: UInt8 = 34
        /// `ETHTOOL_MSG_MODULE_SET` (35).
        public static let moduleSet: UInt8 = 35
    }

    /// The reply and notification commands (`ETHTOOL_MSG_*`, kernel to user).
    public enum Reply {
        /// `ETHTOOL_MSG_STRSET_GET_REPLY` (1).
        public static let stringSet: UInt8 = 1
        /// `ETHTOOL_MSG_LINKINFO_GET_REPLY` (2).
        public static let linkInfo: UInt8 = 2
        /// `ETHTOOL_MSG_LINKINFO_NTF` (3).
        public static let linkInfoNotification: UInt8 = 3
        /// `ETHTOOL_MSG_LINKMODES_GET_REPLY` (4).
        public static let linkModes: UInt8 = 4
        /// `ETHTOOL_MSG_LINKMODES_NTF` (5).
        public static let linkModesNotification: UInt8 = 5
        /// `ETHTOOL_MSG_LINKSTATE_GET_REPLY` (6).
        public static let linkState: UInt8 = 6
        /// `ETHTOOL_MSG_DEBUG_GET_REPLY` (7).
        public static let debug: UInt8 = 7
        /// `ETHTOOL_MSG_DEBUG_NTF` (8).
        public static let debugNotification: UInt8 = 8
        /// `ETHTOOL_MSG_WOL_GET_REPLY` (9).
        public static let wakeOnLAN: UInt8 = 9
        /// `ETHTOOL_MSG_WOL_NTF` (10).
        public static let wakeOnLANNotification: UInt8 = 10
        /// `ETHTOOL_MSG_FEATURES_GET_REPLY` (11).
        public static let features: UInt8 = 11
        /// `ETHTOOL_MSG_FEATURES_SET_REPLY` (12): what a set changed besides the request.
        public static let featuresSet: UInt8 = 12
        /// `ETHTOOL_MSG_FEATURES_NTF` (13).
        public static let featuresNotification: UInt8 = 13
        /// `ETHTOOL_MSG_PRIVFLAGS_GET_REPLY` (14).
        public static let privateFlags: UInt8 = 14
        /// `ETHTOOL_MSG_PRIVFLAGS_NTF` (15).
        public static let privateFlagsNotification: UInt8 = 15
        /// `ETHTOOL_MSG_RINGS_GET_REPLY` (16).
        public static let rings: UInt8 = 16
        /// `ETHTOOL_MSG_RINGS_NTF` (17).
        public static let ringsNotification: UInt8 = 17
        /// `ETHTOOL_MSG_CHANNELS_GET_REPLY` (18).
        public static let channels: UInt8 = 18
        /// `ETHTOOL_MSG_CHANNELS_NTF` (19).
        public static let channelsNotification: UInt8 = 19
        /// `ETHTOOL_MSG_COALESCE_GET_REPLY` (20).
        public static let coalesce: UInt8 = 20
        /// `ETHTOOL_MSG_COALESCE_NTF` (21).
        public static let coalesceNotification: UInt8 = 21
        /// `ETHTOOL_MSG_PAUSE_GET_REPLY` (22).
        public static let pause: UInt8 = 22
        /// `ETHTOOL_MSG_PAUSE_NTF` (23).
        public static let pauseNotification: UInt8 = 23
        /// `ETHTOOL_MSG_EEE_GET_REPLY` (24).
        public static let eee: UInt8 = 24
        /// `ETHTOOL_MSG_EEE_NTF` (25).
        public static let eeeNotification: UInt8 = 25
        /// `ETHTOOL_MSG_TSINFO_GET_REPLY` (26).
        public static let timestamping: UInt8 = 26
        /// `ETHTOOL_MSG_TUNNEL_INFO_GET_REPLY` (29).
        public static let tunnelInfo: UInt8 = 29
        /// `ETHTOOL_MSG_FEC_GET_REPLY` (30).
        public static let fec: UInt8 = 30
        /// `ETHTOOL_MSG_FEC_NTF` (31).
        public static let fecNotification: UInt8 = 31
        /// `ETHTOOL_MSG_MODULE_EEPROM_GET_REPLY` (32).
        public static let moduleEEPROM: UInt8 = 32
        /// `ETHTOOL_MSG_STATS_GET_REPLY` (33).
        public static let stats: UInt8 = 33
        /// `ETHTOOL_MSG_PHC_VCLOCKS_GET_REPLY` (34).
        public static let phcVirtualClocks: UInt8 = 34
        /// `ETHTOOL_MSG_MODULE_GET_REPLY` (35).
        public static let module: UInt8 = 35
        /// `ETHTOOL_MSG_MODULE_NTF` (36).
        public static let moduleNotification: UInt8 = 36
    }

    /// The string sets of `ETHTOOL_MSG_STRSET_GET` (`ETH_SS_*` of `<linux/ethtool.h>`).
    public enum StringSetID {
        /// `ETH_SS_STATS` (1): a driver's statistics (`ethtool -S`).
        public static let statistics: UInt32 = 1
        /// `ETH_SS_PRIV_FLAGS` (2).
        public static let privateFlags: UInt32 = 2
        /// `ETH_SS_FEATURES` (4): netdev feature names (`rx-gro`, `tx-checksum-ipv4`, …).
        public static let features: UInt32 = 4
        /// `ETH_SS_LINK_MODES` (9).
        public static let linkModes: UInt32 = 9
        /// `ETH_SS_MSG_CLASSES` (10): message levels (`drv`, `probe`, …).
        public static let messageClasses: UInt32 = 10
        /// `ETH_SS_WOL_MODES` (11).
        public static let wakeOnLANModes: UInt32 = 11
        /// `ETH_SS_SOF_TIMESTAMPING` (12).
        public static let timestampingFlags: UInt32 = 12
        /// `ETH_SS_TS_TX_TYPES` (13).
        public static let timestampingTransmitTypes: UInt32 = 13
        /// `ETH_SS_TS_RX_FILTERS` (14).
        public static let timestampingReceiveFilters: UInt32 = 14
        /// `ETH_SS_STATS_STD` (16): the standard statistics groups.
        public static let standardStatistics: UInt32 = 16
    }
}

/// The request header flags (`ETHTOOL_FLAG_*`, `ETHTOOL_A_HEADER_FLAGS`).
public struct EthtoolRequestFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `ETHTOOL_FLAG_COMPACT_BITSETS` (1): bitsets in the compact form (size, value, mask words).
    public static let compactBitsets = EthtoolRequestFlags(rawValue: 1 << 0)
    /// `ETHTOOL_FLAG_OMIT_REPLY` (2): no reply to a set (features).
    public static let omitReply = EthtoolRequestFlags(rawValue: 1 << 1)
    /// `ETHTOOL_FLAG_STATS` (4): include statistics (pause, FEC).
    public static let statistics = EthtoolRequestFlags(rawValue: 1 << 2)
}

/// The attributes of the `ethtool` family (`ETHTOOL_A_*`). Every message's attribute 1 is its
/// header (``Header``), except `ETHTOOL_MSG_STATS`, whose header is attribute 2.
public enum EthtoolAttribute {
    /// The request/reply header (`ETHTOOL_A_HEADER_*`).
    public enum Header {
        /// `ETHTOOL_A_HEADER_DEV_INDEX` (1): u32.
        public static let deviceIndex: UInt16 = 1
        /// `ETHTOOL_A_HEADER_DEV_NAME` (2): string.
        public static let deviceName: UInt16 = 2
        /// `ETHTOOL_A_HEADER_FLAGS` (3): u32, ``EthtoolRequestFlags``.
        public static let flags: UInt16 = 3
    }

    /// A bitset (`ETHTOOL_A_BITSET_*`).
    public enum Bitset {
        /// `ETHTOOL_A_BITSET_NOMASK` (1): flag, a list (the value only).
        public static let noMask: UInt16 = 1
        /// `ETHTOOL_A_BITSET_SIZE` (2): u32, the number of bits.
        public static let size: UInt16 = 2
        /// `ETHTOOL_A_BITSET_BITS` (3): nest of ``bit`` (the verbose form).
        public static let bits: UInt16 = 3
        /// `ETHTOOL_A_BITSET_VALUE` (4): binary, u32 words (the compact form).
        public static let value: UInt16 = 4
        /// `ETHTOOL_A_BITSET_MASK` (5): binary, u32 words (the compact form).
        public static let mask: UInt16 = 5
        /// `ETHTOOL_A_BITSET_BITS_BIT` (1): nest, one bit of the verbose form.
        public static let bit: UInt16 = 1
        /// `ETHTOOL_A_BITSET_BIT_INDEX` (1): u32.
        public static let bitIndex: UInt16 = 1
        /// `ETHTOOL_A_BITSET_BIT_NAME` (2): string.
        public static let bitName: UInt16 = 2
        /// `ETHTOOL_A_BITSET_BIT_VALUE` (3): flag, the bit is set.
        public static let bitValue: UInt16 = 3
    }

    /// `ETHTOOL_MSG_STRSET_*` (`ETHTOOL_A_STRSET_*` and the nests below it).
    public enum StringSet {
        /// `ETHTOOL_A_STRSET_HEADER` (1).
        public static let header: UInt16 = 1
        /// `ETHTOOL_A_STRSET_STRINGSETS` (2): nest of ``stringSet``.
        public static let stringSets: UInt16 = 2
        /// `ETHTOOL_A_STRSET_COUNTS_ONLY` (3): flag.
        public static let countsOnly: UInt16 = 3
        /// `ETHTOOL_A_STRINGSETS_STRINGSET` (1): nest, one set.
        public static let stringSet: UInt16 = 1
        /// `ETHTOOL_A_STRINGSET_ID` (1): u32, `ETH_SS_*`.
        public static let id: UInt16 = 1
        /// `ETHTOOL_A_STRINGSET_COUNT` (2): u32.
        public static let count: UInt16 = 2
        /// `ETHTOOL_A_STRINGSET_STRINGS` (3): nest of ``string``.
        public static let strings: UInt16 = 3
        /// `ETHTOOL_A_STRINGS_STRING` (1): nest, one string.
        public static let string: UInt16 = 1
        /// `ETHTOOL_A_STRING_INDEX` (1): u32.
        public static let stringIndex: UInt16 = 1
        /// `ETHTOOL_A_STRING_VALUE` (2): string.
        public static let stringValue: UInt16 = 2
    }

    /// `ETHTOOL_MSG_LINKINFO_*` (`ETHTOOL_A_LINKINFO_*`), all u8.
    public enum LinkInfo {
        /// `ETHTOOL_A_LINKINFO_PORT` (2): `PORT_*`.
        public static let port: UInt16 = 2
        /// `ETHTOOL_A_LINKINFO_PHYADDR` (3).
        public static let phyAddress: UInt16 = 3
        /// `ETHTOOL_A_LINKINFO_TP_MDIX` (4): `ETH_TP_MDI_*`.
        public static let mdix: UInt16 = 4
        /// `ETHTOOL_A_LINKINFO_TP_MDIX_CTRL` (5).
        public static let mdixControl: UInt16 = 5
        /// `ETHTOOL_A_LINKINFO_TRANSCEIVER` (6): `XCVR_*`.
        public static let transceiver: UInt16 = 6
    }

    /// `ETHTOOL_MSG_LINKMODES_*` (`ETHTOOL_A_LINKMODES_*`).
    public enum LinkModes {
        /// `ETHTOOL_A_LINKMODES_AUTONEG` (2): u8.
        public static let autonegotiation: UInt16 = 2
        /// `ETHTOOL_A_LINKMODES_OURS` (3): bitset, supported (mask) and advertised (value) modes.
        public static let ours: UInt16 = 3
        /// `ETHTOOL_A_LINKMODES_PEER` (4): bitset, the partner's advertised modes.
        public static let peer: UInt16 = 4
        /// `ETHTOOL_A_LINKMODES_SPEED` (5): u32, Mb/s (`SPEED_UNKNOWN` = 0xFFFFFFFF).
        public static let speed: UInt16 = 5
        /// `ETHTOOL_A_LINKMODES_DUPLEX` (6): u8, `DUPLEX_*`.
        public static let duplex: UInt16 = 6
        /// `ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG` (7): u8.
        public static let masterSlaveConfiguration: UInt16 = 7
        /// `ETHTOOL_A_LINKMODES_MASTER_SLAVE_STATE` (8): u8.
        public static let masterSlaveState: UInt16 = 8
        /// `ETHTOOL_A_LINKMODES_LANES` (9): u32.
        public static let lanes: UInt16 = 9
        /// `ETHTOOL_A_LINKMODES_RATE_MATCHING` (10): u8.
        public static let rateMatching: UInt16 = 10
    }

    /// `ETHTOOL_MSG_LINKSTATE_*` (`ETHTOOL_A_LINKSTATE_*`).
    public enum LinkState {
        /// `ETHTOOL_A_LINKSTATE_LINK` (2): u8.
        public static let link: UInt16 = 2
        /// `ETHTOOL_A_LINKSTATE_SQI` (3): u32.
        public static let signalQuality: UInt16 = 3
        /// `ETHTOOL_A_LINKSTATE_SQI_MAX` (4): u32.
        public static let signalQualityMaximum: UInt16 = 4
        /// `ETHTOOL_A_LINKSTATE_EXT_STATE` (5): u8.
        public static let extendedState: UInt16 = 5
        /// `ETHTOOL_A_LINKSTATE_EXT_SUBSTATE` (6): u8.
        public static let extendedSubstate: UInt16 = 6
        /// `ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT` (7): u32, newer than the 6.1 headers.
        public static let extendedDownCount: UInt16 = 7
    }

    /// `ETHTOOL_MSG_DEBUG_*`: `ETHTOOL_A_DEBUG_MSGMASK` (2), bitset of message classes.
    public enum Debug {
        /// `ETHTOOL_A_DEBUG_MSGMASK` (2).
        public static let messageMask: UInt16 = 2
    }

    /// `ETHTOOL_MSG_WOL_*` (`ETHTOOL_A_WOL_*`).
    public enum WakeOnLAN {
        /// `ETHTOOL_A_WOL_MODES` (2): bitset.
        public static let modes: UInt16 = 2
        /// `ETHTOOL_A_WOL_SOPASS` (3): binary, the SecureOn password (root only).
        public static let secureOnPassword: UInt16 = 3
    }

    /// `ETHTOOL_MSG_FEATURES_*` (`ETHTOOL_A_FEATURES_*`), bitsets over `ETH_SS_FEATURES`.
    public enum Features {
        /// `ETHTOOL_A_FEATURES_HW` (2): what the device can change.
        public static let hardware: UInt16 = 2
        /// `ETHTOOL_A_FEATURES_WANTED` (3): what was asked for.
        public static let wanted: UInt16 = 3
        /// `ETHTOOL_A_FEATURES_ACTIVE` (4): what is on.
        public static let active: UInt16 = 4
        /// `ETHTOOL_A_FEATURES_NOCHANGE` (5): what may never change.
        public static let noChange: UInt16 = 5
    }

    /// `ETHTOOL_MSG_PRIVFLAGS_*`: `ETHTOOL_A_PRIVFLAGS_FLAGS` (2), bitset.
    public enum PrivateFlags {
        /// `ETHTOOL_A_PRIVFLAGS_FLAGS` (2).
        public static let flags: UInt16 = 2
    }

    /// `ETHTOOL_MSG_PAUSE_*` (`ETHTOOL_A_PAUSE_*`).
    public enum Pause {
        /// `ETHTOOL_A_PAUSE_AUTONEG` (2): u8.
        public static let autonegotiation: UInt16 = 2
        /// `ETHTOOL_A_PAUSE_RX` (3): u8.
        public static let receive: UInt16 = 3
        /// `ETHTOOL_A_PAUSE_TX` (4): u8.
        public static let transmit: UInt16 = 4
        /// `ETHTOOL_A_PAUSE_STATS` (5): nest.
        public static let statistics: UInt16 = 5
        /// `ETHTOOL_A_PAUSE_STAT_TX_FRAMES` (2): u64, in ``statistics``.
        public static let transmitFrames: UInt16 = 2
        /// `ETHTOOL_A_PAUSE_STAT_RX_FRAMES` (3): u64, in ``statistics``.
        public static let receiveFrames: UInt16 = 3
    }

    /// `ETHTOOL_MSG_EEE_*` (`ETHTOOL_A_EEE_*`).
    public enum EEE {
        /// `ETHTOOL_A_EEE_MODES_OURS` (2): bitset.
        public static let modesOurs: UInt16 = 2
        /// `ETHTOOL_A_EEE_MODES_PEER` (3): bitset.
        public static let modesPeer: UInt16 = 3
        /// `ETHTOOL_A_EEE_ACTIVE` (4): u8.
        public static let active: UInt16 = 4
        /// `ETHTOOL_A_EEE_ENABLED` (5): u8.
        public static let enabled: UInt16 = 5
        /// `ETHTOOL_A_EEE_TX_LPI_ENABLED` (6): u8.
        public static let transmitLPIEnabled: UInt16 = 6
        /// `ETHTOOL_A_EEE_TX_LPI_TIMER` (7): u32, microseconds.
        public static let transmitLPITimer: UInt16 = 7
    }

    /// `ETHTOOL_MSG_TSINFO_*` (`ETHTOOL_A_TSINFO_*`).
    public enum Timestamping {
        /// `ETHTOOL_A_TSINFO_TIMESTAMPING` (2): bitset over `ETH_SS_SOF_TIMESTAMPING`.
        public static let capabilities: UInt16 = 2
        /// `ETHTOOL_A_TSINFO_TX_TYPES` (3): bitset over `ETH_SS_TS_TX_TYPES`.
        public static let transmitTypes: UInt16 = 3
        /// `ETHTOOL_A_TSINFO_RX_FILTERS` (4): bitset over `ETH_SS_TS_RX_FILTERS`.
        public static let receiveFilters: UInt16 = 4
        /// `ETHTOOL_A_TSINFO_PHC_INDEX` (5): u32, the PTP clock (absent: none).
        public static let phcIndex: UInt16 = 5
    }

    /// `ETHTOOL_MSG_FEC_*` (`ETHTOOL_A_FEC_*`).
    public enum FEC {
        /// `ETHTOOL_A_FEC_MODES` (2): bitset over link modes (the FEC ones).
        public static let modes: UInt16 = 2
        /// `ETHTOOL_A_FEC_AUTO` (3): u8.
        public static let automatic: UInt16 = 3
        /// `ETHTOOL_A_FEC_ACTIVE` (4): u32, the active link mode bit.
        public static let active: UInt16 = 4
        /// `ETHTOOL_A_FEC_STATS` (5): nest.
        public static let statistics: UInt16 = 5
        /// `ETHTOOL_A_FEC_STAT_CORRECTED` (2): u64 array in ``statistics``, the total then one per lane.
        public static let correctedBlocks: UInt16 = 2
        /// `ETHTOOL_A_FEC_STAT_UNCORR` (3): u64 array.
        public static let uncorrectableBlocks: UInt16 = 3
        /// `ETHTOOL_A_FEC_STAT_CORR_BITS` (4): u64 array.
        public static let correctedBits: UInt16 = 4
    }

    /// `ETHTOOL_MSG_STATS_*` (`ETHTOOL_A_STATS_*`): its header is attribute 2.
    public enum Statistics {
        /// `ETHTOOL_A_STATS_HEADER` (2).
        public static let header: UInt16 = 2
        /// `ETHTOOL_A_STATS_GROUPS` (3): bitset over `ETH_SS_STATS_STD`.
        public static let groups: UInt16 = 3
        /// `ETHTOOL_A_STATS_GRP` (4): nest, one group.
        public static let group: UInt16 = 4
        /// `ETHTOOL_A_STATS_GRP_ID` (2): u32.
        public static let groupID: UInt16 = 2
        /// `ETHTOOL_A_STATS_GRP_SS_ID` (3): u32, the string set naming its counters.
        public static let groupStringSet: UInt16 = 3
        /// `ETHTOOL_A_STATS_GRP_STAT` (4): nest, one counter (its type is the counter's index, u64).
        public static let groupStatistic: UInt16 = 4
        /// `ETHTOOL_A_STATS_GRP_HIST_RX` (5): nest, one RMON receive histogram bucket.
        public static let histogramRX: UInt16 = 5
        /// `ETHTOOL_A_STATS_GRP_HIST_TX` (6): nest, one transmit bucket.
        public static let histogramTX: UInt16 = 6
        /// `ETHTOOL_A_STATS_GRP_HIST_BKT_LOW` (7): u32, the bucket's smallest frame.
        public static let bucketLow: UInt16 = 7
        /// `ETHTOOL_A_STATS_GRP_HIST_BKT_HI` (8): u32, its largest (0: no bound).
        public static let bucketHigh: UInt16 = 8
        /// `ETHTOOL_A_STATS_GRP_HIST_VAL` (9): u64, the frames counted.
        public static let bucketValue: UInt16 = 9
    }

    /// `ETHTOOL_MSG_MODULE_*` (`ETHTOOL_A_MODULE_*`), u8 each.
    public enum Module {
        /// `ETHTOOL_A_MODULE_POWER_MODE_POLICY` (2): `ETHTOOL_MODULE_POWER_MODE_POLICY_HIGH` 1, `_AUTO` 2.
        public static let powerModePolicy: UInt16 = 2
        /// `ETHTOOL_A_MODULE_POWER_MODE` (3): `ETHTOOL_MODULE_POWER_MODE_LOW` 1, `_HIGH` 2.
        public static let powerMode: UInt16 = 3
    }

    /// `ETHTOOL_MSG_PHC_VCLOCKS_*` (`ETHTOOL_A_PHC_VCLOCKS_*`).
    public enum PHCVirtualClocks {
        /// `ETHTOOL_A_PHC_VCLOCKS_NUM` (2): u32.
        public static let count: UInt16 = 2
        /// `ETHTOOL_A_PHC_VCLOCKS_INDEX` (3): an array of s32, the clocks' PHC indexes.
        public static let indexes: UInt16 = 3
    }

    /// `ETHTOOL_MSG_MODULE_EEPROM_*` (`ETHTOOL_A_MODULE_EEPROM_*`): a page of a plug-in module's memory.
    public enum ModuleEEPROM {
        /// `ETHTOOL_A_MODULE_EEPROM_OFFSET` (2): u32.
        public static let offset: UInt16 = 2
        /// `ETHTOOL_A_MODULE_EEPROM_LENGTH` (3): u32.
        public static let length: UInt16 = 3
        /// `ETHTOOL_A_MODULE_EEPROM_PAGE` (4): u8.
        public static let page: UInt16 = 4
        /// `ETHTOOL_A_MODULE_EEPROM_BANK` (5): u8.
        public static let bank: UInt16 = 5
        /// `ETHTOOL_A_MODULE_EEPROM_I2C_ADDRESS` (6): u8.
        public static let i2cAddress: UInt16 = 6
        /// `ETHTOOL_A_MODULE_EEPROM_DATA` (7): binary.
        public static let data: UInt16 = 7
    }

    /// The generic header attribute of every message but `ETHTOOL_MSG_STATS`: 1.
    public static let header: UInt16 = 1
}
