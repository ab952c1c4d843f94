import Netlink
import NetlinkCore
import NetlinkTestSupport
import Testing

/// The overrun marks of a connection that carries requests and events (it drops events when its
/// buffer is full, instead of pausing).
@Suite("Event overruns on a request socket (fake kernel)")
struct EventOverrunTests {
    /// The position of a request's acknowledgement among the events (sent again when one in
    /// flight is failed by the overrun, three times at most).
    static func eventsDelivered(_ connection: NetlinkConnection) async throws -> Int {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let ack = try await connection.execute(type: RTM_GETLINK, fixedHeaderSize: 16) { b in b.appendZeros(16) }
                return ack.eventsDelivered
            } catch {
                if error.code != .replyLost || attempt >= 3 { throw error }
            }
        }
    }

    /// A socket overrun that arrives while the event buffer is full must still reach the consumer
    /// (as the mark after the events queued before it): otherwise, once the consumer has made room,
    /// the next notification is delivered as if nothing had been lost.
    @Test func overrunWithFullBufferIsMarked() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_GETLINK) { _ in [.ack()] }
        var configuration = NetlinkConnection.Configuration()
        configuration.groups = [1]
        configuration.eventBufferCapacity = 2
        let connection = try NetlinkConnection(transport: kernel, configuration: configuration)
        defer { connection.close() }
        kernel.inject([
            .event(group: 1, type: RTM_NEWLINK, payload: linkPayload(index: 1, name: "a")),
            .event(group: 1, type: RTM_NEWLINK, payload: linkPayload(index: 2, name: "b")),
            .overrun,
        ])
        // A request's acknowledgement is read after what was injected before (one in flight when
        // the overrun is read fails with replyLost: sent again).
        let delivered = try await Self.eventsDelivered(connection)
        #expect(delivered == 3)  // two notifications and the overrun's mark
        var iterator = connection.events.makeAsyncIterator()
        var seen: [String] = []
        for _ in 0..<2 {
            guard case .notification(let datagram)? = try await iterator.next() else {
                Issue.record("expected a notification")
                return
            }
            seen += try names(datagram)
        }
        #expect(seen == ["a", "b"])
        kernel.inject([.event(group: 1, type: RTM_NEWLINK, payload: linkPayload(index: 3, name: "c"))])
        let third = try await iterator.next()
        guard case .overrun? = third else {
            Issue.record("the overrun was lost: got \(String(describing: third)) instead")
            return
        }
        guard case .notification(let datagram)? = try await iterator.next() else {
            Issue.record("expected the notification after the overrun")
            return
        }
        #expect(try names(datagram) == ["c"])
        #expect(connection.statistics.overruns == 1)
        #expect(connection.statistics.droppedEvents == 0)
    }
}
