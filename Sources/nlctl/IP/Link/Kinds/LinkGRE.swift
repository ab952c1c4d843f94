import NetlinkCore
import NetlinkRoute

/// `nlctl link add NAME type { gre | gretap | erspan } ARGS`: iproute2 6.1's `gre_parse_opt`
/// (`link_gre.c`) — keys, sequence and checksum flags, endpoints, TTL, TOS, path-MTU discovery,
/// the FOU/GUE encapsulation, the fwmark and, for erspan, its index, version, direction and
/// hardware ID — with ip's messages and statuses, `IFLA_GRE_*` sent in ip's order; and the `-d`
/// line (`gre_print_opt`, `tnl_print_encap`). This kernel has no GRE: the requests are compared
/// with ip's byte for byte, the details printed from golden bytes. Changing an existing tunnel
/// (`link set ... type gre`, where ip first reads the tunnel's settings) is not built.
enum LinkGRE {
    static let kinds: Set<String> = ["gre", "gretap", "erspan"]
    static let kinds6: Set<String> = ["ip6gre", "ip6gretap", "ip6erspan"]

    static func usage(_ kind: String) -> String {
        let padded = kind + String(repeating: " ", count: max(0, 9 - kind.count))
        var text = """
            Usage: ... \(padded)\t[ remote ADDR ]
            \t\t\t[ local ADDR ]
            \t\t\t[ [no][i|o]seq ]
            \t\t\t[ [i|o]key KEY | no[i|o]key ]
            \t\t\t[ [no][i|o]csum ]
            \t\t\t[ ttl TTL ]
            \t\t\t[ tos TOS ]
            \t\t\t[ [no]pmtudisc ]
            \t\t\t[ [no]ignore-df ]
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

            """
        if kind == "erspan" {
            text += "\t\t\t[ erspan_ver version ]\n\t\t\t[ erspan IDX ]\n\t\t\t[ erspan_dir { ingress | egress } ]\n\t\t\t[ erspan_hwid hwid ]\n"
        }
        text += """

            Where:\tADDR := { IP_ADDRESS | any }
            \tTOS  := { NUMBER | inherit }
            \tTTL  := { 1..255 | inherit }
            \tKEY  := { DOTTED_QUAD | NUMBER }
            \tMARK := { 0x0..0xffffffff }
            """
        return text
    }

    /// `GRE_KEY`, `GRE_SEQ`, `GRE_CSUM` (big-endian flags).
    static let key: UInt16 = 0x2000, sequence: UInt16 = 0x1000, checksum: UInt16 = 0x8000

    /// The key/seq/csum words in ip's order: the input and output flags they set or clear.
    static let flagWords: [(word: String, bit: UInt16, input: Bool, output: Bool, on: Bool)] = [
        ("seq", sequence, true, true, true), ("noseq", sequence, true, true, false), ("iseq", sequence, true, false, true),
        ("noiseq", sequence, true, false, false), ("oseq", sequence, false, true, true), ("nooseq", sequence, false, true, false),
        ("csum", checksum, true, true, true), ("nocsum", checksum, true, true, false), ("icsum", checksum, true, false, true),
        ("noicsum", checksum, true, false, false), ("ocsum", checksum, false, true, true), ("noocsum", checksum, false, true, false),
    ]

    /// The keys and the input/output flags of a GRE tunnel, IPv4 or IPv6 (ip's `[no][i|o]key`,
    /// `[no][i|o]seq`, `[no][i|o]csum`, abbreviated as ip allows).
    struct Keys {
        var inputFlags: UInt16 = 0, outputFlags: UInt16 = 0, inputKey: UInt32 = 0, outputKey: UInt32 = 0

