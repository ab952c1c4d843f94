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
