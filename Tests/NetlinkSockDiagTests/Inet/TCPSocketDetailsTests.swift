import Glibc
import Netlink
import NetlinkCore
import NetlinkSockDiag
import Testing

/// What `INET_DIAG_INFO` brings beside `struct tcp_info`: TCP-MD5 keys (`INET_DIAG_MD5SIG`), the
/// upper-layer protocol (`INET_DIAG_ULP_INFO`: an MPTCP subflow's, kTLS's) and an MPTCP socket's
/// `struct mptcp_info`. Against the kernel where it has them; kTLS, which this kernel lacks (no
/// `tls` ULP: `setsockopt(TCP_ULP, "tls")` fails with ENOENT), from golden bytes.
@Suite("TCP-MD5, ULP and MPTCP information")
struct TCPSocketDetailsTests {
    /// An MD5 key for `address` (IPv4) on `fd`: `struct tcp_md5sig` by hand (sockaddr_storage,
    /// flags, prefix length, key length, ifindex, 80 key bytes).
    static func addKey(_ fd: Int32, address: [UInt8], key: [UInt8]) -> Int32 {
        var bytes = [UInt8](repeating: 0, count: 128 + 8 + 80)
        bytes[0] = UInt8(AF_INET)
        bytes[4..<8] = address[...]
        bytes[130] = UInt8(key.count)
        bytes[136..<(136 + key.count)] = key[...]
        let result = setsockopt(fd, Int32(IPPROTO_TCP), 14, bytes, socklen_t(bytes.count))    // TCP_MD5SIG
        return result == 0 ? 0 : errno
    }

