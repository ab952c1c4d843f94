import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl netns`: the commands of `ip netns` that need no child process (iproute2 6.1's
/// `ipnetns.c` grammar, messages and output): list, list-id, add, delete, set.
enum NetnsCommand {
    static let directory = "/run/netns"

    static let usage = """
        Usage: nlctl netns list
               nlctl netns add NAME
               nlctl netns delete NAME
               nlctl netns set NAME NETNSID
               nlctl netns list-id
               nlctl netns identify [PID]
               nlctl netns pids NAME
        NETNSID := auto | POSITIVE-INT
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await list(context: context)
            return
        }
        if matches(command, "list") || matches(command, "show") || matches(command, "lst") {
            try await list(context: context)
        } else if matches(command, "list-id") {
            // `target-nsid` and `nsid` selectors are not implemented: refused, never ignored.
            if let word = words.next() {
                if word == "target-nsid" || word == "nsid" {
                    throw CommandError("Error: \"\(word)\" is not supported by nlctl netns list-id yet.", status: 255)
                }
                throw CommandError(usage, status: 255)
            }
            try await listIDs(context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else if matches(command, "add") {
            guard let name = words.next() else { throw CommandError("No netns name specified", status: 1) }
            try add(name)
        } else if matches(command, "identify") {
            try identify(&words, context: context)
        } else if matches(command, "pids") {
            try pids(&words, context: context)
        } else if matches(command, "attach") || matches(command, "exec") || matches(command, "monitor") {
            throw CommandError("\"nlctl netns \(command)\" is not supported: it needs a child process or a watch on \(directory).", status: 1)
        } else if matches(command, "set") {
            try await set(&words, context: context)
        } else if matches(command, "delete") {
            guard let name = words.next() else { throw CommandError("No netns name specified", status: 1) }
            try delete(name)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl netns help\".", status: 255)
        }
    }

    // MARK: list, list-id

    /// The nsid the current (`-n`) namespace gives namespace `name`, or `nil`.
    /// A kernel error is printed, as ip prints it (a file whose namespace is going away gives
    /// "Peer netns reference is invalid"), and the name is listed without an id.
    static func namespaceID(of name: String, context: Context) async -> Int32? {
        guard let namespace = try? NetworkNamespace.named(name), let connection = try? context.connection() else { return nil }
        do throws(NetlinkError) {
            return try await connection.namespaceID(of: namespace)
        } catch {
            context.printer.output.flush()
            printError(error.iproute2Description)
            return nil
        }
    }

    static func list(context: Context) async throws(CommandError) {
        let printer = context.printer
        printer.begin()
        for name in entries() {
            printer.openObject()
            printer.string("name", name)
            if let id = await namespaceID(of: name, context: context) {
                printer.signed("id", Int64(id), text: " (id: \(id))")
            }
            printer.text("\n")
            printer.closeObject()
        }
        printer.finish()
    }

    /// The names in /run/netns in directory order, as `ip` reads them.
    static func entries() -> [String] { NetworkNamespace.names() }

    // MARK: identify, pids

    /// ip's `is_pid`: digits only.
    static func isProcessID(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// `ip netns identify [PID]`: the name bound to the process's namespace (ip 6.1 prints the last
    /// one in directory order, and an empty line when there is none).
    static func identify(_ words: inout Words, context: Context) throws(CommandError) {
        let text = words.next() ?? "self"
        if words.next() != nil { throw CommandError("extra arguments specified", status: 1) }
        if text != "self" && !isProcessID(text) { throw CommandError("Specified string '\(text)' is not a pid", status: 1) }
        let namespace: NetworkNamespace
        do throws(NetlinkError) {
            namespace = text == "self" ? try NetworkNamespace.current() : try NetworkNamespace.ofProcess(Int32(text) ?? -1)
        } catch {
            throw CommandError("Cannot open network namespace: \(error.errno?.description ?? error.iproute2Description)", status: 1)
        }
        let name = namespace.boundNames().last ?? ""
        let printer = context.printer
        printer.begin()
        printer.openObject()
        printer.string("name", name)
        printer.text("\n")
        printer.closeObject()
        printer.finish()
    }

    /// `ip netns pids NAME`: the processes in that namespace, in /proc order.
    static func pids(_ words: inout Words, context: Context) throws(CommandError) {
        guard let name = words.next() else { throw CommandError("No netns name specified", status: 1) }
        if words.next() != nil { throw CommandError("extra arguments specified", status: 1) }
        let namespace: NetworkNamespace
        do throws(NetlinkError) {
            // ip opens /run/netns/NAME as a path: a name with a slash is a path below it.
            namespace = try NetworkNamespace.path(NetworkNamespace.namesDirectory + "/" + name)
        } catch {
            throw CommandError("Cannot open network namespace: \(error.errno?.description ?? error.iproute2Description)", status: 1)
        }
        let printer = context.printer
        printer.begin()
        for pid in namespace.processIDs() {
            printer.openObject()
            printer.signed("pid", Int64(pid), text: "\(pid)\n")
            printer.closeObject()
        }
        printer.finish()
    }

    static func listIDs(context: Context) async throws(CommandError) {
        let connection = try context.connection()
        let ids: [Int32]
        do throws(NetlinkError) {
            ids = try await connection.dumpAll(type: RouteMessageType.getNamespaceID, fixedHeaderSize: 4, { b in
                b.append(UInt8(0))  // struct rtgenmsg, padded
                b.appendZeros(3)
            }) { message in
                guard message.type == RouteMessageType.newNamespaceID else { return nil }
                var attributes = try message.attributes(afterFixedHeader: 4)
                while let attribute = try attributes.next() {
                    if attribute.type == NamespaceIDAttribute.id { return try attribute.int32(.host) }
                }
                return nil
            }
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        var names: [Int32: String] = [:]
        if !ids.isEmpty {
            for name in entries() {
                if let id = await namespaceID(of: name, context: context), names[id] == nil { names[id] = name }
            }
        }
        let printer = context.printer
        printer.begin()
        for id in ids where id >= 0 {
            printer.openObject()
            printer.unsigned("nsid", UInt64(id), text: "nsid \(id) ")
            if let name = names[id] {
                printer.string("name", name, text: "(iproute2 netns name: \(name))")
            }
            printer.text("\n")
            printer.closeObject()
        }
        printer.finish()
    }

    // MARK: set

    static func set(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let name = words.next() else { throw CommandError("No netns name specified", status: 1) }
        guard let text = words.next() else { throw CommandError("No nsid specified", status: 1) }
        let id: Int32
        if text == "auto" {
            id = -1
        } else {
            guard let value = InetText.unsigned(text), value <= UInt32(Int32.max) else {
                throw CommandError.invalidArgument(text, "Invalid \"netnsid\" value")
            }
            id = Int32(value)
        }
        let namespace: NetworkNamespace
        do throws(NetlinkError) {
            namespace = try NetworkNamespace.named(name)
        } catch {
            throw CommandError("Cannot open network namespace \"\(name)\": \(error.errno?.description ?? error.iproute2Description)", status: 1)
        }
        let connection = try context.connection()
        do throws(NetlinkError) {
            try await connection.setNamespaceID(id, for: namespace)
        } catch {
            throw CommandError.netlink(error, status: 2)
        }
    }

    // MARK: add, delete

    /// `ip netns add`: a new namespace kept alive by a bind mount of its nsfs file on
    /// /run/netns/NAME, with /run/netns a shared mount point (``NetworkNamespace/create(named:)``).
    static func add(_ name: String) throws(CommandError) {
        guard NetworkNamespace.isValidName(name) else { throw CommandError("Invalid netns name \"\(name)\"", status: 255) }
        do throws(NetlinkError) {
            try NetworkNamespace.create(named: name)
        } catch {
            throw CommandError(error.iproute2Description, status: 1)
        }
    }

    /// `ip netns delete`: detaches the bind mount and removes the file (``NetworkNamespace/delete(named:)``).
    static func delete(_ name: String) throws(CommandError) {
        do throws(NetlinkError) {
            try NetworkNamespace.delete(named: name)
        } catch {
            throw CommandError(error.iproute2Description, status: 1)
        }
    }
}
