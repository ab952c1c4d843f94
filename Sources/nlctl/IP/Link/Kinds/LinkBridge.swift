import NetlinkRoute

/// `nlctl link add|set NAME type bridge ARGS`: iproute2 6.1's bridge options (`bridge_parse_opt`),
/// the keywords tried in ip's order (so an abbreviation picks what ip picks; two take whole words
/// only), with ip's messages and exit statuses.
enum LinkBridge {
    static let usage = """
        Usage: ... bridge [ fdb_flush ]
        \t\t  [ forward_delay FORWARD_DELAY ]
        \t\t  [ hello_time HELLO_TIME ]
        \t\t  [ max_age MAX_AGE ]
        \t\t  [ ageing_time AGEING_TIME ]
        \t\t  [ stp_state STP_STATE ]
        \t\t  [ priority PRIORITY ]
        \t\t  [ group_fwd_mask MASK ]
        \t\t  [ group_address ADDRESS ]
        \t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]
        \t\t  [ vlan_filtering VLAN_FILTERING ]
        \t\t  [ vlan_protocol VLAN_PROTOCOL ]
        \t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]
        \t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]
        \t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]
        \t\t  [ mcast_snooping MULTICAST_SNOOPING ]
        \t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]
        \t\t  [ mcast_router MULTICAST_ROUTER ]
        \t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]
        \t\t  [ mcast_querier MULTICAST_QUERIER ]
        \t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]
        \t\t  [ mcast_hash_max HASH_MAX ]
        \t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]
        \t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]
        \t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]
        \t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]
        \t\t  [ mcast_querier_interval QUERIER_INTERVAL ]
        \t\t  [ mcast_query_interval QUERY_INTERVAL ]
        \t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]
        \t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]
        \t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]
        \t\t  [ mcast_igmp_version IGMP_VERSION ]
        \t\t  [ mcast_mld_version MLD_VERSION ]
        \t\t  [ nf_call_iptables NF_CALL_IPTABLES ]
        \t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]
        \t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]

        Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }
        """

    /// What an option's value is and where it goes.
    enum Value {
        case u32(WritableKeyPath<BridgeSettings, UInt32?>)
        case u16(WritableKeyPath<BridgeSettings, UInt16?>)
        case u8(WritableKeyPath<BridgeSettings, UInt8?>)
        case u64(WritableKeyPath<BridgeSettings, UInt64?>)
        /// A `u8` read as on (non-zero) or off, into `IFLA_BR_MULTI_BOOLOPT`.
        case boolean(WritableKeyPath<BridgeSettings, Bool?>)
        case flushFlag, hardwareAddress, vlanProtocol
    }

    /// The options in the order ip tries them; `whole` ones are not abbreviated.
    static var options: [(keyword: String, whole: Bool, value: Value)] {
        [
            ("forward_delay", false, .u32(\.forwardDelay)), ("hello_time", false, .u32(\.helloTime)),
            ("max_age", false, .u32(\.maxAge)), ("ageing_time", false, .u32(\.ageingTime)),
            ("stp_state", false, .u32(\.stpState)), ("priority", false, .u16(\.priority)),
            ("vlan_filtering", false, .u8(\.vlanFiltering)), ("vlan_protocol", false, .vlanProtocol),
            ("group_fwd_mask", false, .u16(\.groupForwardMask)), ("group_address", false, .hardwareAddress),
            ("fdb_flush", false, .flushFlag), ("vlan_default_pvid", false, .u16(\.vlanDefaultPVID)),
            ("vlan_stats_enabled", false, .u8(\.vlanStatsEnabled)), ("vlan_stats_per_port", false, .u8(\.vlanStatsPerPort)),
            ("mcast_router", false, .u8(\.multicastRouter)), ("mcast_snooping", false, .u8(\.multicastSnooping)),
            ("mcast_vlan_snooping", true, .boolean(\.multicastVLANSnooping)),
            ("mcast_query_use_ifaddr", false, .u8(\.multicastQueryUseInterfaceAddress)),
            ("mcast_querier", false, .u8(\.multicastQuerier)),
            ("mcast_hash_elasticity", false, .u32(\.multicastHashElasticity)), ("mcast_hash_max", false, .u32(\.multicastHashMax)),
            ("mcast_last_member_count", false, .u32(\.multicastLastMemberCount)),
            ("mcast_startup_query_count", false, .u32(\.multicastStartupQueryCount)),
            ("mcast_last_member_interval", false, .u64(\.multicastLastMemberInterval)),
            ("mcast_membership_interval", false, .u64(\.multicastMembershipInterval)),
            ("mcast_querier_interval", false, .u64(\.multicastQuerierInterval)),
            ("mcast_query_interval", false, .u64(\.multicastQueryInterval)),
            ("mcast_query_response_interval", false, .u64(\.multicastQueryResponseInterval)),
            ("mcast_startup_query_interval", false, .u64(\.multicastStartupQueryInterval)),
            ("mcast_stats_enabled", false, .u8(\.multicastStatsEnabled)), ("mcast_igmp_version", false, .u8(\.igmpVersion)),
            ("mcast_mld_version", false, .u8(\.mldVersion)), ("nf_call_iptables", false, .u8(\.netfilterCallIPTables)),
            ("nf_call_ip6tables", false, .u8(\.netfilterCallIP6Tables)), ("nf_call_arptables", false, .u8(\.netfilterCallARPTables)),
            ("no_linklocal_learn", true, .boolean(\.noLinkLocalLearning)),
        ]
    }

    static func parse(_ words: inout Words) throws(CommandError) -> LinkSettings.Kind {
        var settings = BridgeSettings()
        let options = Self.options
        while let word = words.next() {
            guard let option = options.first(where: { $0.whole ? word == $0.keyword : matches(word, $0.keyword) }) else {
                if matches(word, "help") { throw CommandError(usage, status: 1) }
                throw CommandError("bridge: unknown command \"\(word)\"?\n" + usage, status: 1)
            }
            let reason = "invalid \(option.keyword)"
            let invalid = { (text: String) in CommandError.invalidArgument(text, reason) }
            switch option.value {
            case .flushFlag:
                settings.flushForwardingDatabase = true
            case .u32(let path):
                settings[keyPath: path] = try words.number(of: word, reason: reason)
            case .u16(let path):
                settings[keyPath: path] = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: reason))
            case .u8(let path):
                settings[keyPath: path] = UInt8(try words.number(of: word, maximum: 0xFF, reason: reason))
            case .boolean(let path):
                settings[keyPath: path] = try words.number(of: word, maximum: 0xFF, reason: reason) != 0
            case .u64(let path):
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned64(text) else { throw invalid(text) }
                settings[keyPath: path] = value
            case .hardwareAddress:
                let text = try words.argument(of: word)
                guard let address = LinkModify.hardwareAddress(text) else { throw CommandError.invalidHardwareAddress(text) }
                settings.groupAddress = address
            case .vlanProtocol:
                let text = try words.argument(of: word)
                guard let value = vlanProtocol(text) else { throw invalid(text) }
                settings.vlanProtocol = value
            }
        }
        return .bridge(settings)
    }

    /// ip's `ll_proto_a2n` for the VLAN protocols: `802.1Q`, `802.1ad` (any case) or a number.
    static func vlanProtocol(_ text: String) -> UInt16? {
        switch text.lowercased() {
        case "802.1q": return 0x8100
        case "802.1ad": return 0x88A8
        default:
            guard let value = InetText.unsigned(text), value <= 0xFFFF else { return nil }
            return UInt16(value)
        }
    }
}
