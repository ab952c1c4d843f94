import Glibc
import Netlink

/// `nlctl netns monitor`: ip 6.1's — `add NAME` and `delete NAME` as names appear in and leave
/// `/run/netns` (inotify), until killed. Unlike ip, each line is written as it happens, also to a
/// file or a pipe (ip's stdio holds them in its buffer there, and a killed `ip netns monitor > FILE`
/// leaves the file empty).
enum NetnsMonitor {
    static func run(context: Context) throws(CommandError) {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        if fd < 0 { throw CommandError("inotify_init failed: \(String(cString: strerror(errno)))", status: 1) }
        defer { close(fd) }
        if mkdir(NetworkNamespace.namesDirectory, 0o755) < 0 && errno != EEXIST {
            throw CommandError("mkdir \(NetworkNamespace.namesDirectory) failed: \(String(cString: strerror(errno)))", status: 1)
        }
        if inotify_add_watch(fd, NetworkNamespace.namesDirectory, UInt32(IN_CREATE | IN_DELETE)) < 0 {
            throw CommandError("inotify_add_watch failed: \(String(cString: strerror(errno)))", status: 1)
        }
        let output = context.printer.output
        let headerSize = MemoryLayout<inotify_event>.size
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandError("read failed: \(String(cString: strerror(errno)))", status: 1)
            }
            var offset = 0
            while offset + headerSize <= count {
                let (mask, length) = buffer.withUnsafeBytes {
                    ($0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self), Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + headerSize)..<min(count, offset + headerSize + length)].prefix { $0 != 0 }
                let name = String(rawBytes: Array(nameBytes))
                if mask & UInt32(IN_CREATE) != 0 { output.write("add \(name)\n") }
                if mask & UInt32(IN_DELETE) != 0 { output.write("delete \(name)\n") }
                offset += headerSize + length
            }
            output.flush()
        }
    }
}
