import Foundation
import NetlinkCore
import NetlinkRoute
import Testing

/// Replays the corpus of the rtnetlink fuzz target: every file under
/// `FuzzTesting/Corpus/FuzzRoute-<decoder>/` (kernel captures written by
/// `scripts/capture-route-seeds.py`, and each input that once broke a check, copied there by
/// `scripts/fuzz.sh` as `regression-*`) runs through the very checks `FuzzRoute` runs.
/// `RouteFuzzChecks` is compiled into this target through the symlink
/// `RouteFuzzChecks -> ../../FuzzTesting/Sources/RouteFuzzChecks`, so there is one copy of the
/// properties. The corpus is read in place in the repository (found from this file's path).
@Suite("Route fuzz corpus replay")
struct RouteCorpusReplayTests {
    /// `FuzzTesting/Corpus/` of this repository.
    static let corpusRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTesting/Corpus", isDirectory: true)

    /// The corpus files of one decoder, sorted by name; fails when the folder is missing or empty,
    /// so the replay cannot silently test nothing.
    static func corpusFiles(_ decoder: RouteFuzzChecks.Decoder) throws -> [URL] {
        let folder = corpusRoot.appendingPathComponent(decoder.corpusName, isDirectory: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test("Every corpus input passes its decoder's checks", arguments: RouteFuzzChecks.Decoder.allCases)
    func replay(_ decoder: RouteFuzzChecks.Decoder) throws {
        let files = try Self.corpusFiles(decoder)
        try #require(!files.isEmpty, "\(decoder.corpusName)/ holds no input: the replay would test nothing")
        var decoded = 0
        for file in files {
            let input = try [UInt8](Data(contentsOf: file))
            do {
                try input.withUnsafeBytes { raw in try decoder.check(raw.bytes) }
            } catch {
                Issue.record("\(decoder.corpusName)/\(file.lastPathComponent): \(error)")
            }
            // What the kernel sent (kernel-*) and the hand-laid seeds (seed-*) decode, so they reach
            // the round trip; the malformed-* inputs do not.
            guard let message = decoder.message(for: input) else { continue }
            let name = file.lastPathComponent
            let decodes = try Self.decodes(message, details: decoder == .linkinfo)
            if name.hasPrefix("kernel-") || name.hasPrefix("seed-") {
                if decodes { decoded += 1 } else { Issue.record("\(decoder.corpusName)/\(name) does not decode") }
            } else if name.hasPrefix("malformed-"), decodes {
                Issue.record("\(decoder.corpusName)/\(name) decodes")
            }
        }
        print("REPORT-FIGURE fuzz-replay-\(decoder.rawValue)-inputs: \(files.count) inputs (\(decoded) seeds decoded)")
    }

    /// Whether the message decodes with the model of its type (and, with `details`, a link's kind
    /// and port data with their decoders).
    static func decodes(_ message: [UInt8], details: Bool = false) throws -> Bool {
        let type = message.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt16.self) }
        func ok<M: Hashable>(_ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> M) throws -> Bool {
            if case .success = try RouteFuzzChecks.decode(message, "seed", decode) { return true }
            return false
        }
        switch type {
        case 16 where details:
            return try ok { m throws(NetlinkDecodingError) in
                let link = try Link(decoding: m)
                return [try link.kindDetails().map { "\($0)" }, try link.portDetails().map { "\($0)" }]
            }
        case 16: return try ok { m throws(NetlinkDecodingError) in try Link(decoding: m) }
        case 20: return try ok { m throws(NetlinkDecodingError) in try InterfaceAddress(decoding: m) }
        case 24: return try ok { m throws(NetlinkDecodingError) in try Route(decoding: m) }
        case 28: return try ok { m throws(NetlinkDecodingError) in try Neighbor(decoding: m) }
        case 32: return try ok { m throws(NetlinkDecodingError) in try Rule(decoding: m) }
        case 80: return try ok { m throws(NetlinkDecodingError) in try Netconf(decoding: m) }
        case 104: return try ok { m throws(NetlinkDecodingError) in try Nexthop(decoding: m) }
        case 88: return try ok { m throws(NetlinkDecodingError) in try NamespaceIDAssignment(decoding: m) }
        case 92: return try ok { m throws(NetlinkDecodingError) in try LinkStatisticsReport(decoding: m) }
        case RouteFuzzChecks.fibLookupWrapperType.rawValue: return try ok { m throws(NetlinkDecodingError) in try FIBLookupMessage.decode(m) }
        default: return false
        }
    }

    /// The checks can fail: an encoder that loses a field breaks the round trip, and a decoder that
    /// answers differently twice breaks determinism.
    @Test func checksCanFail() throws {
        var neighbor = Neighbor(family: 2, index: 3, destination: IPAddress("192.0.2.7"), linkLayerAddress: [2, 0, 0, 0, 0, 7])
        neighbor.probes = 4
        var builder = NetlinkMessageBuilder()
        try builder.message(type: RouteMessageType.newNeighbor, flags: [], sequence: 1) { b in try neighbor.encode(into: &b) }
        let bytes = builder.bytes
        // The real encoder passes...
        try RouteFuzzChecks.checkNeighbor(bytes)
        // ...one that drops NDA_PROBES does not.
        #expect(throws: RouteFuzzChecks.Failure.self) {
            try RouteFuzzChecks.checkExactRoundTrip(
                bytes, "lossy neighbor", type: RouteMessageType.newNeighbor, textFields: { _ in [] },
                decode: { m throws(NetlinkDecodingError) in try Neighbor(decoding: m) },
                encode: { value, b in
                    var lossy = value
                    lossy.probes = nil
                    try lossy.encode(into: &b)
                })
        }
        // A decoder that is not deterministic is caught.
        nonisolated(unsafe) var calls = 0
        #expect(throws: RouteFuzzChecks.Failure.self) {
            _ = try RouteFuzzChecks.decode(bytes, "flaky", { _ throws(NetlinkDecodingError) in
                calls += 1
                return calls
            })
        }
        // An empty input is a header cut short for every decoder: an error, not a failed check.
        for decoder in RouteFuzzChecks.Decoder.allCases {
            try [UInt8]().withUnsafeBytes { raw in try decoder.check(raw.bytes) }
        }
    }
}
