import Testing

/// The configuration of ``LinkDetailsTests`` (outside the type: the suite trait names it).
let linkDetailsConfiguration = [
    "link add va type veth peer name vb",
    "link add br0 address 02:00:0a:00:00:01 type bridge priority 100 group_fwd_mask 0x4000",
    "link add pa type veth peer name pb",
    "link add pc type veth peer name pd",
    "link set pa master br0",
    "link set pc master br0",
    "link set pa type bridge_slave cost 100 priority 7 hairpin on backup_port pc group_fwd_mask 0x4001 isolated on",
    "link add mv0 link vb type macvlan mode bridge",
    "link add mv1 link pb type macvlan mode passthru nopromisc",
    "link add mt0 link pd type macvtap mode vepa",
    "link add vx0 type vxlan id 42 remote 192.0.2.9 local 192.0.2.1 dstport 4789",
    "link add vx1 type vxlan id 43 group 239.1.1.1 dev vb dstport 0 ttl inherit tos inherit proxy l2miss",
    "link add vx6 type vxlan id 7 remote 2001:db8::1 local 2001:db8::2 dstport 4790 tos 0x10 ttl 64 flowlabel 0x12345 nolearning noudpcsum udp6zerocsumtx maxaddress 100 ageing 0 gbp srcport 1000 2000 df set",
    "link add ifb0 type ifb",
    "tuntap add tp0 mode tap vnet_hdr user 4000001",
    "tuntap add tn0 mode tun multi_queue user 0 group 0",
    "link set dev ifb0 alias details-alias",
]

/// `nlctl -d link show` (and `-d address show`) against `ip -d` (iproute2 6.1) on the same namespace:
/// byte for byte, once the bridge timers are masked (see ``Swift/String/maskingBridgeTimers()``).
@Suite("nlctl -d link show vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .sharedNamespace(linkDetailsConfiguration))
struct LinkDetailsTests {
    /// Every kind the details cover: a veth pair, a bridge with two veth ports (one with port
    /// options and a backup port), macvlan and macvtap on veths, three VXLANs (IPv4 remote, IPv4
    /// group on a device, IPv6 with most options), an ifb, a tap and a multi-queue tun. Everything
    /// stays down so that no operstate changes between the two runs.
    static let commands = [
        "-d link show", "-details link show", "-d -j link show", "-d -j -p link show", "-d -o link show",
        "-d -s link show", "-d -s -j link show", "-d link show type bridge", "-d link show master br0",
        "-d address show", "-d -j address show", "-d -j -p address show", "-d -br link show",
    ]

    static let devices = ["lo", "va", "vb", "br0", "pa", "pc", "mv0", "mv1", "mt0", "vx0", "vx1", "vx6", "ifb0", "tp0", "tn0"]

    /// The suite's configured namespace, or `nil` when the kernel lacks a link kind it needs (then
    /// the kernel's refusal of that kind has been checked instead).
    static func configured() -> ScratchNamespace? { SharedNamespace.namespace() }

    @Test(arguments: commands)
    func sameAsIP(_ command: String) async throws {
        guard let namespace = Self.configured() else { return }
        await expectSameAsIP(command, in: namespace, outputText: { $0.maskingBridgeTimers() })
    }

    /// `-d link show dev X` and `-d -j link show dev X` for each link of the configuration.
    @Test func eachDevice() async throws {
        guard let namespace = Self.configured() else { return }
        for device in Self.devices {
            await expectSameAsIP("-d link show dev \(device)", in: namespace, outputText: { $0.maskingBridgeTimers() })
            await expectSameAsIP("-d -j link show dev \(device)", in: namespace, outputText: { $0.maskingBridgeTimers() })
        }
    }

    /// The details really are there (guards against both sides printing nothing).
    @Test func detailsArePrinted() async throws {
        guard let namespace = Self.configured() else { return }
        let bridge = await nlctl(["-n", namespace.name, "-d", "link", "show", "dev", "br0"]).standardOutput
        #expect(bridge.contains("bridge forward_delay 1500 hello_time 200 "))
        #expect(bridge.contains("bridge_id 0064.2:0:a:0:0:1 "))
        let port = await nlctl(["-n", namespace.name, "-d", "-j", "link", "show", "dev", "pa"]).standardOutput
        #expect(port.contains("\"info_slave_kind\":\"bridge\""))
        #expect(port.contains("\"backup_port\":\"pc\""))
        let tun = await nlctl(["-n", namespace.name, "-d", "link", "show", "dev", "tn0"]).standardOutput
        #expect(tun.contains("tun type tun pi off vnet_hdr off multi_queue numqueues 0 numdisabled 0 persist on user root group root "))
        let plain = await nlctl(["-n", namespace.name, "link", "show", "dev", "br0"]).standardOutput
        #expect(!plain.contains("forward_delay"), "no details without -d")
    }
}

extension String {
    /// Replaces the value of every bridge and bridge port timer (`gc_timer  139.36 `,
    /// `"gc_timer":139.36`) with `T`: the kernel counts them down (gc_timer always; hello_timer,
    /// tcn_timer, topology_change_timer and the port timers while STP runs) between the `ip` run and
    /// the `nlctl` run. Nothing else is masked.
    func maskingBridgeTimers() -> String {
        let keys = ["hello_timer", "tcn_timer", "topology_change_timer", "gc_timer", "hold_timer", "message_age_timer",
                    "forward_delay_timer"]
        var out = ""
        var rest = self[...]
        while !rest.isEmpty {
            if let key = keys.first(where: { rest.hasPrefix($0) }) {
                out += key
                rest = rest.dropFirst(key.count)
                let separator = rest.prefix { $0 == "\"" || $0 == ":" || $0 == " " }
                let afterSeparator = rest.dropFirst(separator.count)
                let number = afterSeparator.prefix { $0.isNumber || $0 == "." }
                if number.isEmpty {
                    out += separator
                } else {
                    out += separator.filter { $0 != " " } + " T"
                }
                rest = afterSeparator.dropFirst(number.count)
            } else {
                out.append(rest.removeFirst())
            }
        }
        return out
    }
}
