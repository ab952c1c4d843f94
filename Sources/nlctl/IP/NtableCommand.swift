import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl ntable`: ip 6.1's `ip ntable` (`ipntable.c`): the neighbour tables — thresholds, the
/// parameters of the tables and of each interface, with `-s` the configuration and statistics —
/// and `change`.
enum NtableCommand {
    static let usage = """
        Usage: nlctl ntable change name NAME [ dev DEV ]
                [ thresh1 VAL ] [ thresh2 VAL ] [ thresh3 VAL ] [ gc_int MSEC ]
                [ PARMS ]
        Usage: nlctl ntable show [ dev DEV ] [ name NAME ]
        PARMS := [ base_reachable MSEC ] [ retrans MSEC ] [ gc_stale MSEC ]
                 [ delay_probe MSEC ] [ queue LEN ]
                 [ app_probes VAL ] [ ucast_probes VAL ] [ mcast_probes VAL ]
                 [ anycast_delay MSEC ] [ proxy_delay MSEC ] [ proxy_queue LEN ]
                 [ locktime MSEC ]
        """

    typealias P = NeighborTable.Parameters

    /// The `change` words of the parameters, with their `NDTPA_*` types.
    static let parameterWords: [String: UInt16] = [
        "base_reachable": P.baseReachableTime, "retrans": P.retransmitTime, "gc_stale": P.gcStaleTime, "delay_probe": P.delayProbeTime,
        "queue": P.queueLength, "app_probes": P.applicationProbes, "ucast_probes": P.unicastProbes, "mcast_probes": P.multicastProbes,
        "anycast_delay": P.anycastDelay, "proxy_delay": P.proxyDelay, "proxy_queue": P.proxyQueueLength, "locktime": P.lockTime,
    ]

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await show(&words, context: context)
            return
        }
        if matches(command, "change") || matches(command, "chg") {
            try await change(&words, context: context)
        } else if matches(command, "show") || matches(command, "lst") || matches(command, "list") {
            try await show(&words, context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl ntable help\".", status: 255)
        }
    }

    static func family(_ context: Context) -> AddressFamily {
        switch context.options.family {
        case .inet: 2
        case .inet6: 10
        case .link: 17
        case .mpls: 28
        case .bridge: 7
        case .unspecified: 0
        }
    }

    static func show(_ words: inout Words, context: Context) async throws(CommandError) {
        var index: Int64 = 0   // -1: "none"
        var name: String?
        while let word = words.next() {
            if word == "dev" {
                let text = try words.argument(of: word)
                if text == "none" {
                    index = -1
                } else {
                    guard let found = try await context.index(ofLink: text) else { throw CommandError.invalidArgument(text, "\"DEV\" is invalid") }
                    index = Int64(found)
                }
            } else if word == "name" {
                name = try words.argument(of: word)
            } else {
                throw CommandError.invalidArgument(word, "unknown")
            }
        }
        let asked = family(context)
        // ip reads the links first (ll_init_map): that read's 32 KiB receive sizes the kernel's
        // dump datagrams, and where a datagram ends the kernel repeats a table's header; reading
        // the same way gives ip's listing.
        _ = try? await context.links()
        let connection = try context.connection()
        let tables: [NeighborTable]
        do throws(NetlinkError) {
            tables = try await connection.neighborTables(family: asked)
        } catch {
            throw CommandError(error.iproute2Description + "\nDump terminated", status: 1)
        }
        let printer = context.printer
        let statistics = context.options.statistics > 0
        printer.begin()
        for table in tables {
            if asked != 0 && table.family != asked { continue }
            if let name, let tableName = table.name, tableName != name { continue }
            if let parameters = table.parameters {
                if let device = parameters.values[P.interfaceIndex] {
                    if index != 0 && UInt32(truncatingIfNeeded: index) != UInt32(truncatingIfNeeded: device) { continue }
                } else if index != 0 && index != -1 {
                    continue
                }
            }
            await printTable(table, printer: printer, statistics: statistics, context: context)
        }
        printer.finish()
    }

    static func familyName(_ family: AddressFamily) -> String {
        switch family.rawValue {
        case 2: "inet"
        case 10: "inet6"
        case 17: "link"
        case 28: "mpls"
        case 7: "bridge"
        default: "???"
        }
    }

    /// `print_ntable`.
    static func printTable(_ table: NeighborTable, printer: Printer, statistics: Bool, context: Context) async {
        printer.openObject()
        printer.string("family", familyName(table.family), prefix: "")
        if let name = table.name { printer.string("name", name, prefix: "") }
        printer.newline()
        let thresholds = table.threshold1 != nil || table.threshold2 != nil || table.threshold3 != nil || table.gcInterval != nil
        if thresholds { printer.text("    ") }
        if let value = table.threshold1 { printer.unsigned("thresh1", UInt64(value), prefix: "thresh1 ") }
        if let value = table.threshold2 { printer.unsigned("thresh2", UInt64(value), prefix: "thresh2 ") }
        if let value = table.threshold3 { printer.unsigned("thresh3", UInt64(value), prefix: "thresh3 ") }
        if let value = table.gcInterval { printer.unsigned("gc_interval", value, prefix: "gc_int ") }
        if thresholds { printer.newline() }
        if let configuration = table.configuration, statistics { printConfiguration(configuration, printer: printer) }
        if let parameters = table.parameters { await printParameters(parameters, printer: printer, context: context) }
        if let counters = table.statistics, statistics { printStatistics(counters, printer: printer) }
        printer.endLine()
        printer.closeObject()
    }

    /// ip's `ntable_strtime_delta`: the local time `msec` milliseconds ago, `(error)` for 0.
    static func timeAgo(_ milliseconds: UInt32) -> String {
        guard milliseconds != 0 else { return "(error)" }
        var now = timeval()
        gettimeofday(&now, nil)
        var seconds = time_t(now.tv_sec) - time_t(milliseconds / 1000)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "(error)" }
        var buffer = [CChar](repeating: 0, count: 32)
        _ = strftime(&buffer, buffer.count, "%Y-%m-%d %T", &parts)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func printConfiguration(_ c: NeighborTable.Configuration, printer: Printer) {
        printer.unsigned("key_length", UInt64(c.keyLength), prefix: "    config key_len ")
        printer.unsigned("entry_size", UInt64(c.entrySize), prefix: "entry_size ")
        printer.unsigned("entries", UInt64(c.entries), prefix: "entries ")
        printer.newline()
        printer.string("last_flush", timeAgo(c.lastFlush), prefix: "        last_flush ")
        printer.string("last_rand", timeAgo(c.lastRandomization), prefix: "last_rand ")
        printer.newline()
        printer.unsigned("hash_rnd", UInt64(c.hashRandom), prefix: "        hash_rnd ")
        // print_0xhex: `%08llx` in text, `%#llx` in JSON.
        let hex = String(c.hashMask, radix: 16)
        printer.field("hash_mask", .string(c.hashMask == 0 ? "0" : "0x" + hex),
                      text: "hash_mask " + String(repeating: "0", count: max(0, 8 - hex.count)) + hex + " ")
        printer.unsigned("hash_chain_gc", UInt64(c.hashChainGC), prefix: "hash_chain_gc ")
        printer.unsigned("proxy_qlen", UInt64(c.proxyQueueLength), prefix: "proxy_qlen ")
        printer.newline()
    }

    /// `print_ndtparams`: four lines (`\` under -o), each parameter only when sent.
    static func printParameters(_ parameters: NeighborTable.Parameters, printer: Printer, context: Context) async {
        let values = parameters.values
        if let index = parameters.index {
            let name = await context.name(ofLink: index)
            printer.text("    dev ")
            printer.colored(.interfaceName) { printer.string("dev", name, prefix: "") }
            printer.newline()
        }
        printer.text("    ")
        let lines: [[(UInt16, String, String)]] = [
            [(P.referenceCount, "refcnt", "refcnt"), (P.reachableTime, "reachable", "reachable"),
             (P.baseReachableTime, "base_reachable", "base_reachable"), (P.retransmitTime, "retrans", "retrans")],
            [(P.gcStaleTime, "gc_stale", "gc_stale"), (P.delayProbeTime, "delay_probe", "delay_probe"), (P.queueLength, "queue", "queue")],
            [(P.applicationProbes, "app_probes", "app_probes"), (P.unicastProbes, "ucast_probes", "ucast_probes"),
             (P.multicastProbes, "mcast_probes", "mcast_probes")],
            [(P.anycastDelay, "anycast_delay", "anycast_delay"), (P.proxyDelay, "proxy_delay", "proxy_delay"),
             (P.proxyQueueLength, "proxy_queue", "proxy_queue"), (P.lockTime, "locktime", "locktime")],
        ]
        for (number, line) in lines.enumerated() {
            if number > 0 {
                printer.newline()
                printer.text("    ")
            }
            for (type, key, word) in line {
                if let value = values[type] { printer.unsigned(key, value, text: "\(word) \(value) ") }
            }
        }
        printer.newline()
    }

    static func printStatistics(_ s: NeighborTable.Statistics, printer: Printer) {
        printer.text("    stats ")
        let lines: [[(String, UInt64)]] = [
            [("allocs", s.allocations), ("destroys", s.destroys), ("hash_grows", s.hashGrows)],
            [("res_failed", s.resolutionsFailed), ("lookups", s.lookups), ("hits", s.hits)],
            [("rcv_probes_mcast", s.multicastProbesReceived), ("rcv_probes_ucast", s.unicastProbesReceived)],
            [("periodic_gc_runs", s.periodicGCRuns), ("forced_gc_runs", s.forcedGCRuns)],
            [("table_fulls", s.tableFulls)],
        ]
        for (number, line) in lines.enumerated() {
            if number > 0 {
                printer.newline()
                printer.text("    ")
            }
            for (key, value) in line { printer.unsigned(key, value, text: "\(key) \(value) ") }
        }
        printer.newline()
    }

    /// `change name NAME [dev DEV] ...`: the words in ip's order and with its errors.
    static func change(_ words: inout Words, context: Context) async throws(CommandError) {
        var name: String?
        var thresholds: [UInt32?] = [nil, nil, nil]
        var gcInterval: UInt64?
        var parameters: [(type: UInt16, value: UInt64)] = []
        var parametersChanged = false
        while let word = words.next() {
            switch word {
            case "name":
                let text = try words.argument(of: word)
                if name != nil { throw CommandError.duplicate("NAME", text) }
                name = text
            case "thresh1", "thresh2", "thresh3":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "\"\(word)\" value is invalid") }
                thresholds[Int(String(word.last!))! - 1] = value
            case "gc_int":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned64(text) else { throw CommandError.invalidArgument(text, "\"gc_int\" value is invalid") }
                gcInterval = value
            case "dev":
                let text = try words.argument(of: word)
                guard let index = try await context.index(ofLink: text) else { throw CommandError.cannotFindDevice(text) }
                parameters.append((P.interfaceIndex, UInt64(UInt32(bitPattern: index))))
            default:
                guard let type = parameterWords[word] else { throw CommandError.invalidArgument(word, "unknown") }
                let text = try words.argument(of: word)
                let value: UInt64?
                if P.sixtyFourBit.contains(type) { value = InetText.unsigned64(text) } else { value = InetText.unsigned(text).map(UInt64.init) }
                guard let value else { throw CommandError.invalidArgument(text, "\"\(word)\" value is invalid") }
                parameters.append((type, value))
                parametersChanged = true
            }
        }
        guard let name else { throw CommandError("Error: argument \"NAME\" is required", status: 255) }
        guard thresholds.contains(where: { $0 != nil }) || gcInterval != nil || parametersChanged else {
            throw CommandError("Not enough information: changeable attributes required.", status: 255)
        }
        let connection = try context.connection()
        do throws(NetlinkError) {
            try await connection.changeNeighborTable(
                name: name, family: family(context), threshold1: thresholds[0], threshold2: thresholds[1], threshold3: thresholds[2],
                gcInterval: gcInterval, parameters: parameters)
        } catch {
            throw CommandError.netlink(error, status: 2)
        }
    }
}
