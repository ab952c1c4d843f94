import NetlinkCore
import NetlinkRoute

/// `nlctl link add NAME type bond ARGS`: iproute2 6.1's bond options (`bond_parse_opt`), each
/// sent where it is read (`IFLA_BOND_*`), with ip's messages and exit statuses; and the `-d`
/// line (`bond_print_opt`, with the 802.3ad information). This kernel has no bonding: the
/// requests are compared with ip's byte for byte, the details printed from golden bytes.
enum LinkBond {
    static let modes = ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"]
    static let arpValidate = ["none", "active", "backup", "all", "filter", "filter_active", "filter_backup"]
    static let arpAllTargets = ["any", "all"]
    static let primaryReselect = ["always", "better", "failure"]
    static let failOverMAC = ["none", "active", "follow"]
    static let transmitHashPolicy = ["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"]
    static let lacpActive = ["off", "on"]
    static let lacpRate = ["slow", "fast"]
    static let adSelect = ["stable", "bandwidth", "count"]

    static let usage = """
        Usage: ... bond [ mode BONDMODE ] [ active_slave SLAVE_DEV ]
                        [ clear_active_slave ] [ miimon MIIMON ]
                        [ updelay UPDELAY ] [ downdelay DOWNDELAY ]
                        [ peer_notify_delay DELAY ]
                        [ use_carrier USE_CARRIER ]
                        [ arp_interval ARP_INTERVAL ]
                        [ arp_validate ARP_VALIDATE ]
                        [ arp_all_targets ARP_ALL_TARGETS ]
                        [ arp_ip_target [ ARP_IP_TARGET, ... ] ]
                        [ ns_ip6_target [ NS_IP6_TARGET, ... ] ]
                        [ primary SLAVE_DEV ]
                        [ primary_reselect PRIMARY_RESELECT ]
                        [ fail_over_mac FAIL_OVER_MAC ]
                        [ xmit_hash_policy XMIT_HASH_POLICY ]
                        [ resend_igmp RESEND_IGMP ]
                        [ num_grat_arp|num_unsol_na NUM_GRAT_ARP|NUM_UNSOL_NA ]
                        [ all_slaves_active ALL_SLAVES_ACTIVE ]
                        [ min_links MIN_LINKS ]
                        [ lp_interval LP_INTERVAL ]
                        [ packets_per_slave PACKETS_PER_SLAVE ]
                        [ tlb_dynamic_lb TLB_DYNAMIC_LB ]
                        [ lacp_rate LACP_RATE ]
                        [ lacp_active LACP_ACTIVE]
                        [ ad_select AD_SELECT ]
                        [ ad_user_port_key PORTKEY ]
                        [ ad_actor_sys_prio SYSPRIO ]
                        [ ad_actor_system LLADDR ]
                        [ arp_missed_max MISSED_MAX ]

        BONDMODE := balance-rr|active-backup|balance-xor|broadcast|802.3ad|balance-tlb|balance-alb
        ARP_VALIDATE := none|active|backup|all|filter|filter_active|filter_backup
        ARP_ALL_TARGETS := any|all
        PRIMARY_RESELECT := always|better|failure
        FAIL_OVER_MAC := none|active|follow
        XMIT_HASH_POLICY := layer2|layer2+3|layer3+4|encap2+3|encap3+4|vlan+srcmac
        LACP_ACTIVE := off|on
        LACP_RATE := slow|fast
        AD_SELECT := stable|bandwidth|count
        """

