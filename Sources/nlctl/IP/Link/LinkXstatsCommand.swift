import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl link xstats` and `nlctl link afstats`: ip 6.1's extended and per-family link statistics
/// (`iplink_xstats.c`, the bridge and bond printers, `iplink_afstats`), from an `RTM_GETSTATS`
/// dump of the `IFLA_STATS_LINK_XSTATS`, `IFLA_STATS_LINK_XSTATS_SLAVE` or `IFLA_STATS_AF_SPEC`
/// group. Bridges and their ports are read from this kernel; bonds and MPLS (which this kernel
/// lacks) are printed from their bytes as ip 6.1's printers do.
enum LinkXstatsCommand {
    /// The link kinds ip 6.1 knows (its `*_link_util`): any other type is "invalid".
    static let ipKinds: Set<String> = [
        "amt", "bareudp", "batadv", "bond", "bond_slave", "bridge", "bridge_slave", "can", "dsa", "dummy", "erspan", "geneve", "gre",
        "gretap", "gtp", "hsr", "ifb", "ip6erspan", "ip6gre", "ip6gretap", "ip6tnl", "ipip", "ipoib", "ipvlan", "ipvtap", "macsec",
        "macvlan", "macvtap", "netdevsim", "nlmon", "rmnet", "sit", "team", "team_slave", "tun", "vcan", "veth", "virt_wifi", "vlan",
        "vrf", "vrf_slave", "vti", "vti6", "vxcan", "vxlan", "wwan", "xfrm",
    ]

    // MARK: xstats

    static func xstats(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let first = words.next() else { throw CommandError("xstats: missing argument", status: 1) }
        let kind: String
        if matches(first, "type") {
            kind = try words.argument(of: first)
            guard ipKinds.contains(kind) else { throw CommandError.invalidArgument(kind, "invalid type") }
        } else if matches(first, "help") {
            context.printer.output.write("Usage: ... xstats type TYPE [ ARGS ]\n")
            return
        } else {
            throw CommandError.invalidArgument(first, "unknown argument")
        }
        let bridge = kind.hasPrefix("bridge")
        guard bridge || kind.hasPrefix("bond") else { throw CommandError("xstats: link type \(kind) doesn't support xstats", status: 1) }
        // The kind's own arguments (bridge_parse_xstats, bond_parse_xstats): exact words.
        var only: UInt16?
        var device: Int32?
        while let word = words.next() {
            if bridge, word == "igmp" || word == "mcast" {
                only = BridgeExtendedStatisticsAttribute.multicast
            } else if bridge, word == "stp" {
                only = BridgeExtendedStatisticsAttribute.spanningTree
            } else if !bridge, word == "lacp" || word == "802.3ad" {
                only = bond3AD
            } else if word == "dev" {
                let name = try words.argument(of: word)
                guard let index = try await context.index(ofLink: name), index != 0 else { throw CommandError.cannotFindDevice(name) }
                device = index
            } else if word == "help" {
                context.printer.output.write("Usage: ... \(kind) [ \(bridge ? "igmp" : "802.3ad") ] [ dev DEVICE ]\n")
                return
            } else {
                throw CommandError.invalidArgument(word, "unknown attribute")
            }
        }
        let filter: LinkStatisticsFilter = kind.hasSuffix("_slave") ? .linkExtendedPort : .linkExtended
        let reports = try await dump(filter, context: context)
        let printer = context.printer
        printer.begin()
        for report in reports where device == nil || Int32(bitPattern: report.index) == device {
            for payload in [report.linkExtended, report.linkExtendedPort].compactMap({ $0 }) {
                guard let nest = kindNest(payload, type: bridge ? LinkExtendedStatisticsType.bridge : LinkExtendedStatisticsType.bond) else { continue }
                printer.openObject()
                let name = await context.name(ofLink: Int32(bitPattern: report.index))
                printer.string("ifname", name, text: padded(name) + "\n")
                for item in nest where only == nil || item.type == only {
                    if bridge {
                        switch item.type {
                        case BridgeExtendedStatisticsAttribute.multicast: printMulticast(BridgeMulticastStatistics(bytes: item.payload), printer)
                        case BridgeExtendedStatisticsAttribute.spanningTree: printSpanningTree(BridgeSpanningTreeStatistics(bytes: item.payload), printer)
                        default: continue
                        }
                    } else {
                        if item.type == bond3AD { print3AD(item.payload, printer) }
                        break  // ip's bond printer looks at the first attribute only
                    }
                }
                printer.closeObject()
            }
        }
        printer.finish()
    }

    /// `BOND_XSTATS_3AD` of `<linux/if_bonding.h>`.
    static let bond3AD: UInt16 = 1

    /// The `RTM_GETSTATS` dump of `filter`'s group, in the kernel's order.
    static func dump(_ filter: LinkStatisticsFilter, context: Context) async throws(CommandError) -> [LinkStatisticsReport] {
        let connection = try context.connection()
        do throws(NetlinkError) {
            return try await connection.allLinkStatistics(filter: filter)
        } catch {
            throw CommandError(error.iproute2Description + "\nDump terminated", status: 1)
        }
    }

    /// The attributes (type, payload) of the `type` nest of an extended-statistics payload, in
    /// order; `nil` when there is none (or it is malformed).
    static func kindNest(_ payload: [UInt8], type: UInt16) -> [(type: UInt16, payload: [UInt8])]? {
        do throws(NetlinkDecodingError) {
            var outer = NetlinkAttributes(payload.span.bytes)
            while let kind = try outer.next() {
                guard kind.type == type else { continue }
                var items: [(type: UInt16, payload: [UInt8])] = []
                var inner = try kind.nested()
                while let item = try inner.next() { items.append((item.type, item.bytes())) }
                return items
            }
        } catch {
            return nil
        }
        return nil
    }

    /// `%-16s`: the name, then spaces to 16 columns.
    static func padded(_ name: String) -> String {
        name + String(repeating: " ", count: max(0, 16 - name.utf8.count))
    }

    static let indent = String(repeating: " ", count: 20)
    static let valueIndent = String(repeating: " ", count: 22)

    /// `bridge_print_stats_mcast`.
    static func printMulticast(_ m: BridgeMulticastStatistics, _ printer: Printer) {
        printer.openObject("multicast")
        func versions(_ key: String, _ title: String, _ pairs: [BridgeDirectionCounters]) {
            printer.openObject(key)
            printer.text(indent + title + ":\n" + valueIndent)
            for (index, pair) in pairs.enumerated() {
                let last = index == pairs.count - 1
                printer.unsigned("rx_v\(index + 1)", pair.received, text: (index == 0 ? "RX: v1 " : "v\(index + 1) ") + "\(pair.received)" + (last ? "\n" : " "))
            }
            printer.text(valueIndent)
            for (index, pair) in pairs.enumerated() {
                let last = index == pairs.count - 1
                printer.unsigned("tx_v\(index + 1)", pair.transmitted, text: (index == 0 ? "TX: v1 " : "v\(index + 1) ") + "\(pair.transmitted)" + (last ? "\n" : " "))
            }
            printer.closeObject()
        }
        func leaves(_ key: String, _ title: String, _ pair: BridgeDirectionCounters) {
            printer.openObject(key)
            printer.text(indent + title + ": ")
            printer.unsigned("rx", pair.received, text: "RX: \(pair.received) ")
            printer.unsigned("tx", pair.transmitted, text: "TX: \(pair.transmitted)\n")
            printer.closeObject()
        }
        versions("igmp_queries", "IGMP queries", [m.igmpV1Queries, m.igmpV2Queries, m.igmpV3Queries])
        versions("igmp_reports", "IGMP reports", [m.igmpV1Reports, m.igmpV2Reports, m.igmpV3Reports])
        leaves("igmp_leaves", "IGMP leaves", m.igmpLeaves)
        printer.text(indent + "IGMP parse errors: ")
        printer.unsigned("igmp_parse_errors", m.igmpParseErrors, text: "\(m.igmpParseErrors)\n")
        versions("mld_queries", "MLD queries", [m.mldV1Queries, m.mldV2Queries])
        versions("mld_reports", "MLD reports", [m.mldV1Reports, m.mldV2Reports])
        leaves("mld_leaves", "MLD leaves", m.mldLeaves)
        printer.text(indent + "MLD parse errors: ")
        printer.unsigned("mld_parse_errors", m.mldParseErrors, text: "\(m.mldParseErrors)\n")
        printer.closeObject()
    }

    /// `bridge_print_stats_stp`.
    static func printSpanningTree(_ s: BridgeSpanningTreeStatistics, _ printer: Printer) {
        printer.openObject("stp")
        printer.text(indent + "STP BPDU:  ")
        printer.unsigned("rx_bpdu", s.bpdus.received, text: "RX: \(s.bpdus.received) ")
        printer.unsigned("tx_bpdu", s.bpdus.transmitted, text: "TX: \(s.bpdus.transmitted)\n")
        printer.text(indent + "STP TCN:   ")
        printer.unsigned("rx_tcn", s.topologyChangeNotifications.received, text: "RX: \(s.topologyChangeNotifications.received) ")
        printer.unsigned("tx_tcn", s.topologyChangeNotifications.transmitted, text: "TX: \(s.topologyChangeNotifications.transmitted)\n")
        printer.text(indent + "STP Transitions: ")
        printer.unsigned("transition_blk", s.transitionsToBlocking, text: "Blocked: \(s.transitionsToBlocking) ")
        printer.unsigned("transition_fwd", s.transitionsToForwarding, text: "Forwarding: \(s.transitionsToForwarding)\n")
        printer.closeObject()
    }

    /// `bond_print_3ad_stats`: each counter present (`BOND_3AD_STAT_*`, u64), in ip's order.
    static func print3AD(_ payload: [UInt8], _ printer: Printer) {
        var counters: [UInt16: UInt64] = [:]
        var attributes = NetlinkAttributes(payload.span.bytes)
        while let item = try? attributes.next() {
            // rta_getattr_u64 reads 8 bytes whatever the length; a shorter one is not read here.
            if counters[item.type] == nil, item.payload.byteCount >= 8 { counters[item.type] = item.payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt64.self) }
        }
        let names: [(String, String)] = [
            ("lacpdu_rx", "LACPDU Rx"), ("lacpdu_tx", "LACPDU Tx"), ("lacpdu_unknown_rx", "LACPDU Unknown type Rx"),
            ("lacpdu_illegal_rx", "LACPDU Illegal Rx"), ("marker_rx", "Marker Rx"), ("marker_tx", "Marker Tx"),
            ("marker_response_rx", "Marker response Rx"), ("marker_response_tx", "Marker response Tx"), ("marker_unknown_rx", "Marker unknown type Rx"),
        ]
        printer.openObject("802.3ad")
        for (type, (key, title)) in names.enumerated() {
            guard let value = counters[UInt16(type)] else { continue }
            printer.text(indent)
            printer.unsigned(key, value, text: "\(title) \(value)\n")
        }
        printer.closeObject()
    }

    // MARK: afstats

    /// ip's `iplink_afstats`: per link, the per-family statistics (`IFLA_STATS_AF_SPEC`; MPLS
    /// only in ip 6.1, any other family reported on standard error). Its status is 0 even when
    /// the device does not exist, as ip's (which ignores what the function returns).
    static func afstats(_ words: inout Words, context: Context) async throws(CommandError) {
        var device: String?
        while let word = words.next() {
            if word == "dev" {
                let name = try words.argument(of: word)
                if device != nil { throw CommandError.duplicateOrGarbage(key: "dev", name) }
                device = name
            } else if matches(word, "help") {
                throw CommandError(LinkCommand.usage, status: 255)
            } else {
                throw CommandError("Command \"\(word)\" is unknown, try \"nlctl link help\".", status: 255)
            }
        }
        var index: Int32?
        if let device {
            guard let found = try await context.index(ofLink: device), found > 0 else {
                printError("Device \"\(device)\" does not exist.")
                return
            }
            index = found
        }
        let reports: [LinkStatisticsReport]
        do throws(CommandError) {
            reports = try await dump(.addressFamily, context: context)
        } catch {
            printError(error.message)
            return
        }
        let family = UInt16(context.options.family.number)
        let printer = context.printer
        printer.begin()
        for report in reports where index == nil || Int32(bitPattern: report.index) == index {
            guard let payload = report.addressFamily else { continue }
            var printed = false
            var attributes = NetlinkAttributes(payload.span.bytes)
            while let item = try? attributes.next() {
                if family != 0, item.type != family { continue }
                if !printed {
                    printer.openObject()
                    printer.unsigned("ifindex", UInt64(report.index), text: "\(report.index):")
                    let name = await context.name(ofLink: Int32(bitPattern: report.index))
                    printer.colored(.interfaceName) { printer.string("ifname", name) }
                    printer.newline()
                    printed = true
                }
                if item.type == 28 {  // AF_MPLS
                    printMPLS(item.bytes(), printer: printer)
                } else {
                    printer.flush()
                    printError("    unknown af(\(item.type))")
                }
            }
            if printed { printer.closeObject() }
        }
        printer.finish()
    }

    /// ip's `print_mpls_stats`: `    mpls:`, then the `MPLS_STATS_LINK` structure.
    static func printMPLS(_ nest: [UInt8], printer: Printer) {
        guard let link = StatsCommand.attribute(1, in: nest) else { return }  // MPLS_STATS_LINK
        printer.text("    mpls:")
        printer.newline()
        printMPLSLinkStatistics(link, indent: "        ", printer: printer)
        printer.text("\n")
    }

    /// ip's `print_mpls_link_stats`: `struct mpls_link_stats` (rx/tx packets, rx/tx bytes, rx/tx
    /// errors, rx/tx dropped, rx noroute), `rx`/`tx` objects in JSON. A structure shorter than 72
    /// bytes reads as zeros past its end (ip reads it whatever its length).
    static func printMPLSLinkStatistics(_ link: [UInt8], indent: String, printer: Printer) {
        let words = counters(link, count: 9)
        let (rxPackets, txPackets, rxBytes, txBytes, rxErrors, txErrors, rxDropped, txDropped, rxNoRoute) =
            (words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7], words[8])
        printer.openObject("rx")
        for (key, value) in [("bytes", rxBytes), ("packets", rxPackets), ("errors", rxErrors), ("dropped", rxDropped), ("noroute", rxNoRoute)] {
            printer.json(key, .unsigned(value))
        }
        printer.closeObject()
        printer.openObject("tx")
        for (key, value) in [("bytes", txBytes), ("packets", txPackets), ("errors", txErrors), ("dropped", txDropped)] {
            printer.json(key, .unsigned(value))
        }
        printer.closeObject()
        guard !printer.isJSON else { return }
        printColumns(rx: (["bytes", "packets", "errors", "dropped", "noroute"], [rxBytes, rxPackets, rxErrors, rxDropped, rxNoRoute]),
                     tx: (["bytes", "packets", "errors", "dropped"], [txBytes, txPackets, txErrors, txDropped]),
                     widths: [9, 7, 6, 7, 7], indent: indent, printer: printer)
    }

    /// The first `count` `__u64` counters of a structure (host order). ip reads a structure whatever
    /// its attribute's length; counters past a short one's end read as 0 here.
    static func counters(_ bytes: [UInt8], count: Int) -> [UInt64] {
        let padded = bytes + [UInt8](repeating: 0, count: max(0, count * 8 - bytes.count))
        return padded.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
    }

    /// iproute2's RX/TX tables of five and four counters (`print_mpls_link_stats`,
    /// `print_hw_stats64`): `size_columns` widens each column to its largest value (not under
    /// `-h`), the first header is `RX: `/`TX: ` and its name, each value is followed by a space;
    /// no line break after the last.
    static func printColumns(rx: ([String], [UInt64]), tx: ([String], [UInt64]), widths: [Int], indent: String, printer: Printer) {
        var columns = widths
        if !LinkStatisticsFormat.humanReadable {
            for values in [rx.1, tx.1] {
                for (column, value) in values.enumerated() where column < columns.count { columns[column] = max(columns[column], String(value).count) }
            }
        }
        func cell(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        func header(_ name: String, _ titles: [String]) -> String {
            indent + name + ": " + titles.enumerated().map { cell($0.element, $0.offset == 0 ? columns[0] - 4 : columns[$0.offset]) }.joined(separator: " ")
        }
        func numbers(_ values: [UInt64]) -> String {
            indent + values.enumerated().map { cell(LinkStatisticsFormat.number($0.element), columns[$0.offset]) + " " }.joined()
        }
        printer.text(header("RX", rx.0))
        printer.newline()
        printer.text(numbers(rx.1))
        printer.newline()
        printer.text(header("TX", tx.0))
        printer.newline()
        printer.text(numbers(tx.1))
    }
}
