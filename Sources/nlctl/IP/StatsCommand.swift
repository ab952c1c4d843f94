import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl stats`: ip 6.1's `ip stats` (`ipstats.c`) through `RTM_GETSTATS` and `RTM_SETSTATS`.
/// Like ip, the words are not abbreviated (`show`, not `sh`).
///
/// `show` selects leaves of ip's tree of statistics — `group`, then `subgroup`, then `suite`, any
/// number of selections, each pushed when a later one starts at its level or above; nothing
/// selected is everything — and prints, per link, one record per selected leaf: `INDEX: NAME:
/// group G [subgroup S [suite U]]` and the leaf's counters. ip prints the leaves in the order of its
/// descriptors' addresses in its binary (a `qsort` by pointer), which for iproute2 6.1 as Debian
/// builds it is ``printOrder``.
enum StatsCommand {
    static let levels = ["group", "subgroup", "suite"]

    /// A node of ip's tree: a group of named children, or a leaf. (A struct with an array, not an
    /// indirect enum: an enum's payload pointers carry tag bits, which LeakSanitizer does not
    /// recognise as references, so a static tree of them was reported as leaked.)
    struct Node {
        var name: String
        var children: [Node] = []
        var leaf: Leaf?

        static func group(_ name: String, _ children: [Node]) -> Node { Node(name: name, children: children) }
        static func leaf(_ name: String, _ leaf: Leaf) -> Node { Node(name: name, leaf: leaf) }
    }

    /// What a leaf shows.
    enum Leaf: Hashable {
        case link
        case cpuHit, hardwareStatisticsInfo, l3Statistics
        /// `IFLA_STATS_LINK_XSTATS` (or `_SLAVE` for a port), the kind's nest, the attribute in it.
        case extended(port: Bool, kind: UInt16, attribute: UInt16)
        case mpls
    }

    static let tree: Node = .group("top-level", [
        .leaf("link", .link),
        .group("xstats", extendedGroups(port: false)),
        .group("xstats_slave", extendedGroups(port: true)),
        .group("offload", [.leaf("cpu_hit", .cpuHit), .leaf("hw_stats_info", .hardwareStatisticsInfo), .leaf("l3_stats", .l3Statistics)]),
        .group("afstats", [.leaf("mpls", .mpls)]),
    ])

    static func extendedGroups(port: Bool) -> [Node] {
        [
            .group("bridge", [
                .leaf("stp", .extended(port: port, kind: LinkExtendedStatisticsType.bridge, attribute: BridgeExtendedStatisticsAttribute.spanningTree)),
                .leaf("mcast", .extended(port: port, kind: LinkExtendedStatisticsType.bridge, attribute: BridgeExtendedStatisticsAttribute.multicast)),
            ]),
            .group("bond", [.leaf("802.3ad", .extended(port: port, kind: LinkExtendedStatisticsType.bond, attribute: LinkXstatsCommand.bond3AD))]),
        ]
    }

    /// ip 6.1's printing order (Debian's build; measured with `ip stats show dev DEV`).
    static let printOrder: [Leaf] = [
        .mpls, .link, .l3Statistics, .hardwareStatisticsInfo, .cpuHit,
        .extended(port: true, kind: LinkExtendedStatisticsType.bond, attribute: LinkXstatsCommand.bond3AD),
        .extended(port: false, kind: LinkExtendedStatisticsType.bond, attribute: LinkXstatsCommand.bond3AD),
        .extended(port: true, kind: LinkExtendedStatisticsType.bridge, attribute: BridgeExtendedStatisticsAttribute.multicast),
        .extended(port: true, kind: LinkExtendedStatisticsType.bridge, attribute: BridgeExtendedStatisticsAttribute.spanningTree),
        .extended(port: false, kind: LinkExtendedStatisticsType.bridge, attribute: BridgeExtendedStatisticsAttribute.multicast),
        .extended(port: false, kind: LinkExtendedStatisticsType.bridge, attribute: BridgeExtendedStatisticsAttribute.spanningTree),
    ]

