import NetlinkCore
import NetlinkRoute

/// ip 6.1's `lwt_print_encap` (`iproute_lwtunnel.c`): a route's, a multipath hop's or a nexthop
/// object's lightweight tunnel — ` encap TYPE ` and the type's parameters — in text and JSON.
/// The parameters are the attributes nested in `RTA_ENCAP` / `NHA_ENCAP`, read here as ip reads
/// them (the first of each type).
enum EncapFormat {
    static let typeNames: [UInt16: String] = [
        1: "mpls", 2: "ip", 3: "ila", 4: "ip6", 5: "seg6", 6: "bpf", 7: "seg6local", 8: "rpl", 9: "ioam6", 10: "xfrm",
    ]

    /// ip's `parse_rtattr`: type → payload, the first of each type kept. Types are not masked:
    /// like ip, an attribute with `NLA_F_NESTED` or `NLA_F_NET_BYTEORDER` set is not the plain type
    /// (the kernel sets neither on these nests).
    static func attributes(_ bytes: [UInt8]) -> [UInt16: [UInt8]] {
        var table: [UInt16: [UInt8]] = [:]
        var offset = 0
        while offset + 4 <= bytes.count {
            let length = Int(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
            let type = UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8
            guard length >= 4, offset + length <= bytes.count else { break }
            if table[type] == nil { table[type] = Array(bytes[(offset + 4)..<(offset + length)]) }
            offset += (length + 3) & ~3
        }
        return table
    }

    static func integer<T: FixedWidthInteger>(_ bytes: [UInt8]?, as _: T.Type = T.self) -> T {
        guard let bytes else { return 0 }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { raw in for (index, byte) in bytes.prefix(MemoryLayout<T>.size).enumerated() { raw[index] = byte } }
        return value
    }

    /// `rt_addr_n2a`: 4 bytes an IPv4 address, 16 an IPv6 one.
    static func address(_ bytes: [UInt8]?) -> String {
        guard let bytes else { return "" }
        if bytes.count == 4 { return IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]).description }
        if bytes.count == 16, let v6 = IPv6Address(bytes: bytes) { return v6.description }
        return "???"
    }

    /// `mpls_ntop`: the labels of a stack, `/` between them, to the bottom-of-stack entry.
    static func mplsLabels(_ bytes: [UInt8]) -> String {
        var labels: [String] = []
        var offset = 0
        while offset + 4 <= bytes.count {
            let entry = UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
            labels.append(String(entry >> 12))
            if entry & 0x100 != 0 { break }
            offset += 4
        }
        return labels.joined(separator: "/")
    }

    static func print(type: UInt16?, _ data: [UInt8]?, printer: Printer, links: [Int32: Link], statistics: Bool) {
        guard let type else { return }
        let name = typeNames[type] ?? "unknown"
        printer.string("encap", name, text: " encap \(name) ")
        let table = attributes(data ?? [])
        switch type {
        case 1:
            if let destination = table[1] { printer.string("dst", mplsLabels(destination), text: " \(mplsLabels(destination)) ") }
            if let ttl = table[2] { printer.unsigned("ttl", UInt64(integer(ttl, as: UInt8.self)), text: "ttl \(integer(ttl, as: UInt8.self)) ") }
        case 2, 4:
            tunnel(table, v6: type == 4, printer: printer)
        case 3:
            ila(table, printer: printer)
        case 5:
            guard let info = table[1], info.count >= 4 else { return }
            let modes = ["inline", "encap", "l2encap", "encap.red", "l2encap.red"]
            let mode = Int(integer(info, as: Int32.self))
            let modeName = mode >= 0 && mode < modes.count ? modes[mode] : "<unknown>"
            printer.string("mode", modeName, text: "mode \(modeName) ")
            segmentRoutingHeader(Array(info.dropFirst(4)), printer: printer)
        case 6:
            for (attribute, key) in [(UInt16(1), "in"), (2, "out"), (3, "xmit")] {
                if let program = table[attribute] { bpfProgram(program, key: key, printer: printer) }
            }
            if let headroom = table[4] { printer.unsigned("headroom", UInt64(integer(headroom, as: UInt32.self)), text: " \(integer(headroom, as: UInt32.self)) ") }
        case 7:
            seg6Local(table, printer: printer, links: links, statistics: statistics)
        case 8:
            guard let header = table[1], header.count >= 8 else { return }
            let left = Int(header[3])
            printer.text("segs \(left) [ ")
            printer.openArray("segs")
            for index in stride(from: left - 1, through: 0, by: -1) where 8 + index * 16 + 16 <= header.count {
                let segment = address(Array(header[(8 + index * 16)..<(8 + index * 16 + 16)]))
                printer.colored(.inet6) { printer.field(nil, .string(segment), text: segment + " ") }
            }
            printer.closeArray()
            printer.text("] ")
        case 9:
            ioam6(table, printer: printer)
        case 10:
            if let id = table[1] { printer.unsigned("if_id", UInt64(integer(id, as: UInt32.self)), text: "if_id \(integer(id, as: UInt32.self)) ") }
            if let link = table[2] {
                let index = integer(link, as: Int32.self)
                let name = links[index]?.name ?? "if\(index)"
                printer.string("link_dev", name, text: "link_dev \(name) ")
            }
        default:
            break
        }
    }

    /// `print_encap_ip` / `print_encap_ip6`: id (big-endian), src, dst, ttl or hoplimit, tos or tc,
    /// the key/csum/seq flags, and the geneve/vxlan/erspan options.
    static func tunnel(_ table: [UInt16: [UInt8]], v6: Bool, printer: Printer) {
        if let id = table[1] {
            let value = UInt64(bigEndian: integer(id, as: UInt64.self))
            printer.unsigned("id", value, text: "id \(value) ")
        }
        for (attribute, key) in [(UInt16(3), "src"), (2, "dst")] {
            // ip colours the whole "src ADDRESS " (COLOR_INET, COLOR_INET6 for ip6).
            if let bytes = table[attribute] {
                printer.colored(v6 ? .inet6 : .inet) { printer.string(key, address(bytes), text: "\(key) \(address(bytes)) ") }
            }
        }
        // ip: LWTUNNEL_IP_TTL 4 and TOS 5; LWTUNNEL_IP6_HOPLIMIT 4 and TC 5.
        if let hop = table[4] { printer.unsigned(v6 ? "hoplimit" : "ttl", UInt64(integer(hop, as: UInt8.self)), text: "\(v6 ? "hoplimit" : "ttl") \(integer(hop, as: UInt8.self)) ") }
        if let tos = table[5] { printer.unsigned(v6 ? "tc" : "tos", UInt64(integer(tos, as: UInt8.self)), text: "\(v6 ? "tc" : "tos") \(integer(tos, as: UInt8.self)) ") }
        if let flags = table[6] {
            // TUNNEL_CSUM 0x01, TUNNEL_KEY 0x04, TUNNEL_SEQ 0x08 (big-endian bits in a host u16, as ip reads them).
            let value = integer(flags, as: UInt16.self)
            for (bit, key) in [(UInt16(0x0400), "key"), (0x0100, "csum"), (0x0800, "seq")] where value & bit != 0 {
                printer.field(key, .bool(true), text: key + " ")
            }
        }
        if let options = table[8] { tunnelOptions(attributes(options), printer: printer) }
    }

    static func tunnelOptions(_ table: [UInt16: [UInt8]], printer: Printer) {
        if let geneve = table[1] {
            printer.newline()
            printer.text("\tgeneve_opts ")
            printer.openArray("geneve_opts")
            var rest = geneve
            while !rest.isEmpty {
                let option = attributes(rest)
                let data = option[3] ?? []
                let consumed = data.count + 20
                rest = consumed < rest.count ? Array(rest[consumed...]) : []
                printer.openObject()
                let optionClass = UInt16(bigEndian: integer(option[1], as: UInt16.self))
                printer.unsigned("class", UInt64(optionClass), text: "\(optionClass)")
                printer.unsigned("type", UInt64(integer(option[2], as: UInt8.self)), text: ":\(integer(option[2], as: UInt8.self))")
                let hex = data.map { String($0, radix: 16, uppercase: false).leftPadded(2) }.joined()
                printer.string("data", hex, text: ":\(hex)" + (rest.isEmpty ? " " : ","))
                printer.closeObject()
            }
            printer.closeArray()
        } else if let vxlan = table[2] {
            printer.newline()
            printer.text("\tvxlan_opts ")
            printer.openArray("vxlan_opts")
            printer.openObject()
            let gbp = integer(attributes(vxlan)[1], as: UInt32.self)
            printer.unsigned("gbp", UInt64(gbp), text: "\(gbp) ")
            printer.closeObject()
            printer.closeArray()
        } else if let erspan = table[3] {
            let option = attributes(erspan)
            let version = integer(option[1], as: UInt8.self)
            let index = version == 1 ? UInt32(bigEndian: integer(option[2], as: UInt32.self)) : 0
            let direction = version == 1 ? 0 : integer(option[3], as: UInt8.self)
            let hardware = version == 1 ? 0 : integer(option[4], as: UInt8.self)
            printer.newline()
            printer.text("\terspan_opts ")
            printer.openArray("erspan_opts")
            printer.openObject()
            printer.unsigned("ver", UInt64(version), text: "\(version)")
            printer.unsigned("index", UInt64(index), text: ":\(index)")
            printer.unsigned("dir", UInt64(direction), text: ":\(direction)")
            printer.unsigned("hwid", UInt64(hardware), text: ":\(hardware) ")
            printer.closeObject()
            printer.closeArray()
        }
    }

    /// `print_encap_ila`: the locator as four 16-bit groups, and the modes by name.
    static func ila(_ table: [UInt16: [UInt8]], printer: Printer) {
        if let locator = table[1], locator.count >= 8 {
            let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(locator[$0]) << 8 | UInt16(locator[$0 + 1]), radix: 16) }
            let text = groups.joined(separator: ":")
            printer.string("locator", text, text: " \(text) ")
        }
        let checksumModes = [0: "adj-transport", 1: "neutral-map", 2: "no-action", 3: "neutral-map-auto"]
        let identifierTypes = [0: "iid", 1: "luid", 2: "virt-v4", 3: "virt-uni-v6", 4: "virt-multi-v6", 5: "nonlocal-addr", 32: "use-format"]
        let hookTypes = [0: "output", 1: "input"]
        // ILA_ATTR_CSUM_MODE 7, ILA_ATTR_IDENT_TYPE 8, ILA_ATTR_HOOK_TYPE 9.
        for (attribute, key, label, names) in [
            (UInt16(7), "csum_mode", "csum-mode", checksumModes), (8, "ident_type", "ident-type", identifierTypes), (9, "hook_type", "hook-type", hookTypes),
        ] {
            guard let value = table[attribute] else { continue }
            let name = names[Int(integer(value, as: UInt8.self))] ?? "unknown"
            printer.string(key, name, text: " \(label) \(name) ")
        }
    }

    /// `print_srh`: the segments, last first, and the HMAC key ID when the header has one.
    static func segmentRoutingHeader(_ header: [UInt8], printer: Printer) {
        guard header.count >= 8 else { return }
        let first = Int(header[4])
        if !printer.isJSON { printer.text("segs \(first + 1) [ ") }
        printer.openArray("segs")
        for index in stride(from: first, through: 0, by: -1) where 8 + index * 16 + 16 <= header.count {
            let segment = address(Array(header[(8 + index * 16)..<(8 + index * 16 + 16)]))
            printer.colored(.inet6) { printer.field(nil, .string(segment), text: segment + " ") }
        }
        printer.closeArray()
        if !printer.isJSON { printer.text("] ") }
        // SR6_FLAG1_HMAC (0x08 in flags): the HMAC TLV after the segments.
        if header[5] & 0x08 != 0 {
            let offset = ((Int(header[1]) + 1) << 3) - 40
            // A header too short for its own HMAC TLV (hdrlen under 4) names nothing to read.
            if offset >= 0, offset + 8 <= header.count {
                let key = UInt32(header[offset + 4]) << 24 | UInt32(header[offset + 5]) << 16 | UInt32(header[offset + 6]) << 8 | UInt32(header[offset + 7])
                // print_0xhex: `%llX` in text, `%#llx` in JSON.
                printer.field("hmac", .string(key == 0 ? "0" : "0x" + String(key, radix: 16)), text: "hmac \(String(key, radix: 16, uppercase: true)) ")
            }
        }
    }

    static func bpfProgram(_ bytes: [UInt8], key: String, printer: Printer) {
        let table = attributes(bytes)
        let name = table[2].map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if printer.isJSON {
            printer.json(key, .string(name ?? "<unknown>"))
        } else {
            printer.text("\(key) ")
            if let name { printer.text("\(name) ") }
        }
    }

    static func ioam6(_ table: [UInt16: [UInt8]], printer: Printer) {
        // IOAM6_IPTUNNEL_MODE 1, DST 2, TRACE 3, FREQ_K 4, FREQ_N 5.
        guard let mode = table[1], let trace = table[3], let k = table[4], let n = table[5] else { return }
        let frequencyK = integer(k, as: UInt32.self), frequencyN = integer(n, as: UInt32.self)
        printer.unsigned("freqk", UInt64(frequencyK), text: "freq \(frequencyK)")
        printer.unsigned("freqn", UInt64(frequencyN), text: "/\(frequencyN) ")
        let modeValue = integer(mode, as: UInt8.self)
        if table[2] == nil && modeValue != 1 { return }
        let modes = [1: "inline", 2: "encap", 3: "auto"]
        printer.string("mode", modes[Int(modeValue)] ?? "<unknown>", text: "mode \(modes[Int(modeValue)] ?? "<unknown>") ")
        if modeValue != 1 { printer.string("tundst", address(table[2]), text: "tundst \(address(table[2])) ") }
        guard trace.count >= 8 else { return }
        printer.field("trace", .null, text: "trace ")
        printer.field("prealloc", .null, text: "prealloc ")
        // struct ioam6_trace_hdr: namespace_id (be16), nodelen/overflow, remlen (7 bits), type_be32.
        let type = (UInt32(trace[4]) << 24 | UInt32(trace[5]) << 16 | UInt32(trace[6]) << 8 | UInt32(trace[7])) >> 8
        // ip's print_hex: `%#08x` in text, the bare hex digits in JSON.
        printer.field("type", .string(String(type, radix: 16)), text: "type \(hexType(type)) ")
        let namespace = UInt16(trace[0]) << 8 | UInt16(trace[1])
        printer.unsigned("ns", UInt64(namespace), text: "ns \(namespace) ")
        let size = UInt64(trace[3] & 0x7F) * 4
        printer.unsigned("size", size, text: "size \(size) ")
    }

    /// C's `%#08x`: `0x` and at least 6 digits (8 characters in all), `0` alone for zero.
    static func hexType(_ value: UInt32) -> String {
        if value == 0 { return "00000000" }
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    static func seg6Local(_ table: [UInt16: [UInt8]], printer: Printer, links: [Int32: Link], statistics: Bool) {
        guard let actionBytes = table[1] else { return }
        let names = [1: "End", 2: "End.X", 3: "End.T", 4: "End.DX2", 5: "End.DX6", 6: "End.DX4", 7: "End.DT6", 8: "End.DT4",
                     9: "End.B6", 10: "End.B6.Encaps", 11: "End.BM", 12: "End.S", 13: "End.AS", 14: "End.AM", 15: "End.BPF", 16: "End.DT46"]
        let action = Int(integer(actionBytes, as: UInt32.self))
        let name = action > 16 || action < 0 ? "<invalid>" : names[action] ?? "<unknown>"
        printer.string("action", name, text: "action \(name) ")
        if let header = table[2] {
            printer.openObject("srh")
            segmentRoutingHeader(header, printer: printer)
            printer.closeObject()
        }
        // SEG6_LOCAL_TABLE 3 ... SEG6_LOCAL_VRFTABLE 9, COUNTERS 10, FLAVORS 11.
        for (attribute, key) in [(UInt16(3), "table"), (9, "vrftable")] {
            if let value = table[attribute] {
                let tableName = Names.tables.name(integer(value, as: UInt32.self))
                printer.string(key, tableName, text: "\(key) \(tableName) ")
            }
        }
        for (attribute, key) in [(UInt16(4), "nh4"), (5, "nh6")] {
            if let value = table[attribute] { printer.string(key, address(value), text: "\(key) \(address(value)) ") }
        }
        for (attribute, key) in [(UInt16(6), "iif"), (7, "oif")] {
            if let value = table[attribute] {
                let index = integer(value, as: Int32.self)
                let linkName = links[index]?.name ?? "if\(index)"
                printer.string(key, linkName, text: "\(key) \(linkName) ")
            }
        }
        if let program = table[8] { bpfProgram(program, key: "endpoint", printer: printer) }
        if let counters = table[10], statistics {
            // SEG6_LOCAL_CNT_PACKETS 2, BYTES 3, ERRORS 4.
            let values = attributes(counters)
            let packets = integer(values[2], as: UInt64.self), bytes = integer(values[3], as: UInt64.self), errors = integer(values[4], as: UInt64.self)
            if printer.isJSON {
                printer.openObject("stats64")
                printer.json("packets", .unsigned(packets))
                printer.json("bytes", .unsigned(bytes))
                printer.json("errors", .unsigned(errors))
                printer.closeObject()
            } else {
                printer.text("packets \(packets) bytes \(bytes) errors \(errors) ")
            }
        }
        if let flavors = table[11] {
            let values = attributes(flavors)
            if let operation = values[1] {
                let mask = integer(operation, as: UInt32.self)
                let flavorNames = [1: "psp", 2: "usp", 3: "usd", 4: "next-csid"]
                let shown = (0...4).filter { mask & (1 << $0) != 0 }.compactMap { flavorNames[$0] }
                if printer.isJSON {
                    printer.openArray("flavors")
                    for flavor in shown { printer.json(nil, .string(flavor)) }
                    printer.closeArray()
                } else {
                    printer.text("flavors \(shown.joined(separator: ",")) ")
                }
            }
            for (attribute, key) in [(UInt16(2), "lblen"), (3, "nflen")] {
                if let value = values[attribute] {
                    let number = UInt64(integer(value, as: UInt8.self))
                    printer.field(key, .unsigned(number), text: "\(key) \(number) ")
                }
            }
        }
    }
}

extension String {
    /// Zeros before the text up to `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
