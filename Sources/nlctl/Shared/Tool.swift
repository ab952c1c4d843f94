import Glibc
import Netlink
import NetlinkCore

/// The options every tool of nlctl takes before its name: `nlctl [-n NETNS] [-j] TOOL ARGS`.
///
/// They are read with ip's rules (`-n`, `-ne`, … `-netns`; `-j`, `-js`, `-json`; a leading `--` is
/// allowed); a tool's own options come after its name, in its own grammar.
struct ToolOptions: Sendable, Equatable {
    /// `-n NETNS`: the named network namespace (`/run/netns/NETNS`) the tool works in.
    var namespace: String?
    /// `-j`: JSON output, also for tools whose original has none.
    var json = false
}

extension ToolOptions {
    /// The `-n` namespace opened (`nil` without `-n`); `false` after ip's "Cannot open network
    /// namespace" on standard error when it cannot be.
    /// With `refusingSandboxFor`, a tool that needs a real socket refuses first in the fuzz
    /// target's sandbox (`nlctl: WHAT is not run in the sandbox`).
    func openNamespace(refusingSandboxFor what: String? = nil) -> (opened: Bool, namespace: NetworkNamespace?) {
        if let what, Sandbox.isOn {
            printError("nlctl: \(what) is not run in the sandbox")
            return (false, nil)
        }
        guard let name = namespace else { return (true, nil) }
        do throws(NetlinkError) {
            return (true, try ProcessNamespace.named(name))
        } catch {
            printError("Cannot open network namespace \"\(name)\": \(error.errno?.description ?? error.iproute2Description)")
            return (false, nil)
        }
    }
}

/// One tool of the multi-tool: `ip`, `ss`, `tc`, … Each lives in a folder of its own under
/// `Sources/nlctl/` (`IP/`, later `SS/`, `TC/`, …) and takes its original's arguments.
protocol NlctlTool: Sendable {
    /// The word that selects the tool (`nlctl ss …`) and the name of a link that runs it (`ln -s nlctl ss`).
    static var name: String { get }
    /// Runs the tool with the arguments after its name; returns the exit status.
    static func run(_ arguments: [String], options: ToolOptions, output: BufferedOutput) async -> Int32
}

/// A tool of the plan that is not built yet: one clear line on standard error and status 1 (never ip's
/// "Object is unknown", and never a partial answer that looks like the original's).
struct PlannedTool: Sendable {
    let name: String
    let summary: String

    func run() -> Int32 {
        printError("nlctl: \(name): not implemented yet (\(summary))")
        return 1
    }
}

/// The tool table (iproute2's `cmds[]`, busybox's applets): which tool a command line or a program
/// name selects.
enum Tools {
    /// The tools that are built.
    static let built: [any NlctlTool.Type] = [IPTool.self, GenlTool.self, EthtoolTool.self, SSTool.self, FIBTool.self, UdevadmTool.self, AuditctlTool.self, RawTool.self]

    /// The tools of the plan not built yet, in the order ip's usage (`nlctl help`) lists them.
    static let planned: [PlannedTool] = [
        PlannedTool(name: "tc", summary: "traffic control, like tc(8)"),
        PlannedTool(name: "bridge", summary: "bridge fdb, vlan, mdb and links, like bridge(8)"),
        PlannedTool(name: "conntrack", summary: "connection tracking over nfnetlink, like conntrack(8)"),
        PlannedTool(name: "nft", summary: "nf_tables rulesets over nfnetlink, like nft(8)"),
    ]

    /// What a command line selects.
    enum Selection {
        case built(any NlctlTool.Type, [String], ToolOptions)
        case planned(PlannedTool)
    }

    /// Chooses the tool for `arguments` run as `program` (the basename of `argv[0]`).
    ///
    /// A program named after a tool is that tool (`ln -s nlctl ss`). Otherwise a tool's name selects
    /// it only as an exact word after the global options `-n NETNS` and `-j` (`nlctl tc` is tc, while
    /// `nlctl tcp` still abbreviates ip's tcp_metrics); `nlctl ip …` is ip; anything else is ip's
    /// grammar with the arguments untouched (`nlctl -s route`).
    static func select(_ arguments: [String], program: String) -> Selection {
        if program != "nlctl", let selection = tool(named: program, arguments: arguments, options: ToolOptions()) {
            return selection
        }
        var options = ToolOptions()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            var word = arguments[index]
            if word.hasPrefix("--") { word.removeFirst() }
            if word.count >= 2, matches(word, "-netns"), index + 1 < arguments.endIndex {
                options.namespace = arguments[index + 1]
                index += 2
            } else if word.count >= 2, matches(word, "-json") {
                options.json = true
                index += 1
            } else {
                break
            }
        }
        if index < arguments.endIndex,
           let selection = tool(named: arguments[index], arguments: Array(arguments[(index + 1)...]), options: options) {
            if case .built(let type, _, _) = selection, type == IPTool.self {
                // `nlctl [-n NETNS] [-j] ip ARGS`: ip reads its own options, the leading ones included.
                return .built(IPTool.self, Array(arguments[..<index]) + Array(arguments[(index + 1)...]), ToolOptions())
            }
            return selection
        }
        return .built(IPTool.self, arguments, ToolOptions())
    }

    private static func tool(named name: String, arguments: [String], options: ToolOptions) -> Selection? {
        if let type = built.first(where: { $0.name == name }) { return .built(type, arguments, options) }
        if let tool = planned.first(where: { $0.name == name }) { return .planned(tool) }
        return nil
    }

    /// Whether `word` is a tool's name (ip's dispatcher uses it to explain a tool word it received
    /// after ip options).
    static func isToolName(_ word: String) -> Bool {
        tool(named: word, arguments: [], options: ToolOptions()) != nil
    }
}
