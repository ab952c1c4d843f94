import Testing

/// `link set` options as ip 6.1's `iplink_parse` takes them, step by step on twin namespaces: the
/// flags (promisc, arp, multicast, allmulticast, trailers, dynamic), carrier, protodown and its
/// reasons, mode, state, addrgenmode, the GSO/GRO sizes, link-netnsid, numbers in any base (and
/// negative where ip's get_integer takes them), duplicates, abbreviations, hardware addresses
/// read as ll_addr_a2n reads them — and the links shown after each change.
@Suite("nlctl link set options vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct LinkSetOptionsTests {
    @Test func stepsSameAsIP() async throws {
        try await expectSameStepsAsIP([
            "link add va type veth peer name vb",
            "link set va promisc on", "link set va arp off", "link set va multicast off", "link set va allmulticast on",
            "link set va trailers off", "link set va dynamic on", "link set va d off", "link set va txq 500", "link set va qlen 600",
            "link set va addr 02:00:00:00:00:01", "link set va brd ff:ff:ff:ff:ff:fe", "link set va mtu 0x5dc", "link set va mtu -1",
            "link set va txqueuelen -1", "link show va", "-j link show va",
            "link set va mtu 1400 mtu 1300", "link set va txqueuelen 1 qlen 2", "link set va group 5 group 6", "link set va carrier on",
            "link set va carrier maybe", "link set va addrgenmode none", "-d link show va", "link set va addrgenmode random",
            "link set va addrgenmode weird", "link set va protodown on", "link set va protodown_reason 3 on",
            "link set va protodown_reason x on", "link set va mode dormant", "link set va mode weird", "link set va state up",
            "link set va state weird", "link set va gso_max_size 60000", "link set va gro_max_size 60000", "link set va gso_max_segs 70000",
            "link set va gso_max_segs 100", "link set va numtxqueues 2", "link set va link-netnsid 5", "link set va promisc maybe",
            "link set va txqueuelen x", "link set va address 1.2.3.4", "link set va address 1g:2:3:4:5:6", "link set va address zz:zz",
            "link set va address 02:00:00:00:00:01:02",
            "link set va address 01:02:03:04:05:06:07:08:09:10:11:12:13:14:15:16:17:18:19:20:21:22:23:24:25:26:27:28:29:30:31:32:33",
            "link set va promisc off arp on multicast on allmulticast off trailers on dynamic off", "link show va", "-d link show va",
            "-j -d link show va", "-br link show va",
        ], object: "link")
    }
}
