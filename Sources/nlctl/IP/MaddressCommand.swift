import Glibc
import Netlink
import NetlinkCore

/// `nlctl maddress`: ip 6.1's `ip maddress` (`ipmaddr.c`). The multicast addresses of each link
/// are not in any netlink dump: ip reads them from the namespace's `/proc/net/dev_mcast` (link
/// layer), `/proc/net/igmp` (IPv4) and `/proc/net/igmp6` (IPv6), and so does this command, with
/// ip's output (text, `-o`, `-j`) and its filters (`dev NAME` compared as bytes, `-0`, `-4`, `-6`).
/// `add`/`delete` change a link-layer address with `SIOCADDMULTI`/`SIOCDELMULTI`, as ip does.
enum MaddressCommand {
    static let usage = """
        Usage: nlctl maddr [ add | del ] MULTIADDR dev STRING
               nlctl maddr show [ dev STRING ]
        """

    /// One multicast address of a link, as ip's `struct ma_info` holds it.
    struct Entry: Equatable {
        enum Address: Equatable {
            /// A link-layer address (`dev_mcast`), its bytes.
            case link([UInt8])
            /// An IPv4 group (`igmp`).
            case inet(IPv4Address)
            /// An IPv6 group (`igmp6`).
            case inet6(IPv6Address)
        }

