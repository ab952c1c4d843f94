import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// The soak: how long to churn, from `NETLINK_SOAK_SECONDS` (set by `scripts/soak.sh`); `nil` = skip.
enum Soak {
    static let seconds: Int? = getenv("NETLINK_SOAK_SECONDS").flatMap { Int(String(cString: $0)) }
    static let reason: Comment = "the soak runs only when NETLINK_SOAK_SECONDS is set: scripts/soak.sh [minutes]"
}

/// A long run (an hour, by `scripts/soak.sh 60`; not in CI) that churns links, addresses, routes,
/// dumps (some cancelled), events and connections in a private namespace, and samples this
/// process's descriptors, threads and resident memory: they must stay flat.
@Suite("Soak", .enabled(if: Soak.seconds != nil && KernelAccess.available, Soak.reason), .serialized)
struct SoakTests {
    @Test func descriptorsAndMemoryStayFlat() async throws {
        let seconds = Soak.seconds ?? 0
        let (namespace, connection) = try privateConnection()
        var subscriptionConfiguration = NetlinkConnection.Configuration()
        subscriptionConfiguration.receiveBufferSize = 4 << 20
        let subscription = try await connection.subscribe(groups: [RouteGroup.link, RouteGroup.ipv4Address, RouteGroup.ipv4Route], configuration: subscriptionConfiguration)
        final class Counter: @unchecked Sendable {
            let lock = ConditionLockForTests()
            var events = 0
            var overruns = 0
        }
        let counter = Counter()
        let reader = Task.detached {
            do {
                for try await event in subscription.events {
                    switch event {
                    case .notification: counter.lock.withLock { counter.events += 1 }
                    case .overrun: counter.lock.withLock { counter.overruns += 1 }
                    }
                }
            } catch {}
        }
        defer {
            reader.cancel()
            subscription.close()
        }

        struct Sample { var second: Int; var descriptors: Int; var threads: Int; var rss: Int }
        var samples: [Sample] = []
        let clock = ContinuousClock()
        let start = clock.now
        var nextSample = start
        var rounds = 0
        var failures: [String] = []
        while clock.now - start < .seconds(seconds) {
            if clock.now >= nextSample {
                let sample = Sample(
                    second: Int((clock.now - start) / .seconds(1)), descriptors: openDescriptorCount(),
                    threads: processStatus("Threads"), rss: processStatus("VmRSS"))
                samples.append(sample)
                print("SOAK t=\(sample.second)s rounds=\(rounds) fds=\(sample.descriptors) threads=\(sample.threads) rss=\(sample.rss)kB events=\(counter.lock.withLock { counter.events })")
                nextSample = nextSample.advanced(by: .seconds(10))
            }
            rounds += 1
            do {
                try await connection.createLink(name: "soak0", kind: "ifb")
                let index = try await connection.link(named: "soak0").index
                try await connection.setLink(index: index, up: true)
                for n in 0..<20 {
                    try await connection.addAddress(InterfaceAddressRequest(.v4(IPv4Address(10, 95, 0, UInt8(n + 1))), prefixLength: 32, index: index))
                    try await changeBlackhole(connection, add: true, IPv4Address(10, 96, 0, UInt8(n)))
                }
                _ = try await connection.addresses()
                _ = try await connection.routes(filter: RouteFilter(family: 2))
                // Concurrent GETs and a dump cancelled after its first datagram.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<16 { group.addTask { _ = try await connection.link(index: index) } }
                    group.addTask { for try await _ in connection.linkDump() { break } }
                    try await group.waitForAll()
                }
                for n in 0..<20 { try await changeBlackhole(connection, add: false, IPv4Address(10, 96, 0, UInt8(n))) }
                // Short-lived connections.
                for _ in 0..<5 {
                    let other = try await NetlinkConnection(family: .route, namespace: namespace)
                    _ = try await other.links()
                    other.close()
                }
                try await connection.deleteLink(index: index)
            } catch {
                failures.append("\(error)")
                _ = try? await connection.deleteLink(named: "soak0")
                if failures.count > 20 { break }
            }
        }
        samples.append(Sample(
            second: Int((clock.now - start) / .seconds(1)), descriptors: openDescriptorCount(),
            threads: processStatus("Threads"), rss: processStatus("VmRSS")))
        let first = samples.first!, last = samples.last!
        // Memory after warm-up (the sample at a quarter of the run) against the end.
        let warm = samples[samples.count / 4]
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(last.descriptors <= first.descriptors + 2, "descriptors \(first.descriptors) -> \(last.descriptors)")
        #expect(last.threads <= first.threads + 2, "threads \(first.threads) -> \(last.threads)")
        #expect(last.rss - warm.rss < 16_384, "resident memory grew from \(warm.rss) kB to \(last.rss) kB")
        print("REPORT-FIGURE soak-rounds: \(rounds) rounds in \(last.second) s (\(counter.lock.withLock { counter.events }) events, \(counter.lock.withLock { counter.overruns }) overruns, \(failures.count) failures)")
        print("REPORT-FIGURE soak-descriptors: \(first.descriptors) at start, \(last.descriptors) at end, max \(samples.map(\.descriptors).max()!)")
        print("REPORT-FIGURE soak-threads: \(first.threads) at start, \(last.threads) at end")
        print("REPORT-FIGURE soak-rss: \(first.rss) kB at start, \(warm.rss) kB at \(warm.second) s, \(last.rss) kB at end (\(last.second) s)")
    }
}
