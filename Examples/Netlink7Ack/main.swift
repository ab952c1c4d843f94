// netlink(7), EXAMPLES, the second one: send a message to the kernel and ask for an acknowledgement.
//
// The page fills a `struct nlmsghdr`, sets `nlmsg_pid = 0` (the kernel), `nlmsg_seq =
// ++sequence_number` and `NLM_F_ACK` in `nlmsg_flags`, and calls sendmsg(2) with a `struct
// sockaddr_nl` for the kernel. Here: `NetlinkMessageBuilder.message(type:flags:sequence:)` writes the
// `nlmsghdr` (its `nlmsg_len` patched in), `send(_:to: .kernel)` is the sendmsg(2), and the answer is
// an `NLMSG_ERROR` message (`struct nlmsgerr`): error 0 is the acknowledgement, anything else the
// kernel's errno. The message: RTM_NEWLINK for a bridge "example0" (`struct ifinfomsg`, IFLA_IFNAME,
// IFLA_LINKINFO > IFLA_INFO_KIND), sent twice: acknowledged, then refused with EEXIST.
//
// The library's `NetlinkConnection.execute` does all of this (sequence numbers, matching, deadlines):
// the last request shows it.
import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

let socket = try NetlinkSocket(family: .route, peer: .kernel)
var sequenceNumber: UInt32 = 0

/// Sends RTM_NEWLINK with NLM_F_ACK and returns the errno of the kernel's NLMSG_ERROR (0: acknowledged).
@MainActor func createBridge(named name: String) throws -> Int32 {
    sequenceNumber += 1
    var builder = NetlinkMessageBuilder()
    try builder.message(
        type: RouteMessageType.newLink, flags: [.request, .acknowledge, .create, .exclusive], sequence: sequenceNumber
    ) { b in
        InterfaceInfoMessage().encode(into: &b)                             // struct ifinfomsg
        try b.appendAttribute(LinkAttribute.name, string: name)             // IFLA_IFNAME
        try b.appendNested(LinkAttribute.linkInfo) { b in                   // IFLA_LINKINFO
            try b.appendAttribute(LinkAttribute.Info.kind, string: "bridge") // IFLA_INFO_KIND
        }
    }
    try socket.send(builder.bytes, to: .kernel)                             // sendmsg(2) to nl_pid 0
    var buffer = [UInt8](repeating: 0, count: 8_192)
    while true {
        guard case .datagram(let info) = try socket.receive(into: &buffer, timeout: .seconds(5)) else {
            throw NetlinkError(.timedOut)
        }
        var messages = NetlinkMessages(buffer.span.bytes.extracting(0..<info.length))
        while let message = try messages.next() {
            guard message.sequence == sequenceNumber, message.type == .error else { continue }   // ours, NLMSG_ERROR
            return -(try NetlinkErrorMessage(decoding: message).error)          // nlmsgerr.error is -errno
        }
    }
}

let first = try createBridge(named: "example0")
print("sequence 1:", first == 0 ? "acknowledged" : "errno \(first)")
let second = try createBridge(named: "example0")
print("sequence 2:", second == 0 ? "acknowledged" : "errno \(second) (\(String(cString: strerror(second))))")

let connection = try NetlinkConnection(family: .route)
do {
    try await connection.createLink(name: "example0", kind: "bridge")
} catch {
    print("execute:", error)                                               // RTNETLINK answers: File exists
}
try await connection.deleteLink(named: "example0")
print("deleted")
