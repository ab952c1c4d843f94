import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric

/// `genl ctrl`: the generic netlink controller — `list` (also `show`, `lst`), `get name|id`,
/// `monitor` — printed as genl 6.1's `print_ctrl` prints a family.
enum GenlControl {
    static let usage = """
        Usage: ctrl <CMD>
        CMD   := get <PARMS> | list | monitor | policy <PARMS>
        PARMS := name <name> | id <id>
        Examples:
        \tctrl ls
        \tctrl monitor
        \tctrl get name foobar
        \tctrl get id 0xF
        \tctrl policy name foobar
        \tctrl policy id 0xF
        """

    /// genl's `parse_ctrl`: the first command whose name the word abbreviates, in genl's order.
    static func run(_ words: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        guard let command = words.first else {
            printError("wrong controller params")
            return 255
        }
        let rest = Array(words.dropFirst())
        if matches(command, "monitor") { return await monitor(options: options, output: output) }
        if matches(command, "get") { return await get(rest, options: options, output: output) }
        if matches(command, "list") || matches(command, "show") || matches(command, "lst") {
            return await list(options: options, output: output)
        }
        if matches(command, "policy") { return await policy(rest, options: options, output: output) }
        if matches(command, "help") {
            printError(usage)
            return 255
        }
        printError("ctrl command \"\(command)\" is unknown, try \"ctrl help\".")
        return 255
    }

    /// A generic netlink socket in the `-n` namespace, read on the calling thread (one request at a time).
    static func connection(options: ToolOptions, groups: [UInt32] = []) -> NetlinkConnection? {
        let (opened, namespace) = options.openNamespace()
        guard opened else { return nil }
        do throws(NetlinkError) {
            return try Context.genericConnection(namespace: namespace, groups: groups)
        } catch {
            printError("Cannot open generic netlink socket")
            return nil
        }
    }

    static func list(options: ToolOptions, output: BufferedOutput) async -> Int32 {
        guard let connection = connection(options: options) else { return 1 }
        let printer = Printer(json: options.json, pretty: false, oneline: false, output: output)
        printer.begin()
        do throws(NetlinkError) {
            for family in try await connection.genericFamilies() { print(family, printer: printer) }
        } catch {
            // genl's rtnl_dump_filter prints the error and the list ends; the status stays 0.
            printer.finish()
            printError(error.iproute2Description)
            return 0
        }
        printer.finish()
        return 0
    }

    /// A family as `get` and `policy` name it: `name NAME | id ID`, exactly two words; `nil` after
    /// printing genl's complaint.
    enum Selector {
        case name(String)
        case id(UInt16)

        static func parse(_ words: [String]) -> Selector? {
            guard words.count == 2 else {
                printError("Wrong number of params")
                return nil
            }
            if matches(words[0], "name") {
                // genl copies the name into a GENL_NAMSIZ buffer: at most 15 bytes are asked for.
                return .name(String(decoding: words[1].utf8.prefix(GenericNetlink.familyNameSize - 1), as: UTF8.self))
            }
            if matches(words[0], "id") {
                guard let id = InetText.unsigned(words[1]), id <= UInt32(UInt16.max) else {
                    printError("Illegal \"id\"")
                    return nil
                }
                return .id(UInt16(id))
            }
            printError("Wrong params")
            return nil
        }
    }

    /// `get name NAME | id ID`.
    static func get(_ words: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        guard let selector = Selector.parse(words) else { return 255 }
        let lookup: (NetlinkConnection) async throws(NetlinkError) -> GenericFamily
        switch selector {
        case .name(let name): lookup = { connection async throws(NetlinkError) in try await connection.genericFamily(named: name) }
        case .id(let id): lookup = { connection async throws(NetlinkError) in try await connection.genericFamily(id: id) }
        }
        guard let connection = connection(options: options) else { return 1 }
        let printer = Printer(json: options.json, pretty: false, oneline: false, output: output)
        do throws(NetlinkError) {
            let family = try await lookup(connection)
            printer.begin()
            print(family, printer: printer)
            printer.finish()
            return 0
        } catch {
            printError(error.iproute2Description)
            printError("Error talking to the kernel")
            return 255
        }
    }

    /// `policy name NAME | id ID`: the `CTRL_CMD_GETPOLICY` dump, one line per message as genl's
    /// `print_ctrl` and `nl_print_policy` print them; an error ends the dump with status 0, as genl's.
    static func policy(_ words: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        guard let selector = Selector.parse(words) else { return 255 }
        guard let connection = connection(options: options) else { return 1 }
        let printer = Printer(json: options.json, pretty: false, oneline: false, output: output)
        printer.begin()
        do throws(NetlinkError) {
            let messages: [GenericPolicyMessage]
            switch selector {
            case .name(let name): messages = try await connection.genericPolicyMessages(family: name)
            case .id(let id): messages = try await connection.genericPolicyMessages(id: id)
            }
            for message in messages { print(message, printer: printer) }
        } catch {
            printer.finish()
            printError(error.iproute2Description)
            return 0
        }
        printer.finish()
        return 0
    }

