import NetlinkCore
import Testing

/// Prefixes parsed as `ip` takes them, failable and throwing, and the one address-family type.
@Suite("Prefixes and address families")
struct PrefixAndFamilyTests {
    @Test func parsesInterfaceAddressesAndNetworks() throws {
        let prefix: IPv4Prefix = "10.88.0.2/16"
        #expect(prefix.address == IPv4Address(10, 88, 0, 2))
        #expect(prefix.length == 16)
        #expect(prefix.description == "10.88.0.2/16")
        #expect(prefix.masked.description == "10.88.0.0/16")
        #expect(prefix.mask == IPv4Address(255, 255, 0, 0))
        #expect(prefix.contains(IPv4Address(10, 88, 255, 1)))
        #expect(!prefix.contains(IPv4Address(10, 89, 0, 1)))
        #expect(IPv4Prefix("192.0.2.1").length == 32)  // A literal: SE-0213 makes it `"…" as IPv4Prefix`.
        #expect(IPv4Prefix("0.0.0.0/0").contains(IPv4Address(203, 0, 113, 9)))
        let text = "192.0.2.1/24"
        #expect(IPv4Prefix(text)?.masked.description == "192.0.2.0/24")  // Text at run time: failable.

        let v6: IPv6Prefix = "2001:db8::1/64"
        #expect(v6.masked.description == "2001:db8::/64")
        #expect(v6.contains(IPv6Address("2001:db8::ffff:1")!))
        #expect(!v6.contains(IPv6Address("2001:db9::1")!))
        #expect(IPv6Prefix("2001:db8::1/127").masked.description == "2001:db8::/127")
        #expect(IPv6Prefix("::1").length == 128)
        #expect(IPv6Prefix("2001:db8:1:2:3:4:5:6/80").masked.description == "2001:db8:1:2:3::/80")

        let either: IPPrefix = "fd00::5/8"
        #expect(either.family == .inet6)
        #expect(either.length == 8)
        #expect(IPPrefix("10.0.0.0/8") == .v4("10.0.0.0/8"))
        #expect(!IPPrefix("10.0.0.0/8").contains(.v6(IPv6Address("::1")!)))
        #expect(IPPrefix(address: .v4(IPv4Address(10, 0, 0, 1)), length: 33) == nil)
    }

    @Test(arguments: [
        "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0/x",
        "300.0.0.0/8", "", "/8", "2001:db8::/129", "2001:db8::/0x10", "2001:db8:::/64", "10.0.0.0/0008",
    ])
    func refusesWhatIsNotAPrefix(_ text: String) {
        #expect(IPPrefix(text) == nil, "\(text)")
        let error = #expect(throws: IPPrefixParseError.self) { try IPPrefix(parsing: text) }
        #expect(error?.text == text)
        #expect(error?.description.hasPrefix("invalid prefix \"\(text)\": ") == true)
    }

    @Test func saysWhatIsWrong() {
        #expect(throws: IPPrefixParseError(text: "10.0.0.0/40", reason: "the length must be a number from 0 to 32")) {
            try IPv4Prefix(parsing: "10.0.0.0/40")
        }
        #expect(throws: IPPrefixParseError(text: "fe80::/24", reason: "\"fe80::\" is not an IPv4 address")) {
            try IPv4Prefix(parsing: "fe80::/24")
        }
    }

    @Test func oneSpellingOfEachFamily() {
        #expect(AddressFamily(of: .v4(IPv4Address(127, 0, 0, 1))) == .inet)
        #expect(IPAddress("::1")?.family == .inet6)
        #expect(AddressFamily.inet == 2)
        #expect(AddressFamily.inet.isIP && AddressFamily.inet6.isIP && !AddressFamily.bridge.isIP)
        #expect(AddressFamily.inet.addressBitCount == 32 && AddressFamily.inet6.addressBitCount == 128)
        #expect([AddressFamily.inet, .inet6, .bridge, .packet, .mpls, 99].map(\.description) == ["inet", "inet6", "bridge", "link", "mpls", "99"])
    }
}
