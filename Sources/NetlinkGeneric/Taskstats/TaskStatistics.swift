import NetlinkCore

/// A task's or thread group's accounting (`struct taskstats` of `<linux/taskstats.h>`), as a
/// `TASKSTATS_CMD_GET` reply carries it. The structure grows at its end with each version (13 in
/// the 6.1 headers, 16 on Linux 6.18): the fields below are those of version 13, read when the
/// payload holds them; ``raw`` keeps every byte, a newer kernel's fields included.
///
/// ```text
///   0 version u16   4 ac_exitcode u32   8 ac_flag u8   9 ac_nice u8
///  16 cpu_count … 72 cpu_run_virtual_total (u64 each)   80 ac_comm[32]   112 ac_sched u8
/// 120 ac_uid 124 ac_gid 128 ac_pid 132 ac_ppid 136 ac_btime (u32 each)   144 ac_etime … (u64 each)
/// 368 ac_tgid u32   376 ac_tgetime 384 ac_exe_dev 392 ac_exe_inode 400 wpcopy_count 408 wpcopy_delay_total
/// ```
public struct TaskStatistics: Hashable, Sendable {
    /// The offsets of the version-13 fields (checked against the C structure by the conformance tests).
    public enum Offset {
        public static let version = 0, exitCode = 4, flag = 8, nice = 9, cpuCount = 16, cpuDelayTotal = 24
        public static let blockIOCount = 32, blockIODelayTotal = 40, swapInCount = 48, swapInDelayTotal = 56
        public static let cpuRunRealTotal = 64, cpuRunVirtualTotal = 72, command = 80, commandLength = 32, scheduler = 112
        public static let uid = 120, gid = 124, pid = 128, parentPID = 132, beginTime = 136, elapsedTime = 144
        public static let userTime = 152, systemTime = 160, minorFaults = 168, majorFaults = 176
        public static let readCharacters = 216, writtenCharacters = 224, readSyscalls = 232, writeSyscalls = 240
        public static let readBytes = 248, writtenBytes = 256, cancelledWriteBytes = 264
        public static let voluntaryContextSwitches = 272, involuntaryContextSwitches = 280
        public static let beginTime64 = 344, tgid = 368
        /// `sizeof(struct taskstats)` of version 13.
        public static let size13 = 416
    }

    /// The payload as the kernel sent it.
    public var raw: [UInt8]

    /// Creates a value from the structure's bytes.
    public init(raw: [UInt8]) { self.raw = raw }

    /// Reads `T` at `offset`, or `nil` when the payload is shorter.
    public func field<T: FixedWidthInteger>(_ offset: Int, as _: T.Type = T.self) -> T? {
        guard offset >= 0, offset + MemoryLayout<T>.size <= raw.count else { return nil }
        return raw.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// `version`: the structure's version (13 in the 6.1 headers).
    public var version: UInt16? { field(Offset.version) }
    /// `ac_exitcode`.
    public var exitCode: UInt32? { field(Offset.exitCode) }
    /// `ac_nice`.
    public var nice: Int8? { field(Offset.nice) }
    /// `cpu_count`: how often the task waited for a CPU.
    public var cpuCount: UInt64? { field(Offset.cpuCount) }
    /// `cpu_delay_total`: nanoseconds spent waiting for a CPU.
    public var cpuDelayTotal: UInt64? { field(Offset.cpuDelayTotal) }
    /// `blkio_delay_total`: nanoseconds waiting for block I/O.
    public var blockIODelayTotal: UInt64? { field(Offset.blockIODelayTotal) }
    /// `cpu_run_real_total`: nanoseconds on a CPU.
    public var cpuRunRealTotal: UInt64? { field(Offset.cpuRunRealTotal) }
    /// `ac_comm`: the command name, up to its NUL.
    public var command: String? {
        guard Offset.command + Offset.commandLength <= raw.count else { return nil }
        let bytes = raw[Offset.command..<(Offset.command + Offset.commandLength)]
        return String(rawBytes: bytes.prefix { $0 != 0 })
    }
    /// `ac_uid`.
    public var uid: UInt32? { field(Offset.uid) }
    /// `ac_gid`.
    public var gid: UInt32? { field(Offset.gid) }
    /// `ac_pid`.
    public var pid: UInt32? { field(Offset.pid) }
    /// `ac_ppid`.
    public var parentPID: UInt32? { field(Offset.parentPID) }
    /// `ac_etime`: microseconds since the task began.
    public var elapsedTime: UInt64? { field(Offset.elapsedTime) }
    /// `ac_utime`: user CPU time, microseconds.
    public var userTime: UInt64? { field(Offset.userTime) }
    /// `ac_stime`: system CPU time, microseconds.
    public var systemTime: UInt64? { field(Offset.systemTime) }
    /// `ac_minflt`.
    public var minorFaults: UInt64? { field(Offset.minorFaults) }
    /// `ac_majflt`.
    public var majorFaults: UInt64? { field(Offset.majorFaults) }
    /// `read_char`: bytes read (all reads).
    public var readCharacters: UInt64? { field(Offset.readCharacters) }
    /// `write_char`: bytes written.
    public var writtenCharacters: UInt64? { field(Offset.writtenCharacters) }
    /// `read_syscalls`.
    public var readSyscalls: UInt64? { field(Offset.readSyscalls) }
    /// `write_syscalls`.
    public var writeSyscalls: UInt64? { field(Offset.writeSyscalls) }
    /// `nvcsw`: voluntary context switches.
    public var voluntaryContextSwitches: UInt64? { field(Offset.voluntaryContextSwitches) }
    /// `nivcsw`: involuntary context switches.
    public var involuntaryContextSwitches: UInt64? { field(Offset.involuntaryContextSwitches) }
    /// `ac_btime64`: when the task began, seconds since 1970.
    public var beginTime: UInt64? { field(Offset.beginTime64) }
    /// `ac_tgid`.
    public var tgid: UInt32? { field(Offset.tgid) }
}

/// A `TASKSTATS_CMD_NEW` message: the PID or TGID it is about and the statistics
/// (`TASKSTATS_TYPE_AGGR_PID` / `_AGGR_TGID` nests). An exit notification carries both nests.
///
/// Decode → encode → decode gives the same value.
public struct TaskstatsReply: Hashable, Sendable {
    /// `TASKSTATS_TYPE_PID` and its statistics, when the message has an `AGGR_PID` nest.
    public var pid: (id: UInt32, statistics: TaskStatistics)? {
        get { pidEntry.map { ($0.id, $0.statistics) } }
        set { pidEntry = newValue.map { Entry(id: $0.id, statistics: $0.statistics) } }
    }
    /// `TASKSTATS_TYPE_TGID` and its statistics, when the message has an `AGGR_TGID` nest.
    public var tgid: (id: UInt32, statistics: TaskStatistics)? {
        get { tgidEntry.map { ($0.id, $0.statistics) } }
        set { tgidEntry = newValue.map { Entry(id: $0.id, statistics: $0.statistics) } }
    }

