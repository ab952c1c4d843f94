import Glibc

/// ss's `-p`: which processes hold each socket, from one pass over `/proc/*/fd` (ss's
/// `user_ent_hash_build`) — never a scan per socket. Each holder is `("COMM",pid=PID,fd=FD)`, COMM
/// read once per process from `/proc/PID/stat` (up to its first `)`, at most 15 bytes); with `-T`,
/// every thread's descriptors too, with `tid=`.
struct SSProcesses {
    struct Holder: Sendable {
        var task: [UInt8]
        var pid: Int32
        var tid: Int32
        var fd: Int32
    }

    /// The holders of each socket inode, in the order ss prints them (the last found first: ss
    /// pushes each onto the front of its hash chain).
    private(set) var holders: [UInt32: [Holder]] = [:]
    let threads: Bool

    init(threads: Bool) {
        self.threads = threads
    }

    /// The processes' directories to read, in `/proc`'s order: each process, then (with `-T`) its
    /// other threads.
    static func directories(threads: Bool) -> [(directory: String, pid: Int32, tid: Int32)] {
        var list: [(directory: String, pid: Int32, tid: Int32)] = []
        guard let proc = opendir("/proc/") else { return list }
        defer { closedir(proc) }
        while let entry = readdir(proc) {
            guard let pid = leadingNumber(entry) else { continue }
            list.append(("/proc/\(pid)/", pid, pid))
            guard threads, let tasks = opendir("/proc/\(pid)/task/") else { continue }
            while let task = readdir(tasks) {
                guard let tid = leadingNumber(task), tid != pid else { continue }
                list.append(("/proc/\(tid)/", pid, tid))
            }
            closedir(tasks)
        }
        return list
    }

    /// One pass over `/proc/*/fd`: the descriptors listed first (`readdir`, cheap), then their
    /// links read by two workers, one per core (every descriptor costs a `readlink`, and one
    /// process may hold most of them), the holders merged in `/proc`'s order.
    static func scan(threads: Bool) async -> SSProcesses {
        let directories = directories(threads: threads)
        var descriptors: [(directory: Int, fd: Int32)] = []
        for (index, entry) in directories.enumerated() {
            guard let fds = opendir(entry.directory + "fd/") else { continue }
            while let item = readdir(fds) {
                if let fd = leadingNumber(item) { descriptors.append((index, fd)) }
            }
            closedir(fds)
        }
        let workers = 2
        let share = (descriptors.count + workers - 1) / workers
        let listed = descriptors
        let found = await withTaskGroup(of: (Int, [(inode: UInt32, position: Int)]).self) { group in
            for worker in 0..<workers {
                // On the global pool: the command's own tasks run on the main thread alone
                // (MainThreadExecutor), and this scan is meant to use both cores.
                group.addTask(executorPreference: globalConcurrentExecutor) {
                    var found: [(inode: UInt32, position: Int)] = []
                    var link = [CChar](repeating: 0, count: 64)
                    var name: [UInt8] = []
                    name.reserveCapacity(16)
                    // (0o10000000 is O_PATH, which Glibc's module does not export.)
                    // The link is read relative to its directory's descriptor (`readlinkat`): the
                    // kernel walks one name instead of four (/proc, PID, fd, N), and no path is built.
                    var open: (directory: Int, descriptor: Int32) = (-1, -1)
                    defer { if open.descriptor >= 0 { close(open.descriptor) } }
                    let range = min(worker * share, listed.count)..<min((worker + 1) * share, listed.count)
                    for position in range {
                        let (directory, fd) = listed[position]
                        if directory != open.directory {
                            if open.descriptor >= 0 { close(open.descriptor) }
                            open = (directory, Glibc.open(directories[directory].directory + "fd/", 0o10000000 | O_DIRECTORY | O_CLOEXEC))
                        }
                        guard open.descriptor >= 0 else { continue }
                        // The descriptor's number, NUL-terminated, in a buffer reused for every one.
                        name.removeAll(keepingCapacity: true)
                        ByteText.append(decimal: UInt64(UInt32(bitPattern: fd)), to: &name)
                        name.append(0)
                        let descriptor = open.descriptor
                        let length = name.withUnsafeBytes { readlinkat(descriptor, $0.baseAddress!.assumingMemoryBound(to: CChar.self), &link, 63) }
                        if let inode = socketInode(link, length) { found.append((inode, position)) }
                    }
                    return (worker, found)
                }
            }
            var parts: [[(inode: UInt32, position: Int)]] = Array(repeating: [], count: workers)
            for await (worker, part) in group { parts[worker] = part }
            return parts.flatMap { $0 }
        }
        // In descriptor order; each holder pushed onto the front of its inode's list, as ss does.
        var result = SSProcesses(threads: threads)
        var commands: [Int: [UInt8]] = [:]
        for (inode, position) in found {
            let (directory, fd) = descriptors[position]
            let entry = directories[directory]
            if commands[directory] == nil { commands[directory] = command(entry.directory + "stat") ?? [] }
            result.holders[inode, default: []].insert(Holder(task: commands[directory] ?? [], pid: entry.pid, tid: entry.tid, fd: fd), at: 0)
        }
        return result
    }