    /// The words of ip's `bond_parse_opt`, in its order (`matches` unless `exact`): the attribute,
    /// the value's size in bytes, and how the value is read.
    enum Value { case index([String]), number, device, none, ipv4Targets, ipv6Targets, hardwareAddress }
    static let options: [(word: String, exact: Bool, attribute: UInt16, size: Int, value: Value)] = [
        ("mode", false, 1, 1, .index(modes)), ("active_slave", false, 2, 4, .device), ("clear_active_slave", false, 2, 4, .none),
        ("miimon", false, 3, 4, .number), ("updelay", false, 4, 4, .number), ("downdelay", false, 5, 4, .number),
        ("peer_notify_delay", false, 28, 4, .number), ("use_carrier", false, 6, 1, .number), ("arp_interval", false, 7, 4, .number),
        ("arp_ip_target", false, 8, 0, .ipv4Targets), ("ns_ip6_target", true, 31, 0, .ipv6Targets),
        ("arp_validate", false, 9, 4, .index(arpValidate)), ("arp_all_targets", false, 10, 4, .index(arpAllTargets)),
        ("arp_missed_max", true, 30, 1, .number), ("primary", false, 11, 4, .device),
        ("primary_reselect", false, 12, 1, .index(primaryReselect)), ("fail_over_mac", false, 13, 1, .index(failOverMAC)),
        ("xmit_hash_policy", false, 14, 1, .index(transmitHashPolicy)), ("resend_igmp", false, 15, 4, .number),
        ("num_grat_arp", false, 16, 1, .number), ("num_unsol_na", false, 16, 1, .number), ("all_slaves_active", false, 17, 1, .number),
        ("min_links", false, 18, 4, .number), ("lp_interval", false, 19, 4, .number), ("packets_per_slave", false, 20, 4, .number),
        ("lacp_rate", false, 21, 1, .index(lacpRate)), ("lacp_active", true, 29, 1, .index(lacpActive)),
        ("ad_select", false, 22, 1, .index(adSelect)), ("ad_user_port_key", false, 25, 2, .number),
        ("ad_actor_sys_prio", false, 24, 2, .number), ("ad_actor_system", false, 26, 0, .hardwareAddress),
        ("tlb_dynamic_lb", false, 27, 1, .number),
    ]

    /// ip's `get_index`: a decimal index within the table, or a name of it.
    static func index(_ text: String, in table: [String]) -> Int? {
        if let number = Int(text), number >= 0, number < table.count { return number }
        return table.firstIndex(of: text)
    }

