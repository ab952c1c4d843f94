import NetlinkCore
import NetlinkRoute

/// `nlctl link add NAME type vxlan ARGS`: iproute2 6.1's VXLAN grammar (`vxlan_parse_opt`): the
/// same keywords tried in the same order (so the same abbreviations), the same checks and messages
/// and exit statuses, the same attributes.
enum LinkVXLAN {
    static let usage = """
        Usage: ... vxlan id VNI
        \t\t[ { group | remote } IP_ADDRESS ]
        \t\t[ local ADDR ]
        \t\t[ ttl TTL ]
        \t\t[ tos TOS ]
        \t\t[ df DF ]
        \t\t[ flowlabel LABEL ]
        \t\t[ dev PHYS_DEV ]
        \t\t[ dstport PORT ]
        \t\t[ srcport MIN MAX ]
        \t\t[ [no]learning ]
        \t\t[ [no]proxy ]
        \t\t[ [no]rsc ]
        \t\t[ [no]l2miss ]
        \t\t[ [no]l3miss ]
        \t\t[ ageing SECONDS ]
        \t\t[ maxaddress NUMBER ]
        \t\t[ [no]udpcsum ]
        \t\t[ [no]udp6zerocsumtx ]
        \t\t[ [no]udp6zerocsumrx ]
        \t\t[ [no]remcsumtx ] [ [no]remcsumrx ]
        \t\t[ [no]external ] [ gbp ] [ gpe ]
        \t\t[ [no]vnifilter ]

        Where:\tVNI\t:= 0-16777215
        \tADDR\t:= { IP_ADDRESS | any }
        \tTOS\t:= { NUMBER | inherit }
        \tTTL\t:= { 1..255 | auto | inherit }
        \tDF\t:= { unset | set | inherit }
        \tLABEL := 0-1048575
        """

    /// The keywords that switch an attribute on or off, in ip's order of tests, with `no` forms.
    private static var switches: [(word: String, path: WritableKeyPath<VXLANSettings, Bool?>, value: Bool, key: String)] { [
        ("noproxy", \.proxy, false, "proxy"), ("proxy", \.proxy, true, "proxy"),
        ("norsc", \.routeShortCircuit, false, "rsc"), ("rsc", \.routeShortCircuit, true, "rsc"),
        ("nol2miss", \.layer2Miss, false, "l2miss"), ("l2miss", \.layer2Miss, true, "l2miss"),
        ("nol3miss", \.layer3Miss, false, "l3miss"), ("l3miss", \.layer3Miss, true, "l3miss"),
        ("udpcsum", \.udpChecksum, true, "udpcsum"), ("noudpcsum", \.udpChecksum, false, "udpcsum"),
        ("udp6zerocsumtx", \.zeroChecksum6Transmit, true, "udp6zerocsumtx"),
        ("noudp6zerocsumtx", \.zeroChecksum6Transmit, false, "udp6zerocsumtx"),
        ("udp6zerocsumrx", \.zeroChecksum6Receive, true, "udp6zerocsumrx"),
        ("noudp6zerocsumrx", \.zeroChecksum6Receive, false, "udp6zerocsumrx"),
        ("remcsumtx", \.remoteChecksumTransmit, true, "remcsumtx"), ("noremcsumtx", \.remoteChecksumTransmit, false, "remcsumtx"),
        ("remcsumrx", \.remoteChecksumReceive, true, "remcsumrx"), ("noremcsumrx", \.remoteChecksumReceive, false, "remcsumrx"),
    ] }

