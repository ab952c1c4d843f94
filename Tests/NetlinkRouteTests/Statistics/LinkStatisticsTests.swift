import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import SystemPackage
import Testing

/// `struct if_stats_msg` for `index` and `mask`.
private func statsHeader(index: UInt32, mask: UInt32) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, 0, 0]
    withUnsafeBytes(of: index) { bytes += $0 }
    withUnsafeBytes(of: mask) { bytes += $0 }
    return bytes
}

/// An attribute with a u64 array payload.
private func counters(type: UInt16, _ values: [UInt64]) -> [UInt8] {
    var bytes: [UInt8] = []
    withUnsafeBytes(of: UInt16(4 + values.count * 8)) { bytes += $0 }
    withUnsafeBytes(of: type) { bytes += $0 }
    for value in values { withUnsafeBytes(of: value) { bytes += $0 } }
    return bytes
}

@Suite("RTM_GETSTATS: if_stats_msg, IFLA_STATS_*")
struct LinkStatisticsTests {
    /// The request is a 12-byte if_stats_msg: family, padding, ifindex, filter_mask.
    @Test func requestBytes() async throws {
        let kernel = FakeNetlinkKernel()
        let reply = statsHeader(index: 3, mask: 1) + counters(type: 1, Array(1...25))
        kernel.on(type: LinkStatisticsMessage.getStats) { request in
            request.isDump
                ? [.dump(type: LinkStatisticsMessage.newStats, payloads: [reply, reply])]
                : [.message(type: LinkStatisticsMessage.newStats, payload: reply), .ack()]
        }
        let connection = try NetlinkConnection(transport: kernel)
        let one = try await connection.linkStatistics(index: 3, filter: [.link64, .linkOffload])
        let all = try await connection.allLinkStatistics()
        let sent = kernel.requests
        #expect(sent[0].type == NetlinkMessageType(94))
        #expect(!sent[0].isDump)
        #expect(sent[0].payload == [
            0, 0, 0, 0,                 // AF_UNSPEC, pad1, pad2
            3, 0, 0, 0,                 // ifindex 3
            0x09, 0, 0, 0,              // IFLA_STATS_FILTER_BIT(LINK_64) | ..._BIT(LINK_OFFLOAD_XSTATS)
        ])
        #expect(sent[1].isDump)
        #expect(sent[1].payload == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0])
        #expect(one.index == 3)
        #expect(one.link64?.receivedPackets == 1)
        #expect(one.link64?.transmittedPackets == 2)
        #expect(one.link64?.receiveOtherHostDropped == 25)
        #expect(all.count == 2)
    }

    /// Every group decodes: stats64 (24 counters: a 4.6–5.19 kernel), the offload group's
    /// CPU_HIT stats64, and the raw nests; unknown attributes are skipped.
    @Test func decodesEveryGroup() throws {
        let offloadInner = counters(type: 1, Array(repeating: 7, count: 25))
        var offload: [UInt8] = []
        withUnsafeBytes(of: UInt16(4 + offloadInner.count)) { offload += $0 }
        offload += [4, 0x80] + offloadInner
        let payload = statsHeader(index: 9, mask: 0x1F)
            + counters(type: 1, Array(10..<34))                         // 24 counters
            + [8, 0, 2, 0x80, 4, 0, 1, 0]                               // XSTATS: an empty nest
            + [8, 0, 3, 0x80, 4, 0, 1, 0]                               // XSTATS_SLAVE
            + offload
            + [8, 0, 5, 0x80, 4, 0, 28, 0]                              // AF_SPEC
            + [8, 0, 77, 0, 1, 2, 3, 4]                                 // unknown
        let bytes = message(type: 92, payload: payload)
        var messages = NetlinkMessages(bytes.span.bytes)
        guard let first = try messages.next() else {
            Issue.record("no message")
            return
        }
        let report = try LinkStatisticsReport(decoding: first)
        #expect(report.index == 9)
        #expect(report.filterMask == LinkStatisticsFilter.all)
        #expect(report.link64?.counters.count == 25)
        #expect(report.link64?.receivedPackets == 10)
        #expect(report.link64?.receiveNoHandler == 33)
        #expect(report.link64?.receiveOtherHostDropped == 0)   // not sent: 0
        #expect(report.linkExtended == [4, 0, 1, 0])
        #expect(report.linkExtendedPort == [4, 0, 1, 0])
        #expect(report.offloadCPUHit?.transmittedBytes == 7)
        #expect(report.linkOffload == offloadInner)
        #expect(report.addressFamily == [4, 0, 28, 0])
    }

    /// Malformed replies are typed errors: a short header, a stats64 that is not whole counters
    /// or too short, an attribute past the end, another message type.
    /// A newer kernel's longer stats64 (40 counters) is not an error: the known ones decode.
    @Test func longerStatistics64() throws {
        let bytes = message(type: 92, payload: statsHeader(index: 2, mask: 1) + counters(type: 1, Array(1...40)))
        var messages = NetlinkMessages(bytes.span.bytes)
        guard let first = try messages.next() else {
            Issue.record("no message")
            return
        }
        let report = try LinkStatisticsReport(decoding: first)
        #expect(report.link64?.receivedPackets == 1)
        #expect(report.link64?.receiveOtherHostDropped == 25)
    }

    static let malformedCases: [(UInt16, [UInt8])] = [
        (92, [0, 0, 0, 0, 1, 0, 0, 0]),                                                        // 8-byte header
        (92, statsHeader(index: 1, mask: 1) + counters(type: 1, Array(1...10))),                // 10 counters
        (92, statsHeader(index: 1, mask: 1) + Array(counters(type: 1, Array(1...25)).dropLast(4))), // past the end
        (92, statsHeader(index: 1, mask: 1) + [194, 0, 1, 0] + [UInt8](repeating: 0, count: 192)), // 190 bytes: not whole counters
        (16, statsHeader(index: 1, mask: 1)),                                                   // RTM_NEWLINK
    ]

    @Test(arguments: malformedCases)
    func malformed(_ type: UInt16, _ payload: [UInt8]) throws {
        let bytes = message(type: type, payload: payload)
        var messages = NetlinkMessages(bytes.span.bytes)
        guard let first = try messages.next() else {
            Issue.record("no message")
            return
        }
        #expect(throws: NetlinkDecodingError.self) { try LinkStatisticsReport(decoding: first) }
    }

    @Suite("RTM_GETSTATS against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// The `request` of link `index`'s L3 suite in the offload group's information.
        static func l3Requested(_ connection: NetlinkConnection, _ index: Int32) async throws -> UInt8? {
            let report = try await connection.linkStatistics(index: index, filter: .linkOffload)
            guard let payload = report.linkOffload else { return nil }
            var offload = NetlinkAttributes(payload.span.bytes)
            while let group = try offload.next() {
                guard group.type == LinkStatisticsAttribute.offloadHardwareStatisticsInfo else { continue }
                var suites = try group.nested()
                while let suite = try suites.next() {
                    guard suite.type == LinkStatisticsAttribute.offloadL3Statistics else { continue }
                    var fields = try suite.nested()
                    while let field = try fields.next() {
                        if field.type == LinkStatisticsAttribute.hardwareStatisticsRequested { return try field.uint8() }
                    }
                }
            }
            return nil
        }

        /// `setL3Statistics`: a veth's L3 hardware statistics asked for, then stopped; the offload
        /// group's information says so each time (request 1, then 0).
        @Test func l3StatisticsRequested() async throws {
            let (_, connection) = try routeTestConnection()
            try await connection.createVethPair(name: "la", peerName: "lb")
            let index = try await connection.link(named: "la").index
            #expect(try await Self.l3Requested(connection, index) == 0)
            try await connection.setL3Statistics(ofLink: index, enabled: true)
            #expect(try await Self.l3Requested(connection, index) == 1)
            try await connection.setL3Statistics(ofLink: index, enabled: false)
            #expect(try await Self.l3Requested(connection, index) == 0)
        }

        /// Traffic over a veth pair (UDP from one end's address to the other's, inside the
        /// namespace); then, for each link, RTM_GETSTATS before and after the link dump: every
        /// counter of the dump's IFLA_STATS64 lies between the two, and where they agree it is equal.
        @Test func equalsTheLinkDump() async throws {
            let (namespace, connection) = try routeTestConnection()
            let (peerNamespace, peer) = try routeTestConnection()
            try await connection.createVethPair(name: "sa", peerName: "sb", peerNamespace: peerNamespace)
            let a = try await connection.link(named: "sa").index
            let b = try await peer.link(named: "sb").index
            try await connection.addAddress(InterfaceAddressRequest(ip("198.51.100.1"), prefixLength: 24, index: a))
            try await peer.addAddress(InterfaceAddressRequest(ip("198.51.100.2"), prefixLength: 24, index: b))
            try await peer.setLink(index: b, up: true)
            try await connection.setLink(index: a, up: true)
            let sent = try await namespace.perform { () throws(NetlinkError) -> Int in sendUDP(count: 50) }
            #expect(sent == 50)
            // The datagrams wait for ARP, then leave through sa: wait (at most 5 s) until they have.
            var transmitted: UInt64 = 0
            for _ in 0..<100 {
                transmitted = try await connection.linkStatistics(index: a).link64?.transmittedPackets ?? 0
                if transmitted >= 51 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(transmitted >= 51)      // an ARP request and the 50 datagrams
            let received = try await peer.linkStatistics(index: b).link64?.receivedPackets ?? 0
            #expect(received >= 51)

            let before = try await connection.allLinkStatistics()
            let dumped = try await connection.links()
            let after = try await connection.allLinkStatistics()
            #expect(Set(before.map(\.index)) == Set(dumped.map { UInt32($0.index) }))
            var compared = 0
            for link in dumped {
                let first = try #require(before.first { $0.index == UInt32(link.index) }?.link64)
                let last = try #require(after.first { $0.index == UInt32(link.index) }?.link64)
                let middle = try #require(link.statistics)
                for i in 0..<25 {
                    #expect(first.counters[i] <= middle.counters[i] && middle.counters[i] <= last.counters[i], "\(link.name) counter \(i)")
                    if first.counters[i] == last.counters[i] {
                        #expect(middle.counters[i] == first.counters[i])
                        compared += 1
                    }
                }
            }
            print("REPORT-FIGURE getstats-counters-equal: \(compared) of \(dumped.count * 25) counters (RTM_GETSTATS vs IFLA_STATS64, unchanged between reads)")

            // A link that does not exist: ENODEV from the kernel.
            do {
                _ = try await connection.linkStatistics(index: 9_999)
                Issue.record("no error for a missing link")
            } catch {
                #expect(error.errno == Errno(rawValue: ENODEV))
            }
        }
    }
}

/// Sends `count` UDP datagrams from 198.51.100.1 to 198.51.100.2 (port 9, discard) on the
/// calling thread's namespace; returns how many were sent.
private func sendUDP(count: Int) -> Int {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var source = sockaddr_in()
    source.sin_family = sa_family_t(AF_INET)
    source.sin_addr.s_addr = inet_addr("198.51.100.1")
    var destination = sockaddr_in()
    destination.sin_family = sa_family_t(AF_INET)
    destination.sin_port = UInt16(9).bigEndian
    destination.sin_addr.s_addr = inet_addr("198.51.100.2")
    let bound = withUnsafePointer(to: &source) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { return 0 }
    var sent = 0
    let payload = [UInt8](repeating: 0x5A, count: 64)
    for _ in 0..<count {
        let n = withUnsafePointer(to: &destination) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if n == payload.count { sent += 1 }
    }
    return sent
}
