import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

extension RouteCommand {
    enum Change {
        case add, change, replace, prepend, append, test, delete

        var flags: NetlinkMessageFlags {
            switch self {
            case .add: [.create, .exclusive]
            case .change: [.replace]
            case .replace: [.create, .replace]
            case .prepend: [.create]
            case .append: [.create, .append]
            case .test: [.exclusive]
            case .delete: []
            }
        }
    }

    /// ip's `get_time_rtt`: `N` (raw), `Nms`, `Ns`; returns the value and whether it was raw.
    static func parseTime(_ text: String) -> (UInt32, Bool)? {
        if let value = UInt32(text) { return (value, true) }
        if text.hasSuffix("ms"), let value = UInt32(text.dropLast(2)) { return (value, false) }
        if text.hasSuffix("msec"), let value = UInt32(text.dropLast(4)) { return (value, false) }
        if text.hasSuffix("s"), let value = Double(text.dropLast()), value >= 0, value * 1000 <= Double(UInt32.max) {
            return (UInt32(value * 1000), false)
        }
        if text.hasSuffix("sec"), let value = Double(text.dropLast(3)), value >= 0, value * 1000 <= Double(UInt32.max) {
            return (UInt32(value * 1000), false)
        }
        return nil
    }

    static func modify(_ words: inout Words, context: Context, kind: Change) async throws(CommandError) {
        let deleting = kind == .delete
        var family = optionFamily(context)
        var route = initialRoute(deleting: deleting)
        var scope: UInt8?
        var destination: Prefix?
        var tableGiven = false
        var gatewayGiven = false
        var device: String?
        var metrics: [UInt16: UInt32] = [:]
        var lock: UInt32 = 0
        var nexthopWords: [String]?
        var preferredSource: IPAddress?
        // RTA_NEWDST (`as [to] ADDRESS`) and RTA_TTL_PROPAGATE, which Route does not model (MPLS).
        var extra = NetlinkMessageBuilder()

        func metric(_ type: UInt16, _ name: String, _ words: inout Words, time: Int? = nil) throws(CommandError) {
            var text = try words.argument(of: name)
            if text == "lock" {
                lock |= 1 << UInt32(type)
                text = try words.argument(of: name)
            }
            if let time {
                guard let (value, raw) = parseTime(text) else { throw CommandError.invalidArgument(text, "\"\(name)\" value is invalid\n") }
                metrics[type] = raw || time == 1 ? value : value &* UInt32(time)
                return
            }
            guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "\"\(name)\" value is invalid\n") }
            metrics[type] = value
        }

        while let word = words.next() {
            if let first = word.utf8.first, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
                // No keyword starts with a digit: the destination (the common case, checked first
                // for long batches; the same as the last branch below does for it).
                if destination != nil { throw CommandError("Error: either \"to\" is duplicate, or \"\(word)\" is a garbage.", status: 255) }
                let value = try prefix(word, family: family)
                destination = value
                if family == 0 { family = value.family }
                continue
            }
            if word == "dev" || word == "oif" {
                // Exact words no earlier keyword abbreviates: checked first, as common as destinations.
                device = try words.argument(of: word)
                continue
            }
            if word == "src" {
                let text = try words.argument(of: word)
                let value = try address(text, family: family)
                if family == 0 { family = AddressFamily(of: value) }
                preferredSource = value
            } else if word == "via" {
                if gatewayGiven { throw CommandError.invalidArgument("via", "use nexthop syntax to specify multiple via\n") }
                var text = try words.argument(of: word)
                var viaFamily = family
                if text == "inet" { viaFamily = 2; text = try words.argument(of: word) } else if text == "inet6" {
                    viaFamily = 10
                    text = try words.argument(of: word)
                }
                let value = try address(text, family: viaFamily)
                if family == 0 { family = AddressFamily(of: value) }
                if AddressFamily(of: value) == family { route.gateway = value } else { route.via = RouteVia(value) }
                gatewayGiven = true
            } else if word == "from" {
                let value = try prefix(try words.argument(of: word), family: family)
                route.source = value.address
                route.sourcePrefixLength = value.length
            } else if word == "tos" || matches(word, "dsfield") {
                let text = try words.argument(of: word)
                guard let value = parseDSField(text) else { throw CommandError.invalidArgument(text, "TOS value is invalid\n") }
                route.tos = value
            } else if word == "expires" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "\"expires\" value is invalid\n") }
                route.expires = UInt64(value)
            } else if matches(word, "metric") || matches(word, "priority") || word == "preference" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "\"metric\" value is invalid\n") }
                route.priority = value
            } else if matches(word, "scope") {
                let text = try words.argument(of: word)
                guard let value = parseScope(text) else { throw CommandError.invalidArgument(text, "invalid \"scope\" value\n") }
                scope = value
            } else if word == "mtu" {
                try metric(RouteMetric.mtu, "mtu", &words)
            } else if word == "hoplimit" {
                try metric(RouteMetric.hopLimit, "hoplimit", &words)
            } else if word == "advmss" {
                try metric(RouteMetric.advertisedMSS, "mss", &words)
            } else if matches(word, "reordering") {
                try metric(RouteMetric.reordering, "reordering", &words)
            } else if word == "rtt" {
                try metric(RouteMetric.rtt, "rtt", &words, time: 8)
            } else if word == "rto_min" {
                // ip always locks rto_min (and takes no `lock` word for it).
                let text = try words.argument(of: word)
                guard let (value, _) = parseTime(text) else { throw CommandError.invalidArgument(text, "\"rto_min\" value is invalid\n") }
                lock |= 1 << UInt32(RouteMetric.minimumRTO)
                metrics[RouteMetric.minimumRTO] = value
            } else if matches(word, "window") {
                try metric(RouteMetric.window, "window", &words)
            } else if matches(word, "cwnd") {
                try metric(RouteMetric.congestionWindow, "cwnd", &words)
            } else if matches(word, "initcwnd") {
                try metric(RouteMetric.initialCongestionWindow, "initcwnd", &words)
            } else if matches(word, "initrwnd") {
                try metric(RouteMetric.initialReceiveWindow, "initrwnd", &words)
            } else if matches(word, "features") {
                let text = try words.argument(of: word)
                guard text == "ecn" else { throw CommandError.invalidArgument(text, "\"features\" value not valid\n") }
                metrics[RouteMetric.features] = 1
            } else if matches(word, "quickack") {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 1 else { throw CommandError.invalidArgument(text, "\"quickack\" value should be 0 or 1\n") }
                metrics[RouteMetric.quickAck] = value
            } else if matches(word, "congctl") {
                var text = try words.argument(of: word)
                if text == "lock" {
                    lock |= 1 << UInt32(RouteMetric.congestionControl)
                    text = try words.argument(of: word)
                }
                route.congestionControl = text
            } else if matches(word, "rttvar") {
                try metric(RouteMetric.rttVariance, "rttvar", &words, time: 4)
            } else if matches(word, "ssthresh") {
                try metric(RouteMetric.slowStartThreshold, "ssthresh", &words)
            } else if word == "fastopen_no_cookie" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 1 else { throw CommandError.invalidArgument(text, "\"fastopen_no_cookie\" value should be 0 or 1\n") }
                metrics[RouteMetric.fastOpenNoCookie] = value
            } else if word == "onlink" {
                route.flags.insert(.onlink)
            } else if matches(word, "realms") {
                let text = try words.argument(of: word)
                guard let value = parseRealms(text) else { throw CommandError.invalidArgument(text, "\"realm\" value is invalid\n") }
                route.flow = value
            } else if matches(word, "nexthop") {
                nexthopWords = words.remaining
                while words.next() != nil {}
            } else if word == "nhid" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "\"id\" value is invalid\n") }
                route.nexthopID = value
            } else if matches(word, "protocol") {
                let text = try words.argument(of: word)
                guard let value = parseProtocol(text) else { throw CommandError.invalidArgument(text, "\"protocol\" value is invalid\n") }
                route.protocol = RouteProtocol(rawValue: value)
            } else if matches(word, "table") {
                let text = try words.argument(of: word)
                guard let value = parseTable(text) else { throw CommandError.invalidArgument(text, "\"table\" value is invalid\n") }
                route.table = RouteTable(rawValue: value)
                tableGiven = true
            } else if matches(word, "vrf") {
                let name = try words.argument(of: word)
                guard let table = try await vrfTable(name, context: context) else { throw invalidVRF(name) }
                route.table = RouteTable(rawValue: table)
                tableGiven = true
            } else if word == "encap" {
                let (type, attributes) = try await EncapParse.parse(&words, context: context)
                route.encapsulationType = type
                route.encapsulation = attributes
            } else if word == "as" {
                var text = try words.argument(of: word)
                if text == "to" { text = try words.argument(of: word) }
                let value = try address(text, family: family)
                if family == 0 { family = AddressFamily(of: value) }
                try EncapParse.encode { () throws(NetlinkEncodingError) in try extra.appendAttribute(RouteAttribute.newDestination, ip: value) }
            } else if word == "ttl-propagate" {
                let text = try words.argument(of: word)
                let propagate: UInt8
                if matches(text, "enabled") { propagate = 1 } else if matches(text, "disabled") { propagate = 0 } else {
                    throw CommandError.invalidArgument(text, "\"ttl-propagate\" value is invalid\n")
                }
                try EncapParse.encode { () throws(NetlinkEncodingError) in try extra.appendAttribute(RouteAttribute.ttlPropagate, uint8: propagate) }
            } else if word == "dev" || word == "oif" {
                device = try words.argument(of: word)
            } else if word == "pref" {
                let text = try words.argument(of: word)
                switch text {
                case "low": route.preference = 3
                case "medium": route.preference = 0
                case "high": route.preference = 1
                default:
                    guard let value = InetText.unsigned(text), value <= 255 else { throw CommandError.invalidArgument(text, "\"pref\" value is invalid\n") }
                    route.preference = UInt8(value)
                }
            } else {
                var text = word
                if text == "to" { text = try words.argument(of: text) }
                if let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), let type = parseType(text) {
                    route.type = type
                    text = try words.argument(of: text)
                }
                if matches(text, "help") { throw help }
                if destination != nil { throw CommandError("Error: either \"to\" is duplicate, or \"\(text)\" is a garbage.", status: 255) }
                let value = try prefix(text, family: family)
                destination = value
                if family == 0 { family = value.family }
            }
        }
        guard let destination else { throw help }
        route.destination = destination.address
        route.destinationPrefixLength = destination.length
        if let device {
            guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
            route.outputIndex = index
        }
        if lock != 0 { metrics[RouteMetric.lock] = lock }
        route.metrics = metrics
        route.preferredSource = preferredSource
        if let nexthopWords {
            var nexthopCursor = Words(nexthopWords)
            route.multipath = try await parseNexthops(&nexthopCursor, family: &family, context: context)
        }
        completeRoute(&route, family: family, scope: scope, tableGiven: tableGiven, gatewayGiven: gatewayGiven, deleting: deleting)
        try await context.submit(changeRequest(route, kind: kind, extra: extra.bytes))
    }

    /// A route before its words are read: the main table; boot protocol and unicast type for a
    /// new route, unspecified for a deletion (which then matches any).
    static func initialRoute(deleting: Bool) -> Route {
        var route = Route()
        route.table = .main
        route.protocol = deleting ? .unspecified : .boot
        route.type = deleting ? .unspecified : .unicast
        return route
    }

    /// The route's family (IPv4 when nothing said), its table for local, broadcast, NAT and
    /// anycast types, and its scope when none was given: ip's defaults, after the words are read.
    /// Shared by ``modify(_:context:kind:)`` and the byte-level batch path (``BatchRouteLine``).
    static func completeRoute(
        _ route: inout Route, family: AddressFamily, scope: UInt8?, tableGiven: Bool, gatewayGiven: Bool, deleting: Bool
    ) {
        let family = family == 0 ? 2 : family
        route.family = family
        if !tableGiven, [RouteType.local, .broadcast, .nat, .anycast].contains(route.type) { route.table = .local }
        if let scope {
            route.scope = RouteScope(rawValue: scope)
        } else if family == 10 {
            route.scope = .universe
        } else if route.type == .local || route.type == .nat {
            route.scope = .host
        } else if [RouteType.broadcast, .multicast, .anycast].contains(route.type) {
            route.scope = .link
        } else if route.type == .unicast || route.type == .unspecified {
            if deleting {
                route.scope = .nowhere
            } else if !gatewayGiven && route.multipath.isEmpty && route.nexthopID == nil {
                route.scope = .link
            } else {
                route.scope = .universe
            }
        } else {
            route.scope = .universe
        }
    }

    /// The change request of a completed route.
    /// `extra`: attributes already encoded, appended after the route's.
    static func changeRequest(_ route: Route, kind: Change, extra: [UInt8] = []) -> ChangeRequest {
        let deleting = kind == .delete
        return ChangeRequest(
            type: deleting ? RouteMessageType.deleteRoute : RouteMessageType.newRoute, flags: kind.flags,
            fixedHeaderSize: RouteMessage.size
        ) { b in
            try route.encode(into: &b, for: deleting ? .delete : .add)
            b.append(bytes: extra)
        }
    }

    static func parseNexthops(_ words: inout Words, family: inout AddressFamily, context: Context) async throws(CommandError) -> [RouteNexthop] {
        var nexthops: [RouteNexthop] = []
        var current: RouteNexthop?
        while let word = words.next() {
            if word == "nexthop" {
                if let current { nexthops.append(current) }
                current = RouteNexthop()
                continue
            }
            if current == nil { current = RouteNexthop() }
            if word == "via" {
                var text = try words.argument(of: word)
                var viaFamily = family
                if text == "inet" { viaFamily = 2; text = try words.argument(of: word) } else if text == "inet6" {
                    viaFamily = 10
                    text = try words.argument(of: word)
                }
                let value = try address(text, family: viaFamily)
                if family == 0 { family = AddressFamily(of: value) }
                if AddressFamily(of: value) == family { current?.gateway = value } else { current?.via = RouteVia(value) }
            } else if word == "dev" {
                let name = try words.argument(of: word)
                guard let index = try await context.index(ofLink: name) else {
                    throw CommandError("Cannot find device \"\(name)\"\nError: cannot parse nexthop", status: 255)
                }
                current?.outputIndex = index
            } else if matches(word, "realms") {
                let text = try words.argument(of: word)
                guard let value = parseRealms(text) else { throw CommandError.invalidArgument(text, "\"realm\" value is invalid\n") }
                current?.flow = value
            } else if matches(word, "weight") {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value >= 1, value <= 256 else {
                    throw CommandError.invalidArgument(text, "\"weight\" is invalid\n")
                }
                current?.weight = Int(value)
            } else if word == "onlink" {
                current?.flags.insert(.onlink)
            } else if word == "pervasive" {
                current?.flags.insert(.pervasive)
            } else if word == "encap" {
                let (type, attributes) = try await EncapParse.parse(&words, context: context)
                current?.encapsulationType = type
                current?.encapsulation = attributes
            } else {
                throw CommandError("Error: \"nexthop\" or end of line is expected instead of \"\(word)\"", status: 255)
            }
        }
        if let current { nexthops.append(current) }
        return nexthops
    }

    /// ip's `get_rt_realms_or_raw`: `TO`, `FROM/TO` (names from rt_realms or numbers), or a raw 32-bit value.
    static func parseRealms(_ text: String) -> UInt32? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            if let value = Names.realms.number(parts[0]) { return value }
            return nil
        }
        guard let from = Names.realms.number(parts[0]), let to = Names.realms.number(parts[1]), from <= 0xFFFF, to <= 0xFFFF else { return nil }
        return from << 16 | to
    }

    // MARK: get

    static func get(_ words: inout Words, context: Context) async throws(CommandError) {
        var family = optionFamily(context)
        var destination: Prefix?
        var source: Prefix?
        var inputDevice: String?
        var outputDevice: String?
        var mark: UInt32?
        var uid: UInt32?
        var fibMatch = false
        var connected = false
        var tos: UInt8 = 0
        var ipProtocol: UInt8?
        var sourcePort: UInt16?
        var destinationPort: UInt16?
        while let word = words.next() {
            if word == "tos" || matches(word, "dsfield") {
                let text = try words.argument(of: word)
                guard let value = parseDSField(text) else { throw CommandError.invalidArgument(text, "TOS value is invalid\n") }
                tos = value
            } else if matches(word, "from") {
                let value = try prefix(try words.argument(of: word), family: family)
                if family == 0 { family = value.family }
                source = value
            } else if word == "iif" || word == "input" {
                inputDevice = try words.argument(of: word)
            } else if matches(word, "mark") {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "mark value is invalid\n") }
                mark = value
            } else if matches(word, "oif") || word == "dev" {
                outputDevice = try words.argument(of: word)
            } else if matches(word, "vrf") {
                let name = try words.argument(of: word)
                guard try await vrfTable(name, context: context) != nil else { throw invalidVRF(name) }
                outputDevice = name
            } else if matches(word, "notify") {
                continue
            } else if matches(word, "connected") {
                connected = true
            } else if matches(word, "uid") {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid UID\n") }
                uid = value
            } else if matches(word, "fibmatch") {
                fibMatch = true
            } else if word == "ipproto" {
                let text = try words.argument(of: word)
                if let value = UInt8(text) {
                    ipProtocol = value
                } else if let entry = getprotobyname(text) {
                    ipProtocol = UInt8(truncatingIfNeeded: entry.pointee.p_proto)
                } else {
                    throw CommandError.invalidArgument(text, "Invalid \"ipproto\" value\n")
                }
            } else if word == "sport" {
                let text = try words.argument(of: word)
                guard let value = UInt16(text) else { throw CommandError.invalidArgument(text, "invalid sport\n") }
                sourcePort = value
            } else if word == "dport" {
                let text = try words.argument(of: word)
                guard let value = UInt16(text) else { throw CommandError.invalidArgument(text, "invalid dport\n") }
                destinationPort = value
            } else {
                var text = word
                if matches(text, "to") { text = try words.argument(of: text) }
                if matches(text, "help") { throw help }
                let value = try prefix(text, family: family)
                if family == 0 { family = value.family }
                destination = value
            }
        }
        guard var destination else { throw CommandError("need at least a destination address", status: 1) }
        let full: UInt8 = destination.family == 10 ? 128 : 32
        if destination.address != nil, destination.length != full {
            let warning = "Warning: /\(destination.length) as prefix is invalid, only /\(full) (or none) is supported.\n"
            _ = warning.withCString { write(2, $0, strlen($0)) }
        }
        destination.length = full
        var inputIndex: Int32?
        var outputIndex: Int32?
        if let inputDevice {
            guard let index = try await context.index(ofLink: inputDevice) else { throw CommandError.cannotFindDevice(inputDevice) }
            inputIndex = index
        }
        if let outputDevice {
            guard let index = try await context.index(ofLink: outputDevice) else { throw CommandError.cannotFindDevice(outputDevice) }
            outputIndex = index
        }
        let target = destination.address ?? (family == 10 ? .v6(IPv6Address(bytes: [UInt8](repeating: 0, count: 16))!) : .v4(IPv4Address(0, 0, 0, 0)))
        let connection = try context.connection()
        func lookup() async throws(CommandError) -> RouteLookup {
            do throws(NetlinkError) {
                return try await connection.lookupRoute(
                    to: target, prefixLength: destination.length, from: source?.address, sourcePrefixLength: source?.length ?? 0,
                    inputIndex: inputIndex, outputIndex: outputIndex, mark: mark, uid: uid, fibMatch: fibMatch, tos: tos,
                    ipProtocol: ipProtocol, sourcePort: sourcePort, destinationPort: destinationPort)
            } catch {
                throw CommandError.netlink(error)
            }
        }
        var result = try await lookup()
        let links = try await context.links()
        let printer = context.printer
        printer.begin()
        if connected && source == nil {
            // ip prints the answer, then (needing a source address) asks the same question again
            // and prints the second answer too.
            printRoute(result.route, printer: printer, links: links, hidden: Hidden(), details: context.options.details > 0,
                uid: result.uid, statistics: context.options.statistics > 0)
            if result.route.preferredSource == nil && result.route.source == nil {
                printer.flush()
                throw CommandError("Failed to connect the route", status: 255)
            }
            do {
                result = try await lookup()
            } catch {
                printer.flush()
                throw error
            }
            if printer.isJSON {
                // ip closes its JSON output after the first answer and prints the second as text.
                printer.finish()
                let text = Printer(json: false, pretty: false, oneline: context.options.oneline, output: printer.output)
                printRoute(result.route, printer: text, links: links, hidden: Hidden(), details: context.options.details > 0,
                    uid: result.uid, statistics: context.options.statistics > 0)
                text.finish()
                return
            }
        }
        printRoute(result.route, printer: printer, links: links, hidden: Hidden(), details: context.options.details > 0,
            uid: result.uid, statistics: context.options.statistics > 0)
        printer.finish()
    }
}
