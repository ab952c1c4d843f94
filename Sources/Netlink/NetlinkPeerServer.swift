import NetlinkCore
import SystemPackage

/// A user-space netlink peer that serves requests the way the kernel does (netlink(7): "a user
/// process should follow this convention too"): each reply carries the request's sequence number
/// and the requester's port, an acknowledgement is an `NLMSG_ERROR` with error 0, a failure an
/// `NLMSG_ERROR` with `-errno` and an extended-ack message.
///
/// Typically on `NETLINK_USERSOCK`: a client built on ``NetlinkConnection`` (with ``NetlinkConnection/Configuration/peer``
/// set to the server's address and the server's port in ``NetlinkConnection/Configuration/trustedPeers``)
/// talks to it exactly as to the kernel.
///
/// The server runs on a dedicated thread; requests from ports not in the socket's
/// ``NetlinkSocket/trustedPeers`` never reach the handler.
public final class NetlinkPeerServer: Sendable {
    /// What the handler answers to one request.
    public enum Reply: Sendable {
        /// A message (type and payload) sent before the acknowledgement.
        case message(type: NetlinkMessageType, flags: NetlinkMessageFlags = [], payload: [UInt8])
        /// An acknowledgement, with an optional warning.
        case acknowledge(warning: String? = nil)
        /// An error, with an optional extended-ack message.
        case error(Errno, message: String? = nil)
        /// A multipart answer ending in `NLMSG_DONE`.
        case dump(type: NetlinkMessageType, payloads: [[UInt8]])
    }

    /// A request as the handler sees it.
    public struct Request: Sendable {
        /// The header.
        public var header: NetlinkMessageHeader
        /// The payload (after `nlmsghdr`).
        public var payload: [UInt8]
        /// The sender's address (from `recvmsg`).
        public var sender: NetlinkAddress
    }

    /// The socket it serves on.
    public let socket: NetlinkSocket

    /// Starts serving on `socket` with `handler`; stops when the socket is closed.
    public init(socket: NetlinkSocket, handler: @escaping @Sendable (Request) -> [Reply]) throws(NetlinkError) {
        self.socket = socket
        try DedicatedThread.start(name: "netlink-peer") { [socket] in
            var buffer: [UInt8] = []
            while true {
                let result: NetlinkReceiveResult
                do throws(NetlinkError) {
                    result = try socket.receive(into: &buffer, timeout: nil)
                } catch {
                    return
                }
                guard case .datagram(let info) = result else { continue }
                var requests: [Request] = []
                var cursor = NetlinkMessages(buffer.span.bytes.extracting(0..<info.length))
                while let message = try? cursor.next() {
                    guard message.flags.contains(.request) else { continue }
                    requests.append(Request(
                        header: message.header, payload: message.payload.withUnsafeBytes { Array($0) }, sender: info.sender))
                }
                for request in requests {
                    var builder = NetlinkMessageBuilder()
                    let sequence = request.header.sequence
                    let port = request.sender.portID
                    do {
                        for reply in handler(request) {
                            switch reply {
                            case .message(let type, let flags, let payload):
                                try builder.message(type: type, flags: flags, sequence: sequence, portID: port) { $0.append(bytes: payload) }
                            case .acknowledge(let warning):
                                try NetlinkErrorMessage(
                                    error: 0, requestHeader: request.header, isCapped: true,
                                    extendedAck: warning.map { NetlinkExtendedAck(message: $0) }
                                ).encode(into: &builder, sequence: sequence, portID: port)
                            case .error(let errno, let message):
                                try NetlinkErrorMessage(
                                    error: -errno.rawValue, requestHeader: request.header, isCapped: true,
                                    extendedAck: message.map { NetlinkExtendedAck(message: $0) }
                                ).encode(into: &builder, sequence: sequence, portID: port)
                            case .dump(let type, let payloads):
                                for payload in payloads {
                                    try builder.message(type: type, flags: .multipart, sequence: sequence, portID: port) { $0.append(bytes: payload) }
                                }
                                try NetlinkDoneMessage().encode(into: &builder, sequence: sequence, portID: port)
                            }
                        }
                        try socket.send(builder.bytes, to: NetlinkAddress(portID: port))
                    } catch {
                        continue
                    }
                }
            }
        }
    }

    /// Stops serving and closes the socket.
    public func stop() { socket.close() }
}
