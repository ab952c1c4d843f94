import Netlink
import NetlinkCore

/// An error that ends a command: one line on standard error and an exit status, with iproute2's
/// wording (`Error: argument "x" is wrong: ...`, `Command line is not complete. Try option "help"`).
struct CommandError: Error {
    var message: String
    var status: Int32
    /// Whether `ip` exits on this error even in a batch (it calls `exit` rather than returning):
    /// usage errors (status 255) and, for example, a refused neighbor change.
    var endsBatch: Bool
    /// A message of status 0 that goes to standard error (a usage text ip prints there and then
    /// ends well, as `ip stats help`); other status-0 messages go to standard output. `--help`
    /// prints any usage on standard output.
    var onStandardError: Bool
    /// A failure whose message ip prints on standard output (veth's usage, a `printf`).
    var onStandardOutput: Bool

    init(_ message: String, status: Int32 = 1, endsBatch: Bool? = nil, onStandardError: Bool = false, onStandardOutput: Bool = false) {
        self.message = message
        self.status = status
        self.endsBatch = endsBatch ?? (status == 255)
        self.onStandardError = onStandardError
        self.onStandardOutput = onStandardOutput
    }

    /// A keyword without its argument (`ip` exits with 255).
    static let incomplete = CommandError("Command line is not complete. Try option \"help\"", status: 255)

    /// A malformed argument.
    static func invalidArgument(_ argument: String, _ reason: String) -> CommandError {
        CommandError("Error: argument \"\(argument)\" is wrong: \(reason)", status: 255)
    }

    /// The same keyword twice.
    static func duplicate(_ keyword: String, _ argument: String) -> CommandError {
        CommandError("Error: duplicate \"\(keyword)\": \"\(argument)\" is the second value.", status: 255)
    }

    /// An unknown word after an object.
    static func unknownCommand(_ word: String, object: String) -> CommandError {
        CommandError("Command \"\(word)\" is unknown, try \"nlctl \(object) help\".", status: 255)
    }

    /// A word that is neither a keyword nor expected here.
    static func garbage(_ word: String, object: String) -> CommandError {
        duplicateOrGarbage(key: "dev", word)
    }

    /// ip's `duparg2`: a keyword given twice, or a stray word where `key`'s value was.
    static func duplicateOrGarbage(key: String, _ word: String) -> CommandError {
        CommandError("Error: either \"\(key)\" is duplicate, or \"\(word)\" is a garbage.", status: 255)
    }

    /// ip's `ll_addr_a2n` refusing a hardware address.
    static func invalidHardwareAddress(_ text: String) -> CommandError {
        CommandError("\"\(text)\" is invalid lladdr.", status: 1)
    }

    /// A device that does not exist (for `show dev NAME`).
    static func noSuchDevice(_ name: String) -> CommandError {
        CommandError("Device \"\(name)\" does not exist.", status: 1)
    }

    /// A device that does not exist (for changes).
    static func cannotFindDevice(_ name: String) -> CommandError {
        CommandError("Cannot find device \"\(name)\"", status: 1)
    }

    /// A kernel or system error, printed as `ip` prints it (exit status 2 for a refused change).
    static func netlink(_ error: NetlinkError, status: Int32 = 2) -> CommandError {
        CommandError(error.iproute2Description, status: status)
    }
}
