import Foundation
import NetlinkConnector
import Testing

/// The FuzzConnector corpus (`FuzzTesting/Corpus/FuzzConnector`: process events captured from this
/// kernel — fork, exec, uid, gid, sid, comm, exit and a listen acknowledgement — hand-laid seeds,
/// malformed inputs and any crash input kept) replayed through the fuzz checks: each message of the
/// kernel's and the seeds decodes, each malformed input has a message that does not.
@Suite("FuzzConnector corpus replay")
struct ConnectorCorpusReplayTests {
    static let folder: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTesting/Corpus/FuzzConnector", isDirectory: true)

    @Test func replay() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.folder, includingPropertiesForKeys: nil)
        try #require(files.count >= 10, "FuzzConnector/ holds \(files.count) inputs")
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            do {
                try ConnectorFuzzChecks.check(bytes)
            } catch {
                Issue.record("\(file.lastPathComponent): \(error)")
            }
            let results = ConnectorFuzzChecks.decode(bytes)
            let name = file.lastPathComponent
            let decodes = !results.isEmpty && results.allSatisfy { if case .success = $0 { true } else { false } }
            if name.hasPrefix("kernel-") || name.hasPrefix("seed-") { #expect(decodes, "\(name) does not decode: \(results)") }
            if name.hasPrefix("malformed-") { #expect(!decodes, "\(name) decodes") }
            if name.hasPrefix("kernel-"), case .success(let event?)? = results.first {
                let kind = String(name.dropFirst("kernel-".count).dropLast(".bin".count))
                #expect(kind == "ack" ? event.kind.isEmpty : ProcessEventKinds.names.contains { $0.name == kind && $0.kind == event.kind }, "\(name): \(event)")
            }
        }
    }
}
