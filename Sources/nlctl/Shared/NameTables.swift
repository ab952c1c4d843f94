import NetlinkCore
import Glibc

/// The number ↔ name tables `ip` reads: routing tables, protocols, scopes, realms, groups, DS fields.
///
/// Read from `/etc/iproute2/NAME` (and `NAME.d/*.conf` for tables and protocols), then
/// `/usr/share/iproute2/NAME`, with iproute2's built-in names underneath, so the names match `ip`'s.
final class NameTable: @unchecked Sendable {
    private(set) var byNumber: [UInt32: String] = [:]
    private(set) var byName: [String: UInt32] = [:]

    init(file: String, builtIn: [(UInt32, String)], withDirectory: Bool = false) {
        for (number, name) in builtIn { add(number, name) }
        var loaded = false
        for directory in ["/etc/iproute2/", "/usr/share/iproute2/"] where !loaded {
            if let text = Self.read(directory + file) {
                parse(text)
                loaded = true
            }
        }
        if withDirectory {
            for directory in ["/etc/iproute2/", "/usr/share/iproute2/"] {
                for name in Self.list(directory + file + ".d") where name.hasSuffix(".conf") {
                    if let text = Self.read(directory + file + ".d/" + name) { parse(text) }
                }
            }
        }
    }

    private func add(_ number: UInt32, _ name: String) {
        byNumber[number] = name
        byName[name] = number
    }

    private func parse(_ text: String) {
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2 else { continue }
            let numberText = fields[0]
            let number: UInt32?
            if numberText.hasPrefix("0x") {
                number = UInt32(numberText.dropFirst(2), radix: 16)
            } else {
                number = UInt32(numberText)
            }
            guard let number else { continue }
            let name = fields[1]
            if name.hasPrefix("#") { continue }
            add(number, String(name))
        }
    }

    /// Whether names are printed as numbers (`-N`, `-Numeric`), as `ip` does for every table.
    nonisolated(unsafe) static var numeric = false

    /// The name of `number`, or the number in decimal (always the number under `-N`).
    func name(_ number: UInt32) -> String {
        if Self.numeric { return String(number) }
        return byNumber[number] ?? String(number)
    }

    /// The number of `text`: a name from the table, or a number as `strtoul` base 0 reads it
    /// (`rtnl_*_a2n`: decimal, 0x hexadecimal, leading-zero octal).
    func number(_ text: String) -> UInt32? {
        if let value = byName[text] { return value }
        return InetText.unsigned(text)
    }

    static func read(_ path: String) -> String? {
        ProcFiles.bytes(path).map { String(rawBytes: $0) }
    }

    static func list(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = directoryEntryName(entry)
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// The tables `ip` uses, loaded on first use.
enum Names {
    static let tables = NameTable(
        file: "rt_tables", builtIn: [(0, "unspec"), (253, "default"), (254, "main"), (255, "local")], withDirectory: true)
    static let protocols = NameTable(
        file: "rt_protos",
        builtIn: [
            (0, "unspec"), (1, "redirect"), (2, "kernel"), (3, "boot"), (4, "static"), (8, "gated"), (9, "ra"),
            (10, "mrt"), (11, "zebra"), (12, "bird"), (13, "dnrouted"), (14, "xorp"), (15, "ntk"), (16, "dhcp"),
            (18, "keepalived"), (42, "babel"), (99, "openr"), (186, "bgp"), (187, "isis"), (188, "ospf"), (189, "rip"),
            (192, "eigrp"),
        ],
        withDirectory: true)
    static let scopes = NameTable(
        file: "rt_scopes", builtIn: [(0, "global"), (200, "site"), (253, "link"), (254, "host"), (255, "nowhere")])
    static let realms = NameTable(file: "rt_realms", builtIn: [(0, "unknown")])
    static let groups = NameTable(file: "group", builtIn: [(0, "default")])
}

/// A `readdir` entry's name, byte for byte, read in place: a `dirent` is only as long as its name,
/// so copying the whole `d_name` array (`entry.pointee.d_name`) reads past the directory buffer
/// (AddressSanitizer found it in `nlctl ss -p`).
func directoryEntryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    let name = directoryEntryNamePointer(entry)
    return String(rawBytes: UnsafeRawBufferPointer(start: name, count: strlen(name)))
}

/// The address of a `readdir` entry's NUL-terminated name.
func directoryEntryNamePointer(_ entry: UnsafeMutablePointer<dirent>) -> UnsafePointer<CChar> {
    UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!).assumingMemoryBound(to: CChar.self)
}
