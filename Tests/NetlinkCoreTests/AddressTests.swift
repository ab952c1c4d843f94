import NetlinkCore
import Testing

@Suite("Addresses")
struct AddressTests {
    /// IPv6 text follows glibc's inet_ntop: longest zero run, first of equals, no single-group "::", IPv4 tails.
    @Test(arguments: [
        ("::", "::"),
        ("::1", "::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
        ("fe80::1:2", "fe80::1:2"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::192.0.2.1", "::192.0.2.1"),
        ("1::", "1::"),
        ("ff02::1:ff00:1", "ff02::1:ff00:1"),
        ("0:0:0:0:0:ffff:c000:0201", "::ffff:192.0.2.1"),
    ])
    func ipv6Text(input: String, expected: String) throws {
        let address = try #require(IPv6Address(input))
        #expect(address.description == expected)
        #expect(IPv6Address(address.description) == address)
        #expect(IPv6Address(bytes: address.bytes) == address)
    }

    /// Malformed IPv6 text is rejected.
    @Test(arguments: ["", ":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::", "1:2:3:4:5:6:7", "::1.2.3", ":1::"])
    func ipv6Invalid(input: String) {
        #expect(IPv6Address(input) == nil)
    }

    /// IPv4 dotted quads round-trip; junk is rejected.
    @Test func ipv4() throws {
        let a = try #require(IPv4Address("10.0.0.1"))
        #expect(a.value == 0x0A00_0001)
        #expect(a.description == "10.0.0.1")
        #expect(a.bytes == [10, 0, 0, 1])
        #expect(IPv4Address(networkOrder: a.networkOrder) == a)
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", "a.b.c.d", "1.2.3.4 ", "0001.2.3.4"] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
    }

    /// MAC addresses print as ip does and parse back.
    @Test func mac() throws {
        let m = try #require(MACAddress("2:42:AC:11:0:2"))
        #expect(m.description == "02:42:ac:11:00:02")
        #expect(MACAddress(bytes: m.bytes) == m)
        #expect(MACAddress("02:42:ac:11:00") == nil)
        #expect(MACAddress("02:42:ac:11:00:002") == nil)
    }
}
