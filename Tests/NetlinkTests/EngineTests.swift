import Netlink
import NetlinkCore
import NetlinkTestSupport
import SystemPackage
import Testing

let RTM_NEWLINK = NetlinkMessageType(16)
let RTM_GETLINK = NetlinkMessageType(18)

func linkPayload(index: Int32, name: String) -> [UInt8] {
    var b = NetlinkMessageBuilder()
    b.appendZeros(4)
    b.append(index)
    b.appendZeros(8)
    try! b.appendAttribute(3, string: name)
    return b.bytes
}

func names(_ datagram: NetlinkDatagram) throws -> [String] {
    var out: [String] = []
    try datagram.forEachMessage { m in
        var attributes = try m.attributes(afterFixedHeader: 16)
        while let a = try attributes.next() { if a.type == 3 { out.append(a.string()) } }
    }
    return out
}

@Suite("Request engine (fake kernel)")
struct EngineTests {
    /// An acknowledged request returns its ACK; the kernel's error comes back with the attribute it points at.
    @Test func acknowledgementsAndErrors() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on({ $0.type == RTM_NEWLINK && $0.attributes(fixedHeaderSize: 16).contains { $0.type == 3 && $0.payload.count > 16 } }) { request in
            [.error(.invalidArgument, NetlinkExtendedAck(message: "Attribute failed policy validation", offset: request.offset(ofAttribute: 3, fixedHeaderSize: 16)), capped: true)]
        }
        let connection = try NetlinkConnection(transport: kernel)
        let ack = try await connection.execute(type: RTM_NEWLINK, flags: [.create, .exclusive], fixedHeaderSize: 16) { b in
            b.appendZeros(16)
            try b.appendAttribute(3, string: "ok")
        }
        #expect(ack.warning == nil)
        let error = await #expect(throws: NetlinkError.self) {
            try await connection.execute(type: RTM_NEWLINK, fixedHeaderSize: 16) { b in
                b.appendZeros(16)
                try b.appendAttribute(4, uint32: 1500, .host)
                try b.appendAttribute(3, string: "name-of-twenty-bytes")
            }
        }
        #expect(error?.code == .kernelError)
        #expect(error?.errno == .invalidArgument)
        #expect(error?.attributePath?.types == [3])
        #expect(error?.description == "Error: Attribute failed policy validation.")
        #expect(connection.pendingCount == 0)
    }

    /// A warning on a successful ACK reaches the caller.
    @Test func warning() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_NEWLINK) { _ in [.ack(NetlinkExtendedAck(message: "careful"))] }
        let connection = try NetlinkConnection(transport: kernel)
        let ack = try await connection.execute(type: RTM_NEWLINK)
        #expect(ack.warning == "careful")
    }

    /// A dump streams its datagrams and ends at DONE; a DONE with an error is a failed dump.
    @Test func dumps() async throws {
        let kernel = FakeNetlinkKernel()
        let payloads = (1...500).map { linkPayload(index: Int32($0), name: "eth\($0)") }
        kernel.on(type: RTM_GETLINK) { request in
            request.payload.first == 7 ? [.done(error: -22, extendedAck: NetlinkExtendedAck(message: "Invalid header for link dump"))]
                : [.dump(type: RTM_NEWLINK, payloads: payloads)]
        }
        let connection = try NetlinkConnection(transport: kernel)
        var all: [String] = []
        for try await datagram in connection.dump(type: RTM_GETLINK, fixedHeaderSize: 16, { $0.appendZeros(16) }) {
            all += try names(datagram)
        }
        #expect(all == (1...500).map { "eth\($0)" })
        let error = await #expect(throws: NetlinkError.self) {
            for try await _ in connection.dump(type: RTM_GETLINK, { $0.append(bytes: [7, 0, 0, 0]) }) {}
        }
        #expect(error?.code == .dumpFailed)
        #expect(error?.description == "Error: Invalid header for link dump.")
    }

    /// Two dumps started together both complete: the second waits for the first (no EBUSY).
    @Test func concurrentDumpsQueue() async throws {
        let kernel = FakeNetlinkKernel()
        let payloads = (1...200).map { linkPayload(index: Int32($0), name: "x\($0)") }
        kernel.on(type: RTM_GETLINK) { _ in [.dump(type: RTM_NEWLINK, payloads: payloads)] }
        let connection = try NetlinkConnection(transport: kernel)
        async let a = connection.dumpAll(type: RTM_GETLINK, { $0.appendZeros(16) }) { _ in 1 }
        async let b = connection.dumpAll(type: RTM_GETLINK, { $0.appendZeros(16) }) { _ in 1 }
        let (ra, rb) = try await (a, b)
        #expect(ra.count == 200)
        #expect(rb.count == 200)
    }

    /// DUMP_INTR is reported: dumpAll retries, then fails; a streamed dump throws unless accepted.
    @Test func interruptedDumps() async throws {
        let kernel = FakeNetlinkKernel()
        let payloads = (1...3).map { linkPayload(index: Int32($0), name: "i\($0)") }
        final class Count: @unchecked Sendable { var n = 0 }
        let count = Count()
        kernel.on(type: RTM_GETLINK) { _ in
            count.n += 1
            return [.dump(type: RTM_NEWLINK, payloads: payloads, interrupted: count.n < 3)]
        }
        let connection = try NetlinkConnection(transport: kernel)
        let values = try await connection.dumpAll(type: RTM_GETLINK, retries: 3, { $0.appendZeros(16) }) { _ in 1 }
        #expect(values.count == 3)
        #expect(count.n == 3)
        count.n = -10
        let error = await #expect(throws: NetlinkError.self) {
            _ = try await connection.dumpAll(type: RTM_GETLINK, retries: 2, { $0.appendZeros(16) }) { _ in 1 }
        }
        #expect(error?.code == .dumpInterrupted)
        let stream = connection.dump(type: RTM_GETLINK, acceptInterrupted: true, { $0.appendZeros(16) })
        for try await _ in stream {}
        #expect(stream.wasInterrupted)
    }

    /// A request with no answer fails at its deadline and leaves nothing pending.
    @Test func deadline() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_NEWLINK) { _ in [.silence] }
        let connection = try NetlinkConnection(transport: kernel)
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: NetlinkError.self) {
            try await connection.execute(type: RTM_NEWLINK, timeout: .milliseconds(200))
        }
        #expect(error?.code == .timedOut)
        #expect(clock.now - start >= .milliseconds(190))
        #expect(connection.pendingCount == 0)
    }

    /// An overrun fails every request in flight with replyLost.
    @Test func overrunFailsInFlight() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_NEWLINK) { _ in [.delay(.milliseconds(100)), .overrun, .ack()] }
        let connection = try NetlinkConnection(transport: kernel)
        let error = await #expect(throws: NetlinkError.self) { try await connection.execute(type: RTM_NEWLINK) }
        #expect(error?.code == .replyLost)
        #expect(connection.statistics.overruns == 1)
    }

    /// Sequence numbers wrap from 0xFFFFFFF0 without using 0.
    @Test func sequenceWrap() async throws {
        let kernel = FakeNetlinkKernel()
        var configuration = NetlinkConnection.Configuration()
        configuration.initialSequence = 0xFFFF_FFF0
        let connection = try NetlinkConnection(transport: kernel, configuration: configuration)
        var seen: [UInt32] = []
        for _ in 0..<40 { seen.append(try await connection.execute(type: RTM_NEWLINK).sequence) }
        #expect(!seen.contains(0))
        #expect(seen.first == 0xFFFF_FFF0)
        #expect(seen.contains(1))
        #expect(Set(seen).count == 40)
    }

    /// Forged datagrams from another port are dropped and counted; events on a request socket are not replies.
    @Test func untrustedAndUnexpected() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_NEWLINK) { request in
            var b = NetlinkMessageBuilder()
            try! NetlinkErrorMessage(error: -1, requestHeader: request.header, isCapped: true).encode(into: &b)
            return [.datagram(b.bytes, sender: NetlinkAddress(portID: 999)), .event(group: 1, type: RTM_NEWLINK, payload: [], sequence: request.header.sequence, portID: 4242), .ack()]
        }
        let connection = try NetlinkConnection(transport: kernel)
        try await connection.execute(type: RTM_NEWLINK)  // the forged -EPERM must not win
        #expect(connection.statistics.droppedUntrusted == 1)
        #expect(connection.statistics.unexpectedEvents == 1)
    }

    /// On a socket that joined groups, our own notification (with our sequence) is an event, the ACK a reply.
    @Test func eventsAndRepliesNeverMix() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_NEWLINK) { request in
            [.event(group: 38, type: RTM_NEWLINK, payload: linkPayload(index: 5, name: "mine"), sequence: request.header.sequence, portID: 4242), .ack()]
        }
        var configuration = NetlinkConnection.Configuration()
        configuration.groups = [38]
        let connection = try NetlinkConnection(transport: kernel, configuration: configuration)
        let ack = try await connection.execute(type: RTM_NEWLINK)
        #expect(ack.replies.isEmpty)
        var iterator = connection.events.makeAsyncIterator()
        guard case .notification(let datagram)? = try await iterator.next() else {
            Issue.record("no event")
            return
        }
        #expect(datagram.info.group == 38)
        #expect(try names(datagram) == ["mine"])
    }

    /// Many tasks share one connection and each gets its own reply.
    @Test func manyTasks() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_GETLINK) { request in
            [.message(type: RTM_NEWLINK, payload: linkPayload(index: Int32(bitPattern: request.header.sequence), name: "s\(request.header.sequence)")), .ack()]
        }
        let connection = try NetlinkConnection(transport: kernel)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    for _ in 0..<50 {
                        let ack = try await connection.execute(type: RTM_GETLINK)
                        var name = ""
                        try ack.forEachReply { m in
                            var a = try m.attributes(afterFixedHeader: 16)
                            while let x = try a.next() { if x.type == 3 { name = x.string() } }
                        }
                        if name != "s\(ack.sequence)" { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
        #expect(connection.pendingCount == 0)
    }

    /// A cancelled dump is drained; the connection stays usable.
    @Test func cancelledDumpDrains() async throws {
        let kernel = FakeNetlinkKernel()
        let payloads = (1...2_000).map { linkPayload(index: Int32($0), name: "c\($0)") }
        kernel.on(type: RTM_GETLINK) { _ in [.dump(type: RTM_NEWLINK, payloads: payloads)] }
        let connection = try NetlinkConnection(transport: kernel)
        for try await _ in connection.dump(type: RTM_GETLINK, { $0.appendZeros(16) }) { break }
        let all = try await connection.dumpAll(type: RTM_GETLINK, { $0.appendZeros(16) }) { _ in 1 }
        #expect(all.count == 2_000)
        try await connection.execute(type: RTM_NEWLINK)
    }
}
