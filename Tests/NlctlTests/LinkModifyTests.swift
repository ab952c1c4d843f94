import Glibc
import Testing

/// `nlctl link add | set | delete` against `ip`: the same commands on two namespaces give the same
/// links (hardware addresses masked: the kernel picks them at random), and failures give the same
/// message and exit status.
@Suite("nlctl link add/set/delete vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct LinkModifyTests {
    static let scripts: [[String]] = [
        ["link add va type veth peer name vb", "link add br0 type bridge", "link set va master br0", "link set dev va up mtu 1400 alias hello"],
        ["link add name ifb3 txqueuelen 77 type ifb", "link set ifb3 name ifb4 group 5 down", "link add ifb3 mtu 9000 type ifb"],
        ["link add vb type veth peer name vc", "link add mv0 link vb type macvlan mode bridge", "link add mt0 link vb type macvtap mode vepa"],
        ["link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 ttl 9", "link add vx1 type vxlan vni 7 remote 198.51.100.1 nolearning"],
        ["link add va type veth peer name vb", "link set vb address 02:00:00:00:00:01 broadcast 02:ff:ff:ff:ff:ff", "link delete va"],
        ["link add br1 type bridge", "link add i1 type ifb", "link set i1 master br1", "link set i1 nomaster", "link delete dev br1"],
    ]

    @Test(arguments: scripts)
    func sameResultAsIP(_ script: [String]) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for command in script {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl, compareOutput: false)
        }
        // Operational state settles asynchronously (the kernel's link watch): compare until both agree, for up to 3 s.
        for show in [["-d", "link"], ["-j", "link"]] {
            var expected = "", actual = ""
            for _ in 0..<15 {
                expected = await run(["ip", "-n", withIP.name] + show).standardOutput.maskingHardwareAddresses()
                actual = await run(["ip", "-n", withNlctl.name] + show).standardOutput.maskingHardwareAddresses()
                if actual == expected { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(actual == expected, "\(show)")
        }
    }

    static let failures: [String] = [
        "link add ifb0 type ifb", "link set nope up", "link set va mtu abc", "link delete nope", "link add name averyveryverylongname type ifb",
        "link add averyveryverylongname type ifb", "link set va mtu", "link add va", "link frob", "link set va master nope", "link set va up down va2",
    ]

    @Test(arguments: failures)
    func sameFailureAsIP(_ command: String) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            try await namespace.ip("link add ifb0 type ifb")
            try await namespace.ip("link add va type veth peer name vb")
        }
        await expectSameAsIP(command, ip: withIP, nlctl: withNlctl)
    }
}

extension String {
    /// Replaces every hardware address (and bridge id `8000.aa:bb:...`, which `ip` prints without
    /// zero padding) but broadcast and zero with x's: the kernel picks them at random.
    func maskingHardwareAddresses() -> String {
        let hex = Set("0123456789abcdef")
        var out = ""
        var token = ""
        func flush() {
            let colons = token.filter { $0 == ":" }.count
            let shaped = colons == 5 && token.allSatisfy { hex.contains($0) || $0 == ":" || $0 == "." }
            if shaped && !token.hasSuffix("ff:ff:ff:ff:ff:ff") && !token.hasSuffix("00:00:00:00:00:00") {
                // Every run of hex digits becomes one x: bridge ids drop leading zeros ("8000.a:bb:...").
                var masked = ""
                for character in token {
                    if character == ":" || character == "." {
                        masked.append(character)
                    } else if masked.last != "x" {
                        masked.append("x")
                    }
                }
                out += masked
            } else {
                out += token
            }
            token = ""
        }
        for character in self {
            if hex.contains(character) || character == ":" || character == "." {
                token.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}
