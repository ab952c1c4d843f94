import Glibc
import Netlink
import Synchronization
import NetlinkCore
import NetlinkRoute

/// `nlctl monitor`: `ip monitor`'s lines for every change the kernel announces.
///
/// Text output is `ip monitor`'s: the show format of each object, `Deleted ` before removals,
/// `[LINK]`-style banners with `all` or `label`, `Timestamp: ...` lines with `-t` (`[...]` with `-ts`).
/// With `-j` (which `ip` 6.1 does not have for monitor) each event is one JSON object on one line:
/// `"event"` (`link`, `address`, `route`, `neigh`, `rule`, `nexthop`, `netconf`, `nsid`),
/// `"deleted": true` for removals, `"nsid"` for events from another namespace (`all-nsid`), then the
/// object as `nlctl -j OBJECT show` prints it: its fields inline for links and addresses (with
/// `ifindex`/`ifname` for an address), under a key named after the event for the others
/// (`{"event":"route","route":{...}}`). An overrun prints `Overrun: events were lost (N dropped)` (or
/// `{"event":"overrun","drops":N}`): a mirror of the kernel's state must re-dump. N counts the
/// messages the kernel dropped since the previous overrun line, so the sum over a run is the socket's
/// drop counter (`Drops` of /proc/net/netlink); drops that come after the kernel's one `ENOBUFS` per
/// episode get a further line once the queue has drained.
///
/// `nlctl monitor mirror [ duration SECONDS ]` keeps a ``RouteMirror`` (links, addresses, routes,
/// neighbours, nexthops) instead of printing events: it prints one line per re-dump (why, and what
/// it repaired), and at exit — after SECONDS, or on SIGINT/SIGTERM — syncs and prints the table:
/// a summary line, then every IPv4 and IPv6 route as `ip route show table all` prints it.
enum MonitorCommand {
    static let usage = """
        Usage: nlctl monitor [ all | OBJECTS ] [ label ] [ all-nsid ] [ dev DEVICE ] [ file FILENAME ]
               nlctl monitor mirror [ duration SECONDS ]
               nlctl monitor proc [ KIND ... ]
        OBJECTS :=  address | link | neigh | netconf | nexthop | nsid | route | rule
        """

    enum Object: String, CaseIterable {
        case link, address, route, neigh, netconf, rule, nsid, nexthop

        var banner: String {
            switch self {
            case .link: "[LINK]"
            case .address: "[ADDR]"
            case .route: "[ROUTE]"
            case .neigh: "[NEIGH]"
            case .netconf: "[NETCONF]"
            case .rule: "[RULE]"
            case .nsid: "[NSID]"
            case .nexthop: "[NEXTHOP]"
            }
        }

        /// The rtnetlink groups of the object (`RTNLGRP_*`).
        var groups: [UInt32] { groups(family: .unspecified) }

