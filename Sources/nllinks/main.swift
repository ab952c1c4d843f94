// nllinks: lists the links of this machine, or of a named network namespace, through the library.
//
//   swift run nllinks              # the links of the caller's namespace
//   swift run nllinks -n blue      # the links of /run/netns/blue (like `ip -n blue link`)
//
// `nlctl` (the next milestone) replaces this example.
import Glibc
import Netlink
import NetlinkRoute

func fail(_ text: String) -> Never {
    var bytes = Array(text.utf8)
    bytes.append(UInt8(ascii: "\n"))
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func flagNames(_ flags: InterfaceFlags) -> String {
    let names: [(InterfaceFlags, String)] = [
        (.loopback, "LOOPBACK"), (.broadcast, "BROADCAST"), (.pointToPoint, "POINTOPOINT"), (.multicast, "MULTICAST"),
        (.noARP, "NOARP"), (.promiscuous, "PROMISC"), (.up, "UP"), (.lowerUp, "LOWER_UP"),
    ]
    return names.filter { flags.contains($0.0) }.map(\.1).joined(separator: ",")
}


var arguments = Array(CommandLine.arguments.dropFirst())
var namespace: NetworkNamespace?
if arguments.first == "-n" || arguments.first == "-netns" {
    guard arguments.count >= 2 else { fail("Usage: nllinks [-n NETNS]") }
    do {
        namespace = try NetworkNamespace.named(arguments[1])
    } catch {
        fail("Cannot open network namespace \"\(arguments[1])\": \(error.errno?.description ?? "\(error)")")
    }
    arguments.removeFirst(2)
}
guard arguments.isEmpty else { fail("Usage: nllinks [-n NETNS]") }

do {
    let connection = try NetlinkConnection(family: .route, namespace: namespace)
    let links = try await connection.links()
    var byIndex: [Int32: String] = [:]
    for link in links { byIndex[link.index] = link.name }
    for link in links.sorted(by: { $0.index < $1.index }) {
        var name = link.name
        if let parent = link.parentIndex, parent != link.index {
            name += "@" + (link.linkNamespaceID == nil ? (byIndex[parent] ?? "if\(parent)") : "if\(parent)")
        }
        var line = "\(link.index): \(name): <\(flagNames(link.flags))>"
        if let mtu = link.mtu { line += " mtu \(mtu)" }
        if let state = link.operationalState { line += " state \(state)" }
        if let kind = link.kind { line += " kind \(kind)" }
        if let address = link.address, address.count == 6 {
            line += (link.hardwareType == 772 ? " link/loopback " : " link/ether ") + address.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
        }
        print(line)
    }
} catch {
    fail(error.description)
}
