import NetlinkCore
import NetlinkRoute

/// ip 6.1's `lwt_parse_encap` for `route add ... encap TYPE ...`: the words of `ip`, `ip6` and
/// `mpls` encapsulations read as ip reads them (its errors, its duplicate checks; a word the type
/// does not know ends it and goes back to the route), encoded as the attributes nested in
/// `RTA_ENCAP`. This kernel makes `ip` and `ip6` tunnels; it refuses `mpls` with its own error.
/// The other types, and the tunnel options, are refused here (not yet built), never ignored.
enum EncapParse {
    static let types: [String: UInt16] = [
        "mpls": 1, "ip": 2, "ila": 3, "ip6": 4, "seg6": 5, "bpf": 6, "seg6local": 7, "rpl": 8, "ioam6": 9, "xfrm": 10,
    ]

    /// Reads `TYPE ARGS...` after the word `encap`; returns the type and the nested attributes.
    static func parse(_ words: inout Words) throws(CommandError) -> (type: UInt16, attributes: [UInt8]) {
        let typeName = try words.argument(of: "encap")
        guard let type = types[typeName] else { throw CommandError.invalidArgument(typeName, "\"encap type\" value is invalid\n") }
        guard words.current != nil else { throw CommandError.incomplete }
        guard words.remaining.count > 1 else { throw CommandError("Error: unexpected end of line after \"encap\"", status: 255) }
        var builder = NetlinkMessageBuilder()
        switch type {
        case 1: try mpls(&words, into: &builder)
        case 2, 4: try tunnel(&words, v6: type == 4, into: &builder)
        default: throw CommandError("Error: \"encap \(typeName)\" is not supported by nlctl yet.", status: 255)
        }
        return (type, builder.bytes)
    }

    static func mpls(_ words: inout Words, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        let text = words.next() ?? ""
        guard let labels = mplsLabels(text) else { throw CommandError("Error: mpls address is expected rather than \"\(text)\".", status: 1, endsBatch: true) }
        try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, bytes: labels) }
        var ttlGiven = false
        while words.current == "ttl" {
            _ = words.next()
            let value = try words.argument(of: "ttl")
            if ttlGiven { throw CommandError.duplicateOrGarbage(key: "ttl", value) }
            ttlGiven = true
            guard let ttl = InetText.unsigned(value), ttl <= 255 else { throw CommandError.invalidArgument(value, "\"ttl\" value is invalid\n") }
            try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(2, uint8: UInt8(ttl)) }
        }
    }

    /// `mpls_pton`: labels of 20 bits separated by `/`, the last with the bottom-of-stack bit.
    static func mplsLabels(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 30 else { return nil }
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            guard let label = InetText.unsigned(String(part)), label < 1 << 20 else { return nil }
            let entry = label << 12 | (index == parts.count - 1 ? 0x100 : 0)
            bytes += [UInt8(entry >> 24), UInt8(entry >> 16 & 0xFF), UInt8(entry >> 8 & 0xFF), UInt8(entry & 0xFF)]
        }
        return bytes
    }

    /// `parse_encap_ip` / `parse_encap_ip6`: id, dst, src, tos/tc, ttl/hoplimit and the key, csum
    /// and seq flags, each at most once, in the order given; the flags last.
    static func tunnel(_ words: inout Words, v6: Bool, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        let family: AddressFamily = v6 ? 10 : 2
        let hopWord = v6 ? "hoplimit" : "ttl", classWord = v6 ? "tc" : "tos"
        var seen = Set<String>()
        var flags: UInt16 = 0
        while let word = words.current {
            let flag: UInt16? = ["key": 0x0400, "csum": 0x0100, "seq": 0x0800][word]
            guard flag != nil || ["id", "dst", "src", hopWord, classWord, "geneve_opts", "vxlan_opts", "erspan_opts"].contains(word) else { break }
            _ = words.next()
            if let flag {
                if !seen.insert(word).inserted { throw CommandError.duplicateOrGarbage(key: word, word) }
                flags |= flag
                continue
            }
            let key = word.hasSuffix("_opts") ? "opts" : word
            if word.hasSuffix("_opts"), seen.contains("opts") { throw CommandError.duplicateOrGarbage(key: "opts", word) }
            let value = try words.argument(of: word)
            if !seen.insert(key).inserted { throw CommandError.duplicateOrGarbage(key: key, value) }
            switch word {
            case "id":
                guard let id = InetText.unsigned64(value) else { throw CommandError.invalidArgument(value, "\"id\" value is invalid\n") }
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, uint64: id, .bigEndian) }
            case "dst", "src":
                let address = try RouteCommand.address(value, family: family)
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(word == "dst" ? 2 : 3, ip: address) }
            case hopWord:
                guard let hops = InetText.unsigned(value), hops <= 255 else { throw CommandError.invalidArgument(value, "\"\(word)\" value is invalid\n") }
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(4, uint8: UInt8(hops)) }
            case classWord:
                guard let tos = RouteCommand.parseDSField(value) else { throw CommandError.invalidArgument(value, "\"\(word)\" value is invalid\n") }
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(5, uint8: tos) }
            default:
                throw CommandError("Error: \"\(word)\" is not supported by nlctl yet.", status: 255)
            }
        }
        if flags != 0 { try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(6, uint16: flags, .host) } }
    }

    static func encode(_ body: () throws(NetlinkEncodingError) -> Void) throws(CommandError) {
        do throws(NetlinkEncodingError) {
            try body()
        } catch {
            throw CommandError("Error: cannot encode the encapsulation: \(error)", status: 255)
        }
    }
}
