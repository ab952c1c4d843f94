import Glibc
import NetlinkCore

/// `nlctl [-n NETNS] [-j] TOOL ARGS`: one binary, many netlink tools.
///
/// With an `ip` object as its first word it is `ip` (`nlctl route show`); with a tool's name (see
/// ``Tools``) it is that tool with its own arguments; started through a link named after a tool, it is
/// that tool.
@main
enum NLCtl {
    /// The entry point: no argument framework (each tool reads its arguments with its original's
    /// rules, `--help` included), no Foundation — nothing is loaded or run before the command is known.
    static func main() {
        // argv[0]'s basename, without `CommandLine.arguments` (every argument made a String, measured
        // at start-up).
        var program = "nlctl"
        if CommandLine.argc > 0, let first = CommandLine.unsafeArgv[0] {
            program = String(cString: strrchr(first, 0x2F).map { $0 + 1 } ?? first)
        }
        let arguments = argumentBytes()
        let executor = MainThreadExecutor()
        ProcessNamespace.mainThread = pthread_self()
        let status = Status()
        Task(executorPreference: executor) {
            status.value = await execute(arguments, program: program)
            executor.finish()
        }
        executor.run()
        exit(status.value)
    }

    /// The exit status, written by the command's task, read after the executor has stopped.
    final class Status: @unchecked Sendable {
        var value: Int32 = 0
    }

    /// The arguments as the kernel passed them, every byte kept (`String(rawBytes:)`: a byte that is
    /// not UTF-8 is a raw-byte scalar, which goes to the kernel and to the output as that byte).
    /// `CommandLine.arguments` replaces such bytes with U+FFFD, so a name made of them could not be
    /// named on the command line.
    static func argumentBytes() -> [String] {
        guard CommandLine.argc > 1 else { return [] }  // execve may pass no argv[0] at all
        return (1..<Int(CommandLine.argc)).map { index in
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
