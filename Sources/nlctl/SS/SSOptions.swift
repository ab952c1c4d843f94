import Glibc
import NetlinkCore
import NetlinkSockDiag

/// ss 6.1's socket tables (`enum { TCP_DB, ... }`), its state bits and the defaults that tie
/// tables, families and states together (`default_dbs`, `default_afs`, `filter_db_parse`).
struct SSSelection: Equatable {
    enum Table: Int, CaseIterable {
        case tcp, mptcp, dccp, udp, raw, unixDatagram, unixStream, unixSeqpacket, packetDatagram, packetRaw, netlink, sctp
        case vsockStream, vsockDatagram, tipc, xdp
    }

    static let stateCount = 12      // SS_MAX
    static let allStates: UInt32 = (1 << 12) - 1
    static let connected: UInt32 = allStates & ~UInt32(1 << 10 | 1 << 7 | 1 << 6 | 1 << 3)   // SS_CONN
    static let tipcConnected: UInt32 = 1 << 1 | 1 << 10 | 1 << 7
    static let close: UInt32 = 1 << 7
    static let established: UInt32 = 1 << 1

    static let vsock = AddressFamily(rawValue: 40), tipc = AddressFamily(rawValue: 30), xdp = AddressFamily(rawValue: 44)

    /// Each table's default states and families.
    static func defaults(_ table: Table) -> (states: UInt32, families: [AddressFamily]) {
        switch table {
        case .tcp, .mptcp, .dccp, .sctp: (connected, [.inet, .inet6])
        case .udp, .raw: (established, [.inet, .inet6])
        case .unixDatagram: (close, [.unix])
        case .unixStream, .unixSeqpacket: (connected, [.unix])
        case .packetDatagram, .packetRaw: (close, [.packet])
        case .netlink: (close, [.netlink])
        case .vsockStream, .vsockDatagram: (connected, [vsock])
        case .tipc: (tipcConnected, [tipc])
        case .xdp: (close, [xdp])
        }
    }

    /// Each family's default tables and states.
    static func defaults(_ family: AddressFamily) -> (tables: [Table], states: UInt32)? {
        switch family {
        case .inet, .inet6: ([.tcp, .mptcp, .udp, .dccp, .sctp, .raw], connected)
        case .unix: ([.unixDatagram, .unixStream, .unixSeqpacket], connected)
        case .packet: ([.packetDatagram, .packetRaw], close)
        case .netlink: ([.netlink], close)
        case vsock: ([.vsockStream, .vsockDatagram], connected)
        case tipc: ([.tipc], tipcConnected)
        case xdp: ([.xdp], close)
        default: nil
        }
    }

    /// `-A` names (`filter_db_parse`).
    static let tableNames: [(String, [Table])] = [
        ("all", [.udp, .dccp, .tcp, .mptcp, .raw, .unixStream, .unixDatagram, .unixSeqpacket, .packetRaw, .packetDatagram, .netlink, .sctp,
                 .vsockStream, .vsockDatagram, .xdp]),
        ("inet", [.udp, .dccp, .tcp, .mptcp, .sctp, .raw]),
        ("udp", [.udp]), ("dccp", [.dccp]), ("tcp", [.tcp]), ("mptcp", [.mptcp]), ("sctp", [.sctp]), ("raw", [.raw]),
        ("unix", [.unixStream, .unixDatagram, .unixSeqpacket]),
        ("unix_stream", [.unixStream]), ("u_str", [.unixStream]), ("unix_dgram", [.unixDatagram]), ("u_dgr", [.unixDatagram]),
        ("unix_seqpacket", [.unixSeqpacket]), ("u_seq", [.unixSeqpacket]),
        ("packet", [.packetRaw, .packetDatagram]), ("packet_raw", [.packetRaw]), ("p_raw", [.packetRaw]),
        ("packet_dgram", [.packetDatagram]), ("p_dgr", [.packetDatagram]), ("netlink", [.netlink]), ("tipc", [.tipc]),
        ("vsock", [.vsockStream, .vsockDatagram]), ("vsock_stream", [.vsockStream]), ("v_str", [.vsockStream]),
        ("vsock_dgram", [.vsockDatagram]), ("v_dgr", [.vsockDatagram]), ("xdp", [.xdp]),
    ]

    var tables: Set<Table> = []
    var families: Set<UInt8> = []
    var states: UInt32 = 0
    var doDefault = true
    var preferredFamily: AddressFamily = 0

    /// `filter_db_set`.
    mutating func set(_ table: Table, _ enable: Bool = true) {
        if enable {
            states |= Self.defaults(table).states
            tables.insert(table)
        } else {
            tables.remove(table)
        }
        doDefault = false
    }

