import Foundation
import NetlinkCore
import Testing

/// Replays the fuzz corpus: every file under `Corpus/<Target>/` (seeds, malformed shapes, and each
/// input that once crashed a fuzz target, copied there by `scripts/fuzz.sh`) runs through the very
/// checks the fuzz targets run. `FuzzChecks` is compiled into this target through the symlink
/// `FuzzChecks -> ../../FuzzTesting/Sources/FuzzChecks`, so there is one copy of the properties.
///
/// A trap in NetlinkCore stops the test process; a property that does not hold is reported here with
/// the file's name. Regenerate the seeds with `python3 FuzzTesting/make-seeds.py`.
@Suite("Fuzz corpus replay")
struct CorpusReplayTests {
    /// The corpus files of one target, sorted by name; fails when the folder is missing or empty,
    /// so the replay cannot silently test nothing.
    static func corpusFiles(_ target: FuzzChecks.Target) throws -> [URL] {
        let root = try #require(
            Bundle.module.url(forResource: "Corpus", withExtension: nil), "the Corpus resource is missing from the bundle")
        let folder = root.appendingPathComponent(target.rawValue, isDirectory: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test("Every corpus input passes its target's checks", arguments: FuzzChecks.Target.allCases)
    func replay(_ target: FuzzChecks.Target) throws {
        let files = try Self.corpusFiles(target)
        try #require(!files.isEmpty, "Corpus/\(target.rawValue)/ holds no input: the replay would test nothing")
        for file in files {
            let input = try [UInt8](Data(contentsOf: file))
            do {
                try input.withUnsafeBytes { raw in try target.check(raw.bytes) }
            } catch {
                Issue.record("\(target.rawValue)/\(file.lastPathComponent): \(error)")
            }
        }
    }

    /// The checks themselves can fail: a round trip is compared, not just run.
    @Test func checksRunOnEdgeInputsAndCanFail() throws {
        // A datagram whose only message claims 15 bytes: the splitter must refuse it...
        let bad: [UInt8] = [15, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        try bad.withUnsafeBytes { raw in try FuzzChecks.Target.messages.check(raw.bytes) }
        // ...and an empty input is a valid (empty) datagram, attribute stream and control payload.
        for target in FuzzChecks.Target.allCases {
            try [UInt8]().withUnsafeBytes { raw in try target.check(raw.bytes) }
        }
        #expect(throws: FuzzChecks.Failure.self) {
            try FuzzChecks.require(false, "deliberately broken")
        }
    }
}
