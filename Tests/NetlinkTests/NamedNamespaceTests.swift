import Glibc
import KernelFeatures
import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// Named namespaces made, found, identified and removed by the library (`ip netns add|list|
/// identify|pids|delete`), checked against what iproute2 and /proc see. Every name is unique to the
/// test and removed at the end.
@Suite("Named network namespaces", .enabled(if: KernelAccess.available, KernelAccess.reason), .serialized)
struct NamedNamespaceTests {
    static func uniqueName(_ tag: String) -> String { "nltest-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }

    /// Starts `ip netns exec NAME sleep 60` and returns its pid once it runs in that namespace.
    static func processInside(_ name: String, namespace: NetworkNamespace) throws -> pid_t {
        var pid: pid_t = 0
        let arguments = ["ip", "netns", "exec", name, "sleep", "60"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        guard posix_spawnp(&pid, "ip", nil, nil, argv, environ) == 0 else { throw SpawnFailure() }
        for _ in 0..<200 {
            if let inside = try? NetworkNamespace.ofProcess(pid), inside.isSameNamespace(as: namespace) { return pid }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, nil, 0)
        throw SpawnFailure()
    }

    struct SpawnFailure: Error {}

    @Test func createListIdentifyDelete() async throws {
        let name = Self.uniqueName("named")
        let created = try NetworkNamespace.create(named: name)
        defer { try? NetworkNamespace.delete(named: name) }

        // ip sees it, the library lists it, and it is a new, empty namespace.
        #expect(NetworkNamespace.names().contains(name))
        #expect(KernelSocketTests.ipNetnsList().contains(name))
        let connection = try await NetlinkConnection(family: .route, namespace: created)
        #expect(try await connection.links().map(\.name) == ["lo"])
        #expect(created.origin == "/run/netns/" + name)

        // Opened again by name: the same namespace; not the caller's.
        let opened = try NetworkNamespace.named(name)
        #expect(opened.isSameNamespace(as: created))
        #expect(opened.identity != nil && opened.identity == created.identity)
        #expect(try !NetworkNamespace.current().isSameNamespace(as: created))
        #expect(try NetworkNamespace.ofProcess(getpid()).isSameNamespace(as: NetworkNamespace.current()))

        // identify and pids, both ways.
        #expect(created.boundNames() == [name])
        #expect(try !NetworkNamespace.current().boundNames().contains(name))
        let pid = try Self.processInside(name, namespace: created)
        defer { kill(pid, SIGKILL); waitpid(pid, nil, 0) }
        #expect(try NetworkNamespace.ofProcess(pid).boundNames() == [name])
        #expect(created.processIDs() == [pid])
        #expect(try !NetworkNamespace.current().processIDs().contains(pid))

        // A second add of the name fails as ip's does, naming the file.
        let again = #expect(throws: NetlinkError.self) { try NetworkNamespace.create(named: name) }
        #expect(again?.code == .namespaceFailed)
        #expect(again?.errno == .fileExists)
        #expect(again?.description == "Cannot create namespace file \"/run/netns/\(name)\": File exists")

        // Deleted: gone from the list and from ip's; the open descriptor still holds the namespace.
        try NetworkNamespace.delete(named: name)
        #expect(!NetworkNamespace.names().contains(name))
        #expect(!KernelSocketTests.ipNetnsList().contains(name))
        #expect(try await connection.links().map(\.name) == ["lo"])
        let missing = #expect(throws: NetlinkError.self) { _ = try NetworkNamespace.named(name) }
        #expect(missing?.errno == .noSuchFileOrDirectory)
        #expect(missing?.description == "Cannot open network namespace \"\(name)\": No such file or directory")
        let deletedTwice = #expect(throws: NetlinkError.self) { try NetworkNamespace.delete(named: name) }
        #expect(deletedTwice?.description == "Cannot remove namespace file \"/run/netns/\(name)\": No such file or directory")
    }

    /// Names that ip refuses are refused before anything is made; a process that does not exist is ENOENT.
    @Test func invalidNamesAndProcesses() throws {
        for name in ["", ".", "..", "a/b", String(repeating: "x", count: 255)] {
            #expect(!NetworkNamespace.isValidName(name), "\(name)")
            let error = #expect(throws: NetlinkError.self) { try NetworkNamespace.create(named: name) }
            #expect(error?.code == .namespaceFailed)
            #expect(error?.errno == .invalidArgument)
            #expect(error?.description == "Invalid netns name \"\(name)\": Invalid argument")
        }
        #expect(NetworkNamespace.isValidName(String(repeating: "x", count: 254)))
        let error = #expect(throws: NetlinkError.self) { _ = try NetworkNamespace.ofProcess(Int32.max) }
        #expect(error?.errno == .noSuchFileOrDirectory)
        #expect(error?.description == "Cannot open network namespace of process \(Int32.max): No such file or directory")
    }

    /// A name is bytes: one that is not UTF-8, and NFC/NFD twins, are made, listed and found byte
    /// for byte (the directory entries are exactly those bytes).
    @Test func namesAreBytes() throws {
        let base = Self.uniqueName("bytes")
        let raw = String(rawBytes: Array(base.utf8) + [0xFF, 0x2D])
        let composed = base + "-caf\u{E9}"           // NFC
        let decomposed = base + "-cafe\u{301}"       // NFD: canonically equal as a String, other bytes
        var made: [String] = []
        defer { for name in made { try? NetworkNamespace.delete(named: name) } }
        for name in [raw, composed, decomposed] {
            try NetworkNamespace.create(named: name)
            made.append(name)
        }
        let listed = NetworkNamespace.names().filter { $0.rawBytes.starts(with: Array(base.utf8)) }
        #expect(Set(listed.map(\.rawBytes)) == Set([raw, composed, decomposed].map(\.rawBytes)))
        #expect(access("/run/netns/" + base + "\u{FF}-", F_OK) != 0)  // U+00FF (two bytes) is another name
        // Each opens its own namespace: NFC and NFD are two.
        let nfc = try NetworkNamespace.named(composed)
        let nfd = try NetworkNamespace.named(decomposed)
        #expect(!nfc.isSameNamespace(as: nfd))
        #expect(nfc.boundNames().map(\.rawBytes) == [composed.rawBytes])
        try NetworkNamespace.delete(named: decomposed)
        made.removeLast()
        #expect(try NetworkNamespace.named(composed).isSameNamespace(as: nfc))
        #expect(throws: NetlinkError.self) { _ = try NetworkNamespace.named(decomposed) }
    }
}

extension KernelSocketTests {
    /// The names `ip netns list` prints (the first word of each line).
    static func ipNetnsList() -> [String] {
        let output = runCapturingOutput(["ip", "netns", "list"]).output
        return output.split(separator: UInt8(ascii: "\n")).map { String(rawBytes: $0.prefix { $0 != UInt8(ascii: " ") }) }
    }
}