    struct Entry: Hashable, Sendable {
        var id: UInt32
        var statistics: TaskStatistics
    }
    var pidEntry: Entry?
    var tgidEntry: Entry?

    /// Creates an empty reply.
    public init() {}

    /// Decodes a `TASKSTATS_CMD_NEW` message; the first of a repeated nest counts.
    /// - Throws: `NetlinkDecodingError` for a malformed message, or a nest without its ID or statistics.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            let isPID = attribute.type == TaskstatsAttribute.Reply.aggregatePID
            guard isPID || attribute.type == TaskstatsAttribute.Reply.aggregateTGID else { continue }
            guard (isPID ? pidEntry : tgidEntry) == nil else { continue }
            var id: UInt32?
            var statistics: TaskStatistics?
            var inner = try attribute.nested()
            while let field = try inner.next() {
                switch field.type {
                case TaskstatsAttribute.Reply.pid, TaskstatsAttribute.Reply.tgid: id = try field.uint32(.host)
                case TaskstatsAttribute.Reply.statistics: statistics = TaskStatistics(raw: field.bytes())
                default: continue
                }
            }
            guard let id, let statistics else {
                throw NetlinkDecodingError(.invalidValue, offset: attribute.offset, attributeType: attribute.type, context: "a taskstats nest without its ID or statistics")
            }
            if isPID { pidEntry = Entry(id: id, statistics: statistics) } else { tgidEntry = Entry(id: id, statistics: statistics) }
        }
    }

    /// Writes the nests present (`AGGR_PID`, then `AGGR_TGID`).
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        GenericNetlinkHeader(command: Taskstats.newCommand, version: Taskstats.version).encode(into: &b)
        if let pidEntry {
            try b.appendNested(TaskstatsAttribute.Reply.aggregatePID) { b in
                try b.appendAttribute(TaskstatsAttribute.Reply.pid, uint32: pidEntry.id, .host)
                try b.appendAttribute(TaskstatsAttribute.Reply.statistics, bytes: pidEntry.statistics.raw)
            }
        }
        if let tgidEntry {
            try b.appendNested(TaskstatsAttribute.Reply.aggregateTGID) { b in
                try b.appendAttribute(TaskstatsAttribute.Reply.tgid, uint32: tgidEntry.id, .host)
                try b.appendAttribute(TaskstatsAttribute.Reply.statistics, bytes: tgidEntry.statistics.raw)
            }
        }
    }

    public static func == (a: Self, b: Self) -> Bool { a.pidEntry == b.pidEntry && a.tgidEntry == b.tgidEntry }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(pidEntry)
        hasher.combine(tgidEntry)
    }
}

/// The task counts of a cgroup (`struct cgroupstats`): `CGROUPSTATS_CMD_GET`'s reply.
public struct CgroupStatistics: Hashable, Sendable {
    /// `nr_sleeping`.
    public var sleeping: UInt64
    /// `nr_running`.
    public var running: UInt64
    /// `nr_stopped`.
    public var stopped: UInt64
    /// `nr_uninterruptible`.
    public var uninterruptible: UInt64
    /// `nr_io_wait`.
    public var ioWait: UInt64

    /// `sizeof(struct cgroupstats)`: five u64.
    public static let size = 40

    /// Creates a value.
    public init(sleeping: UInt64, running: UInt64, stopped: UInt64, uninterruptible: UInt64, ioWait: UInt64) {
        self.sleeping = sleeping
        self.running = running
        self.stopped = stopped
        self.uninterruptible = uninterruptible
        self.ioWait = ioWait
    }

    /// Decodes a `CGROUPSTATS_CMD_NEW` message.
    /// - Throws: `NetlinkDecodingError` without `CGROUPSTATS_TYPE_CGROUP_STATS` or when it is shorter than 40 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            guard attribute.type == TaskstatsAttribute.Reply.cgroupStatistics else { continue }
            guard attribute.payload.byteCount >= Self.size else {
                throw NetlinkDecodingError(.truncatedStructure, offset: attribute.offset, attributeType: attribute.type, expected: Self.size,
                                           actual: attribute.payload.byteCount, context: "struct cgroupstats")
            }
            let v = attribute.payload.withUnsafeBytes { raw in (0..<5).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
            self.init(sleeping: v[0], running: v[1], stopped: v[2], uninterruptible: v[3], ioWait: v[4])
            return
        }
        throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "a cgroupstats reply without CGROUPSTATS_TYPE_CGROUP_STATS")
    }
}
