import Foundation

/// Replays a fuzz target's corpus folder (`FuzzTesting/Corpus/<Target>/`) through its checks, for
/// the test targets that share a family's fuzz checks: every input must pass `check`; a
/// `kernel-*` capture must decode, a `malformed-*` input must not.
public enum CorpusReplay {
    /// What a replay found.
    public struct Outcome: Sendable {
        /// How many inputs the folder holds.
        public var inputs = 0
        /// How many `kernel-*` captures decoded.
        public var decodedCaptures = 0
        /// Each input that broke a rule, with why.
        public var problems: [String] = []
    }

    /// The repository's `FuzzTesting/Corpus` folder, from a test file's `#filePath` two levels below `Tests/`.
    public static func corpusRoot(testFile: String) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzTesting/Corpus", isDirectory: true)
    }

    /// Replays `folder` (named `name` in problems).
    /// - Throws: when the folder cannot be read.
    public static func replay(_ folder: URL, name: String, check: ([UInt8]) throws -> Void, decodes: ([UInt8]) throws -> Bool) throws -> Outcome {
        var outcome = Outcome()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        outcome.inputs = names.count
        for file in names {
            let input = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            do {
                try check(input)
            } catch {
                outcome.problems.append("\(name)/\(file): \(error)")
            }
            let decoded = try decodes(input)
            if file.hasPrefix("kernel-") {
                if decoded { outcome.decodedCaptures += 1 } else { outcome.problems.append("\(name)/\(file) does not decode") }
            } else if file.hasPrefix("malformed-"), decoded {
                outcome.problems.append("\(name)/\(file) decodes")
            }
        }
        return outcome
    }
}
