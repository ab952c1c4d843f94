import Glibc
import Netlink
import NetlinkCore
import NetlinkSockDiag
import Testing

/// inet sock_diag against the kernel, in a private namespace with sockets the test holds open: a
/// TCP listener and an established pair, an IPv6 v6only listener, a bound UDP socket; the typed
/// answer for protocols this kernel has no diag handler for.
@Suite("inet sock_diag", .enabled(if: SockDiagKernelAccess.available, SockDiagKernelAccess.reason))
struct InetSocketTests {
    @Test func tcpListenerAndEstablishedPair() async throws {
        let space = try await SockDiagNamespace()
        let fds = try await space.inside { () -> [Int32] in
            let listener = boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: false, port: 4_040, listen: true)
            let client = connectedSocket(port: 4_040)
            let server = accept(listener, nil, nil)
            _ = "hello".withCString { send(client, $0, 5, 0) }     // unread at the server
            let v6 = boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: true, port: 4_041, listen: true, v6Only: true)
            let udp = boundSocket(type: Int32(SOCK_DGRAM.rawValue), v6: false, port: 4_042, listen: false)
            return [listener, client, server, v6, udp]
        }
        defer { for fd in fds { close(fd) } }

        let tcp = try #require(try await space.connection.inetSockets(InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp)).sockets)
        let listener = try #require(tcp.first { $0.state == .listen })
        #expect(listener.id.sourcePort == 4_040 && listener.id.source == .v4(IPv4Address(127, 0, 0, 1)), "\(listener)")
        let established = tcp.filter { $0.state == .established }
        #expect(established.count == 2, "\(tcp)")
        let server = try #require(established.first { $0.id.sourcePort == 4_040 })
        #expect(server.receiveQueue == 5, "five unread bytes: \(server)")
        #expect(established.contains { $0.id.destinationPort == 4_040 })

        // Only the listening ones, with extensions.
        let listening = try #require(try await space.connection.inetSockets(
            InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, states: .listening, extensions: [.info, .congestion, .shutdown])).sockets)
        #expect(listening.count == 1 && listening[0].congestion != nil && listening[0].tcpInfo != nil && listening[0].shutdown == 0, "\(listening)")
        #expect(listening[0].tcp?.state == .listen)

        // tcp_info of the established server end: its state, an RTT measured, the five bytes received.
        let withInfo = try #require(try await space.connection.inetSockets(
            InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, states: TCPStates(.established), extensions: [.info])).sockets)
        let serverInfo = try #require(withInfo.first { $0.id.sourcePort == 4_040 }?.tcp)
        #expect(serverInfo.raw.count >= TCPInfo.Offset.size61, "this kernel's struct tcp_info: \(serverInfo.raw.count) bytes")
        #expect(serverInfo.state == .established && serverInfo.bytesReceived == 5 && (serverInfo.congestionWindow ?? 0) >= 1, "\(serverInfo)")
        #expect(serverInfo.field(serverInfo.raw.count, as: UInt8.self) == nil, "past the end: nil")

        // The congestion control's own information: by the algorithm the kernel names (this
        // kernel defaults to bbr; cubic and reno report none).
        let withCongestion = try #require(try await space.connection.inetSockets(
            InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, states: TCPStates(.established), extensions: [.congestion, .congestionInfo])).sockets)
        let client = try #require(withCongestion.first { $0.id.destinationPort == 4_040 })
        switch (client.congestion, client.congestionInfo) {
        case ("bbr"?, .bbr(let bbr)?): #expect(bbr.minimumRTT > 0 && bbr.pacingGain > 0, "\(bbr)")
        case ("dctcp"?, .dctcp?), ("vegas"?, .vegas?): break
        case ("cubic"?, nil), ("reno"?, nil): break
        default: Issue.record("algorithm \(String(describing: client.congestion)) with \(String(describing: client.congestionInfo))")
        }

        let v6 = try #require(try await space.connection.inetSockets(InetDiagRequest(family: .inet6, protocol: InetDiagRequest.IPProtocol.tcp)).sockets)
        #expect(v6.count == 1 && v6[0].v6Only == true && v6[0].id.sourcePort == 4_041, "\(v6)")
        let udp = try #require(try await space.connection.inetSockets(InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.udp)).sockets)
        #expect(udp.count == 1 && udp[0].state == .close && udp[0].state.description == "UNCONN", "\(udp)")
        #expect(udp[0].mark == 0, "root sees the mark")
        #expect(listener.socketOptions?.contains(.connectionOriented) == true && udp[0].socketOptions?.contains(.connectionOriented) == false,
                "INET_DIAG_SOCKOPT's is_icsk: \(String(describing: listener.socketOptions)), \(String(describing: udp[0].socketOptions))")
    }

    /// RAW, SCTP, DCCP: no diag handler here (ENOENT in the DONE): a typed answer, not a failure.
    @Test(arguments: [InetDiagRequest.IPProtocol.raw, InetDiagRequest.IPProtocol.sctp, InetDiagRequest.IPProtocol.dccp])
    func protocolsWithoutHandler(_ protocolNumber: UInt32) async throws {
        let space = try await SockDiagNamespace()
        let answer = try await space.connection.inetSockets(InetDiagRequest(family: .inet, protocol: protocolNumber))
        guard case .notSupported(let error) = answer else {
            Issue.record("protocol \(protocolNumber): \(answer)")
            return
        }
        #expect(error.errno?.rawValue == ENOENT)
    }

    /// MPTCP (262) goes as INET_DIAG_REQ_PROTOCOL: the dump answers (no MPTCP socket: empty).
    @Test func mptcpThroughTheProtocolAttribute() async throws {
        let space = try await SockDiagNamespace()
        let answer = try await space.connection.inetSockets(InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.mptcp))
        #expect(answer.sockets?.isEmpty == true, "\(answer)")
    }

    /// `SOCK_DESTROY`: the client end of an established pair, found by the dump; the client's next
    /// send fails with ECONNABORTED; a second destroy finds nothing.
    @Test func destroyAbortsTheVictim() async throws {
        let space = try await SockDiagNamespace()
        let fds = try await space.inside { () -> [Int32] in
            let listener = boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: false, port: 4_050, listen: true)
            let client = connectedSocket(port: 4_050)
            let server = accept(listener, nil, nil)
            return [listener, client, server]
        }
        defer { for fd in fds { close(fd) } }
        let request = InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, states: TCPStates(.established))
        let established = try #require(try await space.connection.inetSockets(request).sockets)
        let victim = try #require(established.first { $0.id.destinationPort == 4_050 }, "the client end: \(established)")
        try await space.connection.destroyInetSocket(victim, protocol: InetDiagRequest.IPProtocol.tcp)
        let sent = "x".withCString { send(fds[1], $0, 1, Int32(MSG_NOSIGNAL)) }
        #expect(sent == -1 && errno == ECONNABORTED, "send after SOCK_DESTROY: \(sent), errno \(errno)")
        let again = await #expect(throws: NetlinkError.self) { try await space.connection.destroyInetSocket(victim, protocol: InetDiagRequest.IPProtocol.tcp) }
        #expect(again?.errno?.rawValue == ENOENT, "\(String(describing: again))")
        let after = try #require(try await space.connection.inetSockets(request).sockets)
        #expect(!after.contains { $0.id.destinationPort == 4_050 }, "\(after)")
    }
}
