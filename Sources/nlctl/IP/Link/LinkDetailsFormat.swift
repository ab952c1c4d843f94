import Glibc
import NetlinkCore
import NetlinkRoute

/// `ip -d link`: the details part of iproute2 6.1's `print_linkinfo` (after `protodown`), with the
/// kind printers of `iplink_bridge.c`, `iplink_bridge_slave.c`, `iplink_macvlan.c`,
/// `iplink_vxlan.c` and `iptuntap.c`, in their order, spelling and JSON keys.
enum LinkDetailsFormat {
    /// The kinds whose data `ip` 6.1 prints and this formatter decodes.
    static let decodedKinds: Set<String> = ["bridge", "macvlan", "macvtap", "vxlan", "tun"]

    /// Prints the details of `link`. `linkMode` is `ip link` (`do_link`: prints `addrgenmode`).
    static func print(_ link: Link, links: [Int32: Link], linkMode: Bool, printer: Printer) {
        if let value = link.promiscuity { printer.unsigned("promiscuity", UInt64(value), text: " promiscuity \(value) ") }
        if let value = link.allMulticast { printer.unsigned("allmulti", UInt64(value), text: " allmulti \(value) ") }
        if let value = link.minimumMTU { printer.unsigned("min_mtu", UInt64(value), text: "minmtu \(value) ") }
        if let value = link.maximumMTU { printer.unsigned("max_mtu", UInt64(value), text: "maxmtu \(value) ") }
        // (A bridge port's own notification, AF_BRIDGE, has its port attributes in IFLA_PROTINFO,
        // which ip does not print as link info.)
        if link.kind != nil || (link.portKind != nil && link.family != 7) { printLinkInfo(link, links: links, printer: printer) }
        if linkMode, let mode = link.addressGenerationMode {
            let name = addressGenerationModeName(mode)
            printer.string("inet6_addr_gen_mode", name, text: "addrgenmode \(name) ")
        }
        let counts: [(String, String, UInt32?)] = [
            ("num_tx_queues", "numtxqueues", link.transmitQueues), ("num_rx_queues", "numrxqueues", link.receiveQueues),
            ("gso_max_size", "gso_max_size", link.gsoMaxSize), ("gso_max_segs", "gso_max_segs", link.gsoMaxSegments),
            ("tso_max_size", "tso_max_size", link.tsoMaxSize), ("tso_max_segs", "tso_max_segs", link.tsoMaxSegments),
            ("gro_max_size", "gro_max_size", link.groMaxSize),
        ]
        for (key, word, value) in counts {
            if let value { printer.unsigned(key, UInt64(value), text: "\(word) \(value) ") }
        }
        if let name = link.physicalPortName { printer.string("phys_port_name", name, text: "portname \(name) ") }
        if let id = link.physicalPortID {
            let text = hexString(id)
            printer.string("phys_port_id", text, text: "portid \(text) ")
        }
        if let id = link.physicalSwitchID {
            let text = hexString(id)
            printer.string("phys_switch_id", text, text: "switchid \(text) ")
        }
        if let bus = link.parentDeviceBusName { printer.string("parentbus", bus, text: "parentbus \(bus) ") }
        if let device = link.parentDeviceName { printer.string("parentdev", device, text: "parentdev \(device) ") }
    }

    static func addressGenerationModeName(_ mode: UInt8) -> String {
        switch mode {
        case 0: "eui64"
        case 1: "none"
        case 2: "stable_secret"
        case 3: "random"
        default: "0x" + (mode < 16 ? "0" : "") + String(mode, radix: 16)
        }
    }

    /// The `print_opt` of each kind nlctl reads from the raw `IFLA_INFO_DATA` (batadv has none in ip).
    static let kindPrinters: [String: @Sendable ([UInt8]?, [Int32: Link], Printer) -> Void] = {
        var table: [String: @Sendable ([UInt8]?, [Int32: Link], Printer) -> Void] = [
            "ip6tnl": { LinkIP6Tunnel.print($0, links: $1, printer: $2) },
            "macsec": { data, _, printer in LinkMACsec.print(data, printer: printer) },
            "bond": { LinkBond.print($0, links: $1, printer: $2) },
        ]
        for kind in LinkGRE.kinds6 { table[kind] = { LinkGRE.print6($0, links: $1, printer: $2) } }
        for kind in LinkGRE.kinds { table[kind] = { LinkGRE.print($0, links: $1, printer: $2) } }
        for kind in LinkVTI.kinds { table[kind] = { LinkVTI.print(kind, $0, links: $1, printer: $2) } }
        for kind in LinkIPTunnel.kinds { table[kind] = { LinkIPTunnel.print($0, links: $1, printer: $2) } }
        for kind in LinkSmallKinds.kinds where kind != "batadv" { table[kind] = { LinkSmallKinds.print(kind, $0, links: $1, printer: $2) } }
        return table
    }()

