import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// Address and prefix parsing with iproute2's `get_addr` / `get_prefix` wording, shared by
/// `nlctl neighbor` and `nlctl rule`.
enum NeighborRuleParsing {
    /// A parsed prefix: `nil` address means "all"/"default"/"any" (matches everything).
    struct Prefix {
        var address: IPAddress?
        var length: UInt8
        var family: AddressFamily { address.map { NeighborRuleParsing.family(of: $0) } ?? 0 }
    }

    static func familyNumber(_ family: GlobalOptions.Family) -> AddressFamily {
        switch family {
        case .inet: 2
        case .inet6: 10
        default: 0
        }
    }

    static func familyWord(_ family: AddressFamily) -> String {
        switch family {
        case 2: "inet"
        case 10: "inet6"
        default: "any valid"
        }
    }

    static func isV6(_ address: IPAddress) -> Bool {
        if case .v6 = address { return true }
        return false
    }

    static func family(of address: IPAddress) -> AddressFamily { isV6(address) ? 10 : 2 }

    /// `get_addr`: an address of `family` (0: either).
    static func address(_ text: String, family: AddressFamily) throws(CommandError) -> IPAddress {
        guard let address = InetText.address(text, family: family) else {
            throw CommandError("Error: \(familyWord(family)) address is expected rather than \"\(text)\".", status: 1, endsBatch: true)
        }
        return address
    }

    /// `get_prefix`: `ADDRESS[/LENGTH]`, or `all`/`default`/`any`.
    static func prefix(_ text: String, family: AddressFamily) throws(CommandError) -> Prefix {
        let failure = CommandError("Error: \(familyWord(family)) prefix is expected rather than \"\(text)\".", status: 1, endsBatch: true)
        if text == "all" || text == "default" || text == "any" {
            return Prefix(address: nil, length: 0)
        }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = InetText.address(parts[0], family: family) else { throw failure }
        let maximum: UInt8 = isV6(address) ? 128 : 32
        var length = maximum
        if parts.count == 2 {
            guard let value = InetText.prefixLength(parts[1], maximum: maximum) else { throw failure }
            length = value
        }
        return Prefix(address: address, length: length)
    }

    /// Whether `address` lies in `prefix` (`inet_addr_match`).
    static func contains(_ prefix: Prefix, _ address: IPAddress) -> Bool {
        guard let base = prefix.address else { return true }
        guard family(of: base) == family(of: address) else { return false }
        let a = base.bytes, b = address.bytes
        var bits = Int(prefix.length)
        var i = 0
        while bits >= 8 {
            if a[i] != b[i] { return false }
            bits -= 8
            i += 1
        }
        if bits > 0 {
            let mask = UInt8(0xFF) << (8 - bits)
            if a[i] & mask != b[i] & mask { return false }
        }
        return true
    }

