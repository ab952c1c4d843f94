import Glibc
import NetlinkCore
import NetlinkSockDiag

/// ss's filter expression (`misc/ssfilter.y` of ss 6.1), parsed into a tree of its own nodes: the
/// tree compiles into the library's typed bytecode (``InetDiagFilter``) for the kernel, and is run
/// again in user space on every socket as ss does (`run_ssfilter`) — for unix, netlink and packet
/// sockets it is the only filter.
///
/// The grammar: words split at blanks (a backslash escapes the next byte); `!`/`not`, `&`/`&&`/`and`,
/// `|`/`||`/`or`, parentheses; a sequence of expressions without an operator is an and; operators
/// have no precedence among themselves (left to right: `a | b & c` is `(a | b) & c`).
indirect enum SSFilter: Hashable, Sendable {
    /// A host condition (`struct aafilter`): an address of a family with a prefix length, and a port.
    struct Host: Hashable, Sendable {
        /// `AF_UNSPEC` for a port alone; `AF_UNIX` for a unix name pattern.
        var family: AddressFamily = 0
        /// The address bytes (4 or 16), when a prefix was given.
        var address: [UInt8] = []
        /// The prefix length; 0 for any address.
        var bits: Int = 0
        /// The port; -1 for any.
        var port: Int32 = -1
        /// A unix name pattern (`unix:PATTERN`, fnmatch with case folding); `nil` for any.
        var unixPattern: [UInt8]?
    }

    case source(Host), destination(Host)
    case sourceAtLeast(Int32), sourceAtMost(Int32), destinationAtLeast(Int32), destinationAtMost(Int32)
    case device(UInt32)
    case mark(UInt32, mask: UInt32)
    case cgroup(UInt64)
    case autoBound
    case and(SSFilter, SSFilter), or(SSFilter, SSFilter), not(SSFilter)

    /// What a socket shows the filter (ss's `struct sockstat`).
    struct Socket {
        var family: AddressFamily
        var localPort: Int64 = 0, remotePort: Int64 = 0
        var local: [UInt8] = [], remote: [UInt8] = []
        /// A unix socket's name (`@` for the abstract NULs), `nil` for none.
        var localName: [UInt8]?
        var remoteName: [UInt8]?
        var interface: UInt32 = 0
        var mark: UInt32 = 0
        var cgroup: UInt64 = 0
        /// packet sockets: whether the protocol is 0 (`local.data[0] == 0`).
        var packetProtocolZero = false
    }

    /// ss's `run_ssfilter`.
    func matches(_ s: Socket, ephemeral: ClosedRange<Int64>) -> Bool {
        switch self {
        case .autoBound:
            switch s.family {
            case .unix:
                guard let name = s.localName else { return true }
                return name.count == 6 && name[0] == UInt8(ascii: "@")
                    && name[1...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
            case .packet: return s.localPort == 0 && s.packetProtocolZero
            case .netlink: return s.localPort < 0
            default: return ephemeral.contains(s.localPort)
            }
        case .source(let host): return Self.matches(host, port: s.localPort, address: s.local, name: s.localName)
        case .destination(let host): return Self.matches(host, port: s.remotePort, address: s.remote, name: s.remoteName)
        case .sourceAtLeast(let port): return s.localPort >= Int64(port)
        case .sourceAtMost(let port): return s.localPort <= Int64(port)
        case .destinationAtLeast(let port): return s.remotePort >= Int64(port)
        case .destinationAtMost(let port): return s.remotePort <= Int64(port)
        case .device(let index): return s.interface == index
        case .mark(let value, let mask): return s.mark & mask == value
        case .cgroup(let id): return s.cgroup == id
        case .and(let a, let b): return a.matches(s, ephemeral: ephemeral) && b.matches(s, ephemeral: ephemeral)
        case .or(let a, let b): return a.matches(s, ephemeral: ephemeral) || b.matches(s, ephemeral: ephemeral)
        case .not(let a): return !a.matches(s, ephemeral: ephemeral)
        }
    }

    private static func matches(_ host: Host, port: Int64, address: [UInt8], name: [UInt8]?) -> Bool {
        if host.family == .unix {
            guard let pattern = host.unixPattern else { return true }
            return fnmatch(pattern + [0], (name ?? []) + [0], 1 << 4) == 0    // FNM_CASEFOLD
        }
        if host.port != -1, Int64(host.port) != port { return false }
        guard host.bits > 0 else { return true }
        // inet2_addr_match: the bits compared whatever the families; then a v4-mapped IPv6
        // address against an IPv4 prefix.
        if bitsEqual(address, host.address, host.bits) { return true }
        if host.family == .inet, address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF {
            return bitsEqual(Array(address[12...]), host.address, host.bits)
        }
        return false
    }

    private static func bitsEqual(_ a: [UInt8], _ b: [UInt8], _ bits: Int) -> Bool {
        for bit in 0..<bits {
            let byte = bit / 8
            let x = byte < a.count ? a[byte] : 0, y = byte < b.count ? b[byte] : 0
            if (x ^ y) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
        }
        return true
    }

    /// Whether ss would compile it to bytecode: not with a device condition anywhere
    /// (`ssfilter_bytecompile` answers 0 for SSF_DEVCOND, and then sends no program at all).
    var compiles: Bool {
        switch self {
        case .device: false
        case .and(let a, let b), .or(let a, let b): a.compiles && b.compiles
        case .not(let a): a.compiles
        default: true
        }
    }

    /// The kernel's program of the tree: ss's `ssfilter_bytecompile` as the library's typed filter.
    /// `nil` when ss sends none (see ``compiles``).
    var inetFilter: InetDiagFilter? {
        guard compiles else { return nil }
        return inet
    }

    private var inet: InetDiagFilter {
        switch self {
        case .source(let host), .destination(let host):
            var prefix: IPPrefix?
            if host.bits > 0 || host.family == .inet || host.family == .inet6 {
                let address: IPAddress? = host.address.count == 4
                    ? .v4(IPv4Address(host.address[0], host.address[1], host.address[2], host.address[3]))
                    : IPv6Address(bytes: host.address).map { .v6($0) }
                prefix = address.flatMap { IPPrefix(address: $0, length: UInt8(host.bits)) }
            }
            let port = host.port == -1 ? nil : UInt16(truncatingIfNeeded: host.port)
            if case .source = self { return .source(prefix, port: port) }
            return .destination(prefix, port: port)
        case .sourceAtLeast(let port): return .sourcePort(.greaterOrEqual, UInt16(truncatingIfNeeded: port))
        case .sourceAtMost(let port): return .sourcePort(.lessOrEqual, UInt16(truncatingIfNeeded: port))
        case .destinationAtLeast(let port): return .destinationPort(.greaterOrEqual, UInt16(truncatingIfNeeded: port))
        case .destinationAtMost(let port): return .destinationPort(.lessOrEqual, UInt16(truncatingIfNeeded: port))
        case .device(let index): return .device(index)
        case .mark(let value, let mask): return .mark(value, mask: mask)
        case .cgroup(let id): return .cgroup(id)
        case .autoBound: return .autoBound
        case .and(let a, let b): return .and(a.inet, b.inet)
        case .or(let a, let b): return .or(a.inet, b.inet)
        case .not(let a): return .not(a.inet)
        }
    }
}

/// Why a filter expression was refused: ss's messages and exit status (1 for a word that does not
/// parse, 255 and the usage for bad syntax).
struct SSFilterError: Error, Equatable {
    var message: String
    var status: Int32
    var usage = false
}

/// The parser of ``SSFilter``: ss's lexer (`yylex`) and grammar, as recursive descent.
struct SSFilterParser {
    /// What the words around a host condition resolve with.
    struct Environment {
        /// ss's preferred family (`-4`, `-6`, `-f`): the family an address is read in; `AF_UNSPEC`
        /// reads either.
        var preferredFamily: AddressFamily = 0
        /// Whether TCP and UDP tables are selected (service names are looked up for those).
        var tcp = true, udp = true
        /// An interface index by name (ss's `ll_name_to_index`).
        var interfaceIndex: (String) -> UInt32? = { _ in nil }
        /// A cgroup v2 ID by path; `nil` when it does not resolve.
        var cgroupID: (String) -> UInt64? = { _ in nil }
        /// A host name's addresses in one family (`AF_INET` or `AF_INET6`); none by default, so that
        /// only ss itself (``SSFilterParser/Environment/resolver(_:_:)``) asks the name service, never the
        /// fuzz target or a test.
        var hostAddresses: (String, Int32) -> [[UInt8]] = { _, _ in [] }

        /// ss's own lookup: `gethostbyname2` (which may ask a DNS server).
        static func resolver(_ name: String, _ family: Int32) -> [[UInt8]] {
            guard let entry = gethostbyname2(name, family), let list = entry.pointee.h_addr_list else { return [] }
            let length = Int(entry.pointee.h_length)
            var addresses: [[UInt8]] = []
            var index = 0
            while let address = list[index] {
                addresses.append(Array(UnsafeRawBufferPointer(start: address, count: length)))
                index += 1
            }
            return addresses
        }
    }

    enum Token: Equatable {
        case not, and, or, open, close
        case destinationKeyword, sourceKeyword, destinationPortKeyword, sourcePortKeyword, deviceKeyword, markKeyword, cgroupKeyword
        case atLeast, atMost, notEqual, equal, greater, less, autoBound
        /// A host condition; more than one for a host name with several addresses (any of them holds).
        case host([SSFilter.Host]), device(UInt32), mark(UInt32, UInt32), cgroup(UInt64)
    }

    private var words: [[UInt8]]
    private var index = 0
    private var context: Token?
    private var lookahead: Token??
    let environment: Environment
    /// The family a host condition with a family prefix (`inet6:`, `unix:` ...) switched ss's table
    /// selection to (ss's `parse_hostcond` resets the families to it).
    private(set) var familySwitch: AddressFamily?

    /// The tokens of `arguments`: each split at blanks, a backslash escaping the next byte.
    init(_ arguments: [String], environment: Environment) {
        self.environment = environment
        var words: [[UInt8]] = []
        for argument in arguments {
            var current: [UInt8]?
            var bytes = Array(argument.utf8)[...]
            while let byte = bytes.popFirst() {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    if let word = current { words.append(word) }
                    current = nil
                } else if byte == UInt8(ascii: "\\") {
                    current = current ?? []
                    if let next = bytes.popFirst() { current!.append(next) }
                } else {
                    current = (current ?? []) + [byte]
                }
            }
            if let word = current { words.append(word) }
        }
        self.words = words
    }

    /// Parses the whole expression: `nil` for none (every socket).
    mutating func parse() throws(SSFilterError) -> SSFilter? {
        guard try peek() != nil else { return nil }
        let tree = try expressionList()
        guard try peek() == nil else { throw Self.syntaxError }
        return tree
    }

    static let syntaxError = SSFilterError(message: "ss: bison bellows (while parsing filter): \"syntax error!\" Sorry.", status: 255, usage: true)

    private mutating func peek() throws(SSFilterError) -> Token? {
        if let lookahead { return lookahead }
        let token = try lex()
        lookahead = .some(token)
        return token
    }

    private mutating func next() throws(SSFilterError) -> Token? {
        let token = try peek()
        lookahead = nil
        return token
    }

    private mutating func expressionList() throws(SSFilterError) -> SSFilter {
        var tree = try expression()
        while let token = try peek(), token != .close {
            switch token {
            case .or:
                _ = try next()
                tree = .or(tree, try expression())
            case .and:
                _ = try next()
                tree = .and(tree, try expression())
            default:
                tree = .and(tree, try expression())
            }
        }
        return tree
    }

    private mutating func expression() throws(SSFilterError) -> SSFilter {
        guard let token = try next() else { throw Self.syntaxError }
        switch token {
        case .open:
            let tree = try expressionList()
            guard try next() == .close else { throw Self.syntaxError }
            return tree
        case .not: return .not(try expression())
        case .destinationKeyword, .sourceKeyword:
            if try peek() == .equal { _ = try next() }
            guard case .host(let hosts)? = try next() else { throw Self.syntaxError }
            let conditions: [SSFilter] = hosts.map { token == .sourceKeyword ? .source($0) : .destination($0) }
            return conditions.dropFirst().reduce(conditions[0]) { .or($0, $1) }
        case .destinationPortKeyword, .sourcePortKeyword:
            let source = token == .sourcePortKeyword
            var comparison = try peek()
            if case .host? = comparison { comparison = .equal } else { _ = try next() }
            guard case .host(let hosts)? = try next(), let host = hosts.first else { throw Self.syntaxError }
            switch comparison {
            case .atLeast?: return source ? .sourceAtLeast(host.port) : .destinationAtLeast(host.port)
            case .atMost?: return source ? .sourceAtMost(host.port) : .destinationAtMost(host.port)
            case .greater?: return .not(source ? .sourceAtMost(host.port) : .destinationAtMost(host.port))
            case .less?: return .not(source ? .sourceAtLeast(host.port) : .destinationAtLeast(host.port))
            case .equal?: return source ? .source(host) : .destination(host)
            case .notEqual?: return .not(source ? .source(host) : .destination(host))
            default: throw Self.syntaxError
            }
        case .deviceKeyword, .markKeyword, .cgroupKeyword:
            var negate = false
            switch try peek() {
            case .equal?: _ = try next()
            case .notEqual?:
                _ = try next()
                negate = true
            default: break
            }
            let tree: SSFilter
            switch (token, try next()) {
            case (.deviceKeyword, .device(let index)?): tree = .device(index)
            case (.markKeyword, .mark(let value, let mask)?): tree = .mark(value, mask: mask)
            case (.cgroupKeyword, .cgroup(let id)?): tree = .cgroup(id)
            default: throw Self.syntaxError
            }
            return negate ? .not(tree) : tree
        case .autoBound: return .autoBound
        default: throw Self.syntaxError
        }
    }

    /// ss's `yylex`: keywords first, then a word read by the keyword before it.
    private mutating func lex() throws(SSFilterError) -> Token? {
        guard index < words.count else { return nil }
        let word = words[index]
        index += 1
        let text = String(decoding: word, as: UTF8.self)
        switch text {
        case "!", "not": return .not
        case "&", "&&", "and": return .and
        case "|", "||", "or": return .or
        case "(": return .open
        case ")": return .close
        case "dst": context = .destinationKeyword; return .destinationKeyword
        case "src": context = .sourceKeyword; return .sourceKeyword
        case "dport": context = .destinationPortKeyword; return .destinationPortKeyword
        case "sport": context = .sourcePortKeyword; return .sourcePortKeyword
        case "dev": context = .deviceKeyword; return .deviceKeyword
        case "fwmark": context = .markKeyword; return .markKeyword
        case "cgroup": context = .cgroupKeyword; return .cgroupKeyword
        case ">=", "ge", "geq": return .atLeast
        case "<=", "le", "leq": return .atMost
        case "!=", "ne", "neq": return .notEqual
        case "=", "==", "eq": return .equal
        case ">", "gt": return .greater
        case "<", "lt": return .less
        case "autobound": context = .autoBound; return .autoBound
        default: break
        }
        switch context {
        case .deviceKeyword?:
            if let index = environment.interfaceIndex(text), index != 0 { return .device(index) }
            guard let number = InetText.unsigned64(text), let index = UInt32(exactly: number), text.first != "-", text.first != "+" || true else {
                throw SSFilterError(message: "Cannot parse device.", status: 1)
            }
            return .device(index)
        case .markKeyword?:
            guard let (value, mask) = Self.markMask(text) else { throw SSFilterError(message: "Cannot parse mark \(text).", status: 1) }
            return .mark(value, mask)
        case .cgroupKeyword?:
            guard let id = environment.cgroupID(text) else { throw SSFilterError(message: "Cannot parse cgroup \(text).", status: 1) }
            return .cgroup(id)
        default:
            let isPort = context == .sourcePortKeyword || context == .destinationPortKeyword
            do throws(SSFilterError) {
                return .host(try hostConditions(word, isPort: isPort))
            } catch {
                throw SSFilterError(message: (error.message.isEmpty ? "" : error.message + "\n") + "Cannot parse dst/src address.", status: 1)
            }
        }
    }

    /// ss's `parse_markmask`: `%i/%i` or `%i` (mask all ones).
    static func markMask(_ text: String) -> (UInt32, UInt32)? {
        func scanInt(_ part: Substring) -> UInt32? {
            // sscanf %i: optional blanks and sign, base by prefix; trailing text is ignored.
            var bytes = Array(part.utf8)
            bytes.append(0)
            return bytes.withUnsafeBufferPointer { buffer -> UInt32? in
                var end: UnsafeMutablePointer<CChar>?
                let start = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                let value = strtol(start, &end, 0)
                guard let end, end != UnsafeMutablePointer(mutating: start) else { return nil }
                return UInt32(truncatingIfNeeded: value)
            }
        }
        if let slash = text.firstIndex(of: "/") {
            guard let value = scanInt(text[..<slash]), let mask = scanInt(text[text.index(after: slash)...]) else { return nil }
            return (value, mask)
        }
        guard let value = scanInt(text[...]) else { return nil }
        return (value, 0xFFFF_FFFF)
    }

    /// ss's `parse_hostcond`, with a host name's addresses (`gethostbyname2`, IPv4 then IPv6 when
    /// no family is preferred) as one condition each.
    mutating func hostConditions(_ word: [UInt8], isPort: Bool) throws(SSFilterError) -> [SSFilter.Host] {
        do throws(SSFilterError) {
            return [try hostCondition(word, isPort: isPort)]
        } catch where error.message.hasPrefix("Error: an inet prefix is expected") {
            // Not an address: a host name, as ss looks it up (the port part parsed again).
            var host = try hostCondition(Self.portPart(word), isPort: isPort)
            let name = String(decoding: Self.addressPart(word), as: UTF8.self)
            var found: [SSFilter.Host] = []
            let family = environment.preferredFamily
            for lookup in family == 0 ? [AF_INET, AF_INET6] : [Int32(family.rawValue)] {
                for address in environment.hostAddresses(name, lookup) where address.count == 4 || address.count == 16 {
                    host.address = address
                    host.bits = address.count * 8
                    host.family = address.count == 4 ? .inet : .inet6
                    found.append(host)
                }
            }
            guard !found.isEmpty else { throw error }
            return found
        }
    }

    /// The address part of a host condition word (before the port's colon).
    static func addressPart(_ word: [UInt8]) -> ArraySlice<UInt8> {
        let slashOrStart = word.firstIndex(of: UInt8(ascii: "/")) ?? 0
        guard let colon = word[slashOrStart...].lastIndex(of: UInt8(ascii: ":")) else { return word[...] }
        return word[..<colon]
    }

    /// `*` and the port part of a host condition word.
    static func portPart(_ word: [UInt8]) -> [UInt8] {
        [UInt8(ascii: "*")] + word[addressPart(word).endIndex...]
    }

    /// ss's `parse_hostcond` for inet and unix conditions. The message of a thrown error is what
    /// ss prints before "Cannot parse dst/src address.".
    mutating func hostCondition(_ word: [UInt8], isPort: Bool) throws(SSFilterError) -> SSFilter.Host {
        var host = SSFilter.Host()
        var family = environment.preferredFamily
        var text = word[...]
        for (prefix, prefixFamily) in [("unix:", AddressFamily.unix), ("link:", .packet), ("netlink:", .netlink), ("vsock:", AddressFamily(rawValue: 40)),
                                       ("inet:", .inet), ("inet6:", .inet6)] where text.starts(with: prefix.utf8) {
            family = prefixFamily
            text = text.dropFirst(prefix.utf8.count)
            break
        }
        if family == .unix {
            host.family = .unix
            host.unixPattern = Array(text)
            host.bits = 8 * text.count
            familySwitch = .unix
            return host
        }
        if family == .packet || family == .netlink {
            // `link:PROTOCOL:INTERFACE` and `netlink:PROTOCOL:PORT`: the port after the first colon
            // (the whole word for sport/dport), the protocol by name or number.
            host.family = family
            var address = text
            var port: ArraySlice<UInt8>?
            if isPort {
                port = text
            } else if let colon = text.firstIndex(of: UInt8(ascii: ":")) {
                port = text[(colon + 1)...]
                address = text[..<colon]
            }
            if isPort, port?.first == UInt8(ascii: ":") { port = port?.dropFirst() }
            if let port, !port.isEmpty, port != [UInt8(ascii: "*")] {
                let portText = String(decoding: port, as: UTF8.self)
                if let number = Self.integer(portText) {
                    host.port = number
                } else if family == .netlink {
                    guard portText == "kernel" else { throw SSFilterError(message: "", status: 1) }
                    host.port = 0
                } else {
                    guard let index = environment.interfaceIndex(portText), index > 0, let fits = Int32(exactly: index) else {
                        throw SSFilterError(message: "", status: 1)
                    }
                    host.port = fits
                }
            }
            if !isPort, !address.isEmpty, address != [UInt8(ascii: "*")] {
                let name = String(decoding: address, as: UTF8.self)
                let number: UInt32? = family == .packet ? Self.linkProtocol(name).map(UInt32.init) : Self.netlinkProtocol(name)
                guard let number else { throw SSFilterError(message: "", status: 1) }
                host.address = withUnsafeBytes(of: number) { Array($0) }
                host.bits = 32
            }
            familySwitch = family
            return host
        }
        guard family == 0 || family == .inet || family == .inet6 else {
            throw SSFilterError(message: "nlctl ss: vsock: conditions are not built", status: 1)
        }
        var address = text
        var port: ArraySlice<UInt8>?
        if text.first == UInt8(ascii: "[") {
            address = text.dropFirst()
            guard let close = address.firstIndex(of: UInt8(ascii: "]")) else { throw SSFilterError(message: "", status: 1) }
            port = address[(close + 1)...]
            address = address[..<close]
        } else if text.first == UInt8(ascii: "*") {
            port = text.dropFirst()
            address = text.prefix(1)
        } else {
            // The last colon after any slash starts the port.
            let searchFrom = text.firstIndex(of: UInt8(ascii: "/")) ?? text.startIndex
            if let colon = text[searchFrom...].lastIndex(of: UInt8(ascii: ":")) {
                port = text[colon...]
                address = text[..<colon]
            }
        }
        if isPort { port = text }
        if var portText = port, !portText.isEmpty {
            if portText.first == UInt8(ascii: ":") { portText = portText.dropFirst() }
            if !portText.isEmpty, portText.first != UInt8(ascii: "*") {
                host.port = try Self.port(String(decoding: portText, as: UTF8.self), tcp: environment.tcp, udp: environment.udp)
            }
        }
        if !isPort, let first = address.first, first != UInt8(ascii: "*") {
            let addressText = String(decoding: address, as: UTF8.self)
            guard let (bytes, bits, parsedFamily) = Self.prefix(addressText, family: family) else {
                throw SSFilterError(message: "Error: an inet prefix is expected rather than \"\(addressText)\".", status: 1)
            }
            host.address = bytes
            host.bits = bits
            host.family = parsedFamily
        }
        if family != 0 { familySwitch = family }
        return host
    }

    /// `get_integer` (base 0, whole word, within int).
    static func integer(_ text: String) -> Int32? { InetText.integer(text) }

    /// iproute2's `ll_proto_a2n`: a link-layer protocol by name (any case) or number.
    static func linkProtocol(_ name: String) -> UInt16? {
        if let number = integer(name), let fits = UInt16(exactly: number) { return fits }
        let lowered = SSSession.asciiLowercased(name)
        if lowered == "all" { return 3 }
        // One lookup: the scan of all 65,536 numbers through the name function (a table built per
        // number) took 0.2 s for one word and stalled the fuzz target.
        return SSSession.linkProtocolNumbers[lowered]
    }

    /// iproute2's `nl_proto_a2n`: a netlink protocol by name or number.
    static func netlinkProtocol(_ name: String) -> UInt32? {
        if let number = integer(name), number >= 0 { return UInt32(number) }
        return (0...255).first { SSSession.netlinkProtocolName(UInt8($0)) == name }.map(UInt32.init)
    }

    /// `get_integer` (base 0, whole word, within int) or a service name of the selected tables.
    static func port(_ text: String, tcp: Bool, udp: Bool) throws(SSFilterError) -> Int32 {
        var bytes = Array(text.utf8)
        bytes.append(0)
        let number: Int32? = bytes.withUnsafeBufferPointer { buffer in
            var end: UnsafeMutablePointer<CChar>?
            let start = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            errno = 0
            let value = strtol(start, &end, 0)
            guard let end, end != UnsafeMutablePointer(mutating: start), end.pointee == 0, errno == 0,
                  let fits = Int32(exactly: value) else { return nil }
            return fits
        }
        if let number { return number }
        let udpPort = udp ? getservbyname(text, "udp").map { Int32(UInt16(bigEndian: UInt16(truncatingIfNeeded: $0.pointee.s_port))) } : nil
        let tcpPort = tcp ? getservbyname(text, "tcp").map { Int32(UInt16(bigEndian: UInt16(truncatingIfNeeded: $0.pointee.s_port))) } : nil
        if let udpPort, let tcpPort, udpPort != tcpPort {
            throw SSFilterError(message: "Error: ambiguous port \"\(text)\".", status: 1)
        }
        if let found = udpPort ?? tcpPort { return found }
        throw SSFilterError(message: "Error: \"\(text)\" does not look like a port.", status: 1)
    }

    /// iproute2's `get_prefix_1` for inet: the address bytes, the prefix length (the whole
    /// address without a slash), the family; `nil` when it does not parse.
    static func prefix(_ text: String, family: AddressFamily) -> ([UInt8], Int, AddressFamily)? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let addressText = parts[0]
        var bytes: [UInt8]
        var parsed: AddressFamily
        var bits: Int
        if addressText == "default" || addressText == "all" || addressText == "any" {
            parsed = family
            bytes = Array(repeating: 0, count: family == .inet6 ? 16 : family == .inet ? 4 : 0)
            bits = 0
            if parts.count > 1 { return nil }     // bitlen -2 with a slash: refused
            return (bytes, bits, parsed)
        }
        guard let address = InetText.address(addressText, family: family) else { return nil }
        bytes = address.bytes
        parsed = address.family
        bits = bytes.count * 8
        if parts.count > 1 {
            guard let length = InetText.prefixLength(parts[1], maximum: UInt8(bits)) else { return nil }
            bits = Int(length)
        }
        return (bytes, bits, parsed)
    }
}
