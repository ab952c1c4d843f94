import Glibc
import Netlink
import NetlinkCore

/// Files read whole: the name tables, `/proc` files, and the namespace's `/proc/net` files.
enum ProcFiles {
    /// The bytes of the file at `path`, or `nil` when it cannot be opened.
    static func bytes(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// The namespace's `/proc/net/NAME` files, `nil` for one that cannot be read. In another
    /// namespace a thread inside reads them through `/proc/thread-self/net` (`/proc/net` shows the
    /// main thread's); without one, `/proc/net` is read.
    /// - Throws: the error of entering `namespace`.
    static func net(_ names: [String], namespace: NetworkNamespace?) async throws(NetlinkError) -> [[UInt8]?] {
        guard let namespace else { return names.map { bytes("/proc/net/" + $0) } }
        return try await namespace.perform { () throws(NetlinkError) -> [[UInt8]?] in
            names.map { bytes("/proc/thread-self/net/" + $0) }
        }
    }
}
