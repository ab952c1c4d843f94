import Glibc
import Testing

/// `nlctl -batch` and `-force -batch` against `ip`: the same file on two namespaces gives the same
/// messages (`Command failed FILE:LINE`), exit status and resulting links.
@Suite("nlctl -batch vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct BatchTests {
    static let files: [String] = [
        // A failing line in the middle.
        "link add b0 type ifb\n# a comment\n\nlink add b0 type ifb\nlink set b0 up\n  link add \"b1\" type ifb # trailing comment\nlink set b1 mtu 9000\n",
        // Only successes, with quoting and a continued line.
        "link add 'q0' type ifb\nlink set q0 \\\n  mtu 1400\nlink show q0\n",
        // A usage error ends the batch at once (exit 255), with or without -force.
        "link add u0 type ifb\nlink frob\nlink add u1 type ifb\n",
        // An unknown object is a failed command, not a usage error.
        "frob\nlink add f0 type ifb\n",
        // A device that does not exist.
        "link set nope up\nlink add d0 type ifb\n",
    ]

    static let cases: [(String, Bool)] = files.flatMap { [($0, false), ($0, true)] }

    /// Runs the batch file at `path` with ip and with nlctl (`-force` or not), each on a fresh
    /// namespace: the same exit status, standard error and output, then the same links.
    static func expectSameAsIP(file path: String, force: Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        let options = force ? ["-force", "-batch", path] : ["-batch", path]
        let expected = await run(["ip", "-n", withIP.name] + options)
        let actual = await nlctl(["-n", withNlctl.name] + options)
        #expect(actual.status == expected.status, sourceLocation: sourceLocation)
        #expect(actual.standardError == expected.standardError.replacingIP(), sourceLocation: sourceLocation)
        #expect(actual.standardOutput.maskingHardwareAddresses() == expected.standardOutput.maskingHardwareAddresses(), sourceLocation: sourceLocation)
        let linksIP = await run(["ip", "-n", withIP.name, "-br", "link"]).standardOutput.maskingHardwareAddresses()
        let linksNlctl = await run(["ip", "-n", withNlctl.name, "-br", "link"]).standardOutput.maskingHardwareAddresses()
        #expect(linksNlctl == linksIP, sourceLocation: sourceLocation)
    }

    @Test(arguments: cases)
    func sameAsIP(_ contents: String, force: Bool) async throws {
        let path = try Self.write(contents)
        defer { unlink(path) }
        try await Self.expectSameAsIP(file: path, force: force)
    }

    /// Files for the pipelined `-force` path: failing changes of every pipelined kind (duplicate
    /// route, unreachable gateway, unknown device, duplicate address, missing rule and nexthop,
    /// syntax errors), names made by earlier lines, commands that must wait for the pipeline
    /// (show, link add), a continued line, a neighbor refusal (ip exits 2 there).
    static let pipelinedFiles: [String] = [
        """
        link add v0 type veth peer name v1
        link set v0 up
        link set v1 up
        address add 10.1.0.1/24 dev v0
        route add 10.2.0.0/24 via 10.1.0.2
        route add 10.2.0.0/24 via 10.1.0.2
        route add 10.3.0.0/24 via 10.9.9.9
        route add 10.4.0.0/24 dev nope
        address add 10.1.0.1/24 dev v0
        route add 10.5.0.0/24 \\
          dev v0
        route del 10.77.0.0/24
        address add 10.1.0.9/24 dev v0 home
        rule add from 10.0.0.1 table 100 pref 100
        rule add from 10.0.0.1 table 100 pref 100
        rule del from 10.0.0.99 table 100 pref 100
        nexthop add id 1 via 10.1.0.2 dev v0
        nexthop add id 1 via 10.1.0.2 dev v0
        nexthop add id 2 via 10.9.0.2 dev v0
        route add 10.6.0.0/24 nhid 1
        nexthop del id 77
        address del 10.7.7.7/24 dev v0
        route append 10.8.0.0/24 via 10.1.0.2
        route append 10.8.0.0/24 via 10.1.0.2
        link add v2 type veth peer name v3
        address add 10.8.0.1/24 dev v2
        route add 10.9.0.0/24 dev v2
        route show table main
        route add 10.10.0.0/24 dev v0 mtu 1300
        route add 10.11.0.0/24 dev v0
        route add 10.12.0.0/24 dev v0 frob
        route add 10.13.0.0/24 dev v0

        """,
        // A neighbor refusal ends the batch with status 2, after the errors before it.
        "link add v0 type veth peer name v1\nroute add 10.2.0.0/24 dev v0\nroute add 10.2.0.0/24 dev v0\n"
            + "neighbor add 10.2.0.7 lladdr 02:00:00:00:00:07 dev v0\nneighbor add 10.2.0.7 lladdr 02:00:00:00:00:07 dev v0\n"
            + "route add 10.3.0.0/24 dev v0\n",
        // A malformed prefix mid-pipeline: ip exits (status 1) at once, after the earlier errors.
        "link add v0 type veth peer name v1\nroute add 10.2.0.0/24 dev v0\nroute add 10.2.0.0/24 dev v0\n"
            + "route add 10.2.0.0/33 dev v0\nroute add 10.4.0.0/24 dev v0\n",
        // A malformed prefix in a show: ip exits (status 1) there too.
        "link add v0 type veth peer name v1\nroute add 10.2.0.0/24 dev v0\nroute show 10.2.0.0/33\nroute add 10.4.0.0/24 dev v0\n",
        // An unterminated quote ends the batch (status 1) after the earlier lines' errors.
        "link add v0 type veth peer name v1\nroute add 10.2.0.0/24 dev v0\nroute add 10.2.0.0/24 dev v0\n"
            + "route add 'oops dev v0\nroute add 10.4.0.0/24 dev v0\n",
        // The byte-level route path: names made (and remade, with another index) by earlier
        // lines, abbreviations, failing lines of its shapes and lines it leaves to the general path.
        """
        link add w0 type veth peer name w1
        link set w0 up
        address add 10.20.0.1/16 dev w0
        route add 10.21.0.0/24 dev w0
        r a 10.22.0.0/24 via 10.20.0.2 metric 7 table 100 proto static
        ro replace 10.23.0.0/24 dev w0 scope link src 10.20.0.1
        route add 10.21.0.0/24 dev w0
        route add 10.24.0.0/24 dev w9
        route del 10.99.0.0/24
        route add 10.25.0.0/24 via 10.99.9.9
        link del w0
        link add w0 type veth peer name w1
        link set w0 up
        address add 10.20.0.1/16 dev w0
        route add 10.26.0.0/24 dev w0
        route add 10.27.0.0/24 dev "w0"
        route add	10.28.0.0/24   dev w0
        route add 10.29.0.0/24 dev w0 table 300 metric 0x20
        route prepend 10.30.0.0/24 dev w0 onlink
        route add blackhole 10.31.0.0/24
        route add 10.32.0.0/24 dev w0 src 10.99.0.1
        route chg 10.26.0.0/24 dev w0 metric 3
        route test 10.26.0.0/24 dev w0
        route delete 10.26.0.0/24 dev w0
        route add 10.33.0.0/24 dev w0 metric 4294967296
        route add 10.34.0.0/24 dev w0

        """,
    ]

    static let pipelinedCases: [(String, Bool)] = pipelinedFiles.flatMap { [($0, false), ($0, true)] }

    /// What a namespace holds: routes, addresses (link-local ones masked), rules, nexthops, neighbors.
    static func state(_ namespace: ScratchNamespace) async -> String {
        var lines: [String] = []
        for command in [["route", "show", "table", "all"], ["-br", "address"], ["rule"], ["nexthop"], ["neighbor"]] {
            let text: String = await run(["ip", "-n", namespace.name] + command).standardOutput
            // Sorted: the kernel lists the IPv6 routes of two links set up together in either order.
            lines += text.split(separator: "\n").map { line in
                line.split(separator: " ").filter { !$0.hasPrefix("fe80:") && $0 != "linkdown" }.joined(separator: " ")
            }.sorted()
            lines.append("--")
        }
        return lines.joined(separator: "\n")
    }

    /// Expects the two namespaces to hold the same state. Reads both again (for up to 5 s) while they
    /// differ: a link's operational state settles asynchronously (the kernel's link watch delays
    /// it up to a second), so a namespace read right after its batch may still show a veth as
    /// LOWERLAYERDOWN that the other, read later, shows UP.
    static func expectSameState(_ withNlctl: ScratchNamespace, _ withIP: ScratchNamespace, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var actual = await state(withNlctl)
        var expected = await state(withIP)
        let first = (actual, expected)
        var rereads = 0
        while actual != expected && rereads < 20 {
            try await Task.sleep(for: .milliseconds(250))
            actual = await state(withNlctl)
            expected = await state(withIP)
            rereads += 1
        }
        if rereads > 0 && actual == expected {
            let differing = Set(first.0.split(separator: "\n")).symmetricDifference(first.1.split(separator: "\n"))
            print("BatchTests: the states agreed after \(rereads) re-reads; first read differed in: \(differing.sorted())")
        }
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    @Test(arguments: pipelinedCases)
    func pipelinedSameAsIP(_ contents: String, force: Bool) async throws {
        let path = try Self.write(contents)
        defer { unlink(path) }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        let options = force ? ["-force", "-batch", path] : ["-batch", path]
        let expected = await run(["ip", "-n", withIP.name] + options)
        let actual = await nlctl(["-n", withNlctl.name] + options)
        #expect(actual.status == expected.status)
        #expect(actual.standardError == expected.standardError.replacingIP())
        #expect(actual.standardOutput == expected.standardOutput)
        try await Self.expectSameState(withNlctl, withIP)
    }

    /// 5,000 route lines (several datagrams), every 50th failing in one of three ways: the same
    /// messages, in the same order, with the same line numbers as ip, and the same routes.
    @Test func manyLinesWithFailures() async throws {
        var lines = ["link add v0 type veth peer name v1", "link set v0 up", "link set v1 up", "address add 10.0.0.1/16 dev v0"]
        for i in 0..<5_000 {
            let prefix = "10.\(100 + i / 256).\(i % 256).0/24"
            switch i % 50 {
            case 10: lines.append("route add 10.\(100 + (i - 1) / 256).\((i - 1) % 256).0/24 dev v0")  // duplicate
            case 20: lines.append("route add \(prefix) via 192.0.2.1")  // unreachable gateway
            case 30: lines.append("route add \(prefix) dev v9")  // no such device
            default: lines.append("route add \(prefix) dev v0")
            }
        }
        let path = try Self.write(lines.joined(separator: "\n") + "\n")
        defer { unlink(path) }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        let expected = await run(["ip", "-n", withIP.name, "-force", "-batch", path])
        let actual = await nlctl(["-n", withNlctl.name, "-force", "-batch", path])
        #expect(actual.status == expected.status)
        #expect(actual.status == 1)
        #expect(actual.standardError == expected.standardError)
        #expect(actual.standardError.split(separator: "\n").count == 2 * 3 * 100)
        let routesIP = await run(["ip", "-n", withIP.name, "route"]).standardOutput
        let routesNlctl = await run(["ip", "-n", withNlctl.name, "route"]).standardOutput
        let expectedRoutes: Int = 5_000 - 3 * 100 + 1
        #expect(routesNlctl.split(separator: "\n").count == expectedRoutes)
        #expect(routesNlctl == routesIP)
    }

    /// The byte-level route path against the general parser: every line it takes is parsed by
    /// both (`NLCTL_BATCH_VERIFY`) and the two requests must be the same bytes; the lines it must
    /// leave to the general path are not counted; stderr, status and routes are ip's.
    @Test func routeLinesEncodeLikeTheGeneralPath() async throws {
        // Lines the byte-level path takes (some fail in the kernel; that is not its business).
        var fast = [
            "route add 10.40.0.0/24 dev v0",
            "route add 10.40.1.0/24 via 10.0.0.2",
            "route add 10.40.2.0/24 via 10.0.0.2 dev v0",
            "route add 10.40.3.0/24 dev v0 metric 10",
            "route add 10.40.4.0/24 dev v0 priority 11 table 100",
            "route add 10.40.5.0/24 dev v0 preference 12 table local",
            "route add 10.40.6.0/24 dev v0 proto static scope link",
            "route add 10.40.7.0/24 dev v0 protocol 99 scope host",
            "route add 10.40.8.0/24 dev v0 src 10.0.0.1",
            "route add 10.40.9.0/24 via 10.0.0.2 onlink dev v0",
            "route add 10.40.10.0/24 oif v0 table 0x10",
            "route add 10.40.11.0/24 dev v0 table main proto kernel",
            "route add 10.40.12.1/32 dev v0 scope 200",
            "route add 10.40.13.0/24 dev v0 metric 4294967295",
            "route add 10.40.14/24 dev v0",
            "route add 10.41 dev v0",
            "route add 10.48.0.0/16 dev v0",
            "route add 10.49.1.1 dev v0 table 300",
            "route add 0/0 dev v0 table 301",
            "route add 10.48.255.255/32 dev v0 table 302",
            "route add 10.40.15.0/24 via 10.0.0.2 metric 5 dev v0 table 200 proto boot",
            "r add 10.42.0.0/24 dev v0",
            "ro a 10.42.1.0/24 dev v0",
            "rou ad 10.42.2.0/24 dev v0",
            "route replace 10.40.0.0/24 dev v0 metric 1",
            "route rep 10.42.3.0/24 via 10.0.0.3",
            "route change 10.40.1.0/24 via 10.0.0.3",
            "route chg 10.40.1.0/24 via 10.0.0.4",
            "route c 10.40.2.0/24 via 10.0.0.5",
            "route prepend 10.42.4.0/24 dev v0",
            "route p 10.42.5.0/24 dev v0",
            "route append 10.42.6.0/24 dev v0",
            "route ap 10.42.6.0/24 via 10.0.0.2",
            "route test 10.40.0.0/24 dev v0",
            "route t 10.42.7.0/24 dev v0",
            "route del 10.40.3.0/24",
            "route delete 10.40.4.0/24 dev v0 table 100",
            "route d 10.40.5.0/24 table local",
            "route del 10.40.6.0/24 dev v0 proto static",
            "route del 10.40.15.0/24 via 10.0.0.2 metric 5 table 200",
            "route add 10.40.0.0/24 dev v0",
            "route add 10.43.0.0/24 via 192.0.2.1",
            "route del 10.99.0.0/24",
            "route add 2001:db8:1::/64 dev v0",
            "route add 2001:db8:2::/64 dev v0 metric 1024 proto static",
            "  route   add\t10.45.0.0/24\tdev   v0  ",
            "route add 10.46.0.0/24 dev v0 # a comment",
            "route add 10.46.1.0/24",
            "route add 10.46.2.0/24 \\\n dev v0",
        ]
        for i in 0..<200 { fast.append("route add 10.50.\(i).0/24 dev \(i % 2 == 0 ? "v0" : "v2") metric \(i % 7)") }
        // Lines it leaves to the general path (none that ends the batch: other tests have those).
        let general = [
            "route add 10.47.0.0/24 dev \"v0\"",
            "route add to 10.47.1.0/24 dev v0",
            "route add blackhole 10.47.2.0/24",
            "route add 10.47.3.0/24 via inet 10.0.0.2",
            "route add 10.47.4.0/24 dev v0 mtu 1300",
            "route add 10.47.5.0/24 dev nope",
            "route add default via 10.0.0.2 table 7",
            "route add 10.47.7.0/24 dev v0 tab 100",
            "link set v2 mtu 1400",
            "address add 10.0.0.9/16 dev v0",
        ]
        var lines = ["link add v0 type veth peer name v1", "link add v2 type veth peer name v3", "link set v0 up", "link set v2 up",
            "address add 10.0.0.1/16 dev v0", "address add 2001:db8::5/64 dev v0 nodad"]
        for (i, line) in fast.enumerated() {
            lines.append(line)
            if i % 20 == 0 { lines.append(general[(i / 20) % general.count]) }
        }
        lines += general
        let path = try Self.write(lines.joined(separator: "\n") + "\n")
        defer { unlink(path) }
        let report = path + ".verify"
        defer { unlink(report) }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        let expected = await run(["ip", "-n", withIP.name, "-force", "-batch", path])
        let actual = await run(["env", "NLCTL_BATCH_VERIFY=\(report)", nlctlPath, "-n", withNlctl.name, "-force", "-batch", path])
        #expect(actual.status == expected.status)
        #expect(actual.standardError == expected.standardError.replacingIP())
        #expect(actual.standardOutput == expected.standardOutput)
        try await Self.expectSameState(withNlctl, withIP)
        let verification = await run(["cat", report]).standardOutput
        #expect(verification.hasPrefix("fast \(fast.count)\ncompared \(fast.count)\nmismatches 0\n"), "\(verification)")
        print("REPORT-FIGURE batch-fast-path-lines-verified: \(fast.count) of \(lines.count) lines (byte-identical to the general parser)")
    }

    static func write(_ contents: String) throws -> String {
        let path = "/tmp/nlctl-batch-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        guard let file = fopen(path, "w") else { throw SetupFailure(message: "cannot write \(path)") }
        fputs(contents, file)
        fclose(file)
        return path
    }

    /// Batch files as bytes, as ip reads them with C strings: a NUL byte ends its line's text (a
    /// `\\` before the newline after it does not continue the line), and a line of 512 words ends
    /// the batch with "Too many arguments to command" and status 1 (511 are taken).
    static let byteFiles: [[UInt8]] = [
        Array("link add n0 type ifb\u{0} garbage here\nlink show n0\n".utf8),
        Array("link add n1 type ifb\u{0}\\\nlink show n1\n\u{0}\nlink set n1 up\n".utf8),
        Array("link add w0 type ifb\nlink show w0 \(Array(repeating: "x", count: 508).joined(separator: " "))\nlink add w1 type ifb\n".utf8),
        Array("link add w0 type ifb\nlink show w0 \(Array(repeating: "x", count: 509).joined(separator: " "))\nlink add w1 type ifb\n".utf8),
        Array("link add w0 type ifb\nroute add 192.0.2.0/24 dev w0 \(Array(repeating: "x", count: 600).joined(separator: " "))\n".utf8),
    ]

    @Test(arguments: byteFiles.flatMap { [($0, false), ($0, true)] })
    func bytesSameAsIP(_ contents: [UInt8], force: Bool) async throws {
        let path = "/tmp/nlctl-batch-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).bin"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw SetupFailure(message: "cannot write \(path)") }
        _ = contents.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        defer { unlink(path) }
        try await Self.expectSameAsIP(file: path, force: force)
    }

    /// Standard output and standard error on one file (`2>&1`): a failing line's error follows
    /// the output of the lines before it, as ip writes them (nlctl buffers its output across
    /// lines only when the two are different files); on different files the output is the same.
    @Test(arguments: [true, false])
    func outputAndErrorsInOrder(sameFile: Bool) async throws {
        let path = try Self.write("link show dev lo\nlink show dev lo\nlink show dev nope\nlink show dev lo\n")
        defer { unlink(path) }
        let namespace = try ScratchNamespace()
        func combined(_ tool: String) async -> (status: Int32, text: String) {
            let out = "/tmp/nlctl-batch-order-\(getpid())"
            let script = sameFile
                ? "\(tool) -n \(namespace.name) -batch \(path) > \(out) 2>&1; s=$?; cat \(out); rm -f \(out); exit $s"
                : "\(tool) -n \(namespace.name) -batch \(path) > \(out) 2> \(out).err; s=$?; cat \(out); echo --; cat \(out).err; rm -f \(out) \(out).err; exit $s"
            let result = await run(["sh", "-c", script])
            return (result.status, result.standardOutput)
        }
        let expected = await combined("ip")
        let actual = await combined(nlctlPath)
        #expect(actual.status == expected.status)
        #expect(actual.text == expected.text.replacingIP())
        #expect(expected.text.contains("Command failed"))
    }

    /// A file that cannot be opened.
    @Test func missingFile() async {
        let expected = await run(["ip", "-batch", "/nonexistent/batch"])
        let actual = await nlctl(["-batch", "/nonexistent/batch"])
        #expect(actual.status == expected.status)
        #expect(actual.standardError == expected.standardError)
    }
}
