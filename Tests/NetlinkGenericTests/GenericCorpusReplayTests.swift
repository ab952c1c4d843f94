import Foundation
import NetlinkCore
import NetlinkGeneric
import NetlinkTestSupport
import Testing

/// Replays the corpus of the generic netlink fuzz target: every file under
/// `FuzzTesting/Corpus/FuzzGeneric-<decoder>/` (kernel captures written by
/// `scripts/capture-generic-seeds.py`, malformed inputs laid by hand, and each input that once broke
/// a check, copied there by `scripts/fuzz.sh` as `regression-*`) runs through the checks
/// `FuzzGeneric` runs (`GenericFuzzChecks`, compiled here through a symlink).
@Suite("Generic fuzz corpus replay")
struct GenericCorpusReplayTests {
    @Test("Every corpus input passes its decoder's checks", arguments: GenericFuzzChecks.Decoder.allCases)
    func replay(_ decoder: GenericFuzzChecks.Decoder) throws {
        let folder = CorpusReplay.corpusRoot(testFile: #filePath).appendingPathComponent(decoder.corpusName, isDirectory: true)
        let outcome = try CorpusReplay.replay(folder, name: decoder.corpusName) { input in
            try input.withUnsafeBytes { raw in try decoder.check(raw.bytes) }
        } decodes: { input in try decoder.decodes(input) }
        try #require(outcome.inputs > 0, "\(decoder.corpusName)/ holds no input: the replay would test nothing")
        for problem in outcome.problems { Issue.record("\(problem)") }
        #expect(outcome.decodedCaptures >= 3, "kernel captures decoded: \(outcome.decodedCaptures)")
        print("REPORT-FIGURE fuzz-replay-generic-\(decoder.rawValue)-inputs: \(outcome.inputs) inputs (\(outcome.decodedCaptures) seeds decoded)")
    }
}