    /// `print_linktype`: the `linkinfo` object, the kind line and the port line.
    static func printLinkInfo(_ link: Link, links: [Int32: Link], printer: Printer) {
        printer.openObject("linkinfo")
        if let kind = link.kind {
            printer.newline()
            printer.string("info_kind", kind.rawValue, text: "    \(kind) ")
            if decodedKinds.contains(kind.rawValue) {
                printer.openObject("info_data")
                do throws(NetlinkDecodingError) {
                    switch try link.kindDetails() {
                    case .bridge(let details): printBridge(details, printer: printer)
                    case .macvlan(let details): printMACVLAN(details, printer: printer)
                    case .vxlan(let details): printVXLAN(details, links: links, printer: printer)
                    case .tun(let details): printTun(details, printer: printer)
                    case .other, nil: break
                    }
                } catch {
                    warn("cannot decode the \(kind) data of \(link.name): \(error)")
                }
                printer.closeObject()
            } else if let printKind = kindPrinters[kind.rawValue] {
                printer.openObject("info_data")
                printKind(link.kindData, links, printer)
                printer.closeObject()
            }
        }
        if let portKind = link.portKind {
            printer.newline()
            printer.string("info_slave_kind", portKind.rawValue, text: "    \(portKind)_slave ")
            if portKind == "bridge" {
                printer.openObject("info_slave_data")
                do throws(NetlinkDecodingError) {
                    if case .bridge(let details) = try link.portDetails() {
                        printBridgePort(details, links: links, printer: printer)
                    }
                } catch {
                    warn("cannot decode the bridge port data of \(link.name): \(error)")
                }
                printer.closeObject()
            } else if portKind == "bond" {
                printer.openObject("info_slave_data")
                LinkBond.printPort(link.portData, printer: printer)
                printer.closeObject()
            } else if portKind == "vrf" {
                // vrf_slave_print_opt: IFLA_VRF_PORT_TABLE (1).
                printer.openObject("info_slave_data")
                if let value = LinkSmallKinds.table(link.portData)[1], value.count >= 4 {
                    printer.unsigned("table", UInt64(LinkSmallKinds.u32(value)), text: "table \(LinkSmallKinds.u32(value)) ")
                }
                printer.closeObject()
            }
        }
        printer.closeObject()
    }

