import NetlinkCore
import NetlinkRoute

/// The options of link kinds whose data is a few attributes — iproute2 6.1's `vlan`
/// (`iplink_vlan.c`), `ipvlan`/`ipvtap` (`iplink_ipvlan.c`), `vrf` (`iplink_vrf.c`) and `xfrm`
/// (`link_xfrm.c`): the words read as ip reads them, with its messages, and `IFLA_INFO_DATA`
/// encoded as ip encodes it (sent as ``LinkSettings/Kind/other(_:data:)``); and their `-d` lines
/// (`print_opt`) from the attributes. This kernel has none of these kinds: the requests are
/// compared with ip's byte for byte, and the details printed from golden bytes.
enum LinkSmallKinds {
    /// The kinds read here.
    static let kinds: Set<String> = ["vlan", "ipvlan", "ipvtap", "vrf", "xfrm", "geneve", "rmnet", "wwan", "batadv", "dsa", "ipoib", "bareudp", "hsr", "gtp", "amt"]

    /// A `parse_opt` that returns -1 makes ip exit with status 1, its `invarg`/`missarg` with 255.
    static func parse(_ kind: String, _ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        // ip reads the kind's words (and sends IFLA_INFO_DATA) only when there are some.
        guard words.current != nil else { return .other(kind, data: nil) }
        var data = NetlinkMessageBuilder()
        switch kind {
        case "vlan": try vlan(&words, into: &data)
        case "ipvlan", "ipvtap": try ipvlan(kind, &words, into: &data)
        case "vrf": try vrf(&words, into: &data)
        case "geneve": try geneve(&words, creating: creating, into: &data)
        case "rmnet", "wwan", "batadv", "dsa", "ipoib": try await oneAttributeKinds(kind, &words, context: context, into: &data)
        case "bareudp": try bareudp(&words, into: &data)
        case "hsr": try await hsr(&words, context: context, into: &data)
        case "gtp": try gtp(&words, into: &data)
        case "amt": try await amt(&words, context: context, into: &data)
        default: try await xfrm(&words, context: context, into: &data)
        }
        return .other(kind, data: data.bytes)
    }

    static func add(_ body: () throws(NetlinkEncodingError) -> Void) throws(CommandError) {
        do throws(NetlinkEncodingError) {
            try body()
        } catch {
            throw CommandError("Error: cannot encode the link data: \(error)", status: 255)
        }
    }

    // MARK: vlan

    static let vlanUsage = """
        Usage: ... vlan id VLANID
        \t\t[ protocol VLANPROTO ]
        \t\t[ reorder_hdr { on | off } ]
        \t\t[ gvrp { on | off } ]
        \t\t[ mvrp { on | off } ]
        \t\t[ loose_binding { on | off } ]
        \t\t[ bridge_binding { on | off } ]
        \t\t[ ingress-qos-map QOS-MAP ]
        \t\t[ egress-qos-map QOS-MAP ]

        VLANID := 0-4095
        VLANPROTO: [ 802.1Q | 802.1ad ]
        QOS-MAP := [ QOS-MAP ] QOS-MAPPING
        QOS-MAPPING := FROM:TO
        """

    /// The `VLAN_FLAG_*` bits by their words and names, in ip's order.
    static let vlanFlags: [(word: String, name: String, bit: UInt32)] = [
        ("reorder_hdr", "REORDER_HDR", 0x1), ("gvrp", "GVRP", 0x2), ("mvrp", "MVRP", 0x8),
        ("loose_binding", "LOOSE_BINDING", 0x4), ("bridge_binding", "BRIDGE_BINDING", 0x10),
    ]

