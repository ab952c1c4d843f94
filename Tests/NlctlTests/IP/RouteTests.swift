import Testing

/// `nlctl route` against `ip route` (iproute2 6.1): `show`/`get` on the same namespace byte for byte
/// (stdout, stderr, exit status); changes made with ip in one namespace and with nlctl in another
/// give the same tables.
@Suite("nlctl route vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct RouteTests {
    /// Links with fixed hardware addresses, so link-local routes are the same in every namespace.
    static let links = [
        "link add d0 address 02:00:00:00:00:01 type veth peer name d1 address 02:00:00:00:00:02",
        "link add ifb0 address 02:00:00:00:00:03 type ifb",
        "link set lo up", "link set d0 up", "link set d1 up", "link set ifb0 up",
        "address add 192.0.2.1/24 dev d0", "address add 198.51.100.1/24 dev ifb0",
        "address add 2001:db8::1/64 dev d0 nodad",
        "nexthop add id 5 via 192.0.2.8 dev d0", "nexthop add id 6 via 198.51.100.9 dev ifb0",
        "nexthop add id 10 group 5,2/6", "nexthop add id 11 blackhole",
    ]

    static let routes = [
        "route add default via 192.0.2.254 dev d0 proto static metric 100",
        "route add blackhole 203.0.113.0/24 proto static",
        "route add 10.1.0.0/16 nexthop via 192.0.2.2 dev d0 weight 2 nexthop via 198.51.100.2 dev ifb0 weight 1",
        "route add 10.2.0.0/16 via 192.0.2.3 mtu 1400 advmss 1360 table 300",
        "route add 10.3.0.0/24 dev d0 mtu lock 1300 src 192.0.2.1 scope link",
        "route add unreachable 10.4.0.0/16", "route add prohibit 10.5.0.0/16 metric 5",
        "route add throw 10.6.0.0/16 table 300",
        "route add 2001:db8:1::/48 via 2001:db8::2 dev d0 pref high",
        "route add 2001:db8:2::/48 via 2001:db8::3 dev d0 expires 300",
        "route add 10.7.0.0/16 via 192.0.2.9 onlink dev ifb0",
        "route add local 10.8.0.1 dev d0",
        "route add 10.9.0.0/16 via 192.0.2.5 rtt 300 rttvar 2000 features ecn hoplimit 5 congctl cubic initcwnd 3 quickack 1",
        "route add 10.10.0.0/16 nhid 5",
        "route add 10.11.0.0/16 via 192.0.2.5 rtt 3s rto_min 200ms window 1000 cwnd 10 ssthresh 7 reordering 3 initrwnd 20",
        "-6 route add 2001:db8:5::/48 nexthop via 2001:db8::7 dev d0 nexthop via fe80::1 dev ifb0",
        "route add 10.15.0.0/16 via inet6 fe80::1 dev d0",
        "route add 10.16.0.0/16 via 192.0.2.6 table 300 metric 9 proto 99",
        "route add 10.50.0.0/16 nhid 10", "route add 10.51.0.0/16 nhid 11",
        "route add 10.37.0.0/16 via 192.0.2.3 dev d0 realms 5", "route add 10.40.0.0/16 via 192.0.2.3 dev d0 realms 3/4",
        "route add 10.41.0.0/16 nexthop via 192.0.2.3 dev d0 realms 7 nexthop via 198.51.100.5 realms 2/9",
        "route add 10.43.0.0/16 via 192.0.2.3 tos 0x10",
        "-6 route add 2001:db8:9::/64 from 2001:db8:a::/64 via 2001:db8::5",
        "route add 10.44.0.0/16 src 192.0.2.1 via 192.0.2.3 proto 200 scope 5 table 1000",
        "route add anycast 10.64.0.1 dev d0", "route add multicast 224.1.0.0/16 dev d0", "route add 2001:db8:8::/48 via fe80::2 dev d0 pref low",
        "route append 2001:db8:8::/48 via fe80::4 dev d0", "route add unreachable 2001:db8:c::/48",
        "route add blackhole 2001:db8:d::/48 table 44", "route add 10.62.0.0/16 dev d0 window lock 5000 cwnd lock 3",
    ]

    static let commands = [
        // show
        "route", "route show", "route list", "ro lst", "r", "route show table all", "route show table main",
        "route show table local", "route show table 300", "r s tab 300", "-6 route", "-4 route", "-6 route show table all",
        "-j route show table all", "-j -p route", "-j -6 route", "-o route", "-o route show table all",
        "-N route show table all", "-N -d route show table all", "-N -j -d route show table all", "-N -6 route show table all",
        "route show dev d0", "route show dev ifb0", "-6 route show dev d0", "route show proto kernel", "r s pro static",
        "route show scope link", "route show metric 5", "route show via 192.0.2.2", "route show via 192.0.2.0/24",
        "route show via inet 192.0.2.3", "route show type blackhole", "r s ty unreachable", "route show table all type local",
        "-6 route show table all type multicast", "route show table all proto kernel scope host",
        "route show 10.9.0.0/16", "-j route show 10.9.0.0/16", "route show 10.11.0.0/16", "-j route show 10.11.0.0/16",
        "-6 route show 2001:db8:5::/48", "-j -6 route show 2001:db8:5::/48", "route show 10.10.0.0/16",
        "-j route show 10.10.0.0/16", "route show to root 10.1.2.0/24", "route show to match 10.1.2.0/24",
        "route show root 10.0.0.0/8", "route show match 10.1.2.3", "route show exact 10.1.0.0/16", "route show 10.1",
        "route show default", "route show all", "route show any", "-6 route show default", "route show cache",
        "route show table cache", "route show cloned", "route show src 192.0.2.1", "route show src 192.0.2.0/24",
        "route show from 1.2.3.4", "route show 2001:db8::/64", "route show table all to 127.0.0.1",
        "-6 route show table all to match fe80::1/128", "-j route show table all dev lo", "-j route show table 300",
        "route show table all metric 9", "route show table 300 proto 99",
        "-d route", "-o -d route", "-o -d route show table all", "route show type 6", "-d route show table all", "-d -j route show table all", "-d -6 route", "-s route", "-s -6 route",
        "-s -j -6 route", "-d route show 10.50.0.0/16", "-d -j route show 10.51.0.0/16", "route show 10.51.0.0/16",
        "-o -6 route", "-j -p route show table all", "route show table 1000", "route show table all proto 200",
        "-6 route show table 44", "-j -6 route show table 44", "route show table 77", "route show table default",
        "-j route show table default", "-6 route show table default", "route show table 0", "route show table 254",
        "route show protocol all", "route show scope all", "route show table all scope 253", "route show type local",
        "route show table local scope host", "route show via inet6 fe80::1", "-6 route show via fe80::4",
        "route show table all dev d1", "route show iif d0", "route show mark 1", "route show tos 0", "route show tos 10", "route show dsfield 0x10", "route show tos zz", "route show help",
        "route show 10.0.0.0/8 dev", "route show ro", "route show root", "route show table all type nat",
        "route show table all type anycast", "route show table all type multicast", "-6 route show pref",
        // get
        "route get 10.1.2.3", "-j route get 10.1.2.3", "-6 route get 2001:db8:1::5", "-j -6 route get 2001:db8:1::5",
        "route get fibmatch 10.1.2.3", "-j route get fibmatch 10.1.2.3", "route get 10.44.0.1 oif ifb0",
        "route get 10.1.0.0/16", "-6 route get 2001:db8:1::/64", "route get 192.0.2.1", "-j route get 127.0.0.1",
        "route get 203.0.113.5", "route get 10.4.0.1", "-6 route get fe80::1 oif d0", "route get 10.1.2.3 from 192.0.2.1",
        "route get 10.1.2.3 mark 5", "route get 10.1.2.3 iif d0 from 192.0.2.99", "route get default", "route get to 10.9.1.1",
        "-o route get 10.1.2.3", "route get 10.1.2.3 uid 7", "route get 10.50.1.1", "-j route get 10.50.1.1",
        "-d route get 10.50.1.1", "route get fibmatch 10.50.1.1", "route get 10.1.2.3 fibmatch dev ifb0",
        "route get 10.1.2.3 10.1.2.4", "-j -p route get 10.1.2.3", "-6 route get 10.1.2.3", "-4 route get 2001:db8::1",
        "route get 10.41.1.1", "route get 10.37.1.1", "-j route get 10.40.1.1", "route get 10.43.1.1",
        "-6 route get 2001:db8:9::1 from 2001:db8:a::1", "-6 route get 2001:db8:c::1", "route get 10.51.0.1",
        "route get 224.1.2.3", "route get 10.64.0.1", "-d route get 10.1.2.3", "route get 10.1.2.3 mark",
        "route get 10.1.2.3 ipproto tcp sport 100 dport 200", "-j route get 10.1.2.3 ipproto udp dport 53",
        "route get 10.1.2.3 ipproto 50", "route get 10.1.2.3 connected", "route get 10.1.2.3 from 192.0.2.1 connected",
        "route get 10.1.2.3 ipproto foo", "-j route get 10.1.2.3 connected", "route get 127.0.0.1 connected",
        "route get 10.4.0.1 connected", "route get 10.1.2.3 oif d0 connected", "route get 10.1.2.3 vrf x",
        "route show vrf x", "route show vrf d0", "route get 10.43.1.1 tos 10", "route get 10.43.1.1 tos 0x10",
        "route get 10.43.1.1 tos zz", "route get 10.1.2.3 sport x", "-6 route get 2001:db8:1::1 ipproto tcp dport 80",
        // failures
        "route show table foo", "route show proto foo", "route show scope foo", "route show type foo",
        "route show metric x", "route show dev nope", "route show x", "-4 route show x", "-6 route show x",
        "route show via", "route frob", "route flush", "route get", "route get x", "route get 10.1.2.3 dev nope",
        "route get 10.1.0.0/33", "-6 route get 2001:db9::1", "route flush dev nope", "route get 10.1.2.3 iif nope",
    ]

    @Test func sameAsIP() async throws {
        let namespace = try ScratchNamespace()
        await Self.immediateLinkLocal(namespace)
        for step in Self.links + Self.routes { try await namespace.ip(step) }
        for command in Self.commands {
            await expectSameAsIP(command, in: namespace, outputText: { $0.maskingRouteExpiry() })
        }
    }

    /// A device name that JSON must escape (`q"x\y`) between plain ones: its routes leave the compact
    /// one-pass JSON formatter for the general writer, and the objects around them stay separated.
    @Test func namesNeedingEscapesInJSON() async throws {
        let namespace = try ScratchNamespace()
        for step in [
            "link add ifb0 type ifb", #"link add q"x\y type ifb"#, "link set ifb0 up", #"link set q"x\y up"#,
            "route add 10.70.0.0/16 dev ifb0", #"route add 10.71.0.0/16 dev q"x\y"#, "route add 10.72.0.0/16 dev ifb0",
            #"route add 10.73.0.0/16 dev q"x\y table 300"#,
        ] { try await namespace.ip(step) }
        for command in ["-j route", "-j route show table all", "-j -p route", "route", "-j route show table 300"] {
            await expectSameAsIP(command, in: namespace)
        }
    }

    /// A peer that is down: routes and nexthops over d0 are `linkdown`; `dead` after d0 goes down.
    @Test func linkDownFlags() async throws {
        let namespace = try ScratchNamespace()
        await Self.immediateLinkLocal(namespace)
        for step in Self.links { try await namespace.ip(step) }
        for step in [
            "route add 10.1.0.0/16 nexthop via 192.0.2.2 dev d0 nexthop via 198.51.100.2 dev ifb0",
            "route add 10.2.0.0/16 via 192.0.2.3", "link set d1 down",
        ] { try await namespace.ip(step) }
        for command in ["route", "-j route", "-6 route", "-j -6 route", "route get 10.2.0.1", "route show table all", "-d route"] {
            await expectSameAsIP(command, in: namespace)
        }
    }

    /// No duplicate address detection: link-local addresses (and their local routes) exist as soon as
    /// a link is up, so both namespaces and both dumps see the same routes.
    static func immediateLinkLocal(_ namespace: ScratchNamespace) async {
        for setting in ["net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0"] {
            _ = await run(["ip", "netns", "exec", namespace.name, "sysctl", "-qw", setting])
        }
    }

    static let scripts: [[String]] = [
        routes,
        [
            "route add 10.1.0.0/16 via 192.0.2.4", "route add 10.1.0.0/16 via 192.0.2.4",
            "route append 10.12.0.0/16 via 192.0.2.4", "route append 10.12.0.0/16 via 192.0.2.5",
            "route replace 10.3.0.0/24 via 192.0.2.77 metric 7", "route replace 10.3.0.0/24 dev d0 metric 7",
            "route change 10.3.0.0/24 via 192.0.2.4 metric 7", "route change 10.99.0.0/16 via 192.0.2.4",
            "route prepend 10.13.0.0/16 dev d0", "route test 10.16.0.0/16 dev d0", "route chg 10.13.0.0/16 dev ifb0",
        ],
        [
            "route add prohibit 10.5.0.0/16 metric 5", "route del 10.5.0.0/16", "route del prohibit 10.5.0.0/16 metric 5",
            "route add 10.2.0.0/16 via 192.0.2.3 table 300", "route delete 10.2.0.0/16 table 300",
            "route add broadcast 10.14.255.255 dev d0", "route del broadcast 10.14.255.255 dev d0",
            "route add local 10.8.0.1 dev d0", "route del local 10.8.0.1 dev d0 table local",
            "route add 2001:db8:6::/48 dev d0 metric 55", "route del 2001:db8:6::/48 dev d0 metric 55",
            "route del default",
        ],
        routes + [
            "route flush table 300", "route flush proto static", "-6 route flush dev ifb0", "route flush 10.1.0.0/16",
            "route flush table main type unreachable", "-6 route flush table all proto boot",
        ],
        [
            "route add 10.0.0.0/8", "route add x dev d0", "route add 10.0.0.0/8 dev nope",
            "route add 192.0.2.0/24 dev d0 proto kernel scope link src 192.0.2.1",
            "route add 10.20.0.0/16 via 2001:db8::1", "route add 10.20.0.0/16 via 10.99.0.1", "route del 10.99.0.0/16",
            "route add 10.0.0.0/8 table foo dev d0", "route add 10.0.0.0/8 metric x dev d0", "route add 10.0.0.0/8 mtu x dev d0",
            "route add 10.0.0.0/8 advmss x dev d0", "route add 10.0.0.0/8 nexthop via 192.0.2.5 weight 0",
            "route add 10.0.0.0/8 dev d0 10.1.0.0/16", "route add unreachable 10.0.0.0/8 dev d0 scope foo",
            "route add 10.0.0.0/8 dev d0 proto foo", "route add 10.0.0.0/8 dev", "route add 10.0.0.0/8 nhid 77",
            "route add 10.30.0.0/16 dev d0 mtu", "route add 10.31.0.0/16 dev d0 quickack 2",
            "route add 10.32.0.0/16 dev d0 rto_min 5 lock", "route add 10.33.0.0/16 dev d0 features foo",
            "route add 10.34.0.0/16 dev d0 pref foo", "route add 10.35.0.0/16 via 192.0.2.3 via 192.0.2.4",
            "route add 10.38.0.0/16 nexthop via 192.0.2.3 dev nope", "route add 10.39.0.0/16 nexthop via 192.0.2.3 frob",
            "route add 10.42.0.0/16 dev d0 realms x", "route add to unreachable 10.36.0.0/16",
            "route flush table default", "route flush 10.99.0.0/16", "route frob", "route delete x",
            "route add 172.18.0.0/16 dev d0 vrf nope", "route add 172.18.0.0/16 dev d0 vrf d0",
        ],
        [
            "route add default via 2001:db8::9", "route add 2001:db8:7::/48 dev d0 mtu 1300 hoplimit 10 advmss 1200",
            "-6 route add ::/0 via fe80::1 dev d0 metric 5", "route add 2001:db8:8::/48 via fe80::2 dev d0 pref low",
            "route replace 2001:db8:8::/48 via fe80::3 dev d0 pref medium", "route append 2001:db8:8::/48 via fe80::4 dev d0",
            "route add 2001:db8:8::/48 via fe80::5 dev d1", "route add unreachable 2001:db8:c::/48",
            "route add blackhole 2001:db8:d::/48 table 44", "-6 route flush table 44",
            "route add 10.60.0.0/16 dev d0 metric 1", "route add 10.60.0.0/16 dev ifb0 metric 2", "route del 10.60.0.0/16",
            "route del 10.60.0.0/16 dev d0", "-6 route flush table main proto boot", "route flush table main dev d0",
            "route add 10.61.0.0/16 via 192.0.2.3 lock", "route add 10.62.0.0/16 dev d0 window lock 5000 cwnd lock 3",
            "route add nat 10.63.0.0 via 192.0.2.5", "route add anycast 10.64.0.1 dev d0",
            "route add multicast 224.1.0.0/16 dev d0", "route add xresolve 10.65.0.0/16",
            "route add 10.66.0.0/16 dev d0 scope host", "route add 10.67.0.0/16 type unicast dev d0",
            "route add 10.37.0.0/16 via 192.0.2.3 dev d0 realms 5", "route add 10.43.0.0/16 via 192.0.2.3 tos 0x10",
            "route del 10.43.0.0/16 tos 0x10", "route add 10.50.0.0/16 nhid 10", "route add 10.51.0.0/16 nhid 11",
            "-4 route flush table all",
        ],
        [
            "route add 10.69.0.0/16 dev d0 proto dhcp", "route add 10.70.0.0/16 dev d0 src 2001:db8::1",
            "route add 10.71.0.0/16 dev d0 onlink", "route add 10.72.0.0/16 via 192.0.2.3 dev d0 mtu lock 1500 initcwnd lock 5",
            "route add 10.0.0.0/8 nexthop dev d0 nexthop dev ifb0", "route add 10.73.0.0/16 via 192.0.2.3 congctl lock reno",
            "route add 10.74.0.0/16 via 192.0.2.3 fastopen_no_cookie 1",
            "route add 10.75.0.0/16 via 192.0.2.3 rto_min 1s rttvar 10ms rtt 2.5s", "route add 10.76.0.0/16 via 192.0.2.3 expires 100",
            "route add 10.77.0.0/16 via 192.0.2.3 metric 0x10",
            "route add 10.78.0.0/16 nexthop via 192.0.2.3 weight 3 onlink nexthop via 192.0.2.4 dev d0",
            "route add 10.79.0.0/16 dev d0 table main table 5",
            "route add 10.80.0.0/16 dev d0 hoplimit 255 reordering 4 initrwnd 10 features ecn",
            "route add 10.81.0.0/16 dev d0 ssthresh lock 4", "route add 2001:db8:e::/48 dev d0 expires 100 pref high mtu 1280",
            "-6 route add 2001:db8:f::/48 nexthop via 2001:db8::7 weight 3 nexthop via 2001:db8::8 weight 5",
            "route add 10.82.0.0/16 via 198.51.100.1", "route add 10.83.0.0/16 dev lo",
            "route add 10.84.0.0/16 dev d0 advmss lock 1000 window 10 cwnd 4 quickack 0", "route", "-j route", "-6 route",
            "-s route flush table 5", "-s -s route flush 10.0.0.0/8",
        ],
    ]

    @Test(arguments: scripts.indices)
    func sameChangesAsIP(_ index: Int) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        await Self.immediateLinkLocal(withIP)
        await Self.immediateLinkLocal(withNlctl)
        for step in Self.links {
            try await withIP.ip(step)
            try await withNlctl.ip(step)
        }
        for command in Self.scripts[index] {
            // Routes added with `expires` count down between the two runs: the seconds are masked.
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl, outputText: { $0.maskingRouteExpiry() })
        }
        for show in [["route", "show", "table", "all"], ["-d", "-j", "route", "show", "table", "all"]] {
            let expected = await run(["ip", "-n", withIP.name] + show).standardOutput.maskingRouteExpiry()
            let actual = await run(["ip", "-n", withNlctl.name] + show).standardOutput.maskingRouteExpiry()
            #expect(actual == expected, "\(show)")
        }
    }
}

extension String {
    /// Replaces the seconds left of an expiring route (`expires 299sec`, `"expires":299`, and with
    /// `-p` `"expires": 299`) with `N`.
    func maskingRouteExpiry() -> String {
        var out = ""
        var rest = Substring(self)
        let markers = ["expires ", "\"expires\": ", "\"expires\":"]
        while let range = markers.compactMap({ (marker: String) in rest.firstRange(of: marker) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let digits = rest.prefix { $0.isNumber || $0 == "-" }
            if !digits.isEmpty { out += "N" }
            rest = rest.dropFirst(digits.count)
        }
        return out + rest
    }
}