    /// Malformed kind data is reported, never dropped silently.
    static func warn(_ message: String) {
        let line = Array("nlctl: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    // MARK: Formatting helpers (iproute2's printf formats)

    /// `%#x`: `0` for zero, `0x…` otherwise (`print_0xhex`, also its JSON string).
    static func hex0x(_ value: UInt64) -> String { value == 0 ? "0" : "0x" + String(value, radix: 16) }

    /// `hexstring_n2a`: two lower-case hex digits per byte.
    static func hexString(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// `br_dump_bridge_id`: `%.2x%.2x.` then `ether_ntoa_r` (hex bytes without zero padding).
    static func bridgeID(_ id: BridgeID) -> String {
        let priority = String(id.priority, radix: 16)
        return String(repeating: "0", count: 4 - priority.count) + priority + "."
            + id.address.map { String($0, radix: 16) }.joined(separator: ":")
    }

    /// A bridge timer (hundredths of a second): `NAME %4i.%.2i ` in text, `%i.%.2i` in JSON.
    static func timer(_ key: String, _ hundredths: UInt64, printer: Printer) {
        let seconds = String(hundredths / 100)
        let fraction = hundredths % 100
        let number = seconds + "." + (fraction < 10 ? "0" : "") + String(fraction)
        let padded = String(repeating: " ", count: max(0, 4 - seconds.count)) + number
        printer.field(key, .number(number), text: "\(key) \(padded) ")
    }

    /// `_print_onoff` of the bridge port printer: `FLAG on|off ` in text, a boolean in JSON.
    static func onOff(_ key: String, _ value: Bool?, printer: Printer) {
        guard let value else { return }
        printer.field(key, .bool(value), text: "\(key) \(value ? "on" : "off") ")
    }

    static func unsigned(_ key: String, _ word: String, _ value: (some BinaryInteger)?, printer: Printer) {
        guard let value else { return }
        printer.unsigned(key, UInt64(value), text: "\(word) \(value) ")
    }

    static func flag(_ value: Bool?) -> UInt8? { value.map { $0 ? 1 : 0 } }

    // MARK: bridge

    static func printBridge(_ d: BridgeDetails, printer: Printer) {
        unsigned("forward_delay", "forward_delay", d.forwardDelay, printer: printer)
        unsigned("hello_time", "hello_time", d.helloTime, printer: printer)
        unsigned("max_age", "max_age", d.maxAge, printer: printer)
        unsigned("ageing_time", "ageing_time", d.ageingTime, printer: printer)
        unsigned("stp_state", "stp_state", d.stpState, printer: printer)
        unsigned("priority", "priority", d.priority, printer: printer)
        unsigned("vlan_filtering", "vlan_filtering", flag(d.vlanFiltering), printer: printer)
        if let protocolNumber = d.vlanProtocol {
            let name: String
            switch protocolNumber {
            case 0x8100: name = "802.1Q"
            case 0x88A8: name = "802.1ad"
            default:
                let hex = String(protocolNumber, radix: 16)
                name = "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
            printer.string("vlan_protocol", name, text: "vlan_protocol \(name) ")
        }
        if let id = d.bridgeID {
            let text = bridgeID(id)
            printer.string("bridge_id", text, text: "bridge_id \(text) ")
        }
        if let id = d.rootID {
            let text = bridgeID(id)
            printer.string("root_id", text, text: "designated_root \(text) ")
        }
        unsigned("root_port", "root_port", d.rootPort, printer: printer)
        unsigned("root_path_cost", "root_path_cost", d.rootPathCost, printer: printer)
        unsigned("topology_change", "topology_change", d.topologyChange, printer: printer)
        unsigned("topology_change_detected", "topology_change_detected", d.topologyChangeDetected, printer: printer)
        if let value = d.helloTimer { timer("hello_timer", value, printer: printer) }
        if let value = d.tcnTimer { timer("tcn_timer", value, printer: printer) }
        if let value = d.topologyChangeTimer { timer("topology_change_timer", value, printer: printer) }
        if let value = d.gcTimer { timer("gc_timer", value, printer: printer) }
        unsigned("vlan_default_pvid", "vlan_default_pvid", d.vlanDefaultPVID, printer: printer)
        unsigned("vlan_stats_enabled", "vlan_stats_enabled", flag(d.vlanStatisticsEnabled), printer: printer)
        unsigned("vlan_stats_per_port", "vlan_stats_per_port", flag(d.vlanStatisticsPerPort), printer: printer)
        if let mask = d.groupForwardMask {
            let text = hex0x(UInt64(mask))
            printer.string("group_fwd_mask", text, text: "group_fwd_mask \(text) ")
        }
        if let address = d.groupAddress {
            let text = LinkFormat.hardwareAddress(address)
            printer.string("group_addr", text, text: "group_address \(text) ")
        }
        unsigned("mcast_snooping", "mcast_snooping", flag(d.multicastSnooping), printer: printer)
        if let values = d.booleanOptions, let mask = d.booleanOptionsMask {
            for (bit, key) in [(BridgeDetails.noLinkLocalLearnBit, "no_linklocal_learn"),
                               (BridgeDetails.multicastVLANSnoopingBit, "mcast_vlan_snooping")] where mask & bit != 0 {
                unsigned(key, key, values & bit != 0 ? 1 : 0, printer: printer)
            }
        }
        unsigned("mcast_router", "mcast_router", d.multicastRouter, printer: printer)
        unsigned("mcast_query_use_ifaddr", "mcast_query_use_ifaddr", flag(d.multicastQueryUseInterfaceAddress), printer: printer)
        unsigned("mcast_querier", "mcast_querier", flag(d.multicastQuerier), printer: printer)
        unsigned("mcast_hash_elasticity", "mcast_hash_elasticity", d.multicastHashElasticity, printer: printer)
        unsigned("mcast_hash_max", "mcast_hash_max", d.multicastHashMax, printer: printer)
        unsigned("mcast_last_member_cnt", "mcast_last_member_count", d.multicastLastMemberCount, printer: printer)
        unsigned("mcast_startup_query_cnt", "mcast_startup_query_count", d.multicastStartupQueryCount, printer: printer)
        unsigned("mcast_last_member_intvl", "mcast_last_member_interval", d.multicastLastMemberInterval, printer: printer)
        unsigned("mcast_membership_intvl", "mcast_membership_interval", d.multicastMembershipInterval, printer: printer)
        unsigned("mcast_querier_intvl", "mcast_querier_interval", d.multicastQuerierInterval, printer: printer)
        unsigned("mcast_query_intvl", "mcast_query_interval", d.multicastQueryInterval, printer: printer)
        unsigned("mcast_query_response_intvl", "mcast_query_response_interval", d.multicastQueryResponseInterval, printer: printer)
        unsigned("mcast_startup_query_intvl", "mcast_startup_query_interval", d.multicastStartupQueryInterval, printer: printer)
        unsigned("mcast_stats_enabled", "mcast_stats_enabled", flag(d.multicastStatisticsEnabled), printer: printer)
        unsigned("mcast_igmp_version", "mcast_igmp_version", d.multicastIGMPVersion, printer: printer)
        unsigned("mcast_mld_version", "mcast_mld_version", d.multicastMLDVersion, printer: printer)
        unsigned("nf_call_iptables", "nf_call_iptables", flag(d.netfilterCallIPTables), printer: printer)
        unsigned("nf_call_ip6tables", "nf_call_ip6tables", flag(d.netfilterCallIP6Tables), printer: printer)
        unsigned("nf_call_arptables", "nf_call_arptables", flag(d.netfilterCallARPTables), printer: printer)
    }

    static let portStates = ["disabled", "listening", "learning", "forwarding", "blocking"]

    /// `_bitmask2str` with the names of `group_fwd_mask` bits (stp, lacp, lldp).
    static func groupForwardMaskString(_ mask: UInt16) -> String {
        let names: [Int: String] = [0: "stp", 2: "lacp", 14: "lldp"]
        var parts: [String] = []
        for bit in 0..<16 where mask & (1 << bit) != 0 {
            parts.append(names[bit] ?? "0x" + String(1 << bit, radix: 16))
        }
        return parts.isEmpty ? "0x0" : parts.joined(separator: ",")
    }

    static func printBridgePort(_ d: BridgePortDetails, links: [Int32: Link], printer: Printer) {
        if let state = d.state {
            if Int(state) < portStates.count {
                printer.string("state", portStates[Int(state)], text: "state \(portStates[Int(state)]) ")
            } else {
                printer.signed("state_index", Int64(state), text: "state (\(state)) ")
            }
        }
        if let value = d.priority { printer.signed("priority", Int64(value), text: "priority \(value) ") }
        if let value = d.cost {
            let signed = Int64(Int32(bitPattern: value))
            printer.signed("cost", signed, text: "cost \(signed) ")
        }
        onOff("hairpin", d.hairpin, printer: printer)
        onOff("guard", d.guardBPDU, printer: printer)
        onOff("root_block", d.rootBlock, printer: printer)
        onOff("fastleave", d.fastLeave, printer: printer)
        onOff("learning", d.learning, printer: printer)
        onOff("flood", d.unicastFlood, printer: printer)
        if let id = d.id {
            let text = hex0x(UInt64(id))
            printer.string("id", text, text: "port_id \(text) ")
        }
        if let number = d.number {
            let text = hex0x(UInt64(number))
            printer.string("no", text, text: "port_no \(text) ")
        }
        unsigned("designated_port", "designated_port", d.designatedPort, printer: printer)
        unsigned("designated_cost", "designated_cost", d.designatedCost, printer: printer)
        if let id = d.bridgeID {
            let text = bridgeID(id)
            printer.string("bridge_id", text, text: "designated_bridge \(text) ")
        }
        if let id = d.rootID {
            let text = bridgeID(id)
            printer.string("root_id", text, text: "designated_root \(text) ")
        }
        if let value = d.holdTimer { timer("hold_timer", value, printer: printer) }
        if let value = d.messageAgeTimer { timer("message_age_timer", value, printer: printer) }
        if let value = d.forwardDelayTimer { timer("forward_delay_timer", value, printer: printer) }
        unsigned("topology_change_ack", "topology_change_ack", d.topologyChangeAck, printer: printer)
        unsigned("config_pending", "config_pending", d.configPending, printer: printer)
        onOff("proxy_arp", d.proxyARP, printer: printer)
        onOff("proxy_arp_wifi", d.proxyARPWiFi, printer: printer)
        unsigned("multicast_router", "mcast_router", d.multicastRouter, printer: printer)
        // Text only: JSON already has "fastleave".
        if let value = d.fastLeave { printer.text("mcast_fast_leave \(value ? "on" : "off") ") }
        onOff("mcast_flood", d.multicastFlood, printer: printer)
        onOff("bcast_flood", d.broadcastFlood, printer: printer)
        onOff("mcast_to_unicast", d.multicastToUnicast, printer: printer)
        onOff("neigh_suppress", d.neighborSuppress, printer: printer)
        if let mask = d.groupForwardMask {
            let text = hex0x(UInt64(mask))
            printer.string("group_fwd_mask", text, text: "group_fwd_mask \(text) ")
            let names = groupForwardMaskString(mask)
            printer.string("group_fwd_mask_str", names, text: "group_fwd_mask_str \(names) ")
        }
        onOff("vlan_tunnel", d.vlanTunnel, printer: printer)
        onOff("isolated", d.isolated, printer: printer)
        onOff("locked", d.locked, printer: printer)
        if let backup = d.backupPort, backup != 0 {
            let name = links[Int32(bitPattern: backup)]?.name ?? "if\(backup)"
            printer.string("backup_port", name, text: "backup_port \(name) ")
        }
    }

    // MARK: macvlan / macvtap

    static func printMACVLAN(_ d: MACVLANDetails, printer: Printer) {
        guard let mode = d.mode else { return }
        let name: String
        switch mode {
        case 1: name = "private"
        case 2: name = "vepa"
        case 4: name = "bridge"
        case 8: name = "passthru"
        case 16: name = "source"
        default: name = "unknown"
        }
        printer.string("mode", name, text: "mode \(name) ")
        let flags = d.flags ?? 0
        if flags & 1 != 0 { printer.field("nopromisc", .bool(true), text: "nopromisc ") }
        if flags & 2 != 0 { printer.field("nodst", .bool(true), text: "nodst ") }
        unsigned("bcqueuelen", "bcqueuelen", d.broadcastQueueLength, printer: printer)
        unsigned("usedbcqueuelen", "usedbcqueuelen", d.broadcastQueueLengthUsed, printer: printer)
        guard mode == 16, let count = d.sourceAddressCount else { return }
        printer.signed("macaddr_count", Int64(Int32(bitPattern: count)), text: "remotes (\(Int32(bitPattern: count))) ")
        guard !d.sourceAddresses.isEmpty || count > 0 else { return }
        printer.openArray("macaddr_data")
        for address in d.sourceAddresses where address.count >= 6 {
            let text = LinkFormat.hardwareAddress(Array(address.prefix(6)))
            printer.field(nil, .string(text), text: text + " ")
        }
        printer.closeArray()
    }

    // MARK: vxlan

    static func printVXLAN(_ d: VXLANDetails, links: [Int32: Link], printer: Printer) {
        if d.external == true { printer.field("external", .bool(true), text: "external ") }
        if d.vniFilter == true { printer.field("vnifilter", .bool(true), text: "vnifilter") }
        if let id = d.id { printer.unsigned("id", UInt64(id), text: "id \(id) ") }
        if let remote = d.remote {
            switch remote {
            case .v4(let address) where address.value != 0:
                let multicast = address.value >> 28 == 0xE
                printer.string(multicast ? "group" : "remote", address.description, text: "\(multicast ? "group" : "remote") \(address) ")
            case .v6(let address) where address != IPv6Address(high: 0, low: 0):
                let multicast = address.high >> 56 == 0xFF
                printer.string(multicast ? "group6" : "remote6", address.description, text: "\(multicast ? "group" : "remote") \(address) ")
            default: break
            }
        }
        if let local = d.local {
            switch local {
            case .v4(let address) where address.value != 0:
                printer.string("local", address.description, text: "local \(address) ")
            case .v6(let address) where address != IPv6Address(high: 0, low: 0):
                printer.string("local6", address.description, text: "local \(address) ")
            default: break
            }
        }
        if let device = d.deviceIndex, device != 0 {
            let name = links[Int32(bitPattern: device)]?.name ?? "if\(device)"
            printer.string("link", name, text: "dev \(name) ")
        }
        if let range = d.sourcePortRange {
            printer.openObject("port_range")
            printer.json("low", .unsigned(UInt64(range.lowerBound)))
            printer.json("high", .unsigned(UInt64(range.upperBound)))
            printer.closeObject()
            printer.text("srcport \(range.lowerBound) \(range.upperBound) ")
        }
        if let port = d.port { printer.unsigned("port", UInt64(port), text: "dstport \(port) ") }
        if let learning = d.learning {
            printer.json("learning", .bool(learning))
            if !learning { printer.text("nolearning ") }
        }
        for (key, value) in [("proxy", d.proxy), ("rsc", d.routeShortCircuit), ("l2miss", d.l2Miss), ("l3miss", d.l3Miss)]
        where value == true {
            printer.field(key, .bool(true), text: "\(key) ")
        }
        if let tos = d.tos, tos != 0 {
            if printer.isJSON {
                printer.json("tos", .string(hex0x(UInt64(tos))))
            } else {
                printer.text(tos == 1 ? "tos inherit " : "tos \(hex0x(UInt64(tos))) ")
            }
        }
        if d.ttlInherit == true {
            printer.text("ttl inherit ")
        } else if let ttl = d.ttl {
            printer.field("ttl", .unsigned(UInt64(ttl)), text: ttl == 0 ? "ttl auto " : "ttl \(ttl) ")
        }
        if let df = d.dontFragment {
            switch df {
            case 0: printer.json("df", .string("unset"))
            case 1: printer.string("df", "set", text: "df set ")
            case 2: printer.string("df", "inherit", text: "df inherit ")
            default: break
            }
        }
        if let label = d.flowLabel, label != 0 {
            let text = hex0x(UInt64(label))
            printer.string("label", text, text: "flowlabel \(text) ")
        }
        if let ageing = d.ageing {
            printer.field("ageing", .unsigned(UInt64(ageing)), text: ageing == 0 ? "ageing none " : "ageing \(ageing) ")
        }
        if let limit = d.addressLimit, limit != 0 { printer.unsigned("limit", UInt64(limit), text: "maxaddr \(limit) ") }
        for (key, word, value) in [("udp_csum", "udpcsum", d.udpChecksum),
                                   ("udp_zero_csum6_tx", "udp6zerocsumtx", d.udpZeroChecksum6Transmit),
                                   ("udp_zero_csum6_rx", "udp6zerocsumrx", d.udpZeroChecksum6Receive)] {
            if let value { printer.field(key, .bool(value), text: (value ? "" : "no") + word + " ") }
        }
        if d.remoteChecksumTransmit == true { printer.field("remcsum_tx", .bool(true), text: "remcsumtx ") }
        if d.remoteChecksumReceive == true { printer.field("remcsum_rx", .bool(true), text: "remcsumrx ") }
        if d.groupPolicy { printer.field("gbp", .bool(true), text: "gbp ") }
        if d.genericProtocolExtension { printer.field("gpe", .bool(true), text: "gpe ") }
    }

    // MARK: tun / tap

    static func printTun(_ d: TunDetails, printer: Printer) {
        if let type = d.type {
            let name = type == 1 ? "tun" : type == 2 ? "tap" : "UNKNOWN:\(type)"
            printer.string("type", name, text: "type \(name) ")
        }
        func onOffTun(_ key: String, _ value: Bool?) {
            guard let value else { return }
            printer.field(key, .bool(value), text: "\(key) \(value ? "on" : "off") ")
        }
        onOffTun("pi", d.packetInformation)
        onOffTun("vnet_hdr", d.virtioNetHeader)
        if d.multiQueue == true {
            printer.field("multi_queue", .bool(true), text: "multi_queue ")
            unsigned("numqueues", "numqueues", d.queues, printer: printer)
            unsigned("numdisabled", "numdisabled", d.disabledQueues, printer: printer)
        } else {
            printer.json("multi_queue", .bool(false))
        }
        onOffTun("persist", d.persist)
        if let owner = d.owner {
            if let name = userName(owner) {
                printer.string("user", name, text: "user \(name) ")
            } else {
                printer.unsigned("user", UInt64(owner), text: "user \(owner) ")
            }
        }
        if let group = d.group {
            if let name = groupName(group) {
                printer.string("group", name, text: "group \(name) ")
            } else {
                printer.unsigned("group", UInt64(group), text: "group \(group) ")
            }
        }
    }

    /// `getpwuid`: the user's name, or `nil` when there is none.
    static func userName(_ uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return nil
        }
        return String(cString: name)
    }

    /// `getgrgid`: the group's name, or `nil` when there is none.
    static func groupName(_ gid: UInt32) -> String? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrgid_r(gid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.gr_name else {
            return nil
        }
        return String(cString: name)
    }
}