    /// `filter_af_set`.
    mutating func set(family: AddressFamily) {
        states |= Self.defaults(family)?.states ?? 0
        families.insert(family.rawValue)
        doDefault = false
        preferredFamily = family
    }

    /// `filter_db_parse`: a name of `-A`, `!` before it removes; false for an unknown name.
    mutating func parse(tableName: Substring) -> Bool {
        var name = tableName
        var enable = true
        if name.first == "!" {
            enable = false
            name = name.dropFirst()
        }
        guard let entry = Self.tableNames.first(where: { $0.0 == name }) else { return false }
        for table in entry.1 { set(table, enable) }
        return true
    }

    /// `filter_merge_defaults`.
    mutating func mergeDefaults() {
        for table in Table.allCases where tables.contains(table) {
            let families = Self.defaults(table).families
            if !families.contains(where: { self.families.contains($0.rawValue) }) {
                for family in families { self.families.insert(family.rawValue) }
            }
        }
        for family in families.sorted() {
            guard let tables = Self.defaults(AddressFamily(rawValue: family))?.tables else { continue }
            if !tables.contains(where: { self.tables.contains($0) }) {
                for table in tables { self.tables.insert(table) }
            }
        }
    }

    func has(_ family: AddressFamily) -> Bool { families.contains(family.rawValue) }

    /// ss's `scan_state`: a state or group name (any case), or `nil`.
    static func scanState(_ name: String) -> UInt32? {
        let lower = name.lowercased()
        switch lower {
        case "close", "closed": return 1 << 7
        case "syn-rcv": return 1 << 3
        case "established": return 1 << 1
        case "all": return allStates
        case "connected": return allStates & ~UInt32(1 << 7 | 1 << 10)
        case "synchronized": return allStates & ~UInt32(1 << 7 | 1 << 10 | 1 << 2)
        case "bucket": return 1 << 3 | 1 << 6
        case "big": return allStates & ~UInt32(1 << 3 | 1 << 6)
        default: break
        }
        let names = ["unknown", "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2", "time-wait", "unconnected", "close-wait",
                     "last-ack", "listening", "closing"]
        return names.firstIndex(of: lower).map { 1 << UInt32($0) }
    }
}

/// ss's command line (`getopt_long` with "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO" and its long
/// options, GNU permutation: options may follow the filter words).
struct SSOptions {
    var numeric = false, resolve = false, showOptions = false, details = 0, memory = false, info = false
    var processes = 0, threads = 0, bpf = false, events = false, summary = false, header = true, oneline = false
    var kill = false, tos = false, cgroup = false, inetSockopt = false, context = 0, tipcInfo = false
    var namespace: String?
    var filterFile: String?
    var diagFile: String?
    var stateFilter: UInt32 = 0
    var sawQuery = false
    var selection = SSSelection()
    /// The words left: states and the filter expression.
    var words: [String] = []
    var help = false, version = false

    /// An option's long spellings and its short letter (or a private code).
    static let longOptions: [(name: String, argument: Bool, code: String)] = [
        ("numeric", false, "n"), ("resolve", false, "r"), ("options", false, "o"), ("extended", false, "e"), ("memory", false, "m"),
        ("info", false, "i"), ("processes", false, "p"), ("threads", false, "T"), ("bpf", false, "b"), ("events", false, "E"),
        ("dccp", false, "d"), ("tcp", false, "t"), ("sctp", false, "S"), ("udp", false, "u"), ("raw", false, "w"), ("unix", false, "x"),
        ("tipc", false, "tipc"), ("vsock", false, "vsock"), ("all", false, "a"), ("listening", false, "l"), ("ipv4", false, "4"),
        ("ipv6", false, "6"), ("packet", false, "0"), ("family", true, "f"), ("socket", true, "A"), ("query", true, "A"),
        ("summary", false, "s"), ("diag", true, "D"), ("filter", true, "F"), ("version", false, "V"), ("help", false, "h"),
        ("context", false, "Z"), ("contexts", false, "z"), ("net", true, "N"), ("tipcinfo", false, "tipcinfo"), ("tos", false, "tos"),
        ("cgroup", false, "cgroup"), ("kill", false, "K"), ("no-header", false, "H"), ("xdp", false, "xdp"), ("mptcp", false, "M"),
        ("oneline", false, "O"), ("inet-sockopt", false, "inet-sockopt"),
    ]
    static let shortOptions = "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO"

    /// A refusal: ss's message (getopt's or its own) and status 255 with the usage.
    struct Refusal: Error {
        var message: String
        var usage = true
        var status: Int32 = 255
    }

