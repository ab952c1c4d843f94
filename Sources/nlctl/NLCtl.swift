import ArgumentParser
import Glibc
import NetlinkCore

/// `nlctl [-n NETNS] [-j] TOOL ARGS`: one binary, many netlink tools.
///
/// With an `ip` object as its first word it is `ip` (`nlctl route show`); with a tool's name (see
/// ``Tools``) it is that tool with its own arguments; started through a link named after a tool, it is
/// that tool. swift-argument-parser only frames the command (help and exit status): each tool reads
/// its arguments with its original's rules.
@main
struct NLCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nlctl",
        abstract: "Show and change the kernel's network configuration over netlink, like ip(8) and its sibling tools.",
        usage: """
            nlctl [OPTIONS] OBJECT { COMMAND | help }
              nlctl [-n NETNS] [-j] TOOL [TOOL ARGUMENTS]
            """,
        discussion: """
            OBJECT := { link | address | route | neighbor | rule | nexthop | netconf | netns | monitor | tuntap | stats }
            Options, objects and commands are those of ip(8) from iproute2 6.1, with the same
            abbreviations; `nlctl OBJECT help` lists an object's commands and keywords.
            -j prints JSON with the keys and types of `ip -j`.
            A tool's name (ip, ss, tc, ...) is taken only as an exact word; started through a link
            named after a tool (ln -s nlctl ss), nlctl is that tool.
            """,
        helpNames: [.long])

    @Argument(parsing: .captureForPassthrough, help: "Options, object, command and arguments, as for ip(8), or a tool and its arguments.")
    var words: [String] = []

    mutating func run() async throws {
        let program = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "nlctl"
        let status = await Self.execute(Self.argumentBytes(matching: words), program: program)
        if status != 0 { throw ExitCode(status) }
    }

    /// The arguments as the kernel passed them, every byte kept (`String(rawBytes:)`: a byte that is
    /// not UTF-8 is a raw-byte scalar, which goes to the kernel and to the output as that byte).
    /// `CommandLine.arguments` replaces such bytes with U+FFFD, so a name made of them could not be
    /// named on the command line. `parsed` (what the argument parser captured) is used if the two
    /// ever disagree in number.
    static func argumentBytes(matching parsed: [String]) -> [String] {
        let count = Int(CommandLine.argc)
        guard count - 1 == parsed.count else { return parsed }
        return (1..<count).map { index in
            guard let argument = CommandLine.unsafeArgv[index] else { return "" }
            return String(rawBytes: UnsafeBufferPointer(start: UnsafeRawPointer(argument).assumingMemoryBound(to: UInt8.self), count: strlen(argument)))
        }
    }

    /// Runs one command line as `program` (the basename nlctl was started as).
    static func execute(_ arguments: [String], program: String = "nlctl") async -> Int32 {
        switch Tools.select(arguments, program: program) {
        case .planned(let tool):
            return tool.run()
        case .built(let tool, let rest, let options):
            let output = BufferedOutput()
            defer { output.flush() }
            return await tool.run(rest, options: options, output: output)
        }
    }
}
