import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl address add | change | replace | delete | flush`: iproute2 6.1's `ipaddr_modify` and
/// `ipaddr_flush` grammar, messages and exit statuses.
enum AddressModify {
    enum Operation { case add, change, replace, delete }

    /// A parsed `ADDR[/PLEN]`.
    struct Prefix {
        /// `nil` for `default`, `any` and `all`: no bytes (ip sends empty attributes).
        var address: IPAddress?
        var bits: UInt8
        var specified: Bool
        var family: AddressFamily

        init(address: IPAddress?, bits: UInt8, specified: Bool, family: AddressFamily = 0) {
            self.address = address
            self.bits = bits
            self.specified = specified
            switch address {
            case .v4: self.family = 2
            case .v6: self.family = 10
            case nil: self.family = family
            }
        }

        /// Whether `other` lies in this prefix (`inet_addr_match`).
        func contains(_ other: IPAddress) -> Bool {
            guard let address else { return true }
            let mine = address.bytes, theirs = other.bytes
            guard mine.count == theirs.count else { return false }
            var remaining = Int(bits)
            for (a, b) in zip(mine, theirs) where remaining > 0 {
                let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
                if a & mask != b & mask { return false }
                remaining -= 8
            }
            return true
        }
    }

    static func familyName(_ family: AddressFamily) -> String {
        switch family {
        case 2: "inet"
        case 10: "inet6"
        default: "any valid"
        }
    }


    /// `get_addr`: an address of `family` (0: either).
    static func parseAddress(_ text: String, family: AddressFamily) -> IPAddress? {
        InetText.address(text, family: family)
    }

    /// `get_prefix`: `ADDR[/PLEN]`, the length also as a dotted IPv4 mask.
    static func parsePrefix(_ text: String, family: AddressFamily) -> Prefix? {
        if text == "default" || text == "any" || text == "all" {
            // ip's get_addr_1: the zero address of the family (no bytes when the family is unknown).
            // `any` and `all` have no bytes at all (the kernel's policy refuses them).
            var zero: IPAddress? = family == 2 ? .v4(IPv4Address(0)) : family == 10 ? IPAddress("::") : nil
            if text != "default" { zero = nil }
            return Prefix(address: zero, bits: 0, specified: true, family: family)
        }
        // The text before the first `/` and after it (no `split`: its array was a measured part of
        // a long batch of address lines).
        let slash = text.utf8.firstIndex(of: UInt8(ascii: "/"))
        guard let address = parseAddress(slash.map { String(text[..<$0]) } ?? text, family: family) else { return nil }
        let maximum: UInt8 = address.bytes.count == 4 ? 32 : 128
        guard let slash else { return Prefix(address: address, bits: maximum, specified: false) }
        guard let length = InetText.prefixLength(text[text.index(after: slash)...], maximum: maximum) else { return nil }
        return Prefix(address: address, bits: length, specified: true)
    }

    static func invalidPrefix(_ text: String, family: AddressFamily) -> CommandError {
        CommandError("Error: \(familyName(family)) prefix is expected rather than \"\(text)\".", status: 1, endsBatch: true)
    }

    static func invalidAddress(_ text: String, family: AddressFamily) -> CommandError {
        CommandError("Error: \(familyName(family)) address is expected rather than \"\(text)\".", status: 1, endsBatch: true)
    }

    static func preferredFamily(_ context: Context) -> AddressFamily {
        switch context.options.family {
        case .inet: 2
        case .inet6: 10
        default: 0
        }
    }

    /// `ip address add | change | replace | delete`.
    static func modify(_ operation: Operation, _ words: inout Words, context: Context) async throws(CommandError) {
        var family = preferredFamily(context)
        var local: Prefix?
        var localText = ""
        var peer: Prefix?
        var broadcastMode: Int? // -1: +, -2: -
        var broadcast: IPAddress?
        var anycast: IPAddress?
        var validText: String?
        var preferredText: String?
        var valid = AddressCacheInfo.forever
        var preferred = AddressCacheInfo.forever
        var flags: UInt32 = 0
        var metric: UInt32?
        var scope: UInt8?
        var device: String?
        var label: String?

        func ipv6Only(_ flag: UInt32, _ name: String) {
            if family == 10 {
                flags |= flag
            } else {
                context.warn("Warning: \(name) option can be set only for IPv6 addresses")
            }
        }

        while let word = words.next() {
            if word == "peer" || word == "remote" {
                let text = try words.argument(of: word)
                if peer != nil { throw CommandError.duplicate("peer", text) }
                guard let parsed = parsePrefix(text, family: family) else { throw invalidPrefix(text, family: family) }
                if family == 0 { family = parsed.family }
                peer = parsed
            } else if matches(word, "broadcast") || word == "brd" {
                let text = try words.argument(of: word)
                if broadcastMode != nil || broadcast != nil { throw CommandError.duplicate("broadcast", text) }
                if text == "+" {
                    broadcastMode = -1
                } else if text == "-" {
                    broadcastMode = -2
                } else {
                    guard let address = parseAddress(text, family: family) else { throw invalidAddress(text, family: family) }
                    if family == 0 { family = address.bytes.count == 4 ? 2 : 10 }
                    broadcast = address
                }
            } else if word == "anycast" {
                let text = try words.argument(of: word)
                if anycast != nil { throw CommandError.duplicate("anycast", text) }
                guard let address = parseAddress(text, family: family) else { throw invalidAddress(text, family: family) }
                if family == 0 { family = address.bytes.count == 4 ? 2 : 10 }
                anycast = address
            } else if word == "valid_lft" {
                if validText != nil { throw CommandError.duplicate("valid_lft", word) }
                let text = try words.argument(of: word)
                validText = text
                guard let value = text == "forever" ? AddressCacheInfo.forever : InetText.unsigned(text) else {
                    throw CommandError.invalidArgument(text, "valid_lft value")
                }
                valid = value
            } else if word == "preferred_lft" {
                if preferredText != nil { throw CommandError.duplicate("preferred_lft", word) }
                let text = try words.argument(of: word)
                preferredText = text
                guard let value = text == "forever" ? AddressCacheInfo.forever : InetText.unsigned(text) else {
                    throw CommandError.invalidArgument(text, "preferred_lft value")
                }
                preferred = value
            } else if word == "home" {
                ipv6Only(0x10, "home")
            } else if word == "mngtmpaddr" {
                ipv6Only(0x100, "mngtmpaddr")
            } else if word == "nodad" {
                ipv6Only(0x02, "nodad")
            } else if word == "optimistic" {
                ipv6Only(0x04, "optimistic")
            } else if word == "noprefixroute" {
                flags |= 0x200
            } else if word == "autojoin" {
                flags |= 0x400
            } else if word == "metric" || word == "priority" || word == "preference" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "\"metric\" value is invalid\n") }
                metric = value
            } else if word == "scope" {
                let text = try words.argument(of: word)
                guard let value = Names.scopes.number(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid scope value.") }
                scope = UInt8(value)
            } else if word == "dev" {
                device = try words.argument(of: word)
            } else if word == "label" {
                label = try words.argument(of: word)
            } else {
                var text = word
                if word == "local" { text = try words.argument(of: word) }
                if matches(text, "help") { throw CommandError(AddressCommand.usage, status: 255) }
                if local != nil { throw CommandError("Error: either \"local\" is duplicate, or \"\(text)\" is a garbage.", status: 255) }
                guard let parsed = parsePrefix(text, family: family) else { throw invalidPrefix(text, family: family) }
                if family == 0 { family = parsed.family }
                local = parsed
                localText = text
            }
        }
        guard let device else { throw CommandError("Not enough information: \"dev\" argument is required.", status: 1) }

        var addressAttribute: Prefix? = peer
        var prefixLength: UInt8 = peer?.bits ?? 0
        var broadcastBase = peer
        if peer == nil, let local {
            if operation == .delete && local.family == 2 && !local.specified {
                context.warn("""
                    Warning: Executing wildcard deletion to stay compatible with old scripts.
                             Explicitly specify the prefix length (\(localText)/\(local.bits)) to avoid this warning.
                             This special behaviour is likely to disappear in further releases,
                             fix your scripts!
                    """)
            } else {
                addressAttribute = local
                broadcastBase = local
            }
        }
        if prefixLength == 0 { prefixLength = local?.bits ?? 0 }
        if let mode = broadcastMode, operation != .delete {
            guard family == 2 else { throw CommandError("Broadcast can be set only for IPv4 addresses", status: 1) }
            if let base = broadcastBase, case .v4(let v4)? = base.address, base.bits <= 30 {
                let hostMask: UInt32 = base.bits == 0 ? .max : (1 << (32 - UInt32(base.bits))) - 1
                broadcast = .v4(IPv4Address(mode == -1 ? v4.value | hostMask : v4.value & ~hostMask))
            }
        }
        var headerScope = scope ?? 0
        if scope == nil && operation != .delete, let local, case .v4(let v4)? = local.address, v4.value >> 24 == 127 {
            headerScope = 254
        }
        guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
        var cacheInfo: AddressCacheInfo?
        if validText != nil || preferredText != nil {
            if valid == 0 { throw CommandError("valid_lft is zero", status: 1) }
            if valid < preferred { throw CommandError("preferred_lft is greater than valid_lft", status: 1) }
            cacheInfo = AddressCacheInfo(preferredLifetime: preferred, validLifetime: valid)
        }
        if flags & 0x400 != 0 {
            let multicast: Bool
            switch local?.address {
            case .v4(let v4)?: multicast = v4.value >> 28 == 0xE
            case .v6(let v6)?: multicast = v6.bytes[0] == 0xFF
            default: multicast = false
            }
            if !multicast { throw CommandError("autojoin needs multicast address", status: 1) }
        }

        let header = InterfaceAddressMessage(
            family: family, prefixLength: prefixLength, flags: UInt8(truncatingIfNeeded: flags), scope: headerScope,
            index: UInt32(bitPattern: index))
        let type = operation == .delete ? RouteMessageType.deleteAddress : RouteMessageType.newAddress
        let messageFlags: NetlinkMessageFlags
        switch operation {
        case .add: messageFlags = [.create, .exclusive]
        case .replace: messageFlags = [.create, .replace]
        case .change: messageFlags = [.replace]
        case .delete: messageFlags = []
        }
        let localPrefix = local
        let finalBroadcast = broadcast
        try await context.submit(ChangeRequest(type: type, flags: messageFlags, fixedHeaderSize: InterfaceAddressMessage.size) { b in
                header.encode(into: &b)
                if let localPrefix { try b.appendAttribute(AddressAttribute.local, bytes: localPrefix.address?.bytes ?? []) }
                if let addressAttribute { try b.appendAttribute(AddressAttribute.address, bytes: addressAttribute.address?.bytes ?? []) }
                if let finalBroadcast { try b.appendAttribute(AddressAttribute.broadcast, ip: finalBroadcast) }
                if let anycast { try b.appendAttribute(AddressAttribute.anycast, ip: anycast) }
                if let label { try b.appendAttribute(AddressAttribute.label, string: label) }
                if flags > 0xFF { try b.appendAttribute(AddressAttribute.flags, uint32: flags, .host) }
                if let metric { try b.appendAttribute(AddressAttribute.routePriority, uint32: metric, .host) }
                if let cacheInfo { try b.appendAttribute(AddressAttribute.cacheInfo, bytes: cacheInfo.bytes) }
        })
    }

    /// `ip address flush`: the selectors of `show`; deletes what matches, in rounds.
    static func flush(_ words: inout Words, context: Context) async throws(CommandError) {
        if words.isEmpty { throw CommandError("Flush requires arguments.", status: 1) }
        if context.options.family == .link { throw CommandError("Cannot flush link addresses.", status: 1) }
        var family = preferredFamily(context)
        var to: Prefix?
        var filter = AddressCommand.Filter()
        var flagsSet: UInt32 = 0
        var flagsClear: UInt32 = 0
        while let word = words.next() {
            if try filter.consume(word, &words) { continue }
            switch word {
            case "tentative", "deprecated", "dadfailed", "home", "nodad", "mngtmpaddr", "noprefixroute", "autojoin":
                flagsSet |= flagBit(word)
            case "to":
                let text = try words.argument(of: word)
                guard let prefix = parsePrefix(text, family: family) else { throw invalidPrefix(text, family: family) }
                if family == 0 { family = prefix.family }
                to = prefix
            case "-tentative", "-deprecated", "-dadfailed":
                flagsClear |= flagBit(String(word.dropFirst()))
            default:
                var name = word
                if word == "dev" { name = try words.argument(of: word) } else if matches(word, "help") {
                    throw CommandError(AddressCommand.usage, status: 255)
                }
                if filter.device != nil { throw CommandError.garbage(name, object: "address") }
                filter.device = name
            }
        }
        let links = try await context.links()
        var index: Int32?
        if let device = filter.device {
            guard let found = try await context.index(ofLink: device) else { throw CommandError.noSuchDevice(device) }
            index = found
        }
        let connection = try context.connection()
        let statistics = context.options.statistics
        // ip prints the flush's statistics as text, with -j too.
        let printer = Printer(json: false, pretty: false, oneline: context.options.oneline, output: context.printer.output)
        var round = 0
        while true {
            let all: [InterfaceAddress]
            do throws(NetlinkError) {
                all = try await connection.addresses(family: family == 0 ? nil : family)
            } catch {
                throw CommandError.netlink(error, status: 1)
            }
            var selected: [InterfaceAddress] = []
            for address in all where address.family == 2 || address.family == 10 {
                if let index, address.index != index { continue }
                if let to, let local = address.localAddress, !to.contains(local) { continue }
                if filter.up, !(links[address.index]?.isUp ?? false) { continue }
                if let scope = filter.scope, address.scope.rawValue != scope { continue }
                if let label = filter.label, !labelMatches(label, address.label ?? links[address.index]?.name ?? "") { continue }
                if let primary = filter.primary, address.flags.contains(.secondary) == primary { continue }
                if let permanent = filter.permanent, address.flags.contains(.permanent) != permanent { continue }
                if address.flags.rawValue & flagsSet != flagsSet || address.flags.rawValue & flagsClear != 0 { continue }
                selected.append(address)
            }
            if selected.isEmpty {
                if statistics > 0 {
                    if round == 0 {
                        printer.text("Nothing to flush.\n")
                    } else {
                        printer.text("*** Flush is complete after \(round) round\(round == 1 ? "" : "s") ***\n")
                    }
                }
                break
            }
            round += 1
            for address in selected {
                do throws(NetlinkError) {
                    try await connection.deleteAddress(address)
                } catch where error.code == .kernelError && error.errno == .addressNotAvailable {
                    // Gone with its primary.
                } catch {
                    // ip's ipaddr_flush returns -1 here: exit status 255.
                    throw CommandError("Failed to send flush request: \(error.errno?.description ?? error.iproute2Description)", status: 255)
                }
                if statistics > 1, let link = links[address.index] {
                    printer.text("\(link.index): \(link.name)")
                    AddressCommand.printAddress(address, printer: printer)
                }
            }
            if statistics > 0 {
                printer.text("\n*** Round \(round), deleting \(selected.count) addresses ***\n")
            }
            if round == 10 {
                if statistics > 0 { printer.text("*** Flush remains incomplete after \(round) rounds. ***\n") }
                break
            }
        }
        printer.output.flush()
    }

    static func flagBit(_ name: String) -> UInt32 {
        switch name {
        case "nodad": 0x02
        case "optimistic": 0x04
        case "dadfailed": 0x08
        case "home": 0x10
        case "deprecated": 0x20
        case "tentative": 0x40
        case "mngtmpaddr": 0x100
        case "noprefixroute": 0x200
        case "autojoin": 0x400
        default: 0
        }
    }
}
