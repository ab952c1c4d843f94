import NetlinkCore
import NetlinkRoute

/// `nlctl link add NAME type { ipip | sit } ARGS`: iproute2 6.1's `iptunnel_parse_opt`
/// (`link_iptnl.c`) — mode, endpoints, TTL, TOS, path-MTU discovery, ISATAP and 6rd (sit), the
/// FOU/GUE encapsulation, the fwmark — with ip's messages, `IFLA_IPTUN_*` sent in ip's order;
/// and the `-d` line (`iptunnel_print_opt`). Tested as ``LinkGRE`` is (this kernel has neither);
/// changing an existing tunnel is not built.
enum LinkIPTunnel {
    static let kinds: Set<String> = ["ipip", "sit"]

    static func usage(_ kind: String) -> String {
        let mode = kind == "sit" ? "{ ip6ip | ipip | mplsip | any } ]\n\t\t\t[ isatap" : "{ ipip | mplsip | any }"
        let padded = kind + String(repeating: " ", count: max(0, 6 - kind.count))
        return """
            Usage: ... \(padded)\t[ remote ADDR ]
            \t\t\t[ local ADDR ]
            \t\t\t[ ttl TTL ]
            \t\t\t[ tos TOS ]
            \t\t\t[ [no]pmtudisc ]
            \t\t\t[ 6rd-prefix ADDR ]
            \t\t\t[ 6rd-relay_prefix ADDR ]
            \t\t\t[ 6rd-reset ]
            \t\t\t[ dev PHYS_DEV ]
            \t\t\t[ fwmark MARK ]
            \t\t\t[ external ]
            \t\t\t[ noencap ]
            \t\t\t[ encap { fou | gue | none } ]
            \t\t\t[ encap-sport PORT ]
            \t\t\t[ encap-dport PORT ]
            \t\t\t[ [no]encap-csum ]
            \t\t\t[ [no]encap-csum6 ]
            \t\t\t[ [no]encap-remcsum ]
            \t\t\t[ mode \(mode) ]

            Where:\tADDR := { IP_ADDRESS | any }
            \tTOS  := { NUMBER | inherit }
            \tTTL  := { 1..255 | inherit }
            \tMARK := { 0x0..0xffffffff }
            """
    }