        /// The groups ip 6.1 joins for the object under `-4`, `-6`, `-M` ... (every family's when
        /// none is given): addresses, routes, netconf and rules of that family only.
        func groups(family: GlobalOptions.Family) -> [UInt32] {
            func pick(_ inet: UInt32?, _ inet6: UInt32?, _ mpls: UInt32? = nil) -> [UInt32] {
                switch family {
                case .unspecified: [inet, inet6, mpls].compactMap { $0 }
                case .inet: inet.map { [$0] } ?? []
                case .inet6: inet6.map { [$0] } ?? []
                case .mpls: mpls.map { [$0] } ?? []
                case .link, .bridge: []
                }
            }
            switch self {
            case .link: return [1]
            case .address: return pick(5, 9)
            case .route: return pick(7, 11, 27)
            case .neigh: return [3]
            case .netconf: return pick(24, 25, 29)
            case .rule: return pick(8, 19)
            case .nsid: return [28]
            case .nexthop: return [32]
            }
        }
    }

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        if words.current == "proc" {
            _ = words.next()
            try await ProcMonitorCommand.run(&words, context: context)
            return
        }
        if words.current == "mirror" {
            _ = words.next()
            try await runMirror(&words, context: context)
            return
        }
        var objects: [Object] = []
        var banner = false
        var allNamespaces = false
        var device: String?
        var file: String?
        while let word = words.next() {
            if matches(word, "file") {
                file = try words.argument(of: word)
                continue
            }
            if matches(word, "label") {
                banner = true
                continue
            }
            if matches(word, "help") { throw CommandError(usage, status: 255) }
            switch word {
            case "all":
                objects = Object.allCases
                banner = true
            case "all-nsid": allNamespaces = true
            case "dev": device = try words.argument(of: word)
            default:
                if matches(word, "link") { objects.append(.link) }
                else if matches(word, "address") { objects.append(.address) }
                else if matches(word, "route") { objects.append(.route) }
                else if matches(word, "neigh") { objects.append(.neigh) }
                else if matches(word, "netconf") { objects.append(.netconf) }
                else if matches(word, "rule") { objects.append(.rule) }
                else if matches(word, "nsid") { objects.append(.nsid) }
                else if matches(word, "nexthop") { objects.append(.nexthop) }
                else { throw CommandError("Argument \"\(word)\" is unknown, try \"nlctl monitor help\".", status: 255) }
            }
        }
        if objects.isEmpty { objects = Object.allCases }
        if let file {
            try await replay(file: file, banner: banner, context: context)
            return
        }
        var deviceIndex: Int32?
        if let device {
            guard let index = try await context.index(ofLink: device) else {
                throw CommandError.invalidArgument(device, "Device does not exist\n")
            }
            deviceIndex = index
        }
        _ = try await context.links()
        let connection = try context.connection()
        var configuration = NetlinkConnection.Configuration()
        configuration.listenAllNamespaceIDs = allNamespaces
        configuration.receiveBufferSize = 4 << 20
        let subscription: NetlinkConnection
        do {
            let family = context.options.family
            subscription = try await connection.subscribe(
                groups: Array(Set(objects.flatMap { $0.groups(family: family) })).sorted(), configuration: configuration)
        } catch {
            throw CommandError("Failed to join the multicast groups: \(error.iproute2Description)", status: 1)
        }
        let wanted = Set(objects)
        do {
            for try await event in subscription.events {
                switch event {
                case .overrun(let drops):
                    if context.options.json {
                        context.printer.output.write("{\"event\":\"overrun\"" + (drops.map { ",\"drops\":\($0)" } ?? "") + "}\n")
                    } else {
                        context.printer.output.write("Overrun: events were lost" + (drops.map { " (\($0) dropped)" } ?? "") + "\n")
                    }
                    context.printer.output.flush()
                case .notification(let datagram):
                    try await handle(datagram, wanted: wanted, banner: banner, deviceIndex: deviceIndex, context: context)
                }
            }
        } catch let error as NetlinkError {
            throw CommandError.netlink(error, status: 1)
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("\(error)", status: 1)
        }
    }

    static func object(of type: UInt16) -> (Object, deleted: Bool)? {
        switch type {
        case 16: (.link, false)
        case 17: (.link, true)
        case 20: (.address, false)
        case 21: (.address, true)
        case 24: (.route, false)
        case 25: (.route, true)
        case 28: (.neigh, false)
        case 29: (.neigh, true)
        case 32: (.rule, false)
        case 33: (.rule, true)
        case 80: (.netconf, false)
        case 81: (.netconf, true)
        case 88: (.nsid, false)
        case 89: (.nsid, true)
        case 104: (.nexthop, false)
        case 105: (.nexthop, true)
        default: nil
        }
    }

    /// The object a message is about, whether it is a deletion, and its value; `nil` for a type
    /// the monitor does not print.
    static func decode(_ message: borrowing NetlinkMessage) throws -> (Object, Bool, Decoded)? {
        guard let (object, deleted) = object(of: message.type.rawValue) else { return nil }
        switch object {
        case .link: return (object, deleted, .link(try Link(decoding: message)))
        case .address: return (object, deleted, .address(try InterfaceAddress(decoding: message)))
        case .route: return (object, deleted, .route(try Route(decoding: message)))
        case .neigh: return (object, deleted, .neigh(try Neighbor(decoding: message)))
        case .rule: return (object, deleted, .rule(try Rule(decoding: message)))
        case .nexthop: return (object, deleted, .nexthop(try NexthopCommand.Entry(decoding: message)))
        case .netconf: return (object, deleted, .netconf(try Netconf(decoding: message)))
        case .nsid:
            var id: Int32?
            var attributes = try message.attributes(afterFixedHeader: 4)
            while let attribute = try attributes.next() {
                if attribute.type == NamespaceIDAttribute.id { id = try attribute.int32(.host) }
            }
            return (object, deleted, .nsid(id ?? -1))
        }
    }

    /// `-echo`: the first message the kernel echoed of a change (`NLM_F_ECHO`), printed as ip's
    /// `rtnl_echo_talk` prints it — the monitor's line without a banner; in JSON an array of one
    /// object (ip 6.1 opens that object twice, `[{{...}}]`, which is not JSON; nlctl's is).
    static func printEcho(_ ack: NetlinkAcknowledgement, context: Context) async {
        // ip's rtnl_talk keeps the first answer only (deleting a primary address echoes its
        // secondaries' deletions too: ip prints the first).
        var events: [(Object, Bool, Decoded)] = []
        try? ack.forEachReply { message in
            if events.isEmpty, let event = try decode(message) { events.append(event) }
        }
        guard !events.isEmpty else { return }
        let links = (try? await context.links()) ?? [:]
        let printer = context.printer
        for (_, deleted, decoded) in events {
            // Links, addresses and IDs are printed into an object opened here; the others open their own.
            let wrapped: Bool
            switch decoded {
            case .link, .address, .nsid: wrapped = true
            default: wrapped = false
            }
            printer.begin()
            if wrapped { printer.openObject() }
            if deleted, !decoded.printsDeletedItself {
                if wrapped { printer.json("deleted", .bool(true)) }
                printer.text("Deleted ")
            }
            await printDecoded(decoded, deleted: deleted, links: links, context: context, keyed: false)
            if wrapped { printer.closeObject() }
            printer.finish()
        }
    }

    /// One event's object (the monitor's line after its banner and `Deleted `).
    /// `keyed`: in the monitor's JSON each object sits under its kind (`"route":{...}`); an echo's
    /// is the object itself.
    static func printDecoded(_ decoded: Decoded, deleted: Bool, links: [Int32: Link], context: Context, keyed: Bool = true) async {
        let printer = context.printer
        defer { if !keyed { printer.nextObjectKey = nil } }
        switch decoded {
        case .link(let link):
            LinkCommand.printLink(link, links: links, context: context, linkMode: false, showQueue: false)
        case .address(let address):
            let name = links[address.index]?.name ?? "if\(address.index)"
            // The monitor's keys; an echo is ip's print_addrinfo under -echo: "index" and "dev".
            printer.json(keyed ? "ifindex" : "index", .signed(Int64(address.index)))
            printer.json(keyed ? "ifname" : "dev", .string(name))
            printer.text("\(address.index): \(name)")
            AddressCommand.printAddress(address, printer: printer)
        case .route(let route):
            if keyed { printer.nextObjectKey = "route" }
            RouteCommand.printRoute(route, printer: printer, links: links, hidden: RouteCommand.Hidden(), details: context.options.details > 0)
        case .neigh(let neighbor):
            if keyed { printer.nextObjectKey = "neigh" }
            await NeighborCommand.printNeighbor(neighbor, printer: printer, context: context, showDevice: true, deleted: deleted)
        case .rule(let rule):
            if keyed { printer.nextObjectKey = "rule" }
            await RuleCommand.printRule(rule, printer: printer, context: context)
        case .nexthop(let entry):
            if keyed { printer.nextObjectKey = "nexthop" }
            await NexthopCommand.printNexthop(entry, context: context)
        case .netconf(let netconf):
            if keyed { printer.nextObjectKey = "netconf" }
            await NetconfCommand.printNetconf(netconf, printer: printer, context: context)
        case .nsid(let id):
            printer.json("id", .signed(Int64(id)))
            printer.text("nsid \(id)\n")
        }
    }

    static func handle(
        _ datagram: NetlinkDatagram, wanted: Set<Object>, banner: Bool, deviceIndex: Int32?, context: Context
    ) async throws {
        // Decode first (views cannot cross an await), then print.
        var events: [(Object, Bool, Decoded)] = []
        try datagram.forEachMessage { message in
            if let event = try decode(message), wanted.contains(event.0) { events.append(event) }
        }
        for (object, deleted, decoded) in events {
            try await printEvent(object, deleted: deleted, decoded, namespaceID: datagram.info.namespaceID, banner: banner, deviceIndex: deviceIndex, context: context)
        }
    }

    /// `monitor file FILENAME`: the netlink messages of a file (as `rtmon` writes them: headers
    /// included, no magic number; its `NLMSG_TSTAMP` records as ip's `Timestamp:` lines), printed
    /// as the monitor prints events. A link is named from the file's own messages, else asked of
    /// the namespace's kernel (ip's `ll_index_to_name`), as a live monitor does. Every object,
    /// whatever the objects named; cloned routes left out; `NLMSG_ERROR`/`NOOP`/`DONE` skipped; a
    /// type ip does not know is ip's "Unknown message" line. Messages ip prints that nlctl's
    /// monitor does not (address labels, prefixes, statistics, nexthop buckets, multicast routes)
    /// are named on standard error, one line each, and the file goes on.
    static func replay(file: String, banner: Bool, context: Context) async throws(CommandError) {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CommandError("Cannot fopen: \(String(cString: strerror(errno)))", status: 255)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        close(descriptor)
        let notPrinted: [UInt16: String] = [
            52: "RTM_NEWPREFIX", 72: "RTM_NEWADDRLABEL", 73: "RTM_DELADDRLABEL", 92: "RTM_NEWSTATS",
            116: "RTM_NEWNEXTHOPBUCKET", 117: "RTM_DELNEXTHOPBUCKET",
        ]
        try await SavedDump.forEachMessage(in: bytes, status: 1, offset: 0) { message throws(CommandError) in
            let (type, flags) = SavedDump.typeAndFlags(message)
            if type == 1 || type == 2 || type == 3 { return }   // NLMSG_NOOP, ERROR, DONE
            if type == 15 {   // NLMSG_TSTAMP (rtmon): seconds and microseconds
                guard message.count >= 24 else { return }
                let (seconds, microseconds) = message.withUnsafeBytes {
                    ($0.loadUnaligned(fromByteOffset: 16, as: UInt32.self), $0.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
                }
                var time = time_t(seconds)
                var parts = tm()
                localtime_r(&time, &parts)
                var buffer = [CChar](repeating: 0, count: 64)
                asctime_r(&parts, &buffer)
                var text = String(cString: buffer)
                if text.hasSuffix("\n") { text.removeLast() }
                context.printer.output.write("Timestamp: \(text) \(microseconds) us\n")
                return
            }
            // A route: cloned ones are skipped; multicast routes (families 128, 129) are not printed here.
            if (type == 24 || type == 25) && message.count >= 28 {
                let routeFlags = message.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 24, as: UInt32.self) }
                if routeFlags & 0x200 != 0 { return }
                if message[16] == 128 || message[16] == 129 {
                    printError("nlctl monitor file: multicast routes are not printed by nlctl yet")
                    return
                }
            }
            let kind: UInt16 = type == 30 ? 28 : type   // RTM_GETNEIGH printed as a neighbour, as ip does
            if let name = notPrinted[type] {
                printError("nlctl monitor file: \(name) messages are not printed by nlctl yet")
                return
            }
            guard let (object, deleted) = object(of: kind) else {
                func hex8(_ value: Int) -> String {
                    let digits = String(value, radix: 16)
                    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
                }
                let length = message.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) }
                printError("Unknown message: type=\(hex8(Int(type)))(\(type)) flags=\(hex8(Int(flags)))(\(flags)) len=\(hex8(length))(\(length))")
                return
            }
            do {
                var patched = message
                if kind != type { withUnsafeBytes(of: kind) { patched.replaceSubrange(4..<6, with: $0) } }
                guard let (_, _, decoded) = try decode(try NetlinkMessage(patched.span.bytes)) else { return }
                try await printEvent(object, deleted: deleted, decoded, namespaceID: nil, banner: banner, deviceIndex: nil, context: context)
            } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError("nlctl monitor file: a malformed message (type \(type)): \(error)", status: 255)
            }
        }
        context.printer.output.flush()
    }

    /// One event as the monitor prints it: the filters of `-4/-6/-B` and `dev`, the link map kept
    /// current, then the timestamp, the banner, `[nsid N]`, `Deleted ` and the object (text), or
    /// one JSON object on its line.
    static func printEvent(
        _ object: Object, deleted: Bool, _ decoded: Decoded, namespaceID: Int32?, banner: Bool, deviceIndex: Int32?, context: Context
    ) async throws {
        do {
            // ip prints the neighbours of the -4/-6/-B family only.
            if case .neigh(let neighbor) = decoded, context.options.family != .unspecified, neighbor.family.rawValue != context.options.family.number {
                return
            }
            if let deviceIndex {
                switch decoded {
                case .link(let link) where link.index != deviceIndex: return
                case .address(let address) where address.index != deviceIndex: return
                case .route(let route) where route.outputIndex != deviceIndex: return
                case .neigh(let neighbor) where neighbor.index != deviceIndex: return
                default: break
                }
            }
            if case .link(let link) = decoded {
                if !deleted { context.update(link: link) }
                await context.loadNamespaceNames(for: [link])
            }
            let links = (try? await context.links()) ?? [:]
            let json = context.options.json
            if json {
                context.printer = Printer(json: true, pretty: false, oneline: false, output: context.printer.output)
            }
            let printer = context.printer
            printTimestamp(context)
            printer.openObject()
            printer.json("event", .string(object.rawValue))
            if deleted, !decoded.printsDeletedItself { printer.json("deleted", .bool(true)) }
            if let nsid = namespaceID { printer.json("nsid", .signed(Int64(nsid))) }
            if banner { printer.text(object.banner) }
            if let nsid = namespaceID, !json { printer.text("[nsid \(nsid)]") }
            if deleted, !decoded.printsDeletedItself { printer.text("Deleted ") }
            await printDecoded(decoded, deleted: deleted, links: links, context: context)
            printer.closeObject()
            if json {
                printer.flush()
                printer.output.write("\n")
            }
            printer.output.flush()
            if case .link(let link) = decoded, deleted { context.remove(linkIndex: link.index) }
        }
    }

    enum Decoded {
        case link(Link)
        case address(InterfaceAddress)
        case route(Route)
        case neigh(Neighbor)
        case rule(Rule)
        case nexthop(NexthopCommand.Entry)
        case netconf(Netconf)
        case nsid(Int32)

        /// The neighbour printer writes `Deleted ` (and `"deleted"`) itself.
        var printsDeletedItself: Bool {
            if case .neigh = self { return true }
            return false
        }
    }

    static func text(_ buffer: [CChar]) -> String {
        String(rawBytes: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
    }

    /// `Timestamp: Sun Nov 22 17:05:40 2026 513817 usec` (-t), `[2026-11-22T17:05:40.513817] ` (-ts).
    static func printTimestamp(_ context: Context) {
        guard context.options.timestamp, !context.options.json else { return }
        var now = timeval()
        gettimeofday(&now, nil)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let usec = String(now.tv_usec)
        let padded = String(repeating: "0", count: max(0, 6 - usec.count)) + usec
        if context.options.timestampShort {
            strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
            context.printer.output.write("[" + text(buffer) + "." + padded + "] ")
        } else {
            strftime(&buffer, buffer.count, "%a %b %e %H:%M:%S %Y", &parts)
            context.printer.output.write("Timestamp: " + text(buffer) + " \(now.tv_usec) usec\n")
        }
    }
}


