import Glibc
import Testing

/// `nlctl -batch` and `-force -batch` against `ip`: the same file on two namespaces gives the same
/// messages (`Command failed FILE:LINE`), exit status and resulting links.
@Suite("nlctl -batch vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct BatchTests {
    static let files: [String] = [
        // A failing line in the middle.
        "link add b0 type ifb\n# a comment\n\nlink add b0 type ifb\nlink set b0 up\n  link add \"b1\" type ifb # trailing comment\nlink set b1 mtu 9000\n",
        // Only successes, with quoting and a continued line.
        "link add 'q0' type ifb\nlink set q0 \\\n  mtu 1400\nlink show q0\n",
        // A usage error ends the batch at once (exit 255), with or without -force.
        "link add u0 type ifb\nlink frob\nlink add u1 type ifb\n",
        // An unknown object is a failed command, not a usage error.
        "frob\nlink add f0 type ifb\n",
        // A device that does not exist.
        "link set nope up\nlink add d0 type ifb\n",
    ]

    static let cases: [(String, Bool)] = files.flatMap { [($0, false), ($0, true)] }

    @Test(arguments: cases)
    func sameAsIP(_ contents: String, force: Bool) throws {
        let path = "/tmp/nlctl-batch-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        guard let file = fopen(path, "w") else { throw SetupFailure(message: "cannot write \(path)") }
        fputs(contents, file)
        fclose(file)
        defer { unlink(path) }
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        let options = force ? ["-force", "-batch", path] : ["-batch", path]
        let expected = run(["ip", "-n", withIP.name] + options)
        let actual = nlctl(["-n", withNlctl.name] + options)
        #expect(actual.status == expected.status)
        #expect(actual.standardError == expected.standardError.replacingIP())
        #expect(actual.standardOutput.maskingHardwareAddresses() == expected.standardOutput.maskingHardwareAddresses())
        let linksIP = run(["ip", "-n", withIP.name, "-br", "link"]).standardOutput.maskingHardwareAddresses()
        let linksNlctl = run(["ip", "-n", withNlctl.name, "-br", "link"]).standardOutput.maskingHardwareAddresses()
        #expect(linksNlctl == linksIP)
    }

    /// A file that cannot be opened.
    @Test func missingFile() {
        let expected = run(["ip", "-batch", "/nonexistent/batch"])
        let actual = nlctl(["-batch", "/nonexistent/batch"])
        #expect(actual.status == expected.status)
        #expect(actual.standardError == expected.standardError)
    }
}
