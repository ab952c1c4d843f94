import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl rule`: the commands of `ip rule`.
enum RuleCommand {
    static let usage = """
        Usage: nlctl rule { add | del } SELECTOR ACTION
               nlctl rule { flush | save | restore }
               nlctl rule [ list [ SELECTOR ]]
        SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]
                    [ fwmark FWMARK[/MASK] ]
                    [ iif STRING ] [ oif STRING ] [ pref NUMBER ] [ l3mdev ]
                    [ uidrange NUMBER-NUMBER ]
                    [ ipproto PROTOCOL ]
                    [ sport [ NUMBER | NUMBER-NUMBER ]
                    [ dport [ NUMBER | NUMBER-NUMBER ] ]
        ACTION := [ table TABLE_ID ]
                  [ protocol PROTO ]
                  [ nat ADDRESS ]
                  [ realms [SRCREALM/]DSTREALM ]
                  [ goto NUMBER ]
                  SUPPRESSOR
        SUPPRESSOR := [ suppress_prefixlength NUMBER ]
                      [ suppress_ifgroup DEVGROUP ]
        TABLE_ID := [ local | main | default | NUMBER ]
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await listOrFlush(&words, context: context, flush: false)
            return
        }
        if matches(command, "add") {
            if words.isEmpty { throw CommandError("\"nlctl rule add\" requires arguments.", status: 1) }
            try await modify(&words, context: context, delete: false)
        } else if matches(command, "delete") {
            if words.isEmpty { throw CommandError("\"nlctl rule del\" requires arguments.", status: 1) }
            try await modify(&words, context: context, delete: true)
        } else if matches(command, "list") || matches(command, "lst") || matches(command, "show") {
            try await listOrFlush(&words, context: context, flush: false)
        } else if matches(command, "flush") {
            try await listOrFlush(&words, context: context, flush: true)
        } else if matches(command, "save") {
            try await RuleSaveRestore.save(&words, context: context)
        } else if matches(command, "restore") {
            try await RuleSaveRestore.restore(&words, context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl rule help\".", status: 255)
        }
    }

    /// `invarg` of iprule.c: most of its messages end with a newline of their own.
    static func invalid(_ argument: String, _ reason: String) -> CommandError {
        CommandError.invalidArgument(argument, reason)
    }

    static let typeNames: [(UInt8, String)] = [
        (0, "unspec"), (1, "unicast"), (2, "local"), (3, "broadcast"), (4, "anycast"), (5, "multicast"),
        (6, "blackhole"), (7, "unreachable"), (8, "prohibit"), (9, "throw"), (10, "nat"), (11, "xresolve"),
    ]

    /// `rtnl_rtntype_a2n`.
    static func routeType(_ text: String) -> UInt8? {
        switch text {
        case "local": return 2
        case "nat": return 10
        default: break
        }
        if matches(text, "broadcast") { return 3 }
        if matches(text, "anycast") { return 4 }
        if matches(text, "multicast") { return 5 }
        if matches(text, "prohibit") { return 8 }
        if matches(text, "unreachable") { return 7 }
        if matches(text, "blackhole") { return 6 }
        if matches(text, "xresolve") { return 11 }
        if matches(text, "unicast") { return 1 }
        if text == "throw" { return 9 }
        if let value = NeighborRuleParsing.unsigned32(text), value <= 255 { return UInt8(value) }
        return nil
    }

    static func routeTypeName(_ value: UInt8) -> String {
        if NameTable.numeric { return String(value) }
        return typeNames.first { $0.0 == value }?.1 ?? String(value)
    }

    /// `inet_proto_a2n` / `inet_proto_n2a`.
    static func ipProtocol(_ text: String) -> UInt8? {
        if let entry = getprotobyname(text) { return UInt8(truncatingIfNeeded: entry.pointee.p_proto) }
        if text.hasPrefix("ipproto-"), let value = UInt8(text.dropFirst(8)) { return value }
        if let value = NeighborRuleParsing.unsigned32(text), value <= 255 { return UInt8(value) }
        return nil
    }

    static func ipProtocolName(_ value: UInt8) -> String {
        if NameTable.numeric { return "ipproto-\(value)" }
        if let entry = getprotobynumber(Int32(value)), let name = entry.pointee.p_name { return String(cString: name) }
        return "ipproto-\(value)"
    }

    /// `rtnl_dsfield_a2n`: a number (names from rt_dsfield are not installed here).
    static func tos(_ text: String) -> UInt8? {
        if let value = UInt32(text.hasPrefix("0x") ? String(text.dropFirst(2)) : text, radix: 16), value <= 255 { return UInt8(value) }
        return nil
    }

    static func hex2(_ value: UInt8) -> String {
        let hex = String(value, radix: 16)
        return "0x" + (hex.count < 2 ? "0" + hex : hex)
    }

    static func portRange(_ text: String) -> RulePortRange? {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let start = UInt16(parts[0]) else { return nil }
        if parts.count == 1 { return RulePortRange(start) }
        guard let end = UInt16(parts[1]) else { return nil }
        return RulePortRange(start: start, end: end)
    }

    static func uidRange(_ text: String) -> RuleUIDRange? {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let start = UInt32(parts[0]), let end = UInt32(parts[1]) else { return nil }
        return RuleUIDRange(start: start, end: end)
    }

    static func fwmark(_ text: String) throws(CommandError) -> (UInt32, UInt32?) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var mask: UInt32?
        if parts.count == 2 {
            guard let value = NeighborRuleParsing.unsigned32(String(parts[1])) else {
                throw invalid(String(parts[1]), "fwmask value is invalid\n")
            }
            mask = value
        }
        guard let mark = NeighborRuleParsing.unsigned32(String(parts[0])) else { throw invalid(String(parts[0]), "fwmark value is invalid\n") }
        return (mark, mask)
    }

    static func checkInterfaceName(_ name: String) -> Bool {
        !name.isEmpty && name.rawBytes.count < 16 && !name.contains("/") && !name.contains(" ") && name != "." && name != ".."
    }

    // MARK: add / delete

    static func modify(_ words: inout Words, context: Context, delete: Bool) async throws(CommandError) {
        var family = NeighborRuleParsing.familyNumber(context.options.family)
        var rule = Rule(family: family, action: delete ? .unspecified : .toTable)
        var tableGiven = false
        var l3mdev = false
        while let word = words.next() {
            if word == "not" {
                rule.isInverted = true
            } else if word == "from" {
                let value = try words.argument(of: word)
                let prefix = try NeighborRuleParsing.prefix(value, family: family)
                if let address = prefix.address { rule.setSource(address, length: prefix.length) }
            } else if word == "to" {
                let value = try words.argument(of: word)
                let prefix = try NeighborRuleParsing.prefix(value, family: family)
                if let address = prefix.address { rule.setDestination(address, length: prefix.length) }
            } else if matches(word, "preference") || matches(word, "order") || matches(word, "priority") {
                let value = try words.argument(of: word)
                guard let number = NeighborRuleParsing.unsigned32(value) else { throw invalid(value, "preference value is invalid\n") }
                rule.priority = number
            } else if word == "tos" || matches(word, "dsfield") {
                let value = try words.argument(of: word)
                guard let number = tos(value) else { throw invalid(value, "TOS value is invalid\n") }
                rule.tos = number
            } else if word == "fwmark" {
                let value = try words.argument(of: word)
                let (mark, mask) = try fwmark(value)
                rule.firewallMark = mark
                rule.firewallMask = mask
            } else if matches(word, "realms") {
                let value = try words.argument(of: word)
                let parts = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                var flow: UInt32 = 0
                if parts.count == 2 {
                    guard let from = Names.realms.number(String(parts[0])), let to = Names.realms.number(String(parts[1])) else {
                        throw invalid(value, "invalid realms\n")
                    }
                    flow = from << 16 | to & 0xFFFF
                } else {
                    guard let to = Names.realms.number(value) else { throw invalid(value, "invalid realms\n") }
                    flow = to & 0xFFFF
                }
                rule.flow = flow
            } else if matches(word, "protocol") {
                let value = try words.argument(of: word)
                guard let number = Names.protocols.number(value), number <= 255 else {
                    throw invalid(value, "\"protocol\" value is invalid\n")
                }
                rule.protocol = UInt8(number)
            } else if matches(word, "tun_id") {
                let value = try words.argument(of: word)
                guard let number = UInt64(value.hasPrefix("0x") ? String(value.dropFirst(2)) : value, radix: value.hasPrefix("0x") ? 16 : 10)
                else { throw invalid(value, "invalid tun_id\n") }
                rule.tunnelID = number
            } else if matches(word, "table") || word == "lookup" {
                let value = try words.argument(of: word)
                guard let number = Names.tables.number(value) else { throw invalid(value, "invalid table ID\n") }
                rule.table = number
                tableGiven = true
            } else if matches(word, "suppress_prefixlength") {
                let value = try words.argument(of: word)
                guard let number = Int32(value), number >= 0 else { throw invalid(value, "suppress_prefixlength value is invalid\n") }
                rule.suppressPrefixLength = UInt32(bitPattern: number)
            } else if matches(word, "suppress_ifgroup") {
                let value = try words.argument(of: word)
                guard let number = Names.groups.number(value) else { throw invalid(value, "Invalid \"suppress_ifgroup\" value\n") }
                rule.suppressInterfaceGroup = number
            } else if word == "dev" || word == "iif" {
                let value = try words.argument(of: word)
                guard checkInterfaceName(value) else { throw CommandError.invalidArgument(value, "\"iif\"/\"dev\" not a valid ifname") }
                rule.inputInterface = value
            } else if word == "oif" {
                let value = try words.argument(of: word)
                guard checkInterfaceName(value) else { throw CommandError.invalidArgument(value, "\"oif\" not a valid ifname") }
                rule.outputInterface = value
            } else if word == "l3mdev" {
                rule.l3MasterDevice = 1
                l3mdev = true
            } else if matches(word, "nat") || matches(word, "map-to") {
                // Route NAT is gone from the kernel: ip warns, and the rule keeps action RTN_NAT.
                let value = try words.argument(of: word)
                _ = try NeighborRuleParsing.address(value, family: 2)
                context.warn("Warning: route NAT is deprecated")
                rule.action = RuleAction(rawValue: 10)
            } else if word == "uidrange" {
                let value = try words.argument(of: word)
                guard let range = uidRange(value) else { throw invalid(value, "invalid UID range\n") }
                rule.uidRange = range
            } else if word == "ipproto" {
                let value = try words.argument(of: word)
                guard let number = ipProtocol(value) else { throw invalid(value, "Invalid \"ipproto\" value\n") }
                rule.ipProtocol = number
            } else if word == "sport" {
                let value = try words.argument(of: word)
                guard let range = portRange(value) else { throw invalid(value, "invalid port range\n") }
                rule.sourcePortRange = range
            } else if word == "dport" {
                let value = try words.argument(of: word)
                guard let range = portRange(value) else { throw invalid(value, "invalid dport range\n") }
                rule.destinationPortRange = range
            } else {
                var value = word
                if matches(value, "type") { value = try words.argument(of: word) }
                if matches(value, "help") { throw CommandError(usage, status: 255) }
                if matches(value, "goto") {
                    let target = try words.argument(of: word)
                    guard let number = NeighborRuleParsing.unsigned32(target) else { throw invalid(target, "invalid target\n") }
                    rule.goto = number
                    rule.action = .goto
                } else if matches(value, "nop") {
                    rule.action = .nop
                } else {
                    guard let type = routeType(value) else { throw invalid(value, "Failed to parse rule type") }
                    rule.action = RuleAction(rawValue: type)
                }
                tableGiven = true
            }
        }
        if l3mdev && tableGiven {
            throw CommandError("table can not be specified for l3mdev rules", status: 22)
        }
        if family == 0 { family = 2 }
        rule.family = family
        if !tableGiven && !l3mdev && !delete { rule.table = 254 }
        let finalRule = rule
        try await context.submit(ChangeRequest(
            type: delete ? RouteMessageType.deleteRule : RouteMessageType.newRule,
            flags: delete ? [] : [.create, .exclusive], fixedHeaderSize: RuleMessage.size
        ) { b in try finalRule.encode(into: &b) })
    }

    // MARK: list / flush

    struct Filter {
        var priority: UInt32?
        var not = false
        var source: NeighborRuleParsing.Prefix?
        var destination: NeighborRuleParsing.Prefix?
        var tos: UInt8?
        var mark: UInt32?
        var mask: UInt32?
        var inputInterface: String?
        var outputInterface: String?
        var l3mdev = false
        var uidRange: RuleUIDRange?
        var ipProtocol: UInt8?
        var sourcePorts: RulePortRange?
        var destinationPorts: RulePortRange?
        var table: UInt32?
        var protocolNumber: UInt8?

        static func same(_ prefix: NeighborRuleParsing.Prefix, _ address: IPAddress?, _ length: UInt8) -> Bool {
            guard let base = prefix.address else { return length == 0 && address == nil }
            return address == base && length == prefix.length
        }

        func accepts(_ rule: Rule) -> Bool {
            if let priority, (rule.priority ?? 0) != priority { return false }
            if not && !rule.isInverted { return false }
            if let source, source.address != nil, !Self.same(source, rule.source, rule.sourceLength) { return false }
            if let destination, destination.address != nil, !Self.same(destination, rule.destination, rule.destinationLength) {
                return false
            }
            if let tos, rule.tos != tos { return false }
            if let mark, (rule.firewallMark ?? 0) != mark { return false }
            if let mask, (rule.firewallMask ?? 0xFFFF_FFFF) != mask { return false }
            if let inputInterface, rule.inputInterface != inputInterface { return false }
            if let outputInterface, rule.outputInterface != outputInterface { return false }
            if l3mdev && rule.l3MasterDevice == nil { return false }
            if let uidRange, rule.uidRange != uidRange { return false }
            if let ipProtocol, rule.ipProtocol != ipProtocol { return false }
            if let sourcePorts, rule.sourcePortRange != sourcePorts { return false }
            if let destinationPorts, rule.destinationPortRange != destinationPorts { return false }
            if let table, rule.table == 0 || rule.table != table { return false }
            // ip 6.1 parses "protocol" in a selector but does not filter on it (every rule is shown).
            _ = protocolNumber
            return true
        }
    }

    static func listOrFlush(_ words: inout Words, context: Context, flush: Bool) async throws(CommandError) {
        var family = NeighborRuleParsing.familyNumber(context.options.family)
        if family == 0 { family = 2 }
        let filter = try parseFilter(&words, family: family)
        let connection = try context.connection()
        let rules: [Rule]
        do throws(NetlinkError) {
            rules = try await connection.rules(family: family)
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        if flush {
            for rule in rules where filter.accepts(rule) && (rule.priority ?? 0) != 0 {
                do throws(NetlinkError) {
                    try await connection.execute(type: RouteMessageType.deleteRule, fixedHeaderSize: RuleMessage.size) { b in
                        try rule.encode(into: &b)
                    }
                } catch {
                    throw CommandError.netlink(error)
                }
            }
            return
        }
        let printer = context.printer
        printer.begin()
        for rule in rules where filter.accepts(rule) {
            await printRule(rule, printer: printer, context: context)
        }
        printer.finish()
    }

    /// The selector of `list`, `flush` and `save`.
    static func parseFilter(_ words: inout Words, family: AddressFamily) throws(CommandError) -> Filter {
        var filter = Filter()
        while let word = words.next() {
            if word == "not" {
                filter.not = true
            } else if matches(word, "preference") || matches(word, "order") || matches(word, "priority") {
                let value = try words.argument(of: word)
                guard let number = NeighborRuleParsing.unsigned32(value) else { throw invalid(value, "preference value is invalid\n") }
                filter.priority = number
            } else if word == "tos" || matches(word, "dsfield") {
                let value = try words.argument(of: word)
                guard let number = tos(value) else { throw invalid(value, "TOS value is invalid\n") }
                filter.tos = number
            } else if word == "fwmark" {
                let value = try words.argument(of: word)
                let (mark, mask) = try fwmark(value)
                // ip filters on each part only when it is not zero (a mark without a mask: any mask).
                if mark != 0 { filter.mark = mark }
                if let mask, mask != 0 { filter.mask = mask }
            } else if word == "dev" || word == "iif" {
                filter.inputInterface = try words.argument(of: word)
            } else if word == "oif" {
                filter.outputInterface = try words.argument(of: word)
            } else if word == "l3mdev" {
                filter.l3mdev = true
            } else if word == "uidrange" {
                let value = try words.argument(of: word)
                guard let range = uidRange(value) else { throw invalid(value, "invalid UID range\n") }
                filter.uidRange = range
            } else if word == "ipproto" {
                let value = try words.argument(of: word)
                guard let number = ipProtocol(value) else { throw invalid(value, "Invalid \"ipproto\" value\n") }
                filter.ipProtocol = number
            } else if word == "sport" {
                let value = try words.argument(of: word)
                guard let range = portRange(value) else { throw invalid(value, "invalid port range\n") }
                filter.sourcePorts = range
            } else if word == "dport" {
                let value = try words.argument(of: word)
                guard let range = portRange(value) else { throw invalid(value, "invalid dport range\n") }
                filter.destinationPorts = range
            } else if matches(word, "lookup") || matches(word, "table") {
                let value = try words.argument(of: word)
                guard let number = Names.tables.number(value) else { throw invalid(value, "table id value is invalid\n") }
                filter.table = number
            } else if matches(word, "protocol") {
                let value = try words.argument(of: word)
                guard let number = Names.protocols.number(value), number <= 255 else {
                    throw invalid(value, "\"protocol\" value is invalid\n")
                }
                filter.protocolNumber = UInt8(number)
            } else if matches(word, "from") || matches(word, "src") {
                let value = try words.argument(of: word)
                filter.source = try NeighborRuleParsing.prefix(value, family: family)
            } else {
                var value = word
                if matches(word, "dst") || matches(word, "to") { value = try words.argument(of: word) }
                filter.destination = try NeighborRuleParsing.prefix(value, family: family)
            }
        }
        return filter
    }

    // MARK: printing

    /// `print_rule`.
    static func printRule(_ rule: Rule, printer: Printer, context: Context) async {
        let hostLength: UInt8 = rule.family == 10 ? 128 : 32
        printer.openObject()
        let priority = rule.priority ?? 0
        printer.unsigned("priority", UInt64(priority), text: "\(priority):\t")
        if rule.isInverted { printer.field("not", .null, text: "not ") }
        if let source = rule.source {
            printer.text("from ")
            printer.colored(.family(rule.family.rawValue)) { printer.string("src", source.description) }
            if rule.sourceLength != hostLength {
                printer.unsigned("srclen", UInt64(rule.sourceLength), text: "/\(rule.sourceLength)")
            }
        } else if rule.sourceLength != 0 {
            printer.text("from ")
            printer.string("src", "0")
            printer.unsigned("srclen", UInt64(rule.sourceLength), text: "/\(rule.sourceLength)")
        } else {
            printer.string("src", "all", text: "from all")
        }
        if let destination = rule.destination {
            printer.text(" to ")
            printer.colored(.family(rule.family.rawValue)) { printer.string("dst", destination.description) }
            if rule.destinationLength != hostLength {
                printer.unsigned("dstlen", UInt64(rule.destinationLength), text: "/\(rule.destinationLength)")
            }
        } else if rule.destinationLength != 0 {
            printer.text(" to ")
            printer.string("dst", "0")
            printer.unsigned("dstlen", UInt64(rule.destinationLength), text: "/\(rule.destinationLength)")
        }
        if rule.tos != 0 {
            printer.text(" tos ")
            printer.string("tos", hex2(rule.tos))
        }
        if rule.firewallMark != nil || rule.firewallMask != nil {
            let mark = rule.firewallMark ?? 0
            let mask = rule.firewallMask ?? 0xFFFF_FFFF
            // printf's "%#x": no 0x before a zero.
            func alternateHex(_ value: UInt32) -> String { value == 0 ? "0" : "0x" + String(value, radix: 16) }
            printer.string("fwmark", alternateHex(mark), text: " fwmark " + alternateHex(mark))
            if mask != 0xFFFF_FFFF {
                printer.string("fwmask", alternateHex(mask), text: "/" + alternateHex(mask))
            }
        }
        if let name = rule.inputInterface {
            printer.text(" iif ")
            printer.colored(.interfaceName) { printer.string("iif", name) }
            if rule.flags.contains(.inputInterfaceDetached) { printer.field("iif_detached", .null, text: " [detached]") }
        }
        if let name = rule.outputInterface {
            printer.text(" oif ")
            printer.colored(.interfaceName) { printer.string("oif", name) }
            if rule.flags.contains(.outputInterfaceDetached) { printer.field("oif_detached", .null, text: " [detached]") }
        }
        if let l3 = rule.l3MasterDevice, l3 != 0 {
            printer.field("l3mdev", .null, text: " lookup [l3mdev-table]")
        }
        if let range = rule.uidRange {
            printer.unsigned("uid_start", UInt64(range.start), text: " uidrange \(range.start)")
            printer.unsigned("uid_end", UInt64(range.end), text: "-\(range.end)")
        }
        if let number = rule.ipProtocol {
            let name = ipProtocolName(number)
            printer.string("ipproto", name, text: " ipproto \(name)")
        }
        for (word, range) in [("sport", rule.sourcePortRange), ("dport", rule.destinationPortRange)] {
            guard let range else { continue }
            if range.start == range.end {
                printer.unsigned(word, UInt64(range.start), text: " \(word) \(range.start)")
            } else {
                printer.unsigned("\(word)_start", UInt64(range.start), text: " \(word) \(range.start)")
                printer.unsigned("\(word)_end", UInt64(range.end), text: "-\(range.end)")
            }
        }
        if let tunnel = rule.tunnelID {
            printer.unsigned("tun_id", tunnel, text: " tun_id \(tunnel)")
        }
        if rule.table != 0 {
            let name = Names.tables.name(rule.table)
            printer.string("table", name, text: " lookup \(name)")
            if let length = rule.suppressPrefixLength, length != 0xFFFF_FFFF {
                let value = Int32(bitPattern: length)
                printer.signed("suppress_prefixlen", Int64(value), text: " suppress_prefixlength \(value)")
            }
            if let group = rule.suppressInterfaceGroup, group != 0xFFFF_FFFF {
                let name = Names.groups.name(group)
                printer.string("suppress_ifgroup", name, text: " suppress_ifgroup \(name)")
            }
        }
        if let flow = rule.flow {
            let to = flow & 0xFFFF
            let from = flow >> 16
            printer.text(" realms ")
            if from != 0 {
                printer.string("flow_from", Names.realms.name(from), text: Names.realms.name(from) + "/")
            }
            printer.string("flow_to", Names.realms.name(to))
        }
        if rule.action == .goto {
            if let target = rule.goto {
                printer.unsigned("goto", UInt64(target), text: " goto \(target)")
            } else {
                printer.string("goto", "none", text: " goto none")
            }
            if rule.flags.contains(.unresolved) { printer.field("unresolved", .null, text: " [unresolved]") }
        } else if rule.action.rawValue == 10 {
            printer.field("masquerade", .null, text: " masquerade")
        } else if rule.action == .nop {
            printer.field("nop", .null, text: " nop")
        } else if rule.action != .toTable {
            let name = routeTypeName(rule.action.rawValue)
            printer.string("action", name, text: " \(name)")
        }
        if let number = rule.protocol, (number != 0 && number != 2) || context.options.details > 0 {
            let name = Names.protocols.name(UInt32(number))
            printer.string("protocol", name, text: " proto \(name)")
        }
        printer.text("\n")
        printer.closeObject()
    }
}
