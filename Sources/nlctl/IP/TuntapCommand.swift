import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl tuntap`: the commands of `ip tuntap` (iproute2 6.1).
///
/// Devices are created and released through `/dev/net/tun` (on a thread inside the `-n`
/// namespace) and listed through a link dump filtered by kind "tun". The flags are sysfs's
/// `tun_flags`, as ip prints them, read through a sysfs mounted for the namespace in a private
/// mount namespace of a dedicated thread; without the privilege for that, the kernel's netlink
/// view (`IFLA_TUN_*`, which lacks `one_queue`).
enum TuntapCommand {
    static let usage = """
        Usage: nlctl tuntap { add | del | show | list | lst | help } [ dev PHYS_DEV ]
                  [ mode { tun | tap } ] [ user USER ] [ group GROUP ]
                  [ one_queue ] [ pi ] [ vnet_hdr ] [ multi_queue ] [ name NAME ]

        Where: USER  := { STRING | NUMBER }
               GROUP := { STRING | NUMBER }
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await show(context: context)
            return
        }
        if matches(command, "add") {
            let options = try parse(&words, ownership: true)
            try perform("add", context: context) { connection throws(NetlinkError) in
                try connection.createTunTap(options)
            }
        } else if matches(command, "delete") {
            let options = try parse(&words, ownership: false)
            try perform("del", context: context) { connection throws(NetlinkError) in
                try connection.releaseTunTap(options)
            }
        } else if matches(command, "show") || matches(command, "lst") || matches(command, "list") {
            try await show(context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl tuntap help\".", status: 255)
        }
    }

    /// `parse_args` of iptuntap.c: the words in ip's order of tests (so `m` is `mode`, `p` is `pi`,
    /// `d` is `dev`), anything else a name. `user` and `group` are keywords for `add` only.
    static func parse(_ words: inout Words, ownership: Bool) throws(CommandError) -> TunTapOptions {
        var mode: TunTapMode?
        var name: String?
        var options = TunTapOptions(mode: .tun)
        while let word = words.next() {
            if matches(word, "mode") {
                let value = try words.argument(of: word)
                let wanted: TunTapMode
                if matches(value, "tun") {
                    wanted = .tun
                } else if matches(value, "tap") {
                    wanted = .tap
                } else {
                    throw CommandError("Unknown tunnel mode \"\(value)\"", status: 255)
                }
                if let mode, mode != wanted {
                    throw CommandError("You managed to ask for more than one tunnel mode.", status: 255)
                }
                mode = wanted
            } else if ownership, matches(word, "user") {
                let value = try words.argument(of: word)
                options.owner = try identity(value, kind: "user")
            } else if ownership, matches(word, "group") {
                let value = try words.argument(of: word)
                options.group = try identity(value, kind: "group")
            } else if matches(word, "pi") {
                options.packetInformation = true
            } else if matches(word, "one_queue") {
                options.oneQueue = true
            } else if matches(word, "vnet_hdr") {
                options.virtioNetHeader = true
            } else if matches(word, "multi_queue") {
                options.multiQueue = true
            } else if matches(word, "dev") {
                let value = try words.argument(of: word)
                guard validInterfaceName(value) else {
                    throw CommandError.invalidArgument(value, "\"dev\" not a valid ifname")
                }
                name = value
            } else {
                var value = word
                if matches(word, "name") {
                    value = try words.argument(of: word)
                } else if matches(word, "help") {
                    throw CommandError(usage, status: 255)
                }
                if name != nil {
                    throw CommandError("Error: either \"name\" is duplicate, or \"\(value)\" is a garbage.", status: 255)
                }
                guard validInterfaceName(value) else {
                    throw CommandError.invalidArgument(value, "\"name\" not a valid ifname")
                }
                name = value
            }
        }
        guard let mode else { throw CommandError("You failed to specify a tunnel mode", status: 1) }
        options.mode = mode
        options.name = name
        return options
    }

    /// iproute2's `check_ifname`: not empty, under 16 bytes, no `/` and no white space.
    static func validInterfaceName(_ name: String) -> Bool {
        !name.isEmpty && name.rawBytes.count < 16 && !name.rawBytes.contains { $0 == UInt8(ascii: "/") || isspace(Int32($0)) != 0 }
    }

    /// A user or group: a number as `strtol` reads it whole (`-1` meaning none), else a name from
    /// the password or group database.
    static func identity(_ text: String, kind: String) throws(CommandError) -> UInt32? {
        var end: UnsafeMutablePointer<CChar>?
        let number: Int? = text.isEmpty ? nil : text.withCString { start in
            let value = strtol(start, &end, 10)
            return end?.pointee == 0 ? value : nil
        }
        if let number {
            // ip stores the number in a uid_t: -1 (or any value that becomes 0xFFFFFFFF) means "none".
            let id = UInt32(truncatingIfNeeded: number)
            return id == UInt32.max ? nil : id
        }
        if kind == "user", let entry = getpwnam(text) { return entry.pointee.pw_uid }
        if kind == "group", let entry = getgrnam(text) { return entry.pointee.gr_gid }
        throw CommandError("invalid \(kind) \"\(text)\"", status: 255)
    }

    /// Runs a `/dev/net/tun` operation; a failure prints as ip's `perror`: `ioctl(TUNSETIFF): ...`.
    static func perform(_ what: String, context: Context, _ body: (NetlinkConnection) throws(NetlinkError) -> Void) throws(CommandError) {
        let connection = try context.connection()
        do throws(NetlinkError) {
            try body(connection)
        } catch {
            if error.code == .systemCallFailed, let call = error.systemCall {
                // ip's perror names the call alone: `open: Permission denied` for /dev/net/tun.
                let name = call.hasPrefix("open(") ? "open" : call
                throw CommandError(name + ": " + (error.errno?.description ?? "Unknown error"), status: 1)
            }
            throw CommandError.netlink(error, status: 1)
        }
    }

    /// `do_show`: every tun/tap device, `NAME: FLAGS [user U] [group G]`.
    static func show(context: Context) async throws(CommandError) {
        let connection = try context.connection()
        let devices: [TunTapDevice]
        do throws(NetlinkError) {
            devices = try await connection.tunTapDevices()
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        // ip reads the flags from sysfs (with one_queue and the NAPI flags, which netlink lacks);
        // so does nlctl, through a sysfs of the namespace's own. Without the privilege for that
        // (CAP_SYS_ADMIN), the netlink flags are printed.
        let sysfs = await (try? connection.tunTapSysfsFlags(names: devices.map(\.name))) ?? [:]
        let printer = context.printer
        printer.begin()
        for device in devices {
            // print_tuntap: only tun (ARPHRD_NONE) and tap (ARPHRD_ETHER) links.
            guard device.hardwareType == 65534 || device.hardwareType == 1 else { continue }
            let flags = (sysfs[device.name] ?? device.flags).rawValue
            printer.openObject()
            printer.colored(.interfaceName) { printer.string("ifname", device.name, text: device.name + ":") }
            printer.openArray("flags")
            for word in flagWords(flags) { printer.field(nil, .string(word), text: " " + word) }
            printer.closeArray()
            if let owner = device.owner { printer.unsigned("user", UInt64(owner), text: " user \(owner)") }
            if let group = device.group { printer.unsigned("group", UInt64(group), text: " group \(group)") }
            if context.options.details > 0 {
                printer.text("\n\tAttached to processes:")
                printer.openArray("processes")
                for process in attachedProcesses(device.name) {
                    printer.string("name", process.name)
                    printer.unsigned("pid", UInt64(process.pid), text: "(\(process.pid))")
                }
                printer.closeArray()
            }
            printer.closeObject()
            printer.text("\n")
        }
        printer.finish()
    }

    /// `print_flags` of iptuntap.c, in its order; bits it does not name are printed in hex.
    static func flagWords(_ raw: UInt16) -> [String] {
        let flags = TunTapFlags(rawValue: raw)
        var words: [String] = []
        if flags.contains(.tun) { words.append("tun") }
        if flags.contains(.tap) { words.append("tap") }
        if !flags.contains(.noPacketInformation) { words.append("pi") }
        if flags.contains(.oneQueue) { words.append("one_queue") }
        if flags.contains(.multiQueue) { words.append("multi_queue") }
        if flags.contains(.virtioNetHeader) { words.append("vnet_hdr") }
        if flags.contains(.persist) { words.append("persist") }
        // IFF_NOFILTER is the same bit as IFF_NO_PI: "filter" goes with "pi".
        if !flags.contains(.noPacketInformation) { words.append("filter") }
        let rest = flags.subtracting([.tun, .tap, .noPacketInformation, .oneQueue, .multiQueue, .virtioNetHeader, .persist])
        if !rest.isEmpty { words.append("0x" + String(rest.rawValue, radix: 16)) }
        return words
    }

    /// The processes holding `/dev/net/tun` attached to `name` (`show_processes`: the `iff:` line
    /// of each descriptor's fdinfo), this process excepted.
    static func attachedProcesses(_ name: String) -> [(name: String, pid: Int32)] {
        var found: [(name: String, pid: Int32)] = []
        guard let proc = opendir("/proc") else { return found }
        defer { closedir(proc) }
        let me = getpid()
        while let entry = readdir(proc) {
            let pidText = directoryEntryName(entry)
            guard let pid = Int32(pidText), pid != me, let fds = opendir("/proc/\(pid)/fd") else { continue }
            defer { closedir(fds) }
            while let fdEntry = readdir(fds) {
                let fd = directoryEntryName(fdEntry)
                guard Int(fd) != nil else { continue }
                var target = [CChar](repeating: 0, count: 64)
                let length = readlink("/proc/\(pid)/fd/\(fd)", &target, target.count - 1)
                guard length > 0, String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) == "/dev/net/tun",
                    let info = NameTable.read("/proc/\(pid)/fdinfo/\(fd)")
                else { continue }
                for line in info.split(separator: "\n") {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0] == "iff", parts[1].trimmingCharacters(in: " \t").utf8.elementsEqual(name.utf8) {
                        let comm = NameTable.read("/proc/\(pid)/comm")?.trimmingCharacters(in: " \n") ?? "<NULL>"
                        found.append((comm, pid))
                    }
                }
            }
        }
        return found
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters of `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
