import Glibc
import Netlink
import NetlinkCore
import NetlinkSockDiag
import Testing

/// Streaming dumps, destruction by filter and the destroy groups, against the kernel.
@Suite("inet sock_diag streams, destroy by filter, destroy events", .enabled(if: SockDiagKernelAccess.available, SockDiagKernelAccess.reason))
struct InetSocketStreamTests {
    /// 600 listeners span several datagrams (about 240 sockets each): the stream yields exactly the
    /// sockets of the whole dump; stopped early, the connection still answers the next request.
    @Test func streamYieldsTheWholeDump() async throws {
        let space = try await SockDiagNamespace()
        let fds = try await space.inside { () -> [Int32] in
            (0..<600).map { boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: false, port: UInt16(20_000 + $0), listen: true) }
        }
        let notListening = fds.enumerated().filter { _, fd in
            var value: Int32 = 0
            var length = socklen_t(4)
            return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &length) != 0 || value != 1
        }.map { 20_000 + $0.offset }
        #expect(notListening.isEmpty, "not listening: \(notListening)")
        defer { for fd in fds { close(fd) } }
        // A sock_diag dump has no NLM_F_DUMP_INTR, and one that runs while other namespaces' tests
        // open and close sockets can miss some of ours (measured: 2 of 600, in 2 of 18 runs beside
        // the other suites): each reading is tried up to five times for the exact set.
        let request = InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp)
        let expected = Set((20_000..<20_600).map { UInt16($0) })
        func ports(_ read: () async throws -> [InetSocket]) async throws -> Set<UInt16> {
            var last: [InetSocket] = []
            for _ in 0..<5 {
                last = try await read()
                if last.count == 600, Set(last.map(\.id.sourcePort)) == expected { break }
            }
            #expect(last.count == 600, "missing: \(expected.subtracting(last.map(\.id.sourcePort)).sorted())")
            return Set(last.map(\.id.sourcePort))
        }
        #expect(try await ports { try #require(try await space.connection.inetSockets(request).sockets) } == expected)
        #expect(try await ports {
            let stream = try #require(try await space.connection.inetSocketStream(request).sockets)
            var streamed: [InetSocket] = []
            for try await socket in stream { streamed.append(socket) }
            return streamed
        } == expected)

        let early = try #require(try await space.connection.inetSocketStream(request).sockets)
        for try await _ in early { break }
        #expect(try await ports { try #require(try await space.connection.inetSockets(request).sockets) } == expected, "the abandoned dump was drained")

        let filtered = try #require(try await space.connection.inetSocketStream(
            InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, filter: .sourcePort(.lessOrEqual, 20_009))).sockets)
        var few = 0
        for try await _ in filtered { few += 1 }
        #expect(few == 10)
    }

    /// The summary stream (fixed parts, protocol, IPv6-only) yields each socket of the full
    /// dump's, equal to its summary: IPv4 and IPv6 listeners, one IPv6-only, and an established
    /// pair; UDP too; RAW's answer is "not supported" as the full stream's.
    @Test func summaryStreamMatchesTheFullOne() async throws {
        let space = try await SockDiagNamespace()
        let fds = try await space.inside { () -> [Int32] in
            var fds = [boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: false, port: 4100, listen: true),
                       boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: true, port: 4101, listen: true),
                       boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: true, port: 4102, listen: true, v6Only: true),
                       boundSocket(type: Int32(SOCK_DGRAM.rawValue), v6: true, port: 4103, listen: false)]
            fds.append(connectedSocket(port: 4100))  // and its server end, not accepted
            return fds
        }
        defer { for fd in fds { close(fd) } }
        for (family, number) in [(AddressFamily.inet, InetDiagRequest.IPProtocol.tcp), (.inet6, InetDiagRequest.IPProtocol.tcp), (.inet6, InetDiagRequest.IPProtocol.udp)] {
            let request = InetDiagRequest(family: family, protocol: number)
            let full = try #require(try await space.connection.inetSockets(request).sockets)
            let stream = try #require(try await space.connection.inetSocketSummaryStream(request).sockets)
            var summaries: [InetSocketSummary] = []
            for try await summary in stream { summaries.append(summary) }
            #expect(Set(summaries) == Set(full.map(\.summary)), "\(family) \(number)")
            #expect(!summaries.isEmpty)
            if family == .inet6 { #expect(summaries.allSatisfy { $0.v6Only != nil }, "SKV6ONLY is sent for every IPv6 socket") }
        }
        let v6only = try #require(try await space.connection.inetSockets(InetDiagRequest(family: .inet6, protocol: InetDiagRequest.IPProtocol.tcp)).sockets)
        #expect(v6only.first { $0.id.sourcePort == 4102 }?.summary.v6Only == true)
        #expect(v6only.first { $0.id.sourcePort == 4101 }?.summary.v6Only == false)
        let raw = try await space.connection.inetSocketSummaryStream(InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.raw))
        guard case .notSupported = raw else {
            Issue.record("RAW: a summary stream")
            return
        }
    }

    /// RAW has no diag handler here: the stream's answer says so before any iteration.
    @Test func streamOfAProtocolWithoutHandler() async throws {
        let space = try await SockDiagNamespace()
        let answer = try await space.connection.inetSocketStream(InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.raw))
        guard case .notSupported(let error) = answer else {
            Issue.record("RAW: a stream")
            return
        }
        #expect(error.errno?.rawValue == ENOENT)
    }

    /// `ss -K dport = :4070`: the clients of port 4070 are destroyed (their next send fails with
    /// ECONNABORTED), the connection to 4071 lives; each destroyed socket's event arrives on the
    /// destroy group; the unix stream works too.
    @Test func destroyByFilterAndItsEvents() async throws {
        let space = try await SockDiagNamespace()
        let events = try await space.connection.inetSocketEvents()
        let fds = try await space.inside { () -> [Int32] in
            let a = boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: false, port: 4_070, listen: true)
            let b = boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: false, port: 4_071, listen: true)
            let c1 = connectedSocket(port: 4_070), c2 = connectedSocket(port: 4_070), c3 = connectedSocket(port: 4_071)
            return [a, b, c1, c2, c3, accept(a, nil, nil), accept(a, nil, nil), accept(b, nil, nil)]
        }
        // fds[2] and fds[3] are closed below (their destruction is what the events report).
        defer { for (index, fd) in fds.enumerated() where index != 2 && index != 3 { close(fd) } }
        let outcomes = try #require(try await space.connection.destroyInetSockets(
            InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp, states: TCPStates(.established), filter: .destinationPort(.equal, 4_070))).sockets)
        #expect(outcomes.count == 2 && outcomes.allSatisfy { $0.error == nil }, "\(outcomes)")
        for fd in fds[2...3] {
            let sent = "x".withCString { send(fd, $0, 1, Int32(MSG_NOSIGNAL)) }
            #expect(sent == -1 && errno == ECONNABORTED, "a destroyed client: \(sent), errno \(errno)")
        }
        #expect("x".withCString { send(fds[4], $0, 1, Int32(MSG_NOSIGNAL)) } == 1, "the client of 4071 lives")

        // SOCK_DESTROY closes the victims; their destruction is broadcast when they are freed (here,
        // when the test closes them).
        close(fds[2])
        close(fds[3])
        var destroyed: [InetSocket] = []
        var iterator = events.makeAsyncIterator()
        let deadline = ContinuousClock.now + .seconds(60)
        var others: [String] = [], arrivals: [Duration] = []
        let closed = ContinuousClock.now
        while destroyed.count < 2, ContinuousClock.now < deadline {
            let element = try await iterator.next()
            guard case .destroyed(let socket)? = element else { others.append(String(describing: element)); continue }
            destroyed.append(socket)
            arrivals.append(ContinuousClock.now - closed)
        }
        // The kernel broadcasts from a work queue: usually within a millisecond, but seen 9 s late
        // while the ss suite's holder namespace kept an MPTCP connection (cause not found) — hence
        // the long deadline, and the delay said when it is long.
        if let last = arrivals.last, last > .seconds(1) { print("destroy events arrived \(arrivals) after the close") }
        #expect(destroyed.count == 2 && destroyed.allSatisfy { $0.id.destinationPort == 4_070 && $0.protocol == UInt8(IPPROTO_TCP) }, "\(destroyed) others: \(others)")
    }
}
