import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

extension RouteCommand {
    /// The selectors of `ip route show | flush` (iproute2's `struct rtfilter`).
    struct Selector {
        var table: UInt32 = 254  // 0: every table
        var cloned = false
        var `protocol`: UInt8?
        var scope: UInt8?
        var type: RouteType?
        var notLocalOrBroadcast = false
        var outputIndex: Int32?
        var inputIndex: Int32?
        var mark: UInt32?
        var tos: UInt8?
        var metric: UInt32?
        var via: Prefix?
        var preferredSource: Prefix?
        var rootDestination: Prefix?   // rdst
        var matchDestination: Prefix?  // mdst
        var rootSource: Prefix?
        var matchSource: Prefix?

        /// iproute2's `filter_nlmsg`.
        func accepts(_ route: Route, family: AddressFamily) -> Bool {
            if family != 0, route.family != family { return false }
            if route.flags.contains(.cloned) != cloned { return false }
            if table != 0, route.table.rawValue != table { return false }
            if let `protocol`, route.protocol.rawValue != `protocol` { return false }
            if let scope, (route.scope.rawValue) != scope { return false }
            if let type, route.type != type { return false }
            if notLocalOrBroadcast, route.type == .local || route.type == .broadcast { return false }
            if !Self.prefixAccepts(root: rootDestination, match: matchDestination, route.destination, route.destinationPrefixLength, route.family) { return false }
            if !Self.prefixAccepts(root: rootSource, match: matchSource, route.source, route.sourcePrefixLength, route.family) { return false }
            if let via {
                var viaFamily = route.family
                var gateway = route.gateway?.bytes
                if let routeVia = route.via {
                    viaFamily = AddressFamily(rawValue: UInt8(truncatingIfNeeded: routeVia.family))
                    gateway = routeVia.address
                }
                if via.family != 0, viaFamily != via.family { return false }
                if !RouteCommand.sharesLeading(Int(via.length), gateway ?? RouteCommand.zeroBytes(viaFamily), via.address?.bytes ?? []) { return false }
            }
            if let preferredSource {
                if preferredSource.family != 0, route.family != preferredSource.family { return false }
                let source = route.preferredSource?.bytes ?? RouteCommand.zeroBytes(route.family)
                if !RouteCommand.sharesLeading(Int(preferredSource.length), source, preferredSource.address?.bytes ?? []) { return false }
            }
            if let outputIndex, route.outputIndex != outputIndex { return false }
            if let inputIndex, route.inputIndex != inputIndex { return false }
            if let mark, (route.mark ?? 0) != mark { return false }
            if let metric, (route.priority ?? 0) != metric { return false }
            if let tos, route.tos != tos { return false }
            return true
        }

        static func prefixAccepts(root: Prefix?, match: Prefix?, _ address: IPAddress?, _ length: UInt8, _ family: AddressFamily) -> Bool {
            if root == nil && match == nil { return true }  // the usual case: no bytes made
            let bytes = address?.bytes ?? RouteCommand.zeroBytes(family)
            if let root {
                if root.family != 0, family != root.family { return false }
                if root.length > length { return false }
                if root.address != nil, !RouteCommand.sharesLeading(Int(root.length), bytes, root.address!.bytes) { return false }
            }
            if let match {
                if match.family != 0, family != match.family { return false }
                if match.length < length { return false }
                if match.address != nil, !RouteCommand.sharesLeading(Int(length), bytes, match.address!.bytes) { return false }
            }
            return true
        }
    }

    /// What the selectors hide from the output (a field that every shown route shares).
    struct Hidden {
        var table = false
        var device = false
        var `protocol` = false
        var scope = false
        var metric = false
        var gateway = false
        var preferredSource = false
        var inputDevice = false
        var tos = false
    }