    static func parse(_ kind: String, _ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        guard words.current != nil else { return .other(kind, data: nil) }
        guard creating else {
            throw CommandError("Error: changing an existing \(kind) tunnel's options is not supported by nlctl yet.", status: 255)
        }
        let sit = kind == "sit"
        var proto: UInt8 = 0, pathMTUDiscovery: UInt8 = 1, tos: UInt8 = 0, ttl: UInt8 = 0, flags: UInt16 = 0
        var link: UInt32 = 0, fwmark: UInt32 = 0, metadata = false
        var local: IPv4Address?, remote: IPv4Address?
        var encapsulation = LinkGRE.Encapsulation()
        var prefix6rd: RouteCommand.Prefix?, relayPrefix: RouteCommand.Prefix?
        while let word = words.next() {
            if word == "mode" {
                let text = try words.argument(of: word)
                if sit && (text == "ipv6/ipv4" || text == "ip6ip") { proto = 41 }
                else if ["ipv4/ipv4", "ipip", "ip4ip4"].contains(text) { proto = 4 }
                else if ["mpls/ipv4", "mplsip"].contains(text) { proto = 137 }
                else if ["any/ipv4", "any"].contains(text) { proto = 0 }
                else { throw CommandError.invalidArgument(text, "Cannot guess tunnel mode.") }
            } else if word == "remote" {
                remote = try LinkGRE.endpoint(try words.argument(of: word))
            } else if word == "local" {
                local = try LinkGRE.endpoint(try words.argument(of: word))
            } else if matches(word, "dev") {
                link = try await EncapParse.deviceIndex(try words.argument(of: word), context: context)
            } else if ["ttl", "hoplimit", "hlim"].contains(word) {
                let text = try words.argument(of: word)
                if text == "inherit" { ttl = 0 } else {
                    guard let value = InetText.unsigned(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid TTL\n") }
                    ttl = UInt8(value)
                }
            } else if ["tos", "tclass", "tc"].contains(word) || matches(word, "dsfield") {
                let text = try words.argument(of: word)
                if text == "inherit" { tos = 1 } else {
                    guard let value = RouteCommand.parseDSField(text) else { throw CommandError.invalidArgument(text, "bad TOS value") }
                    tos = value
                }
            } else if word == "nopmtudisc" {
                pathMTUDiscovery = 0
            } else if word == "pmtudisc" {
                pathMTUDiscovery = 1
            } else if sit && word == "isatap" {
                flags |= 1
            } else if try encapsulation.read(word, &words) {
            } else if word == "external" {
                metadata = true
            } else if word == "6rd-prefix" {
                prefix6rd = try RouteCommand.prefix(try words.argument(of: word), family: 10)
            } else if word == "6rd-relay_prefix" {
                relayPrefix = try RouteCommand.prefix(try words.argument(of: word), family: 2)
            } else if word == "6rd-reset" {
                // (ip 6.1 crashes here: its get_prefix writes into the string constant "2002::/16".)
                prefix6rd = RouteCommand.parsePrefix("2002::/16", family: 10)
                relayPrefix = nil
            } else if word == "fwmark" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid fwmark\n") }
                fwmark = value
            } else {
                throw CommandError(usage(kind), status: 1)
            }
        }
        if ttl != 0 && pathMTUDiscovery == 0 { throw CommandError("ttl != 0 and nopmtudisc are incompatible", status: 255) }
        var data = NetlinkMessageBuilder()
        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in
            try data.appendAttribute(9, uint8: proto)
            if metadata {
                try data.appendFlagAttribute(19)
                return
            }
            if let local { try data.appendAttribute(2, ipv4: local) }
            if let remote { try data.appendAttribute(3, ipv4: remote) }
            try data.appendAttribute(10, uint8: pathMTUDiscovery)
            try data.appendAttribute(5, uint8: tos)
            try data.appendAttribute(4, uint8: ttl)
            try data.appendAttribute(1, uint32: link, .host)
            try data.appendAttribute(20, uint32: fwmark, .host)
            try encapsulation.encode(into: &data, first: 15)
            if sit {
                try data.appendAttribute(8, uint16: flags, .host)
                if let prefix6rd {
                    try data.appendAttribute(11, bytes: prefix6rd.address?.bytes ?? [UInt8](repeating: 0, count: 16))
                    try data.appendAttribute(13, uint16: UInt16(prefix6rd.length), .host)
                }
                if let relayPrefix {
                    try data.appendAttribute(12, bytes: relayPrefix.address?.bytes ?? [0, 0, 0, 0])
                    try data.appendAttribute(14, uint16: UInt16(relayPrefix.length), .host)
                }
            }
        }
        return .other(kind, data: data.bytes)
    }

    /// `iptunnel_print_opt`.
    static func print(_ data: [UInt8]?, links: [Int32: Link], printer: Printer) {
        guard data != nil else { return }
        let t = LinkSmallKinds.table(data)
        func u8(_ type: UInt16) -> UInt8 { t[type]?.first ?? 0 }
        if t[19] != nil { printer.field("external", .bool(true), text: "external ") }
        if t[9] != nil, let name = [UInt8(4): "ipip", 41: "ip6ip", 137: "mplsip", 0: "any"][u8(9)] {
            printer.string("proto", name, text: name + " ")
        }
        LinkGRE.printEndpoint("remote", t[3], printer: printer)
        LinkGRE.printEndpoint("local", t[2], printer: printer)
        LinkGRE.printDevice(t[1], links: links, printer: printer)
        let ttl = u8(4)
        if printer.isJSON || ttl != 0 { printer.unsigned("ttl", UInt64(ttl), text: "ttl \(ttl) ") } else { printer.text("ttl inherit ") }
        let tos = u8(5)
        if tos != 0 {
            if printer.isJSON || tos != 1 {
                printer.string("tos", LinkDetailsFormat.hex0x(UInt64(tos)), text: "tos \(LinkDetailsFormat.hex0x(UInt64(tos))) ")
            } else {
                printer.text("tos inherit ")
            }
        }
        if t[10] != nil && u8(10) != 0 {
            printer.field("pmtudisc", .bool(true), text: "pmtudisc ")
        } else {
            printer.field("pmtudisc", .bool(false), text: "nopmtudisc ")
        }
        if let value = t[8], LinkSmallKinds.u16(value + [0, 0]) & 1 != 0 { printer.field("isatap", .bool(true), text: "isatap ") }
        if let value = t[13], case let length = LinkSmallKinds.u16(value + [0, 0]), length != 0 {
            let relayLength = t[14].map { LinkSmallKinds.u16($0 + [0, 0]) } ?? 0
            let relay = Array(((t[12] ?? []) + [0, 0, 0, 0]).prefix(4))
            let prefixBytes = Array(((t[11] ?? []) + [UInt8](repeating: 0, count: 16)).prefix(16))
            let prefix = IPv6Address(bytes: prefixBytes)?.description ?? ""
            let relayText = HostNames.text(.v4(IPv4Address(relay[0], relay[1], relay[2], relay[3])))
            if printer.isJSON {
                printer.json("prefix", .string(prefix))
                printer.json("prefixlen", .signed(Int64(length)))
                if relay != [0, 0, 0, 0] {
                    printer.json("relay_prefix", .string(relayText))
                    printer.json("relay_prefixlen", .signed(Int64(relayLength)))
                }
            } else {
                printer.text("6rd-prefix \(prefix)/\(length) ")
                if relay != [0, 0, 0, 0] { printer.text("6rd-relay_prefix \(relayText)/\(relayLength) ") }
            }
        }
        if let value = t[20] {
            let mark = LinkSmallKinds.u32(value + [0, 0, 0, 0])
            if mark != 0 { printer.string("fwmark", LinkDetailsFormat.hex0x(UInt64(mark)), text: "fwmark \(LinkDetailsFormat.hex0x(UInt64(mark))) ") }
        }
        LinkGRE.printEncapsulation(t, type: 15, flags: 16, sourcePort: 17, destinationPort: 18, printer: printer)
    }
}