        /// Reads `word` (and its argument) when it is one of these; whether it was.
        mutating func read(_ word: String, _ words: inout Words) throws(CommandError) -> Bool {
            if matches(word, "key") {
                let text = try words.argument(of: word)
                inputFlags |= key; outputFlags |= key
                inputKey = try parseKey("key", text); outputKey = inputKey
            } else if matches(word, "nokey") {
                inputFlags &= ~key; outputFlags &= ~key; inputKey = 0; outputKey = 0
            } else if matches(word, "ikey") {
                let text = try words.argument(of: word)
                inputFlags |= key
                inputKey = try parseKey("ikey", text)
            } else if matches(word, "noikey") {
                inputFlags &= ~key; inputKey = 0
            } else if matches(word, "okey") {
                let text = try words.argument(of: word)
                outputFlags |= key
                outputKey = try parseKey("okey", text)
            } else if matches(word, "nookey") {
                outputFlags &= ~key; outputKey = 0
            } else if let flag = flagWords.first(where: { matches(word, $0.word) }) {
                if flag.input { inputFlags = flag.on ? inputFlags | flag.bit : inputFlags & ~flag.bit }
                if flag.output { outputFlags = flag.on ? outputFlags | flag.bit : outputFlags & ~flag.bit }
            } else {
                return false
            }
            return true
        }

        /// `IFLA_GRE_IKEY`, `OKEY` (big-endian), `IFLAGS`, `OFLAGS`, in ip's order.
        func encode(into data: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
            try data.appendAttribute(4, uint32: inputKey, .bigEndian)
            try data.appendAttribute(5, uint32: outputKey, .bigEndian)
            try data.appendAttribute(2, uint16: inputFlags, .bigEndian)
            try data.appendAttribute(3, uint16: outputFlags, .bigEndian)
        }

