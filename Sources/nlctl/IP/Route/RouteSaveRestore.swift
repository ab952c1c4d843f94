import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl route save | restore | showdump`: ip 6.1's binary route dump — a 32-bit magic number in
/// host order, then the `RTM_NEWROUTE` messages of the dump exactly as the kernel sent them
/// (headers included) — written, replayed into the kernel, or printed as `route show` prints.
enum RouteSaveRestore {
    static let magic: UInt32 = 0x4531_1224

    /// ip's `save_route_prep`, before the selectors are read.
    static func beginSave(context: Context) throws(CommandError) {
        try SavedDump.beginSave(magic: magic, output: context.printer.output)
    }

    /// The routes the selectors keep, each message as the kernel sent it.
    static func save(
        _ selector: RouteCommand.Selector, family: AddressFamily, request: RouteFilter, connection: NetlinkConnection, context: Context
    ) async throws(CommandError) {
        let output = context.printer.output
        let dump = connection.routeDump(filter: request, acceptInterrupted: true)
        do throws(NetlinkError) {
            try await dump.forEachMessage { message in
                guard message.type == RouteMessageType.newRoute else { return }
                let route = try Route(decoding: message)
                guard request.matches(route) && selector.accepts(route, family: family) else { return }
                message.bytes.withUnsafeBytes { output.write(bytes: $0) }
            }
        } catch {
            output.flush()
            throw CommandError(error.iproute2Description + "\nDump terminated", status: 2)
        }
        output.flush()
    }

    /// `showdump`: every route of the file as `route show table all` prints it (in text, also with
    /// `-j`, as ip), cloned routes left out; `-4`/`-6` keep one family.
    static func showdump(context: Context) async throws(CommandError) {
        let bytes = try SavedDump.read(magic: magic, object: "route", status: 1)
        let family = RouteCommand.optionFamily(context)
        let selector = RouteCommand.Selector(table: 0)
        let links = try await context.links()
        var names = RouteCommand.TextNames(links: links)
        let printer = Printer(json: false, pretty: false, oneline: context.options.oneline, output: context.printer.output)
        try await SavedDump.forEachMessage(in: bytes, status: 2) { message throws(CommandError) in
            let route: Route
            do {
                route = try Route(decoding: try NetlinkMessage(message.span.bytes))
            } catch {
                throw CommandError("netlink: malformed route in the dump: \(error)", status: 2)
            }
            guard selector.accepts(route, family: family) else { return }
            RouteCommand.printListed(
                route, printer: printer, compact: false, names: &names, links: links, hidden: RouteCommand.Hidden(),
                details: context.options.details > 0, statistics: context.options.statistics > 0, nexthops: [:])
        }
        printer.finish()
    }

    /// `restore`: the file's routes sent back (`NLM_F_CREATE`, each acknowledged) in ip's three
    /// passes — routes to local addresses, then to local networks, then through gateways — the
    /// kernel's error printed for each refusal; a route that exists already does not stop it.
    /// Like ip, standard input must be seekable (a file, not a pipe).
    static func restore(context: Context) async throws(CommandError) {
        let bytes = try SavedDump.read(magic: magic, object: "route", status: 1)
        if lseek(0, 0, SEEK_CUR) < 0 {
            throw CommandError("Failed to restore: ftell: " + String(cString: strerror(errno)), status: 1)
        }
        let connection = try context.connection()
        for pass in 0..<3 {
            try await SavedDump.forEachMessage(in: bytes, status: 2) { message throws(CommandError) in
                guard try pass == priority(of: message) else { return }
                let (type, flags) = SavedDump.typeAndFlags(message)
                do throws(NetlinkError) {
                    try await connection.execute(
                        type: NetlinkMessageType(type), flags: NetlinkMessageFlags(rawValue: flags).union(.create),
                        fixedHeaderSize: RouteMessage.size
                    ) { b in b.append(bytes: message[16...]) }
                } catch where error.errno == .fileExists {
                    printError(error.iproute2Description)  // ip says so, and goes on
                } catch {
                    throw CommandError(error.iproute2Description, status: 2)
                }
            }
        }
    }

    /// ip's `restore_handler` order: 0 without a gateway and without a preferred source other than
    /// the destination itself, 1 without a gateway with another preferred source, 2 with a gateway.
    static func priority(of message: [UInt8]) throws(CommandError) -> Int {
        var gateway = false
        var source: [UInt8]?
        var destination: [UInt8]?
        do {
            let view = try NetlinkMessage(message.span.bytes)
            var attributes = try view.attributes(afterFixedHeader: RouteMessage.size)
            while let attribute = try attributes.next() {
                switch attribute.type {
                case RouteAttribute.gateway: gateway = true
                case RouteAttribute.preferredSource: source = attribute.bytes()
                case RouteAttribute.destination: destination = attribute.bytes()
                default: continue
                }
            }
        } catch {
            throw CommandError("netlink: malformed route in the dump: \(error)", status: 2)
        }
        if gateway { return 2 }
        guard let source else { return 0 }
        return source == destination ? 0 : 1
    }
}