    /// `creating` false: `link set ... type vxlan` (ip's `set_op`): no VNI needed, no port warning,
    /// learning sent only when given.
    static func parse(_ words: inout Words, context: Context, creating: Bool) async throws(CommandError) -> LinkSettings.Kind {
        var settings = VXLANSettings()
        var given: Set<String> = []  // ip's `attrs`: each attribute once
        var learning = true

        func once(_ key: String, _ word: String, _ argument: String) throws(CommandError) {
            guard given.insert(key).inserted else { throw CommandError.duplicateOrGarbage(key: word, argument) }
        }
        func family(of address: IPAddress?) -> AddressFamily {
            switch address {
            case .v4?: 2
            case .v6?: 10
            case nil: 0
            }
        }

        while let word = words.next() {
            if matches(word, "id") || matches(word, "vni") {
                let text = try words.argument(of: word)
                try once("id", "id", text)
                guard let value = InetText.unsigned(text), value < 1 << 24 else { throw CommandError.invalidArgument(text, "invalid id") }
                settings.id = value
            } else if matches(word, "group") {
                if let remote = settings.remote, !isMulticast(remote) { throw bothGroupAndRemote }
                let text = try words.argument(of: word)
                try once("group", "group", text)
                settings.remote = try endpoint(text, family: family(of: settings.local), multicast: true, role: "group")
            } else if matches(word, "remote") {
                if let remote = settings.remote, isMulticast(remote) { throw bothGroupAndRemote }
                let text = try words.argument(of: word)
                try once("group", "remote", text)
                settings.remote = try endpoint(text, family: family(of: settings.local), multicast: false, role: "remote")
            } else if matches(word, "local") {
                let text = try words.argument(of: word)
                try once("local", "local", text)
                settings.local = try endpoint(text, family: family(of: settings.remote), multicast: false, role: "local")
            } else if matches(word, "dev") {
                let text = try words.argument(of: word)
                try once("dev", "dev", text)
                guard let index = try await context.index(ofLink: text) else {
                    throw CommandError("Cannot find device \"\(text)\"", status: 255)
                }
                settings.deviceIndex = UInt32(index)
            } else if matches(word, "ttl") || matches(word, "hoplimit") {
                let text = try words.argument(of: word)
                try once("ttl", "ttl", text)
                if text == "inherit" {
                    settings.ttlInherit = true
                } else if text == "auto" {
                    settings.ttl = 0
                } else {
                    guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid TTL") }
                    guard value <= 255 else { throw CommandError.invalidArgument(text, "TTL must be <= 255") }
                    settings.ttl = UInt8(value)
                }
            } else if matches(word, "tos") || matches(word, "dsfield") {
                let text = try words.argument(of: word)
                try once("tos", "tos", text)
                if text == "inherit" {
                    settings.tos = 1
                } else {
                    guard let value = RouteCommand.parseDSField(text) else { throw CommandError.invalidArgument(text, "bad TOS value") }
                    settings.tos = value
                }
            } else if matches(word, "df") {
                let text = try words.argument(of: word)
                try once("df", "df", text)
                switch text {
                case "unset": settings.dontFragment = .unset
                case "set": settings.dontFragment = .set
                case "inherit": settings.dontFragment = .inherit
                default: throw CommandError.invalidArgument(text, "DF must be 'unset', 'set' or 'inherit'")
                }
            } else if matches(word, "label") || matches(word, "flowlabel") {
                let text = try words.argument(of: word)
                try once("flowlabel", "flowlabel", text)
                guard let value = InetText.unsigned(text), value <= 0xFFFFF else { throw CommandError.invalidArgument(text, "invalid flowlabel") }
                settings.flowLabel = value
            } else if matches(word, "ageing") {
                let text = try words.argument(of: word)
                try once("ageing", "ageing", text)
                guard let value = text == "none" ? 0 : InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "ageing timer") }
                settings.ageing = value
            } else if matches(word, "maxaddress") {
                let text = try words.argument(of: word)
                try once("maxaddress", "maxaddress", text)
                guard let value = text == "unlimited" ? 0 : InetText.unsigned(text) else {
                    throw CommandError.invalidArgument(text, "max addresses")
                }
                settings.addressLimit = value
            } else if matches(word, "port") || matches(word, "srcport") {
                let lowText = try words.argument(of: word)
                try once("srcport", "srcport", lowText)
                guard let low = InetText.unsigned(lowText), low <= 0xFFFF else { throw CommandError.invalidArgument(lowText, "min port") }
                let highText = try words.argument(of: word)
                guard let high = InetText.unsigned(highText), high <= 0xFFFF else { throw CommandError.invalidArgument(highText, "max port") }
                if low != 0 || high != 0 { settings.sourcePorts = (UInt16(low), UInt16(high)) }
            } else if matches(word, "dstport") {
                let text = try words.argument(of: word)
                try once("dstport", "dstport", text)
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "dst port") }
                settings.port = UInt16(value)
            } else if matches(word, "nolearning") || matches(word, "learning") {
                try once("learning", word, word)
                learning = !matches(word, "nolearning")
            } else if let entry = switches.first(where: { matches(word, $0.word) }) {
                try once(entry.key, word, word)
                settings[keyPath: entry.path] = entry.value
            } else if matches(word, "external") || matches(word, "noexternal") {
                try once("external", word, word)
                settings.collectMetadata = matches(word, "external")
                if settings.collectMetadata == true { learning = false }
            } else if matches(word, "vnifilter") || matches(word, "novnifilter") {
                try once("vnifilter", word, word)
                settings.vniFilter = matches(word, "vnifilter")
            } else if matches(word, "gbp") {
                try once("gbp", word, word)
                settings.groupPolicy = true
            } else if matches(word, "gpe") {
                try once("gpe", word, word)
                settings.genericProtocolExtension = true
            } else if matches(word, "help") {
                throw CommandError(usage, status: 1)
            } else {
                throw CommandError("vxlan: unknown command \"\(word)\"?\n" + usage, status: 1)
            }
        }

        let metadata = settings.collectMetadata == true, vniFilter = settings.vniFilter == true
        if !metadata && vniFilter { throw CommandError("vxlan: vnifilter is valid only when 'external' is set", status: 1) }
        if metadata && settings.id != nil { throw CommandError("vxlan: both 'external' and vni cannot be specified", status: 1) }
        if !metadata && !vniFilter && settings.id == nil && creating { throw CommandError("vxlan: missing virtual network identifier", status: 1) }
        if let remote = settings.remote, isMulticast(remote), settings.deviceIndex == nil {
            throw CommandError("vxlan: 'group' requires 'dev' to be specified", status: 1)
        }
        if settings.port == nil {
            if settings.genericProtocolExtension {
                settings.port = 4790
            } else if creating {
                printError("""
                    vxlan: destination port not specified
                    Will use Linux kernel default (non-standard value)
                    Use 'dstport 4789' to get the IANA assigned value
                    Use 'dstport 0' to get default and quiet this message
                    """)
            }
        }
        if settings.port == 0 { settings.port = nil }  // ip sends no port for 0: the kernel's default
        if creating || given.contains("learning") { settings.learning = learning }
        return .vxlan(settings)
    }

    static var bothGroupAndRemote: CommandError {
        CommandError("vxlan: both group and remote cannot be specified", status: 1)
    }

    /// The address of `group`, `remote` or `local` (`role`): ip's `get_addr` (of `family`, the
    /// other end's), then multicast for a group and unicast otherwise. `any`, `all` and `default`
    /// pass `get_addr` (no address) and are then refused as not an IP address.
    static func endpoint(_ text: String, family: AddressFamily, multicast: Bool, role: String) throws(CommandError) -> IPAddress {
        let invalid = CommandError.invalidArgument(text, "invalid \(role) address")
        if text == "any" || text == "all" || text == "default" { throw invalid }
        let address = try RouteCommand.address(text, family: family)
        guard isMulticast(address) == multicast else { throw invalid }
        return address
    }

    /// IPv4 224.0.0.0/4 or IPv6 ff00::/8.
    static func isMulticast(_ address: IPAddress) -> Bool {
        address.bytes[0] & (address.bytes.count == 4 ? 0xF0 : 0xFF) == (address.bytes.count == 4 ? 0xE0 : 0xFF)
    }
}