/// `nlctl link add NAME type { vti | vti6 } ARGS`: iproute2 6.1's `vti_parse_opt` /
/// `vti6_parse_opt` — keys, endpoints, device, fwmark — and the `-d` line; tested as
/// ``LinkGRE`` is. Changing an existing tunnel is not built.
enum LinkVTI {
    static let kinds: Set<String> = ["vti", "vti6"]

    static func usage(_ kind: String) -> String {
        let padded = kind + String(repeating: " ", count: max(0, 4 - kind.count))
        return """
            Usage: ... \(padded)\t[ remote ADDR ]
            \t\t[ local ADDR ]
            \t\t[ [i|o]key KEY ]
            \t\t[ dev PHYS_DEV ]
            \t\t[ fwmark MARK ]

            Where:\tADDR := { \(kind == "vti6" ? "IPV6_ADDRESS" : "IP_ADDRESS") }
            \tKEY  := { DOTTED_QUAD | NUMBER }
            \tMARK := { 0x0..0xffffffff }
            """
    }

    static func parse(_ kind: String, _ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        guard words.current != nil else { return .other(kind, data: nil) }
        guard creating else {
            throw CommandError("Error: changing an existing \(kind) tunnel's options is not supported by nlctl yet.", status: 255)
        }
        let v6 = kind == "vti6"
        var inputKey: UInt32 = 0, outputKey: UInt32 = 0, link: UInt32 = 0, fwmark: UInt32 = 0
        var local: [UInt8]?, remote: [UInt8]?
        while let word = words.next() {
            if matches(word, "key") {
                inputKey = try LinkGRE.parseKey("key", try words.argument(of: word))
                outputKey = inputKey
            } else if matches(word, "ikey") {
                inputKey = try LinkGRE.parseKey("ikey", try words.argument(of: word))
            } else if matches(word, "okey") {
                outputKey = try LinkGRE.parseKey("okey", try words.argument(of: word))
            } else if matches(word, "remote") || matches(word, "local") {
                let text = try words.argument(of: word)
                let bytes = v6 ? try LinkGRE.endpoint6(text)?.bytes : try LinkGRE.endpoint(text)?.bytes
                if matches(word, "remote") { remote = bytes } else { local = bytes }
            } else if matches(word, "dev") {
                link = try await EncapParse.deviceIndex(try words.argument(of: word), context: context)
            } else if word == "fwmark" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid fwmark\n") }
                fwmark = value
            } else {
                throw CommandError(usage(kind), status: 1)
            }
        }
        var data = NetlinkMessageBuilder()
        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in
            try data.appendAttribute(2, uint32: inputKey, .bigEndian)
            try data.appendAttribute(3, uint32: outputKey, .bigEndian)
            if let local { try data.appendAttribute(4, bytes: local) }
            if let remote { try data.appendAttribute(5, bytes: remote) }
            try data.appendAttribute(6, uint32: fwmark, .host)
            if link != 0 { try data.appendAttribute(1, uint32: link, .host) }
        }
        return .other(kind, data: data.bytes)
    }

    /// `vti_print_opt` / `vti6_print_opt`.
    static func print(_ kind: String, _ data: [UInt8]?, links: [Int32: Link], printer: Printer) {
        guard data != nil else { return }
        let t = LinkSmallKinds.table(data)
        LinkGRE.printEndpoint("remote", t[5], v6: kind == "vti6", printer: printer)
        LinkGRE.printEndpoint("local", t[4], v6: kind == "vti6", printer: printer)
        LinkGRE.printDevice(t[1], links: links, printer: printer)
        for (type, name) in [(UInt16(2), "ikey"), (3, "okey")] {
            guard let value = t[type] else { continue }
            let bytes = Array((value + [0, 0, 0, 0]).prefix(4))
            guard bytes != [0, 0, 0, 0] else { continue }
            let text = IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]).description
            printer.string(name, text, text: "\(name) \(text) ")
        }
        if let value = t[6] {
            let mark = LinkSmallKinds.u32(value + [0, 0, 0, 0])
            if mark != 0 { printer.string("fwmark", LinkDetailsFormat.hex0x(UInt64(mark)), text: "fwmark \(LinkDetailsFormat.hex0x(UInt64(mark))) ") }
        }
    }
}