        /// The keys (as dotted quads) and the flags of `-d`.
        static func print(_ t: [UInt16: [UInt8]], printer: Printer) {
            func be16(_ type: UInt16) -> UInt16 { t[type].map { UInt16($0.first ?? 0) << 8 | UInt16(($0 + [0, 0])[1]) } ?? 0 }
            let inputFlags = be16(2), outputFlags = be16(3)
            for (flags, type, name) in [(inputFlags, UInt16(4), "ikey"), (outputFlags, 5, "okey")] where flags & key != 0 {
                guard let value = t[type] else { continue }
                let bytes = Array((value + [0, 0, 0, 0]).prefix(4))
                let text = IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]).description
                printer.string(name, text, text: "\(name) \(text) ")
            }
            for (flags, bit, name) in [(inputFlags, sequence, "iseq"), (outputFlags, sequence, "oseq"), (inputFlags, checksum, "icsum"),
                                       (outputFlags, checksum, "ocsum")] where flags & bit != 0 {
                printer.field(name, .bool(true), text: name + " ")
            }
        }
    }

    /// The erspan words of IPv4 and IPv6 GRE (`erspan IDX`, `erspan_ver`, `erspan_dir`,
    /// `erspan_hwid`) and their attributes (`IFLA_GRE_ERSPAN_*`, 21-24).
    struct Erspan {
        var index: UInt32 = 0, version: UInt8 = 1, direction: UInt8 = 0, hardwareID: UInt16 = 0

        /// Reads `word` (and its argument) when it is one of these; whether it was.
        mutating func read(_ word: String, _ words: inout Words) throws(CommandError) -> Bool {
            switch word {
            case "erspan":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid erspan index\n") }
                guard value != 0, value < 1 << 20 else { throw CommandError.invalidArgument(text, "erspan index must be > 0 and <= 20-bit\n") }
                index = value
            case "erspan_ver":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid erspan version\n") }
                guard value <= 2 else { throw CommandError.invalidArgument(text, "erspan version must be 0/1/2\n") }
                version = UInt8(value)
            case "erspan_dir":
                let text = try words.argument(of: word)
                if matches(text, "ingress") { direction = 0 } else if matches(text, "egress") { direction = 1 } else {
                    throw CommandError.invalidArgument(text, "Invalid erspan direction.")
                }
            case "erspan_hwid":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "invalid erspan hwid\n") }
                hardwareID = UInt16(value)
            default:
                return false
            }
            return true
        }

        /// The version, then the index (version 1, when given) or the direction and hardware ID
        /// (version 2), as ip sends them.
        func encode(into data: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
            try data.appendAttribute(22, uint8: version)
            if version == 1 && index != 0 {
                try data.appendAttribute(21, uint32: index, .host)
            } else if version == 2 {
                try data.appendAttribute(23, uint8: direction)
                try data.appendAttribute(24, uint16: hardwareID, .host)
            }
        }

        /// The erspan fields of `-d`.
        static func print(_ t: [UInt16: [UInt8]], printer: Printer) {
            func u8(_ type: UInt16) -> UInt8 { t[type]?.first ?? 0 }
            if let value = t[21] {
                let index = LinkSmallKinds.u32(value + [0, 0, 0, 0])
                printer.unsigned("erspan_index", UInt64(index), text: "erspan_index \(index) ")
            }
            if t[22] != nil { printer.unsigned("erspan_ver", UInt64(u8(22)), text: "erspan_ver \(u8(22)) ") }
            if t[23] != nil {
                let direction = u8(23) == 0 ? "ingress" : "egress"
                printer.string("erspan_dir", direction, text: "erspan_dir \(direction) ")
            }
            if let value = t[24] {
                let id = LinkSmallKinds.u16(value + [0, 0])
                printer.string("erspan_hwid", LinkDetailsFormat.hex0x(UInt64(id)), text: "erspan_hwid \(LinkDetailsFormat.hex0x(UInt64(id))) ")
            }
        }
    }

    /// An endpoint as ip's `get_addr(..., AF_INET)` reads it: nil for any/all/default and 0.0.0.0
    /// (unspecified, not sent).
    static func endpoint(_ text: String) throws(CommandError) -> IPv4Address? {
        if ["any", "all", "default"].contains(text) { return nil }
        guard case .v4(let address) = try RouteCommand.address(text, family: 2) else { return nil }
        return address.value == 0 ? nil : address
    }

    /// `get_u8` with base 10: decimal digits only, at most 255.
    static func decimalByte(_ text: String) -> UInt8? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt8(text)
    }

    /// ip's `tnl_parse_key`: a dotted quad as it is, or a number sent big-endian.
    static func parseKey(_ name: String, _ text: String) throws(CommandError) -> UInt32 {
        if text.contains(".") {
            if ["any", "all", "default"].contains(text) { return 0 }
            guard let address = InetText.ipv4(text) else { throw CommandError("Error: an IP address is expected rather than \"\(text)\"", status: 1) }
            return UInt32(address.bytes[0]) << 24 | UInt32(address.bytes[1]) << 16 | UInt32(address.bytes[2]) << 8 | UInt32(address.bytes[3])
        }
        guard let value = InetText.unsigned(text) else {
            throw CommandError("invalid value for \"\(name)\": \"\(text)\"; it should be an unsigned integer", status: 255)
        }
        return value
    }

    static func parse(_ kind: String, _ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        guard words.current != nil else { return .other(kind, data: nil) }
        guard creating else {
            throw CommandError("Error: changing an existing \(kind) tunnel's options is not supported by nlctl yet.", status: 255)
        }
        let erspan = kind == "erspan"
        var keys = Keys()
        var local: IPv4Address?, remote: IPv4Address?, remoteMulticast = false
        var pathMTUDiscovery: UInt8 = 1, ignoreDF: UInt8 = 0, tos: UInt8 = 0, ttl: UInt8 = 0, link: UInt32 = 0
        var encapsulation = Encapsulation()
        var metadata = false, fwmark: UInt32 = 0
        var erspanOptions = Erspan()
        while let word = words.next() {
            if try keys.read(word, &words) {
            } else if matches(word, "nopmtudisc") {
                pathMTUDiscovery = 0
            } else if matches(word, "pmtudisc") {
                pathMTUDiscovery = 1
            } else if matches(word, "remote") {
                let text = try words.argument(of: word)
                remote = try endpoint(text)
                remoteMulticast = remote.map { $0.bytes[0] >= 224 && $0.bytes[0] < 240 } ?? false
            } else if matches(word, "local") {
                local = try endpoint(try words.argument(of: word))
            } else if matches(word, "dev") {
                link = try await EncapParse.deviceIndex(try words.argument(of: word), context: context)
            } else if matches(word, "ttl") || matches(word, "hoplimit") || matches(word, "hlim") {
                let text = try words.argument(of: word)
                if text == "inherit" { ttl = 0 } else {
                    guard let value = InetText.unsigned(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid TTL\n") }
                    ttl = UInt8(value)
                }
            } else if matches(word, "tos") || matches(word, "tclass") || matches(word, "dsfield") {
                let text = try words.argument(of: word)
                if text == "inherit" { tos = 1 } else {
                    guard let value = RouteCommand.parseDSField(text) else { throw CommandError.invalidArgument(text, "bad TOS value") }
                    tos = value
                }
            } else if try encapsulation.read(word, &words) {
            } else if word == "external" {
                metadata = true
            } else if word == "ignore-df" {
                ignoreDF = 1
            } else if word == "noignore-df" {
                ignoreDF = 2   // ip: only the low bit is sent; 2 means "given"
            } else if word == "fwmark" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid fwmark\n") }
                fwmark = value
            } else if erspan, try erspanOptions.read(word, &words) {
            } else {
                throw CommandError(usage(kind), status: 1)
            }
        }
        if remoteMulticast, let remote {
            // A multicast tunnel keys its packets with the group address unless keys were given.
            let group = UInt32(remote.bytes[0]) << 24 | UInt32(remote.bytes[1]) << 16 | UInt32(remote.bytes[2]) << 8 | UInt32(remote.bytes[3])
            if keys.inputKey == 0 { keys.inputKey = group; keys.inputFlags |= key }
            if keys.outputKey == 0 { keys.outputKey = group; keys.outputFlags |= key }
            if local == nil { throw CommandError("A broadcast tunnel requires a source address.", status: 1) }
        }
        var data = NetlinkMessageBuilder()
        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in
            if metadata {
                try data.appendFlagAttribute(18)
                return
            }
            try keys.encode(into: &data)
            if let local { try data.appendAttribute(6, ipv4: local) }
            if let remote { try data.appendAttribute(7, ipv4: remote) }
            try data.appendAttribute(10, uint8: pathMTUDiscovery)
            if ignoreDF != 0 { try data.appendAttribute(19, uint8: ignoreDF & 1) }
            try data.appendAttribute(9, uint8: tos)
            if link != 0 { try data.appendAttribute(1, uint32: link, .host) }
            try data.appendAttribute(8, uint8: ttl)
            try data.appendAttribute(20, uint32: fwmark, .host)
            if erspan { try erspanOptions.encode(into: &data) }
            try encapsulation.encode(into: &data, first: 14)
        }
        return .other(kind, data: data.bytes)
    }

    /// The FOU/GUE words of ip's IPv4 and IPv6 tunnels (`noencap`, `encap TYPE`, `encap-sport`,
    /// `encap-dport`, `[no]encap-csum`, `[no]encap-udp6-csum`, `[no]encap-remcsum`).
    struct Encapsulation {
        var type: UInt16 = 0, flags: UInt16 = 0, sourcePort: UInt16 = 0, destinationPort: UInt16 = 0

        /// Reads `word` (and its argument) when it is one of these; whether it was.
        mutating func read(_ word: String, _ words: inout Words) throws(CommandError) -> Bool {
            switch word {
            case "noencap":
                type = 0
            case "encap":
                let text = try words.argument(of: word)
                guard let value = ["none": UInt16(0), "fou": 1, "gue": 2][text] else { throw CommandError.invalidArgument(text, "Invalid encap type.") }
                type = value
            case "encap-sport":
                let text = try words.argument(of: word)
                if text == "auto" { sourcePort = 0 } else {
                    guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "Invalid source port.") }
                    sourcePort = UInt16(value)
                }
            case "encap-dport":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "Invalid destination port.") }
                destinationPort = UInt16(value)
            default:
                guard let (bit, on) = ["encap-csum": (UInt16(1), true), "noencap-csum": (1, false), "encap-udp6-csum": (2, true),
                                       "noencap-udp6-csum": (2, false), "encap-remcsum": (4, true), "noencap-remcsum": (4, false)][word] else { return false }
                flags = on ? flags | bit : flags & ~bit
            }
            return true
        }

        /// The type, flags and ports (big-endian) as the four attributes from `first`.
        func encode(into data: inout NetlinkMessageBuilder, first: UInt16) throws(NetlinkEncodingError) {
            try data.appendAttribute(first, uint16: type, .host)
            try data.appendAttribute(first + 1, uint16: flags, .host)
            try data.appendAttribute(first + 2, uint16: sourcePort, .bigEndian)
            try data.appendAttribute(first + 3, uint16: destinationPort, .bigEndian)
        }
    }

    // MARK: -d

    /// An IPv6 endpoint as `get_addr(..., AF_INET6)` reads it: nil for any/all/default and `::`.
    static func endpoint6(_ text: String) throws(CommandError) -> IPv6Address? {
        if ["any", "all", "default"].contains(text) { return nil }
        guard case .v6(let address) = try RouteCommand.address(text, family: 10) else { return nil }
        return address.bytes.allSatisfy { $0 == 0 } ? nil : address
    }

    /// `tnl_print_endpoint` for an IPv4 tunnel (an IPv6 one with `v6`).
    static func printEndpoint(_ name: String, _ value: [UInt8]?, v6: Bool = false, printer: Printer) {
        let text: String
        if let value {
            if value.count != (v6 ? 16 : 4) { text = "unknown" } else if value.allSatisfy({ $0 == 0 }) { text = "any" } else if v6 {
                text = IPv6Address(bytes: value).map { HostNames.text(.v6($0)) } ?? "unknown"
            } else {
                text = HostNames.text(.v4(IPv4Address(value[0], value[1], value[2], value[3])))
            }
        } else {
            text = "any"
        }
        printer.string(name, text, text: "\(name) \(text) ")
    }

    /// `dev NAME` of a tunnel's link (`IFLA_*_LINK`; nothing for 0).
    static func printDevice(_ value: [UInt8]?, links: [Int32: Link], printer: Printer) {
        guard let value else { return }
        let index = LinkSmallKinds.u32(value + [0, 0, 0, 0])
        guard index != 0 else { return }
        let name = links[Int32(bitPattern: index)]?.name ?? "if\(index)"
        printer.string("link", name, text: "dev \(name) ")
    }

    /// `gre_print_opt`.
    static func print(_ data: [UInt8]?, links: [Int32: Link], printer: Printer) {
        guard data != nil else { return }
        let t = LinkSmallKinds.table(data)
        func u8(_ type: UInt16) -> UInt8 { t[type]?.first ?? 0 }
        if t[18] != nil { printer.field("external", .bool(true), text: "external ") }
        printEndpoint("remote", t[7], printer: printer)
        printEndpoint("local", t[6], printer: printer)
        printDevice(t[1], links: links, printer: printer)
        let ttl = u8(8)
        if printer.isJSON || ttl != 0 { printer.unsigned("ttl", UInt64(ttl), text: "ttl \(ttl) ") } else { printer.text("ttl inherit ") }
        let tos = u8(9)
        if tos != 0 {
            if printer.isJSON || tos != 1 {
                printer.string("tos", LinkDetailsFormat.hex0x(UInt64(tos)), text: "tos \(LinkDetailsFormat.hex0x(UInt64(tos))) ")
            } else {
                printer.text("tos inherit ")
            }
        }
        if t[10] != nil {
            if u8(10) == 0 { printer.field("pmtudisc", .bool(false), text: "nopmtudisc ") } else { printer.json("pmtudisc", .bool(true)) }
        }
        if t[19] != nil, u8(19) != 0 { printer.field("ignore_df", .bool(true), text: "ignore-df ") }
        Keys.print(t, printer: printer)
        if let value = t[20] {
            let mark = LinkSmallKinds.u32(value + [0, 0, 0, 0])
            if mark != 0 { printer.string("fwmark", LinkDetailsFormat.hex0x(UInt64(mark)), text: "fwmark \(LinkDetailsFormat.hex0x(UInt64(mark))) ") }
        }
        Erspan.print(t, printer: printer)
        printEncapsulation(t, type: 14, flags: 15, sourcePort: 16, destinationPort: 17, printer: printer)
    }

    /// `tnl_print_encap`: the FOU/GUE encapsulation when one is set.
    static func printEncapsulation(_ t: [UInt16: [UInt8]], type: UInt16, flags: UInt16, sourcePort: UInt16, destinationPort: UInt16, printer: Printer) {
        guard let typeValue = t[type] else { return }
        let kind = LinkSmallKinds.u16(typeValue + [0, 0])
        guard kind != 0 else { return }
        let flagBits = t[flags].map { LinkSmallKinds.u16($0 + [0, 0]) } ?? 0
        let source = t[sourcePort].map { UInt16(($0 + [0, 0])[0]) << 8 | UInt16(($0 + [0, 0])[1]) } ?? 0
        let destination = t[destinationPort].map { UInt16(($0 + [0, 0])[0]) << 8 | UInt16(($0 + [0, 0])[1]) } ?? 0
        printer.openObject("encap")
        printer.text("encap ")
        switch kind {
        case 1: printer.string("type", "fou", text: "fou ")
        case 2: printer.string("type", "gue", text: "gue ")
        default: printer.field("type", .null, text: "unknown ")
        }
        if printer.isJSON {
            printer.json("sport", .unsigned(UInt64(source)))
            printer.json("dport", .unsigned(UInt64(destination)))
            printer.json("csum", .bool(flagBits & 1 != 0))
            printer.json("csum6", .bool(flagBits & 2 != 0))
            printer.json("remcsum", .bool(flagBits & 4 != 0))
        } else {
            printer.text(source == 0 ? "encap-sport auto " : "encap-sport \(source) ")
            printer.text("encap-dport \(destination) ")
            printer.text((flagBits & 1 != 0 ? "" : "no") + "encap-csum ")
            printer.text((flagBits & 2 != 0 ? "" : "no") + "encap-csum6 ")
            printer.text((flagBits & 4 != 0 ? "" : "no") + "encap-remcsum ")
        }
        printer.closeObject()
    }

    // MARK: ip6gre, ip6gretap, ip6erspan

    static func usage6(_ kind: String) -> String {
        let padded = kind + String(repeating: " ", count: max(0, 9 - kind.count))
        return """
            Usage: ... \(padded)\t[ remote ADDR ]
            \t\t\t[ local ADDR ]
            \t\t\t[ [no][i|o]seq ]
            \t\t\t[ [i|o]key KEY | no[i|o]key ]
            \t\t\t[ [no][i|o]csum ]
            \t\t\t[ hoplimit TTL ]
            \t\t\t[ encaplimit ELIM ]
            \t\t\t[ tclass TCLASS ]
            \t\t\t[ flowlabel FLOWLABEL ]
            \t\t\t[ dscp inherit ]
            \t\t\t[ dev PHYS_DEV ]
            \t\t\t[ fwmark MARK ]
            \t\t\t[ [no]allow-localremote ]
            \t\t\t[ external ]
            \t\t\t[ noencap ]
            \t\t\t[ encap { fou | gue | none } ]
            \t\t\t[ encap-sport PORT ]
            \t\t\t[ encap-dport PORT ]
            \t\t\t[ [no]encap-csum ]
            \t\t\t[ [no]encap-csum6 ]
            \t\t\t[ [no]encap-remcsum ]
            \t\t\t[ erspan_ver version ]
            \t\t\t[ erspan IDX ]
            \t\t\t[ erspan_dir { ingress | egress } ]
            \t\t\t[ erspan_hwid hwid ]

            Where:\tADDR\t  := IPV6_ADDRESS
            \tTTL\t  := { 0..255 } (default=64)
            \tKEY\t  := { DOTTED_QUAD | NUMBER }
            \tELIM\t  := { none | 0..255 }(default=4)
            \tTCLASS\t  := { 0x0..0xff | inherit }
            \tFLOWLABEL := { 0x0..0xfffff | inherit }
            \tMARK\t  := { 0x0..0xffffffff | inherit }
            """
    }

    /// ip's `link_gre6.c` `gre_parse_opt`: the keys and flags of ``parse(_:_:context:creating:)``,
    /// IPv6 endpoints, hop and encapsulation limits, traffic class and flow label (as ip6tnl),
    /// the erspan words for every kind (its version always sent), no path-MTU switch.
    static func parse6(_ kind: String, _ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        guard words.current != nil else { return .other(kind, data: nil) }
        guard creating else {
            throw CommandError("Error: changing an existing \(kind) tunnel's options is not supported by nlctl yet.", status: 255)
        }
        var keys = Keys()
        var local: IPv6Address?, remote: IPv6Address?
        var options = IP6Options(), link: UInt32 = 0
        var metadata = false
        var encapsulation = Encapsulation()
        encapsulation.flags = 2
        var erspanOptions = Erspan()
        while let word = words.next() {
            if try keys.read(word, &words) {
            } else if matches(word, "remote") {
                remote = try endpoint6(try words.argument(of: word))
            } else if matches(word, "local") {
                local = try endpoint6(try words.argument(of: word))
            } else if matches(word, "dev") {
                link = try await EncapParse.deviceIndex(try words.argument(of: word), context: context)
            } else if try options.read(word, &words, abbreviated: true) {
            } else if try encapsulation.read(word, &words) {
            } else if word == "external" {
                metadata = true
            } else if try erspanOptions.read(word, &words) {
            } else {
                throw CommandError(usage6(kind), status: 1)
            }
        }
        var data = NetlinkMessageBuilder()
        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in
            if metadata {
                try data.appendFlagAttribute(18)
                return
            }
            try keys.encode(into: &data)
            if let local { try data.appendAttribute(6, ipv6: local) }
            if let remote { try data.appendAttribute(7, ipv6: remote) }
            if link != 0 { try data.appendAttribute(1, uint32: link, .host) }
            try data.appendAttribute(8, uint8: options.hopLimit)
            try data.appendAttribute(11, uint8: options.encapsulationLimit)
            try data.appendAttribute(12, uint32: options.flowInfo, .bigEndian)
            try data.appendAttribute(13, uint32: options.flags, .host)
            try data.appendAttribute(20, uint32: options.fwmark, .host)
            try erspanOptions.encode(into: &data)
            try encapsulation.encode(into: &data, first: 14)
        }
        return .other(kind, data: data.bytes)
    }

    /// `link_gre6.c`'s `gre_print_opt`.
    static func print6(_ data: [UInt8]?, links: [Int32: Link], printer: Printer) {
        guard data != nil else { return }
        let t = LinkSmallKinds.table(data)
        func u8(_ type: UInt16) -> UInt8 { t[type]?.first ?? 0 }
        if t[18] != nil { printer.field("external", .bool(true), text: "external ") }
        let flags = IP6Options.flags(t, 13)
        printEndpoint("remote", t[7], v6: true, printer: printer)
        printEndpoint("local", t[6], v6: true, printer: printer)
        printDevice(t[1], links: links, printer: printer)
        IP6Options.printLimits(t, hopLimit: 8, encapsulationLimit: 11, flowInfo: 12, flags: flags, printer: printer)
        Keys.print(t, printer: printer)
        IP6Options.printMarks(t, flags: flags, mip6: false, printer: printer)
        Erspan.print(t, printer: printer)
        printEncapsulation(t, type: 14, flags: 15, sourcePort: 16, destinationPort: 17, printer: printer)
    }
}
