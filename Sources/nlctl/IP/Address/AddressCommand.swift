import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl address`: the commands of `ip address`.
enum AddressCommand {
    static let usage = """
        Usage: nlctl address { add | change | replace } IFADDR dev IFNAME [ LIFETIME ] [ CONFFLAG-LIST ]
               nlctl address del IFADDR dev IFNAME
               nlctl address flush [ dev IFNAME ] [ scope SCOPE-ID ] [ label LABEL ] [ to PREFIX ]
                                   [ primary | secondary ] [ dynamic | permanent ]
               nlctl address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ label LABEL ] [ up ] [ to PREFIX ]
                                    [ primary | secondary ] [ dynamic | permanent ] [ FLAG-LIST ]
                                    [ master DEVICE ] [ type TYPE ] [ vrf NAME ] [ nomaster ] ]
               nlctl address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]
                                   [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
               nlctl address {showdump|restore}
               nlctl address help
        IFADDR := PREFIX | ADDR peer PREFIX
                  [ broadcast ADDR | + | - ] [ anycast ADDR ] [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
        SCOPE-ID := [ host | link | global | NUMBER ]
        FLAG-LIST := [ FLAG-LIST ] FLAG
        FLAG := [ [-]tentative | [-]deprecated | [-]dadfailed | temporary | CONFFLAG-LIST ]
        TYPE := { veth | bridge | macvlan | vxlan | ifb | tun | dummy | ... }[_slave]
        CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG
        CONFFLAG := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]
        LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]
        LFT := forever | SECONDS
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await show(&words, context: context)
            return
        }
        if matches(command, "add") {
            try await AddressModify.modify(.add, &words, context: context)
        } else if matches(command, "change") || command == "chg" {
            try await AddressModify.modify(.change, &words, context: context)
        } else if matches(command, "replace") {
            try await AddressModify.modify(.replace, &words, context: context)
        } else if matches(command, "delete") {
            try await AddressModify.modify(.delete, &words, context: context)
        } else if matches(command, "flush") {
            try await AddressModify.flush(&words, context: context)
        } else if matches(command, "list") || matches(command, "show") || matches(command, "lst") {
            try await show(&words, context: context)
        } else if matches(command, "save") {
            try await show(&words, context: context, save: true)
        } else if matches(command, "showdump") {
            try await AddressSaveRestore.showdump(context: context)
        } else if matches(command, "restore") {
            try await AddressSaveRestore.restore(context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError.unknownCommand(command, object: "address")
        }
    }

    struct Filter {
        var device: String?
        var up = false
        var label: String?
        var scope: UInt8?
        var primary: Bool?
        var permanent: Bool?

        /// Takes one of the selectors `show` and `flush` share (`up`, `label`, `scope`, `primary`,
        /// `secondary`/`temporary`, `permanent`, `dynamic`); returns whether `word` was one.
        mutating func consume(_ word: String, _ words: inout Words) throws(CommandError) -> Bool {
            switch word {
            case "up": up = true
            case "label": label = try words.argument(of: word)
            case "scope":
                let text = try words.argument(of: word)
                guard let value = Names.scopes.number(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid \"scope\"\n") }
                scope = UInt8(value)
            case "primary": primary = true
            case "secondary", "temporary": primary = false
            case "permanent": permanent = true
            case "dynamic": permanent = false
            default: return false
            }
            return true
        }
    }

    static func show(_ words: inout Words, context: Context, save: Bool = false) async throws(CommandError) {
        var filter = Filter()
        // Selectors only `show` takes here (ip's ipaddr_list_flush_or_save): `to PREFIX`, flag words
        // (`-flag` for its absence), and the link selectors `type`, `master`, `nomaster`.
        var to: AddressModify.Prefix?
        var flagsSet: UInt32 = 0
        var flagsMask: UInt32 = 0
        var kind: String?
        var master: String?
        var noMaster = false
        var prefixFamily: AddressFamily?
        while let word = words.next() {
            if try filter.consume(word, &words) { continue }
            let flagName = word.hasPrefix("-") ? String(word.dropFirst()) : word
            if ["nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative", "mngtmpaddr", "noprefixroute",
                "autojoin", "stable-privacy"].contains(flagName) {
                let bit: UInt32 = flagName == "stable-privacy" ? 0x800 : flagName == "optimistic" ? 0x04 : AddressModify.flagBit(flagName)
                flagsMask |= bit
                if word.hasPrefix("-") { flagsSet &= ~bit } else { flagsSet |= bit }
                continue
            }
            switch word {
            case "to":
                let text = try words.argument(of: word)
                let asked = AddressModify.preferredFamily(context)
                guard let prefix = AddressModify.parsePrefix(text, family: asked) else {
                    throw AddressModify.invalidPrefix(text, family: asked)
                }
                to = prefix
                if asked == 0 && prefix.family != 0 { prefixFamily = prefix.family }
                continue
            case "type": kind = try words.argument(of: word); continue
            case "vrf": master = try await LinkCommand.vrf(try words.argument(of: word), context: context); continue
            case "master": master = try words.argument(of: word); continue
            case "nomaster": noMaster = true; continue
            default: break
            }
            var name = word
            if word == "dev" { name = try words.argument(of: word) } else if matches(word, "help") {
                throw CommandError(usage, status: 255)
            }
            if filter.device != nil { throw CommandError.garbage(name, object: "address") }
            filter.device = name
        }
        if save {
            // ip's save reads every selector but applies only the device and the family.
            if let master, try await context.index(ofLink: master) == nil {
                throw CommandError.invalidArgument(master, "Device does not exist\n")
            }
            try await AddressSaveRestore.save(device: filter.device, context: context)
            return
        }
        var links = try await context.links()
        if context.options.family == .inet6 && filter.device == nil {
            // ip -6 dumps the links of the AF_INET6 family: the kernel's IPv6 view of each link
            // (no qdisc, no group); the queue length it reads with SIOCGIFTXQLEN, i.e. the link's.
            let connection = try context.connection()
            do throws(NetlinkError) {
                let full = links
                links = [:]
                for var link in try await connection.links(family: 10) {
                    link.transmitQueueLength = full[link.index]?.transmitQueueLength
                    links[link.index] = link
                }
            } catch {
                throw CommandError.netlink(error, status: 1)
            }
        }
        var selected = links.values.sorted { $0.index < $1.index }
        if let device = filter.device {
            selected = selected.filter { $0.isNamed(device) }
            if selected.isEmpty { throw CommandError.noSuchDevice(device) }
        }
        if filter.up { selected = selected.filter { $0.isUp } }
        if let master {
            guard let index = try await context.index(ofLink: master) else {
                throw CommandError.invalidArgument(master, "Device does not exist\n")
            }
            selected = selected.filter { $0.masterIndex == index }
        }
        if noMaster { selected = selected.filter { $0.masterIndex == nil } }
        if let kind { selected = selected.filter { LinkCommand.matchesKind($0, kind) } }

        let family: AddressFamily?
        switch context.options.family {
        case .inet: family = 2
        case .inet6: family = 10
        default: family = prefixFamily
        }
        // `-0` / `-f link`: the links alone, as ip prints them for AF_PACKET.
        let linksOnly = context.options.family == .link
        let all: [InterfaceAddress]
        let connection = try context.connection()
        do throws(NetlinkError) {
            all = try await connection.addresses(family: family)
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        // Per link, its addresses in dump order; `nil` for one a selector rejected: ip opens the JSON
        // object before print_addrinfo filters, so `-j` prints `{}` in its place.
        var byLink: [Int32: [InterfaceAddress?]] = [:]
        var hasAddresses = Set<Int32>()
        for address in all where address.family == 2 || address.family == 10 {
            hasAddresses.insert(address.index)
            byLink[address.index, default: []].append(selects(address) ? address : nil)
        }
        func selects(_ address: InterfaceAddress) -> Bool {
            if let scope = filter.scope, address.scope.rawValue != scope { return false }
            // An address without IFA_LABEL (all of IPv6) is matched by its link's name, as ip does.
            if let label = filter.label, !labelMatches(label, address.label ?? links[address.index]?.name ?? "") { return false }
            if let primary = filter.primary, address.flags.contains(.secondary) == primary { return false }
            if let permanent = filter.permanent, address.flags.contains(.permanent) != permanent { return false }
            if (address.flags.rawValue ^ flagsSet) & flagsMask != 0 { return false }
            if let to, let local = address.local ?? address.address, !to.contains(local) { return false }
            return true
        }
        let filtering = family != nil || filter.scope != nil || filter.label != nil || filter.primary != nil || filter.permanent != nil
            || flagsMask != 0 || to != nil
        // ipaddr_filter: a link stays when one of its addresses matches, or when it has no address at
        // all and no family was asked for.
        func keep(_ link: Link) -> Bool {
            if (byLink[link.index] ?? []).contains(where: { $0 != nil }) { return true }
            return !hasAddresses.contains(link.index) && family == nil
        }
        if !context.options.brief { await context.loadNamespaceNames(for: selected) }
        let printer = context.printer
        printer.begin()
        for link in selected {
            let entries = byLink[link.index] ?? []
            if filtering && !keep(link) { continue }
            if context.options.oneline && !context.options.brief && !linksOnly {
                // ip -o: no link lines; in JSON each link is `{"addr_info":[...]}`, each address
                // starting with its link's "index" and "dev".
                printer.openObject()
                printer.openArray("addr_info")
                for entry in entries {
                    printer.openObject()
                    if let address = entry {
                        printer.json("index", .signed(Int64(link.index)))
                        printer.json("dev", .string(link.name))
                        printer.text("\(link.index): \(link.name)")
                        printAddress(address, printer: printer)
                    }
                    printer.closeObject()
                }
                printer.closeArray()
                printer.closeObject()
                continue
            }
            printer.openObject()
            if filter.label != nil {
                // ip prints no link lines when filtering by label, only the addresses.
                printer.openArray("addr_info")
                for entry in entries {
                    printer.openObject()
                    guard let address = entry else { printer.closeObject(); continue }
                    if context.options.brief { printLocal(address, printer: printer) } else { printAddress(address, printer: printer) }
                    printer.closeObject()
                }
                printer.closeArray()
                if context.options.brief { printer.text("\n") }
            } else if context.options.brief {
                LinkCommand.printBrief(link, links: links, printer: printer, addresses: true)
                printer.openArray("addr_info")
                for entry in entries {
                    printer.openObject()
                    guard let address = entry else { printer.closeObject(); continue }
                    printLocal(address, printer: printer)
                    printer.closeObject()
                }
                printer.closeArray()
                printer.text("\n")
            } else if linksOnly {
                LinkCommand.printLink(link, links: links, context: context, linkMode: false)
                if context.options.statistics > 0, let statistics = link.statistics {
                    LinkStatisticsFormat.print(statistics, carrierChanges: link.carrierChanges, level: context.options.statistics, printer: printer)
                    printer.newline()   // ip's print_nl: `\` under -o
                }
            } else {
                LinkCommand.printLink(link, links: links, context: context, linkMode: false, familyFilter: family != nil)
                printer.openArray("addr_info")
                for entry in entries {
                    printer.openObject()
                    guard let address = entry else { printer.closeObject(); continue }
                    printAddress(address, printer: printer)
                    printer.closeObject()
                }
                printer.closeArray()
                // `ip -s address`: the link's statistics after its addresses.
                if context.options.statistics > 0, let statistics = link.statistics {
                    LinkStatisticsFormat.print(statistics, carrierChanges: link.carrierChanges, level: context.options.statistics, printer: printer)
                    printer.newline()   // ip's print_nl: `\` under -o
                }
            }
            printer.closeObject()
        }
        printer.finish()
    }

    /// The local address, the peer, the prefix and the metric (what `-br` prints too).
    static func printLocal(_ address: InterfaceAddress, printer: Printer) {
        let local = address.local ?? address.address
        let peer = address.address ?? address.local
        let color = Printer.ColorAttribute.family(address.family.rawValue)
        if let local {
            printer.colored(color) { printer.string("local", HostNames.text(local)) }
            if let peer, peer != local {
                printer.text(" peer ")
                printer.colored(color) { printer.string("address", HostNames.text(peer)) }
            }
            printer.unsigned("prefixlen", UInt64(address.prefixLength), text: "/\(address.prefixLength) ")
            if let metric = address.priority {
                printer.unsigned("metric", UInt64(metric), text: "metric \(metric) ")
            }
        }
    }

    /// `print_addrinfo`.
    static func printAddress(_ address: InterfaceAddress, printer: Printer) {
        let familyName = address.family == 2 ? "inet" : "inet6"
        printer.field("family", .string(familyName), text: "    \(familyName) ")
        printLocal(address, printer: printer)
        if let broadcast = address.broadcast {
            printer.text("brd ")
            printer.colored(.family(address.family.rawValue)) { printer.string("broadcast", HostNames.text(broadcast), text: HostNames.text(broadcast) + " ") }
        }
        if let anycast = address.anycast {
            printer.text("any ")
            printer.colored(.family(address.family.rawValue)) { printer.string("anycast", HostNames.text(anycast), text: HostNames.text(anycast) + " ") }
        }
        let scope = Names.scopes.name(UInt32(address.scope.rawValue))
        printer.string("scope", scope, text: "scope \(scope) ")
        printFlags(address, printer: printer)
        if let label = address.label {
            printer.string("label", label)
        }
        if let info = address.cacheInfo {
            printer.newline()
            printer.text("       valid_lft ")
            lifetime("valid_life_time", info.validLifetime, printer: printer)
            printer.text(" preferred_lft ")
            lifetime("preferred_life_time", info.preferredLifetime, printer: printer)
        }
        printer.text("\n")
    }

    static func lifetime(_ key: String, _ value: UInt32, printer: Printer) {
        if value == 0xFFFF_FFFF {
            printer.field(key, .unsigned(UInt64(value)), text: "forever")
        } else {
            printer.field(key, .unsigned(UInt64(value)), text: "\(value)sec")
        }
    }

    /// `print_ifa_flags`: names in iproute2's order; `dynamic` for a missing `permanent`.
    static func printFlags(_ address: InterfaceAddress, printer: Printer) {
        let names: [(UInt32, String)] = [
            (0x01, "secondary"), (0x02, "nodad"), (0x04, "optimistic"), (0x08, "dadfailed"), (0x10, "home"),
            (0x20, "deprecated"), (0x40, "tentative"), (0x80, "permanent"), (0x100, "mngtmpaddr"),
            (0x200, "noprefixroute"), (0x400, "autojoin"), (0x800, "stable-privacy"),
        ]
        var flags = address.flags.rawValue
        for (mask, name) in names {
            if mask == 0x80 {
                if flags & mask == 0 { printer.field("dynamic", .bool(true), text: "dynamic ") }
            } else if flags & mask != 0 {
                let shown = mask == 0x01 && address.family == 10 ? "temporary" : name
                printer.field(shown, .bool(true), text: shown + " ")
            }
            flags &= ~mask
        }
        if flags != 0 {
            let hex = String(flags, radix: 16)
            let padded = hex.count < 2 ? "0" + hex : hex
            printer.field("ifa_flags", .string(padded), text: "flags \(padded) ")
        }
    }
}

/// `label PATTERN`: ip's `fnmatch(PATTERN, LABEL, 0)`, on the bytes of both (names need not be UTF-8).
func labelMatches(_ pattern: String, _ label: String) -> Bool {
    pattern.withRawBytesCString { pattern in label.withRawBytesCString { fnmatch(pattern, $0, 0) == 0 } }
}
