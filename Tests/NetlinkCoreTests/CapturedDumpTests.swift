import NetlinkCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Reads a capture written by scripts/capture-example.py: datagrams, each after a 4-byte LE length.
func capturedDatagrams(_ name: String) throws -> [[UInt8]] {
    let root = String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/")
    let path = "/" + root + "/Examples/captures/" + name
    guard let file = fopen(path, "rb") else { throw CaptureMissing(path: path) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        bytes += chunk[0..<n]
    }
    var out: [[UInt8]] = []
    var offset = 0
    while offset + 4 <= bytes.count {
        let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
        offset += 4
        out.append(Array(bytes[offset..<min(offset + length, bytes.count)]))
        offset += length
    }
    return out
}

struct CaptureMissing: Error { var path: String }

/// Dumps the real kernel produced (captured in a private namespace) decode completely.
@Suite("Captured kernel dumps")
struct CapturedDumpTests {
    /// The link dump holds lo, veth0 and veth1 with their MTUs, and ends in DONE with error 0.
    @Test func links() throws {
        var names: [String: UInt32] = [:]
        var done: NetlinkDoneMessage?
        for datagram in try capturedDatagrams("links.nldump") {
            var messages = NetlinkMessages(datagram.span.bytes)
            while let m = try messages.next() {
                if m.type == .done {
                    done = try NetlinkDoneMessage(decoding: m)
                    continue
                }
                #expect(m.type.rawValue == 16)
                #expect(m.flags.contains(.multipart))
                var name = "", mtu: UInt32 = 0
                var attributes = try m.attributes(afterFixedHeader: 16)
                while let a = try attributes.next() {
                    if a.type == 3 { name = try a.nulTerminatedString() }
                    if a.type == 4 { mtu = try a.uint32(.host) }
                    if a.isNested || a.type == 18 || a.type == 26 {
                        // Walk every nest to the bottom: the kernel's own bytes must all parse.
                        try walk(a.nested())
                    }
                }
                names[name] = mtu
            }
        }
        #expect(names == ["lo": 65_536, "veth0": 1_500, "veth1": 1_500])
        #expect(done?.error == 0)
    }

    /// The route dump holds the gateway route and the blackhole route added by the capture script.
    @Test func routes() throws {
        var found: [String] = []
        for datagram in try capturedDatagrams("routes.nldump") {
            var messages = NetlinkMessages(datagram.span.bytes)
            while let m = try messages.next() {
                guard m.type.rawValue == 24 else { continue }
                var destination = "", gateway = ""
                var attributes = try m.attributes(afterFixedHeader: 12)
                while let a = try attributes.next() {
                    if a.type == 1 { destination = try a.ipAddress().description }
                    if a.type == 5 { gateway = try a.ipAddress().description }
                }
                found.append(gateway.isEmpty ? destination : destination + " via " + gateway)
            }
        }
        #expect(found.contains("198.51.100.0 via 192.0.2.254"))
        #expect(found.contains("203.0.113.0"))
        #expect(found.contains("2001:db8::"))
    }

    func walk(_ attributes: consuming NetlinkAttributes) throws {
        while let a = try attributes.next() {
            if a.isNested { try walk(a.nested()) }
        }
    }
}