    /// The names genl 6.1 gives attribute types (`get_nla_type_str`); others are "unknown".
    static func typeName(_ type: GenericAttributeType) -> String {
        type.rawValue >= 1 && type.rawValue <= 15 ? type.description : "unknown"
    }

    /// One policy message as genl prints it: the ID, the operations' policies, the attributes'.
    static func print(_ message: GenericPolicyMessage, printer: Printer) {
        if printer.isJSON {
            printer.openObject()
            if let id = message.familyID { printer.json("id", .unsigned(UInt64(id))) }
            if !message.operations.isEmpty {
                printer.openArray("operations")
                for entry in message.operations {
                    printer.openObject()
                    printer.json("op", .unsigned(UInt64(entry.command)))
                    if let value = entry.doPolicy { printer.json("do", .unsigned(UInt64(value))) }
                    if let value = entry.dumpPolicy { printer.json("dump", .unsigned(UInt64(value))) }
                    printer.closeObject()
                }
                printer.closeArray()
            }
            if !message.policies.isEmpty {
                printer.openArray("policies")
                for policy in message.policies {
                    for (type, rule) in policy.attributes {
                        printer.openObject()
                        printer.json("policy", .unsigned(UInt64(policy.index)))
                        printer.json("attr", .unsigned(UInt64(type)))
                        if let value = rule.attributeType { printer.json("type", .string(value.description)) }
                        if let value = rule.policyIndex { printer.json("nested_policy", .unsigned(UInt64(value))) }
                        if let value = rule.policyMaximumType { printer.json("maxattr", .unsigned(UInt64(value))) }
                        if let value = rule.minimumSigned { printer.json("min", .signed(value)) }
                        if let value = rule.maximumSigned { printer.json("max", .signed(value)) }
                        if let value = rule.minimumUnsigned { printer.json("min", .unsigned(value)) }
                        if let value = rule.maximumUnsigned { printer.json("max", .unsigned(value)) }
                        if let value = rule.minimumLength { printer.json("min_len", .unsigned(UInt64(value))) }
                        if let value = rule.maximumLength { printer.json("max_len", .unsigned(UInt64(value))) }
                        if let value = rule.mask { printer.json("mask", .unsigned(value)) }
                        if let value = rule.bitfield32Mask { printer.json("bitfield32_mask", .unsigned(UInt64(value))) }
                        printer.closeObject()
                    }
                }
                printer.closeArray()
            }
            printer.closeObject()
            return
        }
        var text = ""
        if let id = message.familyID { text += "\tID: 0x\(hex(id)) " }
        for entry in message.operations {
            text += " op \(Int32(bitPattern: entry.command)) policies:"
            if let value = entry.doPolicy { text += " do=\(Int32(bitPattern: value))" }
            if let value = entry.dumpPolicy { text += " dump=\(Int32(bitPattern: value))" }
        }
        for policy in message.policies {
            text += " policy[\(policy.index)]:"
            for (type, rule) in policy.attributes {
                if let value = rule.attributeType { text += "attr[\(type)]: type=\(typeName(value))" }
                if let value = rule.policyIndex { text += " policy:\(value)" }
                if let value = rule.policyMaximumType { text += " maxattr:\(value)" }
                if let low = rule.minimumSigned, let high = rule.maximumSigned { text += " range:[\(low),\(high)]" }
                if let low = rule.minimumUnsigned, let high = rule.maximumUnsigned { text += " range:[\(low),\(high)]" }
                if let value = rule.minimumLength { text += " min len:\(value)" }
                if let value = rule.maximumLength { text += " max len:\(value)" }
            }
        }
        printer.text(text + "\n")
    }

