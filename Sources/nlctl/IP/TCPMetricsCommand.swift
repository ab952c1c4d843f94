import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric

/// `nlctl tcp_metrics` (`tcpmetrics`): ip 6.1's `ip tcp_metrics` over the `tcp_metrics` generic
/// netlink family — `show`/`list`/`lst`, `delete`/`remove`, `flush`, with ip's words, errors, exit
/// statuses and output (text and `-j`).
enum TCPMetricsCommand {
    static let usage = """
        Usage:\tnlctl tcp_metrics/tcpmetrics { COMMAND | help }
        \tnlctl tcp_metrics { show | flush } SELECTOR
        \tnlctl tcp_metrics delete [ address ] ADDRESS
        SELECTOR := [ [ address ] PREFIX ]
        """

    enum Command { case list, delete, flush }

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let word = words.next() else { return try await perform(.list, [], context: context) }
        let commands: [(String, Command)] = [
            ("list", .list), ("lst", .list), ("show", .list), ("delete", .delete), ("remove", .delete), ("flush", .flush),
        ]
        if let (_, command) = commands.first(where: { matches(word, $0.0) }) {
            var rest: [String] = []
            while let next = words.next() { rest.append(next) }
            return try await perform(command, rest, context: context)
        }
        if matches(word, "help") { throw CommandError(usage, status: 255) }
        throw CommandError("Command \"\(word)\" is unknown, try \"nlctl tcp_metrics help\".", status: 255)
    }

    /// An address selector: the prefix, and whether it names one address (a full-length prefix).
    struct Selector {
        var prefix: AddressModify.Prefix
        var isAddress: Bool { prefix.address.map { UInt8($0.bytes.count * 8) == prefix.bits } ?? false }
    }

    static func perform(_ requested: Command, _ arguments: [String], context: Context) async throws(CommandError) {
        var command = requested
        let family = NeighborRuleParsing.familyNumber(context.options.family)
        switch context.options.family {
        case .unspecified, .inet, .inet6: break
        case .link: throw CommandError("Unsupported protocol family: 17", status: 1)
        case .mpls: throw CommandError("Unsupported protocol family: 28", status: 1)
        case .bridge: throw CommandError("Unsupported protocol family: 7", status: 1)
        }
        var destination: Selector?
        var source: Selector?
        var index = 0
        // ip's loop steps over one more word after each selector (its `argc--; argv++` besides the
        // for loop's own): `show A B` reads A and skips B.
        while index < arguments.count {
            let word = arguments[index]
            if word == "src" || word == "source" {
                index += 1
                guard index < arguments.count else { throw CommandError.incomplete }
                let value = arguments[index]
                if matches(value, "help") { throw CommandError(usage, status: 255) }
                if source != nil { throw CommandError.duplicateOrGarbage(key: word, value) }
                guard let prefix = AddressModify.parsePrefix(value, family: family) else {
                    throw AddressModify.invalidPrefix(value, family: family)
                }
                source = Selector(prefix: prefix)
                if !source!.isAddress {
                    throw CommandError("Error: a specific IP address is expected rather than \"\(value)\"", status: 1)
                }
            } else {
                var who = "address"
                var value = word
                if word == "addr" || word == "address" {
                    who = word
                    index += 1
                    guard index < arguments.count else { throw CommandError.incomplete }
                    value = arguments[index]
                }
                if matches(value, "help") { throw CommandError(usage, status: 255) }
                if destination != nil { throw CommandError.duplicateOrGarbage(key: who, value) }
                guard let prefix = AddressModify.parsePrefix(value, family: family) else {
                    throw AddressModify.invalidPrefix(value, family: family)
                }
                destination = Selector(prefix: prefix)
                if command == .delete, !destination!.isAddress {
                    throw CommandError("Error: a specific IP address is expected rather than \"\(value)\"", status: 1)
                }
            }
            index += 2
        }
        if command == .delete, destination?.isAddress != true { throw CommandError("Error: argument \"address\" is required", status: 255) }
        let exactAddress = destination.flatMap { $0.isAddress ? $0.prefix.address : nil }
        if command == .flush, exactAddress != nil { command = .delete }
        let flushAll = command == .flush && (destination?.prefix.bits ?? 0) == 0 && (source?.prefix.bits ?? 0) == 0
            && context.options.family == .unspecified

        let connection = try genericConnection(context: context)
        let id: UInt16
        do throws(NetlinkError) {
            id = try await connection.tcpMetricsFamilyID()
        } catch {
            throw CommandError("Cannot open generic netlink socket", status: 1)
        }
        let sourceAddress = source.flatMap { $0.isAddress ? $0.prefix.address : nil }
        do throws(NetlinkError) {
            if flushAll {
                try await connection.flushTCPMetrics(familyID: id)
            } else if command == .delete {
                try await connection.deleteTCPMetrics(destination: exactAddress!, source: sourceAddress, familyID: id)
            } else if command == .list, let exactAddress {
                // One entry asked for: printed as text, even with -j (ip opens no JSON context here).
                let entry = try await connection.tcpMetrics(destination: exactAddress, source: sourceAddress, familyID: id)
                let printer = Printer(json: false, pretty: false, oneline: false, output: context.printer.output)
                printer.enableColor(context.options.color)
                if accepts(entry, destination: destination, source: source, family: family) { print(entry, deleted: false, printer: printer) }
                printer.flush()
            } else if command == .list {
                let entries = try await connection.tcpMetrics(familyID: id)
                let printer = context.printer
                printer.begin()
                for entry in entries where accepts(entry, destination: destination, source: source, family: family) {
                    print(entry, deleted: false, printer: printer)
                }
                printer.finish()
            } else {
                try await flush(connection, id: id, destination: destination, source: source, family: family, context: context)
            }
        } catch {
            throw CommandError(error.iproute2Description, status: 2)
        }
    }

    /// A generic netlink connection in the `-n` namespace (`Context.genericConnection`).
    static func genericConnection(context: Context) throws(CommandError) -> NetlinkConnection {
        let namespace = try context.namespace.get()
        do throws(NetlinkError) {
            return try Context.genericConnection(namespace: namespace)
        } catch {
            throw CommandError("Cannot open generic netlink socket", status: 1)
        }
    }

    /// ip's `process_msg` filter: the family, then the destination and source prefixes.
    static func accepts(_ entry: TCPMetricsEntry, destination: Selector?, source: Selector?, family: AddressFamily) -> Bool {
        if family != .unspecified, entry.destination.family != family { return false }
        if let destination, destination.prefix.address != nil, !destination.prefix.contains(entry.destination) { return false }
        if let entrySource = entry.source {
            if family != .unspecified, entrySource.family != family { return false }
            if let source, source.prefix.address != nil, !source.prefix.contains(entrySource) { return false }
        }
        return true
    }

    /// `flush PREFIX` (or a family): dumps, deletes what matches, and again until a round deletes
    /// nothing; with `-s` the rounds are reported, with `-s -s` each entry printed as it goes.
    static func flush(
        _ connection: NetlinkConnection, id: UInt16, destination: Selector?, source: Selector?, family: AddressFamily, context: Context
    ) async throws(NetlinkError) {
        let output = context.printer.output
        var round = 0
        while true {
            let matching = try await connection.tcpMetrics(familyID: id).filter {
                accepts($0, destination: destination, source: source, family: family)
            }
            if matching.isEmpty {
                if round == 0 {
                    output.flush()
                    printError("Nothing to flush.")
                } else if context.options.statistics > 0 {
                    output.write("*** Flush is complete after \(round) round\(round > 1 ? "s" : "") ***\n")
                }
                output.flush()
                return
            }
            if context.options.statistics >= 2 {
                for entry in matching { print(entry, deleted: true, printer: context.printer) }
            }
            round += 1
            for entry in matching {
                do throws(NetlinkError) {
                    try await connection.deleteTCPMetrics(destination: entry.destination, source: entry.source, familyID: id)
                } catch where error.errno?.rawValue == ESRCH {
                    continue  // gone meanwhile
                }
            }
            if context.options.statistics > 0 {
                output.write("\n*** Round \(round), deleting \(matching.count) entries ***\n")
                output.flush()
            }
        }
    }

    /// One entry as ip's `process_msg` prints it.
    static func print(_ entry: TCPMetricsEntry, deleted: Bool, printer: Printer) {
        printer.openObject()
        if deleted { printer.field("deleted", .bool(true), text: "Deleted ") }
        printer.colored(.family(AddressFamily(of: entry.destination).rawValue)) {
            printer.string("dst", "\(entry.destination)", text: "\(entry.destination)")
        }
        if let age = entry.age {
            let seconds = Double(age) / 1000
            printer.field("age", .number(cFormat("%g", seconds)), text: " age \(cFormat("%.03f", seconds))sec")
        }
        if let stamp = entry.timeWaitTimestampStamp {
            let text = "\(entry.timeWaitTimestampValue ?? 0)/\(stamp)"
            printer.string("tw_ts_stamp", text, text: " tw_ts \(text) ago")
        }
        if let metrics = entry.metrics {
            var rtt: UInt64 = 0
            var rttVariance: UInt64 = 0
            // ip reads TCP_METRIC_RTT .. TCP_METRIC_RTTVAR_US in index order, the first of each.
            for index in UInt16(0)...TCPMetricsAttribute.Metric.max {
                guard let value = metrics.first(where: { $0.index == index })?.value else { continue }
                let name: String
                switch index {
                case TCPMetricsAttribute.Metric.rtt:
                    if rtt == 0 { rtt = UInt64(value) * 1000 >> 3 }
                    continue
                case TCPMetricsAttribute.Metric.rttVariance:
                    if rttVariance == 0 { rttVariance = UInt64(value) * 1000 >> 2 }
                    continue
                case TCPMetricsAttribute.Metric.rttMicroseconds:
                    rtt = UInt64(value) >> 3
                    continue
                case TCPMetricsAttribute.Metric.rttVarianceMicroseconds:
                    rttVariance = UInt64(value) >> 2
                    continue
                case TCPMetricsAttribute.Metric.ssthresh: name = "ssthresh"
                case TCPMetricsAttribute.Metric.cwnd: name = "cwnd"
                default: name = "reordering"
                }
                printer.field(name, .unsigned(UInt64(value)), text: " \(name) \(value)")
            }
            if rtt != 0 {
                printer.field("rtt", .number(cFormat("%g", Double(rtt) / 1_000_000)), text: " rtt \(rtt)us")
            }
            if rttVariance != 0 {
                printer.field("rttvar", .number(cFormat("%g", Double(rttVariance) / 1_000_000)), text: " rttvar \(rttVariance)us")
            }
        }
        if let mss = entry.fastOpenMSS { printer.field("fopen_miss", .unsigned(UInt64(mss)), text: " fo_mss \(mss)") }
        if let drops = entry.fastOpenSynDrops {
            let when = Double(entry.fastOpenSynDropTimestamp ?? 0) / 1_000_000
            printer.field("fopen_syn_drops", .unsigned(UInt64(drops)), text: " fo_syn_drops \(drops)")
            printer.field("fopen_syn_drop_ts", .number(cFormat("%g", when)), text: "/\(cFormat("%.03f", when))usec ago")
        }
        if let cookie = entry.fastOpenCookie {
            let hex = cookie.prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            printer.string("fo_cookie", hex, text: " fo_cookie \(hex)")
        }
        if let source = entry.source { printer.string("source", "\(source)", text: " source \(source)") }
        printer.text("\n")
        printer.closeObject()
    }

    /// C's `snprintf` with one double (`%g`, `%.03f`), as ip formats these values.
    static func cFormat(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(decoding: buffer.prefix(max(0, min(Int(count), buffer.count - 1))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
