import Synchronization

/// `ip` (iproute2 6.1): the default tool, `nlctl [OPTIONS] OBJECT { COMMAND | help }`.
enum IPTool: NlctlTool {
    static let name = "ip"

    static func run(_ arguments: [String], options _: ToolOptions, output: BufferedOutput) async -> Int32 {
        let options: GlobalOptions
        let rest: [String]
        do {
            (options, rest) = try GlobalOptions.parse(arguments)
        } catch {
            return report(error, output: output)
        }
        NameTable.numeric = options.numeric
        LinkStatisticsFormat.humanReadable = options.humanReadable
        LinkStatisticsFormat.iec = options.iec
        HostNames.enabled = options.resolve
        if let file = options.batchFile {
            do throws(CommandError) {
                try Sandbox.refuse("-batch FILE")
            } catch {
                return report(error, output: output)
            }
            return await Batch.run(file: file, options: options, output: output)
        }
        let context = Context(options: options, output: output)
        do throws(CommandError) {
            try await dispatch(rest, context: context)
            return 0
        } catch {
            return report(error, output: output)
        }
    }

    /// Prints a command's error (or usage, for status 0) the way `ip` does.
    static func report(_ error: CommandError, output: BufferedOutput) -> Int32 {
        output.flush()
        if (error.status == 0 && !error.onStandardError) || error.onStandardOutput {
            output.write(error.message + "\n")
            output.flush()
        } else {
            printError(error.message)
        }
        return error.status
    }

    /// The objects of ip 6.1 in its order: the first whose name the word abbreviates wins
    /// (`r` is route, `ru` rule, `n` neighbor, `net` netns, `netc` netconf, `nex` nexthop, `m` maddress).
    static let objectNames = [
        "address", "addrlabel", "maddress", "route", "rule", "neighbor", "neighbour", "ntable", "ntbl", "link",
        "l2tp", "fou", "ila", "macsec", "tunnel", "tunl", "tuntap", "tap", "token", "tcpmetrics", "tcp_metrics",
        "monitor", "xfrm", "mroute", "mrule", "netns", "netconf", "vrf", "sr", "nexthop", "mptcp", "ioam", "stats",
    ]

    /// The object a word names (ip's first abbreviation match in ``objectNames``), by one lookup in
    /// a table of every prefix of every name: a batch line resolves its object twice, and the
    /// prefix comparisons down the list were a measured part of long batches. (String keys compare
    /// by canonical equivalence, not bytes; no other text is equivalent to these lower-case ASCII
    /// letters and `_` — the only ASCII letter with a singleton equivalent is the Kelvin sign's `K`.)
    /// A single command scans the list; the table is made at the 16th lookup (a batch), so that a
    /// command pays nothing to build it.
    static func object(named word: String) -> String? {
        if lookups.add(1, ordering: .relaxed).newValue > 16 { return objectByPrefix[word] }
        guard !word.isEmpty else { return nil }
        let bytes = word.utf8
        return objectNames.first { $0.utf8.starts(with: bytes) }
    }

    private static let lookups = Atomic<Int>(0)

    private static let objectByPrefix: [String: String] = {
        var table: [String: String] = [:]
        for name in objectNames {
            for length in 1...name.count {
                let prefix = String(name.prefix(length))
                if table[prefix] == nil { table[prefix] = name }
            }
        }
        return table
    }()

    /// Runs one command line (without options).
    static func dispatch(_ words: [String], context: Context) async throws(CommandError) {
        var words = Words(words)
        guard let object = words.next() else { throw CommandError(GlobalOptions.usage, status: 255) }   // as ip: usage on stderr
        if words.remainingContains("--help") {
            // `nlctl OBJECT ... --help`: the object's usage on standard output, exit status 0
            // (`nlctl OBJECT help` keeps ip's behaviour: usage on standard error, status 255).
            do throws(CommandError) {
                try await dispatch([object, "help"], context: context)
            } catch {
                throw CommandError(error.message, status: 0)
            }
            return
        }
        guard let name = Self.object(named: object) else {
            if matches(object, "help") { throw CommandError(GlobalOptions.usage, status: 0) }
            if Tools.isToolName(object) {
                throw CommandError("nlctl: \(object) is a tool: only -n NETNS and -j may come before its name (nlctl [-n NETNS] [-j] \(object) ...).", status: 1)
            }
            throw CommandError("Object \"\(object)\" is unknown, try \"nlctl help\".", status: 1)
        }
        if ["netns", "tuntap", "tap", "monitor"].contains(name) { try Sandbox.refuse(name) }
        switch name {
        case "address": try await AddressCommand.run(&words, context: context)
        case "addrlabel": try await AddrlabelCommand.run(&words, context: context)
        case "maddress": try await MaddressCommand.run(&words, context: context)
        case "token": try await TokenCommand.run(&words, context: context)
        case "ntable", "ntbl": try await NtableCommand.run(&words, context: context)
        case "route": try await RouteCommand.run(&words, context: context)
        case "rule": try await RuleCommand.run(&words, context: context)
        case "neighbor", "neighbour": try await NeighborCommand.run(&words, context: context)
        case "link": try await LinkCommand.run(&words, context: context)
        case "monitor": try await MonitorCommand.run(&words, context: context)
        case "netns": try await NetnsCommand.run(&words, context: context)
        case "netconf": try await NetconfCommand.run(&words, context: context)
        case "nexthop": try await NexthopCommand.run(&words, context: context)
        case "tuntap", "tap": try await TuntapCommand.run(&words, context: context)
        case "stats": try await StatsCommand.run(&words, context: context)
        case "tcpmetrics", "tcp_metrics": try await TCPMetricsCommand.run(&words, context: context)
        case "mptcp": try await MPTCPCommand.run(&words, context: context)
        case "sr": try await SRCommand.run(&words, context: context)
        case "ioam": try await IOAMCommand.run(&words, context: context)
        default: throw CommandError("Object \"\(name)\" is not implemented in nlctl.", status: 1)
        }
    }
}
