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
}
