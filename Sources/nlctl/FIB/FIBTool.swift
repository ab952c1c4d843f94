import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl [-n NETNS] [-j] fib lookup ADDRESS [table TABLE] [mark MARK] [tos TOS] [scope SCOPE]`:
/// `NETLINK_FIB_LOOKUP`'s answer — the route of one IPv4 table that matches the address, by the
/// table's longest-prefix match alone (no policy rules, device or source: `ip route get` does the
/// whole lookup). No tool of iproute2 speaks this family; the words are ip's (`ip route`'s type,
/// prefix, table and scope names, `rt_tables` and `rt_scopes` included):
///
/// ```text
/// $ nlctl fib lookup 127.0.0.1 table local
/// local 127.0.0.1 table local scope host
/// $ nlctl fib lookup 10.1.2.3
/// 10.1.0.0/16 table main scope link
/// ```
/// A route that refuses (unreachable, prohibit, blackhole) or no match is an error on standard
/// error with status 2 (`ip route get`'s for a refused lookup); bad arguments, ip's messages and 255.
enum FIBTool: NlctlTool {
    static let name = "fib"

    static let usage = """
        Usage: nlctl fib lookup ADDRESS [ table TABLE_ID ] [ mark NUMBER ] [ tos TOS ] [ scope SCOPE ]
        ADDRESS := an IPv4 address (NETLINK_FIB_LOOKUP has no other family)
        TABLE_ID := [ local | main | default | NUMBER ]   (0 to 255; 0 is main)
        SCOPE := [ global | site | link | host | nowhere | NUMBER ]   (the narrowest scope a route may have)
        """

    /// A parsed command line, or the message and status to exit with.
    enum Parsed: Equatable {
        case lookup(FIBLookupRequest)
        case exit(message: String, status: Int32, toStandardOutput: Bool)
    }

    static func parse(_ arguments: [String]) -> Parsed {
        var words = arguments[...]
        guard let verb = words.popFirst() else { return .exit(message: usage, status: 255, toStandardOutput: false) }
        if matches(verb, "help") || verb == "-h" || verb == "--help" { return .exit(message: usage, status: 0, toStandardOutput: true) }
        guard matches(verb, "lookup") || matches(verb, "get") else {
            return .exit(message: "Command \"\(verb)\" is unknown, try \"nlctl fib help\".", status: 255, toStandardOutput: false)
        }
        guard let text = words.popFirst() else { return .exit(message: usage, status: 255, toStandardOutput: false) }
        guard let address = IPv4Address(text) else {
            let reason = IPv6Address(text) != nil ? " (NETLINK_FIB_LOOKUP looks up IPv4 addresses only)" : ""
            return .exit(message: "Error: an IPv4 address is expected rather than \"\(text)\".\(reason)", status: 255, toStandardOutput: false)
        }
        var request = FIBLookupRequest(address: address)
        while let word = words.popFirst() {
            guard let value = words.popFirst() else { return .exit(message: "Command line is not complete. Try option \"help\"", status: 255, toStandardOutput: false) }
            switch word {
            case "table":
                guard let table = Names.tables.number(value) else { return invalid(value, "\"table\" value is invalid") }
                guard let byte = UInt8(exactly: table) else {
                    return invalid(value, "NETLINK_FIB_LOOKUP names a table in one byte (0 to 255)")
                }
                request.table = byte
            case "mark", "fwmark":
                guard let mark = InetText.unsigned(value) else { return invalid(value, "\"mark\" value is invalid") }
                request.mark = mark
            case "tos", "dsfield":
                guard let tos = RouteCommand.parseDSField(value) else { return invalid(value, "\"tos\" value is invalid") }
                request.tos = tos
            case "scope":
                guard let scope = Names.scopes.number(value), let byte = UInt8(exactly: scope) else { return invalid(value, "invalid \"scope\" value") }
                request.scope = RouteScope(rawValue: byte)
            default:
                return .exit(message: "Error: either \"table\", \"mark\", \"tos\" or \"scope\" is expected rather than \"\(word)\".", status: 255, toStandardOutput: false)
            }
        }
        return .lookup(request)
    }

    /// ip's `invarg`: `Error: argument "VALUE" is wrong: REASON`.
    static func invalid(_ value: String, _ reason: String) -> Parsed {
        .exit(message: "Error: argument \"\(value)\" is wrong: \(reason)", status: 255, toStandardOutput: false)
    }

    static func run(_ arguments: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        let request: FIBLookupRequest
        switch parse(arguments) {
        case .exit(let message, let status, let toStandardOutput):
            if toStandardOutput { output.write(message + "\n"); output.flush() } else { printError(message) }
            return status
        case .lookup(let parsed): request = parsed
        }
        let (opened, namespace) = options.openNamespace()
        guard opened else { return 1 }
        let result: FIBLookupResult
        do throws(NetlinkError) {
            var configuration = NetlinkConnection.Configuration()
            configuration.reading = .callingThread
            let connection: NetlinkConnection
            if let sandboxed = try Sandbox.connection(configuration: configuration) {
                connection = sandboxed
            } else {
                connection = try await NetlinkConnection(family: .fibLookup, namespace: namespace, configuration: configuration)
            }
            result = try await connection.fibLookup(request)
        } catch {
            printError("Error: NETLINK_FIB_LOOKUP: \(error.iproute2Description)")
            return 2
        }
        if let message = failure(result) {
            printError(message)
            return 2
        }
        let printer = Printer(json: options.json, pretty: false, oneline: false, output: output)
        printer.begin()
        printer.openObject()
        print(result, printer: printer)
        printer.closeObject()
        printer.finish()
        return 0
    }

    /// The text of a lookup that found no usable route; `nil` when it found one.
    static func failure(_ result: FIBLookupResult) -> String? {
        let address = result.request.address.description
        let table = Names.tables.name(UInt32(result.request.table == 0 ? 254 : result.request.table))
        switch -result.error {
        case 0: return nil
        case EAGAIN: return "Error: no route matches \(address) in table \(table)."
        case ENOENT: return "Error: table \(table) does not exist."
        case EHOSTUNREACH: return "Error: \(address) in table \(table): an unreachable route (No route to host)."
        case EACCES: return "Error: \(address) in table \(table): a prohibit route (Permission denied)."
        case EINVAL: return "Error: \(address) in table \(table): a blackhole route (Invalid argument)."
        default: return "Error: \(address) in table \(table): \(String(cString: strerror(-result.error)))."
        }
    }

    /// `[TYPE ]PREFIX table TABLE scope SCOPE[ nh_sel N]`, as `ip route` words them (the type only
    /// when not unicast, a host prefix without its length); JSON with `ip -j route`'s keys.
    static func print(_ result: FIBLookupResult, printer: Printer) {
        if result.type != .unicast {
            printer.string("type", RuleCommand.routeTypeName(result.type.rawValue), text: RuleCommand.routeTypeName(result.type.rawValue) + " ")
        }
        let prefix = result.prefix.map { $0.length == 32 ? $0.address.description : $0.description } ?? result.request.address.description
        printer.string("dst", prefix)
        printer.string("table", Names.tables.name(UInt32(result.table)), text: " table " + Names.tables.name(UInt32(result.table)))
        printer.string("scope", Names.scopes.name(UInt32(result.scope.rawValue)), text: " scope " + Names.scopes.name(UInt32(result.scope.rawValue)))
        if result.nexthopIndex != 0 || printer.isJSON {
            printer.unsigned("nh_sel", UInt64(result.nexthopIndex), text: " nh_sel \(result.nexthopIndex)")
        }
        printer.text("\n")
    }
}
