import Glibc
import Testing

/// `nlctl address add | change | replace | delete | flush` against `ip`: the same commands on two
/// namespaces give the same addresses (lifetimes and hardware addresses masked), and failures give
/// the same message and exit status.
@Suite("nlctl address add/change/replace/delete/flush vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct AddressModifyTests {
    static let setup = ["link add d0 type veth peer name d1", "link add i0 type ifb"]

    static let scripts: [[String]] = [
        ["addr add 192.0.2.1/24 dev d0", "addr add 192.0.2.2/24 brd + dev d0 label d0:a", "a 198.51.100.1/25 broadcast - dev d1"],
        ["addr add 10.1.1.1 peer 10.1.1.2/30 dev d1 scope link", "addr add local 10.2.2.2/16 dev d0 brd 10.2.255.254 metric 20"],
        ["addr add 2001:db8::1/64 dev d0 nodad noprefixroute", "addr add 2001:db8:1::1/64 dev d1 nodad home mngtmpaddr valid_lft 300 preferred_lft 200"],
        ["addr add 192.0.2.9/24 dev d0 valid_lft forever preferred_lft 100", "addr change 192.0.2.9/24 dev d0 preferred_lft 50 valid_lft 80"],
        ["addr replace 192.0.2.10/24 dev d0", "addr replace 192.0.2.10/24 dev d0 metric 9", "addr chg 192.0.2.10/24 dev d0 scope host"],
        ["addr add 192.0.2.1/24 dev d0", "addr add 192.0.2.2/24 dev d0", "addr del 192.0.2.2/24 dev d0", "addr d 192.0.2.1 dev d0"],
        ["addr add 127.0.0.5/8 dev i0", "addr add 10.0.0.1 dev i0 anycast 10.0.0.9", "addr add 192.0.2.1/255.255.255.0 dev i0"],
        ["addr add 192.0.2.1/24 dev d0", "addr add 192.0.2.2/24 dev d0", "addr add 2001:db8::1/64 dev d0 nodad", "addr add 10.9.9.9/8 dev d1",
         "addr flush dev d0"],
        ["addr add 192.0.2.1/24 dev d0", "addr add 2001:db8::1/64 dev d0 nodad", "-4 addr flush dev d0", "addr add 10.9.9.9/8 dev d1 label d1:x",
         "addr flush label d1:*"],
        ["addr add 192.0.2.1/24 dev d0", "addr add 192.0.2.7/24 dev d0", "addr add 10.9.9.9/8 dev d1", "addr flush secondary", "addr f scope global dev d1"],
        ["addr add 192.0.2.1/24 dev d0", "addr add 192.0.2.7/24 dev d0", "addr add 2001:db8::1/64 dev d0 nodad", "-s addr flush dev d0", "-s addr flush dev d0",
         "addr add 192.0.2.1/24 dev d0", "-s -s addr flush dev d0", "addr add 192.0.2.1/24 dev d0", "-j -s addr flush dev d0",
         "addr add 192.0.2.1/24 dev d0", "-j -s -s addr flush dev d0", "-j -s addr flush dev d0"],
        ["addr add 10.0.0.1/8 dev d0", "addr add 10.0.0.2/8 dev d0", "addr add 11.0.0.2/8 dev d0", "addr add 2001:db8::5/64 dev d0 nodad",
         "-s addr flush dev d0 to 10.0.0.2/32", "addr flush dev d0 to 10.0.0.0/8", "addr add 10.0.0.3/8 dev d1", "addr flush to default"],
        ["addr add 192.0.2.1/24 dev d0 home", "addr add 192.0.2.3/24 dev d0 nodad optimistic mngtmpaddr", "addr add 224.0.0.9/32 dev d0 autojoin"],
    ]

    @Test(arguments: scripts)
    func sameResultAsIP(_ script: [String]) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            for step in Self.setup { try await namespace.ip(step) }
        }
        for command in script {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl, outputText: { $0.maskingLifetimes() })
        }
        for show in [["addr"], ["-j", "addr"]] {
            let expected = await run(["ip", "-n", withIP.name] + show).standardOutput.maskingHardwareAddresses().maskingLifetimes()
            let actual = await run(["ip", "-n", withNlctl.name] + show).standardOutput.maskingHardwareAddresses().maskingLifetimes()
            #expect(actual == expected, "\(show)")
        }
    }

    static let failures: [String] = [
        "addr add 192.0.2.1/24 dev d0", "addr add x dev d0", "addr add 192.0.2.5/33 dev d0", "addr add 192.0.2.5/24",
        "addr add 192.0.2.5/24 dev nope", "addr add dev d0", "addr add 192.0.2.6/24 dev d0 frob", "addr add 192.0.2.6/24 dev d0 scope foo",
        "addr add 192.0.2.6/24 dev d0 valid_lft foo", "addr add 192.0.2.6/24 dev d0 broadcast foo", "addr add 192.0.2.6/24 dev d0 proto 4",
        "addr add 192.0.2.6/24 dev d0 metric foo", "addr add 192.0.2.6/24 peer 2001:db8::1 dev d0", "addr add 2001:db8::1/64 dev d0 broadcast +",
        "addr del 192.0.2.99/24 dev d0", "addr del 192.0.2.1/24", "addr del dev d0", "addr flush", "addr flush dev nope",
        "addr flush dev d0 frob", "addr add 192.0.2.6/24 dev d0 valid_lft 300", "addr add 192.0.2.6/24 dev d0 valid_lft 0",
        "addr add 192.0.2.6/24 192.0.2.2 dev d0", "addr add 192.0.2.6/24 dev d0 peer 1.1.1.1 peer 2.2.2.2",
        "addr add 192.0.2.6/24 dev d0 brd + brd -", "addr add 192.0.2.6/24 dev d0 valid_lft 30 valid_lft 20", "addr add 192.0.2.6/24 dev d0 scope",
        "addr add 2001:db8::5/64 dev d0 anycast 10.0.0.9", "addr add 192.0.2.6/24 dev d0 autojoin", "addr del 192.0.2.1 dev d0",
        "addr flush all", "-6 addr add 192.0.2.6/24 dev d0", "addr change 192.0.2.99/24 dev d0", "addr frob",
        "addr add default dev d0", "-6 addr add all dev d0", "-4 addr add any dev d0", "addr add 192.0.2.6/24 dev d0 sc link",
        "-0 addr flush dev d0", "addr flush dev d0 to x", "addr add 192.0.2.6/24 dev d0 metric 4294967296",
    ]

    @Test(arguments: failures)
    func sameFailureAsIP(_ command: String) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            for step in Self.setup { try await namespace.ip(step) }
            try await namespace.ip("addr add 192.0.2.1/24 dev d0")
        }
        await expectSameAsIP(command, ip: withIP, nlctl: withNlctl)
        let show = ["-j", "addr"]
        let actualState = await run(["ip", "-n", withNlctl.name] + show).standardOutput.maskingHardwareAddresses()
        let expectedState = await run(["ip", "-n", withIP.name] + show).standardOutput.maskingHardwareAddresses()
        #expect(actualState == expectedState, "\(command)")
    }
}
