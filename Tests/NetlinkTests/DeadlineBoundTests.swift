import Netlink
import NetlinkCore
import NetlinkTestSupport
import Testing

/// The reader keeps a lower bound of the pending requests' deadlines instead of scanning them all
/// for every datagram (see `ConnectionCore.pendingDeadlineBound`): each request must still time
/// out at its own deadline, whatever the order in which deadlines were set and expired.
@Suite("Request deadlines (fake kernel)")
struct DeadlineBoundTests {
    @Test func laterRequestsWithEarlierDeadlinesStillExpireOnTime() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_NEWLINK) { _ in [.silence] }
        let connection = try NetlinkConnection(transport: kernel)
        let clock = ContinuousClock()
        // A long request first: the bound is its deadline.
        let long = Task { () async -> NetlinkError.Code? in
            do {
                _ = try await connection.execute(type: RTM_NEWLINK, timeout: .seconds(600))
                return nil
            } catch let error as NetlinkError {
                return error.code
            } catch {
                return nil
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        // A shorter one after it lowers the bound: it must expire at its own deadline.
        var start = clock.now
        let first = await #expect(throws: NetlinkError.self) {
            try await connection.execute(type: RTM_NEWLINK, timeout: .milliseconds(200))
        }
        #expect(first?.code == .timedOut)
        #expect(clock.now - start >= .milliseconds(190))
        #expect(clock.now - start < .seconds(120))  // far below the long request's 600 s; loose for a stalled pool (11 s seen under ASan)
        // After that expiry the bound is the long request's again; another short one lowers it anew.
        start = clock.now
        let second = await #expect(throws: NetlinkError.self) {
            try await connection.execute(type: RTM_NEWLINK, timeout: .milliseconds(300))
        }
        #expect(second?.code == .timedOut)
        #expect(clock.now - start >= .milliseconds(290))
        #expect(clock.now - start < .seconds(120))  // far below the long request's 600 s; loose for a stalled pool (11 s seen under ASan)
        // The long request is still waiting (not failed early by the short ones' expiry).
        #expect(connection.pendingCount == 1)
        long.cancel()
        let longCode = await long.value
        #expect(longCode == NetlinkError.Code.cancelled)
        #expect(connection.pendingCount == 0)
    }

    @Test func manyPendingRequestsAllExpire() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RTM_NEWLINK) { _ in [.silence] }
        let connection = try NetlinkConnection(transport: kernel)
        let requests = (0..<500).map { _ in
            (type: RTM_NEWLINK, flags: NetlinkMessageFlags(), fixedHeaderSize: 0, build: { (_: inout NetlinkMessageBuilder) throws in })
        }
        let clock = ContinuousClock()
        let start = clock.now
        let results = try await connection.executeBatch(requests, timeout: .milliseconds(300))
        #expect(clock.now - start >= .milliseconds(290))
        #expect(results.count == 500)
        var timedOut = 0
        for result in results {
            if case .failure(let error) = result, error.code == .timedOut { timedOut += 1 }
        }
        #expect(timedOut == 500)
        #expect(connection.pendingCount == 0)
    }
}
