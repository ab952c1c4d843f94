import Glibc
import KernelFeatures
import Testing

/// `nlctl route save | showdump | restore` against ip 6.1's: the same binary file (every message as
/// the kernel sent it, sequence and port aside), each tool's file shown alike by both, restores that
/// give the same tables, output and statuses, and ip's refusals (a pipe, a bad magic number, a
/// truncated file, a word save does not know).
@Suite("nlctl route save/restore/showdump vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct RouteSaveRestoreTests {
    static let links = [
        "link set lo up", "link add va type veth peer name vb", "link set va up", "link set vb up",
        "addr add 192.0.2.1/24 dev va", "addr add 198.51.100.1/24 dev vb", "addr add 2001:db8::1/64 dev va nodad",
    ]
    static let routes = [
        "route add 10.10.0.0/16 via 192.0.2.2", "route add 10.11.0.0/16 dev va table 100 src 192.0.2.1",
        "route add 10.12.0.0/16 nexthop via 192.0.2.2 nexthop via 198.51.100.2", "route add blackhole 10.13.0.0/16 metric 7",
        "route add 10.14.0.0/16 dev va src 198.51.100.1", "route add 2001:db8:5::/48 via 2001:db8::2",
        "route add 2001:db8:6::/48 dev va table 100 mtu 1300",
    ]

    static func shell(_ command: String) async -> Run { await run(["/bin/sh", "-c", command]) }

    /// The messages of a save file with each header's sequence and port zeroed (they differ between
    /// two dumps), the magic number first.
    static func messages(_ path: String) -> [[UInt8]] {
        guard let bytes = readWholeFileBytes(path), bytes.count >= 4 else { return [] }
        var out = [Array(bytes[0..<4])]
        var offset = 4
        while offset + 16 <= bytes.count {
            let length = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) })
            guard length >= 16, offset + length <= bytes.count else { out.append(Array(bytes[offset...])); break }
            var message = Array(bytes[offset..<(offset + length)])
            for i in 8..<16 { message[i] = 0 }
            out.append(message)
            offset += (length + 3) & ~3
        }
        return out
    }

    @Test(arguments: ["", "table all", "table 100", "-6 table all", "dev va", "to root 10.0.0.0/8", "proto kernel table all", "-4"])
    func saveAndShowdump(_ selector: String) async throws {
        let namespace = try ScratchNamespace()
        for step in Self.links + Self.routes { try await namespace.ip(step) }
        let options = selector.hasPrefix("-") ? String(selector.prefix(2)) : ""
        let words = selector.hasPrefix("-") ? String(selector.dropFirst(2)) : selector
        let ipFile = "/tmp/nlctl-save-ip-\(getpid())", nlctlFile = "/tmp/nlctl-save-nlctl-\(getpid())"
        defer { unlink(ipFile); unlink(nlctlFile) }
        // The links were just brought up: their IPv6 link-local addresses (and local routes) may
        // appear between the two saves. Both save again until they agree, at most 20 times.
        var ipSave = Run(status: 0, standardOutput: "", standardError: ""), nlctlSave = ipSave
        for _ in 0..<20 {
            ipSave = await Self.shell("ip -n \(namespace.name) \(options) route save \(words) > \(ipFile)")
            nlctlSave = await Self.shell("\(nlctlPath) -n \(namespace.name) \(options) route save \(words) > \(nlctlFile)")
            if Self.messages(nlctlFile) == Self.messages(ipFile) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(nlctlSave.status == ipSave.status && nlctlSave.standardError == ipSave.standardError, "\(nlctlSave) against \(ipSave)")
        let saved = Self.messages(nlctlFile)
        #expect(saved.count > 1)
        #expect(saved == Self.messages(ipFile), "route save \(selector): not ip's bytes")
        // Each file shown by each tool: the same text (-j prints text, as ip's showdump does).
        for file in [ipFile, nlctlFile] {
            for show in ["route showdump", "-6 route showdump", "-j route showdump"] {
                let expected = await Self.shell("ip -n \(namespace.name) \(show) < \(file)")
                let actual = await Self.shell("\(nlctlPath) -n \(namespace.name) \(show) < \(file)")
                #expect(actual == expected, "\(show) of \(file)")
            }
        }
    }

    /// A save restored into a namespace with the same links: the same messages, statuses and tables
    /// with ip and with nlctl (routes that exist already are reported and skipped, the others added in
    /// ip's order: local, then on-link, then through gateways).
    @Test func restoreSameAsIP() async throws {
        let source = try ScratchNamespace()
        for step in Self.links + Self.routes { try await source.ip(step) }
        let file = "/tmp/nlctl-restore-\(getpid())"
        defer { unlink(file) }
        let saved = await Self.shell("ip -n \(source.name) route save table all > \(file)")
        try #require(saved.status == 0, "\(saved)")
        let withIP = try ScratchNamespace(), withNlctl = try ScratchNamespace()
        for step in Self.links {
            try await withIP.ip(step)
            try await withNlctl.ip(step)
        }
        for round in 1...2 {
            let expected = await Self.shell("ip -n \(withIP.name) route restore < \(file)")
            let actual = await Self.shell("\(nlctlPath) -n \(withNlctl.name) route restore < \(file)")
            #expect(actual.status == expected.status, "round \(round)")
            #expect(actual.standardError == expected.standardError, "round \(round)")
            #expect(actual.standardOutput.isEmpty)
            for show in ["route show table all", "-6 route show table all"] {
                let words = show.split(separator: " ").map(String.init)
                // Link-local addresses differ between the namespaces (random MACs); the rest must not.
                // They (and their local routes) appear asynchronously after the links come up, so
                // both tables are read again until they agree, at most 20 times; and as the kernel
                // orders routes by address, the masked lines are compared as sets of lines.
                let mask = { (text: String) in text.replacing(#/fe80::[0-9a-f:]+/#, with: "fe80::X").split(separator: "\n").sorted().joined(separator: "\n") }
                var ipTable = Run(status: 0, standardOutput: "", standardError: ""), nlctlTable = ipTable
                for _ in 0..<20 {
                    ipTable = await run(["ip", "-n", withIP.name] + words)
                    nlctlTable = await run(["ip", "-n", withNlctl.name] + words)
                    if mask(nlctlTable.standardOutput) == mask(ipTable.standardOutput) { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(mask(nlctlTable.standardOutput) == mask(ipTable.standardOutput), "\(show) after round \(round)")
            }
        }
        let table = await run(["ip", "-n", withNlctl.name, "route", "show", "table", "100"])
        #expect(table.standardOutput.contains("10.11.0.0/16 dev va scope link src 192.0.2.1"), "\(table)")
    }

    /// ip's refusals, word for word: a pipe (restore needs a seekable file), no magic number, a
    /// file cut in the middle of a message, a message longer than ip's buffer, an unknown selector.
    @Test func refusalsSameAsIP() async throws {
        let namespace = try ScratchNamespace()
        for step in Self.links { try await namespace.ip(step) }
        let file = "/tmp/nlctl-refusal-\(getpid())"
        defer { unlink(file); unlink(file + ".cut"); unlink(file + ".long") }
        // The main table (IPv4 only): restoring it changes nothing, so ip and nlctl meet the same
        // table (IPv6 local routes saved with metric 0 would be added again with metric 1024).
        _ = await Self.shell("ip -n \(namespace.name) route save > \(file)")
        let size = readWholeFileBytes(file)?.count ?? 0
        try #require(size > 100)
        _ = await Self.shell("head -c \(size - 10) \(file) > \(file).cut; printf '\\x24\\x12\\x31\\x45\\xff\\x7f\\x00\\x00' > \(file).long; head -c 40 /dev/zero >> \(file).long")
        for command in [
            "route restore < /dev/null", "route showdump < /dev/null", "route showdump < /etc/hostname",
            "cat \(file) | TOOL route restore", "cat \(file) | TOOL route showdump", "route showdump < \(file).cut",
            "route restore < \(file).cut", "route showdump < \(file).long", "route save frob > /dev/null",
            "route save table 999 > /dev/null", "route save dev nope > /dev/null",
        ] {
            let ipCommand = command.contains("TOOL") ? command.replacing("TOOL", with: "ip -n \(namespace.name)") : "ip -n \(namespace.name) " + command
            let nlctlCommand = command.contains("TOOL") ? command.replacing("TOOL", with: "\(nlctlPath) -n \(namespace.name)") : "\(nlctlPath) -n \(namespace.name) " + command
            let expected = await Self.shell(ipCommand)
            let actual = await Self.shell(nlctlCommand)
            #expect(actual.status == expected.status, "exit status of \(command)")
            #expect(actual.standardError == expected.standardError.replacing("\"ip route", with: "\"nlctl route"), "stderr of \(command)")
            #expect(actual.standardOutput == expected.standardOutput, "stdout of \(command)")
        }
    }
}