    /// The inode of a `socket:[N]` link (`length` bytes of `link`), or `nil`.
    static func socketInode(_ link: [CChar], _ length: Int) -> UInt32? {
        guard length > 8 else { return nil }
        let prefix: [CChar] = Array("socket:[".utf8).map { CChar(bitPattern: $0) }
        for index in 0..<8 where link[index] != prefix[index] { return nil }
        var inode: UInt32 = 0
        var valid = false
        for index in 8..<length {
            let byte = UInt8(bitPattern: link[index])
            guard byte >= 0x30, byte <= 0x39 else { break }
            inode = inode &* 10 &+ UInt32(byte - 0x30)
            valid = true
        }
        return valid ? inode : nil
    }

    /// `sscanf(d_name, "%d%*c", &n) == 1`: a name starting with a number.
    static func leadingNumber(_ entry: UnsafeMutablePointer<dirent>) -> Int32? {
        let text = directoryEntryNamePointer(entry)
        var value: Int64 = 0
        var digits = 0
        var index = 0
        var negative = false
        if text[0] == 0x2D || text[0] == 0x2B {
            negative = text[0] == 0x2D
            index = 1
        }
        while text[index] >= 0x30, text[index] <= 0x39, digits < 11 {
            value = value * 10 + Int64(text[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        return Int32(truncatingIfNeeded: negative ? -value : value)
    }

    /// `fscanf("%*d (%[^)])")` of `/proc/PID/stat`: the command up to the first `)`, 15 bytes at most.
    private static func command(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = fread(&buffer, 1, buffer.count, file)
        guard count > 0, let open = buffer[0..<count].firstIndex(of: UInt8(ascii: "(")) else { return nil }
        let rest = buffer[(open + 1)..<count]
        return Array(rest.prefix { $0 != UInt8(ascii: ")") }.prefix(15))
    }

    /// ` users:((...),(...))` for `inode`, or nothing.
    func users(_ inode: UInt32) -> [UInt8] {
        var text: [UInt8] = []
        appendUsers(inode, to: &text)
        return text
    }

    /// ` users:((...),(...))` for `inode`, or nothing, appended to `text`.
    func appendUsers(_ inode: UInt32, to text: inout [UInt8]) {
        guard inode != 0, let list = holders[inode], !list.isEmpty else { return }
        text.append(contentsOf: " users:(".utf8)
        for (index, holder) in list.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: "(\"".utf8)
            text.append(contentsOf: holder.task)
            text.append(contentsOf: "\",pid=".utf8)
            ByteText.append(signed: Int64(holder.pid), to: &text)
            if threads {
                text.append(contentsOf: ",tid=".utf8)
                ByteText.append(signed: Int64(holder.tid), to: &text)
            }
            text.append(contentsOf: ",fd=".utf8)
            ByteText.append(signed: Int64(holder.fd), to: &text)
            text.append(UInt8(ascii: ")"))
        }
        text.append(UInt8(ascii: ")"))
    }
}
