import CNetlinkShim
import Glibc
import Netlink

/// `nlctl [-all] netns exec NAME COMMAND ...`: ip 6.1's `netns exec` — the program runs in the
/// named network namespace, in a mount namespace of its own where `/sys` is a sysfs of that
/// network namespace and each file of `/etc/netns/NAME/` is bind-mounted over its namesake in
/// `/etc`. Like ip, nlctl becomes the program (`execvp`: its status and signals are the
/// program's); in a batch and with `-all` (every name, each after a `netns: NAME` line) it runs
/// it in a child and waits (the child is nlctl itself, started as `nlctl netns exec NAME ...`).
enum NetnsExec {
    static func run(_ words: inout Words, context: Context) throws(CommandError) {
        var arguments: [String] = []
        while let word = words.next() { arguments.append(word) }
        if context.options.all {
            guard !arguments.isEmpty else { throw CommandError("No command specified", status: 1) }
            for name in NetworkNamespace.names() {
                context.printer.output.write("\nnetns: \(name)\n")
                _ = try inChild(name: name, command: arguments, context: context)
            }
            return
        }
        guard let name = arguments.first else { throw CommandError("No netns name specified", status: 1) }
        guard arguments.count > 1 else { throw CommandError("No command specified", status: 1) }
        let command = Array(arguments.dropFirst())
        if context.options.batchFile != nil {
            // ip returns the child's status, which a batch reports as a failed line when not 0.
            let status = try inChild(name: name, command: command, context: context)
            if status != 0 { throw CommandError("", status: status, endsBatch: false) }
            return
        }
        context.printer.output.flush()
        guard switchNamespace(name) else { throw CommandError("", status: 255) }
        execute(command)
    }

    /// ip's `cmd_exec` with a fork: this tool started again as `nlctl netns exec NAME COMMAND`,
    /// waited for; its exit status, or 1 (for the whole of nlctl, as ip) when a signal ended it.
    static func inChild(name: String, command: [String], context: Context) throws(CommandError) -> Int32 {
        context.printer.output.flush()
        let arguments = ["nlctl", "netns", "exec", name] + command
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { $0.withRawBytesCString { strdup($0) } }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/proc/self/exe", nil, nil, argv, environ)
        guard spawned == 0 else { throw CommandError("fork: \(String(cString: strerror(spawned)))", status: 1) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw CommandError("waitpid: \(String(cString: strerror(errno)))", status: 1) }
        }
        // WIFEXITED / WEXITSTATUS.
        guard status & 0x7F == 0 else { exit(1) }
        return (status >> 8) & 0xFF
    }

    /// ip's `netns_switch`: into the namespace, a mount namespace of our own that propagates
    /// nothing back, `/sys` for the namespace, `/etc/netns/NAME` bound over `/etc`. Prints ip's
    /// message and returns false on a failure.
    static func switchNamespace(_ name: String) -> Bool {
        let path = NetworkNamespace.namesDirectory + "/" + name
        let descriptor = path.withRawBytesCString { open($0, O_RDONLY | O_CLOEXEC) }
        if descriptor < 0 {
            printError("Cannot open network namespace \"\(name)\": \(String(cString: strerror(errno)))")
            return false
        }
        if netlink_shim_setns(descriptor, netlink_shim_clone_newnet()) < 0 {
            printError("setting the network namespace \"\(name)\" failed: \(String(cString: strerror(errno)))")
            close(descriptor)
            return false
        }
        close(descriptor)
        if netlink_shim_unshare(netlink_shim_clone_newns()) < 0 {
            printError("unshare failed: \(String(cString: strerror(errno)))")
            return false
        }
        if mount("", "/", "none", UInt(MS_SLAVE | MS_REC), nil) != 0 {
            printError("\"mount --make-rslave /\" failed: \(String(cString: strerror(errno)))")
            return false
        }
        var flags: UInt = 0
        if umount2("/sys", Int32(MNT_DETACH)) < 0 {
            // No sysfs there, or one that cannot go: shadow it (read-only stays read-only).
            var status = statvfs()
            if statvfs("/sys", &status) == 0, status.f_flag & UInt(ST_RDONLY) != 0 { flags = UInt(MS_RDONLY) }
        }
        if name.withRawBytesCString({ mount($0, "/sys", "sysfs", flags, nil) }) < 0 {
            printError("mount of /sys failed: \(String(cString: strerror(errno)))")
            return false
        }
        bindEtc(name)
        return true
    }

    /// ip's `bind_etc`: each entry of /etc/netns/NAME over /etc/ENTRY (a failure printed, not fatal).
    static func bindEtc(_ name: String) {
        guard name.rawByteCount < Int(NAME_MAX) else { return }
        let directory = "/etc/netns/" + name
        guard let handle = directory.withRawBytesCString({ opendir($0) }) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { String(rawBytes: $0.prefix { $0 != 0 }) }
            if entryName == "." || entryName == ".." { continue }
            let source = directory + "/" + entryName, target = "/etc/" + entryName
            let result = source.withRawBytesCString { s in target.withRawBytesCString { t in mount(s, t, "none", UInt(MS_BIND), nil) } }
            if result < 0 { printError("Bind \(source) -> \(target) failed: \(String(cString: strerror(errno)))") }
        }
    }

    /// `execvp`, or ip's message and status 1.
    static func execute(_ command: [String]) -> Never {
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { $0.withRawBytesCString { strdup($0) } }
        argv.append(nil)
        execvp(argv[0]!, argv)
        printError("exec of \"\(command[0])\" failed: \(String(cString: strerror(errno)))")
        _exit(1)
    }
}
