import Glibc
import Testing

/// `nlctl [-n NETNS] [-j] TOOL ARGS`: the tool table. A tool's name wins only as an exact word;
/// tools not built yet say so in one line and fail; a link named after a tool runs that tool.
@Suite("nlctl tool dispatch")
struct ToolDispatchTests {
    static let plannedTools = ["tc", "bridge", "conntrack", "nft"]

    @Test(arguments: plannedTools)
    func plannedToolSaysNotImplemented(_ tool: String) async {
        for prefix in [[], ["-j"], ["-n", "nlctl-no-such-namespace"], ["-json", "-netns", "x"], ["--json"]] {
            let result = await nlctl(prefix + [tool, "-h"])
            #expect(result.status == 1, "\(prefix) \(tool)")
            #expect(result.standardOutput.isEmpty, "\(prefix) \(tool)")
            let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "one line: \(result.standardError)")
            #expect(result.standardError.hasPrefix("nlctl: \(tool): not implemented yet"), "\(result.standardError)")
            #expect(!result.standardError.contains("Object"), "never ip's object message: \(result.standardError)")
        }
    }

    /// Only the exact word selects a tool: abbreviations and longer words stay ip's objects.
    @Test func toolNamesAreExactWords() async {
        let tcp = await nlctl(["tcp", "help"])   // ip 6.1: tcp abbreviates tcpmetrics
        #expect(tcp.standardError.hasPrefix("Usage:\tnlctl tcp_metrics/tcpmetrics { COMMAND | help }\n"), "\(tcp)")
        #expect(tcp.status == 255)
        let bridges = await nlctl(["bridges"])
        #expect(bridges.standardError == "Object \"bridges\" is unknown, try \"nlctl help\".\n")
        let tc = await nlctl(["tc"])
        #expect(tc.standardError.hasPrefix("nlctl: tc: not implemented yet"))
    }

    /// `nlctl ip ARGS` is `nlctl ARGS`, with ip's options before or after the word ip.
    @Test func explicitIP() async {
        for (explicit, implicit) in [
            (["ip", "-br", "link", "show", "lo"], ["-br", "link", "show", "lo"]),
            (["-j", "ip", "link", "show", "lo"], ["-j", "link", "show", "lo"]),
            (["ip", "-j", "-p", "address", "show", "lo"], ["-j", "-p", "address", "show", "lo"]),
            (["ip", "help"], ["help"]), (["ip", "frobnicate"], ["frobnicate"]),
        ] {
            let a = await nlctl(explicit)
            let b = await nlctl(implicit)
            #expect(a == b, "\(explicit) against \(implicit)")
        }
    }

    /// A tool word after one of ip's own options is not a tool: ip says why.
    @Test func toolAfterIPOptions() async {
        let result = await nlctl(["-s", "ss"])
        #expect(result.status == 1)
        #expect(result.standardError == "nlctl: ss is a tool: only -n NETNS and -j may come before its name (nlctl [-n NETNS] [-j] ss ...).\n")
    }

    /// Started through a link named after a tool, nlctl is that tool (busybox style).
    @Test func linkNamedAfterATool() async throws {
        let directory = "/tmp/nlctl-links-\(getpid())"
        mkdir(directory, 0o700)
        defer { _ = runBlocking(["rm", "-rf", directory]) }
        for name in ["ss", "tc", "ip"] { #expect(symlink(nlctlPath, "\(directory)/\(name)") == 0) }
        let ss = await run(["\(directory)/ss", "-V"])
        #expect(ss.status == 0 && ss.standardOutput == "ss utility, iproute2-6.1.0\n", "\(ss)")
        let tc = await run(["\(directory)/tc", "qdisc"])
        #expect(tc.status == 1 && tc.standardError.hasPrefix("nlctl: tc: not implemented yet"), "\(tc)")
        let ip = await run(["\(directory)/ip", "-br", "link", "show", "lo"])
        #expect(ip == (await nlctl(["-br", "link", "show", "lo"])))
    }
}
