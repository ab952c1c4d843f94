import NetlinkCore
import Testing

/// Names are bytes: `String(rawBytes:)` and `rawBytes` keep every byte, both ways.
@Suite("Raw-byte names")
struct RawBytesStringTests {
    @Test func utf8IsUnchanged() {
        for text in ["", "lo", "eth0", "caf\u{E9}", "cafe\u{301}", "😀x", "\u{1}\u{7F}"] {
            let decoded = String(rawBytes: Array(text.utf8))
            #expect(Array(decoded.utf8) == Array(text.utf8), "\(text)")
            #expect(decoded.rawBytes == Array(text.utf8))
            #expect(!decoded.containsRawBytes)
        }
    }

    /// NFC and NFD are two names: equal as `String`s, different as names.
    @Test func canonicalEquivalentsStayApart() {
        let composed = String(rawBytes: [0x63, 0x61, 0x66, 0xC3, 0xA9])
        let decomposed = String(rawBytes: [0x63, 0x61, 0x66, 0x65, 0xCC, 0x81])
        #expect(composed == decomposed)
        #expect(composed.rawBytes != decomposed.rawBytes)
        #expect(!composed.hasRawBytes(decomposed.rawBytes))
        #expect(composed.hasRawBytes([0x63, 0x61, 0x66, 0xC3, 0xA9]))
    }

    @Test(arguments: [
        [0xFF] as [UInt8], [0x6E, 0xFF, 0xFE, 0x30], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF4, 0x8F, 0xBC, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0x61, 0xF4, 0x8F, 0xBC], [0xE9, 0xE9, 0xE9], [0x80, 0xBF],
    ])
    func bytesComeBack(_ bytes: [UInt8]) {
        let decoded = String(rawBytes: bytes)
        #expect(decoded.rawBytes == bytes)
        #expect(decoded.hasRawBytes(bytes))
        #expect(decoded.containsRawBytes)
        #expect(decoded.unicodeScalars.contains { $0.value >= String.rawByteScalarBase })
    }

    /// 20,000 random byte strings of 0 to 16 bytes, biased towards the bytes of UTF-8's edges.
    @Test func randomBytesRoundTrip() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x01, 0x41, 0x7F, 0x80, 0x8F, 0xBC, 0xBF, 0xC2, 0xC3, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        var failures = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...16, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            if String(rawBytes: bytes).rawBytes != bytes { failures += 1 }
        }
        #expect(failures == 0)
    }

    /// Attributes carry the bytes: encoded from a raw-byte name, decoded back to the same name.
    @Test func attributesCarryTheBytes() throws {
        let bytes: [UInt8] = [0x6E, 0xFF, 0x01, 0xC3, 0xA9]
        var builder = NetlinkMessageBuilder()
        try builder.appendAttribute(3, string: String(rawBytes: bytes))
        let encoded = builder.bytes
        #expect(Array(encoded[4..<10]) == bytes + [0])
        var attributes = NetlinkAttributes(encoded.span.bytes)
        var seen = 0
        while let attribute = try attributes.next() {
            seen += 1
            #expect(attribute.stringBytes() == bytes)
            #expect(attribute.string().rawBytes == bytes)
        }
        #expect(seen == 1)
    }

    @Test func cStringHasTheBytes() {
        let name = String(rawBytes: [0x2F, 0x72, 0xFF, 0x41])
        let seen = name.withRawBytesCString { pointer in (0..<4).map { UInt8(bitPattern: pointer[$0]) } + [UInt8(bitPattern: pointer[4])] }
        #expect(seen == [0x2F, 0x72, 0xFF, 0x41, 0])
    }
}