    /// `get_u32(value, text, 0)`: decimal, `0x` hex or leading-zero octal.
    static func unsigned32(_ text: String) -> UInt32? {
        if text.isEmpty { return nil }
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt32(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0") && text.count > 1 { return UInt32(text.dropFirst(), radix: 8) }
        return UInt32(text)
    }
}


/// `nlctl neighbor`: the commands of `ip neigh`.
enum NeighborCommand {
    static let usage = """
        Usage: nlctl neigh { add | del | change | replace }
                        { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }
                        [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]
                        [ protocol PROTO ]

        \tnlctl neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
        \t\t\t\t  [ vrf NAME ] [ master DEV ] [ nomaster ] [ unused ]
        \tnlctl neigh get { ADDR | proxy ADDR } dev DEV

        STATE := { delay | failed | incomplete | noarp | none |
                   permanent | probe | reachable | stale }
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await showOrFlush(&words, context: context, flush: false)
            return
        }
        if matches(command, "add") {
            try await modify(&words, context: context, kind: .add)
        } else if matches(command, "change") || command == "chg" {
            try await modify(&words, context: context, kind: .change)
        } else if matches(command, "replace") {
            try await modify(&words, context: context, kind: .replace)
        } else if matches(command, "delete") {
            try await modify(&words, context: context, kind: .delete)
        } else if matches(command, "get") {
            try await get(&words, context: context)
        } else if matches(command, "show") || matches(command, "lst") || matches(command, "list") {
            try await showOrFlush(&words, context: context, flush: false)
        } else if matches(command, "flush") {
            try await showOrFlush(&words, context: context, flush: true)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl neigh help\".", status: 255)
        }
    }

    // MARK: States

    static let stateNames: [(UInt16, String)] = [
        (0x01, "INCOMPLETE"), (0x02, "REACHABLE"), (0x04, "STALE"), (0x08, "DELAY"), (0x10, "PROBE"),
        (0x20, "FAILED"), (0x40, "NOARP"), (0x80, "PERMANENT"),
    ]

    /// `nud_state_a2n`: a state word (or number) to its bits; `none` is 0.
    static func parseState(_ text: String) -> UInt16? {
        if matches(text, "permanent") { return 0x80 }
        if matches(text, "reachable") { return 0x02 }
        switch text {
        case "noarp": return 0x40
        case "none": return 0
        case "stale": return 0x04
        case "incomplete": return 0x01
        case "delay": return 0x08
        case "probe": return 0x10
        default: break
        }
        if matches(text, "failed") { return 0x20 }
        guard let value = NeighborRuleParsing.unsigned32(text), value < 0x100, value & (value &- 1) == 0 else { return nil }
        return UInt16(value)
    }

    static func badState(_ text: String) -> CommandError {
        CommandError.invalidArgument(text, "nud state is bad")
    }

    // MARK: add / change / replace / delete

    enum Kind { case add, change, replace, delete }

    static func modify(_ words: inout Words, context: Context, kind: Kind) async throws(CommandError) {
        let family = NeighborRuleParsing.familyNumber(context.options.family)
        var linkLayer: String?
        var state: UInt16 = 0x80
        var flags: NeighborFlags = []
        var extended: NeighborExtendedFlags = []
        var device: String?
        var destination: IPAddress?
        var protocolNumber: UInt8?
        // ip's order of tests: `lladdr`, `proxy`, `extern_learn` and `protocol` may be abbreviated
        // (`p` is `proxy`, `proto` is `protocol`); the others are whole words.
        while let word = words.next() {
            if matches(word, "lladdr") {
                let value = try words.argument(of: word)
                if linkLayer != nil { throw CommandError.duplicate("lladdr", value) }
                linkLayer = value
            } else if word == "nud" {
                let value = try words.argument(of: word)
                guard let parsed = parseState(value) else { throw badState(value) }
                state = parsed
            } else if matches(word, "proxy") {
                let value = try words.argument(of: word)
                if matches(value, "help") { throw CommandError(usage, status: 255) }
                if destination != nil { throw CommandError.duplicate("address", value) }
                destination = try NeighborRuleParsing.address(value, family: family)
                flags.insert(.proxy)
            } else if word == "router" {
                flags.insert(.router)
            } else if word == "use" {
                flags.insert(.use)
            } else if word == "managed" {
                extended.insert(.managed)
            } else if matches(word, "extern_learn") {
                flags.insert(.externallyLearned)
            } else if word == "dev" {
                device = try words.argument(of: word)
            } else if matches(word, "protocol") {
                let value = try words.argument(of: word)
                guard let number = Names.protocols.number(value), number <= 255 else {
                    throw CommandError.invalidArgument(value, "\"protocol\" value is invalid\n")
                }
                protocolNumber = UInt8(number)
            } else {
                var value = word
                if word == "to" { value = try words.argument(of: word) }
                // ip skips a "help" here and takes the next word as the address.
                if matches(value, "help") { value = try words.argument(of: value) }
                if destination != nil {
                    throw CommandError("Error: either \"to\" is duplicate, or \"\(value)\" is a garbage.", status: 255)
                }
                destination = try NeighborRuleParsing.address(value, family: family)
            }
        }
        guard let device, let destination else {
            throw CommandError("Device and destination are required arguments.", status: 255)
        }
        var address: [UInt8]?
        if let linkLayer, linkLayer != "null" {
            guard let bytes = LinkModify.hardwareAddress(linkLayer) else {
                throw CommandError.invalidHardwareAddress(linkLayer)
            }
            address = bytes
        }
        guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
        var neighbor = Neighbor(
            family: NeighborRuleParsing.family(of: destination), index: index, destination: destination, linkLayerAddress: address,
            state: NeighborState(rawValue: state), flags: flags)
        neighbor.protocol = protocolNumber
        if !extended.isEmpty { neighbor.extendedFlags = extended }
        let messageFlags: NetlinkMessageFlags
        switch kind {
        case .add: messageFlags = [.create, .exclusive]
        case .replace: messageFlags = [.create, .replace]
        case .change: messageFlags = [.replace]
        case .delete: messageFlags = []  // ip sends the same message as for add, with RTM_DELNEIGH.
        }
        let finalNeighbor = neighbor
        try await context.submit(ChangeRequest(
            type: kind == .delete ? RouteMessageType.deleteNeighbor : RouteMessageType.newNeighbor, flags: messageFlags,
            fixedHeaderSize: NeighborMessage.size, failureEndsBatch: true, echoes: false
        ) { b in try finalNeighbor.encode(into: &b) })
    }

    // MARK: get

    static func get(_ words: inout Words, context: Context) async throws(CommandError) {
        let family = NeighborRuleParsing.familyNumber(context.options.family)
        var device: String?
        var destination: IPAddress?
        var flags: NeighborFlags = []
        while let word = words.next() {
            switch word {
            case "dev": device = try words.argument(of: word)
            case "proxy":
                let value = try words.argument(of: word)
                if destination != nil { throw CommandError.duplicate("address", value) }
                destination = try NeighborRuleParsing.address(value, family: family)
                flags.insert(.proxy)
            default:
                var value = word
                if word == "to" { value = try words.argument(of: word) }
                if destination != nil {
                    throw CommandError("Error: either \"to\" is duplicate, or \"\(value)\" is a garbage.", status: 255)
                }
                destination = try NeighborRuleParsing.address(value, family: family)
            }
        }
        guard let device, let destination else {
            throw CommandError("Device and address are required arguments.", status: 1)
        }
        guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
        let connection = try context.connection()
        let request = Neighbor(family: NeighborRuleParsing.family(of: destination), index: index, destination: destination, flags: flags)
        var found: Neighbor?
        do {
            let reply = try await connection.execute(type: RouteMessageType.getNeighbor, fixedHeaderSize: NeighborMessage.size) { b in
                NeighborMessage(family: request.family, index: request.index, flags: request.flags).encode(into: &b)
                try b.appendAttribute(NeighborAttribute.destination, ip: destination)
            }
            try reply.forEachReply { message in
                if message.type == RouteMessageType.newNeighbor { found = try Neighbor(decoding: message) }
            }
        } catch let error as NetlinkError {
            throw CommandError.netlink(error)
        } catch {
            throw CommandError("\(error)", status: 2)
        }
        // ip neigh get prints text even with -j (it opens no JSON context).
        let printer = Printer(json: false, pretty: false, oneline: context.options.oneline, output: context.printer.output)
        printer.enableColor(context.options.color)
        if let found {
            await printNeighbor(found, printer: printer, context: context, showDevice: true, deleted: false)
        }
        printer.finish()
    }

    // MARK: show / flush

    struct Filter {
        var family: AddressFamily = 0
        var index: Int32?
        var state: UInt32
        var prefix: NeighborRuleParsing.Prefix?
        var proxy = false
        var unusedOnly = false
        var protocolNumber: UInt8?
        /// `master DEV` / `vrf NAME`: only entries of links enslaved to it; `nomaster` (0): of links without one.
        var master: Int32?

        func accepts(_ neighbor: Neighbor) -> Bool {
            if family != 0 && neighbor.family != family { return false }
            if let index, neighbor.index != index { return false }
            let raw = UInt32(neighbor.state.rawValue)
            if state & raw == 0 && !neighbor.flags.contains(.proxy) && !neighbor.flags.contains(.externallyLearned)
                && (raw != 0 || state & 0x100 == 0)
            {
                return false
            }
            if let prefix, prefix.address != nil {
                guard let destination = neighbor.destination, NeighborRuleParsing.contains(prefix, destination) else { return false }
            }
            if unusedOnly, let info = neighbor.cacheInfo, info.referenceCount != 0 { return false }
            if let protocolNumber, (neighbor.protocol ?? 0) != protocolNumber { return false }
            return true
        }
    }

    static func showOrFlush(_ words: inout Words, context: Context, flush: Bool) async throws(CommandError) {
        var filter = Filter(state: flush ? ~UInt32(0x80 | 0x40) : 0xFF & ~UInt32(0x40))
        // ip asks for its preferred family: `-f bridge` (-B) is the bridge's forwarding database
        // (AF_BRIDGE entries, no destination); `-0` and `-M` name families without neighbours
        // (the kernel answers its whole table, which ip then filters down to nothing).
        filter.family = AddressFamily(rawValue: context.options.family.number)
        if flush && words.isEmpty {
            throw CommandError("Flush requires arguments.", status: 1)
        }
        var device: String?
        var stateGiven = false
        while let word = words.next() {
            switch word {
            case "dev":
                let value = try words.argument(of: word)
                if device != nil { throw CommandError.duplicate("dev", value) }
                device = value
            case "master":
                let value = try words.argument(of: word)
                guard let index = try await context.index(ofLink: value) else {
                    throw CommandError.invalidArgument(value, "Device does not exist\n")
                }
                filter.master = index
            case "vrf":
                let value = try words.argument(of: word)
                guard let index = try await context.index(ofLink: value), try await context.links()[index]?.kind == "vrf" else {
                    throw CommandError.invalidArgument(value, "Not a valid VRF name\n")
                }
                filter.master = index
            case "nomaster":
                filter.master = 0
            case "unused":
                filter.unusedOnly = true
            case "nud":
                let value = try words.argument(of: word)
                if !stateGiven {
                    stateGiven = true
                    filter.state = 0
                }
                var bits: UInt32
                if value.lowercased() == "all" {
                    bits = ~0
                    if flush { bits &= ~UInt32(0x40) }
                } else {
                    guard let parsed = parseState(value) else { throw badState(value) }
                    bits = UInt32(parsed)
                    if bits == 0 { bits = 0x100 }
                }
                filter.state |= bits
            case "proxy":
                filter.proxy = true
            case "protocol":
                let value = try words.argument(of: word)
                guard let number = Names.protocols.number(value), number <= 255 else {
                    throw CommandError.invalidArgument(value, "invalid \"protocol\"\n")
                }
                filter.protocolNumber = UInt8(number)
            default:
                var value = word
                if word == "to" { value = try words.argument(of: word) }
                if matches(value, "help") { throw CommandError(usage, status: 255) }
                filter.prefix = try NeighborRuleParsing.prefix(value, family: filter.family)
                if filter.family == 0, let prefix = filter.prefix { filter.family = prefix.family }
            }
        }
        if let device {
            guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
            filter.index = index
        }
        let connection = try context.connection()
        let printer = context.printer
        if flush {
            try await flushNeighbors(filter: filter, connection: connection, context: context)
            return
        }
        let all = try await dump(filter, connection: connection)
        let links = try await context.links()
        printer.begin()
        for neighbor in all where filter.accepts(neighbor) && masterMatches(filter, neighbor, links) {
            await printNeighbor(neighbor, printer: printer, context: context, showDevice: filter.index == nil, deleted: false)
        }
        printer.finish()
    }

    /// The neighbour table, or the proxy table, of the filter's family and device.
    /// A refused dump ends the command as ip's does: the kernel's error, then `Dump terminated`
    /// (`Flush terminated` for a flush), status 1.
    static func dump(_ filter: Filter, connection: NetlinkConnection, flush: Bool = false) async throws(CommandError) -> [Neighbor] {
        do throws(NetlinkError) {
            return filter.proxy
                ? try await connection.proxyNeighbors(family: filter.family, index: filter.index)
                : try await connection.neighbors(family: filter.family, index: filter.index)
        } catch {
            throw CommandError(error.iproute2Description + (flush ? "\nFlush terminated" : "\nDump terminated"), status: 1)
        }
    }

    static func flushNeighbors(filter: Filter, connection: NetlinkConnection, context: Context) async throws(CommandError) {
        var filter = filter
        let stats = context.options.statistics
        // ip neigh flush prints text even with -j (it opens no JSON context).
        let printer = Printer(json: false, pretty: false, oneline: context.options.oneline, output: context.printer.output)
        printer.enableColor(context.options.color)
        var round = 0
        while round < 10 {
            let all = try await dump(filter, connection: connection, flush: true)
            let links = try await context.links()
            let selected = all.filter { filter.accepts($0) && masterMatches(filter, $0, links) }
            if selected.isEmpty {
                if stats > 0 {
                    if round == 0 {
                        printer.text("Nothing to flush.\n")
                    } else {
                        printer.text("*** Flush is complete after \(round) round\(round > 1 ? "s" : "") ***\n")
                    }
                }
                printer.output.flush()
                return
            }
            for neighbor in selected {
                if stats > 1 {
                    await printNeighbor(neighbor, printer: printer, context: context, showDevice: filter.index == nil, deleted: false)
                }
                do throws(NetlinkError) {
                    try await connection.execute(type: RouteMessageType.deleteNeighbor, fixedHeaderSize: NeighborMessage.size) { b in
                        NeighborMessage(family: neighbor.family, index: neighbor.index, flags: neighbor.flags.intersection([.proxy]))
                            .encode(into: &b)
                        if let destination = neighbor.destination { try b.appendAttribute(NeighborAttribute.destination, ip: destination) }
                    }
                } catch where error.errno == .noSuchFileOrDirectory {
                    continue
                } catch {
                    throw CommandError("Failed to send flush request: \(error.errno?.description ?? error.iproute2Description)", status: 1)
                }
            }
            round += 1
            if stats > 0 {
                printer.text("\n*** Round \(round), deleting \(selected.count) entries ***\n")
            }
            filter.state &= ~UInt32(0x20)
        }
        printer.output.flush()
        throw CommandError("*** Flush remains incomplete after \(round) rounds. ***", status: 1)
    }

    static func masterMatches(_ filter: Filter, _ neighbor: Neighbor, _ links: [Int32: Link]) -> Bool {
        guard let master = filter.master else { return true }
        return (links[neighbor.index]?.masterIndex ?? 0) == master
    }

    // MARK: printing

    static func linkLayerText(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count < 2 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// `print_neigh`.
    static func printNeighbor(_ neighbor: Neighbor, printer: Printer, context: Context, showDevice: Bool, deleted: Bool) async {
        printer.openObject()
        if deleted { printer.field("deleted", .bool(true), text: "Deleted ") }
        if context.options.brief {
            // `ip -br neigh`: the destination in 39 columns, the device in 16, the link-layer address.
            if let destination = neighbor.destination {
                printer.colored(.family(AddressFamily(of: destination).rawValue)) {
                    printer.string("dst", HostNames.text(destination), text: LinkCommand.pad(HostNames.text(destination), 39) + " ")
                }
            }
            if showDevice && neighbor.index != 0 {
                let name = await context.name(ofLink: neighbor.index)
                printer.colored(.interfaceName) { printer.string("dev", name, text: LinkCommand.pad(name, 16) + " ") }
            }
            if let address = neighbor.linkLayerAddress {
                printer.colored(.hardwareAddress) { printer.string("lladdr", linkLayerText(address)) }
            }
            printer.text("\n")
            printer.closeObject()
            return
        }
        if let destination = neighbor.destination {
            printer.colored(.family(AddressFamily(of: destination).rawValue)) {
                printer.string("dst", HostNames.text(destination), text: HostNames.text(destination) + " ")
            }
        }
        if showDevice && neighbor.index != 0 {
            let name = await context.name(ofLink: neighbor.index)
            printer.text("dev ")
            printer.colored(.interfaceName) { printer.string("dev", name, text: name + " ") }
        }
        if let address = neighbor.linkLayerAddress {
            let text = linkLayerText(address)
            printer.text("lladdr ")
            printer.colored(.hardwareAddress) { printer.string("lladdr", text, text: text + " ") }
        }
        if neighbor.flags.contains(.router) { printer.field("router", .null, text: "router ") }
        if neighbor.flags.contains(.proxy) { printer.field("proxy", .null, text: "proxy ") }
        if neighbor.extendedFlags?.contains(.managed) == true { printer.field("managed", .null, text: "managed ") }
        if neighbor.flags.contains(.externallyLearned) { printer.field("extern_learn", .null, text: "extern_learn ") }
        if neighbor.flags.contains(.offloaded) { printer.field("offload", .null, text: "offload ") }
        if context.options.statistics > 0 {
            if let info = neighbor.cacheInfo {
                let hz = UInt32(max(1, sysconf(Int32(_SC_CLK_TCK))))
                if info.referenceCount != 0 {
                    printer.unsigned("refcnt", UInt64(info.referenceCount), text: " ref \(info.referenceCount)")
                }
                printer.unsigned("used", UInt64(info.used / hz), text: " used \(info.used / hz)")
                printer.unsigned("confirmed", UInt64(info.confirmed / hz), text: "/\(info.confirmed / hz)")
                printer.unsigned("updated", UInt64(info.updated / hz), text: "/\(info.updated / hz)")
            }
            if let probes = neighbor.probes {
                printer.unsigned("probes", UInt64(probes), text: "probes \(probes) ")
            }
        }
        let state = neighbor.state.rawValue
        if state != 0 {
            printer.openArray("state")
            var rest = state
            for (bit, name) in stateNames where state & bit != 0 {
                printer.string(nil, name, text: name + " ")
                rest &= ~bit
            }
            if rest != 0 {
                let hex = "0x" + String(rest, radix: 16)
                printer.string(nil, hex, text: hex + " ")
            }
            printer.closeArray()
        }
        if let number = neighbor.protocol, number != 0 {
            let name = Names.protocols.name(UInt32(number))
            printer.string("protocol", name, text: "proto \(name) ")
        }
        printer.text("\n")
        printer.closeObject()
    }
}
