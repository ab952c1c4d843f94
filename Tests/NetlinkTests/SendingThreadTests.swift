import Glibc
import Synchronization
import Netlink
import NetlinkCore
import NetlinkTestSupport
import Testing

/// Who calls `sendmsg` for a single request: the fake kernel answers inside `send`, as the real
/// one does its work inside `sendmsg`, so its handler runs on the sending thread.
@Suite("The thread that sends a request")
struct SendingThreadTests {
    /// The thread the fake kernel's handler ran on, and the thread of the task just before it
    /// called `execute` (no suspension point in between).
    private func threads(_ configuration: NetlinkConnection.Configuration) async throws -> (caller: pthread_t, sender: pthread_t) {
        let kernel = FakeNetlinkKernel()
        let sender = Mutex<pthread_t?>(nil)
        kernel.on(type: RTM_NEWLINK) { _ in
            sender.withLock { $0 = pthread_self() }
            return [.ack()]
        }
        let connection = try NetlinkConnection(transport: kernel, configuration: configuration)
        let caller = pthread_self()
        _ = try await connection.execute(type: RTM_NEWLINK)
        return (caller, try #require(sender.withLock { $0 }))
    }

    /// By default the reader thread sends: the task's pool thread never waits inside `sendmsg`
    /// (for the RTNL lock, on the real kernel).
    @Test func theReaderThreadSendsByDefault() async throws {
        let (caller, sender) = try await Task.detached { try await self.threads(NetlinkConnection.Configuration()) }.value
        #expect(pthread_equal(caller, sender) == 0)
    }

    /// `sending = .callingThread`, and reading on the calling thread: the task sends itself.
    @Test func theTaskSendsWhenConfigured() async throws {
        var sending = NetlinkConnection.Configuration()
        sending.sending = .callingThread
        var reading = NetlinkConnection.Configuration()
        reading.reading = .callingThread
        for configuration in [sending, reading] {
            let (caller, sender) = try await Task.detached { try await self.threads(configuration) }.value
            #expect(pthread_equal(caller, sender) != 0)
        }
    }

    /// Many tasks' requests through the reader thread, each answered, none lost (the reader is
    /// woken only when it waits; requests submitted while it works go out on its next turn).
    @Test func manyTasksThroughTheReader() async throws {
        let kernel = FakeNetlinkKernel()
        let connection = try NetlinkConnection(transport: kernel)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<250 { _ = try await connection.execute(type: RTM_NEWLINK) }
                }
            }
            try await group.waitForAll()
        }
        #expect(kernel.requests.count == 2_000)
        #expect(connection.pendingCount == 0)
    }
}