    /// ip's `do_help`, on standard error.
    static var help: String {
        """
        Usage: nlctl stats help
               nlctl stats show [ dev DEV ] [ group GROUP [ subgroup SUBGROUP [ suite SUITE ] ... ] ... ] ...
               nlctl stats set dev DEV l3_stats { on | off }
        GROUP := { link | xstats | xstats_slave | offload | afstats }
        xstats SUBGROUP := { bridge [ suite stp ] [ suite mcast ] | bond [ suite 802.3ad ] }
        xstats_slave SUBGROUP := { bridge [ suite stp ] [ suite mcast ] | bond [ suite 802.3ad ] }
        offload SUBGROUP := { cpu_hit | hw_stats_info | l3_stats }
        afstats SUBGROUP := { mpls }
        """
    }

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await show(&words, context: context, level: context.options.statistics)
            return
        }
        switch command {
        case "help": throw CommandError(help, status: 0, onStandardError: true)
        // `stats show` implies one -s, and -d one more.
        case "show": try await show(&words, context: context, level: context.options.statistics + context.options.details + 1)
        case "set": try await set(&words, context: context)
        default: throw CommandError("Command \"\(command)\" is unknown, try \"nlctl stats help\".", status: 1)
        }
    }

    // MARK: Selection

    /// One selected leaf and the names that selected it (its path from the top).
    struct Enabled {
        var leaf: Leaf
        var path: [String]
    }

    /// ip's `ipstats_enable`: the leaves under the selection `path`, or its error.
    static func enable(_ path: [String], into enabled: inout [Enabled]) throws(CommandError) {
        var node = tree
        for (level, name) in path.enumerated() {
            guard node.leaf == nil else {
                throw CommandError("Error: \(levels[level]) \(name) requested inside leaf \(levels[level - 1]) \(node.name)", status: 22)
            }
            guard let child = node.children.first(where: { $0.name == name }) else {
                throw CommandError("Error: no \(levels[level]) named \(name) found inside \(node.name)", status: 22)
            }
            node = child
        }
        func collect(_ node: Node, _ path: [String]) {
            if let leaf = node.leaf {
                if !enabled.contains(where: { $0.leaf == leaf }) { enabled.append(Enabled(leaf: leaf, path: path)) }
            } else {
                for child in node.children { collect(child, path + [child.name]) }
            }
        }
        collect(node, path)
    }

    static func show(_ words: inout Words, context: Context, level: Int) async throws(CommandError) {
        var device: String?
        var selection: [String?] = [nil, nil, nil]
        var enabled: [Enabled] = []
        while let word = words.next() {
            if word == "dev" {
                device = try deviceArgument(&words, after: device)
            } else if word == "help" {
                throw CommandError(help, status: 0, onStandardError: true)
            } else if let level = levels.firstIndex(of: word) {
                let name = try words.argument(of: word)
                // ipstats_select: the levels above must be chosen; a selection at this level or
                // below is pushed first.
                if let missing = (0..<level).first(where: { selection[$0] == nil }) {
                    throw CommandError("Error: \(levels[level]) \(name) requested without selecting a \(levels[missing]) first", status: 22)
                }
                if (level..<levels.count).contains(where: { selection[$0] != nil }) {
                    try enable(selection.compactMap { $0 }, into: &enabled)
                }
                selection[level] = name
                for deeper in (level + 1)..<levels.count { selection[deeper] = nil }
            } else {
                throw CommandError("What is \"\(word)\"?\n" + help, status: 22)
            }
        }
        try enable(selection.compactMap { $0 }, into: &enabled)
        enabled.sort { rank($0.leaf) < rank($1.leaf) }

        let connection = try context.connection()
        var reports: [LinkStatisticsReport]
        let filter = mask(enabled)
        if let device {
            guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
            do throws(NetlinkError) {
                reports = [try await connection.linkStatistics(index: index, filter: filter)]
            } catch {
                throw CommandError.netlink(error)
            }
        } else {
            do throws(NetlinkError) {
                reports = try await connection.allLinkStatistics(filter: filter)
            } catch {
                throw CommandError(error.iproute2Description + "\nDump terminated", status: 2)
            }
        }
        let printer = context.printer
        printer.begin()
        for report in reports {
            let index = Int32(bitPattern: report.index)
            let name = await context.name(ofLink: index)
            for one in enabled {
                printer.openObject()
                printer.signed("ifindex", Int64(index), text: "\(index):")
                printer.colored(.interfaceName) { printer.string("ifname", name, text: " \(name):") }
                for (level, selected) in one.path.enumerated() { printer.string(levels[level], selected, text: " \(levels[level]) \(selected)") }
                show(one.leaf, report, level: level, printer: printer)
                printer.closeObject()
                printer.newline()
            }
            if device == nil { printer.newline() }
        }
        printer.finish()
    }

    static func rank(_ leaf: Leaf) -> Int { printOrder.firstIndex(of: leaf) ?? printOrder.count }

    /// The groups the leaves need (`filter_mask`).
    static func mask(_ enabled: [Enabled]) -> LinkStatisticsFilter {
        var filter: LinkStatisticsFilter = []
        for one in enabled {
            switch one.leaf {
            case .link: filter.insert(.link64)
            case .cpuHit, .hardwareStatisticsInfo, .l3Statistics: filter.insert(.linkOffload)
            case .extended(let port, _, _): filter.insert(port ? .linkExtendedPort : .linkExtended)
            case .mpls: filter.insert(.addressFamily)
            }
        }
        return filter
    }

    /// The first attribute of `type` in `payload` (ip's `parse_rtattr`: the first counts), its payload.
    static func attribute(_ type: UInt16, in payload: [UInt8]?) -> [UInt8]? {
        guard let payload else { return nil }
        var attributes = NetlinkAttributes(payload.span.bytes)
        while let item = try? attributes.next() {
            if item.type == type { return item.bytes() }
        }
        return nil
    }

    /// One leaf's counters (the `show` of its ip descriptor).
    static func show(_ leaf: Leaf, _ report: LinkStatisticsReport, level: Int, printer: Printer) {
        switch leaf {
        case .link:
            printer.newline()
            if let statistics = report.link64 { LinkStatisticsFormat.print(statistics, carrierChanges: nil, level: level, printer: printer) }
        case .cpuHit:
            printer.newline()
            if let statistics = report.offloadCPUHit { LinkStatisticsFormat.print(statistics, carrierChanges: nil, level: level, printer: printer) }
        case .hardwareStatisticsInfo:
            guard let info = attribute(LinkStatisticsAttribute.offloadHardwareStatisticsInfo, in: report.linkOffload) else { return }
            printer.newline()
            printer.openObject("info")
            if let l3 = attribute(LinkStatisticsAttribute.offloadL3Statistics, in: info) {
                printer.text("    l3_stats")
                printer.openObject("l3_stats")
                printSuiteState(l3, printer: printer)
                printer.closeObject()
            }
            printer.closeObject()
        case .l3Statistics:
            guard let info = attribute(LinkStatisticsAttribute.offloadHardwareStatisticsInfo, in: report.linkOffload) else { return }
            printer.openObject("info")
            if let l3 = attribute(LinkStatisticsAttribute.offloadL3Statistics, in: info) { printSuiteState(l3, printer: printer) }
            printer.closeObject()
            if let counters = attribute(LinkStatisticsAttribute.offloadL3Statistics, in: report.linkOffload) {
                printer.newline()
                printer.openObject("stats64")
                printHardwareStatistics(counters, printer: printer)
                printer.closeObject()
            }
        case .extended(let port, let kind, let type):
            guard let nest = LinkXstatsCommand.kindNest((port ? report.linkExtendedPort : report.linkExtended) ?? [], type: kind),
                  let item = nest.first(where: { $0.type == type }) else { return }
            printer.newline()
            if kind == LinkExtendedStatisticsType.bond {
                LinkXstatsCommand.print3AD(item.payload, printer)
            } else if type == BridgeExtendedStatisticsAttribute.multicast {
                LinkXstatsCommand.printMulticast(BridgeMulticastStatistics(bytes: item.payload), printer)
            } else {
                LinkXstatsCommand.printSpanningTree(BridgeSpanningTreeStatistics(bytes: item.payload), printer)
            }
        case .mpls:
            guard let mpls = attribute(28, in: report.addressFamily), let link = attribute(1, in: mpls) else { return }
            printer.newline()
            printer.openObject("mpls_stats")
            LinkXstatsCommand.printMPLSLinkStatistics(link, indent: "    ", printer: printer)
            printer.closeObject()
        }
    }

    /// `request` and `used` of a hardware statistics suite (u8 0 or 1 each; ip's `print_on_off`).
    static func printSuiteState(_ nest: [UInt8], printer: Printer) {
        for (type, key, prefix) in [(LinkStatisticsAttribute.hardwareStatisticsRequested, "request", " "),
                                    (LinkStatisticsAttribute.hardwareStatisticsUsed, "used", " used ")] {
            guard let value = attribute(type, in: nest)?.first, value <= 1 else { continue }
            printer.field(key, .bool(value == 1), text: prefix + (value == 1 ? "on" : "off"))
        }
    }

    /// ip's `print_hw_stats64`: `struct rtnl_hw_stats64` (rx/tx packets, bytes, errors, dropped,
    /// multicast) in columns widened to the largest value.
    static func printHardwareStatistics(_ bytes: [UInt8], printer: Printer) {
        let c = LinkXstatsCommand.counters(bytes, count: 9)
        let (rxPackets, txPackets, rxBytes, txBytes, rxErrors, txErrors, rxDropped, txDropped, multicast) = (c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8])
        printer.openObject("rx")
        for (key, value) in [("bytes", rxBytes), ("packets", rxPackets), ("errors", rxErrors), ("dropped", rxDropped), ("multicast", multicast)] {
            printer.json(key, .unsigned(value))
        }
        printer.closeObject()
        printer.openObject("tx")
        for (key, value) in [("bytes", txBytes), ("packets", txPackets), ("errors", txErrors), ("dropped", txDropped)] { printer.json(key, .unsigned(value)) }
        printer.closeObject()
        guard !printer.isJSON else { return }
        LinkXstatsCommand.printColumns(
            rx: (["bytes", "packets", "errors", "dropped", "mcast"], [rxBytes, rxPackets, rxErrors, rxDropped, multicast]),
            tx: (["bytes", "packets", "errors", "dropped"], [txBytes, txPackets, txErrors, txDropped]),
            widths: [9, 7, 6, 7, 7], indent: "    ", printer: printer)
    }

    /// `dev NAME` of `show` and `set`: ip's `duparg2` and `check_ifname`.
    static func deviceArgument(_ words: inout Words, after device: String?) throws(CommandError) -> String {
        let name = try words.argument(of: "dev")
        if device != nil { throw CommandError.duplicateOrGarbage(key: "dev", name) }
        guard RuleCommand.checkInterfaceName(name) else { throw CommandError.invalidArgument(name, "\"dev\" not a valid ifname") }
        return name
    }

    // MARK: set

    /// ip's `ipstats_set`: `dev DEV l3_stats on | off`.
    static func set(_ words: inout Words, context: Context) async throws(CommandError) {
        var device: String?
        var enable: Bool?
        while let word = words.next() {
            if word == "dev" {
                device = try deviceArgument(&words, after: device)
            } else if word == "l3_stats" {
                let value = try words.argument(of: word)
                if enable != nil { throw CommandError("A statistics suite to toggle was already given.", status: 22) }
                guard value == "on" || value == "off" else {
                    throw CommandError("Error: argument of \"l3_stats\" must be one of \"off\", \"on\", not \"\(value)\"", status: 22)
                }
                enable = value == "on"
            } else if word == "help" {
                throw CommandError(help, status: 0, onStandardError: true)
            } else {
                throw CommandError("What is \"\(word)\"?\n" + help, status: 22)
            }
        }
        guard let device else { throw CommandError("Not enough information: \"dev\" argument is required.", status: 255) }
        guard let enable else { throw CommandError("Not enough information: stat type to toggle is required.", status: 255) }
        guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
        let connection = try context.connection()
        do throws(NetlinkError) {
            try await connection.setL3Statistics(ofLink: index, enabled: enable)
        } catch {
            throw CommandError.netlink(error)
        }
    }
}
