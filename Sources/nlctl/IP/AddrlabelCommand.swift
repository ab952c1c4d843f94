import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl addrlabel`: the commands of `ip addrlabel` (iproute2 6.1's `ipaddrlabel.c` grammar,
/// output and errors): the IPv6 address-label table, listed, changed and flushed.
enum AddrlabelCommand {
    static let usage = """
        Usage: nlctl addrlabel { add | del } prefix PREFIX [ dev DEV ] [ label LABEL ]
               nlctl addrlabel [ list | flush | help ]
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await list(&words, context: context)
            return
        }
        if matches(command, "list") || matches(command, "lst") || matches(command, "show") {
            try await list(&words, context: context)
        } else if matches(command, "add") {
            try await modify(&words, delete: false, context: context)
        } else if matches(command, "delete") {
            try await modify(&words, delete: true, context: context)
        } else if matches(command, "flush") {
            try await flush(&words, context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError.unknownCommand(command, object: "addrlabel")
        }
    }

    /// The family ip asks for: `-4`, `-6`, `-0`, `-M`, `-B` as given (the kernel answers only
    /// `AF_INET6`), `AF_INET6` when none is.
    static func family(_ context: Context) -> AddressFamily {
        AddressFamily(rawValue: context.options.family == .unspecified ? 10 : context.options.family.number)
    }

    static func table(family: AddressFamily, context: Context, failure: String) async throws(CommandError) -> [AddressLabel] {
        let connection = try context.connection()
        do throws(NetlinkError) {
            return try await connection.addressLabels(family: family)
        } catch {
            throw CommandError(error.iproute2Description + "\n" + failure, status: 255, endsBatch: false)
        }
    }

    static func list(_ words: inout Words, context: Context) async throws(CommandError) {
        guard words.isEmpty else { throw CommandError("\"nlctl addrlabel show\" does not take any arguments.", status: 1) }
        let entries = try await table(family: family(context), context: context, failure: "Dump terminated")
        let printer = context.printer
        printer.begin()
        for entry in entries {
            printer.openObject()
            if let address = entry.address {
                printer.text("prefix ")
                printer.colored(.family(AddressFamily(of: address).rawValue)) { printer.address("address", address, prefix: "", suffix: "") }
                printer.unsigned("prefixlen", UInt64(entry.prefixLength), prefix: "/")
            }
            if entry.index != 0 {
                let name = await context.name(ofLink: Int32(bitPattern: entry.index))
                printer.text("dev ")
                printer.colored(.interfaceName) { printer.string("ifname", name, prefix: "") }
            }
            if let label = entry.label { printer.unsigned("label", UInt64(label), prefix: "label ") }
            printer.endLine()
            printer.closeObject()
        }
        printer.finish()
    }

    /// `add` and `del`: every word is read in order (ip ignores the ones it does not know; the
    /// last `prefix`, `dev` or `label` wins), then the request goes as ip builds it.
    static func modify(_ words: inout Words, delete: Bool, context: Context) async throws(CommandError) {
        let optionFamily = RouteCommand.optionFamily(context)
        var prefix: (bytes: [UInt8], length: UInt8)?
        var index: UInt32 = 0
        var label: UInt32?
        while let word = words.next() {
            switch word {
            case "prefix":
                let text = try words.argument(of: word)
                let parsed = try RouteCommand.prefix(text, family: optionFamily)
                // ip's `default` is the family's zero address (none when no family is given);
                // `all` and `any` are an empty address.
                let bytes = parsed.address?.bytes
                    ?? (text == "default" ? [UInt8](repeating: 0, count: optionFamily == 10 ? 16 : optionFamily == 2 ? 4 : 0) : [])
                prefix = (bytes, parsed.length)
            case "dev":
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "dev is invalid\n") }
                index = UInt32(bitPattern: found)
            case "label":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value != .max else { throw CommandError.invalidArgument(text, "label is invalid\n") }
                label = value
            default:
                continue
            }
        }
        guard let prefix else { throw CommandError("Not enough information: \"prefix\" argument is required.", status: 1) }
        guard let label else { throw CommandError("Not enough information: \"label\" argument is required.", status: 1) }
        let header = AddressLabelMessage(family: context.options.family == .unspecified ? 10 : family(context), prefixLength: prefix.length, index: index)
        let connection = try context.connection()
        do throws(NetlinkError) {
            try await connection.execute(
                type: delete ? RouteMessageType.deleteAddressLabel : RouteMessageType.newAddressLabel,
                flags: delete ? [] : [.create, .exclusive], fixedHeaderSize: AddressLabelMessage.size
            ) { b in
                header.encode(into: &b)
                try b.appendAttribute(AddressLabelAttribute.label, uint32: label, .host)
                try b.appendAttribute(AddressLabelAttribute.address, bytes: prefix.bytes)
            }
        } catch {
            throw CommandError.netlink(error, status: 2)
        }
    }

    /// `flush`: every entry with an address is deleted, one request each, as ip does (the
    /// built-in defaults too).
    static func flush(_ words: inout Words, context: Context) async throws(CommandError) {
        guard words.isEmpty else { throw CommandError("\"nlctl addrlabel flush\" does not allow extra arguments", status: 1) }
        let entries = try await table(family: family(context), context: context, failure: "Flush terminated")
        let connection = try context.connection()
        for entry in entries where entry.address != nil {
            do throws(NetlinkError) {
                try await connection.deleteAddressLabel(entry)
            } catch {
                throw CommandError(error.iproute2Description + "\nFlush terminated", status: 255, endsBatch: false)
            }
        }
    }
}
