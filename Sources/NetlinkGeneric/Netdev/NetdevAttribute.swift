import NetlinkCore

/// The `netdev` generic netlink family (`<linux/netdev.h>`, newer than the 6.1 headers: Linux 6.5
/// and later): devices' XDP features, their queues and NAPI instances. Reads are unprivileged.
/// Its dump replies carry no `NLM_F_MULTI` (only the `DONE` does); the engine reads them to the
/// `DONE` all the same. The numbers below are checked against the live kernel's own policy by the
/// tests (there is no 6.1 header to check them against).
public enum Netdev {
    /// `NETDEV_FAMILY_NAME`.
    public static let familyName = "netdev"
    /// `NETDEV_FAMILY_VERSION` (1).
    public static let version: UInt8 = 1

    /// `NETDEV_CMD_DEV_GET` (1): one device by index, or every device with `NLM_F_DUMP`.
    public static let deviceGet: UInt8 = 1
    /// `NETDEV_CMD_QUEUE_GET` (10): one queue by device, type and ID, or every queue of a device.
    public static let queueGet: UInt8 = 10
    /// `NETDEV_CMD_NAPI_GET` (11): one NAPI instance by ID, or every instance of a device.
    public static let napiGet: UInt8 = 11
    /// The multicast group of device notifications (`NETDEV_MCGRP_MGMT`).
    public static let managementGroupName = "mgmt"
    /// The multicast group of page pool notifications (`NETDEV_MCGRP_PAGE_POOL`).
    public static let pagePoolGroupName = "page-pool"
    /// `NETDEV_CMD_DEV_ADD_NTF` (2), `_DEV_DEL_NTF` (3), `_DEV_CHANGE_NTF` (4): group `mgmt`.
    public static let deviceAdded: UInt8 = 2, deviceDeleted: UInt8 = 3, deviceChanged: UInt8 = 4
    /// `NETDEV_CMD_PAGE_POOL_GET` (5): one page pool by ID, or every one with `NLM_F_DUMP`.
    public static let pagePoolGet: UInt8 = 5
    /// `NETDEV_CMD_PAGE_POOL_ADD_NTF` (6), `_DEL_NTF` (7), `_CHANGE_NTF` (8): group `page-pool`.
    public static let pagePoolAdded: UInt8 = 6, pagePoolDeleted: UInt8 = 7, pagePoolChanged: UInt8 = 8
    /// `NETDEV_CMD_QSTATS_GET` (12): queue statistics (dump), per device or per queue.
    public static let queueStatisticsGet: UInt8 = 12
    /// `NETDEV_CMD_NAPI_SET` (14): a NAPI instance's settings.
    public static let napiSet: UInt8 = 14
}

/// The attributes of the `netdev` family (`NETDEV_A_*`).
public enum NetdevAttribute {
    /// A device (`NETDEV_A_DEV_*`).
    public enum Device {
        /// `NETDEV_A_DEV_IFINDEX` (1): u32.
        public static let index: UInt16 = 1
        /// `NETDEV_A_DEV_XDP_FEATURES` (3): u64, ``NetdevXDPFeatures``.
        public static let xdpFeatures: UInt16 = 3
        /// `NETDEV_A_DEV_XDP_ZC_MAX_SEGS` (4): u32, the most segments of a zero-copy XDP frame.
        public static let xdpZeroCopyMaxSegments: UInt16 = 4
        /// `NETDEV_A_DEV_XDP_RX_METADATA_FEATURES` (5): u64.
        public static let xdpRXMetadataFeatures: UInt16 = 5
        /// `NETDEV_A_DEV_XSK_FEATURES` (6): u64.
        public static let xskFeatures: UInt16 = 6
    }

    /// A queue (`NETDEV_A_QUEUE_*`).
    public enum Queue {
        /// `NETDEV_A_QUEUE_ID` (1): u32.
        public static let id: UInt16 = 1
        /// `NETDEV_A_QUEUE_IFINDEX` (2): u32.
        public static let index: UInt16 = 2
        /// `NETDEV_A_QUEUE_TYPE` (3): u32, 0 receive, 1 transmit.
        public static let type: UInt16 = 3
        /// `NETDEV_A_QUEUE_NAPI_ID` (4): u32.
        public static let napiID: UInt16 = 4
    }

