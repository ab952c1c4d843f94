import Glibc
import Testing

/// The overrun count is the truth: `nlctl -j monitor route` is stopped (SIGSTOP) while a storm of
/// route additions overflows its socket, then continued while the storm goes on. The kernel raises
/// ENOBUFS once and keeps dropping until the queue drains; the sum of the monitor's
/// `{"event":"overrun","drops":N}` lines must equal its socket's drop counter (`Drops` of
/// /proc/net/netlink in the namespace). (Before, the one line said the counter at the ENOBUFS.)
@Suite("nlctl monitor: overruns counted truly", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct MonitorOverrunTests {
    /// One socket of /proc/net/netlink: `sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode`.
    struct SocketLine { var groups: String, receiveQueued: Int, drops: Int, inode: Int }

    static func sockets(in namespace: ScratchNamespace) async -> [SocketLine] {
        let table = await run(["ip", "netns", "exec", namespace.name, "cat", "/proc/net/netlink"]).standardOutput
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 10, let rmem = Int(fields[4]), let drops = Int(fields[8]), let inode = Int(fields[9]) else { return nil }
            return SocketLine(groups: String(fields[3]), receiveQueued: rmem, drops: drops, inode: inode)
        }
    }

    /// The socket inodes a process holds (`/proc/PID/fd/N -> socket:[INODE]`).
    static func socketInodes(of pid: pid_t) -> Set<Int> {
        var inodes: Set<Int> = []
        guard let directory = opendir("/proc/\(pid)/fd") else { return inodes }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var target = [CChar](repeating: 0, count: 256)
            let length = readlink("/proc/\(pid)/fd/\(name)", &target, target.count - 1)
            guard length > 0 else { continue }
            let text = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("socket:["), let inode = Int(text.dropFirst(8).dropLast()) { inodes.insert(inode) }
        }
        return inodes
    }

    /// The sum of the `drops` of the overrun lines of a monitor's output.
    static func reportedDrops(_ output: String) -> (sum: Int, lines: Int) {
        var sum = 0
        var lines = 0
        for line in output.split(separator: "\n") where line.hasPrefix("{\"event\":\"overrun\"") {
            lines += 1
            let key = "\"drops\":"
            if let start = line.firstRange(of: key) {
                sum += Int(line[start.upperBound...].prefix { $0.isNumber }) ?? 0
            }
        }
        return (sum, lines)
    }

    @Test func stoppedMonitorReportsEveryDrop() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link add d0 type ifb")
        try await namespace.ip("link set d0 up")
        let routes = 40_000
        let batch = "/tmp/nlctl-overrun-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let output = batch + ".out"
        defer { unlink(batch); unlink(output) }
        var lines = ""
        for number in 0..<routes { lines += "route add 10.\(number >> 16).\((number >> 8) & 0xFF).\(number & 0xFF)/32 dev d0\n" }
        guard let file = fopen(batch, "w") else { throw SetupFailure(message: "cannot write \(batch)") }
        fputs(lines, file)
        fclose(file)

        let monitor = MonitorTests.spawn([nlctlPath, "-n", namespace.name, "-j", "monitor", "route"], output: output)
        defer { MonitorTests.stop(monitor) }
        try await Task.sleep(for: .milliseconds(700))
        let inodes = Self.socketInodes(of: monitor)
        let subscribed = await Self.sockets(in: namespace).filter { inodes.contains($0.inode) && $0.groups != "00000000" }
        try #require(subscribed.count == 1, "the monitor's subscription socket: \(subscribed), inodes \(inodes)")
        let inode = subscribed[0].inode

        // Stopped for the first part of the storm, continued while it goes on: the kernel keeps
        // dropping after the monitor has read its one ENOBUFS, until the monitor drains the queue.
        kill(monitor, SIGSTOP)
        let storm = MonitorTests.spawn(["ip", "-n", namespace.name, "-batch", batch], output: batch + ".ip")
        defer { unlink(batch + ".ip") }
        // Continued as soon as the kernel has dropped for it (on a busy machine the storm may take
        // seconds to fill the queue), or when the storm is over.
        var status: Int32 = 0
        var stormOver = false
        while !stormOver {
            if let socket = await Self.sockets(in: namespace).first(where: { $0.inode == inode }), socket.drops > 0 { break }
            stormOver = waitpid(storm, &status, WNOHANG) == storm
            if !stormOver { try await Task.sleep(for: .milliseconds(20)) }
        }
        kill(monitor, SIGCONT)
        while !stormOver && waitpid(storm, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(status == 0, "ip -batch: \(MonitorTests.contents(batch + ".ip"))")

        // Drained: the queue is empty and the lines reported add up (the further line comes once the
        // monitor's reader sees the queue empty); at most 60 s.
        var kernelDrops = 0
        var reported = (sum: 0, lines: 0)
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            if let socket = await Self.sockets(in: namespace).first(where: { $0.inode == inode }) {
                kernelDrops = socket.drops
                reported = Self.reportedDrops(MonitorTests.contents(output))
                if socket.receiveQueued == 0 && reported.sum == kernelDrops { break }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(kernelDrops > 0, "the storm overflowed the monitor's socket")
        #expect(reported.sum == kernelDrops, "sum of reported drops \(reported.sum) over \(reported.lines) lines, kernel's counter \(kernelDrops)")
        #expect(reported.lines >= 1)
        print("REPORT-FIGURE overrun-drops-reported: \(reported.sum) over \(reported.lines) overrun lines; kernel's Drops \(kernelDrops) (nlctl -j monitor route stopped during \(routes) route additions)")
    }
}