    init(_ arguments: [String]) throws(Refusal) {
        var index = 0
        var positional: [String] = []
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" {
                positional += arguments[index...]
                break
            }
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                let inline = body.contains("=") ? String(body[body.index(after: body.firstIndex(of: "=")!)...]) : nil
                let exact = Self.longOptions.filter { $0.name == name }
                let candidates = exact.isEmpty ? Self.longOptions.filter { $0.name.hasPrefix(name) } : exact
                let distinct = candidates.reduce(into: [(name: String, argument: Bool, code: String)]()) { found, option in
                    if !found.contains(where: { $0.code == option.code && $0.argument == option.argument }) { found.append(option) }
                }
                guard let option = distinct.first else { throw Refusal(message: "ss: unrecognized option '\(word)'") }
                guard distinct.count == 1 else {
                    throw Refusal(message: "ss: option '--\(name)' is ambiguous; possibilities:" + candidates.map { " '--\($0.name)'" }.joined())
                }
                var argument: String?
                if option.argument {
                    if let inline {
                        argument = inline
                    } else if index < arguments.count {
                        argument = arguments[index]
                        index += 1
                    } else {
                        throw Refusal(message: "ss: option '--\(option.name)' requires an argument")
                    }
                } else if inline != nil {
                    throw Refusal(message: "ss: option '--\(option.name)' doesn't allow an argument")
                }
                try apply(option.code, argument)
                continue
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                positional.append(word)
                continue
            }
            var letters = Substring(word.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                guard let position = Self.shortOptions.firstIndex(of: letter), letter != ":" else {
                    throw Refusal(message: "ss: invalid option -- '\(letter)'")
                }
                let takesArgument = Self.shortOptions.index(after: position) < Self.shortOptions.endIndex
                    && Self.shortOptions[Self.shortOptions.index(after: position)] == ":"
                if takesArgument {
                    var argument = String(letters)
                    letters = ""
                    if argument.isEmpty {
                        guard index < arguments.count else { throw Refusal(message: "ss: option requires an argument -- '\(letter)'") }
                        argument = arguments[index]
                        index += 1
                    }
                    try apply(String(letter), argument)
                } else {
                    try apply(String(letter), nil)
                }
            }
        }
        words = positional
    }

    private mutating func apply(_ code: String, _ argument: String?) throws(Refusal) {
        switch code {
        case "n": numeric = true
        case "r": resolve = true
        case "o": showOptions = true
        case "e":
            showOptions = true
            details += 1
        case "m": memory = true
        case "i": info = true
        case "p": processes += 1
        case "T": threads += 1
        case "b":
            showOptions = true
            bpf = true
        case "E": events = true
        case "d": selection.set(.dccp)
        case "t": selection.set(.tcp)
        case "S": selection.set(.sctp)
        case "u": selection.set(.udp)
        case "w": selection.set(.raw)
        case "x": selection.set(family: .unix)
        case "vsock": selection.set(family: SSSelection.vsock)
        case "tipc": selection.set(family: SSSelection.tipc)
        case "a": stateFilter = SSSelection.allStates
        case "l": stateFilter = 1 << 10 | 1 << 7
        case "4": selection.set(family: .inet)
        case "6": selection.set(family: .inet6)
        case "0": selection.set(family: .packet)
        case "xdp": selection.set(family: SSSelection.xdp)
        case "M": selection.set(.mptcp)
        case "f":
            let families: [String: AddressFamily] = ["inet": .inet, "inet6": .inet6, "link": .packet, "unix": .unix, "netlink": .netlink,
                                                     "tipc": SSSelection.tipc, "vsock": SSSelection.vsock, "xdp": SSSelection.xdp]
            if let family = families[argument ?? ""] {
                selection.set(family: family)
            } else if argument == "help" {
                help = true
            } else {
                throw Refusal(message: "ss: \"\(argument ?? "")\" is invalid family")
            }
        case "A":
            if !sawQuery {
                selection.tables = []
                stateFilter = stateFilter != 0 ? stateFilter : SSSelection.connected
                sawQuery = true
                selection.doDefault = false
            }
            for name in (argument ?? "").split(separator: ",", omittingEmptySubsequences: false) where !selection.parse(tableName: name) {
                throw Refusal(message: "ss: \"\(name)\" is illegal socket table id")
            }
        case "s": summary = true
        case "D": diagFile = argument
        case "F":
            if filterFile != nil { throw Refusal(message: "More than one filter file", usage: false) }
            filterFile = argument
        case "v", "V": version = true
        case "z":
            context += 2
        case "Z": context += 1
        case "N": namespace = argument
        case "tipcinfo": tipcInfo = true
        case "tos": tos = true
        case "cgroup": cgroup = true
        case "K": kill = true
        case "H": header = false
        case "O": oneline = true
        case "inet-sockopt": inetSockopt = true
        case "h": help = true
        default: throw Refusal(message: "ss: invalid option -- '\(code)'")
        }
    }
}
