import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import Synchronization
import Testing

/// A forged flood must not cost replies: a root socket in the namespace sends forged route
/// notifications at a request connection's port as fast as it can while the connection runs 100
/// requests. The connection is connected to the kernel, so the kernel refuses every forged unicast
/// (`ECONNREFUSED` for the forger) before it takes receive-buffer room; without that, forged
/// datagrams filled the buffer and replies were lost ("reply lost, outcome unknown").
@Suite("Forged floods", .enabled(if: KernelAccess.available, KernelAccess.reason))
struct FloodTests {
    @Test func forgedUnicastFloodCostsNoReply() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let connection = try await NetlinkConnection(family: .route, namespace: namespace)
        let target = connection.localAddress
        let forger = try NetlinkSocket(family: .route, namespace: namespace)
        let datagram = try forgedRouteNotification(1)

        struct Counts { var stop = false, attempts = 0, refused = 0, delivered = 0, otherErrors = 0 }
        let counts = Mutex(Counts())
        // The flooder blocks in send(2): a thread of its own, never the cooperative pool. Bounded:
        // at most 60 s or 5 million datagrams.
        var thread = pthread_t()
        final class Job: @unchecked Sendable {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        let job = Job {
            let started = ContinuousClock.now
            var local = Counts()
            while local.attempts < 5_000_000, ContinuousClock.now - started < .seconds(60) {
                if local.attempts % 1_024 == 0, counts.withLock({ $0.stop }) { break }
                local.attempts += 1
                do throws(NetlinkError) {
                    try forger.send(datagram, to: target)
                    local.delivered += 1
                } catch {
                    if error.errno == .connectionRefused { local.refused += 1 } else { local.otherErrors += 1 }
                }
            }
            counts.withLock { $0.attempts = local.attempts; $0.refused = local.refused; $0.delivered = local.delivered; $0.otherErrors = local.otherErrors }
        }
        let unmanaged = Unmanaged.passRetained(job)
        #expect(pthread_create(&thread, nil, { raw in
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            job.body()
            return nil
        }, unmanaged.toOpaque()) == 0)

        var failures: [String] = []
        for number in 0..<100 {
            do throws(NetlinkError) {
                if number % 2 == 0 {
                    _ = try await connection.links()
                } else {
                    try await connection.execute(type: RouteMessageType.newRoute, flags: [.create, .exclusive], fixedHeaderSize: 12) { b in
                        b.append(bytes: [2, 32, 0, 0, 254, 4, 0, 6] + [0, 0, 0, 0])   // rtmsg: IPv4 /32, main, static, blackhole
                        try b.appendAttribute(1, ipv4: IPv4Address(10, 88, 0, UInt8(number)))
                    }
                }
            } catch {
                failures.append("request \(number): \(error)")
            }
        }
        counts.withLock { $0.stop = true }
        pthread_join(thread, nil)
        let result = counts.withLock { $0 }
        #expect(failures.isEmpty, "\(failures)")
        #expect(result.attempts > 0)
        #expect(result.refused == result.attempts, "every forged unicast refused by the kernel: \(result.refused) of \(result.attempts), \(result.delivered) delivered, \(result.otherErrors) other errors")
        #expect(connection.statistics.droppedUntrusted == 0, "nothing forged reached the socket")
        print("REPORT-FIGURE flood-forged-unicast: \(result.attempts) forged datagrams at a request connection's port during 100 requests, \(result.refused) refused by the kernel (ECONNREFUSED), \(result.delivered) delivered")
        print("REPORT-FIGURE flood-requests-failed: \(failures.count) of 100")
    }
}
