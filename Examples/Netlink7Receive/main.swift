// netlink(7), EXAMPLES, the third one: read netlink messages.
//
// The page calls recvmsg(2) into an 8192-byte buffer of `struct nlmsghdr` and walks it with
// `NLMSG_OK (nh, len)` / `NLMSG_NEXT (nh, len)`, stopping at `NLMSG_DONE` (the end of a multipart
// message) and handling `NLMSG_ERROR`. Here the messages are a dump of the links (RTM_GETLINK with
// NLM_F_DUMP): `receive(into:timeout:)` is the recvmsg(2), `NetlinkMessages.next()` is NLMSG_OK +
// NLMSG_NEXT (it refuses a `nlmsg_len` that overruns the datagram instead of reading past it),
// `.done` is NLMSG_DONE and `.error` NLMSG_ERROR.
import Netlink
import NetlinkCore
import NetlinkRoute

let socket = try NetlinkSocket(family: .route, peer: .kernel)
var request = NetlinkMessageBuilder()
try request.message(type: RouteMessageType.getLink, flags: [.request, .dump], sequence: 1) { b in
    InterfaceInfoMessage().encode(into: &b)
}
try socket.send(request.bytes, to: .kernel)

var buffer = [UInt8](repeating: 0, count: 8_192)
var links = 0
receiving: while true {
    guard case .datagram(let info) = try socket.receive(into: &buffer, timeout: .seconds(5)) else {
        print("no answer")
        break
    }
    var messages = NetlinkMessages(buffer.span.bytes.extracting(0..<info.length))
    while let message = try messages.next() {                          // NLMSG_OK, NLMSG_NEXT
        switch message.type {
        case .done:                                                     // NLMSG_DONE: the end of the multipart message
            if let error = NetlinkError.dumpDone(try NetlinkDoneMessage(decoding: message)) { print(error) }
            break receiving
        case .error:                                                    // NLMSG_ERROR: error handling
            let reply = try NetlinkErrorMessage(decoding: message)
            print(NetlinkError.kernelReply(reply).map { "\($0)" } ?? "acknowledged")
            break receiving
        default:                                                        // the payload: struct ifinfomsg + attributes
            let link = try Link(decoding: message)
            print(link.index, link.name, link.mtu ?? 0)
            links += 1
        }
    }
}
print("\(links) links")