    /// `monitor`: the controller's `notify` group, each family notification printed as `list`
    /// prints a family, until interrupted.
    static func monitor(options: ToolOptions, output: BufferedOutput) async -> Int32 {
        guard let connection = connection(options: options, groups: [GenericNetlink.controllerNotifyGroup]) else {
            return 255
        }
        let printer = Printer(json: options.json, pretty: false, oneline: false, output: output)
        do {
            for try await event in connection.events {
                guard case .notification(let datagram) = event else { continue }
                try datagram.forEachMessage { message in
                    guard message.type == GenericNetlink.controllerID else {
                        printError("Not a controller message, nlmsg_len=\(message.header.length) nlmsg_type=0x\(String(message.type.rawValue, radix: 16))")
                        return
                    }
                    let header = try GenericNetlinkHeader(decoding: message)
                    let known: [UInt8] = [
                        ControllerCommand.getFamily, ControllerCommand.deleteFamily, ControllerCommand.newFamily,
                        ControllerCommand.newMulticastGroup, ControllerCommand.deleteMulticastGroup, ControllerCommand.getPolicy,
                    ]
                    guard known.contains(header.command) else {
                        printError("Unknown controller command \(header.command)")
                        return
                    }
                    let family = try GenericFamily(decoding: message)
                    if printer.isJSON {
                        printer.openObject()
                        printer.json("event", .string(eventName(header.command)))
                        body(family, printer: printer)
                        printer.closeObject()
                        printer.flush()
                        output.write("\n")
                    } else {
                        print(family, printer: printer)
                    }
                    output.flush()
                }
            }
        } catch {
            printError("\(error)")
            return 255
        }
        return 0
    }

    static func eventName(_ command: UInt8) -> String {
        switch command {
        case ControllerCommand.newFamily: "new_family"
        case ControllerCommand.deleteFamily: "delete_family"
        case ControllerCommand.newMulticastGroup: "new_multicast_group"
        case ControllerCommand.deleteMulticastGroup: "delete_multicast_group"
        default: String(command)
        }
    }

    /// One family as genl's `print_ctrl` prints it; in JSON an object of ``body(_:printer:)``.
    static func print(_ family: GenericFamily, printer: Printer) {
        if printer.isJSON {
            printer.openObject()
            body(family, printer: printer)
            printer.closeObject()
            return
        }
        var text = "\nName: \(family.name)\n"
        text += "\tID: 0x\(hex(family.id))  Version: 0x\(hex(family.version))  header size: \(Int32(bitPattern: family.headerSize))  max attribs: \(Int32(bitPattern: family.maxAttribute)) \n"
        if !family.operations.isEmpty {
            text += "\tcommands supported: \n"
            for (position, operation) in family.operations.enumerated() where position + 1 < 256 {
                text += "\t\t#\(position + 1):  ID-0x\(hex(operation.command)) "
                // genl prints the capabilities only for a family of version 2 or more.
                if family.version >= 2 {
                    let flags = operation.flags.rawValue
                    text += "\n\t\tCapabilities (0x\(hex(flags))):\n "
                    if flags == 0 {
                        text += "\n"
                    } else {
                        text += "\t\t "
                        if operation.flags.contains(.adminPermission) { text += " requires admin permission;" }
                        if operation.flags.contains(.canDo) { text += " can doit;" }
                        if operation.flags.contains(.canDump) { text += " can dumpit;" }
                        if operation.flags.contains(.hasPolicy) { text += " has policy" }
                        text += "\n"
                    }
                }
                text += "\n"
            }
            text += "\n"
        }
        if !family.multicastGroups.isEmpty {
            text += "\tmulticast groups:\n"
            for (position, group) in family.multicastGroups.enumerated() where position + 1 < 256 {
                text += "\t\t#\(position + 1):  ID-0x\(hex(group.id))  name: \(group.name) \n"
            }
            text += "\n"
        }
        printer.text(text)
    }

    /// The JSON members of a family (genl has no JSON; the names are genl's words).
    static func body(_ family: GenericFamily, printer: Printer) {
        printer.json("name", .string(family.name))
        printer.json("id", .unsigned(UInt64(family.id)))
        printer.json("version", .unsigned(UInt64(family.version)))
        printer.json("header_size", .unsigned(UInt64(family.headerSize)))
        printer.json("max_attribs", .unsigned(UInt64(family.maxAttribute)))
        printer.openArray("commands")
        for operation in family.operations {
            printer.openObject()
            printer.json("id", .unsigned(UInt64(operation.command)))
            printer.json("flags", .unsigned(UInt64(operation.flags.rawValue)))
            printer.openArray("capabilities")
            if operation.flags.contains(.adminPermission) { printer.json(nil, .string("requires admin permission")) }
            if operation.flags.contains(.namespaceAdminPermission) { printer.json(nil, .string("requires namespace admin permission")) }
            if operation.flags.contains(.canDo) { printer.json(nil, .string("can doit")) }
            if operation.flags.contains(.canDump) { printer.json(nil, .string("can dumpit")) }
            if operation.flags.contains(.hasPolicy) { printer.json(nil, .string("has policy")) }
            printer.closeArray()
            printer.closeObject()
        }
        printer.closeArray()
        printer.openArray("multicast_groups")
        for group in family.multicastGroups {
            printer.openObject()
            printer.json("id", .unsigned(UInt64(group.id)))
            printer.json("name", .string(group.name))
            printer.closeObject()
        }
        printer.closeArray()
    }

    static func hex(_ value: some BinaryInteger) -> String { String(value, radix: 16) }
}
