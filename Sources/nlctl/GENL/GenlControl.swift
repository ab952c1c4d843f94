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
        if matches(command, "policy") {
            printError("nlctl: genl ctrl policy: not implemented yet (the policy dump of genl 6.1)")
            return 1
        }
        if matches(command, "help") {
            printError(usage)
            return 255
        }
        printError("ctrl command \"\(command)\" is unknown, try \"ctrl help\".")
        return 255
    }

    /// A generic netlink socket in the `-n` namespace, read on the calling thread (one request at a time).
    static func connection(options: ToolOptions, groups: [UInt32] = []) -> NetlinkConnection? {
        var namespace: NetworkNamespace?
        if let name = options.namespace {
            do throws(NetlinkError) {
                namespace = try NetworkNamespace.named(name)
            } catch {
                printError("Cannot open network namespace \"\(name)\": \(error.errno?.description ?? error.iproute2Description)")
                return nil
            }
        }
        var configuration = NetlinkConnection.Configuration()
        configuration.reading = .callingThread
        configuration.groups = groups
        do throws(NetlinkError) {
            return try NetlinkConnection(family: .generic, namespace: namespace, configuration: configuration)
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

    /// `get name NAME | id ID`: exactly two words, as genl wants.
    static func get(_ words: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        guard words.count == 2 else {
            printError("Wrong number of params")
            return 255
        }
        let lookup: (NetlinkConnection) async throws(NetlinkError) -> GenericFamily
        if matches(words[0], "name") {
            // genl copies the name into a GENL_NAMSIZ buffer: at most 15 bytes are asked for.
            let name = String(decoding: words[1].utf8.prefix(GenericNetlink.familyNameSize - 1), as: UTF8.self)
            lookup = { connection async throws(NetlinkError) in try await connection.genericFamily(named: name) }
        } else if matches(words[0], "id") {
            guard let id = InetText.unsigned(words[1]), id <= UInt32(UInt16.max) else {
                printError("Illegal \"id\"")
                return 255
            }
            lookup = { connection async throws(NetlinkError) in try await connection.genericFamily(id: UInt16(id)) }
        } else {
            printError("Wrong params")
            return 255
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
