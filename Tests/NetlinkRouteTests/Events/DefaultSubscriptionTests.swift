import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// What a monitoring agent written from the README gets: a default `routeEvents` subscription that
/// loses nothing in a burst, and a loop that ends (`nil`) when its task is cancelled.
@Suite("Default subscriptions", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason), .serialized)
struct DefaultSubscriptionTests {
    /// 20,000 routes added through a batch (as fast as the kernel inserts them) while a default
    /// `routeEvents([.route])` is read by a task that only counts: every addition arrives, no overrun.
    @Test func burstOf20000RoutesLosesNothing() async throws {
        let (_, connection) = try routeTestConnection()
        try await connection.setLink(index: 1, up: true)
        let events = try await connection.routeEvents([.route])
        let buffer = try #require(events.connection.socket).receiveBufferSize()
        let count = 20_000
        let consumer = Task { () async throws -> (added: Int, overruns: Int) in
            var added = 0
            var overruns = 0
            for try await event in events {
                switch event {
                case .route(let change) where change.action == .new && change.object.destinationDescription.hasPrefix("10."):
                    added += 1
                    if added == count { return (added, overruns) }
                case .overrun: overruns += 1
                default: continue
                }
            }
            return (added, overruns)
        }
        let batch = connection.batch(options: .init(window: 1_024, acknowledgements: .errorsOnly))
        for index in 0..<count {
            let route = Route(destination: IPAddress("10.\(64 + index / 65_536).\(index / 256 % 256).\(index % 256)")!, prefixLength: 32, outputIndex: 1)
            try await batch.append(type: RouteMessageType.newRoute, flags: [.create, .exclusive], fixedHeaderSize: RouteMessage.size) {
                try route.encode(into: &$0, for: .add)
            }
        }
        let failures = try await batch.results().filter { if case .failure = $0 { true } else { false } }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(60))
            consumer.cancel()
        }
        let (added, overruns) = try await consumer.value
        watchdog.cancel()
        print("REPORT-FIGURE events-default-burst: \(added) of \(count) route notifications, \(overruns) overruns, receive buffer \(buffer) bytes (default subscription, \(NetlinkConnection.subscriptionReceiveBufferSize) asked)")
        #expect(overruns == 0)
        #expect(added == count)
    }

    /// Cancelling the task that loops over events ends the loop: `next()` returns `nil`, nothing
    /// is thrown (a waiting consumer and one that starts waiting after the cancellation).
    @Test func cancellingTheConsumerEndsTheLoop() async throws {
        let (_, connection) = try routeTestConnection()
        for delay in [Duration.milliseconds(100), .zero] {
            let events = try await connection.routeEvents([.link])
            let consumer = Task { () async throws -> Int in
                if delay == .zero { withUnsafeCurrentTask { $0?.cancel() } }
                var seen = 0
                for try await _ in events { seen += 1 }
                return seen
            }
            try await Task.sleep(for: delay)
            consumer.cancel()
            switch await consumer.result {
            case .success(let seen): #expect(seen == 0)
            case .failure(let error): Issue.record("the loop threw \(error) instead of ending")
            }
        }
    }
}
