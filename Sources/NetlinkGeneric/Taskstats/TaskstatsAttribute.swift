import NetlinkCore

/// The `TASKSTATS` generic netlink family (`<linux/taskstats.h>`, `<linux/cgroupstats.h>`): per
/// task and per thread group accounting — CPU, delays, memory, I/O — by PID or TGID, and the task
/// counts of a cgroup. Needs `CAP_NET_ADMIN` (EPERM without it).
public enum Taskstats {
    /// `TASKSTATS_GENL_NAME`.
    public static let familyName = "TASKSTATS"
    /// `TASKSTATS_GENL_VERSION` (1).
    public static let version: UInt8 = 1
    /// `TASKSTATS_CMD_GET` (1): the statistics of a PID or TGID.
    public static let getCommand: UInt8 = 1
    /// `TASKSTATS_CMD_NEW` (2): the reply (and the exit notifications).
    public static let newCommand: UInt8 = 2
    /// `CGROUPSTATS_CMD_GET` (4): the task counts of a cgroup, by a descriptor of its directory.
    public static let cgroupGetCommand: UInt8 = 4
    /// `CGROUPSTATS_CMD_NEW` (5): its reply.
    public static let cgroupNewCommand: UInt8 = 5
    /// `TASKSTATS_VERSION` of the 6.1 headers (13); this kernel's struct may be newer and longer.
    public static let headerVersion: UInt16 = 13
}

/// The attributes of the `TASKSTATS` family.
public enum TaskstatsAttribute {
    /// Request attributes (`TASKSTATS_CMD_ATTR_*`).
    public enum Request {
        /// `TASKSTATS_CMD_ATTR_PID` (1): u32.
        public static let pid: UInt16 = 1
        /// `TASKSTATS_CMD_ATTR_TGID` (2): u32.
        public static let tgid: UInt16 = 2
        /// `TASKSTATS_CMD_ATTR_REGISTER_CPUMASK` (3): string, a CPU list ("0-1").
        public static let registerCPUMask: UInt16 = 3
        /// `TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK` (4): string.
        public static let deregisterCPUMask: UInt16 = 4
        /// `CGROUPSTATS_CMD_ATTR_FD` (1): u32, a descriptor of the cgroup's directory.
        public static let cgroupDescriptor: UInt16 = 1
    }

    /// Reply attributes (`TASKSTATS_TYPE_*`).
    public enum Reply {
        /// `TASKSTATS_TYPE_PID` (1): u32.
        public static let pid: UInt16 = 1
        /// `TASKSTATS_TYPE_TGID` (2): u32.
        public static let tgid: UInt16 = 2
        /// `TASKSTATS_TYPE_STATS` (3): `struct taskstats`.
        public static let statistics: UInt16 = 3
        /// `TASKSTATS_TYPE_AGGR_PID` (4): nest, a PID and its statistics.
        public static let aggregatePID: UInt16 = 4
        /// `TASKSTATS_TYPE_AGGR_TGID` (5): nest, a TGID and its statistics.
        public static let aggregateTGID: UInt16 = 5
        /// `TASKSTATS_TYPE_NULL` (6): padding.
        public static let null: UInt16 = 6
        /// `CGROUPSTATS_TYPE_CGROUP_STATS` (1): `struct cgroupstats`.
        public static let cgroupStatistics: UInt16 = 1
    }
}
