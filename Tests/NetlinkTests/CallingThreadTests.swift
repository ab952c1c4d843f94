import Synchronization
import KernelFeatures
import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import SystemPackage
import Testing

/// `Configuration.reading = .callingThread`: no reader thread; the waiting task reads.
@Suite("Reading on the calling thread", .enabled(if: KernelAccess.available, KernelAccess.reason))
struct CallingThreadTests {
    static var configuration: NetlinkConnection.Configuration {
        var configuration = NetlinkConnection.Configuration()
        configuration.reading = .callingThread
        return configuration
    }

    /// Requests, errors, dumps (also a dump left unfinished, then the next one) and pipelined
    /// batches work as with a reader thread.
    @Test func requestsDumpsAndBatches() async throws {
        let (_, connection) = try privateConnection(configuration: Self.configuration)
        for i in 0..<8 { try await connection.createLink(name: "c\(i)", kind: "ifb") }
        let links = try await connection.links()
        #expect(links.map(\.name) == ["lo"] + (0..<8).map { "c\($0)" })
        #expect(try await connection.link(named: "c3").name == "c3")
        let missing = await #expect(throws: NetlinkError.self) { try await connection.link(named: "nope") }
        #expect(missing?.errno == Errno(rawValue: ENODEV))

        // A dump whose consumer stops after the first datagram; the next request still gets its answer.
        var first = 0
        for try await datagram in connection.linkDump() {
            try datagram.forEachMessage { _ in first += 1 }
            break
        }
        #expect(first >= 1)
        #expect(try await connection.links().count == 9)

        // 300 route changes pipelined, every tenth refused.
        let index = try #require(links.first { $0.name == "c0" }?.index)
        try await connection.setLink(index: index, up: true)
        let batch = connection.batch(options: .init(datagramSize: 4_096, window: 64, acknowledgements: .every))
        var positions: [Int] = []
        for number in 0..<300 {
            var route = Route(destination: IPAddress("10.\(number / 256).\(number % 256).0")!, prefixLength: 24, outputIndex: index)
            if number % 10 == 0 { route.outputIndex = 999 }
            positions.append(try await batch.append(type: RouteMessageType.newRoute, flags: [.create, .exclusive], fixedHeaderSize: RouteMessage.size) { b in
                try route.encode(into: &b, for: .add)
            })
        }
        let outcomes = try await batch.results()
        #expect(outcomes.count == 300)
        #expect(outcomes.filter { (try? $0.get()) == nil }.count == 30)
        #expect(positions == Array(0..<300))
        #expect(connection.pendingCount == 0)
    }

    /// `get`: a GET sent without NLM_F_ACK ends at its one reply (or the kernel's error), with
    /// either kind of reading; the requests after it are answered as usual.
    @Test(arguments: [NetlinkConnection.Configuration.Reading.readerThread, .callingThread])
    func getEndsAtItsReply(_ reading: NetlinkConnection.Configuration.Reading) async throws {
        var configuration = NetlinkConnection.Configuration()
        configuration.reading = reading
        let (_, connection) = try privateConnection(configuration: configuration)
        try await connection.createLink(name: "g0", kind: "ifb")
        for _ in 0..<50 {
            let ack = try await connection.get(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
                InterfaceInfoMessage().encode(into: &b)
                try b.appendAttribute(LinkAttribute.name, string: "g0")
            }
            #expect(ack.replies.count == 1)
            #expect(try await connection.link(named: "g0").name == "g0")
        }
        let missing = await #expect(throws: NetlinkError.self) { try await connection.link(index: 4_242) }
        #expect(missing?.errno == Errno(rawValue: ENODEV))
        try await connection.createLink(name: "g1", kind: "ifb")
        #expect(try await connection.links().map(\.name) == ["lo", "g0", "g1"])
        #expect(connection.pendingCount == 0)
        #expect(connection.statistics.unmatchedReplies == 0)
    }

