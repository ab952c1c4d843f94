import Glibc
import Netlink
import NetlinkCore
import NetlinkTestSupport
import SystemPackage
import Testing

private let RTM_NEWROUTE = NetlinkMessageType(24)

/// A message the fake kernel answers by its first payload byte: 0 succeeds, 1 fails with EEXIST,
/// 2 gets no reply at all, 3 makes the socket overrun instead of replying.
private func fakeMessage(_ b: inout NetlinkMessageBuilder, _ kind: UInt8, _ tag: UInt32) {
    b.append(kind)
    b.appendZeros(3)
    b.append(tag)
}

private func scriptedKernel() -> FakeNetlinkKernel {
    let kernel = FakeNetlinkKernel()
    kernel.on(type: RTM_NEWROUTE) { request in
        switch request.payload.first {
        case 1: return [.error(.fileExists, NetlinkExtendedAck(message: "exists"))]
        case 2: return []
        case 3: return [.overrun]
        default: return request.flags.contains(.acknowledge) ? [.ack()] : []
        }
    }
    return kernel
}

/// `NetlinkBatch` against the fake kernel: outcomes matched by sequence, in order, datagram
/// splitting, the errors-only mode, lost and missing replies.
@Suite("NetlinkBatch (fake kernel)")
struct BatchPipelineTests {
    /// Every message gets its own sequence number; each error lands on the message that caused it.
    @Test(arguments: [NetlinkBatch.Acknowledgements.every, .errorsOnly])
    func errorsMatchedBySequence(_ mode: NetlinkBatch.Acknowledgements) async throws {
        let kernel = scriptedKernel()
        let connection = try NetlinkConnection(transport: kernel)
        // 40-byte datagrams hold two 24-byte messages at most: many datagrams, window of 3.
        let batch = connection.batch(options: .init(datagramSize: 48, window: 3, acknowledgements: mode))
        let failing: Set<Int> = [0, 4, 5, 17, 29]
        for i in 0..<30 {
            let index = try await batch.append(type: RTM_NEWROUTE, flags: [.create, .exclusive]) {
                fakeMessage(&$0, failing.contains(i) ? 1 : 0, UInt32(i))
            }
            #expect(index == i)
        }
        let results = try await batch.results()
        #expect(results.count == 30)
        var sequences: Set<UInt32> = []
        for (i, result) in results.enumerated() {
            switch result {
            case .success(let ack):
                #expect(!failing.contains(i), "message \(i) succeeded")
                sequences.insert(ack.sequence)
            case .failure(let error):
                #expect(failing.contains(i), "message \(i) failed: \(error)")
                #expect(error.errno == .fileExists)
                #expect(error.message == "exists")
                if let sequence = error.sequence { sequences.insert(sequence) }
            }
        }
        #expect(sequences.count == 30)
        // Each request carries the sequence its outcome names, and the tag says which message it was.
        let requests = kernel.requests.filter { $0.type == RTM_NEWROUTE }
        #expect(requests.count == 30)
        for (i, request) in requests.enumerated() {
            let tag = request.payload.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self) }
            #expect(tag == UInt32(i))
            switch results[i] {
            case .success(let ack): #expect(ack.sequence == request.header.sequence)
            case .failure(let error): #expect(error.sequence == request.header.sequence)
            }
            // Errors-only: only the last message of each datagram asks for an acknowledgement.
            if mode == .every { #expect(request.flags.contains(.acknowledge)) }
        }
        if mode == .errorsOnly {
            #expect(requests.filter { $0.flags.contains(.acknowledge) }.count == 15)
        }
        #expect(connection.pendingCount == 0)
    }

    /// Outcomes are handed out in order as they arrive, without waiting.
    @Test func nextCompletedInOrder() async throws {
        let kernel = scriptedKernel()
        let connection = try NetlinkConnection(transport: kernel)
        let batch = connection.batch(options: .init(datagramSize: 4_096, window: 64, acknowledgements: .every))
        for i in 0..<10 {
            try await batch.append(type: RTM_NEWROUTE) { fakeMessage(&$0, i == 3 ? 1 : 0, UInt32(i)) }
        }
        #expect(batch.nextCompleted() == nil)  // nothing sent yet
        try await batch.finish()
        var seen: [Int] = []
        while let (index, result) = batch.nextCompleted() {
            seen.append(index)
            if case .failure = result { #expect(index == 3) }
        }
        #expect(seen == Array(0..<10))
        #expect(batch.inFlight == 0)
    }

    /// `skipSucceeded` hands out runs of plain successes (across datagrams) and stops at each
    /// failure, which `nextCompleted` then gives; indices stay in order.
    @Test(arguments: [NetlinkBatch.Acknowledgements.every, .errorsOnly])
    func skipSucceededStopsAtFailures(_ mode: NetlinkBatch.Acknowledgements) async throws {
        let kernel = scriptedKernel()
        let connection = try NetlinkConnection(transport: kernel)
        let batch = connection.batch(options: .init(datagramSize: 48, window: 8, acknowledgements: mode))
        let failing: Set<Int> = [0, 5, 6, 13, 19]
        for i in 0..<20 {
            try await batch.append(type: RTM_NEWROUTE) { fakeMessage(&$0, failing.contains(i) ? 1 : 0, UInt32(i)) }
        }
        #expect(batch.skipSucceeded(atMost: 100) == 0)  // the last datagram is not sent yet
        try await batch.finish()
        var next = 0
        var failed: [Int] = []
        while next < 20 {
            let skipped = batch.skipSucceeded(atMost: 3)
            for index in next..<next + skipped { #expect(!failing.contains(index), "\(index) skipped") }
            next += skipped
            if skipped == 0 {
                let completed = try #require(batch.nextCompleted())
                #expect(completed.index == next)
                if case .failure(let error) = completed.result {
                    #expect(error.errno == .fileExists)
                    failed.append(completed.index)
                }
                next += 1
            }
        }
        #expect(failed == failing.sorted())
        #expect(batch.skipSucceeded(atMost: 10) == 0)
        #expect(batch.nextCompleted() == nil)
    }

    /// An overrun (ENOBUFS) fails every message without an outcome with replyLost; nothing hangs.
    @Test(arguments: [NetlinkBatch.Acknowledgements.every, .errorsOnly])
    func lostRepliesFailWithReplyLost(_ mode: NetlinkBatch.Acknowledgements) async throws {
        let kernel = scriptedKernel()
        let connection = try NetlinkConnection(transport: kernel)
        let batch = connection.batch(options: .init(datagramSize: 4_096, window: 64, acknowledgements: mode))
        for i in 0..<10 {
            try await batch.append(type: RTM_NEWROUTE) { fakeMessage(&$0, i == 6 ? 3 : (i == 2 ? 1 : 0), UInt32(i)) }
        }
        let results = try await batch.results()
        #expect(results.count == 10)
        for (i, result) in results.enumerated() {
            switch (i, result) {
            case (2, .failure(let error)):
                #expect(error.errno == .fileExists)
            case (0..<6, .success) where mode == .every:
                continue
            case (_, .failure(let error)) where error.code == .replyLost:
                // Errors-only: nothing but the error of message 2 was known before the overrun.
                #expect(mode == .errorsOnly || i >= 6)
            default:
                Issue.record("message \(i): \(result)")
            }
        }
        #expect(connection.pendingCount == 0)
    }

    /// A datagram whose replies do not come fails its unanswered messages when its time is up.
    @Test func missingRepliesTimeOut() async throws {
        let kernel = scriptedKernel()
        let connection = try NetlinkConnection(transport: kernel)
        let batch = connection.batch(options: .init(window: 8, acknowledgements: .every, timeout: .milliseconds(200)))
        for i in 0..<5 {
            try await batch.append(type: RTM_NEWROUTE) { fakeMessage(&$0, i == 1 || i == 4 ? 2 : 0, UInt32(i)) }
        }
        let results = try await batch.results()
        let codes = results.map { result -> String in
            switch result {
            case .success: "ok"
            case .failure(let error): error.code.rawValue
            }
        }
        #expect(codes == ["ok", NetlinkError.Code.timedOut.rawValue, "ok", "ok", NetlinkError.Code.timedOut.rawValue])
    }

    /// A message whose encoding fails is not appended: the next one takes its index.
    @Test func encodingFailureAppendsNothing() async throws {
        let kernel = scriptedKernel()
        let connection = try NetlinkConnection(transport: kernel)
        let batch = connection.batch()
        try await batch.append(type: RTM_NEWROUTE) { fakeMessage(&$0, 0, 0) }
        await #expect(throws: NetlinkError.self) {
            try await batch.append(type: RTM_NEWROUTE) { b in
                fakeMessage(&b, 0, 1)
                try b.appendAttribute(1, bytes: [UInt8](repeating: 0, count: 70_000))
            }
        }
        let index = try await batch.append(type: RTM_NEWROUTE) { fakeMessage(&$0, 0, 2) }
        #expect(index == 1)
        let results = try await batch.results()
        #expect(results.count == 2)
        #expect(kernel.requests.count == 2)
    }

    /// A closed connection fails what is appended afterwards instead of waiting.
    @Test func closedConnection() async throws {
        let kernel = scriptedKernel()
        let connection = try NetlinkConnection(transport: kernel)
        let batch = connection.batch()
        connection.close()
        try await batch.append(type: RTM_NEWROUTE) { fakeMessage(&$0, 0, 0) }
        let results = try await batch.results()
        #expect(results.count == 1)
        if case .failure(let error) = results[0] { #expect(error.code == .closed) } else { Issue.record("succeeded") }
    }
}

/// `NetlinkBatch` against the real kernel, in a private namespace.
@Suite("NetlinkBatch (kernel)", .enabled(if: KernelAccess.available, KernelAccess.reason), .serialized)
struct KernelBatchTests {
    /// `RTM_NEWROUTE` for a blackhole route `10.a.b.0/24` in table main (no device needed).
    static func blackhole(_ b: inout NetlinkMessageBuilder, _ n: Int) throws {
        // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags
        b.append(UInt8(2)); b.append(UInt8(24)); b.append(UInt8(0)); b.append(UInt8(0))
        b.append(UInt8(254)); b.append(UInt8(4)); b.append(UInt8(0)); b.append(UInt8(6))
        b.append(UInt32(0))
        try b.appendAttribute(1, bytes: [10, UInt8(n / 256 % 256), UInt8(n % 256), 0])  // RTA_DST
    }

    /// 10k routes, every 97th a duplicate of the one before: exactly those fail, with EEXIST.
    @Test(arguments: [NetlinkBatch.Acknowledgements.every, .errorsOnly])
    func tenThousandRoutes(_ mode: NetlinkBatch.Acknowledgements) async throws {
        var configuration = NetlinkConnection.Configuration()
        configuration.receiveBufferSize = 4 << 20
        let (namespace, connection) = try privateConnection(configuration: configuration)
        _ = namespace
        let batch = connection.batch(options: .init(window: 1_024, acknowledgements: mode))
        let count = 10_000
        var duplicates: Set<Int> = []
        for i in 0..<count {
            let duplicate = i % 97 == 96
            if duplicate { duplicates.insert(i) }
            try await batch.append(type: RTM_NEWROUTE, flags: [.create, .exclusive], fixedHeaderSize: 12) {
                try Self.blackhole(&$0, duplicate ? i - 1 : i)
            }
        }
        let results = try await batch.results()
        #expect(results.count == count)
        var failedAt: Set<Int> = []
        for (i, result) in results.enumerated() {
            if case .failure(let error) = result {
                failedAt.insert(i)
                #expect(error.errno == .fileExists, "message \(i): \(error)")
            }
        }
        #expect(failedAt == duplicates)
        // The table holds exactly the routes that succeeded.
        var routes = 0
        for try await datagram in connection.dump(type: NetlinkMessageType(26), fixedHeaderSize: 12, { b in
            b.append(UInt8(2)); b.appendZeros(11)
        }) {
            try datagram.forEachMessage { message in
                if message.type == RTM_NEWROUTE, message.payload.withUnsafeBytes({ $0[7] == 6 }) { routes += 1 }
            }
        }
        #expect(routes == count - duplicates.count)
        print("REPORT-FIGURE batch-lib-10k-routes-\(mode == .every ? "ack-each" : "errors-only"): \(failedAt.count) of \(count) failures matched to their message")
    }

    /// A receive buffer far too small for the acknowledgements: the kernel drops some, and those
    /// messages fail with replyLost; every message still gets an outcome, none hangs.
    @Test func overrunReportsReplyLost() async throws {
        var configuration = NetlinkConnection.Configuration()
        configuration.receiveBufferSize = 4_096
        configuration.forceReceiveBuffer = false
        let (namespace, connection) = try privateConnection(configuration: configuration)
        _ = namespace
        let batch = connection.batch(options: .init(window: 4_096, acknowledgements: .every, timeout: .seconds(20)))
        let count = 3_000
        for i in 0..<count {
            try await batch.append(type: RTM_NEWROUTE, flags: [.create, .exclusive], fixedHeaderSize: 12) {
                try Self.blackhole(&$0, i)
            }
        }
        let results = try await batch.results()
        #expect(results.count == count)
        var lost = 0
        for result in results {
            switch result {
            case .success: continue
            case .failure(let error) where error.code == .replyLost: lost += 1
            case .failure(let error): Issue.record("unexpected \(error)")
            }
        }
        #expect(lost > 0)
        #expect(connection.statistics.overruns > 0)
        print("REPORT-FIGURE batch-lib-overrun-replylost: \(lost) of \(count) messages failed with replyLost (4 KiB receive buffer, ACK each)")
    }
}
