import Glibc

/// ss's `-p`: which processes hold each socket, from one pass over `/proc/*/fd` (ss's
/// `user_ent_hash_build`) — never a scan per socket. Each holder is `("COMM",pid=PID,fd=FD)`, COMM
/// read once per process from `/proc/PID/stat` (up to its first `)`, at most 15 bytes); with `-T`,
/// every thread's descriptors too, with `tid=`.
struct SSProcesses {
    struct Holder {
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
        guard let proc = opendir("/proc/") else { return }
        defer { closedir(proc) }
        while let entry = readdir(proc) {
            guard let pid = Self.leadingNumber(entry) else { continue }
            scan(directory: "/proc/\(pid)/", pid: pid, tid: pid)
            guard threads, let tasks = opendir("/proc/\(pid)/task/") else { continue }
            while let task = readdir(tasks) {
                guard let tid = Self.leadingNumber(task), tid != pid else { continue }
                scan(directory: "/proc/\(tid)/", pid: pid, tid: tid)
            }
            closedir(tasks)
        }
    }

    /// `sscanf(d_name, "%d%*c", &n) == 1`: a name starting with a number.
    private static func leadingNumber(_ entry: UnsafeMutablePointer<dirent>) -> Int32? {
        var name = entry.pointee.d_name
        return withUnsafeBytes(of: &name) { raw -> Int32? in
            var value: Int64 = 0
            var digits = 0
            var index = 0
            var negative = false
            if raw[0] == UInt8(ascii: "-") || raw[0] == UInt8(ascii: "+") {
                negative = raw[0] == UInt8(ascii: "-")
                index = 1
            }
            while index < raw.count, raw[index] >= 0x30, raw[index] <= 0x39, digits < 11 {
                value = value * 10 + Int64(raw[index] - 0x30)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            return Int32(truncatingIfNeeded: negative ? -value : value)
        }
    }

    private mutating func scan(directory: String, pid: Int32, tid: Int32) {
        guard let fds = opendir(directory + "fd/") else { return }
        defer { closedir(fds) }
        var task: [UInt8]?
        var link = [CChar](repeating: 0, count: 64)
        while let entry = readdir(fds) {
            guard let fd = Self.leadingNumber(entry) else { continue }
            let length = readlink(directory + "fd/\(fd)", &link, 63)
            guard length > 8 else { continue }
            let bytes = link[0..<length].map { UInt8(bitPattern: $0) }
            guard bytes.starts(with: Array("socket:[".utf8)) else { continue }
            var inode: UInt32 = 0
            var valid = false
            for byte in bytes.dropFirst(8) {
                guard byte >= 0x30, byte <= 0x39 else { break }
                inode = inode &* 10 &+ UInt32(byte - 0x30)
                valid = true
            }
            guard valid else { continue }
            if task == nil { task = Self.command(directory + "stat") }
            holders[inode, default: []].insert(Holder(task: task ?? [], pid: pid, tid: tid, fd: fd), at: 0)
        }
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
        guard inode != 0, let list = holders[inode], !list.isEmpty else { return [] }
        var text = Array(" users:(".utf8)
        for (index, holder) in list.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text += Array("(\"".utf8) + holder.task + Array("\",pid=\(holder.pid),".utf8)
            if threads { text += Array("tid=\(holder.tid),".utf8) }
            text += Array("fd=\(holder.fd))".utf8)
        }
        return text + [UInt8(ascii: ")")]
    }
}
