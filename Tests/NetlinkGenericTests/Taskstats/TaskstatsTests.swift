import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import NetlinkTestSupport
import SystemPackage
import Testing

/// The `TASKSTATS` family against the kernel: this test process's own statistics by PID and by
/// TGID as root, a cgroup's task counts, the kernel's refusals (no such task, not a cgroup), and
/// EPERM for an unprivileged user — a child run of this binary under `setpriv` (capabilities are
/// the socket opener's, so the whole process must be unprivileged).
@Suite("TASKSTATS", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct TaskstatsTests {
    static let childVariable = "TASKSTATS_UNPRIVILEGED_CHILD"
    static var isChild: Bool { getenv(childVariable) != nil }

    @Test(.enabled(if: !TaskstatsTests.isChild, "this is the child's run"))
    func ownStatisticsAsRoot() async throws {
        let (_, connection) = try await genericTestConnection()
        let id = try await connection.genericFamily(named: Taskstats.familyName).id
        let pid = UInt32(getpid())
        let mine = try await connection.taskStatistics(pid: pid, familyID: id)
        #expect(mine.pid == pid && mine.tgid == pid, "\(String(describing: mine.pid))")
        #expect((mine.version ?? 0) >= Taskstats.headerVersion, "struct taskstats version \(String(describing: mine.version))")
        #expect(mine.raw.count >= TaskStatistics.Offset.size13)
        #expect(mine.uid == getuid() && mine.parentPID == UInt32(getppid()))
        #expect(!(mine.command ?? "").isEmpty)
        #expect((mine.readCharacters ?? 0) > 0 && (mine.voluntaryContextSwitches ?? 0) > 0, "a test process has read and slept")
        print("REPORT-FIGURE taskstats-version: struct taskstats version \(mine.version ?? 0), \(mine.raw.count) bytes (6.1 headers: version 13, \(TaskStatistics.Offset.size13))")
        let group = try await connection.taskStatistics(tgid: pid, familyID: id)
        #expect((group.userTime ?? 0) + (group.systemTime ?? 0) >= (mine.userTime ?? 0) + (mine.systemTime ?? 0), "the group's CPU time includes the main thread's")

        let missing = await #expect(throws: NetlinkError.self) { try await connection.taskStatistics(pid: 0x3FFF_FFF0, familyID: id) }
        #expect(missing?.errno == Errno(rawValue: ESRCH), "\(String(describing: missing))")
    }

    @Test(.enabled(if: !TaskstatsTests.isChild, "this is the child's run"))
    func cgroupCounts() async throws {
        let (_, connection) = try await genericTestConnection()
        // A cgroup directory of the host (read-only use): the first hierarchy mounted under
        // /sys/fs/cgroup that has a tasks or cgroup.procs file.
        var directory: String?
        for name in ["cpu", "cpu,cpuacct", "memory", "pids", "systemd", "unified", ""] {
            let path = "/sys/fs/cgroup" + (name.isEmpty ? "" : "/\(name)")
            if access(path + "/cgroup.procs", F_OK) == 0 { directory = path; break }
        }
        let path = try #require(directory, "no cgroup hierarchy under /sys/fs/cgroup")
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let counts = try await connection.cgroupStatistics(descriptor: descriptor)
        #expect(counts.sleeping + counts.running + counts.uninterruptible > 0, "\(path): \(counts)")
        print("REPORT-FIGURE taskstats-cgroup: \(path): \(counts.running) running, \(counts.sleeping) sleeping, \(counts.uninterruptible) uninterruptible")
        let notCgroup = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(notCgroup) }
        let refused = await #expect(throws: NetlinkError.self) { try await connection.cgroupStatistics(descriptor: notCgroup) }
        #expect(refused?.errno == Errno(rawValue: EINVAL), "\(String(describing: refused))")
    }

    @Test(.enabled(if: !TaskstatsTests.isChild, "this is the child's run"))
    func unprivilegedGetsEPERM() throws {
        let binary = CommandLine.arguments[0]
        let result = runChild(environment: [Self.childVariable + "=1"], [
            "setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "--inh-caps=-all", binary,
            "--testing-library", "swift-testing", "--filter", "TaskstatsUnprivilegedChild/child",
        ])
        #expect(result.status == 0, "child failed:\n\(result.output.suffix(4_000))")
        #expect(result.output.contains("CHILD-OK"), "the child did not run its test:\n\(result.output.suffix(4_000))")
    }

}

/// The unprivileged half of ``TaskstatsTests/unprivilegedGetsEPERM()``: outside that suite, whose
/// condition (namespaces may be created) an unprivileged child does not meet.
@Suite("TASKSTATS as an unprivileged child")
struct TaskstatsUnprivilegedChild {
    @Test(.enabled(if: TaskstatsTests.isChild, "runs only as the child of unprivilegedGetsEPERM(), under setpriv"))
    func child() async throws {
        #expect(geteuid() == 65534)
        let connection = try await NetlinkConnection(family: .generic)
        let refused = await #expect(throws: NetlinkError.self) { try await connection.taskStatistics(pid: UInt32(getpid())) }
        #expect(refused?.errno == Errno(rawValue: EPERM), "\(String(describing: refused))")
        print("CHILD-OK")
    }
}