/// `nlctl link add NAME type ip6tnl ARGS`: iproute2 6.1's `ip6tunnel_parse_opt`
/// (`link_ip6tnl.c`) — mode, endpoints, hop and encapsulation limits, traffic class, flow label,
/// DSCP copy, fwmark, local-remote, FOU/GUE (checksummed over IPv6 by default) — and the `-d`
/// line; tested as ``LinkGRE`` is. Changing an existing tunnel is not built. Where ip 6.1 takes
/// an `encaplimit` that is not a number (and sends what its stack held), nlctl refuses it.
enum LinkIP6Tunnel {
    static let usage = """
        Usage: ... ip6tnl\t[ remote ADDR ]
        \t\t\t[ local ADDR ]
        \t\t\t[ encaplimit ELIM ]
        \t\t\t[ hoplimit HLIM ]
        \t\t\t[ tclass TCLASS ]
        \t\t\t[ flowlabel FLOWLABEL ]
        \t\t\t[ dscp inherit ]
        \t\t\t[ [no]allow-localremote ]
        \t\t\t[ dev PHYS_DEV ]
        \t\t\t[ fwmark MARK ]
        \t\t\t[ external ]
        \t\t\t[ noencap ]
        \t\t\t[ encap { fou | gue | none } ]
        \t\t\t[ encap-sport PORT ]
        \t\t\t[ encap-dport PORT ]
        \t\t\t[ [no]encap-csum ]
        \t\t\t[ [no]encap-csum6 ]
        \t\t\t[ [no]encap-remcsum ]
        \t\t\t[ mode { ip6ip6 | ipip6 | any } ]

        Where:\tADDR\t  := IPV6_ADDRESS
        \tELIM\t  := { none | 0..255 }(default=4)
        \tHLIM\t  := 0..255 (default=64)
        \tTCLASS    := { 0x0..0xff | inherit }
        \tFLOWLABEL := { 0x0..0xfffff | inherit }
        \tMARK\t  := { 0x0..0xffffffff | inherit }
        """

