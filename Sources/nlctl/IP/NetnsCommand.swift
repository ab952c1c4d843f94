import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl netns`: the commands of `ip netns` (iproute2 6.1's `ipnetns.c` grammar, messages and
/// output): list, list-id, add, attach, delete, set, identify, pids, exec (``NetnsExec``) and
/// monitor (``NetnsMonitor``).
enum NetnsCommand {
    static let directory = "/run/netns"

    static let usage = """
        Usage: nlctl netns list
               nlctl netns add NAME
               nlctl netns attach NAME PID
               nlctl [-all] netns delete [NAME]
               nlctl netns set NAME NETNSID
               nlctl netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]
               nlctl netns identify [PID]
               nlctl netns pids NAME
               nlctl [-all] netns exec [NAME] cmd ...
               nlctl netns monitor
        NETNSID := auto | POSITIVE-INT
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await list(context: context)
            return
        }
        // ip checks the word after the command as a name, whatever the command (not with -all).
        if !context.options.all, let name = words.current, !NetworkNamespace.isValidName(name) {
            throw CommandError("Invalid netns name \"\(name)\"", status: 255)
        }
        if matches(command, "list") || matches(command, "show") || matches(command, "lst") {
            try await list(context: context)
        } else if matches(command, "list-id") {
            try await listIDs(&words, context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else if matches(command, "add") {
            guard let name = words.next() else { throw CommandError("No netns name specified", status: 1) }
            try add(name)
        } else if matches(command, "identify") {
            try identify(&words, context: context)
        } else if matches(command, "pids") {
            try pids(&words, context: context)
        } else if matches(command, "exec") {
            try NetnsExec.run(&words, context: context)
        } else if matches(command, "monitor") {
            try NetnsMonitor.run(context: context)
        } else if matches(command, "attach") {
            try attach(&words)
        } else if matches(command, "set") {
            try await set(&words, context: context)
        } else if matches(command, "delete") {
            if context.options.all {
                // ip -all netns delete: every name, in directory order; the first failure is
                // printed and ends it, and the status stays 0 (ip's netns_foreach).
                for name in entries() {
                    do throws(CommandError) {
                        try delete(name)
                    } catch {
                        printError(error.message)
                        break
                    }
                }
                return
            }
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
        // `-n NAME` puts ip itself in that namespace first: "self" is then NAME's.
        let named = text == "self" ? try context.namespace.get() : nil
        let namespace: NetworkNamespace
        do throws(NetlinkError) {
            if let named {
                namespace = named
            } else {
                namespace = text == "self" ? try NetworkNamespace.current() : try NetworkNamespace.ofProcess(Int32(text) ?? -1)
            }
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

    /// `ip netns list-id [target-nsid ID] [nsid ID]`: the IDs this namespace (or, with a target,
    /// the namespace with that ID) assigns, or the one ID `nsid`, in ip's `print_nsid` words.
    static func listIDs(_ words: inout Words, context: Context) async throws(CommandError) {
        var target: Int32?
        var nsid: Int32?
        while let word = words.next() {
            guard word == "target-nsid" || word == "nsid" else { throw CommandError(usage, status: 255) }
            if (word == "nsid" ? nsid : target) != nil { throw CommandError.duplicate(word, word) }
            let text = try words.argument(of: word)
            guard let value = InetText.integer(text) else { throw CommandError.invalidArgument(text, "\"\(word)\" value is invalid") }
            // ip names the word after the value here (argv[1]), "(null)" at the end of the line.
            guard value >= 0 else { throw CommandError.invalidArgument(words.current ?? "(null)", "\"\(word)\" value should be >= 0") }
            if word == "nsid" { nsid = value } else { target = value }
        }
        let connection = try context.connection()
        let assignments: [NamespaceIDAssignment]
        do throws(NetlinkError) {
            if let nsid {
                assignments = [try await connection.namespaceIDAssignment(id: nsid, target: target)]
            } else {
                assignments = try await connection.namespaceIDs(target: target)
            }
        } catch {
            // A dump's error: ip's "Dump terminated" after it, status 1.
            throw nsid != nil ? CommandError.netlink(error, status: 2) : CommandError(error.iproute2Description + "\nDump terminated", status: 1)
        }
        // ip's netns map: the ID this namespace gives each name of /run/netns.
        let names = assignments.isEmpty ? [:] : await context.namespaceNames()
        let printer = context.printer
        printer.begin()
        for assignment in assignments {
            printer.openObject()
            if assignment.id < 0 {
                printer.text("nsid unassigned ")
            } else {
                printer.signed("nsid", Int64(assignment.id), text: "nsid \(assignment.id) ")
            }
            if let current = assignment.currentID {
                if current < 0 {
                    printer.text("current-nsid unassigned ")
                } else {
                    printer.signed("current-nsid", Int64(current), text: "current-nsid \(current) ")
                }
            }
            if let name = names[assignment.currentID ?? assignment.id] {
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

    /// `ip netns attach NAME PID`: the name for the namespace of process PID.
    static func attach(_ words: inout Words) throws(CommandError) {
        guard let name = words.next(), let text = words.next() else { throw CommandError("No netns name and PID specified", status: 1) }
        guard let pid = InetText.integer(text), pid != 0 else { throw CommandError("Invalid PID: \(text)", status: 1) }
        do throws(NetlinkError) {
            try NetworkNamespace.attach(named: name, processID: pid)
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