/// Set by SIGINT/SIGTERM during `nlctl monitor mirror`.
private let mirrorStopRequested = Atomic<Bool>(false)

extension MonitorCommand {
    /// `nlctl monitor mirror [ duration SECONDS ]`.
    static func runMirror(_ words: inout Words, context: Context) async throws(CommandError) {
        var duration: Duration?
        while let word = words.next() {
            switch word {
            case "duration":
                let text = try words.argument(of: word)
                // At most a year: Int64(seconds * 1000) would trap for 1e16, inf or nan.
                guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 366 * 86_400 else {
                    throw CommandError.invalidArgument(text, "duration")
                }
                duration = .milliseconds(Int64(seconds * 1000))
            case "help": throw CommandError(usage, status: 0)
            default: throw CommandError("Argument \"\(word)\" is unknown, try \"nlctl monitor help\".", status: 255)
            }
        }
        context.reading = .readerThread  // the mirror's re-dumps run beside its event task
        let connection = try context.connection()
        let mirror: RouteMirror
        do {
            mirror = try await RouteMirror.start(connection: connection)
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        signal(SIGINT) { _ in mirrorStopRequested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in mirrorStopRequested.store(true, ordering: .relaxed) }
        let output = context.printer.output
        let json = context.options.json
        // The reporter alone writes until it has ended (awaited below, before the table is printed).
        let shared = UncheckedOutput(output)
        let reporter = Task {
            let output = shared.output
            for await notice in mirror.notices {
                if json {
                    switch notice {
                    case .resynced(let reason, let difference):
                        output.write("{\"event\":\"resync\",\"reason\":\"\(reason)\",\"added\":\(difference.added),\"removed\":\(difference.removed),\"changed\":\(difference.changed)}\n")
                    default:
                        output.write("{\"event\":\"notice\",\"text\":\"\(notice.description.replacingQuotes)\"}\n")
                    }
                } else {
                    output.write("Mirror: \(notice)\n")
                }
                output.flush()
            }
        }
        let started = ContinuousClock.now
        while !mirrorStopRequested.load(ordering: .relaxed) {
            if let duration, ContinuousClock.now - started >= duration { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        do {
            try await mirror.sync()
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        let table = mirror.table
        let statistics = mirror.statistics
        mirror.close()
        _ = await reporter.value
        let links = table.links
        let routes = table.routes.values.sorted { a, b in
            (a.family.rawValue, a.table.rawValue, a.destination?.description ?? "", a.destinationPrefixLength, a.priority ?? 0)
                < (b.family.rawValue, b.table.rawValue, b.destination?.description ?? "", b.destinationPrefixLength, b.priority ?? 0)
        }
        let printer = Printer(json: json, pretty: context.options.pretty, oneline: false, output: output)
        printer.enableColor(context.options.color)
        printer.openObject()
        printer.signed("links", Int64(table.links.count), text: "Mirror table: \(table.links.count) links, ")
        printer.signed("addresses", Int64(table.addresses.count), text: "\(table.addresses.count) addresses, ")
        printer.signed("route_count", Int64(table.routes.count), text: "\(table.routes.count) routes, ")
        printer.signed("neighbours", Int64(table.neighbors.count), text: "\(table.neighbors.count) neighbours, ")
        printer.signed("nexthops", Int64(table.nexthops.count), text: "\(table.nexthops.count) nexthops ")
        printer.signed("events", Int64(statistics.eventsApplied), text: "(\(statistics.eventsApplied) events, ")
        printer.signed("overruns", Int64(statistics.overruns), text: "\(statistics.overruns) overruns, ")
        printer.signed("resyncs", Int64(statistics.resyncs), text: "\(statistics.resyncs) resyncs)\n")
        printer.openArray("routes")
        var hidden = RouteCommand.Hidden()
        hidden.table = false
        for route in routes {
            RouteCommand.printRoute(route, printer: printer, links: links, hidden: hidden, details: context.options.details > 0)
        }
        printer.closeArray()
        printer.closeObject()
        printer.flush()
        if json { output.write("\n") }
        output.flush()
    }
}

extension String {
    /// The string with `"` and `\` escaped, for a JSON string.
    fileprivate var replacingQuotes: String {
        var result = ""
        for character in self {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

/// The output, handed to the reporter task of `monitor mirror`, which alone writes to it until it ends.
private final class UncheckedOutput: @unchecked Sendable {
    let output: BufferedOutput
    init(_ output: BufferedOutput) { self.output = output }
}