    /// Sixteen tasks share one connection: one reads while the others wait for it, and each gets
    /// its own answers.
    @Test func tasksShareIt() async throws {
        let (_, connection) = try privateConnection(configuration: Self.configuration)
        for i in 0..<6 { try await connection.createLink(name: "s\(i)", kind: "ifb") }
        let links = try await connection.links()
        let wrong = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<25 {
                        let expected = links[(task + round) % links.count]
                        if try await connection.link(index: expected.index).name != expected.name { wrong += 1 }
                        if round % 5 == 0, try await connection.links().count != links.count { wrong += 1 }
                    }
                    return wrong
                }
            }
            var wrong = 0
            for try await count in group { wrong += count }
            return wrong
        }
        #expect(wrong == 0)
        #expect(connection.pendingCount == 0)
    }

    /// Events are read while the consumer waits for them.
    @Test func eventsWhileWaiting() async throws {
        let (namespace, requester) = try privateConnection()
        var configuration = Self.configuration
        configuration.groups = [RouteGroup.link]
        let listener = try await NetlinkConnection(family: .route, namespace: namespace, configuration: configuration)
        try await requester.createLink(name: "e0", kind: "ifb")
        var iterator = listener.events.makeAsyncIterator()
        var seen = false
        while !seen, let event = try await nextEvent(&iterator, within: .seconds(10)) {
            guard case .notification(let datagram) = event else { continue }
            try datagram.forEachMessage { message in
                if message.type == RouteMessageType.newLink, try Link(decoding: message).name == "e0" { seen = true }
            }
        }
        #expect(seen)
    }

    /// A request sent while notifications are queued: the read right after `sendmsg` finds a
    /// notification, not the reply, and the request is answered by the caller's usual wait; the
    /// notifications reach the event stream in order.
    @Test func requestBehindQueuedEvents() async throws {
        let (namespace, requester) = try privateConnection()
        var configuration = Self.configuration
        configuration.groups = [RouteGroup.link]
        let listener = try await NetlinkConnection(family: .route, namespace: namespace, configuration: configuration)
        for i in 0..<5 { try await requester.createLink(name: "q\(i)", kind: "ifb") }
        // Five notifications wait in the listener's queue ahead of each reply.
        for i in 0..<5 { #expect(try await listener.link(named: "q\(i)").name == "q\(i)") }
        #expect(listener.pendingCount == 0)
        var names: [String] = []
        var iterator = listener.events.makeAsyncIterator()
        while names.count < 5, let event = try await nextEvent(&iterator, within: .seconds(10)) {
            guard case .notification(let datagram) = event else { continue }
            try datagram.forEachMessage { message in
                if message.type == RouteMessageType.newLink { names.append(try Link(decoding: message).name) }
            }
        }
        #expect(names == (0..<5).map { "q\($0)" })
    }

    /// A request nobody answers times out on the caller's thread; one cancelled from another
    /// task ends at once (the reading caller is woken).
    @Test func timeoutAndCancellation() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let silent = try NetlinkSocket(family: .userSocket, namespace: namespace)
        defer { silent.close() }
        var configuration = Self.configuration
        configuration.peer = silent.localAddress
        configuration.trustedPeers = [silent.localAddress.portID]
        configuration.extendedAcknowledgements = false
        configuration.capAcknowledgements = false
        configuration.requestTimeout = .milliseconds(300)
        let client = try await NetlinkConnection(family: .userSocket, namespace: namespace, configuration: configuration)
        let start = ContinuousClock.now
        let timedOut = await #expect(throws: NetlinkError.self) { try await client.execute(type: NetlinkMessageType(0x20)) }
        #expect(timedOut?.code == .timedOut)
        #expect(ContinuousClock.now - start < .seconds(10))

        let waiting = Task { () async throws -> Void in
            do { try await client.execute(type: NetlinkMessageType(0x20), timeout: .seconds(60)) } catch { throw error }
        }
        // Cancelled from a thread of its own: the waiting task blocks a thread of the cooperative
        // pool (two on this machine), so a canceller that needs the pool might not run meanwhile.
        let cancelledAt = Canceller.cancel(waiting, after: 200_000)
        let result = await waiting.result
        #expect(ContinuousClock.now - cancelledAt.value < .seconds(10))
        switch result {
        case .failure(let error): #expect((error as? NetlinkError)?.code == .cancelled, "\(error)")
        case .success: Issue.record("the request was answered")
        }
    }
}

/// Cancels a task from a detached POSIX thread after a delay.
enum Canceller {
    /// When the cancellation happened (read it after the task ended).
    final class Instant: Sendable {
        private let stored = Mutex(ContinuousClock.now)
        var value: ContinuousClock.Instant { stored.withLock { $0 } }
        func set(_ instant: ContinuousClock.Instant) { stored.withLock { $0 = instant } }
    }

    static func cancel(_ task: Task<Void, any Error>, after microseconds: UInt32) -> Instant {
        let instant = Instant()
        startOwnThread {
            usleep(microseconds)
            instant.set(ContinuousClock.now)
            task.cancel()
        }
        return instant
    }
}
