import Glibc
import KernelFeatures
import Testing

/// `encap` of every type in `route add`, in a multipath hop and in `nexthop add`, sent as ip 6.1
/// sends it. This kernel has no lightweight tunnel but `ip`/`ip6` (it answers "lwt encapsulation
/// type not supported" to the rest): each command runs with `ip` and with `nlctl` under `strace`
/// in twin namespaces, and the change request each tool sent — the kernel sees nothing else — is
/// compared: the netlink header but for sequence and port, the fixed header, and every attribute
/// byte for byte (top-level attributes as a set: ip adds them in the order of the words, nlctl in
/// the structure's order; the encap nest is one attribute, compared whole). Padding is not
/// compared: ip leaves it as its buffer was (`rta_addattr8` writes one byte of four), and so is
/// the part of an `ila` locator of fewer than four groups, which ip leaves unwritten. Outputs and
/// exit statuses are compared as well.
@Suite("nlctl encap requests vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct EncapRequestTests {
    static let setup = [
        "link add va type veth peer name vb", "link set va up", "link set vb up", "addr add 192.0.2.1/24 dev va",
        "addr add 2001:db8::1/64 dev va nodad",
    ]

    /// The requests that reach the kernel: each is sent, refused or made, the same way by both.
    static let commands = [
        "-6 route add 2001:db8:40::/64 encap seg6 mode encap segs 2001:db8::a,2001:db8::b dev va",
        "-6 route add 2001:db8:41::/64 encap seg6 mode inline segs 2001:db8::a hmac 7 dev va",
        "-6 route add 2001:db8:42::/64 encap seg6 mode l2encap.red segs 2001:db8::a,,2001:db8::b hmac x dev va",
        "-6 route add 2001:db8:43::/64 encap seg6 dev va",
        "-6 route add 2001:db8:44::/64 encap seg6local action End.X nh6 2001:db8::2 count dev va",
        "-6 route add 2001:db8:45::/64 encap seg6local action End.DT6 table main vrftable 100 oif va iif vb flavors PSP,next-csid lblen 32 nflen 16 dev va",
        "-6 route add 2001:db8:46::/64 encap seg6local action End.B6.Encaps srh segs 2001:db8::a,2001:db8::b hmac 5 dev va",
        "-6 route add 2001:db8:47::/64 encap seg6local action End.B6 srh segs 2001:db8::a dev va",
        "-6 route add 2001:db8:48::/64 encap seg6local flavors usd action End dev va",
        "route add 10.40.0.0/16 encap seg6local action End.DX4 nh4 192.0.2.7 dev va",
        "-6 route add 2001:db8:49::/64 encap rpl segs 2001:db8::a,2001:db8::b,2001:db8::c dev va",
        "-6 route add 2001:db8:4a::/64 encap ioam6 trace prealloc type 0x800000 ns 1 size 12 dev va",
        "-6 route add 2001:db8:4b::/64 encap ioam6 freq 2/5 mode encap tundst 2001:db8::9 trace prealloc type 0xc00000 ns 7 size 244 dev va",
        "-6 route add 2001:db8:4c::/64 encap ioam6 mode auto tundst 2001:db8::9 trace prealloc ns 0x10 size 4 type 1 dev va",
        "-6 route add 2001:db8:4d::/64 dev va encap xfrm if_id 7 link_dev vb",
        "-6 route add 2001:db8:4e::/64 encap ila 2001:db8:1:2 csum-mode neutral-map ident-type luid hook-type input dev va",
        "route add 10.41.0.0/16 encap ip id 1 dst 192.0.2.9 geneve_opts 0x102:3:a1b2,:4:,5:: dev va",
        "route add 10.42.0.0/16 encap ip dst 192.0.2.9 vxlan_opts 77 dev va",
        "route add 10.43.0.0/16 encap ip6 dst 2001:db8::9 erspan_opts 2:0x10:1:3 csum dev va",
        "route add 10.44.0.0/16 encap ip dst 192.0.2.9 erspan_opts 1:5 dev va",
        "route add 10.45.0.0/16 encap mpls 100/200 dev va",
        "route add 10.46.0.0/16 nexthop encap ip dst 192.0.2.9 via 192.0.2.2 dev va nexthop encap seg6 mode encap segs 2001:db8::a via 192.0.2.3 dev va",
        "route add 10.47.0.0/16 nexthop encap ip id 3 dst 192.0.2.9 via 192.0.2.2 dev va nexthop via 192.0.2.3 dev va",
        "nexthop add id 5 encap ip dst 192.0.2.9 via 192.0.2.2 dev va",
        "nexthop add id 6 encap seg6 mode encap segs 2001:db8::a dev va",
        "-6 nexthop add id 7 encap ioam6 trace prealloc type 0x800000 ns 1 size 12 via 2001:db8::2 dev va",
        "route add 10.48.0.0/16 dev va ttl-propagate enabled",
        "route add 10.49.0.0/16 dev va as to 10.1.1.1",
        "route add 10.49.0.0/16 dev va as 10.1.1.1 ttl-propagate dis",
    ]

    @Test func requestsSameAsIP() async throws {
        guard RequestCapture.available() else { return }
        let withIP = try ScratchNamespace(), withNlctl = try ScratchNamespace()
        for step in Self.setup {
            try await withIP.ip(step)
            try await withNlctl.ip(step)
        }
        var compared = 0
        for command in Self.commands {
            let words = command.split(separator: " ").map(String.init)
            let (expected, ipRequests) = await RequestCapture.traced(["ip", "-n", withIP.name] + words, types: [24, 104])
            let (actual, ourRequests) = await RequestCapture.traced([nlctlPath, "-n", withNlctl.name] + words, types: [24, 104])
            #expect(actual.status == expected.status, "exit status of \(command): \(actual) against \(expected)")
            #expect(actual.standardError == expected.standardError, "stderr of \(command)")
            #expect(actual.standardOutput == expected.standardOutput, "stdout of \(command)")
            #expect(ipRequests.count == 1 && ourRequests.count == 1, "one change request each for \(command): ip \(ipRequests.count), nlctl \(ourRequests.count)")
            guard let ours = ourRequests.first, let theirs = ipRequests.first else { continue }
            #expect(RequestCapture.canonical(ours) == RequestCapture.canonical(theirs), "the request of \(command):\n nlctl \(RequestCapture.hex(ours))\n ip    \(RequestCapture.hex(theirs))")
            compared += 1
        }
        #expect(compared == Self.commands.count)
        // What the kernel made of the ones it could make, read back by ip in both namespaces.
        for show in ["route", "-6 route", "nexthop"] {
            let a = await run(["ip", "-n", withIP.name] + show.split(separator: " ").map(String.init))
            let b = await run(["ip", "-n", withNlctl.name] + show.split(separator: " ").map(String.init))
            #expect(a == b, "ip \(show)")
        }
    }

    /// Refusals before anything is sent: the same words, the same messages and statuses.
    @Test func refusalsSameAsIP() async throws {
        let prefix = "-6 route add 2001:db8:50::/64 encap"
        try await expectSameStepsAsIP(Self.setup + [
            "\(prefix) help", "\(prefix) seg6 mode bogus dev va", "\(prefix) seg6 segs 2001:db8::a dev va", "\(prefix) seg6 mode encap segs zz dev va",
            "\(prefix) seg6 mode encap mode inline dev va", "\(prefix) seg6 mode encap segs 2001:db8::a segs 2001:db8::b dev va",
            "\(prefix) seg6local action Bad dev va", "\(prefix) seg6local table 1 dev va", "\(prefix) seg6local action End srh x",
            "\(prefix) seg6local action End flavors psp,psp dev va", "\(prefix) seg6local action End flavors bogus dev va",
            "\(prefix) seg6local action End iif nosuch dev va", "\(prefix) seg6local action End table nosuch dev va",
            "\(prefix) seg6local action End action End.X dev va", "\(prefix) seg6local action End nh4 2001:db8::1 dev va",
            "\(prefix) seg6local action End flavors next-csid lblen 300 dev va",
            "\(prefix) ioam6 freq 1/2/3 trace prealloc type 1 ns 1 size 4 dev va", "\(prefix) ioam6 freq 5/2 trace prealloc",
            "\(prefix) ioam6 freq 0/2 trace prealloc", "\(prefix) ioam6 freq 1/2000000 trace", "\(prefix) ioam6 freq 12345678901234567/2 trace",
            "\(prefix) ioam6 mode bogus trace", "\(prefix) ioam6 mode encap trace prealloc", "\(prefix) ioam6 tundst 2001:db8::9 trace",
            "\(prefix) ioam6 mode encap tundst zz trace", "\(prefix) ioam6 trace prealloc type 0 ns 1 size 4 dev va",
            "\(prefix) ioam6 trace prealloc type 1 ns 1 size 6 dev va", "\(prefix) ioam6 trace prealloc type 1 ns 1 size 248 dev va",
            "\(prefix) ioam6 trace prealloc type 1 size 4 dev va", "\(prefix) ioam6 trace prealloc type 1 ns 1 dev va",
            "\(prefix) ioam6 trace prealloc ns 1 size 4 dev va", "\(prefix) ioam6 trace prealloc type 1 type 2 ns 1 size 4 dev va",
            "\(prefix) ioam6 trace prealloc type 1 ns 70000 size 4 dev va", "\(prefix) ioam6 trace bogus", "\(prefix) ioam6 bogus dev",
            "\(prefix) xfrm help", "\(prefix) xfrm if_id 0 dev va", "\(prefix) xfrm link_dev nosuch if_id 1",
            "\(prefix) xfrm if_id 1 if_id 2", "\(prefix) ila zz dev va", "\(prefix) ila 1:2:3:4:5 dev va", "\(prefix) ila 1:2 csum-mode x dev va",
            "\(prefix) ila 1:2 ident-type iid dev va", "\(prefix) rpl segs 2001:db8::a segs 2001:db8::b dev va", "\(prefix) rpl segs zz dev va",
            "route add 10.50.0.0/16 encap ip dst 192.0.2.9 geneve_opts 1:2:3:4 dev va", "route add 10.50.0.0/16 encap ip dst 192.0.2.9 geneve_opts x dev va",
            "route add 10.50.0.0/16 encap ip dst 192.0.2.9 geneve_opts 1:2:zz dev va", "route add 10.50.0.0/16 encap ip dst 192.0.2.9 vxlan_opts x dev va",
            "route add 10.50.0.0/16 encap ip dst 192.0.2.9 erspan_opts 1:2:3:4:5 dev va",
            "route add 10.50.0.0/16 encap ip vxlan_opts 1 geneve_opts 1 dev va",
            "route add 10.50.0.0/16 dev va ttl-propagate bogus", "route add 10.50.0.0/16 dev va as zz",
            "route", "-6 route",
        ], object: "route")
    }

    /// Where ip 6.1 misreads the line (listed in the README): an `ioam6` encap or a seg6local
    /// `srh segs` at its end makes ip take the last word for a second destination. nlctl reads it
    /// as ip reads the same encap before `dev`: the same answer from the kernel (here "lwt
    /// encapsulation type not supported"; a route where the kernel has the type).
    @Test func encapAtTheEndOfTheLine() async throws {
        let withIP = try ScratchNamespace(), withNlctl = try ScratchNamespace()
        for step in Self.setup {
            try await withIP.ip(step)
            try await withNlctl.ip(step)
        }
        for (prefix, encap) in [
            ("-6 route add 2001:db8:60::/64", "encap ioam6 trace prealloc type 0x800000 ns 1 size 12"),
            ("-6 route add 2001:db8:61::/64", "encap seg6local action End.B6 srh segs 2001:db8::a"),
        ] {
            let atTheEnd = "\(prefix) dev va \(encap)".split(separator: " ").map(String.init)
            let ipAtTheEnd = await run(["ip", "-n", withIP.name] + atTheEnd)
            #expect(ipAtTheEnd.status == 255 && ipAtTheEnd.standardError.hasPrefix("Error: either \"to\" is duplicate, or "), "\(ipAtTheEnd)")
            let expected = await run(["ip", "-n", withIP.name] + "\(prefix) \(encap) dev va".split(separator: " ").map(String.init))
            let actual = await nlctl(["-n", withNlctl.name] + atTheEnd)
            #expect(actual == expected, "nlctl \(atTheEnd): \(actual) against ip's \(expected)")
        }
    }
}