    /// A NAPI instance (`NETDEV_A_NAPI_*`).
    public enum NAPI {
        /// `NETDEV_A_NAPI_IFINDEX` (1): u32.
        public static let index: UInt16 = 1
        /// `NETDEV_A_NAPI_ID` (2): u32.
        public static let id: UInt16 = 2
        /// `NETDEV_A_NAPI_IRQ` (3): u32.
        public static let irq: UInt16 = 3
        /// `NETDEV_A_NAPI_PID` (4): u32, the kernel thread when threaded.
        public static let pid: UInt16 = 4
        /// `NETDEV_A_NAPI_DEFER_HARD_IRQS` (5): u32 (at most 2^31 - 1).
        public static let deferHardIRQs: UInt16 = 5
        /// `NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT` (6): uint, nanoseconds.
        public static let groFlushTimeout: UInt16 = 6
        /// `NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT` (7): uint, nanoseconds.
        public static let irqSuspendTimeout: UInt16 = 7
        /// `NETDEV_A_NAPI_THREADED` (8): u32, 0 or 1 (NAPI polling in a kernel thread).
        public static let threaded: UInt16 = 8
    }

    /// A page pool (`NETDEV_A_PAGE_POOL_*`).
    public enum PagePool {
        /// `NETDEV_A_PAGE_POOL_ID` (1): uint.
        public static let id: UInt16 = 1
        /// `NETDEV_A_PAGE_POOL_IFINDEX` (2): u32.
        public static let index: UInt16 = 2
        /// `NETDEV_A_PAGE_POOL_NAPI_ID` (3): u32.
        public static let napiID: UInt16 = 3
        /// `NETDEV_A_PAGE_POOL_INFLIGHT` (4): uint, pages in use.
        public static let inflight: UInt16 = 4
        /// `NETDEV_A_PAGE_POOL_INFLIGHT_MEM` (5): uint, bytes in use.
        public static let inflightMemory: UInt16 = 5
        /// `NETDEV_A_PAGE_POOL_DETACH_TIME` (6): uint, seconds (CLOCK_BOOTTIME) since the device went away.
        public static let detachTime: UInt16 = 6
    }

    /// Queue statistics (`NETDEV_A_QSTATS_*`).
    public enum QueueStatistics {
        /// `NETDEV_A_QSTATS_IFINDEX` (1): u32.
        public static let index: UInt16 = 1
        /// `NETDEV_A_QSTATS_QUEUE_TYPE` (2): u32, 0 receive, 1 transmit.
        public static let queueType: UInt16 = 2
        /// `NETDEV_A_QSTATS_QUEUE_ID` (3): u32.
        public static let queueID: UInt16 = 3
        /// `NETDEV_A_QSTATS_SCOPE` (4): uint, 1 (`NETDEV_QSTATS_SCOPE_QUEUE`) for per-queue figures.
        public static let scope: UInt16 = 4
        /// `NETDEV_A_QSTATS_RX_PACKETS` (8): uint.
        public static let rxPackets: UInt16 = 8
        /// `NETDEV_A_QSTATS_RX_BYTES` (9): uint.
        public static let rxBytes: UInt16 = 9
        /// `NETDEV_A_QSTATS_TX_PACKETS` (10): uint.
        public static let txPackets: UInt16 = 10
        /// `NETDEV_A_QSTATS_TX_BYTES` (11): uint.
        public static let txBytes: UInt16 = 11
    }
}

/// What XDP a device supports (`NETDEV_XDP_ACT_*`).
public struct NetdevXDPFeatures: OptionSet, Hashable, Sendable {
    /// The bits.
    public var rawValue: UInt64
    /// Creates features from their bits.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `NETDEV_XDP_ACT_BASIC`: XDP_PASS, XDP_DROP, XDP_ABORTED, XDP_TX.
    public static let basic = NetdevXDPFeatures(rawValue: 1 << 0)
    /// `NETDEV_XDP_ACT_REDIRECT`.
    public static let redirect = NetdevXDPFeatures(rawValue: 1 << 1)
    /// `NETDEV_XDP_ACT_NDO_XMIT`: a target of XDP_REDIRECT.
    public static let ndoTransmit = NetdevXDPFeatures(rawValue: 1 << 2)
    /// `NETDEV_XDP_ACT_XSK_ZEROCOPY`.
    public static let xskZeroCopy = NetdevXDPFeatures(rawValue: 1 << 3)
    /// `NETDEV_XDP_ACT_HW_OFFLOAD`.
    public static let hardwareOffload = NetdevXDPFeatures(rawValue: 1 << 4)
    /// `NETDEV_XDP_ACT_RX_SG`: non-linear buffers on receive.
    public static let receiveScatterGather = NetdevXDPFeatures(rawValue: 1 << 5)
    /// `NETDEV_XDP_ACT_NDO_XMIT_SG`: non-linear buffers as a redirect target.
    public static let ndoTransmitScatterGather = NetdevXDPFeatures(rawValue: 1 << 6)
}
