import NetlinkCore
import NetlinkRoute

/// `nlctl link add NAME link DEV type macsec ARGS`: iproute2 6.1's `macsec_parse_opt`
/// (`ipmacsec.c`) — the secure channel (port, address and port, or SCI), cipher suite, ICV
/// length, the protection switches, replay window, validation, encoding SA, offload — with ip's
/// messages and statuses, sent as ip sends them. This kernel has no MACsec: the requests are
/// compared with ip's byte for byte, the `-d` line (`macsec_print_opt`) from golden bytes.
enum LinkMACsec {
    static let usage = """
        Usage: ... macsec [ [ address <lladdr> ] port { 1..2^16-1 } | sci <u64> ]
                          [ cipher { default | gcm-aes-128 | gcm-aes-256 | gcm-aes-xpn-128 | gcm-aes-xpn-256 } ]
                          [ icvlen { 8..16 } ]
                          [ encrypt { on | off } ]
                          [ send_sci { on | off } ]
                          [ end_station { on | off } ]
                          [ scb { on | off } ]
                          [ protect { on | off } ]
                          [ replay { on | off} window { 0..2^32-1 } ]
                          [ validate { strict | check | disabled } ]
                          [ encodingsa { 0..3 } ]
                          [ offload { mac | phy | off } ]
        """

    /// ip's `parse_one_of`: the first value the word abbreviates, or ip's message (status 1).
    static func oneOf(_ name: String, _ text: String, _ values: [String]) throws(CommandError) -> Int {
        if let index = values.firstIndex(where: { matches(text, $0) }) { return index }
        let listed = values.map { "\"\($0)\", " }.joined()
        throw CommandError("Error: argument of \"\(name)\" must be one of \(listed)not \"\(text)\"", status: 1)
    }

    static func parse(_ words: inout Words) throws(CommandError) -> LinkSettings.Kind {
        guard words.current != nil else { return .other("macsec", data: nil) }
        var data = NetlinkMessageBuilder()
        // The secure channel (ip's get_sci_portaddr, the port alone enough): sci, port, address.
        var sci: UInt64?, port: UInt16 = 0, address: [UInt8]?
        var portGiven = false
        while let word = words.current, ["sci", "port", "address"].contains(word) {
            _ = words.next()
            switch word {
            case "sci":
                if portGiven { throw CommandError.invalidArgument(word, "expected address") }
                if address != nil { throw CommandError.invalidArgument(word, "expected port") }
                let text = try words.argument(of: word)
                var digits = Substring(text)
                if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
                guard !digits.isEmpty, let value = UInt64(digits, radix: 16) else { throw CommandError.invalidArgument(text, "expected sci") }
                sci = value
            case "port":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "expected port") }
                guard value != 0 else { throw CommandError.invalidArgument(text, "expected port != 0") }
                port = UInt16(value)
                portGiven = true
            default:
                let text = try words.argument(of: word)
                let parsed: [UInt8]
                do throws(CommandError) {
                    parsed = try LinkModify.linkLayerAddress(text).bytes
                } catch {
                    throw CommandError(error.message + "\n" + CommandError.invalidArgument(text, "expected lladdr").message, status: 255)
                }
                address = Array((parsed.prefix(6) + [UInt8](repeating: 0, count: 6)).prefix(6))
            }
            if sci != nil || portGiven { break }
        }
        if portGiven, let address { sci = UInt64(bigEndianBytes: address + [UInt8(port >> 8), UInt8(port & 0xFF)]) }
        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in
            if let sci, sci != 0 {
                try data.appendAttribute(1, uint64: sci, .bigEndian)
            } else if portGiven || address != nil || sci != nil {
                try data.appendAttribute(2, uint16: port, .bigEndian)
            }
        }
        var cipher: UInt64 = 0, icvLength: UInt8 = 0, window: UInt32 = .max, replay: UInt8?, encodingSA: UInt8 = 0xFF
        var endStation = false, singleCopyBroadcast = false, sendSCI = false
        let switches: [String: UInt16] = ["encrypt": 7, "send_sci": 9, "end_station": 10, "scb": 11, "protect": 8]
        while let word = words.next() {
            switch word {
            case "cipher":
                let text = try words.argument(of: word)
                if cipher != 0 { throw CommandError.duplicate("cipher", text) }
                switch text {
                case "default": cipher = 0x0080_0200_0100_0001
                case "gcm-aes-128", "GCM-AES-128": cipher = 0x0080_C200_0100_0001
                case "gcm-aes-256", "GCM-AES-256": cipher = 0x0080_C200_0100_0002
                case "gcm-aes-xpn-128", "GCM-AES-XPN-128": cipher = 0x0080_C200_0100_0003
                case "gcm-aes-xpn-256", "GCM-AES-XPN-256": cipher = 0x0080_C200_0100_0004
                default:
                    throw CommandError.invalidArgument(text, "expected: default, gcm-aes-128, gcm-aes-256, gcm-aes-xpn-128 or gcm-aes-xpn-256")
                }
            case "icvlen":
                let text = try words.argument(of: word)
                if icvLength != 0 { throw CommandError.duplicate("icvlen", text) }
                guard let value = LinkGRE.decimalByte(text) else { throw CommandError.invalidArgument(text, "expected ICV length") }
                guard (8...16).contains(value) else { throw CommandError.invalidArgument(text, "ICV length must be in the range {8..16}") }
                icvLength = value
            case _ where switches[word] != nil:
                let text = try words.argument(of: word)
                let on = try oneOf(word, text, ["off", "on"]) == 1
                if word == "send_sci" { sendSCI = on } else if word == "end_station" { endStation = on } else if word == "scb" { singleCopyBroadcast = on }
                let attribute = switches[word]!
                try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try data.appendAttribute(attribute, uint8: on ? 1 : 0) }
            case "replay":
                let text = try words.argument(of: word)
                replay = try oneOf(word, text, ["off", "on"]) == 1 ? 1 : 0
            case "window":
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "expected replay window size") }
                window = value
            case "validate", "offload":
                let text = try words.argument(of: word)
                let value = UInt8(try oneOf(word, text, word == "validate" ? ["disabled", "check", "strict"] : ["off", "phy", "mac"]))
                try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try data.appendAttribute(word == "validate" ? 13 : 15, uint8: value) }
            case "encodingsa":
                if encodingSA != 0xFF { throw CommandError.duplicateOrGarbage(key: "encodingsa", "encodingsa") }
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 3 else { throw CommandError.invalidArgument(text, "expected an { 0..3 }") }
                encodingSA = UInt8(value)
            default:
                throw CommandError("macsec: unknown command \"\(word)\"?\n" + usage, status: 1)
            }
        }
        if (sendSCI && (endStation || singleCopyBroadcast)) || (endStation && singleCopyBroadcast) {
            throw CommandError("invalid combination of send_sci/end_station/scb", status: 1)
        }
        if window != .max && replay == nil {
            throw CommandError("replay window set, but replay protection not enabled. did you mean 'replay on window \(window)'?", status: 1)
        }
        if window == .max && replay == 1 {
            throw CommandError("replay protection enabled, but no window set. did you mean 'replay on window VALUE'?", status: 1)
        }
        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in
            if cipher != 0 { try data.appendAttribute(4, uint64: cipher, .host) }
            if icvLength != 0 { try data.appendAttribute(3, uint8: icvLength) }
            if let replay {
                try data.appendAttribute(5, uint32: window, .host)
                try data.appendAttribute(12, uint8: replay)
            }
            if encodingSA != 0xFF { try data.appendAttribute(6, uint8: encodingSA) }
        }
        return .other("macsec", data: data.bytes)
    }
}