    /// `strtoul` with base 16 over the whole text (an optional `0x`).
    static func hexadecimal(_ text: String) -> UInt32? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty else { return nil }
        return UInt32(digits, radix: 16)
    }

    static func parse(_ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        guard words.current != nil else { return .other("ip6tnl", data: nil) }
        guard creating else {
            throw CommandError("Error: changing an existing ip6tnl tunnel's options is not supported by nlctl yet.", status: 255)
        }
        var proto: UInt8 = 0, link: UInt32 = 0, metadata = false
        var options = IP6Options()
        var local: IPv6Address?, remote: IPv6Address?
        var encapsulation = LinkGRE.Encapsulation()
        encapsulation.flags = 2   // TUNNEL_ENCAP_FLAG_CSUM6 by default
        while let word = words.next() {
            if word == "mode" {
                let text = try words.argument(of: word)
                if ["ipv6/ipv6", "ip6ip6"].contains(text) { proto = 41 }
                else if ["ip/ipv6", "ipv4/ipv6", "ipip6", "ip4ip6"].contains(text) { proto = 4 }
                else if ["any/ipv6", "any"].contains(text) { proto = 0 }
                else { throw CommandError.invalidArgument(text, "Cannot guess tunnel mode.") }
            } else if word == "remote" {
                remote = try LinkGRE.endpoint6(try words.argument(of: word))
            } else if word == "local" {
                local = try LinkGRE.endpoint6(try words.argument(of: word))
            } else if matches(word, "dev") {
                link = try await EncapParse.deviceIndex(try words.argument(of: word), context: context)
            } else if try options.read(word, &words, abbreviated: false) {
            } else if try encapsulation.read(word, &words) {
            } else if word == "external" {
                metadata = true
            } else {
                throw CommandError(usage, status: 1)
            }
        }
        var data = NetlinkMessageBuilder()
        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in
            try data.appendAttribute(9, uint8: proto)
            if metadata {
                try data.appendFlagAttribute(19)
                return
            }
            if let local { try data.appendAttribute(2, ipv6: local) }
            if let remote { try data.appendAttribute(3, ipv6: remote) }
            try data.appendAttribute(4, uint8: options.hopLimit)
            try data.appendAttribute(6, uint8: options.encapsulationLimit)
            try data.appendAttribute(7, uint32: options.flowInfo, .bigEndian)
            try data.appendAttribute(8, uint32: options.flags, .host)
            try data.appendAttribute(1, uint32: link, .host)
            try data.appendAttribute(20, uint32: options.fwmark, .host)
            try encapsulation.encode(into: &data, first: 15)
        }
        return .other("ip6tnl", data: data.bytes)
    }

    /// `ip6tunnel_print_opt`.
    static func print(_ data: [UInt8]?, links: [Int32: Link], printer: Printer) {
        guard data != nil else { return }
        let t = LinkSmallKinds.table(data)
        if t[19] != nil { printer.field("external", .bool(true), text: "external ") }
        let flags = IP6Options.flags(t, 8)
        if t[9] != nil, let name = [UInt8(4): "ipip6", 41: "ip6ip6", 0: "any"][t[9]?.first ?? 0] { printer.string("proto", name, text: name + " ") }
        LinkGRE.printEndpoint("remote", t[3], v6: true, printer: printer)
        LinkGRE.printEndpoint("local", t[2], v6: true, printer: printer)
        LinkGRE.printDevice(t[1], links: links, printer: printer)
        IP6Options.printLimits(t, hopLimit: 4, encapsulationLimit: 6, flowInfo: 7, flags: flags, printer: printer)
        IP6Options.printMarks(t, flags: flags, mip6: true, printer: printer)
        LinkGRE.printEncapsulation(t, type: 15, flags: 16, sourcePort: 17, destinationPort: 18, printer: printer)
    }
}

/// The IPv6 tunnel settings ip6tnl and ip6gre share: hop and encapsulation limits, traffic class
/// and flow label (in the flow information, or inherited), DSCP copy, fwmark (or inherited),
/// local-remote — the `IP6_TNL_F_*` flags.
struct IP6Options {
    var hopLimit: UInt8 = 64, encapsulationLimit: UInt8 = 4, flowInfo: UInt32 = 0, flags: UInt32 = 0, fwmark: UInt32 = 0