    /// `vlan_parse_opt`: `IFLA_VLAN_PROTOCOL` (5, big-endian) and `IFLA_VLAN_ID` (1) where given,
    /// the QoS maps (3 egress, 4 ingress: nests of `from`/`to` pairs) where given, the flags and
    /// their mask (2) last.
    static func vlan(_ words: inout Words, into data: inout NetlinkMessageBuilder) throws(CommandError) {
        var flags: UInt32 = 0, mask: UInt32 = 0
        while let word = words.next() {
            if matches(word, "protocol") {
                let text = try words.argument(of: word)
                guard let value = linkProtocol(text) else { throw CommandError.invalidArgument(text, "protocol is invalid") }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(5, uint16: value, .bigEndian) }
            } else if matches(word, "id") {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "id is invalid") }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint16: UInt16(value), .host) }
            } else if let flag = vlanFlags.first(where: { matches(word, $0.word) }) {
                let text = try words.argument(of: word)
                mask |= flag.bit
                switch text {
                case "on": flags |= flag.bit
                case "off": flags &= ~flag.bit
                default:
                    throw CommandError("Error: argument of \"\(flag.word)\" must be \"on\" or \"off\", not \"\(text)\"", status: 1)
                }
            } else if matches(word, "ingress-qos-map") || matches(word, "egress-qos-map") {
                let ingress = matches(word, "ingress-qos-map")
                guard words.current != nil else { throw CommandError.incomplete }
                var nested = NetlinkMessageBuilder()
                // ip's parse_mapping: FROM:TO words while they have a colon.
                while let text = words.current, let colon = text.firstIndex(of: ":") {
                    let from = String(text[..<colon]), to = String(text[text.index(after: colon)...])
                    guard let key = InetText.unsigned(from), let value = InetText.unsigned(to) else {
                        throw CommandError.invalidArgument(from, ingress ? "invalid ingress-qos-map" : "invalid egress-qos-map")
                    }
                    try add { () throws(NetlinkEncodingError) in
                        try nested.appendAttribute(1, bytes: withUnsafeBytes(of: key) { Array($0) } + withUnsafeBytes(of: value) { Array($0) })
                    }
                    _ = words.next()
                }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(ingress ? 4 : 3, bytes: nested.bytes) }
            } else if matches(word, "help") {
                throw CommandError(vlanUsage, status: 1)
            } else {
                throw CommandError("vlan: unknown command \"\(word)\"?\n" + vlanUsage, status: 1)
            }
        }
        if mask != 0 {
            try add { () throws(NetlinkEncodingError) in
                try data.appendAttribute(2, bytes: withUnsafeBytes(of: flags) { Array($0) } + withUnsafeBytes(of: mask) { Array($0) })
            }
        }
    }

    /// iproute2's `ll_proto_a2n`: a name of its table (any case; `all` and `ipv4` are in it too)
    /// or a 16-bit number.
    static func linkProtocol(_ text: String) -> UInt16? {
        let lowered = SSSession.asciiLowercased(text)
        if lowered == "all" { return 3 }
        if lowered == "ipv4" { return 0x0800 }
        if let number = SSSession.linkProtocolNumbers[lowered] { return number }
        return InetText.unsigned(text).flatMap { $0 <= 0xFFFF ? UInt16($0) : nil }
    }

    /// iproute2's `ll_proto_n2a`: the table's first name for the number, or `[N]`.
    static func linkProtocolName(_ number: UInt16) -> String {
        number == 3 ? "all" : SSSession.linkProtocolNames[number] ?? "[\(number)]"
    }

    // MARK: ipvlan, ipvtap

    static func ipvlanUsage(_ kind: String) -> String {
        """
        Usage: ... \(kind) [ mode MODE ] [ FLAGS ]

        MODE: l3 | l3s | l2
        FLAGS: bridge | private | vepa
        (first values are the defaults if nothing is specified).
        """
    }

    /// `ipvlan_parse_opt`: `IFLA_IPVLAN_MODE` (1) where given, `IFLA_IPVLAN_FLAGS` (2) always; the
    /// first of bridge/private/vepa counts, a second one is an unknown option.
    static func ipvlan(_ kind: String, _ words: inout Words, into data: inout NetlinkMessageBuilder) throws(CommandError) {
        var flags: UInt16 = 0
        var flagGiven = false
        while let word = words.next() {
            if matches(word, "mode") {
                let text = try words.argument(of: word)
                guard let mode = ["l2": UInt16(0), "l3": 1, "l3s": 2][text] else {
                    throw CommandError("Error: argument of \"mode\" must be either \"l2\", \"l3\" or \"l3s\"", status: 1)
                }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint16: mode, .host) }
            } else if !flagGiven, let flag = [("private", UInt16(1)), ("vepa", 2), ("bridge", 0)].first(where: { matches(word, $0.0) }) {
                flags |= flag.1
                flagGiven = true
            } else if matches(word, "help") {
                throw CommandError(ipvlanUsage(kind), status: 1)
            } else {
                throw CommandError("\(kind): unknown option \"\(word)\"?\n" + ipvlanUsage(kind), status: 1)
            }
        }
        try add { () throws(NetlinkEncodingError) in try data.appendAttribute(2, uint16: flags, .host) }
    }

    // MARK: vrf

    /// `vrf_parse_opt`: `IFLA_VRF_TABLE` (1) for each `table`.
    static func vrf(_ words: inout Words, into data: inout NetlinkMessageBuilder) throws(CommandError) {
        let usage = "Usage: ... vrf table TABLEID"
        while let word = words.next() {
            if matches(word, "table") {
                let text = try words.argument(of: word)
                guard let table = RouteCommand.parseTable(text) else { throw CommandError.invalidArgument(text, "invalid table ID\n") }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint32: table, .host) }
            } else if matches(word, "help") {
                throw CommandError(usage, status: 1)
            } else {
                throw CommandError("vrf: unknown option \"\(word)\"?\n" + usage, status: 1)
            }
        }
    }

    // MARK: xfrm

    static let xfrmUsage = """
        Usage: ... xfrm dev [ PHYS_DEV ] [ if_id IF-ID ]
        \t\t[ external ]

        Where: IF-ID := { 0x1..0xffffffff }
        """

    /// `xfrm_parse_opt`: `IFLA_XFRM_IF_ID` (2) as given, then `IFLA_XFRM_LINK` (1); or
    /// `IFLA_XFRM_COLLECT_METADATA` (3) alone with `external`.
    static func xfrm(_ words: inout Words, context: Context, into data: inout NetlinkMessageBuilder) async throws(CommandError) {
        var link: UInt32 = 0, identifier: UInt32 = 0, external = false
        while let word = words.next() {
            if matches(word, "dev") {
                link = try await EncapParse.deviceIndex(try words.argument(of: word), context: context)
            } else if matches(word, "if_id") {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value != 0 else { throw CommandError.invalidArgument(text, "if_id value is invalid") }
                identifier = value
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(2, uint32: value, .host) }
            } else if word == "external" {
                external = true
            } else {
                throw CommandError(xfrmUsage, status: 1)
            }
        }
        if external {
            if identifier != 0 || link != 0 {
                throw CommandError("xfrmi: both 'external' and if_id/link cannot be specified", status: 1)
            }
            try add { () throws(NetlinkEncodingError) in try data.appendFlagAttribute(3) }
            return
        }
        if identifier == 0 { throw CommandError("Error: argument \"IF_ID\" is required", status: 255) }
        if link != 0 { try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint32: link, .host) } }
    }

    // MARK: geneve

    static let geneveUsage = """
        Usage: ... geneve id VNI
        \t\tremote ADDR
        \t\t[ ttl TTL ]
        \t\t[ tos TOS ]
        \t\t[ df DF ]
        \t\t[ flowlabel LABEL ]
        \t\t[ dstport PORT ]
        \t\t[ [no]external ]
        \t\t[ [no]udpcsum ]
        \t\t[ [no]udp6zerocsumtx ]
        \t\t[ [no]udp6zerocsumrx ]
        \t\t[ innerprotoinherit ]

        Where:\tVNI   := 0-16777215
        \tADDR  := IP_ADDRESS
        \tTOS   := { NUMBER | inherit }
        \tTTL   := { 1..255 | auto | inherit }
        \tDF    := { unset | set | inherit }
        \tLABEL := 0-1048575
        """

    /// `geneve_parse_opt`: each keyword once (ip's `check_duparg`); `ttl inherit` and `df` sent
    /// where they are read, then the VNI (1), the remote (2 or 7), the flow label (11), TTL (3) and
    /// TOS (4) — these three always when creating —, the port (5, big-endian, when not 0), the
    /// metadata (6) and inner-protocol (14) flags, the checksum switches (8, 9, 10) given.
    static func geneve(_ words: inout Words, creating: Bool, into data: inout NetlinkMessageBuilder) throws(CommandError) {
        var seen = Set<UInt16>()
        func once(_ attribute: UInt16, _ key: String, _ text: String) throws(CommandError) {
            if !seen.insert(attribute).inserted { throw CommandError.duplicateOrGarbage(key: key, text) }
        }
        var vni: UInt32 = 0, label: UInt32 = 0, ttl: UInt8 = 0, tos: UInt8 = 0, port: UInt16 = 0
        var remote: IPAddress?
        var metadata = false, innerProtocolInherit = false
        var switches: [UInt16: UInt8] = [:]
        while let word = words.next() {
            if matches(word, "id") || matches(word, "vni") {
                let text = try words.argument(of: word)
                try once(1, "id", text)
                guard let value = InetText.unsigned(text), value < 1 << 24 else { throw CommandError.invalidArgument(text, "invalid id") }
                vni = value
            } else if matches(word, "remote") {
                let text = try words.argument(of: word)
                try once(2, "remote", text)
                if ["default", "all", "any"].contains(text) { throw CommandError.invalidArgument(text, "invalid remote address") }
                let address = try RouteCommand.address(text, family: 0)
                if case .v4(let v4) = address, v4.bytes[0] >= 224 && v4.bytes[0] < 240 {
                    throw CommandError.invalidArgument(text, "invalid remote address")
                }
                if case .v6(let v6) = address, v6.bytes[0] == 0xFF { throw CommandError.invalidArgument(text, "invalid remote address") }
                remote = address
            } else if matches(word, "ttl") || matches(word, "hoplimit") {
                let text = try words.argument(of: word)
                try once(3, "ttl", text)
                if text == "inherit" {
                    try add { () throws(NetlinkEncodingError) in try data.appendAttribute(12, uint8: 1) }
                } else if text != "auto" {
                    guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid TTL") }
                    guard value <= 255 else { throw CommandError.invalidArgument(text, "TTL must be <= 255") }
                    ttl = UInt8(value)
                }
            } else if matches(word, "tos") || matches(word, "dsfield") {
                let text = try words.argument(of: word)
                try once(4, "tos", text)
                if text == "inherit" {
                    tos = 1
                } else {
                    guard let value = RouteCommand.parseDSField(text) else { throw CommandError.invalidArgument(text, "bad TOS value") }
                    tos = value
                }
            } else if matches(word, "df") {
                let text = try words.argument(of: word)
                try once(13, "df", text)
                guard let df = ["unset": UInt8(0), "set": 1, "inherit": 2][text] else {
                    throw CommandError.invalidArgument(text, "DF must be 'unset', 'set' or 'inherit'")
                }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(13, uint8: df) }
            } else if matches(word, "label") || matches(word, "flowlabel") {
                let text = try words.argument(of: word)
                try once(11, "flowlabel", text)
                guard let value = InetText.unsigned(text), value & ~0xFFFFF == 0 else { throw CommandError.invalidArgument(text, "invalid flowlabel") }
                label = value
            } else if matches(word, "dstport") {
                let text = try words.argument(of: word)
                try once(5, "dstport", text)
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "dstport") }
                port = UInt16(value)
            } else if let (attribute, on) = geneveSwitch(word) {
                try once(attribute, word, word)
                if attribute == 6 { metadata = on } else { switches[attribute] = on ? 1 : 0 }
            } else if word == "innerprotoinherit" {
                try once(14, word, word)
                innerProtocolInherit = true
            } else if matches(word, "help") {
                throw CommandError(geneveUsage, status: 1)
            } else {
                throw CommandError("geneve: unknown command \"\(word)\"?\n" + geneveUsage, status: 1)
            }
        }
        if metadata && seen.contains(1) { throw CommandError("geneve: both 'external' and vni cannot be specified", status: 1) }
        if !metadata {
            if !seen.contains(1) { throw CommandError("geneve: missing virtual network identifier", status: 1) }
            if creating && remote == nil { throw CommandError("geneve: remote link partner not specified", status: 1) }
        }
        try add { () throws(NetlinkEncodingError) in
            try data.appendAttribute(1, uint32: vni, .host)
            if let remote { try data.appendAttribute(remote.bytes.count == 4 ? 2 : 7, ip: remote) }
            if creating || seen.contains(11) { try data.appendAttribute(11, uint32: label, .bigEndian) }
            if creating || seen.contains(3) { try data.appendAttribute(3, uint8: ttl) }
            if creating || seen.contains(4) { try data.appendAttribute(4, uint8: tos) }
            if port != 0 { try data.appendAttribute(5, uint16: port, .bigEndian) }
            if metadata { try data.appendFlagAttribute(6) }
            if innerProtocolInherit { try data.appendFlagAttribute(14) }
            for attribute in [UInt16(8), 9, 10] { if let value = switches[attribute] { try data.appendAttribute(attribute, uint8: value) } }
        }
    }

    /// The `[no]external`, `[no]udpcsum`, `[no]udp6zerocsumtx/rx` words (abbreviated as ip
    /// allows, tried in its order): the attribute and whether the word sets it.
    static func geneveSwitch(_ word: String) -> (UInt16, Bool)? {
        for (name, attribute, on) in [
            ("external", UInt16(6), true), ("noexternal", 6, false), ("udpcsum", 8, true), ("noudpcsum", 8, false),
            ("udp6zerocsumtx", 9, true), ("noudp6zerocsumtx", 9, false), ("udp6zerocsumrx", 10, true), ("noudp6zerocsumrx", 10, false),
        ] where matches(word, name) {
            return (attribute, on)
        }
        return nil
    }

    // MARK: rmnet, wwan, batadv, dsa, ipoib

    static let rmnetUsage = "Usage: ... rmnet mux_id MUXID\n\nMUXID := 1-254"
    static let wwanUsage = "Usage: ... wwan linkid LINKID\n\nWhere: LINKID := 0-4294967295"
    static let batadvUsage = "Usage: ... batadv [ ra ROUTING_ALG ]\n\nWhere: ROUTING_ALG := { BATMAN_IV | BATMAN_V }"
    static let dsaUsage = "Usage: ... dsa [ conduit DEVICE ]"
    static let ipoibUsage = "Usage: ... ipoib [ pkey PKEY ]\n\t\t [ mode {datagram | connected} ]\n\t\t [ umcast {0|1} ]\n\nPKEY  := 0x8001-0xffff"

    /// The kinds of a few plain attributes: rmnet's `mux_id` (1, u16), wwan's `linkid` (1, u32),
    /// batadv's routing algorithm `ra` (1, a string with its NUL), dsa's `conduit`/`master` (1, an
    /// ifindex), ipoib's `pkey`, `mode` and `umcast` (1, 2, 3, u16 each) — each sent where read.
    static func oneAttributeKinds(_ kind: String, _ words: inout Words, context: Context, into data: inout NetlinkMessageBuilder) async throws(CommandError) {
        while let word = words.next() {
            switch kind {
            case "rmnet" where matches(word, "mux_id"):
                let value = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: "mux_id is invalid"))
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint16: value, .host) }
            case "wwan" where matches(word, "linkid"):
                let value = try words.number(of: word, reason: "linkid")
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint32: value, .host) }
            case "batadv" where matches(word, "ra"):
                let text = try words.argument(of: word)
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, bytes: text.rawBytes + [0]) }
            case "dsa" where word == "conduit" || word == "master":
                let text = try words.argument(of: word)
                guard let index = try await context.index(ofLink: text) else { throw CommandError.invalidArgument(text, "Device does not exist\n") }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint32: UInt32(bitPattern: index), .host) }
            case "ipoib" where matches(word, "pkey"):
                let value = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: "pkey is invalid"))
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint16: value, .host) }
            case "ipoib" where matches(word, "mode"):
                let text = try words.argument(of: word)
                guard let mode = ["datagram": UInt16(0), "connected": 1][text] else {
                    throw CommandError("Error: argument of \"mode\" must be \"datagram\"or \"connected\"", status: 1)
                }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(2, uint16: mode, .host) }
            case "ipoib" where matches(word, "umcast"):
                let value = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: "umcast is invalid"))
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(3, uint16: value, .host) }
            default:
                let usage = ["rmnet": rmnetUsage, "wwan": wwanUsage, "batadv": batadvUsage, "dsa": dsaUsage, "ipoib": ipoibUsage][kind] ?? ""
                let isHelp = kind == "dsa" ? word == "help" : matches(word, "help")
                if isHelp { throw CommandError(usage, status: 1) }
                let noun = kind == "ipoib" ? "option" : "command"
                throw CommandError("\(kind): unknown \(noun) \"\(word)\"?\n" + usage, status: 1)
            }
        }
    }

    // MARK: bareudp, hsr

    static let bareudpUsage = """
        Usage: ... bareudp dstport PORT
        \t\tethertype PROTO
        \t\t[ srcportmin PORT ]
        \t\t[ [no]multiproto ]

        Where:\tPORT  := UDP_PORT
        \tPROTO := ETHERTYPE

        Note: ETHERTYPE can be given as number or as protocol name ("ipv4", "ipv6",
              "mpls_uc", etc.).
        """

    /// `bareudp_parse_opt`: each word once; the port (1, big-endian) and ethertype (2) required,
    /// the lowest source port (3) and multiproto (4) when given.
    static func bareudp(_ words: inout Words, into data: inout NetlinkMessageBuilder) throws(CommandError) {
        var seen = Set<UInt16>()
        func once(_ attribute: UInt16, _ key: String, _ text: String) throws(CommandError) {
            if !seen.insert(attribute).inserted { throw CommandError.duplicateOrGarbage(key: key, text) }
        }
        var port: UInt16 = 0, ethertype: UInt16 = 0, sourcePortMinimum: UInt16 = 0, multiproto = false
        while let word = words.next() {
            if matches(word, "dstport") {
                let text = try words.argument(of: word)
                try once(1, "dstport", text)
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "dstport") }
                port = UInt16(value)
            } else if matches(word, "ethertype") {
                let text = try words.argument(of: word)
                try once(2, "ethertype", text)
                guard let value = linkProtocol(text) else { throw CommandError.invalidArgument(text, "ethertype") }
                ethertype = value
            } else if matches(word, "srcportmin") {
                let text = try words.argument(of: word)
                try once(3, "srcportmin", text)
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "srcportmin") }
                sourcePortMinimum = UInt16(value)
            } else if matches(word, "multiproto") || matches(word, "nomultiproto") {
                try once(4, word, word)
                multiproto = matches(word, "multiproto")
            } else if matches(word, "help") {
                throw CommandError(bareudpUsage, status: 1)
            } else {
                throw CommandError("bareudp: unknown command \"\(word)\"?\n" + bareudpUsage, status: 1)
            }
        }
        if !seen.contains(1) { throw CommandError("Error: argument \"dstport\" is required", status: 255) }
        if !seen.contains(2) { throw CommandError("Error: argument \"ethertype\" is required", status: 255) }
        try add { () throws(NetlinkEncodingError) in
            try data.appendAttribute(1, uint16: port, .bigEndian)
            try data.appendAttribute(2, uint16: ethertype, .bigEndian)
            if seen.contains(3) { try data.appendAttribute(3, uint16: sourcePortMinimum, .host) }
            if multiproto { try data.appendFlagAttribute(4) }
        }
    }

    static let hsrUsage = """
        Usage:\tnlctl link add name NAME type hsr slave1 SLAVE1-IF slave2 SLAVE2-IF
        \t[ supervision ADDR-BYTE ] [version VERSION] [proto PROTOCOL]

        NAME
        \tname of new hsr device (e.g. hsr0)
        SLAVE1-IF, SLAVE2-IF
        \tthe two slave devices bound to the HSR device
        ADDR-BYTE
        \t0-255; the last byte of the multicast address used for HSR supervision
        \tframes (default = 0)
        VERSION
        \t0,1; the protocol version to be used. (default = 0)
        PROTOCOL
        \t0 - HSR, 1 - PRP. (default = 0 - HSR)
        """

    /// `hsr_parse_opt`: supervision (3), version (6), proto (7) as bytes — ip checks only that
    /// they are numbers of a byte —, the two ports (1, 2), each sent where read.
    static func hsr(_ words: inout Words, context: Context, into data: inout NetlinkMessageBuilder) async throws(CommandError) {
        while let word = words.next() {
            let byteWords: [(String, UInt16, String)] = [("supervision", 3, "ADDR-BYTE is invalid"), ("version", 6, "version is invalid"),
                                                        ("proto", 7, "protocol is invalid")]
            if let (_, attribute, reason) = byteWords.first(where: { matches(word, $0.0) }) {
                let value = UInt8(try words.number(of: word, maximum: 0xFF, reason: reason))
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(attribute, uint8: value) }
            } else if matches(word, "slave1") || matches(word, "slave2") {
                let text = try words.argument(of: word)
                guard let index = try await context.index(ofLink: text) else { throw CommandError.invalidArgument(text, "No such interface") }
                let attribute: UInt16 = matches(word, "slave1") ? 1 : 2
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(attribute, uint32: UInt32(bitPattern: index), .host) }
            } else if matches(word, "help") {
                throw CommandError(hsrUsage, status: 1)
            } else {
                throw CommandError("hsr: what is \"\(word)\"?\n" + hsrUsage, status: 1)
            }
        }
    }

    // MARK: gtp, amt

    static let gtpUsage = """
        Usage: ... gtp role ROLE
        \t\t[ hsize HSIZE ]
        \t\t[ restart_count RESTART_COUNT ]

        Where:\tROLE\t\t:= { sgsn | ggsn }
        \tHSIZE\t\t:= 1-131071
        \tRESTART_COUNT\t:= 0-255
        """

    /// `gtp_parse_opt`: `IFLA_GTP_CREATE_SOCKETS` (5) first, then the role (4), hash size (3) and
    /// restart count (6, decimal) where read, each once; the role required, the hash size 1024
    /// when not given. ip 6.1 passes over a word it does not know (so does nlctl: the same request).
    static func gtp(_ words: inout Words, into data: inout NetlinkMessageBuilder) throws(CommandError) {
        var seen = Set<UInt16>()
        func once(_ attribute: UInt16, _ key: String, _ text: String) throws(CommandError) {
            if !seen.insert(attribute).inserted { throw CommandError.duplicateOrGarbage(key: key, text) }
        }
        try add { () throws(NetlinkEncodingError) in try data.appendAttribute(5, uint8: 1) }
        while let word = words.next() {
            switch word {
            case "role":
                let text = try words.argument(of: word)
                try once(4, "role", text)
                guard let role = ["sgsn": UInt32(1), "ggsn": 0][text] else { throw CommandError.invalidArgument(text, "invalid role, use sgsn or ggsn") }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(4, uint32: role, .host) }
            case "hsize":
                let text = try words.argument(of: word)
                try once(3, "hsize", text)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid PDP hash size") }
                guard value < 1 << 17 else { throw CommandError.invalidArgument(text, "PDP hash size too big") }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(3, uint32: value, .host) }
            case "restart_count":
                let text = try words.argument(of: word)
                try once(6, "restart_count", text)
                guard let value = LinkGRE.decimalByte(text) else { throw CommandError.invalidArgument(text, "invalid restart_count") }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(6, uint8: value) }
            case "help":
                throw CommandError(gtpUsage, status: 1)
            default:
                break
            }
        }
        if !seen.contains(4) { throw CommandError("gtp: role of the gtp device was not specified", status: 1) }
        if !seen.contains(3) { try add { () throws(NetlinkEncodingError) in try data.appendAttribute(3, uint32: 1024, .host) } }
    }

    static let amtUsage = """
        Usage: ... amt
                       [ discovery IP_ADDRESS ]
                       [ mode MODE ]
                       [ local ADDR ]
                       [ dev PHYS_DEV ]
                       [ relay_port PORT ]
                       [ gateway_port PORT ]
                       [ max_tunnels NUMBER ]

        Where: ADDR\t:= { IP_ADDRESS }
               MODE\t:= { gateway | relay }
        """

    /// `amt_parse_opt`: mode (1), relay and gateway ports (2, 3, big-endian), max_tunnels (8),
    /// dev (4), local (5) and discovery (7) addresses of either family (each once), where read.
    static func amt(_ words: inout Words, context: Context, into data: inout NetlinkMessageBuilder) async throws(CommandError) {
        var seen = Set<String>()
        while let word = words.next() {
            switch word {
            case "mode":
                let text = try words.argument(of: word)
                guard let mode = ["gateway": UInt32(0), "relay": 1][text] else { throw CommandError(amtUsage, status: 1) }
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(1, uint32: mode, .host) }
            case "relay_port", "gateway_port":
                let value = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: word))
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(word == "relay_port" ? 2 : 3, uint16: value, .bigEndian) }
            case "max_tunnels":
                let value = try words.number(of: word, reason: word)
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(8, uint32: value, .host) }
            case "dev":
                let index = try await EncapParse.deviceIndex(try words.argument(of: word), context: context)
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(4, uint32: index, .host) }
            case "local", "discovery":
                let text = try words.argument(of: word)
                if !seen.insert(word).inserted { throw CommandError.duplicateOrGarbage(key: word, text) }
                if ["any", "all", "default"].contains(text) { continue }
                let address = try RouteCommand.address(text, family: 0)
                try add { () throws(NetlinkEncodingError) in try data.appendAttribute(word == "local" ? 5 : 7, ip: address) }
            case "help":
                throw CommandError(amtUsage, status: 1)
            default:
                throw CommandError("amt: unknown command \"\(word)\"?\n" + amtUsage, status: 1)
            }
        }
    }

    // MARK: -d

    /// The top-level attributes of `data` by type (the first of each type, as ip's parse_rtattr).
    static func table(_ data: [UInt8]?) -> [UInt16: [UInt8]] {
        var table: [UInt16: [UInt8]] = [:]
        guard let data else { return table }
        var offset = 0
        while offset + 4 <= data.count {
            let length = Int(data[offset]) | Int(data[offset + 1]) << 8
            guard length >= 4, offset + length <= data.count else { break }
            let type = (UInt16(data[offset + 2]) | UInt16(data[offset + 3]) << 8) & 0x3FFF
            if table[type] == nil { table[type] = Array(data[(offset + 4)..<(offset + length)]) }
            offset += (length + 3) & ~3
        }
        return table
    }

    static func u16(_ bytes: [UInt8]) -> UInt16 { UInt16(bytes[0]) | UInt16(bytes[1]) << 8 }
    static func u32(_ bytes: [UInt8]) -> UInt32 { bytes.prefix(4).enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * $1.offset) } }

    /// `geneve_print_opt`.
    static func printGeneve(_ t: [UInt16: [UInt8]], printer: Printer) {
        if t[6] != nil { printer.field("external", .bool(true), text: "external ") }
        if let value = t[1], value.count >= 4 { printer.unsigned("id", UInt64(u32(value)), text: "id \(u32(value)) ") }
        if let value = t[2] {
            let bytes = Array((value + [0, 0, 0, 0]).prefix(4))
            if bytes != [0, 0, 0, 0] {
                let text = HostNames.text(.v4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3])))
                printer.string("remote", text, text: "remote \(text) ")
            }
        } else if let value = t[7] {
            let bytes = Array((value + [UInt8](repeating: 0, count: 16)).prefix(16))
            if bytes.contains(where: { $0 != 0 }) && bytes[0] != 0xFF, let address = IPv6Address(bytes: bytes) {
                let text = HostNames.text(.v6(address))
                printer.string("remote6", text, text: "remote \(text) ")
            }
        }
        if let value = t[12], value.first ?? 0 != 0 {
            printer.text("ttl inherit ")
        } else if let value = t[3] {
            let ttl = value.first ?? 0
            if printer.isJSON || ttl != 0 { printer.unsigned("ttl", UInt64(ttl), text: "ttl \(ttl) ") } else { printer.text("ttl auto ") }
        }
        let tos = t[4]?.first ?? 0
        if tos != 0 {
            if printer.isJSON || tos != 1 {
                printer.string("tos", LinkDetailsFormat.hex0x(UInt64(tos)), text: "tos \(LinkDetailsFormat.hex0x(UInt64(tos))) ")
            } else {
                printer.text("tos inherit ")
            }
        }
        if let value = t[13] {
            switch value.first ?? 0 {
            case 0: printer.json("df", .string("unset"))
            case 1: printer.string("df", "set", text: "df set ")
            case 2: printer.string("df", "inherit", text: "df inherit ")
            default: break
            }
        }
        if let value = t[11] {
            let label = u32(value).byteSwapped
            if label != 0 { printer.string("label", LinkDetailsFormat.hex0x(UInt64(label)), text: "flowlabel \(LinkDetailsFormat.hex0x(UInt64(label))) ") }
        }
        if let value = t[5], value.count >= 2 {
            let port = UInt16(value[0]) << 8 | UInt16(value[1])
            printer.unsigned("port", UInt64(port), text: "dstport \(port) ")
        }
        for (attribute, key, word) in [(UInt16(8), "udp_csum", "udpcsum"), (9, "udp_zero_csum6_tx", "udp6zerocsumtx"), (10, "udp_zero_csum6_rx", "udp6zerocsumrx")] {
            guard let value = t[attribute] else { continue }
            let on = (value.first ?? 0) != 0
            printer.field(key, .bool(on), text: (on ? "" : "no") + word + " ")
        }
        if t[14] != nil { printer.field("inner_proto_inherit", .bool(true), text: "innerprotoinherit ") }
    }

    /// `print_opt` of the kinds read here (`info_data` is open); `data` is `IFLA_INFO_DATA`.
    static func print(_ kind: String, _ data: [UInt8]?, links: [Int32: Link] = [:], printer: Printer) {
        guard data != nil else { return }
        let t = table(data)
        switch kind {
        case "vlan":
            if let value = t[5], value.count < 2 { return }
            guard let id = t[1], id.count >= 2 else { return }
            let name: String
            if let value = t[5] {
                let number = UInt16(value[0]) << 8 | UInt16(value[1])
                name = linkProtocolName(number)
            } else {
                name = "802.1q"
            }
            printer.string("protocol", name, text: "protocol \(name) ")
            printer.unsigned("id", UInt64(u16(id)), text: "id \(u16(id)) ")
            if let value = t[2] {
                guard value.count >= 8 else { return }
                var flags = u32(value)
                printer.openArray("flags")
                printer.text("<")
                for flag in [vlanFlags[0], vlanFlags[1], vlanFlags[2], vlanFlags[3], vlanFlags[4]] where flags & flag.bit != 0 {
                    flags &= ~flag.bit
                    printer.field(nil, .string(flag.name), text: flags != 0 ? flag.name + "," : flag.name)
                }
                if flags != 0 { printer.field(nil, .string(String(flags, radix: 16)), text: String(flags, radix: 16)) }
                printer.closeArray()
                printer.text("> ")
            }
            for (attribute, key, word) in [(UInt16(4), "ingress_qos", "ingress-qos-map"), (3, "egress_qos", "egress-qos-map")] {
                guard let map = t[attribute] else { continue }
                printer.openArray(key)
                printer.newline()
                printer.text("      \(word) { ")
                var offset = 0
                while offset + 4 <= map.count {
                    let length = Int(u16(Array(map[offset..<(offset + 2)])))
                    guard length >= 4, offset + length <= map.count else { break }
                    let payload = Array(map[(offset + 4)..<(offset + length)]) + [UInt8](repeating: 0, count: 8)
                    let from = u32(Array(payload[0..<4])), to = u32(Array(payload[4..<8]))
                    printer.openObject()
                    printer.json("from", .unsigned(UInt64(from)))
                    printer.json("to", .unsigned(UInt64(to)))
                    printer.text("\(from):\(to) ")
                    printer.closeObject()
                    offset += (length + 3) & ~3
                }
                printer.closeArray()
                printer.text("} ")
            }
        case "ipvlan", "ipvtap":
            if let value = t[1], value.count == 2 {
                let mode = ["l2", "l3", "l3s"].indices.contains(Int(u16(value))) ? ["l2", "l3", "l3s"][Int(u16(value))] : "unknown"
                printer.string("mode", mode, text: " mode \(mode) ")
            }
            if let value = t[2], value.count == 2 {
                let flags = u16(value)
                let name = flags & 1 != 0 ? "private" : flags & 2 != 0 ? "vepa" : "bridge"
                printer.field(name, .bool(true), text: name + " ")
            }
        case "vrf":
            if let value = t[1], value.count >= 4 { printer.unsigned("table", UInt64(u32(value)), text: "table \(u32(value)) ") }
        case "geneve":
            printGeneve(t, printer: printer)
        case "bareudp":
            if let value = t[1] {
                let port = UInt16(value.first ?? 0) << 8 | UInt16((value + [0, 0])[1])
                printer.unsigned("dstport", UInt64(port), text: "dstport \(port) ")
            }
            if let value = t[2] {
                let number = UInt16(value.first ?? 0) << 8 | UInt16((value + [0, 0])[1])
                let name = linkProtocolName(number)
                printer.string("ethertype", name, text: "ethertype \(name) ")
            }
            if let value = t[3] { printer.unsigned("srcportmin", UInt64(u16(value + [0, 0])), text: "srcportmin \(u16(value + [0, 0])) ") }
            if t[4] != nil { printer.field("multiproto", .bool(true), text: "multiproto ") } else { printer.field("multiproto", .bool(false), text: "nomultiproto ") }
        case "hsr":
            if let value = t[1], value.count < 4 { return }
            if let value = t[2], value.count < 4 { return }
            if let value = t[5], value.count < 2 { return }
            if let value = t[4], value.count < 6 { return }
            for (type, key) in [(UInt16(1), "slave1"), (2, "slave2")] {
                if let value = t[type] {
                    let index = u32(value)
                    let name = index == 0 ? "*" : links[Int32(bitPattern: index)]?.name ?? "if\(index)"
                    printer.string(key, name, text: "\(key) \(name) ")
                } else {
                    printer.field(key, .null, text: "\(key) <none> ")
                }
            }
            if let value = t[5] { printer.signed("seq_nr", Int64(u16(value)), text: "sequence \(u16(value)) ") }
            if let value = t[4] {
                let text = LinkFormat.hardwareAddress(value)
                printer.string("supervision_addr", text, text: "supervision \(text) ")
            }
            if let value = t[7] { printer.unsigned("proto", UInt64(value.first ?? 0), text: "proto \(value.first ?? 0) ") }
        case "gtp":
            if let value = t[4] {
                let role = [0: "ggsn", 1: "sgsn"][u32(value + [0, 0, 0, 0])] ?? "unknown"
                printer.string("role", role, text: "role \(role) ")
            }
            if let value = t[3] { printer.unsigned("hsize", UInt64(u32(value + [0, 0, 0, 0])), text: "hsize \(u32(value + [0, 0, 0, 0])) ") }
            if let value = t[6] { printer.unsigned("restart_count", UInt64(value.first ?? 0), text: "restart_count \(value.first ?? 0) ") }
        case "amt":
            if let value = t[1], u32(value + [0, 0, 0, 0]) < 2 {
                let mode = ["gateway", "relay"][Int(u32(value + [0, 0, 0, 0]))]
                printer.string("mode", mode, text: mode + " ")
            }
            for (type, key) in [(UInt16(3), "gateway_port"), (2, "relay_port")] {
                guard let value = t[type] else { continue }
                let port = UInt16(value.first ?? 0) << 8 | UInt16((value + [0, 0])[1])
                printer.unsigned(key, UInt64(port), text: "\(key) \(port) ")
            }
            for (type, key) in [(UInt16(5), "local"), (6, "remote"), (7, "discovery")] {
                guard let value = t[type] else { continue }
                let bytes = Array((value + [0, 0, 0, 0]).prefix(4))
                let text = HostNames.text(.v4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3])))
                printer.string(key, text, text: "\(key) \(text) ")
            }
            if let value = t[4] {
                let index = u32(value + [0, 0, 0, 0])
                let name = index == 0 ? "*" : links[Int32(bitPattern: index)]?.name ?? "if\(index)"
                printer.string("link", name, text: "dev \(name) ")
            }
            if let value = t[8] { printer.unsigned("max_tunnels", UInt64(u32(value + [0, 0, 0, 0])), text: "max_tunnels \(u32(value + [0, 0, 0, 0])) ") }
        case "rmnet":
            if let value = t[1], value.count >= 2 { printer.unsigned("mux_id", UInt64(u16(value)), text: "mux_id \(u16(value)) ") }
        case "wwan":
            if let value = t[1] { printer.unsigned("linkid", UInt64(u32(value + [0, 0, 0, 0])), text: "linkid \(u32(value + [0, 0, 0, 0])) ") }
        case "dsa":
            if let value = t[1] {
                let index = u32(value + [0, 0, 0, 0])
                let name = index == 0 ? "*" : links[Int32(bitPattern: index)]?.name ?? "if\(index)"
                printer.string("conduit", name, text: "conduit \(name) ")
            }
        case "ipoib":
            guard let key = t[1], key.count >= 2 else { return }
            let pkey = u16(key)
            let keyText = pkey == 0 ? "0000" : "0x" + String(repeating: "0", count: max(0, 4 - String(pkey, radix: 16).count)) + String(pkey, radix: 16)
            printer.string("key", keyText, text: "pkey \(keyText) ")
            guard let modeValue = t[2], modeValue.count >= 2 else { return }
            let mode = [0: "datagram", 1: "connected"][u16(modeValue)] ?? "unknown"
            printer.string("mode", mode, text: "mode \(mode) ")
            guard let umcastValue = t[3], umcastValue.count >= 2 else { return }
            let umcastDigits = String(u16(umcastValue), radix: 16)
            let umcast = String(repeating: "0", count: max(0, 4 - umcastDigits.count)) + umcastDigits
            printer.string("umcast", umcast, text: "umcast \(umcast) ")
        case "xfrm":
            if t[3] != nil {
                printer.field("external", .bool(true), text: "external ")
                return
            }
            if let value = t[2], value.count >= 4 {
                let text = LinkDetailsFormat.hex0x(UInt64(u32(value)))
                printer.string("if_id", text, text: "if_id \(text) ")
            }
        default:
            break
        }
    }
}