    static func parse(_ words: inout Words, context: Context) async throws(CommandError) -> LinkSettings.Kind {
        guard words.current != nil else { return .other("bond", data: nil) }
        var data = NetlinkMessageBuilder()
        while let word = words.next() {
            guard let option = options.first(where: { $0.exact ? word == $0.word : matches(word, $0.word) }) else {
                if matches(word, "help") { throw CommandError(usage, status: 1) }
                throw CommandError("bond: unknown command \"\(word)\"?\n" + usage, status: 1)
            }
            let name = option.word == "num_grat_arp" || option.word == "num_unsol_na" ? "num_grat_arp|num_unsol_na" : option.word
            var payload: [UInt8] = []
            switch option.value {
            case .none:
                payload = [0, 0, 0, 0]
            case .index(let table):
                let text = try words.argument(of: word)
                guard let index = index(text, in: table) else { throw CommandError.invalidArgument(text, "invalid \(name)") }
                payload = Array(withUnsafeBytes(of: UInt32(index)) { Array($0) }.prefix(option.size))
            case .number:
                let text = try words.argument(of: word)
                let maximum: UInt32 = option.size == 1 ? 0xFF : option.size == 2 ? 0xFFFF : .max
                guard let value = InetText.unsigned(text), value <= maximum else { throw CommandError.invalidArgument(text, "invalid \(name)") }
                payload = Array(withUnsafeBytes(of: value) { Array($0) }.prefix(option.size))
            case .device:
                let text = try words.argument(of: word)
                guard let index = try await context.index(ofLink: text) else { throw CommandError("Cannot find device \"\(text)\"", status: 1) }
                payload = withUnsafeBytes(of: UInt32(bitPattern: index)) { Array($0) }
            case .hardwareAddress:
                payload = try LinkModify.linkLayerAddress(try words.argument(of: word)).bytes
            case .ipv4Targets, .ipv6Targets:
                // A nest of the targets (types 0, 1, ...: at most 16), empty at the end of the line.
                var nested = NetlinkMessageBuilder()
                if let text = words.next() {
                    for (position, target) in text.split(separator: ",").prefix(16).enumerated() {
                        let bytes: [UInt8]
                        if case .ipv4Targets = option.value {
                            guard let address = InetText.ipv4(target) else {
                                throw CommandError("Error: an IP address is expected rather than \"\(target)\"", status: 1)
                            }
                            bytes = address.bytes
                        } else {
                            bytes = try RouteCommand.address(String(target), family: 10).bytes
                        }
                        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try nested.appendAttribute(UInt16(position), bytes: bytes) }
                    }
                }
                payload = nested.bytes
            }
            try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try data.appendAttribute(option.attribute, bytes: payload) }
        }
        return .other("bond", data: data.bytes)
    }

    // MARK: bond_slave

    /// `bond_slave_parse_opt`: `queue_id` (`IFLA_BOND_SLAVE_QUEUE_ID`, 5) and `prio` (9, signed).
    static func parsePort(_ words: inout Words) throws(CommandError) -> LinkSettings.PortKind {
        guard words.current != nil else { return .other("bond", data: nil) }
        let usage = "Usage: ... bond_slave [ queue_id ID ] [ prio PRIORITY ]"
        var data = NetlinkMessageBuilder()
        while let word = words.next() {
            if matches(word, "queue_id") {
                let value = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: "queue_id is invalid"))
                try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try data.appendAttribute(5, uint16: value, .host) }
            } else if word == "prio" {
                let text = try words.argument(of: word)
                guard let value = InetText.integer(text) else { throw CommandError.invalidArgument(text, "prio is invalid") }
                try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try data.appendAttribute(9, int32: value, .host) }
            } else {
                throw CommandError((matches(word, "help") ? "" : "bond_slave: unknown option \"\(word)\"?\n") + usage, status: 1)
            }
        }
        return .other("bond", data: data.bytes)
    }

    /// `bond_slave_print_opt`.
    static func printPort(_ data: [UInt8]?, printer: Printer) {
        guard data != nil else { return }
        let t = LinkSmallKinds.table(data)
        if let value = t[1] {
            let state = UInt32(value.first ?? 0)
            if state < 2 { printer.string("state", ["ACTIVE", "BACKUP"][Int(state)], text: "state \(["ACTIVE", "BACKUP"][Int(state)]) ") }
            else { printer.signed("state_index", Int64(state), text: "state \(state) ") }
        }
        if let value = t[2] {
            let status = UInt32(value.first ?? 0)
            let names = ["UP", "GOING_DOWN", "DOWN", "GOING_BACK"]
            if status < 4 { printer.string("mii_status", names[Int(status)], text: "mii_status \(names[Int(status)]) ") }
            else { printer.signed("mii_status_index", Int64(status), text: "mii_status \(status) ") }
        }
        if let value = t[3] {
            let count = Int32(bitPattern: LinkSmallKinds.u32(value + [0, 0, 0, 0]))
            printer.signed("link_failure_count", Int64(count), text: "link_failure_count \(count) ")
        }
        if let value = t[4] {
            let text = LinkFormat.hardwareAddress(value)
            printer.string("perm_hwaddr", text, text: "perm_hwaddr \(text) ")
        }
        if let value = t[5] {
            let id = LinkSmallKinds.u16(value + [0, 0])
            printer.signed("queue_id", Int64(id), text: "queue_id \(id) ")
        }
        if let value = t[9] {
            let priority = Int32(bitPattern: LinkSmallKinds.u32(value + [0, 0, 0, 0]))
            printer.signed("prio", Int64(priority), text: "prio \(priority) ")
        }
        if let value = t[6] {
            let id = LinkSmallKinds.u16(value + [0, 0])
            printer.signed("ad_aggregator_id", Int64(id), text: "ad_aggregator_id \(id) ")
        }
        for (type, key) in [(UInt16(7), "ad_actor_oper_port_state"), (8, "ad_partner_oper_port_state")] {
            guard let value = t[type] else { continue }
            var state = value.first ?? 0
            printer.signed(key, Int64(state), text: "\(key) \(state) ")
            printer.openArray(key + "_str")
            printer.text(key + "_str <")
            for (bit, name) in [(UInt8(0x1), "active"), (0x2, "short_timeout"), (0x4, "aggregating"), (0x8, "in_sync"), (0x10, "collecting"),
                                (0x20, "distributing"), (0x40, "defaulted"), (0x80, "expired")] where state & bit != 0 {
                state &= ~bit
                printer.field(nil, .string(name), text: state != 0 ? name + "," : name)
            }
            printer.closeArray()
            printer.text("> ")
        }
    }

    // MARK: -d

    static func name(_ table: [String], _ index: UInt32) -> String { Int(index) < table.count ? table[Int(index)] : "UNKNOWN" }

    /// `bond_print_opt`.
    static func print(_ data: [UInt8]?, links: [Int32: Link], printer: Printer) {
        guard data != nil else { return }
        let t = LinkSmallKinds.table(data)
        let u8 = { (type: UInt16) -> UInt32? in t[type].map { UInt32($0.first ?? 0) } }
        let u16 = { (type: UInt16) -> UInt32? in t[type].map { UInt32(LinkSmallKinds.u16($0 + [0, 0])) } }
        let u32 = { (type: UInt16) -> UInt32? in t[type].map { LinkSmallKinds.u32($0 + [0, 0, 0, 0]) } }
        func device(_ key: String, _ type: UInt16) {
            guard let index = u32(type), index != 0 else { return }
            let name = links[Int32(bitPattern: index)]?.name ?? "if\(index)"
            printer.string(key, name, text: "\(key) \(name) ")
        }
        func number(_ key: String, _ word: String, _ value: UInt32?) {
            if let value { printer.unsigned(key, UInt64(value), text: "\(word) \(value) ") }
        }
        func named(_ key: String, _ word: String, _ table: [String], _ value: UInt32?) {
            if let value { printer.string(key, name(table, value), text: "\(word) \(name(table, value)) ") }
        }
        if let mode = u8(1) { printer.string("mode", name(modes, mode), text: "mode \(name(modes, mode)) ") }
        device("active_slave", 2)
        number("miimon", "miimon", u32(3))
        number("updelay", "updelay", u32(4))
        number("downdelay", "downdelay", u32(5))
        number("peer_notify_delay", "peer_notify_delay", u32(28))
        number("use_carrier", "use_carrier", u8(6))
        number("arp_interval", "arp_interval", u32(7))
        number("arp_missed_max", "arp_missed_max", u8(30))
        for (type, key, size) in [(UInt16(8), "arp_ip_target", 4), (31, "ns_ip6_target", 16)] {
            guard let nest = t[type] else { continue }
            var targets: [UInt16: [UInt8]] = [:]
            for (target, value) in LinkSmallKinds.table(nest) where target <= 16 { targets[target] = value }
            if targets[0] != nil {
                printer.openArray(key)
                printer.text("\(key) ")
            }
            for position in UInt16(0)..<16 {
                if let value = targets[position] {
                    let bytes = Array((value + [UInt8](repeating: 0, count: size)).prefix(size))
                    let text = size == 4 ? IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]).description
                        : IPv6Address(bytes: bytes)?.description ?? ""
                    printer.field(nil, .string(text), text: text)
                }
                if !printer.isJSON, position < 15, targets[position + 1] != nil { printer.text(",") }
            }
            if targets[0] != nil {
                printer.text(" ")
                printer.closeArray()
            }
        }
        if let value = u32(9) {
            if value == 0 && printer.isJSON { printer.json("arp_validate", .null) } else { named("arp_validate", "arp_validate", arpValidate, value) }
        }
        named("arp_all_targets", "arp_all_targets", arpAllTargets, u32(10))
        device("primary", 11)
        named("primary_reselect", "primary_reselect", primaryReselect, u8(12))
        named("fail_over_mac", "fail_over_mac", failOverMAC, u8(13))
        named("xmit_hash_policy", "xmit_hash_policy", transmitHashPolicy, u8(14))
        number("resend_igmp", "resend_igmp", u32(15))
        number("num_peer_notif", "num_grat_arp", u8(16))
        number("all_slaves_active", "all_slaves_active", u8(17))
        number("min_links", "min_links", u32(18))
        number("lp_interval", "lp_interval", u32(19))
        number("packets_per_slave", "packets_per_slave", u32(20))
        named("ad_lacp_active", "lacp_active", lacpActive, u8(29))
        named("ad_lacp_rate", "lacp_rate", lacpRate, u8(21))
        named("ad_select", "ad_select", adSelect, u8(22))
        if let info = t[23] {
            let a = LinkSmallKinds.table(info)
            printer.openObject("ad_info")
            for (type, key, word) in [(UInt16(1), "aggregator", "ad_aggregator"), (2, "num_ports", "ad_num_ports"), (3, "actor_key", "ad_actor_key"),
                                      (4, "partner_key", "ad_partner_key")] {
                if let value = a[type] {
                    let number = LinkSmallKinds.u16(value + [0, 0])
                    printer.signed(key, Int64(number), text: "\(word) \(number) ")
                }
            }
            if let value = a[5] {
                let text = LinkFormat.hardwareAddress(Array((value + [UInt8](repeating: 0, count: 6)).prefix(6)))
                printer.string("partner_mac", text, text: "ad_partner_mac \(text) ")
            }
            printer.closeObject()
        }
        number("ad_actor_sys_prio", "ad_actor_sys_prio", u16(24))
        number("ad_user_port_key", "ad_user_port_key", u16(25))
        if let value = t[26] {
            let text = LinkFormat.hardwareAddress(value)
            printer.string("ad_actor_system", text, text: "ad_actor_system \(text) ")
        }
        number("tlb_dynamic_lb", "tlb_dynamic_lb", u8(27))
    }
}
