import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl link add | set | change | delete`: iproute2's `iplink_parse` grammar.
enum LinkModify {
    /// Parses link arguments into settings; returns the device word (`dev NAME` or a bare name).
    static func parse(_ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> (LinkSettings, String?, groupSelector: UInt32?) {
        var settings = LinkSettings()
        var device: String?
        var group: UInt32?
        var given = Set<String>()   // ip's duparg checks: mtu, txqueuelen, netns, group, numtxqueues, numrxqueues, link-netns
        var addressLength: Int?
        /// ip's duparg: a keyword given twice.
        func once(_ key: String, _ value: String) throws(CommandError) {
            if !given.insert(key).inserted { throw CommandError.duplicate(key, value) }
        }
        while let word = words.next() {
            switch keyword(word) {
            case "up": settings.up = true
            case "down": settings.up = false
            case "name":
                let name = try words.argument(of: word)
                try validateName(name, keyword: "name")
                settings.name = name
            case "index":
                let text = try words.argument(of: word)
                guard let index = Int32(text), index > 0 else { throw CommandError.invalidArgument(text, "Invalid \"index\" value") }
                settings.index = index
            case "link":
                let parent = try words.argument(of: word)
                guard let index = try await context.index(ofLink: parent) else { throw CommandError.cannotFindDevice(parent) }
                settings.parentIndex = index
            case "address":
                let (bytes, length) = try linkLayerAddress(try words.argument(of: word))
                settings.address = bytes
                addressLength = length
            case "broadcast":
                settings.broadcast = try linkLayerAddress(try words.argument(of: word)).bytes
            case "txqueuelen":
                let text = try words.argument(of: word)
                try once("txqueuelen", text)
                guard let value = InetText.integer(text) else { throw CommandError.invalidArgument(text, "Invalid \"txqueuelen\" value\n") }
                settings.transmitQueueLength = UInt32(bitPattern: value)
            case "mtu":
                let text = try words.argument(of: word)
                try once("mtu", text)
                guard let value = InetText.integer(text) else { throw CommandError.invalidArgument(text, "Invalid \"mtu\" value\n") }
                settings.mtu = UInt32(bitPattern: value)
            case "multicast", "allmulticast", "promisc", "trailers", "arp", "dynamic":
                let text = try words.argument(of: word)
                let name = keyword(word)
                // IFF_MULTICAST, IFF_ALLMULTI, IFF_PROMISC, IFF_NOTRAILERS, IFF_NOARP, IFF_DYNAMIC;
                // trailers and arp name the flag's absence.
                let (bit, inverted): (UInt32, Bool) = [
                    "multicast": (0x1000, false), "allmulticast": (0x200, false), "promisc": (0x100, false),
                    "trailers": (0x20, true), "arp": (0x80, true), "dynamic": (0x8000, false),
                ][name]!
                guard text == "on" || text == "off" else {
                    throw CommandError("Error: argument of \"\(name)\" must be \"on\" or \"off\", not \"\(text)\"", status: 1)
                }
                settings.flagMask |= bit
                if (text == "on") != inverted { settings.flagValues |= bit } else { settings.flagValues &= ~bit }
            case "carrier", "protodown":
                let name = keyword(word)
                let text = try words.argument(of: word)
                guard text == "on" || text == "off" else {
                    throw CommandError("Error: argument of \"\(name)\" must be one of \"off\", \"on\", not \"\(text)\"", status: 22)
                }
                if name == "carrier" { settings.carrier = text == "on" } else { settings.protocolDown = text == "on" }
            case "protodown_reason":
                let text = try words.argument(of: word)
                guard let reason = InetText.unsigned(text), reason < 32 else { throw CommandError.invalidArgument(text, "invalid protodown reason\n") }
                let state = try words.argument(of: word)
                let mask = UInt32(1) << reason
                if matches(state, "on") {
                    settings.protocolDownReason = (mask, mask)
                } else if matches(state, "off") {
                    settings.protocolDownReason = (mask, 0)
                } else {
                    throw CommandError("Error: argument of \"protodown_reason\" must be \"on\" or \"off\", not \"\(state)\"", status: 1)
                }
            case "mode":
                let text = try words.argument(of: word)
                guard let mode = ["default": UInt8(0), "dormant": 1][text.lowercased()] else { throw CommandError.invalidArgument(text, "Invalid link mode\n") }
                settings.linkMode = mode
            case "state":
                let text = try words.argument(of: word)
                let states = ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"]
                guard let state = states.firstIndex(of: text.lowercased()) else { throw CommandError.invalidArgument(text, "Invalid operstate\n") }
                settings.operationalState = UInt8(state)
            case "addrgenmode":
                let text = try words.argument(of: word)
                let modes = ["eui64", "none", "stable_secret", "random"]
                guard let mode = modes.firstIndex(of: text.lowercased()) else {
                    throw CommandError.invalidArgument(text, "Invalid address generation mode\n")
                }
                settings.ipv6AddressGenerationMode = UInt8(mode)
            case "link-netnsid":
                let text = try words.argument(of: word)
                try once("link-netns/link-netnsid", text)
                guard let id = InetText.integer(text) else { throw CommandError.invalidArgument(text, "Invalid \"link-netnsid\" value\n") }
                settings.linkNamespaceID = id
            case "link-netns":
                let text = try words.argument(of: word)
                try once("link-netns/link-netnsid", text)
                // ip: the namespace's ID here, one assigned first when it has none.
                var id: Int32?
                if let namespace = try? NetworkNamespace.named(text), let connection = try? context.connection() {
                    id = try? await connection.namespaceID(of: namespace)
                    if id == nil {
                        _ = try? await connection.setNamespaceID(-1, for: namespace)
                        id = try? await connection.namespaceID(of: namespace)
                    }
                }
                guard let id else { throw CommandError.invalidArgument(text, "Invalid \"link-netns\" value\n") }
                settings.linkNamespaceID = id
            case "gso_max_size", "gro_max_size":
                let name = keyword(word)
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "Invalid \"\(name)\" value\n") }
                if name == "gso_max_size" { settings.gsoMaxSize = value } else { settings.groMaxSize = value }
            case "gso_max_segs":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 65_535 else { throw CommandError.invalidArgument(text, "Invalid \"gso_max_segs\" value\n") }
                settings.gsoMaxSegments = value
            case "parentdev":
                settings.parentDeviceName = try words.argument(of: word)
            case "xdp", "vf":
                throw CommandError("Error: \"\(word)\" is not supported by nlctl yet.", status: 255)
            case "netns":
                let text = try words.argument(of: word)
                if let pid = UInt32(text) {
                    settings.namespaceProcess = pid
                } else {
                    do {
                        let namespace = try NetworkNamespace.named(text)
                        context.retain(namespace)
                        settings.namespaceDescriptor = namespace.descriptor
                    } catch {
                        throw CommandError.invalidArgument(text, "Invalid \"netns\" value")
                    }
                }
            case "master":
                let text = try words.argument(of: word)
                guard let index = try await context.index(ofLink: text) else { throw CommandError.invalidArgument(text, "Device does not exist\n") }
                settings.masterIndex = index
            case "nomaster":
                settings.masterIndex = 0
            case "numtxqueues", "numrxqueues":
                let name = keyword(word)
                let text = try words.argument(of: word)
                try once(name, text)
                guard let value = InetText.integer(text) else { throw CommandError.invalidArgument(text, "Invalid \"\(name)\" value\n") }
                if name == "numtxqueues" { settings.transmitQueues = UInt32(bitPattern: value) } else { settings.receiveQueues = UInt32(bitPattern: value) }
            case "group":
                let text = try words.argument(of: word)
                try once("group", text)
                guard let value = Names.groups.number(text) else { throw CommandError.invalidArgument(text, "Invalid \"group\" value") }
                if device == nil && !creating && settings.name == nil {
                    group = value
                } else {
                    settings.group = value
                }
            case "alias":
                settings.alias = try words.argument(of: word)
            case "type":
                let kind = try words.argument(of: word)
                if kind == "bridge_slave" {
                    // ip reads (and sends data for) a kind's words only when there are some.
                    settings.port = words.current == nil ? .other("bridge", data: nil) : try await LinkBridgePort.parse(&words, context: context)
                } else if kind == "bond_slave" {
                    settings.port = try LinkBond.parsePort(&words)
                } else if kind == "vrf_slave" || kind == "team_slave" {
                    // ip knows these without options: their words are read and sent as nothing.
                    settings.port = .other(String(kind.dropLast(6)), data: words.current == nil ? nil : [])
                    while words.next() != nil {}
                } else {
                    settings.kind = try await parseKind(kind, &words, context: context, creating: creating)
                }
            default:
                var name = word
                if word == "dev" {
                    name = try words.argument(of: word)
                } else if matches(word, "help") {
                    throw CommandError(LinkCommand.usage, status: 255)
                }
                if device != nil { throw CommandError.garbage(name, object: "link") }
                device = name
            }
        }
        // ip: on a change, the address must have the device's own length.
        if !creating, let addressLength, let name = device ?? settings.name,
           let index = try await context.index(ofLink: name), let current = try await context.links()[index]?.address,
           current.count != addressLength {
            throw CommandError("Invalid address length \(addressLength) - must be \(current.count) bytes", status: 1)
        }
        return (settings, device, group)
    }

    /// The keyword a word names, in the order ip 6.1's `iplink_parse` tries them (abbreviations
    /// where ip takes them: `addr`, `brd`, `txq`, `numtx`, `addrgen` ...); the word itself otherwise.
    static func keyword(_ word: String) -> String {
        switch word {
        case "up", "down", "name", "index", "mtu", "netns", "multicast", "allmulticast", "promisc", "trailers", "arp", "carrier",
             "vf", "vrf", "group", "mode", "state", "protodown", "protodown_reason", "gso_max_size", "gso_max_segs", "gro_max_size",
             "parentdev", "dev", "alias", "type", "master", "nomaster":
            return word
        case "xdp", "xdpgeneric", "xdpdrv", "xdpoffload": return "xdp"
        case "brd": return "broadcast"
        case "qlen": return "txqueuelen"
        default: break
        }
        if matches(word, "link") { return "link" }
        if matches(word, "address") { return "address" }
        if matches(word, "broadcast") { return "broadcast" }
        if matches(word, "txqueuelen") || matches(word, "txqlen") { return "txqueuelen" }
        for name in ["master", "nomaster", "dynamic", "type", "alias", "numtxqueues", "numrxqueues", "addrgenmode", "link-netns", "link-netnsid"]
        where matches(word, name) {
            return name
        }
        return word
    }

    /// ip's `ll_addr_a2n`: a dotted IPv4 address (4 bytes), or hex bytes separated by `:` (each
    /// read as `sscanf("%x")` reads it, at most 32); the length ip counts (33 past 32 parts) comes
    /// back with the bytes. A bad part is named in ip's message.
    static func linkLayerAddress(_ text: String) throws(CommandError) -> (bytes: [UInt8], length: Int) {
        if text.contains(".") {
            guard let address = InetText.ipv4(text) else { throw CommandError.invalidHardwareAddress(text) }
            return (address.bytes, 4)
        }
        var bytes: [UInt8] = []
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        for part in parts.prefix(32) {
            // sscanf %x: blanks, an optional sign and 0x, then the longest run of hex digits.
            var digits = Substring(part.drop { $0 == " " || $0 == "\t" || $0 == "\n" })
            var negative = false
            if digits.first == "-" || digits.first == "+" { negative = digits.first == "-"; digits = digits.dropFirst() }
            if digits.lowercased().hasPrefix("0x"), digits.count > 2, digits.dropFirst(2).first?.isHexDigit == true { digits = digits.dropFirst(2) }
            let hex = digits.prefix { $0.isHexDigit }
            guard !hex.isEmpty, let value = UInt64(hex.prefix(16), radix: 16), !negative || value == 0, value <= 255 else {
                throw CommandError.invalidHardwareAddress(String(part))
            }
            bytes.append(UInt8(value))
        }
        return (bytes, parts.count > 32 ? 33 : bytes.count)
    }

    static func validateName(_ name: String, keyword: String) throws(CommandError) {
        if name.isEmpty || name.rawBytes.count >= 16 || name.contains("/") || name.contains(" ") || name == "." || name == ".." {
            throw CommandError.invalidArgument(name, "\"\(keyword)\" not a valid ifname")
        }
    }

    static func parseKind(_ kind: String, _ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        switch kind {
        case "veth", "vxcan":
            // No words: no peer data (the kernel names the peer), as ip sends it.
            guard let word = words.next() else { return .other(kind, data: nil) }
            guard word == "peer" else {
                // ip 6.1 prints this usage on standard output.
                throw CommandError("Usage: ip link <options> type \(kind) [peer <options>]\nTo get <options> type 'ip link add help'", status: 1, onStandardOutput: true)
            }
            var (peer, device, _) = try await parse(&words, context: context, creating: true)
            if peer.name == nil { peer.name = device }
            if kind == "veth" { return .veth(peer: peer) }
            // vxcan: VXCAN_INFO_PEER (1), the peer's ifinfomsg and attributes, as veth's.
            var encoded = NetlinkMessageBuilder()
            do {
                try peer.encode(into: &encoded)
                var data = NetlinkMessageBuilder()
                try data.appendAttribute(1, bytes: encoded.bytes)
                return .other(kind, data: data.bytes)
            } catch {
                throw CommandError("Error: cannot encode the peer: \(error)", status: 255)
            }
        case "macvlan", "macvtap":
            return try LinkMACVLAN.parse(kind, &words)
        case "vxlan":
            return try await LinkVXLAN.parse(&words, context: context, creating: creating)
        case "bridge":
            return try LinkBridge.parse(&words)
        case "bond":
            return try await LinkBond.parse(&words, context: context)
        case "gre", "gretap", "erspan":
            return try await LinkGRE.parse(kind, &words, context: context, creating: creating)
        case "ipip", "sit":
            return try await LinkIPTunnel.parse(kind, &words, context: context, creating: creating)
        case "ip6gre", "ip6gretap", "ip6erspan":
            return try await LinkGRE.parse6(kind, &words, context: context, creating: creating)
        case "ip6tnl":
            return try await LinkIP6Tunnel.parse(&words, context: context, creating: creating)
        case "vti", "vti6":
            return try await LinkVTI.parse(kind, &words, context: context, creating: creating)
        case _ where LinkSmallKinds.kinds.contains(kind):
            return try await LinkSmallKinds.parse(kind, &words, context: context, creating: creating)
        case "dummy", "ifb", "netdevsim", "nlmon", "team", "vcan", "virt_wifi":
            // ip knows these without options: their words are read and sent as nothing.
            let data: [UInt8]? = words.current == nil ? nil : []
            while words.next() != nil {}
            return .other(kind, data: data)
        case "can":
            return try LinkCAN.parse(&words)
        case "macsec":
            return try LinkMACsec.parse(&words)
        default:
            // A kind ip does not know: its words are garbage.
            if let extra = words.current {
                if matches(extra, "help") { throw CommandError(LinkCommand.usage, status: 255) }
                throw CommandError("Garbage instead of arguments \"\(extra) ...\". Try \"nlctl link help\".", status: 1)
            }
            return .other(kind)
        }
    }

    static func hardwareAddress(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 32 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...2).contains(part.count), let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// `link add` (`NLM_F_CREATE | NLM_F_EXCL`), or `link replace` (`NLM_F_CREATE | NLM_F_REPLACE`:
    /// the same words; the kernel creates a link that does not exist and refuses to replace one
    /// that does, EOPNOTSUPP).
    static func add(_ words: inout Words, context: Context, replace: Bool = false) async throws(CommandError) {
        var (settings, device, _) = try await parse(&words, context: context, creating: true)
        if settings.name == nil { settings.name = device }
        // A port kind alone (`type bridge_slave`) is sent as it is: the kernel refuses it ("Unknown device type").
        guard settings.kind != nil || settings.port != nil else {
            throw CommandError("Not enough information: \"type\" argument is required", status: 1)
        }
        do {
            // The raw request, not addLink(_:): that checks the name's length before sending, where
            // ip lets the kernel answer ("Attribute failed policy validation") and prints that.
            let echo = context.options.echo
            let ack = try await context.connection().execute(
                type: RouteMessageType.newLink, flags: [.create, replace ? .replace : .exclusive, echo ? .echo : []],
                fixedHeaderSize: InterfaceInfoMessage.size
            ) { b in try settings.encode(into: &b) }
            if echo { await MonitorCommand.printEcho(ack, context: context) }
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError.netlink(error as! NetlinkError)
        }
    }

    static func set(_ words: inout Words, context: Context) async throws(CommandError) {
        let (settings, device, group) = try await parse(&words, context: context, creating: false)
        var targets: [Int32] = []
        if let device {
            guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
            targets = [index]
        } else if let group {
            targets = try await context.links().values.filter { ($0.group ?? 0) == group }.map(\.index).sorted()
        } else {
            throw CommandError("Not enough information: \"dev\" argument is required.", status: 255)
        }
        let connection = try context.connection()
        for index in targets {
            do {
                try await connection.changeLink(index: index, settings)
            } catch {
                throw CommandError.netlink(error)
            }
        }
    }

    static func delete(_ words: inout Words, context: Context) async throws(CommandError) {
        let (_, device, group) = try await parse(&words, context: context, creating: false)
        let connection = try context.connection()
        if let device {
            guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
            do {
                try await connection.deleteLink(index: index)
            } catch {
                throw CommandError.netlink(error)
            }
        } else if let group {
            for link in try await context.links().values where (link.group ?? 0) == group {
                do {
                    try await connection.deleteLink(index: link.index)
                } catch {
                    throw CommandError.netlink(error)
                }
            }
        } else {
            throw CommandError("Not enough information: \"dev\" argument is required.", status: 255)
        }
    }
}
