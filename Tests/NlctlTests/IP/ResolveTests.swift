import Testing

/// `ip -r` (`-resolve`): addresses printed as host names where ip's `format_host` prints them —
/// address local/peer/broadcast/anycast, full-length route destinations and sources, gateways and
/// `via`, neighbours, nexthop gateways — asked of the resolver once each. The only names this host
/// is sure to have are /etc/hosts' (127.0.0.1 is `localhost`; so is ::ffff:127.0.0.1, asked as its
/// IPv4 address), so the namespace puts 127.0.0.1 where each of those can show it; the kernel
/// refuses a loopback gateway, so gateways are compared unresolved (the same text either way).
@Suite("nlctl -r vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct ResolveTests {
    @Test func sameAsIP() async throws {
        let namespace = try ScratchNamespace()
        for step in [
            "link set lo up", "link add va type veth peer name vb", "link set va up", "link set vb up", "addr add 192.0.2.1/24 dev va",
            "-6 addr add ::ffff:127.0.0.1/128 dev va nodad", "route add 127.0.0.5 dev lo", "route add 10.7.0.0/16 via 192.0.2.2",
            "neigh add 127.0.0.1 lladdr 00:11:22:33:44:55 dev va", "nexthop add id 3 via 192.0.2.2 dev va",
        ] { try await namespace.ip(step) }
        for command in [
            "-r addr", "-r -j addr", "-r -br addr", "-r -o addr", "-r route show table all", "-r -j route show table all",
            "-r -6 route show table all", "-r neigh", "-r -br neigh", "-r -j neigh", "-r nexthop", "-r route get 127.0.0.1",
            "-resolve -j route get 127.0.0.1",
        ] {
            try await expectSameAsIPSettling(command, in: namespace)
        }
        // The names are there (not only the same text as ip's).
        for (command, expected) in [
            ("-r addr show dev lo", "inet localhost/8 scope host lo"), ("-r addr show dev va", "inet6 localhost/128 scope global nodad"),
            ("-r route show table local", "local localhost dev lo proto kernel scope host src 127.0.0.1"),
            ("-r neigh", "localhost dev va lladdr 00:11:22:33:44:55 PERMANENT"),
        ] {
            let shown = await nlctl(["-n", namespace.name] + command.split(separator: " ").map(String.init))
            #expect(shown.standardOutput.contains(expected), "nlctl \(command): \(shown)")
        }
        let plain = await nlctl(["-n", namespace.name, "route", "show", "table", "local"])
        #expect(!plain.standardOutput.contains("localhost"), "\(plain)")
    }
}
