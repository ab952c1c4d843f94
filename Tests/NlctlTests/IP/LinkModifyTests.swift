import Glibc
import Testing

/// `nlctl link add | set | delete` against `ip`: the same commands on two namespaces give the same
/// links (hardware addresses masked: the kernel picks them at random), and failures give the same
/// message and exit status.
@Suite("nlctl link add/set/delete vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct LinkModifyTests {
    static let scripts: [[String]] = [
        ["link add va type veth peer name vb", "link add br0 type bridge", "link set va master br0", "link set dev va up mtu 1400 alias hello"],
        ["link add name ifb3 txqueuelen 77 type ifb", "link set ifb3 name ifb4 group 5 down", "link add ifb3 mtu 9000 type ifb"],
        ["link add vb type veth peer name vc", "link add mv0 link vb type macvlan mode bridge", "link add mt0 link vb type macvtap mode vepa"],
        ["link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 ttl 9", "link add vx1 type vxlan vni 7 remote 198.51.100.1 nolearning"],
        ["link add va type veth peer name vb", "link set vb address 02:00:00:00:00:01 broadcast 02:ff:ff:ff:ff:ff", "link delete va"],
        ["link add br1 type bridge", "link add i1 type ifb", "link set i1 master br1", "link set i1 nomaster", "link delete dev br1"],
        [
            "link add vx0 type vxlan id 5 dstport 4789", "link set vx0 type vxlan ttl 20", "link set vx0 type vxlan nolearning",
            "link set vx0 type vxlan id 6", "link set vx0 type vxlan remote 10.0.0.9", "link set vx0 type vxlan frob",
            "link set vx0 type vxlan ageing 77 maxaddress 9",
        ],
    ]

    @Test(arguments: scripts)
    func sameResultAsIP(_ script: [String]) async throws {
        guard await fixtureKindsPresent(script) else { return }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for command in script {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl, compareOutput: false)
        }
        try await Self.expectSameLinks(withIP, withNlctl)
    }

    /// Both namespaces list the same links (`-d link`, `-j link`; hardware addresses masked).
    static func expectSameLinks(_ withIP: ScratchNamespace, _ withNlctl: ScratchNamespace, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        // Operational state settles asynchronously (the kernel's link watch): compare until both agree, for up to 3 s.
        for show in [["-d", "link"], ["-j", "link"], ["-d", "-j", "link"]] {
            var expected = "", actual = ""
            for _ in 0..<15 {
                expected = await run(["ip", "-n", withIP.name] + show).standardOutput.maskingHardwareAddresses().maskingBridgeTimers()
                actual = await run(["ip", "-n", withNlctl.name] + show).standardOutput.maskingHardwareAddresses().maskingBridgeTimers()
                if actual == expected { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(actual == expected, "\(show)", sourceLocation: sourceLocation)
        }
    }

    /// ip 6.1's whole VXLAN grammar: each argument list creates a link with ip in one namespace
    /// and with nlctl in the other (or fails with the same message and status), and the links
    /// are the same in `-d` and `-d -j` output. Abbreviations pick the keyword ip picks.
    static let vxlanArguments: [String] = [
        "id 5 dstport 4789",
        "id 6 remote 192.0.2.9 local 192.0.2.1 dev d0 dstport 4789 ttl 10 tos 0x10 df set ageing 100 maxaddress 50 srcport 1000 2000 nolearning proxy rsc l2miss l3miss noudpcsum udp6zerocsumtx udp6zerocsumrx remcsumtx remcsumrx",
        "id 7 group 239.1.1.1 dev d0 dstport 0",
        "id 8 remote 2001:db8::9 local 2001:db8::1 dstport 4790 ttl inherit tos inherit df inherit ageing none maxaddress unlimited flowlabel 0x12345",
        "id 9 dstport 4789 ttl auto df unset norsc noproxy nol2miss nol3miss udpcsum noudp6zerocsumtx noudp6zerocsumrx noremcsumtx noremcsumrx learning",
        "external dstport 4789", "external vnifilter dstport 4790", "id 10 gbp dstport 4789", "id 11 gpe", "id 11 gpe external",
        "id 12 noexternal dstport 4789 hoplimit 5 dsfield 0x20 label 7", "i 13 r 192.0.2.10 l 192.0.2.1 d d0 dstp 4789 t 20 no p 1 2",
        "id 14", "vni 0x0f dstport 0x12b5 ttl 010", "id 15 remote 0.0.0.0 dstport 4789", "id 16 srcport 0 0 dstport 4789",
        "id 17 group ff02::9 dev d0 dstport 4789",
        // failures
        "id 5 frob", "id 5 help", "id 5 tos 0x10 tos 0x20", "id 5 remote 224.0.0.1", "id 5 group 10.0.0.1", "id 5 local 224.0.0.1",
        "id 5 local any", "id 5 remote any", "id 5 group any", "id 5 ttl 300", "id 5 ttl x", "id 5 df x", "id 5 flowlabel 0x100000",
        "id 5 ageing x", "id 5 maxaddress x", "id 5 srcport x 5", "id 5 srcport 5 x", "id 5 dstport 70000", "id 5 tos x", "id 16777216",
        "id 5 dev nope", "id 5 group 239.1.1.1", "id 5 remote 10.0.0.1 group 239.1.1.1", "id 5 group 239.1.1.1 dev d0 remote 10.0.0.1",
        "vnifilter", "id 5 nolearning learning", "id 5 local 10.0.0.1 remote 2001:db8::1", "id 5 remote 2001:db8::1 local 10.0.0.1",
        "external id 5", "id 5 id 6", "id 5 ttl", "id 5 srcport 5", "id 5 gbp gbp", "id 5 rsc norsc", "id 5 dstport 4789",
    ]

    @Test func vxlanSameAsIP() async throws {
        guard await fixtureKindsPresent(["link add vx0 type vxlan"]) else { return }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            try await namespace.ip("link add d0 address 02:00:00:00:00:01 type veth peer name d1 address 02:00:00:00:00:02")
            try await namespace.ip("address add 192.0.2.1/24 dev d0")
            try await namespace.ip("address add 2001:db8::1/64 dev d0 nodad")
        }
        for (number, arguments) in Self.vxlanArguments.enumerated() {
            await expectSameAsIP("link add vx\(number) type vxlan \(arguments)", ip: withIP, nlctl: withNlctl)
        }
        try await Self.expectSameLinks(withIP, withNlctl)
    }

    /// ip 6.1's bridge options, on `link add` and `link set`: the same links (bridge timers,
    /// which tick, masked) or the same failure.
    static let bridgeCommands: [String] = [
        "link add br0 type bridge",
        "link add br1 type bridge forward_delay 1000 hello_time 300 max_age 3000 ageing_time 1000 stp_state 1 priority 0x100 group_fwd_mask 0x4000 group_address 01:80:c2:00:00:0e",
        "link add br2 type bridge mcast_snooping 0 mcast_router 2 mcast_query_use_ifaddr 1 mcast_querier 1 mcast_hash_elasticity 8 mcast_hash_max 1024 mcast_last_member_count 3 mcast_startup_query_count 4 mcast_last_member_interval 200 mcast_membership_interval 30000 mcast_querier_interval 30000 mcast_query_interval 13000 mcast_query_response_interval 900 mcast_startup_query_interval 3000 mcast_stats_enabled 1 mcast_igmp_version 3 mcast_mld_version 2",
        "link add br3 type bridge nf_call_iptables 1 nf_call_ip6tables 1 nf_call_arptables 1 no_linklocal_learn 1 vlan_stats_enabled 1 vlan_stats_per_port 1 vlan_default_pvid 5 fdb_flush",
        "link add br4 type bridge vlan_filtering 1", "link add br5 type bridge vlan_protocol 802.1ad",
        "link add br6 type bridge vlan_protocol 0x8100", "link add br7 type bridge mcast_vlan_snooping 1",
        "link add br8 type bridge f 500 s 1 p 7 mc 0 n 1", "link add br9 type bridge priority 70000",
        "link add br9 type bridge group_address 01:80:c2:00:00:00:11", "link add br9 type bridge group_address zz",
        "link add br9 type bridge stp_state", "link add br9 type bridge help", "link add br9 type bridge frob",
        "link set br0 type bridge stp_state 1 priority 9 no_linklocal_learn 0 mcast_igmp_version 3",
        "link set br1 type bridge fdb_flush", "link set br2 type bridge forward_delay x", "link set nope type bridge stp_state 1",
        "link add br9 type bridge ageing_time 0x10 hello_time 010 max_age -0",
    ]

    @Test func bridgeSameAsIP() async throws {
        guard await fixtureKindsPresent(Self.bridgeCommands) else { return }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for command in Self.bridgeCommands {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl)
        }
        try await Self.expectSameLinks(withIP, withNlctl)
    }

    /// Every prefix of every bridge keyword of ip's help, with a bad value: ip takes the
    /// abbreviation as one keyword (and says which in its message) or refuses it; nlctl must do
    /// the same.
    @Test func bridgeAbbreviationsSameAsIP() async throws {
        guard await fixtureKindsPresent(["link add br0 type bridge"]) else { return }
        let keywords = [
            "fdb_flush", "forward_delay", "hello_time", "max_age", "ageing_time", "stp_state", "priority", "group_fwd_mask",
            "group_address", "no_linklocal_learn", "vlan_filtering", "vlan_protocol", "vlan_default_pvid", "vlan_stats_enabled",
            "vlan_stats_per_port", "mcast_snooping", "mcast_vlan_snooping", "mcast_router", "mcast_query_use_ifaddr",
            "mcast_querier", "mcast_hash_elasticity", "mcast_hash_max", "mcast_last_member_count", "mcast_startup_query_count",
            "mcast_last_member_interval", "mcast_membership_interval", "mcast_querier_interval", "mcast_query_interval",
            "mcast_query_response_interval", "mcast_startup_query_interval", "mcast_stats_enabled", "mcast_igmp_version",
            "mcast_mld_version", "nf_call_iptables", "nf_call_ip6tables", "nf_call_arptables",
        ]
        let namespace = try ScratchNamespace()
        for prefix in Self.prefixes(of: keywords) {
            await expectSameAsIP("link add brp type bridge \(prefix) zz", in: namespace)
        }
    }

    /// ip 6.1's macvlan/macvtap options. Each is tried alone on a fresh link over d0 (one
    /// passthru link would refuse every other on the same parent), compared, then deleted.
    static let macvlanArguments: [String] = [
        "mode passthru flag nopromisc", "mode passthru nopromisc", "mode source macaddr add 02:00:00:00:00:09",
        "mode source macaddr set 02:00:00:00:00:09 02:00:00:00:00:0a", "bcqueuelen 100", "m bridge", "f null",
        "mode source macaddr flush", "mode vepa flag nodst", "mode source macaddr set", "mode source macaddr set 02:00:00:00:00:0b bcqueuelen 50",
        "mode private", "mode source macaddr del 02:00:00:00:00:0c", "b 7", "mode source macaddr set 02:00:00:00:00:0b frob",
        "mode frob", "flag frob", "mode bridge flag nopromisc", "macaddr frob", "mode source macaddr add zz",
        "mode source macaddr add 02:00:00:00:09", "bcqueuelen x", "frob", "help", "mode", "n",
    ]

    @Test(arguments: ["macvlan", "macvtap"])
    func macvlanSameAsIP(_ kind: String) async throws {
        guard await fixtureKindsPresent(["link add mv link d0 type \(kind)"]) else { return }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            try await namespace.ip("link add d0 address 02:00:00:00:00:01 type veth peer name d1 address 02:00:00:00:00:02")
        }
        for arguments in Self.macvlanArguments {
            await expectSameAsIP("link add mv address 02:00:00:00:05:01 link d0 type \(kind) \(arguments)", ip: withIP, nlctl: withNlctl)
            try await Self.expectSameLinks(withIP, withNlctl)
            for namespace in [withIP, withNlctl] { _ = await run(["ip", "-n", namespace.name, "link", "del", "mv"]) }
        }
    }

    /// ip 6.1's bridge port options (`link set DEV type bridge_slave ...`): the same ports (timers
    /// masked) or the same failure; then every prefix of every keyword of ip's help with a bad
    /// value, which names the keyword ip took.
    static let bridgePortCommands: [String] = [
        "link set d0 type bridge_slave state 3", "link set d0 type bridge_slave state 300", "link set d0 type bridge_slave guard 1",
        "link set d0 type bridge_slave guard on hairpin off", "link set d0 type bridge_slave cost 0x10 priority 010",
        "link set d0 type bridge_slave backup_port d2", "link set d0 type bridge_slave nobackup_port",
        "link set d0 type bridge_slave fdb_flush", "link set d0 type bridge_slave help",
        "link set d0 type bridge_slave mcast_router 2 group_fwd_mask 8 locked on isolated on vlan_tunnel on neigh_suppress on",
        "link set d2 type bridge_slave learning off flood off mcast_flood off bcast_flood off mcast_to_unicast on proxy_arp on proxy_arp_wifi on fastleave on root_block on",
        "link set d2 type bridge_slave mcast_fast_leave off", "link set d0 type bridge_slave frob",
        "link set d0 type bridge_slave priority 70000", "link set d0 type bridge_slave cost -1", "link set d0 type bridge_slave state",
        "link set d1 type bridge_slave cost 5", "link set d0 type bridge_slave backup_port nope", "link add x0 type bridge_slave cost 5",
    ]

    @Test func bridgePortSameAsIP() async throws {
        guard await fixtureKindsPresent(["link add br0 type bridge"]) else { return }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            for step in [
                "link add br0 address 02:00:00:00:06:01 type bridge",
                "link add d0 address 02:00:00:00:06:02 type veth peer name d1 address 02:00:00:00:06:03",
                "link add d2 address 02:00:00:00:06:04 type veth peer name d3 address 02:00:00:00:06:05",
                "link set d0 master br0", "link set d2 master br0",
            ] { try await namespace.ip(step) }
        }
        for command in Self.bridgePortCommands {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl)
        }
        try await Self.expectSameLinks(withIP, withNlctl)
        let keywords = [
            "fdb_flush", "state", "priority", "cost", "guard", "hairpin", "fastleave", "root_block", "learning", "flood",
            "proxy_arp", "proxy_arp_wifi", "mcast_router", "mcast_fast_leave", "mcast_flood", "bcast_flood", "mcast_to_unicast",
            "group_fwd_mask", "neigh_suppress", "vlan_tunnel", "isolated", "locked", "backup_port", "nobackup_port",
        ]
        for prefix in Self.prefixes(of: keywords) {
            await expectSameAsIP("link set d0 type bridge_slave \(prefix) zz", ip: withIP, nlctl: withNlctl)
        }
    }

    /// Every prefix of every keyword, each once, in order (`f`, `fd`, … `fdb_flush`, `fo`, …).
    static func prefixes(of keywords: [String]) -> [String] {
        var prefixes: [String] = []
        for keyword in keywords {
            for length in 1...keyword.count where !prefixes.contains(String(keyword.prefix(length))) {
                prefixes.append(String(keyword.prefix(length)))
            }
        }
        return prefixes
    }

    static let failures: [String] = [
        "link add ifb0 type ifb", "link set nope up", "link set va mtu abc", "link delete nope", "link add name averyveryverylongname type ifb",
        "link add averyveryverylongname type ifb", "link set va mtu", "link add va", "link frob", "link set va master nope", "link set va up down va2",
    ]

    @Test(arguments: failures)
    func sameFailureAsIP(_ command: String) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            try await namespace.ip("link add ifb0 type ifb")
            try await namespace.ip("link add va type veth peer name vb")
        }
        await expectSameAsIP(command, ip: withIP, nlctl: withNlctl)
    }
}

extension String {
    /// Replaces every hardware address (and bridge id `8000.aa:bb:...`, which `ip` prints without
    /// zero padding) but broadcast and zero with x's: the kernel picks them at random.
    func maskingHardwareAddresses() -> String {
        let hex = Set("0123456789abcdef")
        var out = ""
        var token = ""
        func flush() {
            let colons = token.filter { $0 == ":" }.count
            let shaped = colons == 5 && token.allSatisfy { hex.contains($0) || $0 == ":" || $0 == "." }
            if shaped && !token.hasSuffix("ff:ff:ff:ff:ff:ff") && !token.hasSuffix("00:00:00:00:00:00") {
                // Every run of hex digits becomes one x: bridge ids drop leading zeros ("8000.a:bb:...").
                var masked = ""
                for character in token {
                    if character == ":" || character == "." {
                        masked.append(character)
                    } else if masked.last != "x" {
                        masked.append("x")
                    }
                }
                out += masked
            } else {
                out += token
            }
            token = ""
        }
        for character in self {
            if hex.contains(character) || character == ":" || character == "." {
                token.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}
