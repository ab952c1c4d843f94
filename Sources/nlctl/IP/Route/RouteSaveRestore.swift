import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl route save | restore | showdump`: ip 6.1's binary route dump — a 32-bit magic number in
/// host order, then the `RTM_NEWROUTE` messages of the dump exactly as the kernel sent them
/// (headers included) — written, replayed into the kernel, or printed as `route show` prints.
enum RouteSaveRestore {
    static let magic: UInt32 = 0x4531_1224

    /// ip's `save_route_prep`, before the selectors are read: never binary to a terminal, then the
    /// magic number.
    static func beginSave(context: Context) throws(CommandError) {
        if isatty(1) != 0 { throw CommandError("Not sending a binary stream to stdout", status: 1) }
        withUnsafeBytes(of: magic) { context.printer.output.write(bytes: $0) }
    }

    /// The routes the selectors keep, each message as the kernel sent it.
    static func save(
        _ selector: RouteCommand.Selector, family: AddressFamily, request: RouteFilter, connection: NetlinkConnection, context: Context
    ) async throws(CommandError) {
        let output = context.printer.output
        let dump = connection.routeDump(filter: request, acceptInterrupted: true)
        do throws(NetlinkError) {
            for try await datagram in dump {
                do {
                    try datagram.forEachMessage { message in
                        guard message.type == RouteMessageType.newRoute else { return }
                        let route = try Route(decoding: message)
                        guard request.matches(route) && selector.accepts(route, family: family) else { return }
                        message.bytes.withUnsafeBytes { output.write(bytes: $0) }
                    }
                } catch {
                    throw NetlinkError(.malformedReply, sequence: datagram.sequence, decodingError: error as? NetlinkDecodingError)
                }
            }
        } catch {
            output.flush()
            throw CommandError(error.iproute2Description + "\nDump terminated", status: 2)
        }
        output.flush()
    }

    /// Standard input, checked as ip checks it: not a terminal, the magic number first. Returns the
    /// bytes after the magic number.
    static func readDump() throws(CommandError) -> [UInt8] {
        if isatty(0) != 0 { throw CommandError("Can't restore route dump from a terminal", status: 1) }
        var input: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(0, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            input += chunk[0..<count]
        }
        // ip's fread of one 4-byte element: a shorter file still fills the bytes it has.
        var found: UInt32 = 0
        withUnsafeMutableBytes(of: &found) { for (index, byte) in input.prefix(4).enumerated() { $0[index] = byte } }
        guard found == magic, input.count >= 4 else {
            throw CommandError("Magic mismatch (\(input.count >= 4 ? 1 : 0) elems, \(String(found, radix: 16)) magic)", status: 1)
        }
        return Array(input[4...])
    }

    /// ip's `rtnl_from_file`: each message whole (a 16 KiB limit, as ip's buffer), in order;
    /// a truncated or malformed one ends the walk with ip's message.
    static func forEachMessage(in bytes: [UInt8], _ body: ([UInt8]) async throws(CommandError) -> Void) async throws(CommandError) {
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 16 else { throw CommandError("rtnl-from_file: truncated message", status: 2) }
            let length = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) })
            guard length >= 16, length <= 16_384 else {
                throw CommandError("!!!malformed message: len=\(length) @\(offset + 4 + 16)", status: 2)
            }
            let aligned = (length - 16 + 3) & ~3
            guard bytes.count - offset - 16 >= aligned else { throw CommandError("rtnl-from_file: truncated message", status: 2) }
            try await body(Array(bytes[offset..<(offset + length)]))
            offset += 16 + aligned
        }
    }

    /// `showdump`: every route of the file as `route show table all` prints it (in text, also with
    /// `-j`, as ip), cloned routes left out; `-4`/`-6` keep one family.
    static func showdump(context: Context) async throws(CommandError) {
        let bytes = try readDump()
        let family = RouteCommand.optionFamily(context)
        let selector = RouteCommand.Selector(table: 0)
        let links = try await context.links()
        var names = RouteCommand.TextNames(links: links)
        let printer = Printer(json: false, pretty: false, oneline: context.options.oneline, output: context.printer.output)
        try await forEachMessage(in: bytes) { message throws(CommandError) in
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
        let bytes = try readDump()
        if lseek(0, 0, SEEK_CUR) < 0 {
            throw CommandError("Failed to restore: ftell: " + String(cString: strerror(errno)), status: 1)
        }
        let connection = try context.connection()
        for pass in 0..<3 {
            try await forEachMessage(in: bytes) { message throws(CommandError) in
                guard try pass == priority(of: message) else { return }
                let type = message.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt16.self) }
                let flags = message.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 6, as: UInt16.self) }
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
