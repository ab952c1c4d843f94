import Testing

/// `-echo`: changes sent with `NLM_F_ECHO` print the kernel's copy of their notification as ip 6.1
/// does (addresses, routes, rules, nexthops, new links; nothing for neighbours or `link set`),
/// step by step on twin namespaces. ip's JSON opens a route's, rule's or nexthop's object twice
/// (`[{{...}}]`, not JSON); the comparison folds those braces, nlctl prints one object.
@Suite("nlctl -echo vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct EchoTests {
    static func normalize(_ text: String) -> [String] {
        [text.replacing(#/ether [0-9a-f:]{17}/#, with: "ether X").replacing(#/"address":"[0-9a-f:]{17}"/#, with: "\"address\":\"X\"")
            .replacing("{{", with: "{").replacing("}}", with: "}")]
    }

    @Test func stepsSameAsIP() async throws {
        try await expectSameStepsAsIP([
            "link set lo up",
            "-echo addr add 192.0.2.5/24 dev lo", "-echo route add 10.9.0.0/16 dev lo", "-echo rule add pref 100 table 100",
            "-echo neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev lo", "-echo nexthop add id 1 dev lo", "-echo link set lo mtu 1400",
            "-echo link add x0 type ifb", "-echo -j link add x1 type ifb", "-echo -j addr add 192.0.2.6/24 dev lo",
            "-echo -j route add 10.11.0.0/16 dev lo", "-echo -j rule add pref 200 table 200", "-echo -6 addr add 2001:db8::1/64 dev lo nodad",
            "-echo route replace 10.9.0.0/16 dev lo metric 5", "-echo route add 10.9.0.0/16 dev lo metric 5",
            "-echo addr del 192.0.2.5/24 dev lo", "-echo route del 10.9.0.0/16 metric 5", "-echo rule del pref 100", "-echo nexthop del id 1",
        ], object: "route", normalize: Self.normalize)
    }
}
