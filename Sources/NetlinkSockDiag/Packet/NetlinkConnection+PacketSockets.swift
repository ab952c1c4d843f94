import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The packet sockets of the namespace (`SOCK_DIAG_BY_FAMILY` dump of `AF_PACKET`), as `ss -0`;
    /// as non-root, one's own only.
    public func packetSockets(_ request: PacketDiagRequest = PacketDiagRequest()) async throws(NetlinkError) -> [PacketSocket] {
        try await dumpAll(type: SockDiag.byFamily, fixedHeaderSize: PacketDiagRequest.size) { b in
            request.encode(into: &b)
        } decode: { message in
            message.type == SockDiag.byFamily ? try PacketSocket(decoding: message) : nil
        }
    }
}
