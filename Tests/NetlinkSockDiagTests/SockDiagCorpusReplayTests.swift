import Foundation
import NetlinkCore
import NetlinkSockDiag
import NetlinkTestSupport
import Testing

/// Replays the corpus of the sock_diag fuzz target: every file under
/// `FuzzTesting/Corpus/FuzzSockDiag-<decoder>/` (kernel captures written by
/// `scripts/capture-sockdiag-seeds.py`, malformed inputs laid by hand, and each input that once broke
/// a check, copied there by `scripts/fuzz.sh` as `regression-*`) runs through the checks
/// `FuzzSockDiag` runs (`SockDiagFuzzChecks`, compiled here through a symlink).
@Suite("sock_diag fuzz corpus replay")
struct SockDiagCorpusReplayTests {
    @Test("Every corpus input passes its decoder's checks", arguments: SockDiagFuzzChecks.Decoder.allCases)
    func replay(_ decoder: SockDiagFuzzChecks.Decoder) throws {
        let folder = CorpusReplay.corpusRoot(testFile: #filePath).appendingPathComponent(decoder.corpusName, isDirectory: true)
        let outcome = try CorpusReplay.replay(folder, name: decoder.corpusName) { input in
            try input.withUnsafeBytes { raw in try decoder.check(raw.bytes) }
        } decodes: { input in decoder.decodes(input) }
        try #require(outcome.inputs > 0, "\(decoder.corpusName)/ holds no input: the replay would test nothing")
        for problem in outcome.problems { Issue.record("\(problem)") }
        #expect(outcome.decodedCaptures >= 3, "kernel captures decoded: \(outcome.decodedCaptures)")
        print("REPORT-FIGURE fuzz-replay-sockdiag-\(decoder.rawValue)-inputs: \(outcome.inputs) inputs (\(outcome.decodedCaptures) seeds decoded)")
    }
}
