import Foundation
import NetlinkCore
import NetlinkSockDiag
import Testing

/// Replays the corpus of the sock_diag fuzz target: every file under
/// `FuzzTesting/Corpus/FuzzSockDiag-<decoder>/` (kernel captures written by
/// `scripts/capture-sockdiag-seeds.py`, malformed inputs laid by hand, and each input that once broke
/// a check, copied there by `scripts/fuzz.sh` as `regression-*`) runs through the checks
/// `FuzzSockDiag` runs (`SockDiagFuzzChecks`, compiled here through a symlink).
@Suite("sock_diag fuzz corpus replay")
struct SockDiagCorpusReplayTests {
    static let corpusRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTesting/Corpus", isDirectory: true)

    @Test("Every corpus input passes its decoder's checks", arguments: SockDiagFuzzChecks.Decoder.allCases)
    func replay(_ decoder: SockDiagFuzzChecks.Decoder) throws {
        let folder = Self.corpusRoot.appendingPathComponent(decoder.corpusName, isDirectory: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        try #require(!names.isEmpty, "\(decoder.corpusName)/ holds no input: the replay would test nothing")
        var decoded = 0
        for name in names {
            let input = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            do {
                try input.withUnsafeBytes { raw in try decoder.check(raw.bytes) }
            } catch {
                Issue.record("\(decoder.corpusName)/\(name): \(error)")
            }
            let decodes = decoder.decodes(input)
            if name.hasPrefix("kernel-") {
                if decodes { decoded += 1 } else { Issue.record("\(decoder.corpusName)/\(name) does not decode") }
            } else if name.hasPrefix("malformed-"), decodes {
                Issue.record("\(decoder.corpusName)/\(name) decodes")
            }
        }
        #expect(decoded >= 3, "kernel captures decoded: \(decoded)")
        print("REPORT-FIGURE fuzz-replay-sockdiag-\(decoder.rawValue)-inputs: \(names.count) inputs (\(decoded) seeds decoded)")
    }
}
