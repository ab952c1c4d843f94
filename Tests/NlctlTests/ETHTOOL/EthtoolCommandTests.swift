import Glibc
import Testing

/// `nlctl ethtool` against ethtool 6.1 (`ip netns exec NS ethtool`) on the same devices — a veth pair,
/// a tap (which has coalescing and channels), a bridge, lo: standard output, standard error and exit
/// status byte for byte; changes made in two identical namespaces, one by each tool, leave the same
/// state; the monitor prints the same notifications; as an unprivileged user the same answers.
@Suite("nlctl ethtool vs ethtool", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct EthtoolCommandTests {
    /// A namespace with va/vb (veth, up), tp0 (tap), br0 (bridge), lo up.
    static func devices() async throws -> ScratchNamespace {
        let namespace = try ScratchNamespace()
        for command in ["link set lo up", "link add va type veth peer vb", "link set va up", "link set vb up", "tuntap add mode tap name tp0",
                        "link add br0 type bridge"] {
            try await namespace.ip(command)
        }
        return namespace
    }

    static func ethtool(_ namespace: ScratchNamespace, _ words: [String], unprivileged: Bool = false) async -> Run {
        await run(["ip", "netns", "exec", namespace.name] + (unprivileged ? UnprivilegedTests.nobody : []) + ["ethtool"] + words)
    }

    static func nlctlEthtool(_ namespace: ScratchNamespace, _ words: [String], unprivileged: Bool = false) async -> Run {
        if unprivileged {
            return await run(["ip", "netns", "exec", namespace.name] + UnprivilegedTests.nobody + [nlctlPath, "ethtool"] + words)
        }
        return await nlctl(["-n", namespace.name, "ethtool"] + words)
    }

    static let readings = [
        "va", "vb", "tp0", "br0", "lo", "nodev", "-k va", "-k lo", "-k tp0", "--show-features br0", "--show-offload vb",
        "-l va", "-l tp0", "--show-channels br0", "-g va", "-c va", "-c tp0", "--show-coalesce tp0", "-a va", "-a tp0", "-T va",
        "-T tp0", "--show-time-stamping lo", "--show-eee va", "--show-fec va", "--show-priv-flags va", "-k nodev", "-l nodev",
        "-c nodev", "-T nodev", "-l", "", "-k va extra", "-l va extra", "--json -k va", "--json -k lo", "-k *", "-l *", "-c *",
        "-T *", "--debug 1 -k va", "--debug x -k va", "--debug", "-I -a va", "--include-statistics -a va", "-z va", "--json",
        "-k", "-K va gro maybe", "-K va gro", "-L va rx x", "-L va bogus 1", "-L va rx", "-L va rx 1 rx 2", "-L va rx -1",
        "-L va rx 0x", "-C tp0 adaptive-rx maybe", "-G va rx-mini", "-A va autoneg x", "--version", "-S va --all-groups",
        "-S va --groups eth-mac rmon", "-S va --groups bogus", "--show-module va", "--show-module *", "--show-module nodev", "--json --show-module va", "-S va --groups", "-S va --foo", "-S va --all-groups x", "-S nodev --all-groups",
    ]

    @Test(arguments: readings)
    func sameAsEthtool(_ command: String) async throws {
        let namespace = try await Self.devices()
        let words = command.split(separator: " ").map(String.init)
        let expected = await Self.ethtool(namespace, words)
        let actual = await Self.nlctlEthtool(namespace, words)
        #expect(actual.status == expected.status, "exit status of ethtool \(command): \(actual) against \(expected)")
        #expect(actual.standardError == expected.standardError, "stderr of ethtool \(command)")
        #expect(actual.standardOutput == expected.standardOutput, "stdout of ethtool \(command)")
    }

    static let changes = [
        "-K va gro on", "-K va sg off", "-K va rx-checksum off lro on", "-K va tso off", "-K va rx off tx off",
        "-K va tx-checksum-ip-generic off highdma off", "-K va bogus on", "-K nodev gro on", "-K va", "-K * gro on",
        "-L va rx 2", "-L va rx 9", "-L va combined 1", "-L va rx 2 tx 2", "-L tp0 combined 1", "-L * rx 1", "-L nodev rx 1",
        "-C tp0 rx-frames 5", "-C tp0 rx-usecs 5", "-C tp0 adaptive-rx on", "-C va rx-frames 5", "-G va rx 5", "-A va rx on",
        "-G va tx-push on", "--set-priv-flags va", "--set-priv-flags va foo on", "--set-priv-flags va foo", "--set-priv-flags va foo on bar off",
        "--set-priv-flags nodev foo on", "--set-fec va", "--set-fec va encoding", "--set-fec va encoding rs", "--set-fec va encoding auto off",
        "--set-fec va encoding bogus", "--set-fec va foo", "--set-fec nodev encoding rs", "--set-eee va eee on", "--set-eee va tx-lpi off tx-timer 20",
        "--set-eee va", "--set-eee va eee maybe", "--set-eee va tx-timer x", "--set-eee va foo 1", "--set-eee va eee on eee off",
    ]

    /// A change, made by ethtool in one namespace and by nlctl in another built the same: the same
    /// output and status, and the same state after (features, channels and coalescing of every device).
    @Test(arguments: changes)
    func sameChangeAsEthtool(_ command: String) async throws {
        let withEthtool = try await Self.devices()
        let withNlctl = try await Self.devices()
        let words = command.split(separator: " ").map(String.init)
        let expected = await Self.ethtool(withEthtool, words)
        let actual = await Self.nlctlEthtool(withNlctl, words)
        #expect(actual.status == expected.status, "exit status of ethtool \(command): \(actual) against \(expected)")
        #expect(actual.standardError == expected.standardError, "stderr of ethtool \(command)")
        #expect(actual.standardOutput == expected.standardOutput, "stdout of ethtool \(command)")
        for state in ["-k", "-l", "-c"] {
            for device in ["va", "vb", "tp0"] {
                let a = await Self.ethtool(withEthtool, [state, device])
                let b = await Self.ethtool(withNlctl, [state, device])
                #expect(a == b, "ethtool \(state) \(device) after \(command)")
            }
        }
    }

    /// As an unprivileged user (uid 65534, no capabilities): reading works, WoL is refused with
    /// EPERM (the family's admin-only operation), every change is refused — all as ethtool says it.
    @Test(arguments: ["va", "-k va", "-l va", "-T va", "-c tp0", "-K va gro off", "-L va rx 1", "-C tp0 rx-frames 3", "-A va rx on"])
    func unprivilegedSameAsEthtool(_ command: String) async throws {
        let namespace = try await Self.devices()
        let words = command.split(separator: " ").map(String.init)
        let expected = await Self.ethtool(namespace, words, unprivileged: true)
        let actual = await Self.nlctlEthtool(namespace, words, unprivileged: true)
        #expect(actual.status == expected.status, "exit status of ethtool \(command): \(actual) against \(expected)")
        #expect(actual.standardError == expected.standardError, "stderr of ethtool \(command)")
        #expect(actual.standardOutput == expected.standardOutput, "stdout of ethtool \(command)")
        if command == "va" { #expect(actual.standardError.contains("netlink error: Operation not permitted"), "WoL as non-root: \(actual)") }
    }

    /// `--monitor` next to ethtool's, for the same changes: the same text.
    @Test(arguments: [[], ["-l"], ["-k", "va"], ["--all", "tp0"]])
    func monitorSameAsEthtool(_ arguments: [String]) async throws {
        let namespace = try await Self.devices()
        let base = "/tmp/nlctl-ethtool-monitor-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { for suffix in [".ethtool", ".nl"] { unlink(base + suffix) } }
        // ethtool does not flush per notification: line-buffered by stdbuf, or SIGTERM would lose them.
        let reference = MonitorTests.spawn(["ip", "netns", "exec", namespace.name, "stdbuf", "-oL", "ethtool", "--monitor"] + arguments, output: base + ".ethtool")
        let ours = MonitorTests.spawn([nlctlPath, "-n", namespace.name, "ethtool", "--monitor"] + arguments, output: base + ".nl")
        // Both print "listening..." once subscribed.
        for _ in 0..<100 where !(MonitorTests.contents(base + ".ethtool").contains("listening") && MonitorTests.contents(base + ".nl").contains("listening")) {
            usleep(20_000)
        }
        for change in [["-L", "va", "rx", "2"], ["-K", "va", "gro", "on"], ["-C", "tp0", "rx-frames", "7"], ["-K", "tp0", "sg", "off"], ["-L", "va", "tx", "2"]] {
            let result = await Self.ethtool(namespace, change)
            #expect(result.status == 0, "\(change): \(result)")
        }
        usleep(300_000)
        MonitorTests.stop(reference)
        MonitorTests.stop(ours)
        let expected = MonitorTests.contents(base + ".ethtool")
        let actual = MonitorTests.contents(base + ".nl")
        #expect(expected.contains("listening...") && expected.count > 20, "\(expected)")
        #expect(actual == expected, "ethtool --monitor \(arguments)")
    }

    /// `-j`: ethtool's own JSON where it has one (`-k`), the same keys elsewhere.
    @Test func json() async throws {
        let namespace = try await Self.devices()
        let features = await nlctl(["-n", namespace.name, "-j", "ethtool", "-k", "va"])
        let reference = await Self.ethtool(namespace, ["--json", "-k", "va"])
        #expect(features.standardOutput == reference.standardOutput && features.status == 0)
        let channels = await nlctl(["-n", namespace.name, "-j", "ethtool", "-l", "va"])
        #expect(channels.standardOutput.hasPrefix("[ {\n        \"ifname\": \"va\",\n        \"rx-max\": "), "\(channels)")
        #expect(channels.standardOutput.contains("\"rx\": 1,") && !channels.standardOutput.contains("combined"), "\(channels)")
        let settings = await nlctl(["-n", namespace.name, "-j", "ethtool", "va"])
        #expect(settings.standardOutput.contains("\"speed\": 10000,") && settings.standardOutput.contains("\"link-detected\": true"), "\(settings)")
        let coalesce = await nlctl(["-n", namespace.name, "-j", "ethtool", "-c", "tp0"])
        #expect(coalesce.standardOutput.contains("\"rx-frames\": 0"), "\(coalesce)")
        let stamping = await nlctl(["-n", namespace.name, "-j", "ethtool", "-T", "lo"])
        #expect(stamping.standardOutput.contains("\"capabilities\": [ \"software-transmit\","), "\(stamping)")
    }
}
