import ArgumentParser
import Glibc

/// `nlctl [OPTIONS] OBJECT [COMMAND] [ARGS]`: an `ip` for swift-netlink.
///
/// The grammar and the words are those of iproute2 6.1's `ip`; the options are parsed with `ip`'s
/// abbreviation rules, so swift-argument-parser only frames the command (help and exit status).
@main
struct NLCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nlctl",
        abstract: "Show and change the kernel's network configuration over netlink, like ip(8).",
        usage: "nlctl [OPTIONS] OBJECT { COMMAND | help }",
        discussion: """
            OBJECT := { link | address | route | neighbor | rule | nexthop | netconf | netns | monitor | tuntap | stats }
            Options, objects and commands are those of ip(8) from iproute2 6.1, with the same
            abbreviations; `nlctl OBJECT help` lists an object's commands and keywords.
            -j prints JSON with the keys and types of `ip -j`.
            """,
        helpNames: [.long])

    @Argument(parsing: .captureForPassthrough, help: "Options, object, command and arguments, as for ip(8).")
    var words: [String] = []

    mutating func run() async throws {
        let status = await Self.execute(words)
        if status != 0 { throw ExitCode(status) }
    }

    static func execute(_ arguments: [String]) async -> Int32 {
        let output = BufferedOutput()
        defer { output.flush() }
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
        if let file = options.batchFile {
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
        if error.status == 0 {
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

    /// Runs one command line (without options).
    static func dispatch(_ words: [String], context: Context) async throws(CommandError) {
        var words = Words(words)
        guard let object = words.next() else { throw CommandError(GlobalOptions.usage, status: 255) }   // as ip: usage on stderr
        if words.remaining.contains("--help") {
            // `nlctl OBJECT ... --help`: the object's usage on standard output, exit status 0
            // (`nlctl OBJECT help` keeps ip's behaviour: usage on standard error, status 255).
            do throws(CommandError) {
                try await dispatch([object, "help"], context: context)
            } catch {
                throw CommandError(error.message, status: 0)
            }
            return
        }
        guard let name = objectNames.first(where: { matches(object, $0) }) else {
            if matches(object, "help") { throw CommandError(GlobalOptions.usage, status: 0) }
            throw CommandError("Object \"\(object)\" is unknown, try \"nlctl help\".", status: 1)
        }
        switch name {
        case "address": try await AddressCommand.run(&words, context: context)
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
        default: throw CommandError("Object \"\(name)\" is not implemented in nlctl.", status: 1)
        }
    }
}

/// `-batch FILE` (`-` for standard input): one command per line, as `ip -batch` runs them.
///
/// Lines are split like iproute2's `makeargs` (whitespace, `'…'` and `"…"` quoting), `#` starts a
/// comment, a trailing `\` continues the line. Without `-force` the first failing command stops the
/// batch with `Command failed FILE:LINE` and exit status 1; with `-force` every failure is reported
/// and the batch goes on, exiting 1 at the end if any failed. An error that `ip` treats as a usage
/// error (exit status 255: unknown keyword, malformed argument) ends the batch at once, as in `ip`.
enum Batch {
    static func run(file: String, options: GlobalOptions, output: BufferedOutput) async -> Int32 {
        let text: String
        if file == "-" {
            text = readStandardInput()
        } else {
            guard let contents = NameTable.read(file) else {
                printError("Cannot open file \"\(file)\" for reading: \(String(cString: strerror(errno)))")
                return 1
            }
            text = contents
        }
        let context = Context(options: options, output: output)
        var failed = false
        var lineNumber = 0
        var pending = ""
        var pendingStart = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(rawLine)
            if pending.isEmpty { pendingStart = lineNumber }
            if line.hasSuffix("\\") {
                line.removeLast()
                pending += line
                continue
            }
            line = pending + line
            pending = ""
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            let words: [String]
            do {
                words = try splitArguments(line)
            } catch {
                printError(error.message)
                return error.status
            }
            if words.isEmpty { continue }
            context.invalidateLinks()
            do throws(CommandError) {
                try await NLCtl.dispatch(words, context: context)
                output.flush()
            } catch {
                output.flush()
                if error.status == 0 {
                    output.write(error.message + "\n")
                    output.flush()
                    continue
                }
                printError(error.message)
                if error.status == 255 { return 255 }
                printError("Command failed \(file):\(pendingStart)")
                failed = true
                if !options.force { return 1 }
            }
        }
        return failed ? 1 : 0
    }

    /// iproute2's `makeargs`: words separated by blanks; a word starting with a quote runs to the
    /// matching quote.
    static func splitArguments(_ line: String) throws(CommandError) -> [String] {
        var words: [String] = []
        var characters = Substring(line)
        let blanks: Set<Character> = [" ", "\t", "\r", "\n"]
        while true {
            characters = characters.drop { blanks.contains($0) }
            guard let first = characters.first else { break }
            if first == "'" || first == "\"" {
                let rest = characters.dropFirst()
                guard let end = rest.firstIndex(of: first) else { throw CommandError("Unterminated quoted string", status: 1) }
                words.append(String(rest[..<end]))
                characters = rest[rest.index(after: end)...]
            } else {
                let word = characters.prefix { !blanks.contains($0) }
                words.append(String(word))
                characters = characters.dropFirst(word.count)
            }
        }
        return words
    }

    static func readStandardInput() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(0, &chunk, chunk.count)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
