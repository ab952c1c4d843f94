import Netlink
import NetlinkCore
import NetlinkGeneric
import NetlinkRoute

/// `nlctl mptcp`: ip 6.1's `ip mptcp` over the `mptcp_pm` generic netlink family — `endpoint add |
/// change | delete | show | flush`, `limits set | show` and `monitor`, with ip's words, errors,
/// exit statuses and output.
enum MPTCPCommand {
    static let usage = """
        Usage:\tnlctl mptcp endpoint add ADDRESS [ dev NAME ] [ id ID ]
        \t\t\t\t      [ port NR ] [ FLAG-LIST ]
        \tnlctl mptcp endpoint delete id ID [ ADDRESS ]
        \tnlctl mptcp endpoint change [ id ID ] [ ADDRESS ] [ port NR ] CHANGE-OPT
        \tnlctl mptcp endpoint show [ id ID ]
        \tnlctl mptcp endpoint flush
        \tnlctl mptcp limits set [ subflows NR ] [ add_addr_accepted NR ]
        \tnlctl mptcp limits show
        \tnlctl mptcp monitor
        FLAG-LIST := [ FLAG-LIST ] FLAG
        FLAG  := [ signal | subflow | backup | fullmesh ]
        CHANGE-OPT := [ backup | nobackup | fullmesh | nofullmesh ]
        """

