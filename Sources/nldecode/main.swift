// nldecode: decodes a captured rtnetlink dump and prints every message.
//
//   swift run nldecode Examples/captures/links.nldump
//   swift run nldecode --summary Examples/captures/routes.nldump
//
// A capture is a sequence of datagrams, each preceded by its length as a 4-byte little-endian
// integer (scripts/capture-example.py writes them). This example uses NetlinkCore only: no socket,
// no privileges. The socket-based `nlctl` of the next milestones replaces it.
import NetlinkCore

#if canImport(Glibc)
import Glibc
#endif

/// Just enough of rtnetlink's vocabulary to make the dump readable.
struct RouteSchema: NetlinkFamilySchema {
    static let names: [UInt16: String] = [
        16: "RTM_NEWLINK", 17: "RTM_DELLINK", 18: "RTM_GETLINK", 20: "RTM_NEWADDR", 21: "RTM_DELADDR",
        22: "RTM_GETADDR", 24: "RTM_NEWROUTE", 25: "RTM_DELROUTE", 26: "RTM_GETROUTE",
    ]
    func messageTypeName(_ type: NetlinkMessageType) -> String? { Self.names[type.rawValue] }
    func requestKind(_ type: NetlinkMessageType) -> NetlinkRequestKind {
        switch type.rawValue & 3 {
        case 0: .new
        case 1: .delete
        case 2: .get
        default: .other
        }
    }
    func fixedHeaderSize(_ type: NetlinkMessageType) -> Int {
        switch type.rawValue {
        case 16...19: 16  // struct ifinfomsg
        case 20...23: 8  // struct ifaddrmsg
        case 24...27: 12  // struct rtmsg
        default: 0
        }
    }
    func attributeNaming(_ type: NetlinkMessageType) -> (any NetlinkAttributeNaming)? {
        switch type.rawValue {
        case 16...19: NetlinkAttributeNameTable(
            topLevel: [1: "IFLA_ADDRESS", 2: "IFLA_BROADCAST", 3: "IFLA_IFNAME", 4: "IFLA_MTU", 13: "IFLA_TXQLEN",
                       16: "IFLA_OPERSTATE", 18: "IFLA_LINKINFO", 26: "IFLA_AF_SPEC"],
            nested: [[18]: [1: "IFLA_INFO_KIND", 2: "IFLA_INFO_DATA"]])
        case 20...23: NetlinkAttributeNameTable(
            topLevel: [1: "IFA_ADDRESS", 2: "IFA_LOCAL", 3: "IFA_LABEL", 4: "IFA_BROADCAST", 6: "IFA_CACHEINFO", 8: "IFA_FLAGS"])
        case 24...27: NetlinkAttributeNameTable(
            topLevel: [1: "RTA_DST", 2: "RTA_SRC", 4: "RTA_OIF", 5: "RTA_GATEWAY", 6: "RTA_PRIORITY", 7: "RTA_PREFSRC", 15: "RTA_TABLE"])
        default: nil
        }
    }
}

func printError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.append(UInt8(ascii: "\n"))
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        out += chunk[0..<n]
    }
    return out
}

/// One line per message: what `ip` would say, roughly.
func summary(_ message: borrowing NetlinkMessage) throws -> String? {
    let type = message.type.rawValue
    switch type {
    case 16:
        let index = message.payload.unsafeLoadUnaligned(fromByteOffset: 4, as: Int32.self)
        var name = "?", mtu: UInt32 = 0
        var attributes = try message.attributes(afterFixedHeader: 16)
        while let a = try attributes.next() {
            switch a.type {
            case 3: name = a.string()
            case 4: mtu = try a.uint32(.host)
            default: break
            }
        }
        return "link \(index): \(name) mtu \(mtu)"
    case 20:
        let prefix = message.payload.unsafeLoadUnaligned(fromByteOffset: 1, as: UInt8.self)
        let index = message.payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)
        var address = "?"
        var attributes = try message.attributes(afterFixedHeader: 8)
        while let a = try attributes.next() {
            if a.type == 1 || a.type == 2 { address = try a.ipAddress().description }
        }
        return "address \(address)/\(prefix) on link \(index)"
    case 24:
        let dstLength = message.payload.unsafeLoadUnaligned(fromByteOffset: 1, as: UInt8.self)
        let routeType = message.payload.unsafeLoadUnaligned(fromByteOffset: 7, as: UInt8.self)
        var destination = "default", gateway = "", table: UInt32 = 0
        var attributes = try message.attributes(afterFixedHeader: 12)
        while let a = try attributes.next() {
            switch a.type {
            case 1: destination = "\(try a.ipAddress())/\(dstLength)"
            case 5: gateway = " via \(try a.ipAddress())"
            case 15: table = try a.uint32(.host)
            default: break
            }
        }
        return "route \(routeType == 6 ? "blackhole " : "")\(destination)\(gateway) table \(table)"
    default:
        return nil
    }
}

func run() -> Int32 {
    var arguments = Array(CommandLine.arguments.dropFirst())
    let summaryOnly = arguments.first == "--summary"
    if summaryOnly { arguments.removeFirst() }
    guard arguments.count == 1, let path = arguments.first else {
        printError("usage: nldecode [--summary] CAPTURE\n  e.g. swift run nldecode Examples/captures/links.nldump")
        return 2
    }
    guard let file = readFile(path) else {
        printError("nldecode: cannot read \(path)")
        return 1
    }
    let dump = NetlinkMessageDump(schema: RouteSchema(), maximumHexBytes: 64)
    var offset = 0
    var datagrams = 0, messages = 0
    while offset + 4 <= file.count {
        let length = Int(UInt32(file[offset]) | UInt32(file[offset + 1]) << 8 | UInt32(file[offset + 2]) << 16 | UInt32(file[offset + 3]) << 24)
        offset += 4
        guard length <= file.count - offset else {
            printError("nldecode: \(path): datagram of \(length) bytes runs past the end of the file")
            return 1
        }
        let datagram = Array(file[offset..<(offset + length)])
        offset += length
        datagrams += 1
        if summaryOnly {
            var it = NetlinkMessages(datagram.span.bytes)
            do {
                while let m = try it.next() {
                    messages += 1
                    if let line = try summary(m) { print(line) }
                }
            } catch {
                print("malformed: \(error)")
            }
        } else {
            print("# datagram \(datagrams) (\(length) bytes)")
            print(dump.render(datagram: datagram.span.bytes), terminator: "")
        }
    }
    if summaryOnly { print("\(messages) messages in \(datagrams) datagrams") }
    return 0
}

exit(run())
