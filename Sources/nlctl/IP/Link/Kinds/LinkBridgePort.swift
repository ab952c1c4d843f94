import NetlinkRoute

/// `nlctl link set DEVICE type bridge_slave ARGS`: iproute2 6.1's bridge port options
/// (`brport_parse_opt`), the keywords tried in ip's order (so an abbreviation picks what ip
/// picks), with ip's messages and exit statuses.
enum LinkBridgePort {
    static let usage = """
        Usage: ... bridge_slave [ fdb_flush ]
        \t\t\t[ state STATE ]
        \t\t\t[ priority PRIO ]
        \t\t\t[ cost COST ]
        \t\t\t[ guard {on | off} ]
        \t\t\t[ hairpin {on | off} ]
        \t\t\t[ fastleave {on | off} ]
        \t\t\t[ root_block {on | off} ]
        \t\t\t[ learning {on | off} ]
        \t\t\t[ flood {on | off} ]
        \t\t\t[ proxy_arp {on | off} ]
        \t\t\t[ proxy_arp_wifi {on | off} ]
        \t\t\t[ mcast_router MULTICAST_ROUTER ]
        \t\t\t[ mcast_fast_leave {on | off} ]
        \t\t\t[ mcast_flood {on | off} ]
        \t\t\t[ bcast_flood {on | off} ]
        \t\t\t[ mcast_to_unicast {on | off} ]
        \t\t\t[ group_fwd_mask MASK ]
        \t\t\t[ neigh_suppress {on | off} ]
        \t\t\t[ vlan_tunnel {on | off} ]
        \t\t\t[ isolated {on | off} ]
        \t\t\t[ locked {on | off} ]
        \t\t\t[ backup_port DEVICE ] [ nobackup_port ]
        """

    /// What an option's value is and where it goes.
    enum Value {
        case onOff(WritableKeyPath<BridgePortSettings, Bool?>)
        case state, priority, cost, multicastRouter, groupForwardMask, backupPort, noBackupPort, flush
    }

    /// The options in the order ip tries them (every one may be abbreviated).
    static var options: [(keyword: String, value: Value)] {
        [
            ("fdb_flush", .flush), ("state", .state), ("priority", .priority), ("cost", .cost), ("guard", .onOff(\.guardBPDU)),
            ("hairpin", .onOff(\.hairpin)), ("fastleave", .onOff(\.fastLeave)), ("root_block", .onOff(\.rootBlock)),
            ("learning", .onOff(\.learning)), ("flood", .onOff(\.unicastFlood)), ("mcast_flood", .onOff(\.multicastFlood)),
            ("bcast_flood", .onOff(\.broadcastFlood)), ("mcast_to_unicast", .onOff(\.multicastToUnicast)),
            ("proxy_arp", .onOff(\.proxyARP)), ("proxy_arp_wifi", .onOff(\.proxyARPWiFi)), ("mcast_router", .multicastRouter),
            ("mcast_fast_leave", .onOff(\.fastLeave)), ("group_fwd_mask", .groupForwardMask),
            ("neigh_suppress", .onOff(\.neighborSuppress)), ("vlan_tunnel", .onOff(\.vlanTunnel)), ("isolated", .onOff(\.isolated)),
            ("locked", .onOff(\.locked)), ("backup_port", .backupPort), ("nobackup_port", .noBackupPort),
        ]
    }

    static func parse(_ words: inout Words, context: Context) async throws(CommandError) -> LinkSettings.PortKind {
        var settings = BridgePortSettings()
        let options = Self.options
        while let word = words.next() {
            guard let option = options.first(where: { matches(word, $0.keyword) }) else {
                if matches(word, "help") { throw CommandError(usage, status: 1) }
                throw CommandError("bridge_slave: unknown option \"\(word)\"?\n" + usage, status: 1)
            }
            switch option.value {
            case .flush:
                settings.flushForwardingDatabase = true
            case .noBackupPort:
                settings.backupPortIndex = 0
            case .onOff(let path):
                let text = try words.argument(of: word)
                guard text == "on" || text == "off" else {
                    throw CommandError("Error: argument of \"\(option.keyword)\" must be one of \"off\", \"on\", not \"\(text)\"", status: 1)
                }
                settings[keyPath: path] = text == "on"
            case .state:
                settings.state = UInt8(try words.number(of: word, maximum: 0xFF, reason: "state is invalid"))
            case .priority:
                settings.priority = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: "priority is invalid"))
            case .cost:
                settings.cost = try words.number(of: word, reason: "cost is invalid")
            case .multicastRouter:
                settings.multicastRouter = UInt8(try words.number(of: word, maximum: 0xFF, reason: "invalid mcast_router"))
            case .groupForwardMask:
                settings.groupForwardMask = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: "invalid group_fwd_mask"))
            case .backupPort:
                let text = try words.argument(of: word)
                guard let index = try await context.index(ofLink: text) else { throw CommandError.invalidArgument(text, "Device does not exist\n") }
                settings.backupPortIndex = UInt32(index)
            }
        }
        return .bridge(settings)
    }
}
