import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl token`: ip 6.1's `ip token` (`iptoken.c`): the IPv6 interface tokens of the links,
/// listed (loopback and `NOARP` links left out, as ip), set and deleted.
enum TokenCommand {
    static let usage = "Usage: nlctl token [ list | set | del | get ] [ TOKEN ] [ dev DEV ]"

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await list(&words, context: context)
            return
        }
        if matches(command, "list") || matches(command, "lst") || matches(command, "show") || matches(command, "get") {
            try await list(&words, context: context)
        } else if matches(command, "set") || matches(command, "add") {
            try await set(&words, delete: false, context: context)
        } else if matches(command, "delete") {
            try await set(&words, delete: true, context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl token help\".", status: 255)
        }
    }

    /// `list` and `get`: every word but `dev NAME` is passed over, as ip does.
    static func list(_ words: inout Words, context: Context) async throws(CommandError) {
        var index: Int32?
        while let word = words.next() {
            if word == "dev" {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "dev is invalid\n") }
                index = found
                break
            }
        }
        let connection = try context.connection()
        let tokens: [IPv6Token]
        do throws(NetlinkError) {
            tokens = try await connection.ipv6Tokens()
        } catch {
            throw CommandError(error.iproute2Description + "\nDump terminated", status: 1)
        }
        let printer = context.printer
        printer.begin()
        for entry in tokens {
            if entry.index == 0 || (index != nil && entry.index != index) { continue }
            // IFF_LOOPBACK 0x8, IFF_NOARP 0x80.
            if entry.flags & 0x88 != 0 { continue }
            guard let token = entry.token else {
                printer.finish()
                throw CommandError("Seems there's no support for IPv6 token!\nDump terminated", status: 1)
            }
            let name = await context.name(ofLink: entry.index)
            printer.openObject()
            printer.text("token ")
            printer.colored(.inet6) { printer.address("token", .v6(token), prefix: "", suffix: "") }
            printer.text(" dev ")
            // ip's format is "%s\n": the line break is inside the colour.
            printer.colored(.interfaceName) {
                printer.string("ifname", name, prefix: "", suffix: "")
                printer.endLine()
            }
            printer.closeObject()
        }
        printer.finish()
    }

    /// `set TOKEN dev NAME` / `del dev NAME` (the token `::`): the first `dev` and the first other
    /// word count, as in ip.
    static func set(_ words: inout Words, delete: Bool, context: Context) async throws(CommandError) {
        var token: IPv6Address? = delete ? IPv6Address("::") : nil
        var index: Int32?
        while let word = words.next() {
            if word == "dev" {
                let name = try words.argument(of: word)
                if index == nil {
                    guard let found = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "dev is invalid\n") }
                    index = found
                }
            } else {
                if matches(word, "help") { throw CommandError(usage, status: 255) }
                if token == nil {
                    let prefix = try RouteCommand.prefix(word, family: 10)
                    if case .v6(let address)? = prefix.address { token = address } else { token = IPv6Address("::") }
                }
            }
        }
        guard let token else { throw CommandError("Not enough information: token is required.", status: 1) }
        guard let index else { throw CommandError("Not enough information: \"dev\" argument is required.", status: 1) }
        let connection = try context.connection()
        do throws(NetlinkError) {
            try await connection.setIPv6Token(token, index: index)
        } catch {
            throw CommandError.netlink(error, status: 2)
        }
    }
}