    /// ip's names of the endpoint flags, in its order (`nobackup` and `nofullmesh` set nothing).
    static let flagNames: [(String, MPTCPEndpointFlags)] = [
        ("signal", .signal), ("subflow", .subflow), ("backup", .backup), ("fullmesh", .fullmesh), ("nobackup", []), ("nofullmesh", []),
    ]

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let first = words.next() else { throw CommandError(usage, status: 255) }
        if matches(first, "help") { throw CommandError(usage, status: 255) }
        var rest: [String] = []
        while let next = words.next() { rest.append(next) }
        let connection = try TCPMetricsCommand.genericConnection(context: context)
        let id: UInt16
        do throws(NetlinkError) {
            id = try await connection.mptcpFamilyID()
        } catch {
            throw CommandError("Cannot open generic netlink socket", status: 1)
        }
        if matches(first, "endpoint") {
            guard let command = rest.first else { return try await show([], connection, id: id, context: context) }
            let arguments = Array(rest.dropFirst())
            if matches(command, "add") { return try await modify(arguments, .add, connection, id: id, context: context) }
            if matches(command, "change") { return try await modify(arguments, .change, connection, id: id, context: context) }
            if matches(command, "delete") { return try await modify(arguments, .delete, connection, id: id, context: context) }
            if matches(command, "show") { return try await show(arguments, connection, id: id, context: context) }
            if matches(command, "flush") { return try await talk { () async throws(NetlinkError) in try await connection.flushMPTCPEndpoints(familyID: id) } }
            throw unknown(command)
        }
        var word = first
        if matches(first, "limits") {
            guard let command = rest.first else { return try await limits([], set: false, connection, id: id, context: context) }
            let arguments = Array(rest.dropFirst())
            if matches(command, "set") { return try await limits(arguments, set: true, connection, id: id, context: context) }
            if matches(command, "show") { return try await limits(arguments, set: false, connection, id: id, context: context) }
            // ip goes on to its `monitor` test with this word.
            word = command
            rest = arguments
        }
        if matches(word, "monitor") {
            if rest.isEmpty {
                try Sandbox.refuse("mptcp monitor")  // it waits for events
                return try await monitor(connection, context: context)
            }
            throw unknown(rest[0])
        }
        throw unknown(word)
    }

    static func unknown(_ word: String) -> CommandError {
        CommandError("Command \"\(word)\" is unknown, try \"nlctl mptcp help\".", status: 255)
    }

    /// A request that fails with the kernel's words and ip's status 2.
    static func talk(_ body: () async throws(NetlinkError) -> Void) async throws(CommandError) {
        do throws(NetlinkError) {
            try await body()
        } catch {
            throw CommandError(error.iproute2Description, status: 2)
        }
    }

    enum Change { case add, change, delete, show }

    /// ip's `mptcp_parse_opt`: the endpoint a command names, with its checks and messages.
    static func parse(_ words: [String], _ change: Change, context: Context) async throws(CommandError) -> MPTCPEndpoint {
        var flags: MPTCPEndpointFlags = []
        var endpoint = MPTCPEndpoint()
        var index = 0
        func next() throws(CommandError) -> String {
            index += 1
            guard index < words.count else { throw CommandError.incomplete }
            return words[index]
        }
        while index < words.count {
            let word = words[index]
            if let (_, flag) = flagNames.first(where: { $0.0 == word }) {
                flags.formUnion(flag)
                if change == .add, flags.contains(.signal), flags.contains(.fullmesh) {
                    throw CommandError.invalidArgument(word, "flags mustn't have both signal and fullmesh")
                }
                if change == .change, !flags.subtracting([.backup, .fullmesh]).isEmpty {
                    throw CommandError.invalidArgument(word, "invalid flags, backup and fullmesh only")
                }
            } else if matches(word, "id") {
                let value = try next()
                guard let id = InetText.unsigned(value), id <= 255 else { throw CommandError.invalidArgument(value, "invalid ID\n") }
                endpoint.id = UInt8(id)
            } else if matches(word, "dev") {
                let name = try next()
                guard RuleCommand.checkInterfaceName(name) else { throw CommandError.invalidArgument(name, "invalid interface name\n") }
                guard let linkIndex = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "device does not exist\n") }
                endpoint.interfaceIndex = linkIndex
            } else if matches(word, "port") {
                let value = try next()
                guard let port = InetText.unsigned(value), port <= UInt32(UInt16.max) else { throw CommandError.invalidArgument(value, "expected port") }
                endpoint.port = port == 0 ? nil : UInt16(port)
            } else if let address = InetText.address(word, family: .unspecified) {
                endpoint.address = address
            } else {
                // ip's get_addr exits here, before its "unknown argument".
                throw AddressModify.invalidAddress(word, family: .unspecified)
            }
            index += 1
        }
        if endpoint.address == nil, change == .add { throw CommandError("Error: argument \"ADDRESS\" is required", status: 255) }
        if change == .delete {
            guard let id = endpoint.id else { throw CommandError("Error: argument \"ID\" is required", status: 255) }
            if id != 0, endpoint.address != nil { throw CommandError.invalidArgument("ADDRESS", "invalid for non-zero id address\n") }
            if id == 0, endpoint.address == nil { throw CommandError.invalidArgument("ID", "address is needed for deleting id 0 address\n") }
        }
        if change == .add, endpoint.port != nil, !flags.contains(.signal) {
            throw CommandError.invalidArgument("port", "flags must have signal when using port")
        }
        if change == .change, endpoint.id != nil, endpoint.port != nil { throw CommandError.invalidArgument("port", "port can't be used with id") }
        if !flags.isEmpty { endpoint.flags = flags }
        return endpoint
    }

    static func modify(_ words: [String], _ change: Change, _ connection: NetlinkConnection, id: UInt16, context: Context) async throws(CommandError) {
        let endpoint = try await parse(words, change, context: context)
        try await talk { () async throws(NetlinkError) in
            switch change {
            case .add: try await connection.addMPTCPEndpoint(endpoint, familyID: id)
            case .change: try await connection.changeMPTCPEndpoint(endpoint, familyID: id)
            default: try await connection.deleteMPTCPEndpoint(id: endpoint.id ?? 0, address: endpoint.address, familyID: id)
            }
        }
    }

    static func show(_ words: [String], _ connection: NetlinkConnection, id: UInt16, context: Context) async throws(CommandError) {
        var endpoints: [MPTCPEndpoint] = []
        if words.isEmpty {
            try await talk { () async throws(NetlinkError) in endpoints = try await connection.mptcpEndpoints(familyID: id) }
        } else {
            let asked = try await parse(words, .show, context: context)
            try await talk { () async throws(NetlinkError) in
                endpoints = [try await connection.mptcpEndpoint(id: asked.id ?? 0, familyID: id)]
            }
        }
        let links = endpoints.contains { ($0.interfaceIndex ?? 0) != 0 } ? try await context.links() : [:]
        let printer = context.printer
        printer.begin()
        for endpoint in endpoints { print(endpoint, links: links, printer: printer) }
        printer.finish()
    }

    /// One endpoint as ip's `print_mptcp_addrinfo` prints it.
    static func print(_ endpoint: MPTCPEndpoint, links: [Int32: Link], printer: Printer) {
        printer.openObject()
        if let address = endpoint.address { printer.string("address", "\(address)", text: "\(address) ") }
        if let port = endpoint.port, port != 0 { printer.unsigned("port", UInt64(port), text: "port \(port) ") }
        if let id = endpoint.id { printer.unsigned("id", UInt64(id), text: "id \(id) ") }
        if let flags = endpoint.flags {
            var rest = flags.rawValue
            for (name, flag) in flagNames {
                if rest & flag.rawValue != 0 {
                    printer.text("\(name) ")
                    printer.json(name, .bool(true))
                }
                rest &= ~flag.rawValue
            }
            if rest != 0 {
                let hex = (rest < 16 ? "0" : "") + String(rest, radix: 16)
                printer.string("rawflags", hex, text: "rawflags \(hex) ")
            }
        }
        if let index = endpoint.interfaceIndex, index != 0 {
            let name = RouteCommand.linkName(index, links: links)
            printer.string("dev", name, text: "dev \(name) ")
        }
        printer.closeObject()
        printer.text("\n")
    }

    /// `monitor`: the `mptcp_pm_events` group, one line per event as ip prints it, until stopped.
    static func monitor(_ connection: NetlinkConnection, context: Context) async throws(CommandError) {
        let events: NetlinkConnection
        do throws(NetlinkError) {
            var configuration = NetlinkConnection.Configuration()
            configuration.reading = .callingThread
            events = try await connection.subscribe(genericFamily: MPTCPPathManager.familyName, group: MPTCPPathManager.eventGroupName, configuration: configuration)
        } catch {
            throw CommandError("can't subscribe to mptcp events: \(error.errno?.description ?? error.iproute2Description)", status: 1)
        }
        let output = context.printer.output
        do {
            for try await event in events.events {
                guard case .notification(let datagram) = event else { continue }
                try datagram.forEachMessage { message in
                    guard let decoded = try? MPTCPEvent(decoding: message) else { return }
                    MonitorCommand.printTimestamp(context)
                    output.write(line(decoded) + "\n")
                    output.flush()
                }
            }
        } catch {
            throw CommandError("\(error)", status: 2)
        }
    }

    /// One event as ip's `mptcp_monitor_msg` prints it.
    static func line(_ event: MPTCPEvent) -> String {
        guard let name = MPTCPEvent.kindNames[event.kind] else { return "[UNKNOWN \(event.kind)]" }
        var text = "[" + String(repeating: " ", count: max(0, 14 - name.count)) + name + "]"
        let token = String(event.token ?? 0, radix: 16)
        text += " token=" + String(repeating: "0", count: max(0, 8 - token.count)) + token
        if let value = event.remoteID { text += " remid=\(value)" }
        if let value = event.localID { text += " locid=\(value)" }
        if let value = event.sourceIPv4 { text += " saddr4=\(value)" }
        if let value = event.destinationIPv4 { text += " daddr4=\(value)" }
        if let value = event.sourceIPv6 { text += " saddr6=\(value)" }
        if let value = event.destinationIPv6 { text += " daddr6=\(value)" }
        if let value = event.sourcePort { text += " sport=\(value)" }
        if let value = event.destinationPort { text += " dport=\(value)" }
        if let value = event.backup { text += " backup=\(value)" }
        if let value = event.error { text += " error=\(value)" }
        if let value = event.flags { text += " flags=" + String(value, radix: 16) }
        if let value = event.timeout { text += " timeout=\(value)" }
        if let value = event.interfaceIndex { text += " ifindex=\(value)" }
        if let value = event.resetReason { text += " reset_reason=\(value)" }
        if let value = event.resetFlags { text += " reset_flags=0x" + String(value, radix: 16) }
        return text
    }

    /// `limits show` (printed as text, also with -j: ip opens no JSON context there) and `limits set`.
    static func limits(_ words: [String], set: Bool, _ connection: NetlinkConnection, id: UInt16, context: Context) async throws(CommandError) {
        var limits = MPTCPLimits()
        var index = 0
        while index < words.count {
            let word = words[index]
            if matches(word, "subflows") || matches(word, "add_addr_accepted") {
                let subflows = matches(word, "subflows")
                index += 1
                guard index < words.count else { throw CommandError.incomplete }
                guard let value = InetText.unsigned(words[index]) else {
                    throw CommandError.invalidArgument(words[index], subflows ? "invalid subflows\n" : "invalid add_addr_accepted\n")
                }
                if subflows { limits.subflows = value } else { limits.addAddressAccepted = value }
            } else {
                throw CommandError.invalidArgument(word, "unknown limit")
            }
            index += 1
        }
        if set {
            return try await talk { () async throws(NetlinkError) in try await connection.setMPTCPLimits(limits, familyID: id) }
        }
        var current = MPTCPLimits()
        try await talk { () async throws(NetlinkError) in current = try await connection.mptcpLimits(familyID: id) }
        var text = ""
        if let value = current.addAddressAccepted { text += "add_addr_accepted \(Int32(bitPattern: value)) " }
        if let value = current.subflows { text += "subflows \(Int32(bitPattern: value)) " }
        context.printer.output.write(text + "\n")
        context.printer.output.flush()
    }
}
