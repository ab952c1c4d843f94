import Testing

/// The configuration of ``LinkShowTests`` (outside the type: the suite trait names it).
let linkShowConfiguration = [
    "link add va type veth peer name vb",
    "link add br0 type bridge",
    "link set va master br0",
    "link set va up",
    "link add ifb9 type ifb",
    "link set ifb9 mtu 9000 alias my-alias",
    "link add mv0 link vb type macvlan mode bridge",
    "link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1",
    "link set lo up",
    "link property add dev ifb9 altname ifb-alternative",
    "link set dev vb group 7",
]

/// `nlctl link show` against `ip link show` (iproute2 6.1) on the same namespace: byte for byte.
@Suite("nlctl link show vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .sharedNamespace(linkShowConfiguration))
struct LinkShowTests {
    static let commands = [
        "link", "link show", "link list", "link lst", "l", "link show dev va", "link show va", "link show up",
        "link show master br0", "link show type veth", "link show nomaster", "link show group 7",
        "-j link", "-j -p link", "-j link show dev mv0", "-br link", "-j -br link", "-o link", "-o -br link", "-N link", "-N -j link",
        "-s link", "-s -s link", "-j -s link", "-j -s -s link", "-j -p -s link show lo",
        "link show dev nope", "-j link show dev nope", "link show dev", "link show va vb",
        // found by scripts/audit-vs-ip.sh
        "link show type bridge_slave", "link show type veth_slave", "link show vrf br0", "link show vrf nope",
        "link show group bogus", "link show master nope", "link s va", "link se va",
    ]

    @Test(arguments: commands)
    func sameAsIP(_ command: String) async throws {
        guard let namespace = SharedNamespace.namespace() else { return }   // a link kind is missing: its refusal was checked
        await expectSameAsIP(command, in: namespace)
    }

    /// Names resolve inside the namespace: a link that exists only in the host namespace is not found.
    @Test func hostNameNotFoundUnderNamespace() async throws {
        let namespace = try ScratchNamespace()
        let result = await nlctl(["-n", namespace.name, "link", "show", "dev", "eth0"])
        #expect(result.status == 1)
        #expect(result.standardError == "Device \"eth0\" does not exist.\n")
    }

    /// A namespace that does not exist is an error, not a crash.
    @Test func missingNamespace() async {
        let result = await nlctl(["-n", "nlctl-no-such-namespace", "link"])
        #expect(result.status != 0)
        #expect(result.standardError.hasPrefix("Cannot open network namespace \"nlctl-no-such-namespace\""))
    }
}

extension String {
    /// ip's hints name `ip`; nlctl's name `nlctl`.
    func replacingIP() -> String {
        replacing("try \"ip ", with: "try \"nlctl ").replacing("\"ip -help\"", with: "\"nlctl -help\"")
    }
}
