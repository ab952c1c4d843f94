import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import SystemPackage

/// `nlctl link`: the commands of `ip link`.
enum LinkCommand {
    static let usage = """
        Usage: nlctl link add [link DEV] [ name ] NAME
                            [ txqueuelen PACKETS ]
                            [ address LLADDR ] [ broadcast LLADDR ]
                            [ mtu MTU ] [index IDX ]
                            [ numtxqueues QUEUE_COUNT ] [ numrxqueues QUEUE_COUNT ]
                            [ netns { PID | NAME } ] [ group GROUP ] [ alias NAME ]
                            [ master DEV ] [ up | down ]
                            type TYPE [ ARGS ]

               nlctl link delete { DEVICE | dev DEVICE | group DEVGROUP } [ type TYPE ]

               nlctl link set { DEVICE | dev DEVICE | group DEVGROUP }
                            [ { up | down } ]
                            [ name NEWNAME ] [ address LLADDR ] [ broadcast LLADDR ]
                            [ mtu MTU ] [ txqueuelen PACKETS ] [ netns { PID | NAME } ]
                            [ alias NAME ] [ group GROUP ] [ master DEVICE ] [ nomaster ]

               nlctl link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [nomaster] [type ETYPE[_slave]]

               nlctl link help

        TYPE := { bridge | bridge_slave | ifb | macvlan | macvtap | veth | vxlan }
        veth ARGS := peer [ name ] NAME [ link options of the peer ]
        macvlan and macvtap ARGS: see "nlctl link add type macvlan help" (every option of ip 6.1)
        bridge ARGS: see "nlctl link add type bridge help" (every option of ip 6.1)
        bridge_slave ARGS (link set only): see "nlctl link set DEVICE type bridge_slave help"
        vxlan ARGS: see "nlctl link add type vxlan help" (every option of ip 6.1)
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await show(&words, context: context)
            return
        }
        if matches(command, "add") {
            try await LinkModify.add(&words, context: context)
        } else if matches(command, "set") || matches(command, "change") {   // ip tries `set` before `show`: `link s` is set
            try await LinkModify.set(&words, context: context)
        } else if matches(command, "replace") {
            try await LinkModify.add(&words, context: context, replace: true)
        } else if matches(command, "delete") {
            try await LinkModify.delete(&words, context: context)
        } else if matches(command, "show") || matches(command, "lst") || matches(command, "list") {
            try await show(&words, context: context)
        } else if matches(command, "xstats") {
            try await LinkXstatsCommand.xstats(&words, context: context)
        } else if matches(command, "afstats") {
            try await LinkXstatsCommand.afstats(&words, context: context)
        } else if matches(command, "property") {
            try await property(&words, context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError.unknownCommand(command, object: "link")
        }
    }

    /// ip 6.1's `iplink_prop`: `property add | del [dev] NAME altname ALT ...` — the names go in
    /// one `IFLA_PROP_LIST` (ip checks each, and the device's name, as `check_altifname` does:
    /// not empty, no `/`, no blank).
    static func property(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let operation = words.next() else { throw CommandError(usage, status: 255) }
        let add: Bool
        if matches(operation, "add") {
            add = true
        } else if matches(operation, "del") {
            add = false
        } else if matches(operation, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError("Operator required", status: 255)
        }
        func valid(_ name: String) -> Bool {
            let bytes = name.rawBytes
            return !bytes.isEmpty && !bytes.contains { $0 == UInt8(ascii: "/") || $0 == 0x20 || (0x09...0x0D).contains($0) }
        }
        var names: [String] = []
        var device: String?
        while let word = words.next() {
            if matches(word, "altname") {
                let name = try words.argument(of: word)
                guard valid(name) else { throw CommandError.invalidArgument(name, "not a valid altname") }
                names.append(name)
            } else if matches(word, "help") {
                throw CommandError(usage, status: 255)
            } else {
                let name = word == "dev" ? try words.argument(of: word) : word
                if device != nil { throw CommandError.duplicateOrGarbage(key: "dev", name) }
                guard valid(name) else { throw CommandError.invalidArgument(name, "\"dev\" not a valid ifname") }
                device = name
            }
        }
        guard let device else { throw CommandError("Not enough of information: \"dev\" argument is required.", status: 255) }
        guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
        let connection = try context.connection()
        do throws(NetlinkError) {
            if add {
                try await connection.addAlternativeNames(names, toLinkAt: index)
            } else {
                try await connection.deleteAlternativeNames(names, fromLinkAt: index)
            }
        } catch {
            throw CommandError.netlink(error)
        }
    }

    struct Filter {
        var device: String?
        var up = false
        var master: String?
        var noMaster = false
        var kind: String?
        var group: UInt32?
    }

    static func show(_ words: inout Words, context: Context) async throws(CommandError) {
        var filter = Filter()
        while let word = words.next() {
            switch word {
            case "up": filter.up = true
            case "master": filter.master = try words.argument(of: word)
            case "nomaster": filter.noMaster = true
            case "type": filter.kind = try words.argument(of: word)
            case "vrf": filter.master = try await LinkCommand.vrf(try words.argument(of: word), context: context)
            case "group":
                let name = try words.argument(of: word)
                guard let group = Names.groups.number(name) else { throw CommandError.invalidArgument(name, "Invalid \"group\" value\n") }
                filter.group = group
            default:
                var name = word
                if word == "dev" { name = try words.argument(of: word) } else if matches(word, "help") {
                    throw CommandError(usage, status: 255)
                }
                if filter.device != nil { throw CommandError.garbage(name, object: "link") }
                filter.device = name
            }
        }
        let links: [Int32: Link]
        var selected: [Link]
        if filter.device == nil, filter.master != nil || filter.kind != nil, !(filter.kind?.hasSuffix("_slave") ?? false) {
            (selected, links) = try await kernelFiltered(filter, context: context)
        } else if let device = filter.device, filter.master == nil, filter.kind == nil, filter.group == nil {
            // One device and no other filter: ip asks for that link alone (iplink_get), not a dump.
            (selected, links) = try await singleDevice(device, context: context)
        } else {
            links = try await context.links()
            var masterIndex: Int32?
            if let master = filter.master {
                guard let index = try await context.index(ofLink: master) else { throw noSuchMaster(master) }
                masterIndex = index
            }
            selected = links.values.sorted { $0.index < $1.index }
            if let device = filter.device {
                selected = selected.filter { $0.isNamed(device) }
                if selected.isEmpty { throw CommandError.noSuchDevice(device) }
            }
            if let masterIndex { selected = selected.filter { $0.masterIndex == masterIndex } }
            if let kind = filter.kind { selected = selected.filter { matchesKind($0, kind) } }
        }
        if filter.up { selected = selected.filter { $0.isUp } }
        if filter.noMaster { selected = selected.filter { $0.masterIndex == nil } }
        if let group = filter.group { selected = selected.filter { ($0.group ?? 0) == group } }

        if !context.options.brief { await context.loadNamespaceNames(for: selected) }
        let printer = context.printer
        printer.begin()
        for link in selected {
            printer.openObject()
            if context.options.brief {
                printBrief(link, links: links, printer: printer)
                printer.text("\n")
            } else {
                printLink(link, links: links, context: context, linkMode: true)
            }
            printer.closeObject()
        }
        printer.finish()
    }

    /// `type KIND` of `show`: the link's kind, or with `KIND_slave` the kind of its master (ip's slave_kind).
    static func matchesKind(_ link: Link, _ kind: String) -> Bool {
        kind.hasSuffix("_slave") ? link.portKind == LinkKind(String(kind.dropLast(6))) : link.kind == LinkKind(kind)
    }

    /// `vrf NAME` of `show`: the name, when it is a VRF link (else ip's "Not a valid VRF name").
    static func vrf(_ name: String, context: Context) async throws(CommandError) -> String {
        guard let index = try await context.index(ofLink: name), try await context.links()[index]?.kind == "vrf" else {
            throw CommandError.invalidArgument(name, "Not a valid VRF name\n")
        }
        return name
    }

    /// `show master DEV` / `show type KIND` without a device: the master is looked up by name (one
    /// request) and both filters go to the kernel in the dump request (IFLA_MASTER, IFLA_INFO_KIND),
    /// as ip sends them; the library checks again what the kernel did not filter. The names of the
    /// parents and masters the selected links refer to are asked for one by one when they are few,
    /// instead of dumping every link.
    static func kernelFiltered(_ filter: Filter, context: Context) async throws(CommandError) -> ([Link], [Int32: Link]) {
        let connection = try context.connection()
        var known: [Int32: Link] = [:]
        var masterIndex: Int32?
        if let master = filter.master {
            do throws(NetlinkError) {
                let link = try await connection.link(named: master)
                known[link.index] = link
                masterIndex = link.index
            } catch {
                if error.errno == Errno(rawValue: ENODEV) { throw noSuchMaster(master) }
                throw CommandError.netlink(error, status: 1)
            }
        }
        var selected: [Link]
        do throws(NetlinkError) {
            selected = try await connection.links(filter: LinkFilter(masterIndex: masterIndex, kind: filter.kind.map(LinkKind.init(rawValue:))))
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        selected.sort { $0.index < $1.index }
        for link in selected { known[link.index] = link }
        return (selected, try await withRelatedLinks(of: selected, known: known, context: context))
    }

    /// `show dev NAME` alone: the link by name (a name or an alternative name, as the kernel
    /// matches it: byte for byte), and the links its name and master line refer to.
    static func singleDevice(_ name: String, context: Context) async throws(CommandError) -> ([Link], [Int32: Link]) {
        let connection = try context.connection()
        let link: Link
        do throws(NetlinkError) {
            link = try await connection.link(named: name, statistics: context.options.statistics > 0)
        } catch {
            if error.errno == Errno(rawValue: ENODEV) { throw CommandError.noSuchDevice(name) }
            throw CommandError.netlink(error, status: 1)
        }
        // Details name more links (a backup port, a tunnel's device): those take the whole map.
        if context.options.details > 0 { return ([link], try await context.links()) }
        // A link that names no parent and no master needs no map (building one cost a batch of
        // `link show` lines a measurable share of their time).
        guard (link.parentIndex ?? 0) > 0 || (link.masterIndex ?? 0) > 0 else { return ([link], [:]) }
        return ([link], try await withRelatedLinks(of: [link], known: [link.index: link], context: context))
    }

    /// `known` and the parents and masters the selected links refer to (asked for one by one when
    /// they are few, else by one dump of every link).
    static func withRelatedLinks(of selected: [Link], known: [Int32: Link], context: Context) async throws(CommandError) -> [Int32: Link] {
        var known = known
        var missing = Set<Int32>()
        for link in selected {
            if let parent = link.parentIndex, parent > 0, link.linkNamespaceID == nil, known[parent] == nil { missing.insert(parent) }
            if let master = link.masterIndex, master > 0, known[master] == nil { missing.insert(master) }
        }
        if missing.count > 4 { return try await context.links() }
        let connection = try context.connection()
        for index in missing.sorted() {
            if let link = try? await connection.link(index: index) { known[index] = link }
        }
        return known
    }

    /// ip's answer to `show master NAME` for a name that does not exist (its `invarg`, exit 255).
    static func noSuchMaster(_ name: String) -> CommandError {
        CommandError.invalidArgument(name, "Device does not exist\n")
    }

    /// What follows a link's name: `@va` (its parent), `@if3` (a parent in another namespace),
    /// `@NONE`, or nothing; the JSON members for the parent are printed here.
    static func parentSuffix(_ link: Link, links: [Int32: Link], printer: Printer) -> String? {
        guard let parent = link.parentIndex, parent != link.index || link.linkNamespaceID != nil else { return nil }
        if parent == 0 {
            printer.json("link", .null)
            return "@NONE"
        } else if link.linkNamespaceID != nil {
            printer.json("link_index", .signed(Int64(parent)))
            return "@if\(parent)"
        } else {
            let parentName = links[parent]?.name ?? "if\(parent)"
            printer.json("link", .string(parentName))
            return "@" + parentName
        }
    }

    /// The name with its parent: `vb@va`, `vb@if3` (parent in another namespace), `x@NONE`.
    static func nameAndParent(_ link: Link, links: [Int32: Link], printer: Printer, format: (String) -> String) {
        let name = link.name + (parentSuffix(link, links: links, printer: printer) ?? "")
        printer.colored(.interfaceName) { printer.field("ifname", .string(link.name), text: format(name)) }
    }

    /// ``nameAndParent(_:links:printer:format:)`` followed by `suffix`, written without making a String.
    static func nameAndParent(_ link: Link, links: [Int32: Link], printer: Printer, suffix: StaticString) {
        let parent = parentSuffix(link, links: links, printer: printer)
        if printer.isJSON {
            printer.json("ifname", .string(link.name))
        } else {
            printer.colored(.interfaceName) {
                printer.text(link.name)
                if let parent { printer.text(parent) }
                printer.text(suffix)
            }
        }
    }

    static func masterDown(_ link: Link, links: [Int32: Link]) -> Bool {
        guard let parent = link.parentIndex, parent != 0, link.linkNamespaceID == nil, parent != link.index,
            let parentLink = links[parent]
        else { return false }
        return !parentLink.isUp
    }

    static func printFlags(_ link: Link, links: [Int32: Link], printer: Printer, trailing: StaticString) {
        let down = masterDown(link, links: links)
        if printer.isJSON {
            printer.openArray("flags")
            for word in LinkFormat.flagWords(link.flags.rawValue, masterDown: down) { printer.json(nil, .string(word)) }
            printer.closeArray()
            return
        }
        printer.output.write { buffer in
            LinkFormat.appendFlags(link.flags.rawValue, masterDown: down, to: &buffer)
            ByteText.append(trailing, to: &buffer)
        }
    }

    /// `print_linkinfo`: the link's lines (without opening or closing its JSON object).
    /// - Parameters:
    ///   - linkMode: `ip link` (prints `mode`, the alias and statistics) rather than `ip address`.
    ///   - familyFilter: an address family filter is in force: the `link/` line is left out.
    static func printLink(
        _ link: Link, links: [Int32: Link], context: Context, linkMode: Bool, familyFilter: Bool = false, showQueue: Bool = true
    ) {
        let printer = context.printer
        // Written without making Strings: `ip -batch` prints this for every `link show` line.
        printer.signed("ifindex", Int64(link.index), prefix: "", suffix: ": ")
        nameAndParent(link, links: links, printer: printer, suffix: ": ")
        printFlags(link, links: links, printer: printer, trailing: " ")
        if let mtu = link.mtu { printer.unsigned("mtu", UInt64(mtu), prefix: "mtu ") }
        if let qdisc = link.qdisc { printer.string("qdisc", qdisc, prefix: "qdisc ") }
        if let master = link.masterIndex {
            printer.string("master", links[master]?.name ?? "if\(master)", prefix: "master ")
        }
        if let state = link.operationalState {
            // ip: "state " and, coloured, the name and a space.
            printer.text("state ")
            printer.colored(.operationalState(state.description)) { printer.string("operstate", state.description, prefix: "") }
        }
        if linkMode, let mode = link.linkMode {
            printer.string("linkmode", LinkFormat.linkMode(mode.rawValue), prefix: "mode ")
        }
        if let group = link.group {
            printer.string("group", Names.groups.name(group), prefix: "group ")
        }
        if showQueue, let queue = link.transmitQueueLength, queue != 0 {
            printer.signed("txqlen", Int64(Int32(bitPattern: queue)), prefix: "qlen ", suffix: "")  // ip: %d
        }
        // `print_link_event`: a notification's reason (none: nothing).
        if let event = link.event {
            let names = ["NONE", "REBOOT", "FEATURE CHANGE", "BONDING FAILOVER", "NOTIFY PEERS", "RESEND IGMP", "BONDING OPTION"]
            if event >= UInt32(names.count) {
                printer.signed("event", Int64(Int32(bitPattern: event)), text: "event \(Int32(bitPattern: event)) ")
            } else if event != 0 {
                printer.string("event", names[Int(event)], text: "event \(names[Int(event)]) ")
            }
        }
        if !familyFilter {
            printer.newline()
            printer.string("link_type", LinkFormat.hardwareType(link.hardwareType), prefix: "    link/")
            if let address = link.address {
                printer.colored(.hardwareAddress) {
                    printer.unescaped("address", prefix: "", suffix: "") { LinkFormat.append(hardwareAddress: address, to: &$0) }
                }
            }
            if let broadcast = link.broadcast {
                if link.flags.contains(.pointToPoint) {
                    printer.text(" peer ")
                    printer.json("link_pointtopoint", .bool(true))
                } else {
                    printer.text(" brd ")
                }
                printer.colored(.hardwareAddress) {
                    printer.unescaped("broadcast", prefix: "", suffix: "") { LinkFormat.append(hardwareAddress: broadcast, to: &$0) }
                }
            }
            if let permanent = link.permanentAddress, permanent != link.address ?? [] {
                printer.text(" permaddr ")
                printer.colored(.hardwareAddress) {
                    printer.unescaped("permaddr", prefix: "", suffix: "") { LinkFormat.append(hardwareAddress: permanent, to: &$0) }
                }
            }
        }
        if let id = link.linkNamespaceID {
            if printer.isJSON {
                printer.json("link_netnsid", .signed(Int64(id)))
            } else if id >= 0, let name = context.namespaceNamesByID?[id] {
                // ip's get_name_from_nsid: the name under /run/netns with that ID here.
                printer.text(" link-netns ")
                printer.string(nil, name, prefix: "", suffix: "")
            } else if id >= 0 {
                printer.text(" link-netnsid \(id)")
            } else {
                printer.text(" link-netnsid unknown")
            }
        }
        if link.protocolDown == true {
            printer.field("proto_down", .bool(true), text: " protodown on ")
        }
        let details = context.options.details > 0
        if details { LinkDetailsFormat.print(link, links: links, linkMode: linkMode, printer: printer) }
        if linkMode || details, let alias = link.aliasBytes {
            printer.newline()
            printer.bytes("ifalias", alias, textPrefix: "    alias ")
        }
        if linkMode, context.options.statistics > 0, let statistics = link.statistics {
            printer.newline()
            LinkStatisticsFormat.print(statistics, carrierChanges: link.carrierChanges, level: context.options.statistics, printer: printer)
        }
        if !link.alternativeNames.isEmpty {
            printer.openArray("altnames")
            for name in link.alternativeNames {
                printer.newline()
                printer.text("    altname \(name)")
                printer.json(nil, .string(name))
            }
            printer.closeArray()
        }
        printer.text("\n")
    }

    /// `print_linkinfo_brief`: name, state, then what the caller adds (address or link flags).
    static func printBrief(_ link: Link, links: [Int32: Link], printer: Printer, addresses: Bool = false) {
        nameAndParent(link, links: links, printer: printer) { pad($0, 16) + " " }
        if let state = link.operationalState {
            let text = state.description
            printer.colored(.operationalState(text)) { printer.field("operstate", .string(text), text: pad(text, 14) + " ") }
        }
        guard !addresses else { return }
        if let address = link.address {
            let text = LinkFormat.hardwareAddress(address)
            printer.colored(.hardwareAddress) { printer.field("address", .string(text), text: text + " ") }
        }
        printFlags(link, links: links, printer: printer, trailing: " ")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }
}
