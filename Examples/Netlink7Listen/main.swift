// netlink(7), EXAMPLES, the first one: listen to link and IPv4 address changes.
//
// The page binds a NETLINK_ROUTE socket with `sockaddr_nl.nl_groups = RTMGRP_LINK |
// RTMGRP_IPV4_IFADDR` (the legacy group bit masks, 1 << (group - 1)) and reads what the kernel
// multicasts. Here: `NetlinkSocket(family: .route, groups:)` is that socket(AF_NETLINK, SOCK_RAW,
// NETLINK_ROUTE) and bind(2); `receive(into:timeout:)` is recvmsg(2); `NetlinkMessages` walks the
// datagram as NLMSG_OK / NLMSG_NEXT do; `Link(decoding:)` and `InterfaceAddress(decoding:)` read
// `struct ifinfomsg` / `struct ifaddrmsg` and their attributes.
//
// Usage: netlink7-listen [COUNT]   prints COUNT notifications (default 3), then exits 0; exits 1 when
// none comes for 10 seconds. Prints "listening" once the socket is bound.
import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

let wanted = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 3 : 3
let RTMGRP_LINK: UInt32 = 1 << (RouteGroup.link - 1)                 // 0x1
let RTMGRP_IPV4_IFADDR: UInt32 = 1 << (RouteGroup.ipv4Address - 1)   // 0x10

let socket = try NetlinkSocket(family: .route, groups: RTMGRP_LINK | RTMGRP_IPV4_IFADDR)
print("listening")
fflush(nil)                                                          // standard output may be a file
var buffer = [UInt8](repeating: 0, count: 8_192)                     // the page's 8192-byte buffer
var seen = 0
while seen < wanted {
    switch try socket.receive(into: &buffer, timeout: .seconds(10)) {
    case .datagram(let info):
        guard info.sender.portID == 0 else { continue }               // only the kernel (nl_pid 0) is trusted
        var messages = NetlinkMessages(buffer.span.bytes.extracting(0..<info.length))
        while let message = try messages.next() {                     // NLMSG_OK, NLMSG_NEXT
            switch message.type {
            case RouteMessageType.newLink, RouteMessageType.deleteLink:
                let link = try Link(decoding: message)
                print(message.type == RouteMessageType.newLink ? "RTM_NEWLINK" : "RTM_DELLINK", link.index, link.name)
            case RouteMessageType.newAddress, RouteMessageType.deleteAddress:
                let address = try InterfaceAddress(decoding: message)
                print(message.type == RouteMessageType.newAddress ? "RTM_NEWADDR" : "RTM_DELADDR",
                      address.index, "\(address.localAddress.map { "\($0)" } ?? "?")/\(address.prefixLength)")
            default:
                print("type", message.type.rawValue)
            }
            seen += 1
        }
    case .overrun:
        print("overrun: notifications were dropped")                  // ENOBUFS: re-read the state
    case .timedOut:
        print("no notification for 10 seconds")
        exit(1)
    case .wokenUp:
        continue
    }
}