    static func list(_ words: inout Words, context: Context, flush: Bool, save: Bool = false) async throws(CommandError) {
        if save { try RouteSaveRestore.beginSave(context: context) }
        if flush && words.isEmpty {
            throw CommandError("\"ip route flush\" requires arguments.", status: 1)
        }
        var family = optionFamily(context)
        // -M, -B, -0: ip asks for that family and keeps only its routes (none on this kernel
        // without MPLS; bridge and link families have no routes).
        switch context.options.family {
        case .mpls: family = 28
        case .bridge: family = 7
        case .link: family = 17
        default: break
        }
        var selector = Selector()
        var hidden = Hidden()
        var device: String?
        var inputDevice: String?
        while let word = words.next() {
            if matches(word, "table") {
                let text = try words.argument(of: word)
                if let table = parseTable(text) {
                    selector.table = table
                } else if text == "all" {
                    selector.table = 0
                } else if text == "cache" {
                    selector.cloned = true
                } else if text == "help" {
                    throw help
                } else {
                    throw CommandError.invalidArgument(text, "table id value is invalid\n")
                }
            } else if matches(word, "vrf") {
                let name = try words.argument(of: word)
                guard let table = try await vrfTable(name, context: context) else { throw invalidVRF(name) }
                selector.table = table
                selector.notLocalOrBroadcast = true
            } else if matches(word, "cached") || matches(word, "cloned") {
                selector.cloned = true
            } else if word == "tos" || matches(word, "dsfield") {
                let text = try words.argument(of: word)
                guard let value = parseDSField(text) else { throw CommandError.invalidArgument(text, "TOS value is invalid\n") }
                selector.tos = value
                hidden.tos = true
            } else if matches(word, "protocol") {
                let text = try words.argument(of: word)
                if let value = parseProtocol(text) {
                    selector.protocol = value
                    hidden.protocol = true
                } else if text != "all" {
                    throw CommandError.invalidArgument(text, "invalid \"protocol\"\n")
                }
            } else if matches(word, "scope") {
                let text = try words.argument(of: word)
                if let value = parseScope(text) {
                    selector.scope = value
                    hidden.scope = true
                } else if text != "all" {
                    throw CommandError.invalidArgument(text, "invalid \"scope\"\n")
                }
            } else if matches(word, "type") {
                let text = try words.argument(of: word)
                guard let type = parseType(text) else { throw CommandError.invalidArgument(text, "node type value is invalid\n") }
                selector.type = type
            } else if word == "dev" || word == "oif" {
                device = try words.argument(of: word)
            } else if word == "iif" {
                inputDevice = try words.argument(of: word)
            } else if word == "mark" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "mark value is invalid\n") }
                selector.mark = value
            } else if matches(word, "metric") || matches(word, "priority") || word == "preference" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "\"metric\" value is invalid\n") }
                selector.metric = value
                hidden.metric = true
            } else if word == "via" {
                var text = try words.argument(of: word)
                var viaFamily = family
                if text == "inet" { viaFamily = 2; text = try words.argument(of: word) } else if text == "inet6" {
                    viaFamily = 10
                    text = try words.argument(of: word)
                }
                let value = try prefix(text, family: viaFamily)
                selector.via = value
                hidden.gateway = value.isFull
            } else if word == "src" {
                let value = try prefix(try words.argument(of: word), family: family)
                selector.preferredSource = value
                hidden.preferredSource = value.isFull
            } else if matches(word, "realms") {
                _ = try words.argument(of: word)
            } else if matches(word, "from") {
                var text = try words.argument(of: word)
                if matches(text, "root") {
                    selector.rootSource = try prefix(try words.argument(of: text), family: family)
                } else if matches(text, "match") {
                    selector.matchSource = try prefix(try words.argument(of: text), family: family)
                } else {
                    if matches(text, "exact") { text = try words.argument(of: text) }
                    let value = try prefix(text, family: family)
                    selector.rootSource = value
                    selector.matchSource = value
                }
            } else {
                var text = word
                if matches(text, "to") { text = try words.argument(of: text) }
                if matches(text, "root") {
                    selector.rootDestination = try prefix(try words.argument(of: text), family: family)
                } else if matches(text, "match") {
                    selector.matchDestination = try prefix(try words.argument(of: text), family: family)
                } else {
                    if matches(text, "exact") { text = try words.argument(of: text) }
                    let value = try prefix(text, family: family)
                    selector.rootDestination = value
                    // `all` and `any` (a zero length ip does not mark as given) select every route.
                    if value.address != nil || value.lengthGiven { selector.matchDestination = value }
                }
            }
        }
        if family == 0 && selector.table != 0 { family = 2 }
        hidden.table = selector.table != 0
        if let device {
            guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
            selector.outputIndex = index
            hidden.device = true
        }
        if let inputDevice {
            guard let index = try await context.index(ofLink: inputDevice) else { throw CommandError.cannotFindDevice(inputDevice) }
            selector.inputIndex = index
            hidden.inputDevice = true
        }
        let connection = try context.connection()
        var request = RouteFilter(family: family)
        if selector.table != 0 { request.table = RouteTable(rawValue: selector.table) }
        if let value = selector.protocol { request.protocol = RouteProtocol(rawValue: value) }
        request.outputIndex = selector.outputIndex
        request.cloned = selector.cloned
        if flush {
            try await flushRoutes(selector, family: family, request: request, connection: connection, context: context, hidden: hidden)
            return
        }
        if save {
            try await RouteSaveRestore.save(selector, family: family, request: request, connection: connection, context: context)
            return
        }
        let links = try await context.links()
        var nexthops: [UInt32: Nexthop] = [:]
        if context.options.details > 0, let all = try? await connection.nexthops() {
            for nexthop in all { nexthops[nexthop.id] = nexthop }
        }
        let printer = context.printer
        printer.begin()
        // Like ip, a dump the kernel flags as interrupted is printed anyway, with a warning after it.
        let dump = connection.routeDump(filter: request, acceptInterrupted: true)
        do throws(NetlinkError) {
            let details = context.options.details > 0, statistics = context.options.statistics > 0
            var names = TextNames(links: links)
            let compact = printer.isCompactJSON
            // Each route is printed as it is decoded, straight from the datagram (ip prints as it reads, too).
            try await dump.forEachMessage { message in
                guard message.type == RouteMessageType.newRoute else { return }
                let route = try Route(decoding: message)
                guard request.matches(route) && selector.accepts(route, family: family) else { return }
                printListed(
                    route, printer: printer, compact: compact, names: &names, links: links, hidden: hidden,
                    details: details, statistics: statistics, nexthops: nexthops)
            }
        } catch {
            // ip leaves the JSON array open and says the dump ended.
            printer.flush()
            throw CommandError(error.iproute2Description + "\nDump terminated", status: 2)
        }
        printer.finish()
        if dump.wasInterrupted {
            let warning = "Dump was interrupted and may be inconsistent.\n"
            _ = warning.withCString { write(2, $0, strlen($0)) }
        }
    }

    /// One route of a listing: the fast paths for plain routes, ``printRoute`` for the others.
    static func printListed(
        _ route: Route, printer: Printer, compact: Bool, names: inout TextNames, links: [Int32: Link], hidden: Hidden,
        details: Bool, statistics: Bool, nexthops: [UInt32: Nexthop]
    ) {
        if !details, !printer.colors, !HostNames.enabled, isSimple(route, hidden: hidden) {
            if printer.isJSON {
                if compact, printSimpleRouteCompactJSON(route, printer: printer, names: &names, hidden: hidden) { return }
                printSimpleRouteJSON(route, printer: printer, names: &names, hidden: hidden)
            } else {
                printSimpleRouteText(route, output: printer.output, names: &names, hidden: hidden)
            }
            return
        }
        printRoute(route, printer: printer, links: links, hidden: hidden, details: details, statistics: statistics, nexthops: nexthops)
    }

    /// ip's flush: dump, delete what matched, and again until nothing matches (at most 10 rounds);
    /// `-s` reports each round, `-s -s` also prints each route it deletes.
    static func flushRoutes(
        _ selector: Selector, family: AddressFamily, request: RouteFilter, connection: NetlinkConnection, context: Context,
        hidden: Hidden
    ) async throws(CommandError) {
        let statistics = context.options.statistics
        let printer = context.printer
        var round = 0
        while true {
            let doomed: [Route]
            do throws(NetlinkError) {
                doomed = try await connection.routes(filter: request).filter { selector.accepts($0, family: family) }
            } catch {
                throw CommandError(error.iproute2Description + "\nFlush terminated", status: 2)
            }
            if doomed.isEmpty {
                if statistics > 0 {
                    if round == 0 && (!selector.cloned || family == 10) {
                        printer.text("Nothing to flush.\n")
                    } else {
                        printer.text("*** Flush is complete after \(round) round\(round > 1 ? "s" : "") ***\n")
                    }
                }
                printer.flush()
                return
            }
            round += 1
            if statistics > 1 {
                let links = try await context.links()
                for route in doomed { printRoute(route, printer: printer, links: links, hidden: hidden, details: context.options.details > 0) }
            }
            // ip sends each dumped route back as RTM_DELROUTE; the kernel refuses those that carry both
            // a nexthop id and a device or gateway (EINVAL), after deleting the others of the batch.
            var refused = false
            for route in doomed {
                if route.nexthopID != nil && (route.outputIndex != nil || route.gateway != nil || !route.multipath.isEmpty) {
                    refused = true
                    continue
                }
                do throws(NetlinkError) {
                    try await connection.deleteRoute(route)
                } catch where error.errno?.rawValue == 3 {
                    continue
                } catch {
                    printer.flush()
                    throw CommandError("Failed to send flush request: \(error.errno?.description ?? error.iproute2Description)", status: 2)
                }
            }
            if refused {
                printer.flush()
                throw CommandError("Failed to send flush request: Invalid argument", status: 2)
            }
            if statistics > 0 { printer.text("\n*** Round \(round), deleting \(doomed.count) entries ***\n") }
            if round >= 10 {
                if statistics > 0 { printer.text("*** Flush remains incomplete after \(round) rounds. ***\n") }
                printer.flush()
                throw CommandError("", status: 1)
            }
        }
    }

    // MARK: Printing

    static func addressText(_ address: IPAddress?, family: AddressFamily) -> String {
        if let address { return "\(address)" }
        return family == 10 ? "::" : "0.0.0.0"
    }

    static func prefixText(_ address: IPAddress?, length: UInt8, family: AddressFamily) -> String {
        let full: UInt8 = family == 10 ? 128 : 32
        if address == nil && length == 0 { return "default" }
        // A full-length prefix is a host: its name under -r (ip's format_host).
        if length == full, HostNames.enabled, let address { return HostNames.text(address) }
        let text = addressText(address, family: family)
        return length == full ? text : "\(text)/\(length)"
    }

    /// `prefixText` written as bytes (no String made).
    static func appendPrefix(_ address: IPAddress?, length: UInt8, family: AddressFamily, to buffer: inout [UInt8]) {
        let full: UInt8 = family == 10 ? 128 : 32
        if address == nil && length == 0 {
            ByteText.append("default", to: &buffer)
            return
        }
        if let address, length == full, HostNames.enabled {
            ByteText.append(HostNames.text(address), to: &buffer)
        } else if let address {
            ByteText.append(address, to: &buffer)
        } else {
            ByteText.append(family == 10 ? "::" : "0.0.0.0", to: &buffer)
        }
        if length != full {
            buffer.append(UInt8(ascii: "/"))
            ByteText.append(decimal: UInt64(length), to: &buffer)
        }
    }

    static func linkName(_ index: Int32, links: [Int32: Link]) -> String {
        links[index]?.name ?? "if\(index)"
    }

    /// The route and nexthop flags (`RTNH_F_*`, `RTM_F_*`) ip names, in its order.
    static let flagNames: [(UInt32, String)] = [
        (0x1, "dead"), (0x4, "onlink"), (0x2, "pervasive"), (0x8, "offload"), (0x40, "trap"), (0x100, "notify"),
        (0x10, "linkdown"), (0x20, "unresolved"), (0x4000, "rt_offload"), (0x8000, "rt_trap"),
        (0x2000_0000, "rt_offload_failed"),
    ]

    static func printFlags(_ raw: UInt32, printer: Printer) {
        printer.openArray("flags")
        if raw != 0 {
            for (bit, name) in flagNames where raw & bit != 0 {
                printer.string(nil, name, prefix: "", suffix: " ")
            }
        }
        printer.closeArray()
    }

    static func printVia(_ via: RouteVia, printer: Printer) {
        if let ip = via.ipAddress {
            let familyText = AddressFamily(of: ip) == 10 ? "inet6" : "inet"
            printer.openObject("via")
            printer.text("via \(familyText) ")
            printer.json("family", .string(familyText))
            printer.colored(.family(AddressFamily(of: ip).rawValue)) { printer.string("host", HostNames.text(ip), text: "\(HostNames.text(ip)) ") }
            printer.closeObject()
        } else {
            printer.openObject("via")
            printer.string("family", "\(via.family)", text: "via \(via) ")
            printer.closeObject()
        }
    }

    static let metricNames: [UInt16: String] = [
        2: "mtu", 3: "window", 4: "rtt", 5: "rttvar", 6: "ssthresh", 7: "cwnd", 8: "advmss", 9: "reordering",
        10: "hoplimit", 11: "initcwnd", 12: "features", 13: "rto_min", 14: "initrwnd", 15: "quickack",
        16: "congctl", 17: "fastopen_no_cookie",
    ]

    static func printMetrics(_ route: Route, printer: Printer) {
        guard !route.metrics.isEmpty || route.congestionControl != nil else { return }
        printer.openArray("metrics")
        printer.openObject()
        let lock = route.metrics[RouteMetric.lock] ?? 0
        for type in UInt16(2)...UInt16(max(17, route.metrics.keys.max() ?? 0)) {
            if type == RouteMetric.congestionControl {
                guard let algorithm = route.congestionControl else { continue }
                printer.text("congctl ")
                if type < 32, lock & (1 << UInt32(type)) != 0 { printer.text("lock ") }
                printer.string("congestion", algorithm, text: "\(algorithm) ")
                continue
            }
            guard var value = route.metrics[type] else { continue }
            if type == RouteMetric.hopLimit && value == UInt32.max { continue }
            let name = metricNames[type]
            printer.text(name.map { "\($0) " } ?? "metric \(type) ")
            if type < 32, lock & (1 << UInt32(type)) != 0 { printer.text("lock ") }
            switch type {
            case RouteMetric.features:
                if value & 1 != 0 {
                    printer.field("ecn", .null, text: "ecn ")
                }
                value &= ~1
                if value != 0 { printer.field("features", .unsigned(UInt64(value)), text: "0x\(String(value, radix: 16)) ") }
            case RouteMetric.rtt, RouteMetric.rttVariance, RouteMetric.minimumRTO:
                if type == RouteMetric.rtt { value /= 8 } else if type == RouteMetric.rttVariance { value /= 4 }
                let text: String
                if value >= 1000 { text = "\(formatG(Double(value) / 1000))s " } else { text = "\(value)ms " }
                printer.field(name ?? "metric_\(type)", .unsigned(UInt64(value)), text: text)
            default:
                printer.field(name ?? "metric_\(type)", .unsigned(UInt64(value)), text: "\(value) ")
            }
        }
        printer.closeObject()
        printer.closeArray()
    }

    /// printf's `%g` for the small values of a time in seconds.
    static func formatG(_ value: Double) -> String {
        var text = String(format6: value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func printMultipath(_ route: Route, printer: Printer, links: [Int32: Link], statistics: Bool = false) {
        printer.openArray("nexthops")
        for nexthop in route.multipath {
            printer.openObject()
            printer.newline()
            printer.text("\tnexthop ")
            if nexthop.encapsulation != nil {
                EncapFormat.print(type: nexthop.encapsulationType, nexthop.encapsulation, printer: printer, links: links, statistics: statistics)
            }
            if let gateway = nexthop.gateway {
                printer.text("via ")
                printer.colored(.family(AddressFamily(of: gateway).rawValue)) { printer.string("gateway", HostNames.text(gateway), text: "\(HostNames.text(gateway)) ") }
            }
            if let via = nexthop.via { printVia(via, printer: printer) }
            if let flow = nexthop.flow { printFlow(flow, printer: printer) }
            if nexthop.outputIndex != 0 {
                // (ip 6.1 does not colour a hop's device.)
                printer.string("dev", linkName(nexthop.outputIndex, links: links), text: "dev \(linkName(nexthop.outputIndex, links: links)) ")
            }
            printer.unsigned("weight", UInt64(nexthop.weight), text: "weight \(nexthop.weight) ")
            printFlags(UInt32(nexthop.flags.rawValue), printer: printer)
            printer.closeObject()
        }
        printer.closeArray()
    }

    static func printRoute(
        _ route: Route, printer: Printer, links: [Int32: Link], hidden: Hidden, details: Bool, uid: UInt32? = nil,
        statistics: Bool = false, nexthops: [UInt32: Nexthop] = [:]
    ) {
        let family = route.family
        printer.openObject()
        if route.type != .unicast || details {
            let type = RuleCommand.routeTypeName(route.type.rawValue)
            printer.string("type", type, text: "\(type) ")
        }
        // ip colours the destination and source by family, only when the route has them (not
        // `default`).
        let addressColor = Printer.ColorAttribute.family(family.rawValue)
        printer.colored(route.destination == nil ? nil : addressColor) {
            printer.unescaped("dst", prefix: "") {
                appendPrefix(route.destination, length: route.destinationPrefixLength, family: family, to: &$0)
            }
        }
        if route.source != nil || route.sourcePrefixLength != 0 {
            let text = prefixText(route.source, length: route.sourcePrefixLength, family: family)
            printer.colored(route.source == nil ? nil : addressColor) {
                printer.string("from", text == "default" ? "0/0" : text, text: "from \(text == "default" ? "0/0" : text) ")
            }
        }
        if let id = route.nexthopID {
            printer.unsigned("nhid", UInt64(id), text: "nhid \(id) ")
        }
        if route.encapsulation != nil {
            EncapFormat.print(type: route.encapsulationType, route.encapsulation, printer: printer, links: links, statistics: statistics)
        }
        if route.tos != 0 && !hidden.tos {
            printer.string("tos", "0x\(String(route.tos, radix: 16))", text: "tos 0x\(String(route.tos, radix: 16)) ")
        }
        if let gateway = route.gateway, !hidden.gateway {
            printer.text("via ")
            if HostNames.enabled {
                printer.colored(.family(family.rawValue)) { printer.string("gateway", HostNames.text(gateway), prefix: "") }
            } else {
                printer.colored(.family(family.rawValue)) { printer.address("gateway", gateway, prefix: "") }
            }
        }
        if let via = route.via { printVia(via, printer: printer) }
        if let index = route.outputIndex, !hidden.device {
            printer.text("dev ")
            printer.colored(.interfaceName) { printer.string("dev", linkName(index, links: links), prefix: "") }
        }
        let table = route.table.rawValue
        if table != 0 && (table != 254 || details) && !hidden.table {
            printer.string("table", Names.tables.name(table), prefix: "table ")
        }
        if !route.flags.contains(.cloned) {
            if (route.protocol.rawValue != 3 || details) && !hidden.protocol {
                printer.string("protocol", Names.protocols.name(UInt32(route.protocol.rawValue)), prefix: "proto ")
            }
            let scope = route.scope.rawValue
            if (scope != 0 || details) && !hidden.scope {
                printer.string("scope", Names.scopes.name(UInt32(scope)), prefix: "scope ")
            }
        }
        if let source = route.preferredSource, !hidden.preferredSource {
            printer.text("src ")
            printer.colored(.family(family.rawValue)) { printer.address("prefsrc", source, prefix: "") }
        }
        if let priority = route.priority, !hidden.metric {
            printer.unsigned("metric", UInt64(priority), prefix: "metric ")
        }
        printFlags(route.flags.rawValue, printer: printer)
        if let mark = route.mark, mark != 0 {
            printer.unsigned("mark", UInt64(mark), text: "mark \(mark) ")
        }
        if let flow = route.flow { printFlow(flow, printer: printer) }
        if let uid {
            printer.unsigned("uid", UInt64(uid), text: "uid \(uid) ")
        }
        if family == 2 && route.flags.contains(.cloned) {
            printer.openArray("cache")
            printer.newline()
            printer.text("    cache ")
            var cacheFlags = route.flags.rawValue & ~0xFFFF
            if cacheFlags != 0 {
                printer.text("<")
                let names: [(UInt32, String)] = [
                    (0x8000_0000, "local"), (0x4000_0000, "reject"), (0x2000_0000, "mc"), (0x1000_0000, "brd"),
                    (0x0800_0000, "dst-nat"), (0x0080_0000, "src-nat"), (0x0040_0000, "masq"), (0x0002_0000, "dst-direct"),
                    (0x0400_0000, "src-direct"), (0x0004_0000, "redirected"), (0x0100_0000, "redirect"),
                    (0x0020_0000, "fastroute"), (0x0001_0000, "notify"), (0x0008_0000, "proxy"),
                ]
                for (bit, name) in names where cacheFlags & bit != 0 {
                    cacheFlags &= ~bit
                    printer.string(nil, name, text: cacheFlags != 0 ? "\(name)," : name)
                }
                if cacheFlags != 0 { printer.string(nil, String(cacheFlags, radix: 16)) }
                printer.text("> ")
            }
            printer.closeArray()
            if let info = route.cacheInfo { printCacheInfo(info, printer: printer, statistics: statistics) }
        } else if family == 10 && !route.flags.contains(.cloned), let info = route.cacheInfo, info.expires != 0 {
            // IPv6 routes show only their expiry.
            let seconds = info.expires / 100
            printer.signed("expires", Int64(seconds), text: "expires \(seconds)sec ")
        }
        printMetrics(route, printer: printer)
        if let index = route.inputIndex, !hidden.inputDevice {
            printer.string("iif", linkName(index, links: links), text: "iif \(linkName(index, links: links)) ")
        }
        if let preference = route.preference {
            let name: String
            switch preference {
            case 0: name = "medium"
            case 1: name = "high"
            case 3: name = "low"
            default: name = String(preference)
            }
            printer.string("pref", name, text: "pref \(name)")
        }
        if details, let id = route.nexthopID, let nexthop = nexthops[id] {
            printNexthopInfo(nexthop, printer: printer, links: links)
        }
        if !route.multipath.isEmpty { printMultipath(route, printer: printer, links: links, statistics: statistics) }
        printer.endLine()
        printer.closeObject()
    }

    /// The names a listing prints again and again, looked up once: links by index, and the last
    /// table, protocol and scope seen.
    struct TextNames {
        let links: [Int32: String]
        /// Whether every link name goes into JSON unescaped (``JSONWriter/isPlain(_:)``).
        let linksArePlain: Bool
        var lastLink: (Int32, String)?
        /// The last table, protocol and scope names, each with whether it goes into JSON unescaped.
        var table: (UInt32, String, Bool)?
        var `protocol`: (UInt8, String, Bool)?
        var scope: (UInt8, String, Bool)?

        init(links: [Int32: Link]) {
            var names: [Int32: String] = [:]
            for (index, link) in links { names[index] = link.name }
            self.links = names
            linksArePlain = names.values.allSatisfy(JSONWriter.isPlain)
        }

        /// The name of link `index` (`if<index>` when unknown); the last one is kept, as routes
        /// come in runs on the same device.
        mutating func link(_ index: Int32) -> String {
            if let lastLink, lastLink.0 == index { return lastLink.1 }
            let name = links[index] ?? "if\(index)"
            lastLink = (index, name)
            return name
        }

        mutating func table(_ id: UInt32) -> String {
            if let table, table.0 == id { return table.1 }
            let name = Names.tables.name(id)
            table = (id, name, JSONWriter.isPlain(name))
            return name
        }

        mutating func `protocol`(_ id: UInt8) -> String {
            if let `protocol`, `protocol`.0 == id { return `protocol`.1 }
            let name = Names.protocols.name(UInt32(id))
            `protocol` = (id, name, JSONWriter.isPlain(name))
            return name
        }

        mutating func scope(_ id: UInt8) -> String {
            if let scope, scope.0 == id { return scope.1 }
            let name = Names.scopes.name(UInt32(id))
            scope = (id, name, JSONWriter.isPlain(name))
            return name
        }
    }

    /// Whether `route` is plain: no source prefix, TOS, nexthop ID, `RTA_VIA`, mark, realms, IPv6
    /// expiry, metrics, input device, preference or multipath, and not cloned. Without `-d`,
    /// ``printSimpleRouteText(_:output:names:hidden:)`` and ``printSimpleRouteJSON(_:printer:names:hidden:)``
    /// print such a route exactly as ``printRoute`` does, faster; ``printRoute`` prints the others.
    static func isSimple(_ route: Route, hidden: Hidden) -> Bool {
        route.source == nil && route.sourcePrefixLength == 0 && route.tos == 0 && route.nexthopID == nil
            && route.via == nil && !route.flags.contains(.cloned) && route.mark ?? 0 == 0 && route.flow == nil
            && route.metrics.isEmpty && route.congestionControl == nil && route.encapsulation == nil
            && (route.inputIndex == nil || hidden.inputDevice) && route.preference == nil && route.multipath.isEmpty
            && (route.family != 10 || (route.cacheInfo?.expires ?? 0) == 0)
    }

    /// The text line of a plain route (``isSimple(_:hidden:)``), written as bytes in one go.
    static func printSimpleRouteText(_ route: Route, output: BufferedOutput, names: inout TextNames, hidden: Hidden) {
        let family = route.family
        let device = route.outputIndex.flatMap { hidden.device ? nil : names.link($0) }
        let tableID = route.table.rawValue
        let table = tableID != 0 && tableID != 254 && !hidden.table ? names.table(tableID) : nil
        let proto = route.protocol.rawValue != 3 && !hidden.protocol ? names.protocol(route.protocol.rawValue) : nil
        let scopeID = route.scope.rawValue
        let scope = scopeID != 0 && !hidden.scope ? names.scope(scopeID) : nil
        output.write { line in
            if route.type != .unicast {
                ByteText.append(RuleCommand.routeTypeName(route.type.rawValue), to: &line)
                line.append(UInt8(ascii: " "))
            }
            appendPrefix(route.destination, length: route.destinationPrefixLength, family: family, to: &line)
            line.append(UInt8(ascii: " "))
            if let gateway = route.gateway, !hidden.gateway { ByteText.appendField("via", gateway, to: &line) }
            if let device { ByteText.appendField("dev", device, to: &line) }
            if let table { ByteText.appendField("table", table, to: &line) }
            if let proto { ByteText.appendField("proto", proto, to: &line) }
            if let scope { ByteText.appendField("scope", scope, to: &line) }
            if let source = route.preferredSource, !hidden.preferredSource { ByteText.appendField("src", source, to: &line) }
            if let priority = route.priority, !hidden.metric {
                ByteText.append("metric ", to: &line)
                ByteText.append(decimal: UInt64(priority), to: &line)
                line.append(UInt8(ascii: " "))
            }
            let flags = route.flags.rawValue
            if flags != 0 {
                for (bit, name) in flagNames where flags & bit != 0 {
                    ByteText.append(name, to: &line)
                    line.append(UInt8(ascii: " "))
                }
            }
            line.append(UInt8(ascii: "\n"))
        }
    }

    /// The JSON object of a plain route (``isSimple(_:hidden:)``), written in one go.
    static func printSimpleRouteJSON(_ route: Route, printer: Printer, names: inout TextNames, hidden: Hidden) {
        let family = route.family
        let device = route.outputIndex.flatMap { hidden.device ? nil : names.link($0) }
        let tableID = route.table.rawValue
        let table = tableID != 0 && tableID != 254 && !hidden.table ? names.table(tableID) : nil
        let proto = route.protocol.rawValue != 3 && !hidden.protocol ? names.protocol(route.protocol.rawValue) : nil
        let scopeID = route.scope.rawValue
        let scope = scopeID != 0 && !hidden.scope ? names.scope(scopeID) : nil
        printer.withJSON { json in
            json.startObject()
            if route.type != .unicast {
                json.name("type")
                json.value(.string(RuleCommand.routeTypeName(route.type.rawValue)))
            }
            json.name("dst")
            json.unescapedString { appendPrefix(route.destination, length: route.destinationPrefixLength, family: family, to: &$0) }
            if let gateway = route.gateway, !hidden.gateway {
                json.name("gateway")
                json.unescapedString { ByteText.append(gateway, to: &$0) }
            }
            if let device {
                json.name("dev")
                json.value(.string(device))
            }
            if let table {
                json.name("table")
                json.value(.string(table))
            }
            if let proto {
                json.name("protocol")
                json.value(.string(proto))
            }
            if let scope {
                json.name("scope")
                json.value(.string(scope))
            }
            if let source = route.preferredSource, !hidden.preferredSource {
                json.name("prefsrc")
                json.unescapedString { ByteText.append(source, to: &$0) }
            }
            if let priority = route.priority, !hidden.metric {
                json.name("metric")
                json.value(.unsigned(UInt64(priority)))
            }
            json.name("flags")
            json.startArray()
            let flags = route.flags.rawValue
            if flags != 0 {
                for (bit, name) in flagNames where flags & bit != 0 { json.value(.string(name)) }
            }
            json.endArray()
            json.endObject()
        }
    }

    /// The JSON object of a plain route (``isSimple(_:hidden:)``) in compact mode, written as bytes
    /// straight into the output: the bytes ``printSimpleRouteJSON(_:printer:names:hidden:)`` writes,
    /// without the writer's per-field work. Returns `false`, writing nothing, when a name would need
    /// escaping (that route goes through the writer instead).
    static func printSimpleRouteCompactJSON(_ route: Route, printer: Printer, names: inout TextNames, hidden: Hidden) -> Bool {
        let family = route.family
        let device = route.outputIndex.flatMap { hidden.device ? nil : names.link($0) }
        let tableID = route.table.rawValue
        let table = tableID != 0 && tableID != 254 && !hidden.table ? names.table(tableID) : nil
        let proto = route.protocol.rawValue != 3 && !hidden.protocol ? names.protocol(route.protocol.rawValue) : nil
        let scopeID = route.scope.rawValue
        let scope = scopeID != 0 && !hidden.scope ? names.scope(scopeID) : nil
        let type = route.type != .unicast ? RuleCommand.routeTypeName(route.type.rawValue) : nil
        if let device, !names.linksArePlain, !JSONWriter.isPlain(device) { return false }
        // The names just looked up are the cached ones, whose plainness is known.
        if table != nil, names.table?.2 == false { return false }
        if proto != nil, names.protocol?.2 == false { return false }
        if scope != nil, names.scope?.2 == false { return false }
        if let type, !JSONWriter.isPlain(type) { return false }
        printer.compactRecord { out in
            if let type {
                ByteText.append("{\"type\":\"", to: &out)
                ByteText.append(type, to: &out)
                ByteText.append("\",\"dst\":\"", to: &out)
            } else {
                ByteText.append("{\"dst\":\"", to: &out)
            }
            appendPrefix(route.destination, length: route.destinationPrefixLength, family: family, to: &out)
            if let gateway = route.gateway, !hidden.gateway {
                ByteText.append("\",\"gateway\":\"", to: &out)
                ByteText.append(gateway, to: &out)
            }
            if let device {
                ByteText.append("\",\"dev\":\"", to: &out)
                ByteText.append(device, to: &out)
            }
            if let table {
                ByteText.append("\",\"table\":\"", to: &out)
                ByteText.append(table, to: &out)
            }
            if let proto {
                ByteText.append("\",\"protocol\":\"", to: &out)
                ByteText.append(proto, to: &out)
            }
            if let scope {
                ByteText.append("\",\"scope\":\"", to: &out)
                ByteText.append(scope, to: &out)
            }
            if let source = route.preferredSource, !hidden.preferredSource {
                ByteText.append("\",\"prefsrc\":\"", to: &out)
                ByteText.append(source, to: &out)
            }
            out.append(UInt8(ascii: "\""))
            if let priority = route.priority, !hidden.metric {
                ByteText.append(",\"metric\":", to: &out)
                ByteText.append(decimal: UInt64(priority), to: &out)
            }
            let flags = route.flags.rawValue
            if flags == 0 {
                ByteText.append(",\"flags\":[]}", to: &out)
            } else {
                ByteText.append(",\"flags\":[", to: &out)
                var first = true
                for (bit, name) in flagNames where flags & bit != 0 {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    out.append(UInt8(ascii: "\""))
                    ByteText.append(name, to: &out)
                    out.append(UInt8(ascii: "\""))
                }
                ByteText.append("]}", to: &out)
            }
        }
        return true
    }

    /// `ip -d route`: the nexthop object of `nhid N`, on a line of its own (`nh_info`).
    static func printNexthopInfo(_ nexthop: Nexthop, printer: Printer, links: [Int32: Link]) {
        // A real line break, also with -o (ip does not use its -o separator here).
        printer.text("\n\tnh_info ")
        printer.openObject("nh_info")
        printer.unsigned("id", UInt64(nexthop.id), text: "id \(nexthop.id) ")
        if !nexthop.group.isEmpty {
            printer.openArray("group")
            printer.text("group ")
            for (position, member) in nexthop.group.enumerated() {
                printer.openObject()
                printer.unsigned("id", UInt64(member.id), text: position == 0 ? "\(member.id)" : "/\(member.id)")
                if member.weight != 1 { printer.unsigned("weight", UInt64(member.weight), text: ",\(member.weight)") }
                printer.closeObject()
            }
            printer.closeArray()
            printer.text(" ")
        }
        if let gateway = nexthop.gateway { printer.string("gateway", "\(gateway)", text: "via \(gateway) ") }
        if let index = nexthop.interfaceIndex {
            printer.string("dev", linkName(index, links: links), text: "dev \(linkName(index, links: links)) ")
        }
        let scope = Names.scopes.name(UInt32(nexthop.scope))
        printer.string("scope", scope, text: "scope \(scope) ")
        if nexthop.isBlackhole { printer.field("blackhole", .null, text: "blackhole ") }
        let proto = Names.protocols.name(UInt32(nexthop.protocol))
        printer.string("protocol", proto, text: "proto \(proto) ")
        printFlags(UInt32(nexthop.flags.rawValue), printer: printer)
        if nexthop.isFDB { printer.field("fdb", .null, text: "fdb ") }
        printer.closeObject()
    }

    /// `realm TO` or `realms FROM/TO`; JSON `"flow": {"from", "to"}`.
    static func printFlow(_ flow: UInt32, printer: Printer) {
        let to = flow & 0xFFFF, from = flow >> 16
        printer.openObject("flow")
        printer.text(from != 0 ? "realms " : "realm ")
        if from != 0 { printer.string("from", Names.realms.name(from), text: "\(Names.realms.name(from))/") }
        printer.string("to", Names.realms.name(to), text: "\(Names.realms.name(to)) ")
        printer.closeObject()
    }

    static func printCacheInfo(_ info: RouteCacheInfo, printer: Printer, statistics: Bool) {
        if info.expires != 0 {
            let seconds = info.expires / 100
            printer.signed("expires", Int64(seconds), text: "expires \(seconds)sec ")
        }
        if info.error != 0 {
            printer.unsigned("error", UInt64(info.error), text: "error \(info.error) ")
        }
        if statistics {
            printer.unsigned("users", UInt64(info.clientReferences), text: "users \(info.clientReferences) ")
            if info.used != 0 { printer.unsigned("used", UInt64(info.used), text: "used \(info.used) ") }
            if info.lastUse != 0 { printer.unsigned("age", UInt64(info.lastUse / 100), text: "age \(info.lastUse / 100)sec ") }
        }
        if info.id != 0 {
            let hex = String(info.id, radix: 16)
            let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            printer.string("ipid", "0x\(padded)", text: "ipid 0x\(padded) ")
        }
    }
}

extension String {
    /// `%f`-like rendering with six decimals (for ``RouteCommand/formatG(_:)``).
    init(format6 value: Double) {
        let scaled = (value * 1_000_000).rounded()
        let whole = Int64(scaled) / 1_000_000
        let fraction = Int64(scaled) % 1_000_000
        let digits = String(fraction)
        self = "\(whole)." + String(repeating: "0", count: 6 - digits.count) + digits
    }
}