    /// Reads `word` (and its argument) when it is one of these; whether it was. `abbreviated`:
    /// ip6gre's words (`ttl`/`hoplimit`/`hlim` and `tos`/`tclass`/`dsfield` abbreviated as ip
    /// allows); ip6tnl's are exact, with `tc` and an abbreviated `dsfield`.
    mutating func read(_ word: String, _ words: inout Words, abbreviated: Bool) throws(CommandError) -> Bool {
        let isTTL = abbreviated ? matches(word, "ttl") || matches(word, "hoplimit") || matches(word, "hlim") : ["ttl", "hoplimit", "hlim"].contains(word)
        let isClass = abbreviated ? matches(word, "tos") || matches(word, "tclass") || matches(word, "dsfield")
            : ["tos", "tclass", "tc"].contains(word) || matches(word, "dsfield")
        if isTTL {
            let text = try words.argument(of: word)
            if text == "inherit" { hopLimit = 0 } else {
                guard let value = InetText.unsigned(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid HLIM\n") }
                hopLimit = UInt8(value)
            }
        } else if word == "encaplimit" {
            let text = try words.argument(of: word)
            if text == "none" { flags |= 0x1 } else {
                guard let value = InetText.unsigned(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid ELIM") }
                encapsulationLimit = UInt8(value)
                flags &= ~0x1
            }
        } else if isClass {
            let text = try words.argument(of: word)
            flowInfo &= ~0x0FF0_0000
            if text == "inherit" { flags |= 0x2 } else {
                guard let value = LinkIP6Tunnel.hexadecimal(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid TClass") }
                flowInfo |= (value << 20) & 0x0FF0_0000
                flags &= ~0x2
            }
        } else if word == "flowlabel" || word == "fl" {
            let text = try words.argument(of: word)
            flowInfo &= ~0x000F_FFFF
            if text == "inherit" { flags |= 0x4 } else {
                guard let value = LinkIP6Tunnel.hexadecimal(text), value <= 0xFFFFF else { throw CommandError.invalidArgument(text, "invalid Flowlabel") }
                flowInfo |= value
                flags &= ~0x4
            }
        } else if word == "dscp" {
            let text = try words.argument(of: word)
            guard text == "inherit" else { throw CommandError.invalidArgument(text, "not inherit") }
            flags |= 0x10
        } else if word == "fwmark" {
            let text = try words.argument(of: word)
            if text == "inherit" {
                flags |= 0x20
                fwmark = 0
            } else {
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid fwmark\n") }
                fwmark = value
                flags &= ~0x20
            }
        } else if word == "allow-localremote" {
            flags |= 0x40
        } else if word == "noallow-localremote" {
            flags &= ~0x40
        } else {
            return false
        }
        return true
    }

    /// The flags attribute's value (0 when absent).
    static func flags(_ t: [UInt16: [UInt8]], _ type: UInt16) -> UInt32 { t[type].map { LinkSmallKinds.u32($0 + [0, 0, 0, 0]) } ?? 0 }

    /// `hoplimit`, `encaplimit`, `tclass`, `flowlabel` and `dscp inherit` of `-d`.
    static func printLimits(_ t: [UInt16: [UInt8]], hopLimit: UInt16, encapsulationLimit: UInt16, flowInfo flowInfoType: UInt16, flags: UInt32, printer: Printer) {
        let flowInfo = t[flowInfoType].map { v -> UInt32 in
            let b = Array((v + [0, 0, 0, 0]).prefix(4))
            return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
        } ?? 0
        let ttl = t[hopLimit]?.first ?? 0
        if printer.isJSON || ttl != 0 { printer.unsigned("ttl", UInt64(ttl), text: "hoplimit \(ttl) ") } else { printer.text("hoplimit inherit ") }
        if flags & 0x1 != 0 {
            printer.field("ip6_tnl_f_ign_encap_limit", .bool(true), text: "encaplimit none ")
        } else if let value = t[encapsulationLimit] {
            printer.unsigned("encap_limit", UInt64(value.first ?? 0), text: "encaplimit \(value.first ?? 0) ")
        }
        func hex(_ value: UInt32, width: Int) -> String {
            let digits = String(value, radix: 16)
            return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        if flags & 0x2 != 0 {
            printer.field("ip6_tnl_f_use_orig_tclass", .bool(true), text: "tclass inherit ")
        } else if t[flowInfoType] != nil {
            let text = hex((flowInfo & 0x0FF0_0000) >> 20, width: 2)
            printer.string("tclass", text, text: "tclass \(text) ")
        }
        if flags & 0x4 != 0 {
            printer.field("ip6_tnl_f_use_orig_flowlabel", .bool(true), text: "flowlabel inherit ")
        } else if t[flowInfoType] != nil {
            let text = hex(flowInfo & 0x000F_FFFF, width: 5)
            printer.string("flowlabel", text, text: "flowlabel \(text) ")
        }
        if flags & 0x10 != 0 { printer.field("ip6_tnl_f_rcv_dscp_copy", .bool(true), text: "dscp inherit ") }
    }

    /// `mip6` (ip6tnl only), `allow-localremote` and the fwmark of `-d` (`IFLA_*_FWMARK` is 20 in
    /// both kinds).
    static func printMarks(_ t: [UInt16: [UInt8]], flags: UInt32, mip6: Bool, printer: Printer) {
        if mip6, flags & 0x8 != 0 { printer.field("ip6_tnl_f_mip6_dev", .bool(true), text: "mip6 ") }
        if flags & 0x40 != 0 { printer.field("ip6_tnl_f_allow_local_remote", .bool(true), text: "allow-localremote ") }
        if flags & 0x20 != 0 {
            printer.field("ip6_tnl_f_use_orig_fwmark", .bool(true), text: "fwmark inherit ")
        } else if let value = t[20] {
            let mark = LinkSmallKinds.u32(value + [0, 0, 0, 0])
            if mark != 0 { printer.string("fwmark", LinkDetailsFormat.hex0x(UInt64(mark)), text: "fwmark \(LinkDetailsFormat.hex0x(UInt64(mark))) ") }
        }
    }
}
