import Glibc
import Netlink
import NetlinkCore
import NetlinkSockDiag
import Testing

/// packet sock_diag against the kernel: a raw packet socket (root) opened in a private namespace.
@Suite("packet sock_diag", .enabled(if: SockDiagKernelAccess.available, SockDiagKernelAccess.reason))
struct PacketSocketTests {
    @Test func rawPacketSocket() async throws {
        let space = try await SockDiagNamespace()
        let fd = try await space.inside { socket(AF_PACKET, Int32(SOCK_RAW.rawValue), Int32(UInt16(0x0003).bigEndian)) }   // ETH_P_ALL
        try #require(fd >= 0, "socket(AF_PACKET): errno \(errno)")
        defer { close(fd) }
        let sockets = try await space.connection.packetSockets()
        #expect(sockets.count == 1, "\(sockets)")
        let packet = try #require(sockets.first)
        #expect(packet.type == 3 && packet.protocolNumber == 0x0003 && packet.uid == 0 && packet.interfaceIndex == 0, "\(packet)")
    }
}
