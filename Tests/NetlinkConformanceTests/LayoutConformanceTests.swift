import Foundation
import Testing

/// The family recipe (Sources/README.md), checked on the source tree: every family module
/// (`Sources/Netlink<Family>`, all but the layers NetlinkCore, Netlink and NetlinkTestSupport) keeps
/// its files in folders by object, its codecs apart from its operations, and its tests in the same
/// folders. A new family that breaks a rule fails here with the file named.
@Suite("Layout: the family recipe")
struct LayoutConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let layers: Set<String> = ["NetlinkCore", "Netlink", "NetlinkTestSupport"]

    static var familyModules: [String] {
        let sources = root.appendingPathComponent("Sources")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []
        return names.filter { $0.hasPrefix("Netlink") && !layers.contains($0) }.sorted()
    }

    /// The Swift files of a folder, as paths relative to it.
    static func swiftFiles(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
    }

    @Test func familyModulesExist() {
        #expect(Self.familyModules.contains("NetlinkRoute"), "\(Self.familyModules)")
    }

    @Test(arguments: familyModules)
    func filesAreInObjectFolders(_ module: String) {
        let files = Self.swiftFiles(under: Self.root.appendingPathComponent("Sources/\(module)"))
        #expect(!files.isEmpty)
        for file in files {
            #expect(file.contains("/"), "\(module)/\(file): a family module keeps its files in folders by object")
        }
        let names = files.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        #expect(Set(names).count == names.count, "\(module): file basenames must be unique in a module")
    }

    /// Codecs (bytes <-> values) import NetlinkCore only; what talks to a socket — operations on a
    /// connection (`NetlinkConnection+X.swift`), streams (`XStream.swift`), event and mirror folders,
    /// system-call controls (`XControl.swift`) — may import Netlink.
    @Test(arguments: familyModules)
    func codecsApartFromOperations(_ module: String) throws {
        let folder = Self.root.appendingPathComponent("Sources/\(module)")
        for file in Self.swiftFiles(under: folder) {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let name = file.split(separator: "/").last.map(String.init) ?? file
            let isOperations = name.hasPrefix("NetlinkConnection+") || name.hasSuffix("Stream.swift") || name.hasSuffix("Control.swift")
                || file.hasPrefix("Events/") || file.hasPrefix("Mirror/")
            let importsTransport = text.split(separator: "\n").contains { $0 == "import Netlink" || $0.hasSuffix(" import Netlink") }
            #expect(!importsTransport || isOperations, "\(module)/\(file): a codec file imports NetlinkCore, not Netlink")
            if text.contains("extension NetlinkConnection") {
                #expect(name.hasPrefix("NetlinkConnection+"), "\(module)/\(file): operations on a connection go in NetlinkConnection+X.swift")
            }
        }
    }

    /// `Tests/<Module>Tests` mirrors `Sources/<Module>`: each test folder names a source folder.
    @Test(arguments: familyModules)
    func testsMirrorSources(_ module: String) throws {
        let tests = Self.root.appendingPathComponent("Tests/\(module)Tests")
        let sources = Self.root.appendingPathComponent("Sources/\(module)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: tests.path)
        for entry in entries.sorted() {
            var isFolder: ObjCBool = false
            let path = tests.appendingPathComponent(entry).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil { continue }   // fuzz checks shared with FuzzTesting
            #expect(FileManager.default.fileExists(atPath: sources.appendingPathComponent(entry).path),
                    "Tests/\(module)Tests/\(entry) has no Sources/\(module)/\(entry)")
        }
    }
}
