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
               nlctl address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ label LABEL ] [ up ]
                                    [ primary | secondary ] [ dynamic | permanent ] ]
               nlctl address help
        IFADDR := PREFIX | ADDR peer PREFIX
                  [ broadcast ADDR | + | - ] [ anycast ADDR ] [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
        SCOPE-ID := [ host | link | global | NUMBER ]
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
        } else if matches(command, "help") {
            throw CommandError(usage, status: 0)
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
                guard let value = Names.scopes.number(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid \"scope\"") }
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

    static func show(_ words: inout Words, context: Context) async throws(CommandError) {
        var filter = Filter()
        while let word = words.next() {
            if try filter.consume(word, &words) { continue }
            var name = word
            if word == "dev" { name = try words.argument(of: word) } else if matches(word, "help") {
                throw CommandError(usage, status: 0)
            }
            if filter.device != nil { throw CommandError.garbage(name, object: "address") }
            filter.device = name
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
            selected = selected.filter { $0.name == device || $0.alternativeNames.contains(device) }
            if selected.isEmpty { throw CommandError.noSuchDevice(device) }
        }
        if filter.up { selected = selected.filter { $0.isUp } }

        let family: UInt8?
        switch context.options.family {
        case .inet: family = 2
        case .inet6: family = 10
        default: family = nil
        }
        let all: [InterfaceAddress]
        let connection = try context.connection()
        do throws(NetlinkError) {
            all = try await connection.addresses(family: family)
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        var byLink: [Int32: [InterfaceAddress]] = [:]
        var hasAddresses = Set<Int32>()
        for address in all where address.family == 2 || address.family == 10 {
            hasAddresses.insert(address.index)
            if let scope = filter.scope, address.scope.rawValue != scope { continue }
            // An address without IFA_LABEL (all of IPv6) is matched by its link's name, as ip does.
            if let label = filter.label, fnmatch(label, address.label ?? links[address.index]?.name ?? "", 0) != 0 { continue }
            if let primary = filter.primary, address.flags.contains(.secondary) == primary { continue }
            if let permanent = filter.permanent, address.flags.contains(.permanent) != permanent { continue }
            byLink[address.index, default: []].append(address)
        }
        let filtering = family != nil || filter.scope != nil || filter.label != nil || filter.primary != nil || filter.permanent != nil
        // ipaddr_filter: a link stays when one of its addresses matches, or when it has no address at
        // all and no family was asked for.
        func keep(_ link: Link) -> Bool {
            if !(byLink[link.index] ?? []).isEmpty { return true }
            return !hasAddresses.contains(link.index) && family == nil
        }
        let printer = context.printer
        printer.begin()
        for link in selected {
            let addresses = byLink[link.index] ?? []
            if filtering && !keep(link) && filter.label == nil { continue }
            if context.options.oneline && !context.options.brief {
                for address in addresses {
                    printer.openObject()
                    printer.text("\(link.index): \(link.name)")
                    printAddress(address, printer: printer, link: link)
                    printer.closeObject()
                }
                continue
            }
            printer.openObject()
            if filter.label != nil {
                // ip prints no link lines when filtering by label, only the addresses.
                printer.openArray("addr_info")
                for address in addresses {
                    printer.openObject()
                    if context.options.brief { printLocal(address, printer: printer) } else { printAddress(address, printer: printer, link: link) }
                    printer.closeObject()
                }
                printer.closeArray()
                if context.options.brief && !addresses.isEmpty { printer.text("\n") }
            } else if context.options.brief {
                LinkCommand.printBrief(link, links: links, printer: printer, addresses: true)
                printer.openArray("addr_info")
                for address in addresses {
                    printer.openObject()
                    printLocal(address, printer: printer)
                    printer.closeObject()
                }
                printer.closeArray()
                printer.text("\n")
            } else {
                LinkCommand.printLink(link, links: links, context: context, linkMode: false, familyFilter: family != nil)
                printer.openArray("addr_info")
                for address in addresses {
                    printer.openObject()
                    printAddress(address, printer: printer, link: link)
                    printer.closeObject()
                }
                printer.closeArray()
            }
            printer.closeObject()
        }
        printer.finish()
    }

    /// The local address, the peer, the prefix and the metric (what `-br` prints too).
    static func printLocal(_ address: InterfaceAddress, printer: Printer) {
        let local = address.local ?? address.address
        let peer = address.address ?? address.local
        if let local {
            printer.string("local", local.description)
            if let peer, peer != local {
                printer.text(" peer ")
                printer.string("address", peer.description)
            }
            printer.unsigned("prefixlen", UInt64(address.prefixLength), text: "/\(address.prefixLength) ")
            if let metric = address.priority {
                printer.unsigned("metric", UInt64(metric), text: "metric \(metric) ")
            }
        }
    }

    /// `print_addrinfo`.
    static func printAddress(_ address: InterfaceAddress, printer: Printer, link: Link) {
        let familyName = address.family == 2 ? "inet" : "inet6"
        printer.field("family", .string(familyName), text: "    \(familyName) ")
        printLocal(address, printer: printer)
        if let broadcast = address.broadcast {
            printer.text("brd ")
            printer.string("broadcast", broadcast.description, text: broadcast.description + " ")
        }
        if let anycast = address.anycast {
            printer.text("any ")
            printer.string("anycast", anycast.description, text: anycast.description + " ")
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
