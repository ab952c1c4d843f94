import Foundation
import NetlinkUevent
import Testing

/// The FuzzUevent corpus (`FuzzTesting/Corpus/FuzzUevent`: uevents captured from this kernel,
/// hand-laid seeds, malformed inputs and any crash input kept) replayed through the fuzz checks: the
/// kernel's and the seeds decode, the malformed ones do not.
@Suite("FuzzUevent corpus replay")
struct UeventCorpusReplayTests {
    static let folder: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTesting/Corpus/FuzzUevent", isDirectory: true)

    @Test func replay() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.folder, includingPropertiesForKeys: nil)
        try #require(!files.isEmpty, "FuzzUevent/ holds no input")
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            do {
                try UeventFuzzChecks.check(bytes)
            } catch {
                Issue.record("\(file.lastPathComponent): \(error)")
            }
            let decodes = (try? Uevent(datagram: bytes)) != nil
            let name = file.lastPathComponent
            if name.hasPrefix("kernel-") || name.hasPrefix("seed-") { #expect(decodes, "\(name) does not decode") }
            if name.hasPrefix("malformed-") { #expect(!decodes, "\(name) decodes") }
        }
    }
}
