import Glibc
import Testing

/// The configuration of ``AddressShowTests`` (outside the type: the suite trait names it).
let addressShowConfiguration = [
    "link set lo up",
    "link add d0 type veth peer name d1",
    "addr add 192.0.2.1/24 brd + dev d0 label d0:x",
    "addr add 192.0.2.9/24 dev d0",
    "addr add 10.1.1.1 peer 10.1.1.2/32 dev d1",
    "addr add 2001:db8::1/64 dev d0 nodad noprefixroute",
    "addr add 2001:db8:1::1/64 dev d1 nodad valid_lft 300 preferred_lft 200",
    "addr add 198.51.100.7/24 dev d1 metric 50",
    "link set d0 up",
    "link set d1 up",
    "link add i0 type ifb",
]

/// Waits for duplicate address detection of the link-local addresses to end (tentative flags).
@Sendable func waitForAddressDAD(_ namespace: ScratchNamespace) async throws {
    for _ in 0..<30 where await run(["ip", "-n", namespace.name, "addr"]).standardOutput.contains("tentative") {
        try await Task.sleep(for: .milliseconds(200))
    }
}

/// `nlctl address show` against `ip address show` on the same namespace: byte for byte, with the
/// lifetimes that tick between the two runs masked.
@Suite(
    "nlctl address show vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason),
    .sharedNamespace(addressShowConfiguration, settle: waitForAddressDAD)
)
struct AddressShowTests {
    static let commands = [
        "addr", "address show", "a", "addr list", "-j addr", "-j -p addr", "-br addr", "-j -br addr", "-o addr", "-N addr", "-N -j addr",
        "-4 addr", "-6 addr", "-j -4 addr", "-6 -j -p addr show dev d0", "addr show dev d0 up", "addr show dev d1",
        "addr show scope link", "addr show scope global", "addr show secondary", "addr show primary", "addr show permanent",
        "addr show dynamic", "addr show label d0:x", "addr show label d0*", "-6 addr show dev d0", "addr show dev nope", "addr show dev i0", "-4 addr show dev i0",
        // found by scripts/audit-vs-ip.sh: selectors, `{}` for rejected addresses in JSON, -s, -0
        "addr show to 192.0.2.0/24", "addr show to 2001:db8::/32", "-6 addr show to 192.0.2.0/24", "addr show to bogus",
        "-j addr show to 192.0.2.9", "addr show type veth", "addr show type ifb", "addr show master d0", "addr show master nope",
        "addr show nomaster", "addr show noprefixroute", "addr show -noprefixroute", "addr show nodad", "-j addr show nodad",
        "-j addr show secondary", "-j addr show primary", "-j addr show label d0:x", "-j addr show label d0*",
        "-br addr show label d0*", "addr show scope bogus", "-s addr show dev i0", "-s -s addr show dev lo",
        "-j -s addr show dev i0", "-0 addr", "-f link addr", "-j -0 addr", "-0 -s addr show dev i0", "addr show vrf d0",
        "addr show vrf nope", "addr show type veth_slave", "-j -o addr", "-j -o addr show secondary", "-j -p -o addr show dev d0",
        "-0 -o addr", "-0 -o -s addr show dev i0", "-o -s addr show dev i0",
    ]

    @Test(arguments: commands)
    func sameAsIP(_ command: String) async throws {
        guard let namespace = SharedNamespace.namespace() else { return }   // a link kind is missing: its refusal was checked
        await expectSameAsIP(command, in: namespace, outputText: { $0.maskingLifetimes() })
    }
}

extension String {
    /// Replaces counted-down lifetimes (`299sec`, `"valid_life_time":299`) with `N`.
    func maskingLifetimes() -> String {
        var out = ""
        var index = startIndex
        while index < endIndex {
            let rest = self[index...]
            var matched = false
            for key in ["valid_lft ", "preferred_lft ", "\"valid_life_time\":", "\"preferred_life_time\":"]
            where rest.hasPrefix(key) {
                out += key
                var after = rest.dropFirst(key.count)
                let spaces = after.prefix { $0 == " " }  // ip -j -p puts a space after the colon
                out += spaces
                after = after.dropFirst(spaces.count)
                let digits = after.prefix { $0.isNumber }
                if !digits.isEmpty && digits != "4294967295" {
                    out += "N"
                    after = after.dropFirst(digits.count)
                }
                index = after.startIndex
                matched = true
                break
            }
            if !matched {
                out.append(self[index])
                index = self.index(after: index)
            }
        }
        return out
    }
}
