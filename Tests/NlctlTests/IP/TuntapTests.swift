import Testing

/// `nlctl tuntap` against `ip tuntap` (iproute2 6.1): each command runs with ip in one namespace
/// and with nlctl in another; outputs, errors and exit statuses are compared, and what nlctl
/// created is then shown by ip itself next to what ip created.
@Suite("nlctl tuntap vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct TuntapTests {
    /// Devices ip makes in both namespaces before a `show` is compared (`one_queue` is only in
    /// sysfs: nlctl reads the namespace's own, as ip does).
    static let configuration = [
        "tuntap add mode tap user 1000 group 100 vnet_hdr multi_queue name tp0",
        "tuntap add mode tun",
        "tuntap add dev tn1 mode tun pi one_queue",
        "tuntap add mode tun user root group root name r1",
        "link add va type veth peer name vb",
        "link add br0 type bridge",
        "link set va master br0",
    ]

    static let showCommands = [
        "tuntap", "tuntap show", "tuntap list", "tuntap lst", "tuntap sh", "tunt", "tap", "tap show",
        "tuntap show dev tp0", "-j tuntap show", "-j -p tuntap", "-j tap list",
        "link show type tun", "-j link show type tun", "link show type veth", "link show type nosuchkind",
        "-br link show type tun",
        // The kernel-side filters of link show (IFLA_MASTER, IFLA_INFO_KIND).
        "link show master br0", "link show master br0 type veth", "link show master br0 type tun",
        "link show master nope", "link show type tun master nope", "link show dev vb master br0",
        "link show dev va master br0", "-j link show master br0", "-s link show master br0 up",
    ]

    @Test(arguments: showCommands)
    func showSameAsIP(_ command: String) async throws {
        guard await fixtureKindsPresent(Self.configuration) else { return }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for step in Self.configuration {
            try await withIP.ip(step)
            try await withNlctl.ip(step)
        }
        // Interface indices and tap MAC addresses differ between the namespaces: compare after
        // blanking the addresses (same indices: the same steps in the same order).
        await expectSameAsIP(command, ip: withIP, nlctl: withNlctl, outputText: blankAddresses)
    }

    /// Adds and deletes, run with ip in one namespace and nlctl in the other: same status, same
    /// stderr; then ip shows both namespaces the same (so nlctl made the same devices, one_queue included).
    static let changeCommands: [[String]] = [
        ["tuntap add mode tap user 1000 group 100 vnet_hdr multi_queue name tp0", "tuntap add mode tun"],
        ["tuntap add dev tn1 mode tun pi one_queue", "tuntap add mode tap", "tuntap add mode tap"],
        ["tuntap add mode tun user root group root name r1", "tuntap add mode tun user -1 group 0 name r2"],
        ["tuntap add mode tun name x0", "tuntap del mode tun name x0"],
        ["tuntap add mode tap name x1 vnet_hdr", "tuntap del mode tap vnet_hdr x1"],
        ["tuntap add m tun n x2 p o v mu", "tuntap d m tun n x2 p o v mu"],
        // Errors, as ip words them.
        ["tuntap add mode tun name x0", "tuntap add mode tun name x0"],          // EBUSY
        ["tuntap add mode tap name lo"],                                        // EBUSY: not a tun
        ["tuntap add name x1"],                                                 // no mode
        ["tuntap add mode foo"], ["tuntap add mode tun mode tap"], ["tuntap add mode tun mode tun name ok"],
        ["tuntap add mode tun name abcdefghijklmnopq"], ["tuntap add mode tun name a/b"],
        ["tuntap add mode tun dev a/b"], ["tuntap add mode tun name a b"], ["tuntap add mode tun dev"],
        ["tuntap add mode tun user nosuchuser-x"], ["tuntap add mode tun group nosuchgroup-x"],
        ["tuntap add mode tun name a:b"],
        ["tuntap del mode tun name nothere"],                                   // succeeds, as in ip
        ["tuntap add mode tun name x3", "tuntap del mode tap name x3"],         // EINVAL
        ["tuntap del name x3"], ["tuntap del mode tun user 5"],
        ["tuntap foo"], ["tuntap add mode tun help"],
    ]

    @Test(arguments: changeCommands)
    func changesSameAsIP(_ commands: [String]) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for command in commands {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl, errorText: { $0.replacingIP().replacingUsage() })
        }
        let shownIP = await run(["ip", "-n", withIP.name, "tuntap", "show"])
        let shownNlctl = await run(["ip", "-n", withNlctl.name, "tuntap", "show"])
        #expect(shownNlctl == shownIP, "ip tuntap show after \(commands)")
        let linksIP = await run(["ip", "-n", withIP.name, "-d", "link", "show"])
        let linksNlctl = await run(["ip", "-n", withNlctl.name, "-d", "link", "show"])
        #expect(blankAddresses(linksNlctl.standardOutput) == blankAddresses(linksIP.standardOutput), "ip -d link show after \(commands)")
    }

    /// `--help` prints the keywords on standard output and exits 0; `help` is ip's usage error.
    @Test func help() async throws {
        let result = await nlctl(["tuntap", "--help"])
        #expect(result.status == 0)
        for keyword in ["add", "del", "show", "mode", "tun", "tap", "user", "group", "one_queue", "pi", "vnet_hdr", "multi_queue", "name"] {
            #expect(result.standardOutput.contains(keyword), "\(keyword)")
        }
        let namespace = try ScratchNamespace()
        let expected = await run(["ip", "-n", namespace.name, "tuntap", "help"])
        let actual = await nlctl(["-n", namespace.name, "tuntap", "help"])
        #expect(actual.status == expected.status)
        #expect(actual.standardError == expected.standardError.replacingUsage())
    }

    /// Without CAP_NET_ADMIN (dropped from the bounding set by setpriv; CAP_SYS_ADMIN kept for
    /// `-n`) creating is refused by the kernel with EPERM, worded as ip words it; showing still works.
    @Test func withoutNetAdmin() async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        try await withIP.ip("tuntap add mode tap name tp0")
        try await withNlctl.ip("tuntap add mode tap name tp0")
        let drop = ["setpriv", "--bounding-set", "-net_admin", "--inh-caps", "-net_admin"]
        for command in ["tuntap add mode tun name nope0", "tuntap del mode tap name tp0", "tuntap show"] {
            let words = command.split(separator: " ").map(String.init)
            let expected = await run(drop + ["ip", "-n", withIP.name] + words)
            let actual = await run(drop + [nlctlPath, "-n", withNlctl.name] + words)
            #expect(actual == expected, "\(command)")
        }
        let refused = await run(drop + [nlctlPath, "-n", withNlctl.name, "tuntap", "add", "mode", "tun", "name", "nope0"])
        #expect(refused.standardError == "ioctl(TUNSETIFF): Operation not permitted\n")
        #expect(await run(["ip", "-n", withNlctl.name, "link", "show", "nope0"]).status != 0)
    }

    /// `-d` lists the processes attached to each device (by the `iff:` of their descriptors'
    /// fdinfo), as ip does: a python3 holding a queue of the tap open, then both tools, in text and JSON.
    /// (Standard error is not compared: ip reports each /proc descriptor it may not read.)
    @Test func detailsShowAttachedProcesses() async throws {
        let namespace = try ScratchNamespace()
        let name = "att\(UInt16.random(in: 0...UInt16.max))"
        try await namespace.ip("tuntap add mode tap name \(name)")
        let holder = "import fcntl,struct,os,time\nfd=os.open('/dev/net/tun',os.O_RDWR)\n"
            + "fcntl.ioctl(fd,0x400454ca,struct.pack('16sH',b'\(name)',0x1002))\ntime.sleep(4)"
        let script = """
            ip netns exec \(namespace.name) python3 -c "\(holder)" & sleep 1
            ip -n \(namespace.name) -d tuntap show 2>/dev/null; echo ===
            \(nlctlPath) -n \(namespace.name) -d tuntap show; echo ===
            ip -n \(namespace.name) -d -j tuntap show 2>/dev/null; echo ===
            \(nlctlPath) -n \(namespace.name) -d -j tuntap show
            wait
            """
        let result = await run(["sh", "-c", script])
        let parts = result.standardOutput.split(separator: "===\n", omittingEmptySubsequences: false).map(String.init)
        try #require(parts.count == 4, "\(result)")
        #expect(parts[0].contains("Attached to processes:python3("), "\(parts[0])")
        #expect(parts[1] == parts[0])
        #expect(parts[3] == parts[2])
    }

    /// A device created under `-n` is in that namespace only.
    @Test func stayInTheNamespace() async throws {
        let namespace = try ScratchNamespace()
        let name = "nlt\(UInt16.random(in: 0...UInt16.max))"
        let created = await nlctl(["-n", namespace.name, "tuntap", "add", "mode", "tap", "name", name])
        #expect(created.status == 0, "\(created)")
        #expect(await run(["ip", "-n", namespace.name, "link", "show", name]).status == 0)
        let host = await run(["ip", "link", "show", name])
        #expect(host.status != 0)
        #expect(host.standardError.contains("does not exist"))
    }
}

/// Blanks hardware addresses (`xx:xx:xx:xx:xx:xx`), which differ between two namespaces' tap devices.
func blankAddresses(_ text: String) -> String {
    text.replacing(/[0-9a-f]{2}(:[0-9a-f]{2}){5}/, with: "MAC")
}

extension String {
    /// ip's usage as nlctl words it: `nlctl tuntap`, the continuation lines three columns further.
    func replacingUsage() -> String {
        replacing("Usage: ip tuntap", with: "Usage: nlctl tuntap").replacing("\n       [", with: "\n          [")
    }
}
