import Glibc
import KernelFeatures
import Testing

/// `nlctl maddress` against `ip maddress` (ip reads /proc/net/dev_mcast, igmp and igmp6, and
/// changes link-layer addresses with SIOCADDMULTI/SIOCDELMULTI; so does nlctl, in the `-n`
/// namespace).
@Suite("nlctl maddress vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct MaddressCommandTests {
    /// Changes on twin namespaces, step by step: links kept down, so that no IPv6 address (and no
    /// group joined for it) appears between two steps; fixed MAC addresses.
    @Test func stepsSameAsIP() async throws {
        try await expectSameStepsAsIP([
            "link add va address 02:00:00:00:00:01 type veth peer name vb address 02:00:00:00:00:02",
            "maddr", "-j maddr", "-o maddr", "-0 maddr", "-4 maddr", "-6 maddr",
            "maddr add 01:00:5e:01:02:03 dev va", "maddr add 01:00:5e:01:02:03 dev va", "maddr a address 01:00:5e:01:02:04 dev va",
            "maddr add 33:33:00:00:00:07 dev vb", "-6 maddr add 33:33:00:00:00:08 dev vb", "-0 maddr add 33:33:00:00:00:09 dev vb",
            "maddr", "-j maddr", "-j -p maddr", "-o maddr", "-o -j maddr", "maddr show dev va", "maddr show vb", "maddr s dev nope", "-0 maddr",
            "-M maddr", "-j -M maddr",
            "maddr add 01:00:5e:01:02 dev va", "maddr add 01:00:5e:01:02:03", "maddr add zz dev va", "maddr add 01:00:5e:01:02:03 dev nope",
            "maddr add 1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:zz dev va", "maddr add 01:00:5e:01:02:03 01:00:5e:01:02:05 dev va",
            "maddr add 00:00:5e:01:02:03 01:00:5e:01:02:05 dev va", "maddr add 01:00:5e:01:02:03 dev va dev vb",
            "maddr add 01:00:5e:01:02:03 dev a/b", "maddr add address", "maddr add 1.2.3.4 dev va", "maddr add 01:00:5e:01:02:03 dev lo",
            "maddr show dev va dev vb", "maddr show dev", "maddr frob", "maddr help",
            "maddr del 01:00:5e:01:02:03 dev va", "maddr", "maddr del 01:00:5e:01:02:03 dev va", "maddr d 01:00:5e:01:02:03 dev va",
            "maddr delete 33:33:00:00:00:07 dev vb", "maddr", "-j maddr",
        ], object: "maddr")
    }

    /// One namespace read by both tools: links up with addresses, and a process that joined an
    /// IPv4 and an IPv6 group from two sockets each (`users 2`); every form of the listing,
    /// read again until both agree (IPv6 joins follow the links coming up).
    @Test func showSameAsIP() async throws {
        let namespace = try ScratchNamespace()
        for step in ["link set lo up", "link add va address 02:00:00:00:01:01 type veth peer name vb address 02:00:00:00:01:02",
                     "link add caf\u{E9} address 02:00:00:00:01:03 type veth peer name vd address 02:00:00:00:01:04",
                     "link set va up", "link set vb up", "addr add 192.0.2.1/24 dev va", "addr add 2001:db8::1/64 dev va nodad",
                     "maddr add 01:00:5e:01:02:03 dev vb"] {
            try await namespace.ip(step)
        }
        let ready = "/tmp/nlctl-maddr-\(getpid())"
        let script = ready + ".py"
        defer { unlink(ready); unlink(script) }
        let holder = """
            import socket, struct, time
            keep = []
            for _ in range(2):
                a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                a.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton('239.1.2.3') + socket.inet_aton('192.0.2.1'))
                b = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
                b.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                             socket.inet_pton(socket.AF_INET6, 'ff05::1:3') + struct.pack('@I', socket.if_nametoindex('va')))
                keep += [a, b]
            open('\(ready)', 'w').write('ready')
            time.sleep(30)
            """
        try #require(writeWholeFile(script, holder))
        _ = await run(["sh", "-c", "ip netns exec \(namespace.name) python3 \(script) >/dev/null 2>&1 &"])
        defer { _ = system("ip netns pids \(namespace.name) | xargs -r kill") }
        for _ in 0..<100 where access(ready, F_OK) != 0 { try await Task.sleep(for: .milliseconds(50)) }
        try #require(access(ready, F_OK) == 0, "the group holder did not start")
        let commands = ["maddr", "-j maddr", "-j -p maddr", "-o maddr", "-o -j maddr", "-4 maddr", "-6 maddr", "-0 maddr",
                        "maddr show dev va", "maddr show vb", "-j maddr show dev va", "maddr show dev caf\u{E9}", "maddr show dev cafe\u{301}"]
        for command in commands { try await expectSameAsIPSettling(command, in: namespace, attempts: 20) }
        let listing = await nlctl(["-n", namespace.name, "maddr", "show", "dev", "va"])
        #expect(listing.standardOutput.contains("\tinet  239.1.2.3 users 2\n"), "\(listing)")
        #expect(listing.standardOutput.contains("\tinet6 ff05::1:3 users 2\n"), "\(listing)")
        #expect(await nlctl(["-n", namespace.name, "maddr", "show", "dev", "vb"]).standardOutput.contains("\tlink  01:00:5e:01:02:03 static\n"))
        // The name is compared as bytes: the NFD spelling of the link's NFC name matches nothing.
        #expect(await nlctl(["-n", namespace.name, "maddr", "show", "dev", "cafe\u{301}"]).standardOutput.isEmpty)
        #expect(await nlctl(["-n", namespace.name, "maddr", "show", "dev", "caf\u{E9}"]).standardOutput.contains(":\tcaf\u{E9}\n"))
    }
}
