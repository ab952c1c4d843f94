import Glibc
import Testing

/// The reference udevadm, unpacked from Debian's udev package by scripts/install-reference-tools.sh
/// (the package is not installed: no udevd may run on the host).
enum ReferenceUdevadm {
    static let path: String = {
        var root = "\(#filePath)"
        for _ in 0..<4 { root = String(root[..<(root.lastIndex(of: "/") ?? root.startIndex)]) }
        return root + "/.reference/udev/bin/udevadm"
    }()
    static var available: Bool { access(path, X_OK) == 0 }
    static let reason: Comment = "needs udevadm unpacked by scripts/install-reference-tools.sh into .reference/udev/"
}

/// `nlctl udevadm monitor` beside `udevadm monitor` (systemd 252) in the same namespace, both
/// listening while a veth pair is created, renamed, brought up and deleted: standard output equal
/// once the receive times (`KERNEL[SEC.USEC]`, each tool's own clock reading) are blanked, and both
/// ending with status 0 on SIGTERM. The runs filter on a subsystem (`net`, `queues`): uevents of
/// other devices reach every namespace at any time and would make the windows differ.
@Suite("nlctl udevadm vs udevadm", .serialized, .enabled(if: NamespaceAccess.available, NamespaceAccess.reason),
       .enabled(if: ReferenceUdevadm.available, ReferenceUdevadm.reason))
