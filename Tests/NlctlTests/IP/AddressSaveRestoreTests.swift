import Glibc
import KernelFeatures
import Testing

/// `nlctl address save | showdump | restore` against ip 6.1's: the same binary file (the selectors
/// read, only the device and family applied, as ip does), the same showdump text and JSON, the
/// same restore into a namespace with the same links, and ip's refusals.
@Suite("nlctl address save/restore/showdump vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct AddressSaveRestoreTests {
    static let links = ["link set lo up", "link add va type veth peer name vb", "link add i0 type ifb"]
    static let addresses = [
        "addr add 192.0.2.1/24 brd + dev va label va:one", "addr add 192.0.2.2/24 dev va", "addr add 10.1.1.1 peer 10.1.1.2/32 dev vb",
        "addr add 198.51.100.1/24 dev i0", "addr add 2001:db8::1/64 dev va nodad",
        "addr add 2001:db8:1::1/64 dev i0 nodad noprefixroute",
    ]

    @Test(arguments: ["", "dev va", "-4", "-6 dev i0", "scope host", "label va:one", "to 10.0.0.0/8", "up"])
    func saveAndShowdump(_ selector: String) async throws {
        let namespace = try ScratchNamespace()
        for step in Self.links + Self.addresses { try await namespace.ip(step) }
        let options = selector.hasPrefix("-") ? String(selector.prefix(2)) : ""
        let words = selector.hasPrefix("-") ? String(selector.dropFirst(2)) : selector
        let ipFile = "/tmp/nlctl-asave-ip-\(getpid())", nlctlFile = "/tmp/nlctl-asave-nlctl-\(getpid())"
        defer { unlink(ipFile); unlink(nlctlFile) }
        // Link-local addresses may appear between the two saves: both save again until they agree.
        var ipSave = Run(status: 0, standardOutput: "", standardError: ""), nlctlSave = ipSave
        for _ in 0..<20 {
            ipSave = await RouteSaveRestoreTests.shell("ip -n \(namespace.name) \(options) address save \(words) > \(ipFile)")
            nlctlSave = await RouteSaveRestoreTests.shell("\(nlctlPath) -n \(namespace.name) \(options) address save \(words) > \(nlctlFile)")
            if RouteSaveRestoreTests.messages(nlctlFile) == RouteSaveRestoreTests.messages(ipFile) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(nlctlSave.status == ipSave.status && nlctlSave.standardError == ipSave.standardError, "\(nlctlSave) against \(ipSave)")
        let saved = RouteSaveRestoreTests.messages(nlctlFile)
        #expect(saved.count > 1)
        #expect(saved == RouteSaveRestoreTests.messages(ipFile), "address save \(selector): not ip's bytes")
        for show in ["address showdump", "-j address showdump", "-j -p address showdump", "-o address showdump"] {
            let expected = await RouteSaveRestoreTests.shell("ip -n \(namespace.name) \(show) < \(ipFile)")
            let actual = await RouteSaveRestoreTests.shell("\(nlctlPath) -n \(namespace.name) \(show) < \(ipFile)")
            #expect(actual == expected, "\(show)")
        }
    }

    /// A save restored twice into namespaces with the same links: the same messages (addresses
    /// already assigned reported), statuses and addresses with ip and nlctl; a file naming a link
    /// the namespace lacks stops at it, as ip does.
    @Test func restoreSameAsIP() async throws {
        let source = try ScratchNamespace()
        // A finite lifetime too (counting down: only in the restore, whose output masks it).
        for step in Self.links + Self.addresses + ["addr add 203.0.113.1/24 dev i0 valid_lft 3000 preferred_lft 2000"] {
            try await source.ip(step)
        }
        let file = "/tmp/nlctl-arestore-\(getpid())"
        defer { unlink(file) }
        let saved = await RouteSaveRestoreTests.shell("ip -n \(source.name) -4 address save > \(file)")
        try #require(saved.status == 0, "\(saved)")
        let withIP = try ScratchNamespace(), withNlctl = try ScratchNamespace()
        for step in Self.links {
            try await withIP.ip(step)
            try await withNlctl.ip(step)
        }
        for round in 1...2 {
            let expected = await RouteSaveRestoreTests.shell("ip -n \(withIP.name) address restore < \(file)")
            let actual = await RouteSaveRestoreTests.shell("cat \(file) | \(nlctlPath) -n \(withNlctl.name) address restore")
            #expect(actual == expected, "round \(round)")
            let ipAddresses = await run(["ip", "-n", withIP.name, "-4", "address"])
            let nlctlAddresses = await run(["ip", "-n", withNlctl.name, "-4", "address"])
            let mask = { (text: String) in text.replacing(#/\d+sec/#, with: "Nsec").replacing(#/link/ether [0-9a-f:]+/#, with: "link/ether X") }
            #expect(mask(nlctlAddresses.standardOutput) == mask(ipAddresses.standardOutput), "after round \(round)")
        }
        let bare = try ScratchNamespace()
        try await bare.ip("link set lo up")
        let expected = await RouteSaveRestoreTests.shell("ip -n \(bare.name) address restore < \(file)")
        let actual = await RouteSaveRestoreTests.shell("\(nlctlPath) -n \(bare.name) address restore < \(file)")
        #expect(actual == expected)
        #expect(actual.status == 255 && actual.standardError.contains("Device not found"), "\(actual)")
    }

    @Test func refusalsSameAsIP() async throws {
        let namespace = try ScratchNamespace()
        for step in Self.links + Self.addresses { try await namespace.ip(step) }
        let file = "/tmp/nlctl-arefusal-\(getpid())"
        defer { unlink(file); unlink(file + ".cut") }
        _ = await RouteSaveRestoreTests.shell("ip -n \(namespace.name) address save > \(file)")
        let size = readWholeFileBytes(file)?.count ?? 0
        try #require(size > 100)
        _ = await RouteSaveRestoreTests.shell("head -c \(size - 10) \(file) > \(file).cut")
        for command in [
            "address showdump < /dev/null", "address restore < /dev/null", "address showdump < /etc/hostname",
            "address showdump < \(file).cut", "-j address showdump < \(file).cut", "address save dev nope > /dev/null",
            "address save scope bogus > /dev/null", "address save master nope > /dev/null", "address save va vb > /dev/null",
        ] {
            let expected = await RouteSaveRestoreTests.shell("ip -n \(namespace.name) " + command)
            let actual = await RouteSaveRestoreTests.shell("\(nlctlPath) -n \(namespace.name) " + command)
            #expect(actual.status == expected.status, "exit status of \(command)")
            #expect(actual.standardError == expected.standardError, "stderr of \(command)")
            #expect(actual.standardOutput == expected.standardOutput, "stdout of \(command)")
        }
    }
}
