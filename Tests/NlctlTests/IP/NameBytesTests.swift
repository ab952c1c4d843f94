import Glibc
import NetlinkCore
import Testing

/// Linux names are bytes. "café" in NFC (`63 61 66 c3 a9`) and in NFD (`63 61 66 65 cc 81`) are
/// two names; Swift's `String ==` takes them as one (canonical equivalence), and nlctl once changed
/// the other link in 8 of 20 runs (a lookup over a dictionary whose order changes per run).
@Suite("Names are bytes", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct NameBytesTests {
    static let composed = "caf\u{E9}"          // NFC: 5 bytes
    static let decomposed = "cafe\u{301}"      // NFD: 6 bytes

    /// The MTU `ip -j` reports for the link with exactly these name bytes.
    static func mtu(of name: String, in namespace: ScratchNamespace) async -> String? {
        let output = await run(["ip", "-n", namespace.name, "-o", "link", "show"]).standardOutput
        for line in output.split(separator: "\n") {
            // "N: NAME: <FLAGS> mtu M ..."
            let fields = line.split(separator: " ")
            guard fields.count > 4, fields[1].utf8.elementsEqual((name + ":").utf8), let at = fields.firstIndex(of: "mtu") else { continue }
            return String(fields[at + 1])
        }
        return nil
    }

    /// 100 runs of `link set dev NAME mtu M`, alternating the two names: each changes the link it
    /// names and only that one.
    @Test func nfcAndNFDAreTwoLinks() async throws {
        #expect(Self.composed == Self.decomposed, "Swift's == takes them as one: the hazard this tests")
        #expect(!Array(Self.composed.utf8).elementsEqual(Array(Self.decomposed.utf8)))
        let namespace = try ScratchNamespace()
        for name in [Self.composed, Self.decomposed] {
            let added = await run(["ip", "-n", namespace.name, "link", "add", name, "type", "ifb"])
            try #require(added.status == 0, "\(added)")
        }
        var wrong = 0
        for round in 0..<100 {
            let (target, other) = round % 2 == 0 ? (Self.composed, Self.decomposed) : (Self.decomposed, Self.composed)
            let before = await Self.mtu(of: other, in: namespace)
            let mtu = String(1_300 + round)
            let result = await nlctl(["-n", namespace.name, "link", "set", "dev", target, "mtu", mtu])
            #expect(result.status == 0, "\(result)")
            let changed = await Self.mtu(of: target, in: namespace)
            let untouched = await Self.mtu(of: other, in: namespace)
            if changed != mtu || untouched != before { wrong += 1 }
        }
        #expect(wrong == 0, "\(wrong) of 100 runs changed the wrong link")
        print("REPORT-FIGURE names-nfc-nfd-link-set: \(100 - wrong) of 100 runs changed only the named link (two links named café in NFC and NFD bytes)")
        // Showing by name shows the one link whose bytes match.
        for name in [Self.composed, Self.decomposed] {
            let shown = await nlctl(["-n", namespace.name, "-o", "link", "show", "dev", name]).standardOutput
            #expect(shown.split(separator: "\n").count == 1, "\(shown)")
            let expected = await run(["ip", "-n", namespace.name, "-o", "link", "show", "dev", name]).standardOutput
            #expect(shown == expected)
        }
    }

    /// Two namespaces named "café" in NFC and NFD bytes are two namespaces for `-n`.
    @Test func nfcAndNFDAreTwoNamespaces() async throws {
        var created: [String] = []
        defer { for name in created { _ = runBlocking(["ip", "netns", "del", name]) } }
        let suffix = "-\(UInt32.random(in: 0...UInt32.max))"
        for (name, link) in [(Self.composed + suffix, "nfc0"), (Self.decomposed + suffix, "nfd0")] {
            let added = await run(["ip", "netns", "add", name])
            try #require(added.status == 0, "\(added)")
            created.append(name)
            #expect(await run(["ip", "-n", name, "link", "add", link, "type", "ifb"]).status == 0)
        }
        for (name, link, absent) in [(Self.composed + suffix, "nfc0", "nfd0"), (Self.decomposed + suffix, "nfd0", "nfc0")] {
            let shown = await nlctl(["-n", name, "-br", "link"]).standardOutput
            #expect(shown.contains(link) && !shown.contains(absent), "\(name): \(shown)")
        }
    }

    /// An alias whose bytes are not UTF-8 (and hold a control byte and a quote): the text is ip's
    /// byte for byte; the JSON is valid, with `\\udcXX` for each byte that is not UTF-8 (read back
    /// with Python's surrogateescape, the bytes come back).
    @Test func aliasBytesAsIP() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link add i0 address 02:00:00:00:00:09 type ifb")
        let set = await run(["sh", "-c", "ip -n \(namespace.name) link set i0 alias \"$(printf 'caf\\351\\001 \\377\\042x')\""])
        try #require(set.status == 0, "\(set)")
        let alias: [UInt8] = [0x63, 0x61, 0x66, 0xE9, 0x01, 0x20, 0xFF, 0x22, 0x78]
        for command in [["link", "show", "i0"], ["-d", "link", "show", "i0"], ["link"]] {
            let expected = await run(["ip", "-n", namespace.name] + command)
            let actual = await nlctl(["-n", namespace.name] + command)
            #expect(actual.outputBytes == expected.outputBytes, "\(command)")
            #expect(actual.outputBytes.firstRange(of: alias) != nil, "\(command): the alias's bytes")
        }
        let json = await nlctl(["-n", namespace.name, "-j", "link", "show", "i0"])
        #expect(json.standardOutput.contains(#""ifalias":"caf\udce9\u0001 \udcff\"x""#), "\(json.standardOutput)")
        let decoded = await run(["python3", "-c", "import json,sys; d=json.loads(sys.argv[1]); sys.stdout.write(d[0]['ifalias'].encode('utf-8','surrogateescape').hex())", json.standardOutput])
        #expect(decoded.standardOutput == "636166e90120ff2278", "\(decoded)")
    }

    /// Names that `String` would change or conflate: not UTF-8, control bytes, 15 bytes (the
    /// longest an interface name may be), 15 bytes none of which is UTF-8, the UTF-8 of the first
    /// raw-byte scalar (U+10FF00, which must stay those four bytes), and NFD.
    static let byteNames: [[UInt8]] = [
        [0x6E, 0xFF, 0xFE, 0x30],
        [0x63, 0x01, 0x1B, 0x7F, 0x30],
        Array("abcdefghijklmno".utf8),
        [UInt8](repeating: 0xE9, count: 15),
        [0x6E, 0xF4, 0x8F, 0xBC, 0x80],
        Array("cafe\u{301}".utf8),
    ]

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    /// The JSON string value under `key` of the first object of `json`, as bytes (Python's
    /// surrogateescape turns nlctl's `\udcXX` back into the byte), in hex; also proves the JSON valid.
    static func jsonBytes(_ json: String, _ key: String) async -> String {
        let script = "import json,sys; d=json.loads(sys.argv[1]); sys.stdout.write(d[0][sys.argv[2]].encode('utf-8','surrogateescape').hex())"
        return await run(["python3", "-c", script, json, key]).standardOutput
    }

    /// Every object that has a name, named with bytes: a link nlctl creates, shown by name and by an
    /// alternative name, its alias, an address label, a batch line, and a namespace for `-n`. ip sees
    /// exactly the bytes nlctl was given; nlctl's text is ip's byte for byte; its JSON is valid and
    /// gives the bytes back.
    @Test(arguments: byteNames)
    func everyNamedObject(_ bytes: [UInt8]) async throws {
        let namespace = try ScratchNamespace()
        let ns = namespace.name
        let name = String(rawBytes: bytes)
        #expect(name.rawBytes == bytes)
        let added = await nlctl(["-n", ns, "link", "add", name, "type", "ifb"])
        try #require(added.status == 0, "\(added)")
        let listed = await run(["ip", "-n", ns, "-o", "link", "show"])
        #expect(listed.outputBytes.firstRange(of: Array(": ".utf8) + bytes + Array(": ".utf8)) != nil, "ip lists the link under the bytes nlctl was given")

        // Alternative name, alias and address label, each of bytes too.
        let alternative = String(rawBytes: bytes + Array("-alt".utf8))
        let property = await run(["ip", "-n", ns, "link", "property", "add", "dev", name, "altname", alternative])
        #expect(property.status == 0, "\(property)")
        let aliasBytes = bytes + [0x20] + bytes
        let alias = await nlctl(["-n", ns, "link", "set", "dev", name, "alias", String(rawBytes: aliasBytes), "up"])
        #expect(alias.status == 0, "\(alias)")
        let labelBytes = Array(bytes.prefix(12)) + Array(":1".utf8)
        let label = String(rawBytes: labelBytes)
        let address = await nlctl(["-n", ns, "address", "add", "192.0.2.1/24", "dev", name, "label", label])
        #expect(address.status == 0, "\(address)")

        for command in [
            ["link", "show", "dev", name], ["link", "show", "dev", alternative], ["-d", "link", "show", name],
            ["address", "show", "dev", name], ["address", "show", "label", label], ["-4", "address", "show", "label", String(rawBytes: Array(bytes.prefix(12)) + Array(":*".utf8))],
            ["link"], ["-o", "address"], ["route", "show", "dev", name],
        ] {
            let expected = await run(["ip", "-n", ns] + command)
            let actual = await nlctl(["-n", ns] + command)
            #expect(actual.status == expected.status, "\(command)")
            #expect(actual.outputBytes == expected.outputBytes, "\(command): \(actual.standardOutput) vs ip: \(expected.standardOutput)")
        }
        #expect(await run(["ip", "-n", ns, "link", "show", "dev", name]).outputBytes.firstRange(of: Array("alias ".utf8) + aliasBytes) != nil)

        let json = await nlctl(["-n", ns, "-j", "link", "show", "dev", name])
        #expect(await Self.jsonBytes(json.standardOutput, "ifname") == Self.hex(bytes), "\(json.standardOutput)")
        #expect(await Self.jsonBytes(json.standardOutput, "ifalias") == Self.hex(aliasBytes))
        let addresses = await nlctl(["-n", ns, "-j", "address", "show", "dev", name])
        #expect(await Self.jsonBytes(addresses.standardOutput, "ifname") == Self.hex(bytes), "\(addresses.standardOutput)")

        // A batch file names the link with its bytes.
        let file = "/tmp/nlctl-names-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(file) }
        let line = Array("link set dev ".utf8) + bytes + Array(" mtu 1400\n".utf8)
        let stream = try #require(fopen(file, "w"))
        _ = line.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, stream) }
        fclose(stream)
        let batch = await nlctl(["-n", ns, "-batch", file])
        #expect(batch.status == 0, "\(batch)")
        #expect(await run(["ip", "-n", ns, "-o", "link", "show", "dev", name]).standardOutput.contains(" mtu 1400 "))

        // A namespace named with the bytes, for -n.
        let namespaceName = String(rawBytes: bytes + Array("-\(UInt32.random(in: 0...UInt32.max))".utf8))
        let made = await run(["ip", "netns", "add", namespaceName])
        try #require(made.status == 0, "\(made)")
        defer { _ = runBlocking(["ip", "netns", "del", namespaceName]) }
        #expect(await run(["ip", "-n", namespaceName, "link", "add", "x0", "type", "ifb"]).status == 0)
        let inside = await nlctl(["-n", namespaceName, "link", "show"])
        #expect(inside.status == 0, "\(inside)")
        #expect(inside.outputBytes == (await run(["ip", "-n", namespaceName, "link", "show"])).outputBytes)
        #expect(inside.standardOutput.contains(": x0: "))
        let namespaces = await nlctl(["netns", "list"])
        #expect(namespaces.outputBytes.firstRange(of: namespaceName.rawBytes) != nil, "netns list shows the name's bytes")
        print("REPORT-FIGURE names-bytes-\(Self.hex(bytes)): link, altname, alias, label, batch line and -n namespace named with these bytes; 9 commands compared with ip byte for byte, JSON read back")
    }
}
