import Glibc
import Testing

/// `nlctl netconf` against `ip netconf` on the same namespace: byte for byte.
@Suite("nlctl netconf vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct NetconfCommandTests {
    static let configuration = ["link add d0 type veth peer name d1", "link add i0 type ifb"]

    static let commands = [
        "netconf", "netconf show", "netconf list", "netc sh", "-4 netconf", "-6 netconf", "-j netconf", "-j -p netconf",
        "netconf show dev d0", "-6 netconf show dev lo", "-4 -j netconf show dev i0", "netconf show dev nope", "netconf show dev",
        "netconf show frob", "netconf frob", "-0 netconf",
    ]

    @Test(arguments: commands)
    func sameAsIP(_ command: String) async throws {
        let namespace = try ScratchNamespace()
        for step in Self.configuration { try await namespace.ip(step) }
        // Settings that differ from the defaults: on, strict, loose and a value with no name.
        let sysctl = await run([
            "ip", "netns", "exec", namespace.name, "sysctl", "-qw", "net.ipv4.conf.d0.forwarding=1", "net.ipv4.conf.d1.rp_filter=2",
            "net.ipv4.conf.all.rp_filter=1", "net.ipv6.conf.d0.forwarding=1", "net.ipv4.conf.d0.proxy_arp=1",
            "net.ipv6.conf.d1.ignore_routes_with_linkdown=1", "net.ipv4.conf.lo.rp_filter=5",
        ])
        #expect(sysctl.status == 0, "\(sysctl)")
        await expectSameAsIP(command, in: namespace)
    }
}
