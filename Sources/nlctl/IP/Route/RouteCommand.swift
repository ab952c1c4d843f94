import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl route`: the commands of `ip route` (iproute2 6.1).
enum RouteCommand {
    static let usage = """
        Usage: nlctl route { list | flush } SELECTOR
               nlctl route get [ ROUTE_GET_FLAGS ] ADDRESS
                                   [ from ADDRESS iif STRING ]
                                   [ oif STRING ] [ tos TOS ]
                                   [ mark NUMBER ] [ vrf NAME ]
                                   [ uid NUMBER ] [ ipproto PROTOCOL ]
                                   [ sport NUMBER ] [ dport NUMBER ]
               nlctl route { add | del | change | append | replace | prepend | test } ROUTE
               nlctl route save SELECTOR
               nlctl route restore
               nlctl route showdump
        SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
                    [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]
                    [ type TYPE ] [ scope SCOPE ] [ tos TOS ] [ dev STRING ]
                    [ via [ FAMILY ] PREFIX ] [ src PREFIX ] [ realms REALMID ]
        ROUTE := NODE_SPEC [ INFO_SPEC ]
        NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ] [ table TABLE_ID ] [ proto RTPROTO ]
                     [ scope SCOPE ] [ metric METRIC ]
        INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
        NH := [ via [ FAMILY ] ADDRESS ] [ dev STRING ] [ weight NUMBER ] NHFLAGS
        FAMILY := [ inet | inet6 ]
        OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ]
                   [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]
                   [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]
                   [ ssthresh NUMBER ] [ src ADDRESS ]
                   [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]
                   [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]
                   [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]
        TYPE := { unicast | local | broadcast | multicast | throw |
                  unreachable | prohibit | blackhole | nat }
        TABLE_ID := [ local | main | default | all | NUMBER ]
        SCOPE := [ host | link | global | NUMBER ]
        NHFLAGS := [ onlink | pervasive ]
        RTPROTO := [ kernel | boot | static | NUMBER ]
        PREF := [ low | medium | high ]
        TIME := NUMBER[s|ms]
        BOOL := [1|0]
        FEATURES := ecn
        ROUTE_GET_FLAGS := [ fibmatch ] [ connected ] [ notify ]
        """

    static var help: CommandError { CommandError(usage, status: 255) }

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await list(&words, context: context, flush: false)
            return
        }
        if matches(command, "add") {
            try await modify(&words, context: context, kind: .add)
        } else if matches(command, "change") || command == "chg" {
            try await modify(&words, context: context, kind: .change)
        } else if matches(command, "replace") {
            try await modify(&words, context: context, kind: .replace)
        } else if matches(command, "prepend") {
            try await modify(&words, context: context, kind: .prepend)
        } else if matches(command, "append") {
            try await modify(&words, context: context, kind: .append)
        } else if matches(command, "test") {
            try await modify(&words, context: context, kind: .test)
        } else if matches(command, "delete") {
            try await modify(&words, context: context, kind: .delete)
        } else if matches(command, "list") || matches(command, "show") || matches(command, "lst") {
            try await list(&words, context: context, flush: false)
        } else if matches(command, "get") {
            try await get(&words, context: context)
        } else if matches(command, "flush") {
            try await list(&words, context: context, flush: true)
        } else if matches(command, "save") {
            try await list(&words, context: context, flush: false, save: true)
        } else if matches(command, "restore") {
            try await RouteSaveRestore.restore(context: context)
        } else if matches(command, "showdump") {
            try await RouteSaveRestore.showdump(context: context)
        } else if matches(command, "help") {
            throw help
        } else {
            throw CommandError.unknownCommand(command, object: "route")
        }
    }

    // MARK: Addresses

    /// iproute2's `inet_prefix`: a family (0 for `default`/`all`/`any` without a family), the
    /// address and the prefix length.
    struct Prefix {
        var family: AddressFamily
        var address: IPAddress?
        var length: UInt8
        var lengthGiven: Bool

        var isFull: Bool { length == (family == 10 ? 128 : 32) }
    }

    static func familyName(_ family: AddressFamily) -> String {
        switch family {
        case 2: "inet"
        case 10: "inet6"
        default: "any valid"
        }
    }

    static func optionFamily(_ context: Context) -> AddressFamily {
        switch context.options.family {
        case .inet: 2
        case .inet6: 10
        default: 0
        }
    }

    /// ip's `get_addr_1` for IPv4 and IPv6 (see ``InetText``), with a fast path for the common
    /// dotted decimal form.
    static func parseAddress(_ text: String, family: AddressFamily) -> IPAddress? {
        if family == 0 || family == 2, let address = parseDottedIPv4(text) { return address }
        return InetText.address(text, family: family)
    }

    /// The common case of ``parseAddress(_:family:)`` on the bytes: 1 to 4 dot-separated decimal
    /// parts of at most 255 without a leading zero (missing parts are 0); `nil` for anything else
    /// (which then takes the general path, with the same result for these texts).
    static func parseDottedIPv4(_ text: String) -> IPAddress? {
        var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var part = 0
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digits == 1 && value == 0 { return nil }  // `010` is octal to ip: the general path's
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if value > 255 { return nil }
            } else if byte == UInt8(ascii: "."), digits > 0, part < 3 {
                withUnsafeMutableBytes(of: &bytes) { $0[part] = UInt8(value) }
                part += 1
                value = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        withUnsafeMutableBytes(of: &bytes) { $0[part] = UInt8(value) }
        return .v4(IPv4Address(bytes.0, bytes.1, bytes.2, bytes.3))
    }

    static func parsePrefix(_ text: String, family: AddressFamily) -> Prefix? {
        if text == "default" || text == "all" || text == "any" {
            return Prefix(family: family, address: nil, length: 0, lengthGiven: text == "default")
        }
        // Split at the first "/" (on the bytes: splitting Characters is slow for long batches).
        let slash = text.utf8.firstIndex(of: UInt8(ascii: "/"))
        guard let address = parseAddress(slash.map { String(text[..<$0]) } ?? text, family: family) else { return nil }
        let addressFamily = AddressFamily(of: address)
        let full: UInt8 = addressFamily == 10 ? 128 : 32
        var length = full
        if let slash {
            guard let value = InetText.prefixLength(text[text.utf8.index(after: slash)...], maximum: full) else { return nil }
            length = value
        }
        return Prefix(family: addressFamily, address: address, length: length, lengthGiven: slash != nil)
    }

    static func prefix(_ text: String, family: AddressFamily) throws(CommandError) -> Prefix {
        guard let prefix = parsePrefix(text, family: family) else {
            throw CommandError("Error: \(familyName(family)) prefix is expected rather than \"\(text)\".", status: 1, endsBatch: true)
        }
        return prefix
    }

    static func address(_ text: String, family: AddressFamily) throws(CommandError) -> IPAddress {
        guard text != "default", text != "all", text != "any", let address = parseAddress(text, family: family) else {
            throw CommandError("Error: \(familyName(family)) address is expected rather than \"\(text)\".", status: 1, endsBatch: true)
        }
        return address
    }

    /// The first `count` bits of two addresses (of the same family) agree.
    static func sharesLeading(_ count: Int, _ a: [UInt8], _ b: [UInt8]) -> Bool {
        var remaining = count
        var index = 0
        while remaining > 0 {
            guard index < a.count, index < b.count else { return index >= a.count && index >= b.count }
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if a[index] & mask != b[index] & mask { return false }
            remaining -= bits
            index += 1
        }
        return true
    }

    static func zeroBytes(_ family: AddressFamily) -> [UInt8] { [UInt8](repeating: 0, count: family == 10 ? 16 : 4) }

    // MARK: Names

    static func parseType(_ text: String) -> RouteType? {
        if text == "local" { return .local }
        if text == "nat" { return .nat }
        if matches(text, "broadcast") { return .broadcast }
        if matches(text, "anycast") { return .anycast }
        if matches(text, "multicast") { return .multicast }
        if matches(text, "prohibit") { return .prohibit }
        if matches(text, "unreachable") { return .unreachable }
        if matches(text, "blackhole") { return .blackhole }
        if matches(text, "xresolve") { return .externalResolve }
        if matches(text, "unicast") { return .unicast }
        if text == "throw" { return .throw }
        if let value = plainNumber(text), value <= 255 { return RouteType(rawValue: UInt8(value)) }
        return nil
    }

    static func parseTable(_ text: String) -> UInt32? { Names.tables.number(text) }
    static func parseProtocol(_ text: String) -> UInt8? { Names.protocols.number(text).flatMap { $0 <= 255 ? UInt8($0) : nil } }
    static func parseScope(_ text: String) -> UInt8? { Names.scopes.number(text).flatMap { $0 <= 255 ? UInt8($0) : nil } }

    /// The routing table of VRF device `name` (IFLA_VRF_TABLE in its link info), or nil when `name`
    /// is not a VRF (ip's `ipvrf_get_table`).
    static func vrfTable(_ name: String, context: Context) async throws(CommandError) -> UInt32? {
        guard let index = try await context.index(ofLink: name), let link = try await context.links()[index],
            link.kind == "vrf", let data = link.kindData
        else { return nil }
        var position = 0
        while position + 4 <= data.count {
            let length = Int(data[position]) | Int(data[position + 1]) << 8
            let type = (Int(data[position + 2]) | Int(data[position + 3]) << 8) & 0x3FFF
            guard length >= 4, position + length <= data.count else { return nil }
            if type == 1, length >= 8 {
                let b = data[(position + 4)..<(position + 8)].map(UInt32.init)
                return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24
            }
            position += (length + 3) & ~3
        }
        return nil
    }

    static func invalidVRF(_ name: String) -> CommandError { CommandError.invalidArgument(name, "Invalid VRF\n") }

    /// A bare number (decimal or 0x hex).
    static func plainNumber(_ text: String) -> UInt32? {
        if text.hasPrefix("0x") { return UInt32(text.dropFirst(2), radix: 16) }
        return UInt32(text)
    }

    /// ip's `rtnl_dsfield_a2n`: a hexadecimal number (with or without 0x), at most 0xff.
    static func parseDSField(_ text: String) -> UInt8? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard let value = UInt32(digits, radix: 16), value <= 255 else { return nil }
        return UInt8(value)
    }
}