        var index: Int32
        var name: [UInt8]
        var users: Int32
        /// `dev_mcast`'s global-use column was not 0: printed `static`.
        var isStatic: Bool
        var address: Address
    }

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await list(&words, context: context)
            return
        }
        if matches(command, "add") {
            try await modify(&words, add: true, context: context)
        } else if matches(command, "delete") {
            try await modify(&words, add: false, context: context)
        } else if matches(command, "list") || matches(command, "show") || matches(command, "lst") {
            try await list(&words, context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl maddr help\".", status: 255)
        }
    }

    // MARK: show

    static func list(_ words: inout Words, context: Context) async throws(CommandError) {
        var device: [UInt8]?
        while let word = words.next() {
            // ip's loop: `dev` takes the next word; anything else (but help) is the device itself.
            var name = word
            if word == "dev" {
                name = try words.argument(of: word)
            } else if matches(word, "help") {
                throw CommandError(usage, status: 255)
            }
            if device != nil { throw CommandError.duplicateOrGarbage(key: "dev", name) }
            device = name.rawBytes
        }
        let family = context.options.family
        var files: [String] = []
        if family == .unspecified || family == .link { files.append("dev_mcast") }
        if family == .unspecified || family == .inet { files.append("igmp") }
        if family == .unspecified || family == .inet6 { files.append("igmp6") }
        let contents = try await read(files, context: context)
        var entries: [Entry] = []
        for (file, text) in zip(files, contents) {
            guard let text else { continue }
            switch file {
            case "dev_mcast": entries += linkEntries(text)
            case "igmp": entries += inetEntries(text)
            default: entries += inet6Entries(text)
            }
        }
        if let device { entries.removeAll { $0.name != device } }
        print(ordered(entries), printer: context.printer)
    }

    /// The files of the namespace's `/proc/net` (of `-n`'s namespace, read by a thread inside it),
    /// `nil` for one that cannot be read.
    static func read(_ files: [String], context: Context) async throws(CommandError) -> [[UInt8]?] {
        let namespace = try context.namespace.get()
        do throws(NetlinkError) {
            return try await ProcFiles.net(files, namespace: namespace)
        } catch {
            throw CommandError("Cannot open network namespace: \(error.errno?.description ?? error.iproute2Description)", status: 255)
        }
    }

    /// ip's `maddr_ins`: by interface index, those of one index in the order they were read.
    static func ordered(_ entries: [Entry]) -> [Entry] {
        entries.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element)
    }

    /// The lines of a file, split at newlines, each split into its words (runs of blanks between).
    static func lines(_ text: [UInt8]) -> [(line: ArraySlice<UInt8>, words: [ArraySlice<UInt8>])] {
        text.split(separator: UInt8(ascii: "\n")).map { line in
            (line, line.split { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        }
    }

    /// `sscanf("%d")` of a word: an optional sign, then digits (at least one).
    static func integer(_ word: ArraySlice<UInt8>?) -> Int32? {
        guard var rest = word else { return nil }
        var negative = false
        if let first = rest.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for digit in digits.prefix(12) { value = value * 10 + Int64(digit - 0x30) }
        return Int32(truncatingIfNeeded: negative ? -value : value)
    }

    /// ip's `parse_hex`: pairs of hex digits; `nil` for an odd count or a pair that is not hex.
    static func hexBytes(_ word: ArraySlice<UInt8>) -> [UInt8]? {
        guard word.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = word.startIndex
        while index < word.endIndex {
            guard let high = hexDigit(word[index]), let low = hexDigit(word[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// `/proc/net/dev_mcast`: `INDEX NAME USERS GLOBAL-USE HEX` per address.
    static func linkEntries(_ text: [UInt8]) -> [Entry] {
        lines(text).compactMap { _, words in
            guard words.count >= 5, let index = integer(words[0]), let users = integer(words[2]), let global = integer(words[3]),
                  let bytes = hexBytes(words[4]) else { return nil }
            return Entry(index: index, name: Array(words[1]), users: users, isStatic: global != 0, address: .link(bytes))
        }
    }

    /// `/proc/net/igmp`: a header line, then per device `INDEX NAME: ...` and, indented, each group
    /// as `HEX USERS ...` (the group's `__be32` printed as a host-order number).
    static func inetEntries(_ text: [UInt8]) -> [Entry] {
        var entries: [Entry] = []
        var device: (index: Int32, name: [UInt8]) = (0, [])
        for (line, words) in lines(text).dropFirst() {
            if line.first != UInt8(ascii: "\t") {
                guard let index = integer(words.first) else { continue }
                var name = words.count > 1 ? Array(words[1]) : []
                if name.last == UInt8(ascii: ":") { name.removeLast() }
                device = (index, name)
                continue
            }
            guard let group = words.first, let value = UInt32(String(decoding: group.prefix(8), as: UTF8.self), radix: 16) else { continue }
            let users = integer(words.count > 1 ? words[1] : nil) ?? 0
            // The number's bytes in memory (little-endian here) are the address's, as ip reads it.
            let address = IPv4Address(networkOrder: value)
            entries.append(Entry(index: device.index, name: device.name, users: users, isStatic: false, address: .inet(address)))
        }
        return entries
    }

    /// `/proc/net/igmp6`: `INDEX NAME HEX USERS ...` per group.
    static func inet6Entries(_ text: [UInt8]) -> [Entry] {
        lines(text).compactMap { _, words in
            guard words.count >= 4, let index = integer(words[0]), let users = integer(words[3]), let bytes = hexBytes(words[2]) else { return nil }
            let padded = Array((bytes + [UInt8](repeating: 0, count: 16)).prefix(16))
            guard let address = IPv6Address(bytes: padded) else { return nil }
            return Entry(index: index, name: Array(words[1]), users: users, isStatic: false, address: .inet6(address))
        }
    }

    /// ip's `print_mlist`: each link's header (`INDEX:\tNAME`), then its addresses one a line; with
    /// `-o` the header before every address; `-j` an object per link with its `maddr` array.
    static func print(_ entries: [Entry], printer: Printer) {
        printer.begin()
        var current: Int32 = 0
        for entry in entries {
            if entry.index != current || printer.oneline {
                if current != 0 {
                    printer.closeArray()
                    printer.closeObject()
                }
                printer.openObject()
                printer.field("ifindex", .unsigned(UInt64(UInt32(bitPattern: entry.index))), text: "\(entry.index):")
                printer.colored(.interfaceName) { printer.bytes("ifname", entry.name, textPrefix: "\t") }
                printer.newline()
                current = entry.index
                printer.openArray("maddr")
            }
            printer.text("\t")
            printer.openObject()
            switch entry.address {
            case .link(let bytes):
                printer.text("link  ")
                printer.colored(.hardwareAddress) { printer.string("link", bytes.map { hex2($0) }.joined(separator: ":")) }
            case .inet(let address):
                printer.string("family", "inet", text: "inet  ")
                printer.colored(.inet) { printer.string("address", address.description) }
            case .inet6(let address):
                printer.string("family", "inet6", text: "inet6 ")
                printer.colored(.inet6) { printer.string("address", address.description) }
            }
            if entry.users != 1 {
                let users = UInt32(bitPattern: entry.users)
                printer.unsigned("users", UInt64(users), text: " users \(users)")
            }
            if entry.isStatic { printer.string("features", "static", text: " static") }
            printer.endLine()
            printer.closeObject()
        }
        if current != 0 {
            printer.closeArray()
            printer.closeObject()
        }
        printer.finish()
    }

    static func hex2(_ byte: UInt8) -> String {
        byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
    }

    // MARK: add / delete

    /// ip's `multiaddr_modify`: `dev NAME` and one link-layer address (six bytes), given to the
    /// kernel with `SIOCADDMULTI` or `SIOCDELMULTI` on a datagram socket of the `-4`/`-6`/`-0`
    /// family (IPv4 otherwise) in the namespace.
    static func modify(_ words: inout Words, add: Bool, context: Context) async throws(CommandError) {
        var device: String?
        var address: [UInt8]?
        while let word = words.next() {
            if word == "dev" {
                let name = try words.argument(of: word)
                if device != nil { throw CommandError.duplicate("dev", name) }
                guard RuleCommand.checkInterfaceName(name) else { throw CommandError.invalidArgument(name, "\"dev\" not a valid ifname") }
                device = name
                continue
            }
            var text = word
            if matches(word, "address") { text = try words.argument(of: word) }
            if matches(text, "help") { throw CommandError(usage, status: 255) }
            if let address, address.first != 0 { throw CommandError.duplicate("address", text) }
            // ip's ll_addr_a2n into the 14 bytes of sa_data: at most 14 parts are read, and more
            // count as 15 (the rest unread).
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            let tooMany = !text.contains(".") && parts.count > 14
            let parsed = try LinkModify.linkLayerAddress(tooMany ? parts.prefix(14).joined(separator: ":") : text)
            let length = tooMany ? 15 : parsed.length
            guard length == 6 else {
                throw CommandError("Error: Invalid address length \(length) - must be 6 bytes", status: 1)
            }
            address = parsed.bytes
        }
        guard let device else { throw CommandError("Not enough information: \"dev\" is required.", status: 255) }
        try Sandbox.refuse("maddress add/delete")  // an ioctl on a real socket, outside any fake kernel
        let family: Int32 = switch context.options.family {
        case .inet6: AF_INET6
        case .link: AF_PACKET
        default: AF_INET
        }
        let request = (name: device.rawBytes, address: address ?? [UInt8](repeating: 0, count: 6), add: add)
        let failure: String?
        if let namespace = try context.namespace.get() {
            do throws(NetlinkError) {
                failure = try await namespace.perform { () throws(NetlinkError) -> String? in Self.ioctl(request, family: family) }
            } catch {
                throw CommandError("Cannot open network namespace: \(error.errno?.description ?? error.iproute2Description)", status: 255)
            }
        } else {
            failure = Self.ioctl(request, family: family)
        }
        if let failure { throw CommandError(failure, status: 1) }
    }

    /// The ioctl, as ip makes it: `nil`, or ip's `perror` line.
    static func ioctl(_ request: (name: [UInt8], address: [UInt8], add: Bool), family: Int32) -> String? {
        let fd = socket(family, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return "Cannot create socket: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        var ifr = ifreq()
        withUnsafeMutableBytes(of: &ifr.ifr_ifrn.ifrn_name) { name in
            for (offset, byte) in request.name.prefix(name.count - 1).enumerated() { name[offset] = byte }
        }
        withUnsafeMutableBytes(of: &ifr.ifr_ifru.ifru_hwaddr.sa_data) { data in
            for (offset, byte) in request.address.prefix(data.count).enumerated() { data[offset] = byte }
        }
        let command: UInt = request.add ? 0x8931 : 0x8932  // SIOCADDMULTI, SIOCDELMULTI
        guard Glibc.ioctl(fd, command, &ifr) == 0 else { return "ioctl: \(String(cString: strerror(errno)))" }
        return nil
    }
}
