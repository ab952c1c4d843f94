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
        } else if matches(command, "attach") || matches(command, "identify") || matches(command, "pids")
            || matches(command, "exec") || matches(command, "monitor")
        {
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

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

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
            printError(error.description)
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
    static func entries() -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(rawBytes: $0.prefix { $0 != 0 }) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
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
            throw CommandError("Cannot open network namespace \"\(name)\": \(error.errno?.description ?? error.description)", status: 1)
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
    /// /run/netns/NAME, with /run/netns a shared mount point (so other mount namespaces see it).
    static func add(_ name: String) throws(CommandError) {
        if name.isEmpty || name.contains("/") || name == "." || name == ".." {
            throw CommandError("Invalid netns name \"\(name)\"", status: 1)
        }
        let path = directory + "/" + name
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw CommandError("mkdir \(directory) failed: \(errorText(errno))", status: 1)
        }
        // Make /run/netns shared, bind-mounting it on itself first when it is not a mount point.
        var madeMountPoint = false
        while mount("", directory, "none", UInt(MS_SHARED) | UInt(MS_REC), nil) != 0 {
            let code = errno
            if code != EINVAL || madeMountPoint {
                throw CommandError("mount --make-shared \(directory) failed: \(errorText(code))", status: 1)
            }
            if mount(directory, directory, "none", UInt(MS_BIND) | UInt(MS_REC), nil) != 0 {
                throw CommandError("mount --bind \(directory) \(directory) failed: \(errorText(errno))", status: 1)
            }
            madeMountPoint = true
        }
        let fd = path.withRawBytesCString { open($0, O_RDONLY | O_CREAT | O_EXCL, 0) }
        if fd < 0 { throw CommandError("Cannot create namespace file \"\(path)\": \(errorText(errno))", status: 1) }
        close(fd)
        let namespace: NetworkNamespace
        do throws(NetlinkError) {
            namespace = try NetworkNamespace.createPrivate()
        } catch {
            path.withRawBytesCString { _ = unlink($0) }
            throw CommandError(
                "Failed to create a new network namespace \"\(name)\": \(error.errno?.description ?? error.description)", status: 1)
        }
        let source = "/proc/self/fd/\(namespace.descriptor)"
        if path.withRawBytesCString({ mount(source, $0, "none", UInt(MS_BIND), nil) }) != 0 {
            let code = errno
            path.withRawBytesCString { _ = unlink($0) }
            throw CommandError("Bind /proc/self/ns/net -> \(path) failed: \(errorText(code))", status: 1)
        }
        withExtendedLifetime(namespace) {}
    }

    /// `ip netns delete`: detaches the bind mount and removes the file.
    static func delete(_ name: String) throws(CommandError) {
        let path = directory + "/" + name
        path.withRawBytesCString { _ = umount2($0, Int32(MNT_DETACH)) }
        if path.withRawBytesCString({ unlink($0) }) != 0 {
            throw CommandError("Cannot remove namespace file \"\(path)\": \(errorText(errno))", status: 1)
        }
    }
}
