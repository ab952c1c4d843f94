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
        while let word = words.next() {
            switch word {
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
                let text = try words.argument(of: word)
                guard let bytes = hardwareAddress(text) else { throw CommandError.invalidArgument(text, "Invalid \"address\" value") }
                settings.address = bytes
            case "broadcast", "brd":
                let text = try words.argument(of: word)
                guard let bytes = hardwareAddress(text) else { throw CommandError.invalidArgument(text, "Invalid \"broadcast\" value") }
                settings.broadcast = bytes
            case "txqueuelen", "qlen", "txqlen":
                let text = try words.argument(of: word)
                guard let value = UInt32(text) else { throw CommandError.invalidArgument(text, "Invalid \"txqueuelen\" value\n") }
                settings.transmitQueueLength = value
            case "mtu":
                let text = try words.argument(of: word)
                guard let value = UInt32(text) else { throw CommandError.invalidArgument(text, "Invalid \"mtu\" value\n") }
                settings.mtu = value
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
            case "numtxqueues":
                let text = try words.argument(of: word)
                guard let value = UInt32(text) else { throw CommandError.invalidArgument(text, "Invalid \"numtxqueues\" value") }
                settings.transmitQueues = value
            case "numrxqueues":
                let text = try words.argument(of: word)
                guard let value = UInt32(text) else { throw CommandError.invalidArgument(text, "Invalid \"numrxqueues\" value") }
                settings.receiveQueues = value
            case "group":
                let text = try words.argument(of: word)
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
                    settings.port = try await LinkBridgePort.parse(&words, context: context)
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
        return (settings, device, group)
    }

    static func validateName(_ name: String, keyword: String) throws(CommandError) {
        if name.isEmpty || name.rawBytes.count >= 16 || name.contains("/") || name.contains(" ") || name == "." || name == ".." {
            throw CommandError.invalidArgument(name, "\"\(keyword)\" not a valid ifname")
        }
    }

    static func parseKind(_ kind: String, _ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        switch kind {
        case "veth":
            guard let word = words.next() else { return .veth(peer: LinkSettings()) }
            guard word == "peer" else { throw CommandError("Usage: ... veth [peer [ name ] NAME ] [OPTIONS]", status: 255) }
            var (peer, device, _) = try await parse(&words, context: context, creating: true)
            if peer.name == nil { peer.name = device }
            return .veth(peer: peer)
        case "macvlan", "macvtap":
            return try LinkMACVLAN.parse(kind, &words)
        case "vxlan":
            return try await LinkVXLAN.parse(&words, context: context, creating: creating)
        case "bridge":
            return try LinkBridge.parse(&words)
        default:
            if let extra = words.next() { throw CommandError.unknownCommand(extra, object: "link add type \(kind)") }
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

    static func add(_ words: inout Words, context: Context) async throws(CommandError) {
        var (settings, device, _) = try await parse(&words, context: context, creating: true)
        if settings.name == nil { settings.name = device }
        // A port kind alone (`type bridge_slave`) is sent as it is: the kernel refuses it ("Unknown device type").
        guard settings.kind != nil || settings.port != nil else {
            throw CommandError("Not enough information: \"type\" argument is required", status: 1)
        }
        do {
            // The raw request, not addLink(_:): that checks the name's length before sending, where
            // ip lets the kernel answer ("Attribute failed policy validation") and prints that.
            try await context.connection().execute(
                type: RouteMessageType.newLink, flags: [.create, .exclusive], fixedHeaderSize: InterfaceInfoMessage.size
            ) { b in try settings.encode(into: &b) }
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