    @Test(.enabled(if: SockDiagKernelAccess.available, SockDiagKernelAccess.reason))
    func md5KeysFromTheKernel() async throws {
        let space = try await SockDiagNamespace()
        let (fd, refusal) = try await space.inside { () -> (Int32, Int32) in
            let fd = boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: false, port: 4_050, listen: true)
            let first = Self.addKey(fd, address: [127, 0, 0, 1], key: Array("one key".utf8))
            let second = first == 0 ? Self.addKey(fd, address: [10, 1, 2, 0], key: [0, 1, 0xFF]) : first
            return (fd, second)
        }
        defer { close(fd) }
        let request = InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, states: .listening, extensions: [.info])
        let sockets = try #require(try await space.connection.inetSockets(request).sockets)
        let listener = try #require(sockets.first { $0.id.sourcePort == 4_050 })
        guard refusal == 0 else {
            print("TCP-MD5 keys not read: the kernel refused one (errno \(refusal)); checked it was ENOPROTOOPT and none is reported")
            #expect(refusal == ENOPROTOOPT && listener.md5Keys == nil)
            return
        }
        let keys = try #require(listener.md5Keys)
        // The kernel lists the newest key first.
        #expect(keys == [TCPMD5Key(address: .v4(IPv4Address(10, 1, 2, 0)), prefixLength: 32, key: [0, 1, 0xFF]),
                         TCPMD5Key(address: .v4(IPv4Address(127, 0, 0, 1)), prefixLength: 32, key: Array("one key".utf8))], "\(keys)")
        // Without INET_DIAG_INFO the keys are not sent.
        let plain = try #require(try await space.connection.inetSockets(InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, states: .listening)).sockets)
        #expect(plain.first { $0.id.sourcePort == 4_050 }?.md5Keys == nil)
    }

    @Test(.enabled(if: SockDiagKernelAccess.available, SockDiagKernelAccess.reason))
    func mptcpSocketAndItsSubflow() async throws {
        let space = try await SockDiagNamespace()
        let fds = try await space.inside { () -> [Int32] in
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 262)
            guard listener >= 0 else { return [-errno] }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(4_051).bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            listen(listener, 4)
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 262)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            let server = accept(listener, nil, nil)
            _ = "xyz".withCString { send(client, $0, 3, 0) }
            return [listener, client, server]
        }
        guard fds[0] >= 0 else {
            print("MPTCP not read: the kernel refused an MPTCP socket (errno \(-fds[0])); checked it was EPROTONOSUPPORT")
            #expect(-fds[0] == EPROTONOSUPPORT)
            return
        }
        defer { for fd in fds { close(fd) } }
        let mptcp = try #require(try await space.connection.inetSockets(
            InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.mptcp, extensions: [.info])).sockets)
        let established = mptcp.filter { $0.state == .established }
        #expect(established.count == 2, "\(mptcp)")
        for socket in established {
            let info = try #require(socket.mptcpInfo)
            #expect(info.token != 0 && info.writeSequence != 0 && info.flags & 2 != 0, "remote key received: \(info)")
        }
        let tcp = try #require(try await space.connection.inetSockets(
            InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, extensions: [.info])).sockets)
        let subflows = tcp.filter { $0.state == .established }
        #expect(subflows.count == 2, "\(tcp)")
        let tokens = Set(established.compactMap { $0.mptcpInfo?.token })
        for subflow in subflows {
            let ulp = try #require(subflow.upperLayerProtocol)
            #expect(ulp.name == "mptcp" && ulp.tls == nil)
            let info = try #require(ulp.mptcpSubflow)
            #expect(info.localToken.map(tokens.contains) == true && info.flags.map { $0 & 0x80 != 0 } == true, "connected, a token of the connection: \(info)")
            #expect(info.mapDataLength != nil && info.localID == 0, "\(info)")
        }
        let listener = try #require(tcp.first { $0.state == .listen })
        #expect(listener.upperLayerProtocol == UpperLayerProtocolInfo([12, 0, 1, 0] + Array("mptcp\0".utf8) + [0, 0]), "\(listener)")
    }

    /// Golden bytes: a kTLS socket's nest as `tls_get_info` builds it (version 1.3, AES-GCM-256,
    /// software both ways, the zero-copy flag), then malformed ones.
    @Test func tlsFromGoldenBytes() throws {
        func attribute(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
            let length = 4 + payload.count
            return [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(type & 0xFF), UInt8(type >> 8)] + payload
                + [UInt8](repeating: 0, count: (4 - length % 4) % 4)
        }
        let tls = attribute(1, [0x04, 0x03]) + attribute(2, [52, 0]) + attribute(3, [2, 0]) + attribute(4, [2, 0]) + attribute(5, [])
        let nest = attribute(1, Array("tls\0".utf8)) + attribute(2 | 0x8000, tls)
        let info = try #require(UpperLayerProtocolInfo(nest))
        #expect(info.name == "tls" && info.mptcpSubflow == nil)
        #expect(info.tls == TLSInfo(version: 0x0304, cipher: 52, transmitConfiguration: 2, receiveConfiguration: 2, zeroCopyReadOnlyTransmit: true))
        #expect(UpperLayerProtocolInfo(nest + [8, 0]) == nil, "a truncated attribute")
        #expect(UpperLayerProtocolInfo(attribute(2, attribute(1, [3]))) == nil, "a version of one byte")
        let empty = try #require(UpperLayerProtocolInfo([]), "an empty nest")
        #expect(empty.name == nil && empty.tls == nil && empty.mptcpSubflow == nil)
    }

    @Test func md5KeysFromGoldenBytes() {
        var v6 = [UInt8](repeating: 0, count: TCPMD5Key.size)
        v6[0] = 10; v6[1] = 64; v6[2] = 2
        v6[4] = 0x20; v6[5] = 0x01; v6[6] = 0x0d; v6[7] = 0xb8
        v6[20] = 0x61; v6[21] = 0x62
        #expect(TCPMD5Key.keys(v6) == [TCPMD5Key(address: .v6(IPv6Address("2001:db8::")!), prefixLength: 64, key: [0x61, 0x62])])
        #expect(TCPMD5Key.keys(v6 + [0]) == nil, "not a whole number of structures")
        var badFamily = v6
        badFamily[0] = 7
        #expect(TCPMD5Key.keys(badFamily) == nil)
        var longKey = v6
        longKey[2] = 81
        #expect(TCPMD5Key.keys(longKey) == nil, "a key over 80 bytes")
        #expect(TCPMD5Key.keys([]) == [])
    }

    /// A shorter `struct mptcp_info` (an older kernel's) reads as far as it goes.
    @Test func shortMPTCPInfo() {
        let info = MPTCPInfo([2, 0, 0, 8, 0, 0, 0, 0, 3, 0, 0, 0, 0x78, 0x56, 0x34, 0x12])
        #expect(info.subflows == 2 && info.subflowsMaximum == 8 && info.flags == 3 && info.token == 0x1234_5678 && info.writeSequence == 0)
    }
}