extension LinkMACsec {
    /// `macsec_print_opt`: the SCI, the switches (`on`/`off`; JSON booleans under their attribute
    /// names), the cipher, ICV length, encoding SA, validation, offload and replay window.
    static func print(_ data: [UInt8]?, printer: Printer) {
        guard data != nil else { return }
        let t = LinkSmallKinds.table(data)
        func flag(_ name: String, _ type: UInt16) {
            guard let value = t[type] else { return }
            let on = (value.first ?? 0) != 0
            printer.field(name, .bool(on), text: "\(name) \(on ? "on" : "off") ")
        }
        if let value = t[1] {
            let digits = String(UInt64(bigEndianBytes: Array((value + [UInt8](repeating: 0, count: 8)).prefix(8))), radix: 16)
            let text = String(repeating: "0", count: max(0, 16 - digits.count)) + digits
            printer.string("sci", text, text: "sci \(text) ")
        }
        flag("protect", 8)
        if let value = t[4] {
            let id = Array((value + [UInt8](repeating: 0, count: 8)).prefix(8)).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            let names: [UInt64: String] = [0x0080_0200_0100_0001: "GCM-AES-128", 0x0080_C200_0100_0001: "GCM-AES-128", 0x0080_C200_0100_0002: "GCM-AES-256",
                                           0x0080_C200_0100_0003: "GCM-AES-XPN-128", 0x0080_C200_0100_0004: "GCM-AES-XPN-256"]
            let name = names[id] ?? "(unknown)"
            printer.string("cipher_suite", name, text: "cipher \(name) ")
        }
        if let value = t[3] { printer.unsigned("icv_len", UInt64(value.first ?? 0), text: "icvlen \(value.first ?? 0) ") }
        if let value = t[6] { printer.unsigned("encoding_sa", UInt64(value.first ?? 0), text: "encodingsa \(value.first ?? 0) ") }
        for (type, key, word, names) in [(UInt16(13), "validation", "validate", ["disabled", "check", "strict"]), (15, "offload", "offload", ["off", "phy", "mac"])] {
            guard let value = t[type] else { continue }
            let index = Int(value.first ?? 0)
            let name = index < names.count ? names[index] : "(unknown)"
            printer.string(key, name, text: "\(word) \(name) ")
        }
        flag("encrypt", 7)
        flag(printer.isJSON ? "inc_sci" : "send_sci", 9)
        flag(printer.isJSON ? "es" : "end_station", 10)
        flag("scb", 11)
        flag(printer.isJSON ? "replay_protect" : "replay", 12)
        if let value = t[5] {
            let window = Int32(bitPattern: LinkSmallKinds.u32(value + [0, 0, 0, 0]))
            printer.signed("window", Int64(window), text: "window \(window) ")
        }
    }
}

extension UInt64 {
    /// The number whose big-endian bytes are `bytes` (eight of them).
    init(bigEndianBytes bytes: [UInt8]) {
        self = bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
