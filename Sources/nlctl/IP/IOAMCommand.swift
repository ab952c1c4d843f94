import Netlink
import NetlinkCore
import NetlinkGeneric

/// `nlctl ioam`: ip 6.1's `ip ioam` over the `IOAM6` generic netlink family — namespaces (show, add
/// with data and wide data, del, set schema) and schemas (show, add, del) — with ip's words,
/// errors, exit statuses and text. `-j` keeps ip's keys; a schema's data is an array of its bytes
/// (ip writes them under empty keys, which is not valid JSON).
enum IOAMCommand {
    static let usage = """
        Usage:\tnlctl ioam { COMMAND | help }
        \tnlctl ioam namespace show
        \tnlctl ioam namespace add ID [ data DATA32 ] [ wide DATA64 ]
        \tnlctl ioam namespace del ID
        \tnlctl ioam schema show
        \tnlctl ioam schema add ID DATA
        \tnlctl ioam schema del ID
        \tnlctl ioam namespace set ID schema { ID | none }
        """

    /// ip's `get_u64(…, 16)`: `strtoull` in base 16, an optional `0x`, the whole word.
    static func hex64(_ text: String) -> UInt64? {
        var body = Substring(text)
        while body.first == " " || body.first == "\t" { body.removeFirst() }
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body.removeFirst()
        }
        if body.hasPrefix("0x") || body.hasPrefix("0X"), body.count > 2 { body = body.dropFirst(2) }
        guard !body.isEmpty, let value = UInt64(body, radix: 16) else { return nil }
        // ip refuses only an overflow (ULLONG_MAX with ERANGE); a sign wraps, as strtoull does.
        return negative ? 0 &- value : value
    }

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let object = words.next(), object != "help" else { throw CommandError(usage, status: 255) }
        if object == "namespace" {
            let command = try words.argument(of: object)
            switch command {
            case "show": return try await showNamespaces(context: context)
            case "add":
                let id = try words.number(of: command, maximum: 0xFFFF, reason: "Invalid namespace ID")
                var namespace = IOAM6Namespace(id: UInt16(id))
                var mayBeWide = false
                if let word = words.next() {
                    if word == "data" {
                        namespace.data = try words.number(of: word, reason: "Invalid data")
                        mayBeWide = true
                    } else if word == "wide" {
                        let text = try words.argument(of: word)
                        guard let value = hex64(text) else { throw CommandError.invalidArgument(text, "Invalid wide data") }
                        namespace.wideData = value
                    } else {
                        throw CommandError.invalidArgument(word, "Invalid argument")
                    }
                }
                if let word = words.next() {
                    guard mayBeWide, word == "wide" else { throw CommandError.invalidArgument(word, "Unexpected argument") }
                    let text = try words.argument(of: word)
                    guard let value = hex64(text) else { throw CommandError.invalidArgument(text, "Invalid wide data") }
                    namespace.wideData = value
                }
                return try await change(context: context) { (connection, id) async throws(NetlinkError) in
                    try await connection.addIOAM6Namespace(namespace, familyID: id)
                }
            case "del":
                let id = try words.number(of: command, maximum: 0xFFFF, reason: "Invalid namespace ID")
                return try await change(context: context) { (connection, family) async throws(NetlinkError) in
                    try await connection.deleteIOAM6Namespace(UInt16(id), familyID: family)
                }
            case "set":
                let id = try words.number(of: command, maximum: 0xFFFF, reason: "Invalid namespace ID")
                let keyword = try words.argument(of: command)
                guard keyword == "schema" else { throw CommandError.invalidArgument(keyword, "Unknown") }
                let text = try words.argument(of: keyword)
                var schema: UInt32?
                if text != "none" {
                    guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "Invalid schema ID") }
                    schema = value
                }
                return try await change(context: context) { (connection, family) async throws(NetlinkError) in
                    try await connection.setIOAM6NamespaceSchema(UInt16(id), schema: schema, familyID: family)
                }
            default: throw CommandError.invalidArgument(command, "Unknown")
            }
        }
        if object == "schema" {
            let command = try words.argument(of: object)
            switch command {
            case "show": return try await showSchemas(context: context)
            case "add":
                let id = try words.number(of: command, reason: "Invalid schema ID")
                let text = try words.argument(of: command)
                let data = text.rawBytes
                guard data.count <= IOAM6.maximumSchemaData else { throw CommandError.invalidArgument(text, "Schema DATA too big") }
                return try await change(context: context) { (connection, family) async throws(NetlinkError) in
                    try await connection.addIOAM6Schema(id: id, data: data, familyID: family)
                }
            case "del":
                let id = try words.number(of: command, reason: "Invalid schema ID")
                return try await change(context: context) { (connection, family) async throws(NetlinkError) in
                    try await connection.deleteIOAM6Schema(id, familyID: family)
                }
            default: throw CommandError.invalidArgument(command, "Unknown")
            }
        }
        throw CommandError.invalidArgument(object, "Unknown")
    }

    static func family(context: Context) async throws(CommandError) -> (NetlinkConnection, UInt16) {
        let connection = try TCPMetricsCommand.genericConnection(context: context)
        do throws(NetlinkError) {
            return (connection, try await connection.genericFamily(named: IOAM6.familyName).id)
        } catch {
            // ip's genl_init_handle: "Error talking to the kernel" for a family it cannot resolve.
            throw CommandError("Error talking to the kernel", status: 1)
        }
    }

    /// A change: ip's `rtnl_talk` error ("RTNETLINK answers: …"), status 1.
    static func change(
        context: Context, _ body: (NetlinkConnection, UInt16) async throws(NetlinkError) -> Void
    ) async throws(CommandError) {
        let (connection, id) = try await family(context: context)
        do throws(NetlinkError) {
            try await body(connection, id)
        } catch {
            throw CommandError(error.iproute2Description, status: 1)
        }
    }

    /// `%#0Nx` as C prints it: `0x` and the digits zero-padded to `width` in all, but no `0x` for 0.
    static func alternateHex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        if value == 0 { return String(repeating: "0", count: width) }
        return "0x" + String(repeating: "0", count: max(0, width - 2 - digits.count)) + digits
    }

    static func showNamespaces(context: Context) async throws(CommandError) {
        let (connection, id) = try await family(context: context)
        let namespaces: [IOAM6Namespace]
        do throws(NetlinkError) {
            namespaces = try await connection.ioam6Namespaces(familyID: id)
        } catch {
            printError(error.iproute2Description)
            throw CommandError("Dump terminated", status: 1)
        }
        let printer = context.printer
        printer.begin()
        for namespace in namespaces {
            printer.openObject()
            printer.unsigned("namespace", UInt64(namespace.id), text: "namespace \(namespace.id)")
            if let schema = namespace.schemaID { printer.unsigned("schema", UInt64(schema), text: " [schema \(schema)]") }
            if let data = namespace.data {
                printer.string("data", String(data, radix: 16), text: ", data " + alternateHex(UInt64(data), width: 10))
            }
            if let wide = namespace.wideData {
                printer.string("wide", wide == 0 ? "0" : "0x" + String(wide, radix: 16), text: ", wide " + alternateHex(wide, width: 18))
            }
            printer.text("\n")
            printer.closeObject()
        }
        printer.finish()
    }

    static func showSchemas(context: Context) async throws(CommandError) {
        let (connection, id) = try await family(context: context)
        let schemas: [IOAM6Schema]
        do throws(NetlinkError) {
            schemas = try await connection.ioam6Schemas(familyID: id)
        } catch {
            printError(error.iproute2Description)
            throw CommandError("Dump terminated", status: 1)
        }
        let printer = context.printer
        printer.begin()
        for schema in schemas {
            printer.openObject()
            printer.unsigned("schema", UInt64(schema.id), text: "schema \(schema.id)")
            if let namespace = schema.namespaceID { printer.unsigned("namespace", UInt64(namespace), text: " [namespace \(namespace)]") }
            printer.text(", data:")
            printer.openArray("data")
            for byte in schema.data {
                let digits = String(byte, radix: 16)
                printer.field(nil, .unsigned(UInt64(byte)), text: " " + (digits.count == 1 ? "0" : "") + digits)
            }
            printer.closeArray()
            printer.text("\n")
            printer.closeObject()
        }
        printer.finish()
    }
}
