import Glibc
import KernelFeatures
import Testing

/// Lightweight-tunnel encapsulation on routes and multipath hops, printed as ip 6.1 prints it.
/// This kernel makes `ip` and `ip6` encap routes: those are compared live (text, `-j`, `-d`,
/// `route get`). The other types (mpls, ila, seg6, seg6local, bpf, rpl, ioam6, xfrm, unknown) it
/// cannot make: their bytes are written here into a `route save` file, which ip's and nlctl's
/// `route showdump` print side by side.
@Suite("nlctl route encap vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct RouteEncapTests {
    @Test func liveIPAndIP6() async throws {
        let namespace = try ScratchNamespace()
        for step in [
            "link add va type veth peer name vb", "link set va up", "addr add 192.0.2.1/24 dev va", "addr add 2001:db8::1/64 dev va nodad",
            "route add 10.30.0.0/16 encap ip id 5 dst 192.0.2.9 ttl 9 tos 3 key csum dev va",
            "route add 10.31.0.0/16 encap ip6 id 6 dst 2001:db8::9 src 2001:db8::1 hoplimit 7 tc 2 seq dev va",
            "-6 route add 2001:db8:30::/48 encap ip id 7 dst 192.0.2.10 dev va",
        ] { try await namespace.ip(step) }
        for command in ["route", "-d route", "-j route", "-j -p route", "-6 route", "-j -6 route", "-o route", "route get 10.30.1.1", "-j route get 10.31.1.1"] {
            await expectSameAsIP(command, in: namespace)
        }
        let shown = await nlctl(["-n", namespace.name, "route", "show", "10.30.0.0/16"])
        #expect(shown.standardOutput == "10.30.0.0/16  encap ip id 5 src 0.0.0.0 dst 192.0.2.9 ttl 9 tos 3 key csum dev va scope link linkdown \n", "\(shown)")
    }

    /// `route add ... encap`: the same routes made, the same refusals, on twin namespaces.
    @Test func addSameAsIP() async throws {
        let setup = ["link add va type veth peer name vb", "link set va up", "link set vb up", "addr add 192.0.2.1/24 dev va",
                     "addr add 2001:db8::1/64 dev va nodad"]
        try await expectSameStepsAsIP(setup + [
            "route add 10.30.0.0/16 encap ip id 5 dst 192.0.2.9 ttl 9 tos 0x10 key csum seq dev va",
            "route add 10.31.0.0/16 encap ip6 id 0x10 dst 2001:db8::9 src 2001:db8::1 hoplimit 7 tc 2 dev va",
            "route add 10.32.0.0/16 encap ip dst 192.0.2.10 via 192.0.2.2",
            "-6 route add 2001:db8:30::/48 encap ip id 7 dst 192.0.2.10 dev va metric 5",
            "route add 10.33.0.0/16 encap mpls 100/200 ttl 3 dev va",
            "route add 10.34.0.0/16 encap bogus 1 dev va", "route add 10.34.0.0/16 encap ip", "route add 10.34.0.0/16 encap ip dst",
            "route add 10.34.0.0/16 encap ip key", "route add 10.34.0.0/16 encap ip id 1 id 2 dev va",
            "route add 10.34.0.0/16 encap ip key key dev va", "route add 10.34.0.0/16 encap ip dst 2001:db8::1 dev va",
            "route add 10.34.0.0/16 encap ip ttl 300 dev va", "route add 10.34.0.0/16 encap ip6 hoplimit x dev va",
            "route add 10.34.0.0/16 encap ip id x dev va", "route add 10.34.0.0/16 encap mpls x dev va", "route add 10.34.0.0/16 encap mpls 1048576 dev va",
            "route add 10.34.0.0/16 encap mpls 100 ttl 300 dev va",
            "route add 10.34.0.0/16 encap ip tos zz dev va",
            "route", "-6 route", "-j route", "-d route", "route get 10.30.0.1", "route del 10.30.0.0/16", "route",
        ], object: "route")
    }

    static func attribute(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
        var bytes = withUnsafeBytes(of: UInt16(4 + payload.count)) { Array($0) } + withUnsafeBytes(of: type) { Array($0) } + payload
        while bytes.count % 4 != 0 { bytes.append(0) }
        return bytes
    }
    static func u16(_ value: UInt16) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
    static func u32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
    static func u64(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
    static let v6a: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [5]
    static let v6b: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [6]

    /// An RTM_NEWROUTE for 10.N.0.0/16 on ifindex 1 (lo) in main, with the given extra attributes.
    static func route(_ n: UInt8, _ attributes: [UInt8]) -> [UInt8] {
        let payload: [UInt8] = [2, 16, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]   // rtmsg: AF_INET /16 main static universe unicast
            + attribute(15, u32(254)) + attribute(1, [10, n, 0, 0]) + attribute(4, u32(1)) + attributes
        return u32(UInt32(16 + payload.count)) + u16(24) + u16(2) + u32(0) + u32(0) + payload
    }

    static func encap(_ type: UInt16, _ nested: [UInt8]) -> [UInt8] {
        attribute(22, nested) + attribute(21, u16(type))   // the kernel's RTA_ENCAP: no NLA_F_NESTED
    }

    static var goldenRoutes: [[UInt8]] {
        let geneve = attribute(1, u16(UInt16(0x0102).bigEndian)) + attribute(2, [3]) + attribute(3, [1, 2, 3, 0xab])
        let segments = Array(v6a) + Array(v6b)
        let srh: [UInt8] = [41, 9, 4, 1, 1, 0x08, 0, 0] + segments + [5, 38, 0, 0] + Array(u32(UInt32(0x1234).bigEndian)) + [UInt8](repeating: 0, count: 32)
        return [
            route(1, encap(1, attribute(1, [0x00, 0x06, 0x40, 0x00, 0x00, 0x0c, 0x81, 0x00]) + attribute(2, [5]))),
            route(2, encap(2, attribute(1, u64(UInt64(42).bigEndian)) + attribute(2, [192, 0, 2, 9]) + attribute(3, [192, 0, 2, 1])
                + attribute(4, [64]) + attribute(5, [16]) + attribute(6, u16(0x0D00)) + attribute(8, attribute(1, geneve + geneve)))),
            route(3, encap(2, attribute(2, [192, 0, 2, 9]) + attribute(8, attribute(2, attribute(1, u32(77)))))),
            route(4, encap(2, attribute(8, attribute(3, attribute(1, [2]) + attribute(3, [1]) + attribute(4, [7]))))),
            route(5, encap(2, attribute(8, attribute(3, attribute(1, [1]) + attribute(2, u32(UInt32(99).bigEndian)))))),
            route(6, encap(4, attribute(1, u64(UInt64(7).bigEndian)) + attribute(2, v6a) + attribute(3, v6b) + attribute(4, [9]) + attribute(5, [3]))),
            route(7, encap(3, attribute(1, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1]) + attribute(7, [1]) + attribute(8, [32]) + attribute(9, [1]))),
            route(8, encap(5, attribute(1, u32(1) + srh))),
            route(9, encap(6, attribute(1, attribute(2, Array("prog_in".utf8) + [0])) + attribute(3, attribute(2, Array("x".utf8) + [0])) + attribute(4, u32(20)))),
            route(10, encap(7, attribute(1, u32(2)) + attribute(2, srh) + attribute(3, u32(100)) + attribute(9, u32(200)) + attribute(4, [10, 0, 0, 1])
                + attribute(5, v6a) + attribute(6, u32(1)) + attribute(7, u32(1)) + attribute(8, attribute(2, Array("ep".utf8) + [0]))
                + attribute(10, attribute(2, u64(3)) + attribute(3, u64(300)) + attribute(4, u64(1)))
                + attribute(11, attribute(1, u32(1 << 1 | 1 << 4)) + attribute(2, [32]) + attribute(3, [16])))),
            route(11, encap(8, attribute(1, [41, 4, 3, 2, 0, 0, 0, 0] + segments))),
            route(12, encap(9, attribute(1, [2]) + attribute(2, v6a) + attribute(3, [0, 5, 0, 3, 0x80, 0, 0, 0]) + attribute(4, u32(1)) + attribute(5, u32(10)))),
            route(13, encap(9, attribute(1, [1]) + attribute(3, [0, 7, 0, 0, 0, 0, 0, 0]) + attribute(4, u32(2)) + attribute(5, u32(3)))),
            route(14, encap(10, attribute(1, u32(5)) + attribute(2, u32(1)))),
            route(15, encap(99, attribute(1, u32(5)))),
            route(16, encap(7, attribute(1, u32(77)))),
            // A multipath route whose first hop has an ip encap.
            route(17, attribute(9, {
                let inner = encap(2, attribute(2, [192, 0, 2, 9])) + attribute(5, [192, 0, 2, 2])
                return u16(UInt16(8 + inner.count)) + [0, 0] + u32(1) + inner + u16(16) + [0, 1] + u32(1) + attribute(5, [192, 0, 2, 3])
            }())),
        ]
    }

    /// A seg6 header that claims an HMAC its length leaves no room for (hdrlen 0): printed without
    /// the HMAC, never read before the header (ip reads outside its buffer there: not compared).
    @Test func shortSegmentRoutingHeader() async throws {
        let namespace = try ScratchNamespace()
        let file = "/tmp/nlctl-encap-short-\(getpid())"
        defer { unlink(file) }
        let header: [UInt8] = [41, 0, 4, 0, 0, 0x08, 0, 0] + Self.v6a
        let bytes = Array(withUnsafeBytes(of: UInt32(0x4531_1224)) { Array($0) }) + Self.route(1, Self.encap(5, Self.attribute(1, Self.u32(1) + header)))
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count)
        close(descriptor)
        let shown = await RouteSaveRestoreTests.shell("\(nlctlPath) -n \(namespace.name) route showdump < \(file)")
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.standardOutput == "10.1.0.0/16  encap seg6 mode encap segs 1 [ 2001:db8::5 ] dev lo proto static \n", "\(shown)")
    }

    @Test func goldenTypesThroughShowdump() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        let file = "/tmp/nlctl-encap-\(getpid())"
        defer { if getenv("KEEP_ENCAP_FILE") == nil { unlink(file) } }
        var bytes = Array(withUnsafeBytes(of: UInt32(0x4531_1224)) { Array($0) })
        for message in Self.goldenRoutes { bytes += message }
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count)
        close(descriptor)
        for show in ["route showdump", "-s route showdump", "-d route showdump", "-o route showdump"] {
            let expected = await RouteSaveRestoreTests.shell("ip -n \(namespace.name) \(show) < \(file)")
            let actual = await RouteSaveRestoreTests.shell("\(nlctlPath) -n \(namespace.name) \(show) < \(file)")
            #expect(actual == expected, "\(show)")
            #expect(expected.standardOutput.split(separator: "\n").filter { $0.contains("encap") }.count >= 16, "\(expected)")
        }
    }
}