struct UdevadmCommandTests {
    static func blankTimes(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("KERNEL[") || line.hasPrefix("UDEV  ["), let close = line.firstIndex(of: "]") else { return String(line) }
            return line.prefix(7) + "*]" + line[line.index(after: close)...]
        }.joined(separator: "\n")
    }

    static func waitForHeader(_ path: String) {
        for _ in 0..<100 {
            if let text = try? SocketHolder.readAll(path), String(decoding: text, as: UTF8.self).contains("\n\n") { return }
            usleep(20_000)
        }
    }

    static func stop(_ pid: pid_t) -> Int32 {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status
    }

    /// Runs `udevadm monitor ARGUMENTS` and `nlctl udevadm monitor ARGUMENTS` side by side in a new
    /// namespace while `cause` makes events there; checks both end with status 0 on SIGTERM and
    /// print the same (receive times blanked); returns nlctl's output.
    static func sideBySide(_ arguments: String, cause: (ScratchNamespace) async throws -> Void) async throws -> String {
        let namespace = try ScratchNamespace()
        let words = arguments.split(separator: " ").map(String.init)
        let directory = "/tmp/nlctl-udevadm-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(directory, 0o755)
        defer { _ = runBlocking(["rm", "-rf", directory]) }
        let theirs = MonitorTests.spawn(["ip", "netns", "exec", namespace.name, ReferenceUdevadm.path, "monitor"] + words, output: directory + "/udevadm")
        let ours = MonitorTests.spawn([nlctlPath, "-n", namespace.name, "udevadm", "monitor"] + words, output: directory + "/nlctl")
        Self.waitForHeader(directory + "/udevadm")
        Self.waitForHeader(directory + "/nlctl")
        usleep(200_000)
        try await cause(namespace)
        usleep(500_000)
        let theirStatus = Self.stop(theirs), ourStatus = Self.stop(ours)
        let expected = String(decoding: try SocketHolder.readAll(directory + "/udevadm"), as: UTF8.self)
        let actual = String(decoding: try SocketHolder.readAll(directory + "/nlctl"), as: UTF8.self)
        #expect(theirStatus == 0 && ourStatus == 0, "exit statuses: udevadm \(theirStatus), nlctl \(ourStatus)")
        #expect(Self.blankTimes(actual) == Self.blankTimes(expected), "udevadm monitor \(arguments):\n\(actual)\nagainst\n\(expected)")
        return actual
    }

    @Test(arguments: ["--kernel --property --subsystem-match=net", "-k -s net", "-kp -s queues", "--kernel -s net/nonexistent", "-k -e --subsystem-match net"])
    func eventsSameAsUdevadm(_ arguments: String) async throws {
        let actual = try await Self.sideBySide(arguments) { namespace in
            for line in ["link add v0 type veth peer name v1", "link set v0 name v2", "link set v2 up", "link del v2"] {
                try await namespace.ip(line)
            }
        }
        if !arguments.contains("nonexistent") {
            #expect(actual.contains("KERNEL["), "events were seen: \(actual)")
        }
    }

    /// Sends, as root from a user-space socket of the namespace, udev's re-broadcast of three
    /// device events (libudev's format on group 2, with the subsystem hash and tag bloom filter
    /// udev computes: udevadm's socket filter checks them) and one forged kernel uevent on group 1.
    static let udevSender = """
        import socket, struct, sys
        def murmur2(data, seed=0):
            m, r = 0x5bd1e995, 24
            h = (seed ^ len(data)) & 0xffffffff
            i = 0
            while len(data) - i >= 4:
                k = struct.unpack_from('<I', data, i)[0]
                k = (k * m) & 0xffffffff; k ^= k >> r; k = (k * m) & 0xffffffff
                h = (h * m) & 0xffffffff; h ^= k
                i += 4
            rest = len(data) - i
            if rest == 3: h ^= data[i + 2] << 16
            if rest >= 2: h ^= data[i + 1] << 8
            if rest >= 1: h ^= data[i]; h = (h * m) & 0xffffffff
            h ^= h >> 13; h = (h * m) & 0xffffffff; h ^= h >> 15
            return h
        def bloom(tags):
            bits = 0
            for tag in tags:
                h = murmur2(tag.encode())
                for shift in (0, 6, 12, 18): bits |= 1 << ((h >> shift) & 63)
            return bits
        def message(props, subsystem, devtype, tags):
            body = b''.join(k.encode() + b'=' + v + b'\\0' for k, v in props)
            b = bloom(tags)
            header = b'libudev\\0' + struct.pack('>I', 0xfeedcafe) + struct.pack('=III', 40, 40, len(body))
            header += struct.pack('>IIII', murmur2(subsystem.encode()), murmur2(devtype.encode()) if devtype else 0, b >> 32, b & 0xffffffff)
            return header + body
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 15)
        s.bind((0, 0))
        events = [
            ([('ACTION', b'add'), ('DEVPATH', b'/devices/virtual/net/u0'), ('SUBSYSTEM', b'net'), ('INTERFACE', b'u0'), ('IFINDEX', b'7'),
              ('SEQNUM', b'4242'), ('USEC_INITIALIZED', b'123456'), ('ID_NET_NAME', b'caf\\xc3\\xa9'), ('TAGS', b':mytag:'), ('CURRENT_TAGS', b':mytag:')],
             'net', None, ['mytag']),
            ([('ACTION', b'change'), ('DEVPATH', b'/devices/virtual/block/loop9'), ('SUBSYSTEM', b'block'), ('DEVNAME', b'/dev/loop9'),
              ('DEVTYPE', b'disk'), ('SEQNUM', b'4243'), ('MAJOR', b'7'), ('MINOR', b'9'), ('USEC_INITIALIZED', b'99')], 'block', 'disk', []),
            ([('TAGS', b':x:'), ('MINOR', b'3'), ('ACTION', b'add'), ('DEVLINKS', b'/dev/disk/by-id/z'), ('DEVPATH', b'/devices/virtual/block/z'),
              ('SUBSYSTEM', b'block'), ('DEVNAME', b'z'), ('SEQNUM', b'5'), ('MAJOR', b'7'), ('DEVTYPE', b'disk')], 'block', 'disk', ['x']),
            ([('ACTION', b'remove'), ('DEVPATH', b'/devices/virtual/net/u0'), ('SUBSYSTEM', b'net'), ('INTERFACE', b'u0'), ('IFINDEX', b'7'),
              ('SEQNUM', b'4244'), ('USEC_INITIALIZED', b'123456'), ('TAGS', b':othertag:')], 'net', None, ['othertag']),
        ]
        for props, subsystem, devtype, tags in events:
            s.sendto(message(props, subsystem, devtype, tags), (0, 2))
        s.sendto(b'add@/devices/virtual/net/evil\\0ACTION=add\\0DEVPATH=/devices/virtual/net/evil\\0SUBSYSTEM=net\\0SEQNUM=1\\0', (0, 1))
        """

    /// udev's events (group 2), as a running udevd would send them: the same lines as udevadm's.
    @Test(arguments: ["-u", "--udev --property", "-u -s net", "-u -s block/disk", "-u -t mytag", "-u -t othertag -t mytag", "-u -t nosuchtag", "-p -s net"])
    func udevEventsSameAsUdevadm(_ arguments: String) async throws {
        let actual = try await Self.sideBySide(arguments) { namespace in
            let sent = await run(["ip", "netns", "exec", namespace.name, "python3", "-c", Self.udevSender])
            #expect(sent.status == 0, "\(sent)")
        }
        #expect(!actual.contains("evil"), "a forged kernel uevent was printed: \(actual)")
        if arguments != "-u -t nosuchtag" { #expect(actual.contains("UDEV  ["), "udev events were seen: \(actual)") }
    }

    /// `-j`: one JSON object per event and line, parsed by Python; the same events as the text.
    @Test func json() async throws {
        let namespace = try ScratchNamespace()
        let directory = "/tmp/nlctl-udevadm-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(directory, 0o755)
        defer { _ = runBlocking(["rm", "-rf", directory]) }
        let ours = MonitorTests.spawn([nlctlPath, "-n", namespace.name, "-j", "udevadm", "monitor", "-k", "-s", "net"], output: directory + "/json")
        usleep(300_000)
        try await namespace.ip("link add v0 type veth peer name v1")
        try await namespace.ip("link del v0")
        usleep(300_000)
        #expect(Self.stop(ours) == 0)
        let check = await run(["python3", "-c", """
            import json, sys
            events = [json.loads(line) for line in open(sys.argv[1])]
            assert [e['action'] for e in events] == ['add', 'add', 'remove', 'remove'], events
            assert all(e['source'] == 'KERNEL' and e['subsystem'] == 'net' and e['properties']['SUBSYSTEM'] == 'net' for e in events), events
            assert sorted(e['properties']['INTERFACE'] for e in events) == ['v0', 'v0', 'v1', 'v1'], events
            assert all(e['seqnum'] == int(e['properties']['SEQNUM']) for e in events), events
            """, directory + "/json"])
        #expect(check.status == 0, "\(check)")
    }

    static let refusals = ["monitor --foo", "monitor -x", "monitor -s", "monitor --subsystem-match", "monitor --kernel=1", "frob", "--version", "monitor -V", "monitor --help", "monitor -h"]

    @Test(arguments: refusals)
    func argumentsSameAsUdevadm(_ arguments: String) async throws {
        let words = arguments.split(separator: " ").map(String.init)
        let expected = await run(["timeout", "5", ReferenceUdevadm.path] + words)
        let actual = await nlctl(["udevadm"] + words)
        #expect(actual.status == expected.status && actual.standardOutput == expected.standardOutput && actual.standardError == expected.standardError,
                "udevadm \(arguments): \(actual) against \(expected)")
    }
}
