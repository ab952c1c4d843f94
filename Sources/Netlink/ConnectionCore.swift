import NetlinkCore
import SystemPackage

/// A request waiting for its acknowledgement. Guarded by the core's lock.
final class SingleRequest: @unchecked Sendable {
    var bytes: [UInt8]
    let fixedHeaderSize: Int
    let timeout: Duration
    var sequence: UInt32 = 0
    var deadline: ContinuousClock.Instant = .now
    var replies: [[UInt8]] = []
    var completion: ((Result<NetlinkAcknowledgement, NetlinkError>) -> Void)?
    /// Where a request read on the calling thread finds its result (guarded by the core's lock).
    var outcome: Result<NetlinkAcknowledgement, NetlinkError>?
    /// Sent without `NLM_F_ACK`: done at its first reply message (or the kernel's error).
    let endsAtReply: Bool
    /// Sent with `NLM_F_ECHO`: the kernel's copy of the notification comes back to this port
    /// addressed from the object's group (`nl_groups` set), yet it is this request's reply.
    var asksEcho: Bool {
        bytes.count >= 8 && (UInt16(bytes[6]) | UInt16(bytes[7]) << 8) & NetlinkMessageFlags.echo.rawValue != 0
    }

    init(bytes: [UInt8], fixedHeaderSize: Int, timeout: Duration, endsAtReply: Bool = false) {
        self.bytes = bytes
        self.fixedHeaderSize = fixedHeaderSize
        self.timeout = timeout
        self.endsAtReply = endsAtReply
    }
}

/// A dump from request to `NLMSG_DONE`. Guarded by the core's lock (except before it is shared).
final class DumpState: @unchecked Sendable {
    var request: [UInt8]
    let fixedHeaderSize: Int
    let capacity: Int
    let acceptInterrupted: Bool
    var sequence: UInt32 = 0
    var queued = false
    var sent = false
    var buffer: [NetlinkDatagram] = []
    var outcome: Result<Void, NetlinkError>?
    var endDelivered = false
    var interrupted = false
    var abandoned = false
    var hasIterator = false
    var deadline: ContinuousClock.Instant?
    var waiter: CheckedContinuation<Result<NetlinkDatagram?, NetlinkError>, Never>?

    init(request: [UInt8], fixedHeaderSize: Int, capacity: Int, acceptInterrupted: Bool) {
        self.request = request
        self.fixedHeaderSize = fixedHeaderSize
        self.capacity = capacity
        self.acceptInterrupted = acceptInterrupted
    }

    func finish(_ result: Result<Void, NetlinkError>) {
        if outcome == nil { outcome = result }
    }

    /// What the consumer sees once the buffer is empty and the dump has ended.
    var endResult: Result<NetlinkDatagram?, NetlinkError> {
        switch outcome {
        case .failure(let error): return .failure(error)
        case .success, nil:
            if interrupted && !acceptInterrupted {
                return .failure(NetlinkError(.dumpInterrupted, sequence: sequence, detail: "NLM_F_DUMP_INTR"))
            }
            return .success(nil)
        }
    }
}

/// Tells a cancellation handler whether its task's continuation was installed. Guarded by the core's lock.
final class EventWaitToken: @unchecked Sendable {
    var waiting = false
    var cancelled = false
}

/// The engine: state shared by the callers and the reader thread, under one lock.
final class ConnectionCore: @unchecked Sendable {
    let transport: any NetlinkTransport
    let configuration: NetlinkConnection.Configuration
    private let lock = ConditionLock()

    // Guarded by `lock`.
    private var closed = false
    private var nextSequence: UInt32
    private var pending: [UInt32: SingleRequest] = [:]
    /// No request in `pending` has an earlier deadline (`nil`: none pending). Lowered at each
    /// insertion, made exact again only by `expire` once it has passed, so the reader does not scan
    /// every pending request for each datagram it receives (quadratic for a big `executeBatch`).
    private var pendingDeadlineBound: ContinuousClock.Instant?
    private var activeDump: DumpState?
    private var dumpQueue: [DumpState] = []
    private var dumpsToSend: [DumpState] = []
    /// Single requests (one datagram each `submit`) for the reader thread to send.
    private var requestsToSend: [(datagram: [UInt8], requests: [SingleRequest])] = []
    /// The reader thread is in (or about to enter) its wait for a datagram, having seen
    /// `requestsToSend` empty: a new request must wake it. Otherwise it sends the request on its
    /// next turn without a wake-up.
    private var readerBlocked = false
    private var batchDatagrams: [BatchDatagram] = []
    private var batchesToSend: [BatchDatagram] = []
    /// After an overrun the kernel drops every reply, silently, until the receive queue has been
    /// emptied: batch datagrams wait for that (the reader reads until nothing is left) before going out.
    private var congested = false
    private var readerDeadline: ContinuousClock.Instant?
    private var events: [NetlinkEvent] = []
    private var eventWaiter: CheckedContinuation<Result<NetlinkEvent?, NetlinkError>, Never>?
    private var eventsLostUnmarked = false
    /// The socket's drop count (`SK_MEMINFO_DROPS`) when the last overrun was reported, until the
    /// receive queue has been seen empty: in between, the kernel drops replies without another ENOBUFS.
    private var dropsAtOverrun: UInt32?
    /// The socket's drop count as far as overrun events have reported it: each event carries the
    /// drops since the previous one, so their sum is the kernel's counter.
    private var dropsReported: UInt32 = 0
    private var counters = NetlinkConnection.Statistics(
        droppedUntrusted: 0, unmatchedReplies: 0, overruns: 0, droppedEvents: 0, unexpectedEvents: 0, deliveredEvents: 0)

    private var deliversEvents: Bool { !configuration.groups.isEmpty || configuration.listenAllNamespaceIDs }

    /// `Configuration.Reading.callingThread`: no reader thread; waiting callers `pump`.
    let readsOnCallingThread: Bool
    /// Single requests are sent by the task that submits them (`Configuration.Sending.callingThread`,
    /// or no reader thread), not handed to the reader thread.
    let sendsOnCallingThread: Bool
    /// Held by the caller that pumps (one at a time); guards `pumpBuffer`.
    private let pumpLock = ConditionLock()
    private var pumpBuffer: [UInt8] = []

    init(transport: any NetlinkTransport, configuration: NetlinkConnection.Configuration) {
        self.transport = transport
        self.configuration = configuration
        readsOnCallingThread = configuration.reading == .callingThread
        sendsOnCallingThread = readsOnCallingThread || configuration.sending == .callingThread
        var first = configuration.initialSequence ?? UInt32.random(in: 1...UInt32.max)
        if first == 0 { first = 1 }
        nextSequence = first
    }

    func withLock<T>(_ body: () -> T) -> T { lock.withLock(body) }

    func startReader() throws(NetlinkError) {
        try DedicatedThread.start(name: "netlink-reader") { [self] in readerLoop() }
    }

    func statistics() -> NetlinkConnection.Statistics {
        var value = lock.withLock { counters }
        if let socket = transport as? NetlinkSocket {
            value.droppedUntrusted += socket.droppedUntrustedCount
        }
        return value
    }

    func pendingCount() -> Int {
        lock.withLock {
            pending.count + (activeDump == nil ? 0 : 1) + dumpQueue.count
                + batchDatagrams.reduce(0) { $0 + $1.count - $1.resolved }
        }
    }

    func close() {
        let alreadyClosed = lock.withLock { () -> Bool in
            defer { closed = true; lock.broadcast() }
            return closed
        }
        if !alreadyClosed { transport.close() }
    }

    // MARK: Sequence numbers

    /// The next free sequence number: never 0, never one in flight; wraps at 2^32.
    private func allocateSequence() -> UInt32 {
        while true {
            let candidate = nextSequence
            nextSequence = nextSequence &+ 1
            if nextSequence == 0 { nextSequence = 1 }
            if candidate == 0 || pending[candidate] != nil || activeDump?.sequence == candidate { continue }
            if !batchDatagrams.isEmpty, batchDatagrams.contains(where: { $0.contains(candidate) }) { continue }
            return candidate
        }
    }

    private static func patch(sequence: UInt32, into bytes: inout [UInt8], at offset: Int = 0) {
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: sequence, toByteOffset: offset + 8, as: UInt32.self) }
    }

    /// Makes the reader look at its deadlines again if `deadline` is earlier than the one it waits for.
    private func noteDeadline(_ deadline: ContinuousClock.Instant, _ actions: inout [() -> Void]) {
        if readerDeadline == nil || deadline < readerDeadline! {
            readerDeadline = deadline
            lock.broadcast()
            // Inline, the caller reads next (or waits for the one reading, then looks at its deadlines).
            if !readsOnCallingThread { actions.append { [transport] in transport.wakeUp() } }
        }
    }

    // MARK: Unanswered messages

    /// Sends one message with a fresh sequence number and waits for nothing; returns the number.
    func sendUnanswered(bytes: [UInt8]) throws(NetlinkError) -> UInt32 {
        var bytes = bytes
        let sequence: UInt32? = lock.withLock { closed ? nil : allocateSequence() }
        guard let sequence else { throw NetlinkError(.closed) }
        Self.patch(sequence: sequence, into: &bytes)
        try transport.send(bytes, to: configuration.peer)
        return sequence
    }

    // MARK: Acknowledged requests

    func execute(bytes: consuming [UInt8], fixedHeaderSize: Int, timeout: Duration, endsAtReply: Bool = false) async throws(NetlinkError) -> NetlinkAcknowledgement {
        // The bytes move into the request (shared, patching the sequence number in copied them).
        let request = SingleRequest(bytes: consume bytes, fixedHeaderSize: fixedHeaderSize, timeout: timeout, endsAtReply: endsAtReply)
        if readsOnCallingThread { return try await executeReadingHere(request) }
        let result = await withTaskCancellationHandler {
            // A checked continuation: an unsafe one saves an allocation, but ThreadSanitizer reports
            // its resume from the reader thread as a race with the task (the runtime's
            // synchronization is not instrumented), which would hide real races in the TSan stage.
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<NetlinkAcknowledgement, NetlinkError>, Never>) in
                submit(CollectionOfOne(request), completions: CollectionOfOne({ continuation.resume(returning: $0) }))
                if readsOnCallingThread { pump { request.completion == nil } }
            }
        } onCancel: {
            cancel(request)
        }
        return try result.get()
    }

    /// `Reading.callingThread`: the task's own thread sends and reads until the request has ended,
    /// so the outcome is at hand without a continuation (its allocation and suspension point). The
    /// completion runs on this thread, unless another one cancels the request or closes the
    /// connection: then it is handed over under the lock.
    private func executeReadingHere(_ request: SingleRequest) async throws(NetlinkError) -> NetlinkAcknowledgement {
        let result = await withTaskCancellationHandler {
            let completion: (Result<NetlinkAcknowledgement, NetlinkError>) -> Void = { [lock] result in
                lock.withLock {
                    request.outcome = result
                    lock.broadcast()
                }
            }
            if !sendAndReadAtOnce(request, completion: completion) {
                submit(CollectionOfOne(request), completions: CollectionOfOne(completion))
            }
            pump { request.completion == nil }
            return lock.withLock {
                while request.outcome == nil { lock.wait(until: nil) }
                defer { request.outcome = nil }  // the closure above and the request: no cycle left
                return request.outcome!
            }
        } onCancel: {
            cancel(request)
        }
        return try result.get()
    }

    func executeBatch(_ messages: [(bytes: [UInt8], fixedHeaderSize: Int)], timeout: Duration) async throws(NetlinkError)
        -> [Result<NetlinkAcknowledgement, NetlinkError>]
    {
        let requests = messages.map { SingleRequest(bytes: $0.bytes, fixedHeaderSize: $0.fixedHeaderSize, timeout: timeout) }
        if requests.isEmpty { return [] }
        final class Collector: @unchecked Sendable {
            var results: [Result<NetlinkAcknowledgement, NetlinkError>?]
            var remaining: Int
            init(_ count: Int) {
                results = Array(repeating: nil, count: count)
                remaining = count
            }
        }
        let collector = Collector(requests.count)
        let results = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Result<NetlinkAcknowledgement, NetlinkError>], Never>) in
                let gate = ConditionLock()
                let completions: [(Result<NetlinkAcknowledgement, NetlinkError>) -> Void] = requests.indices.map { index in
                    { result in
                        let done = gate.withLock { () -> Bool in
                            collector.results[index] = result
                            collector.remaining -= 1
                            return collector.remaining == 0
                        }
                        if done { continuation.resume(returning: collector.results.map { $0! }) }
                    }
                }
                submit(requests, completions: completions)
                if readsOnCallingThread { pump { requests.allSatisfy { $0.completion == nil } } }
            }
        } onCancel: {
            for request in requests { cancel(request) }
        }
        return results
    }

    /// Registers the requests and sends them in one datagram: from the reader thread (handed over
    /// with a wake-up when it waits), or here when the task sends (`Configuration.Sending`) or
    /// the connection reads on the calling thread.
    ///
    /// The kernel does a request's work inside `sendmsg` — under the RTNL lock for most rtnetlink
    /// changes, which another process may hold for a long time — so the call would block the
    /// caller's thread, one of Swift's few concurrency-pool threads, for as long. The reader thread
    /// takes that wait; the caller's thread is back in the pool at once.
    private func submit(
        _ requests: some Collection<SingleRequest>, completions: some Collection<(Result<NetlinkAcknowledgement, NetlinkError>) -> Void>
    ) {
        var actions: [() -> Void] = []
        var datagram: [UInt8] = []
        let failure: NetlinkError? = lock.withLock {
            if closed { return NetlinkError(.closed) }
            if Task.isCancelled { return NetlinkError(.cancelled) }
            let now = ContinuousClock.now
            for (request, completion) in zip(requests, completions) {
                register(request, completion: completion)
                startDeadline(of: request, now: now, &actions)
                if requests.count == 1 {
                    datagram = request.bytes  // one message: sent as it is (no copy, no padding)
                } else {
                    datagram += request.bytes
                    let padding = NetlinkAlignment.align(datagram.count) - datagram.count
                    if padding > 0 { datagram.append(contentsOf: repeatElement(0, count: padding)) }
                }
            }
            if !sendsOnCallingThread {
                requestsToSend.append((datagram, Array(requests)))
                lock.broadcast()  // a paused reader waits on the lock
                if readerBlocked {
                    readerBlocked = false  // one wake-up is enough
                    actions.append { [transport] in transport.wakeUp() }
                }
            }
            return nil
        }
        if let failure {
            for completion in completions { completion(.failure(failure)) }
            return
        }
        for action in actions { action() }
        if !sendsOnCallingThread { return }
        send(datagram, of: requests)
    }

    /// Gives `request` its sequence number (patched into its bytes) and its completion, and makes
    /// it pending. The lock is held.
    private func register(_ request: SingleRequest, completion: @escaping (Result<NetlinkAcknowledgement, NetlinkError>) -> Void) {
        request.sequence = allocateSequence()
        Self.patch(sequence: request.sequence, into: &request.bytes)
        request.completion = completion
        pending[request.sequence] = request
    }

    /// Sets the deadline of a pending request, `now` plus its timeout, where the reader looks for
    /// the nearest one. The lock is held.
    private func startDeadline(of request: SingleRequest, now: ContinuousClock.Instant, _ actions: inout [() -> Void]) {
        request.deadline = now.advanced(by: request.timeout)
        if pendingDeadlineBound == nil || request.deadline < pendingDeadlineBound! { pendingDeadlineBound = request.deadline }
        noteDeadline(request.deadline, &actions)
    }

    /// Sends the single requests submitted since the reader last looked. Reader thread only.
    private func sendPendingRequests() {
        let due: [(datagram: [UInt8], requests: [SingleRequest])] = lock.withLock {
            defer { requestsToSend.removeAll(keepingCapacity: true) }
            return requestsToSend
        }
        for (datagram, requests) in due {
            // Not sent when every request of it has ended meanwhile (cancelled, expired, closed).
            let live = lock.withLock { requests.contains { pending[$0.sequence] === $0 } }
            if live { send(datagram, of: requests) }
        }
    }

    /// Sends one datagram of single requests; on failure, completes those still pending with the error.
    private func send(_ datagram: [UInt8], of requests: some Collection<SingleRequest>) {
        do throws(NetlinkError) {
            try transport.send(datagram, to: configuration.peer)
        } catch {
            var toComplete: [(SingleRequest, (Result<NetlinkAcknowledgement, NetlinkError>) -> Void)] = []
            lock.withLock {
                for request in requests where pending[request.sequence] === request {
                    pending[request.sequence] = nil
                    if let completion = request.completion { toComplete.append((request, completion)) }
                    request.completion = nil
                }
            }
            for (request, completion) in toComplete {
                var error = error
                error.sequence = request.sequence
                completion(.failure(error))
            }
        }
    }

    private func cancel(_ request: SingleRequest) {
        let completion: ((Result<NetlinkAcknowledgement, NetlinkError>) -> Void)? = lock.withLock {
            guard pending[request.sequence] === request else { return nil }
            pending[request.sequence] = nil
            defer { request.completion = nil }
            return request.completion
        }
        completion?(.failure(NetlinkError(.cancelled, sequence: request.sequence)))
        wakeUpPumpingCaller()
    }

    /// Inline: makes the caller that reads, if any, look again (its wait may be over, cancelled
    /// from another thread).
    private func wakeUpPumpingCaller() {
        guard readsOnCallingThread else { return }
        if pumpLock.tryLock() {
            pumpLock.unlock()  // nobody reads
        } else {
            transport.wakeUp()
        }
    }

    // MARK: Pipelined batches

    /// Registers a batch datagram (sequence numbers patched in) and hands it to the reader thread,
    /// which sends it: the kernel does the work of a netlink request inside `sendmsg`, so the
    /// caller goes on encoding the next datagram meanwhile (and sends never race a dump's reads).
    func sendBatch(_ datagram: BatchDatagram) {
        var actions: [() -> Void] = []
        lock.withLock {
            let state = datagram.owner
            state.datagrams.append(datagram)
            state.unresolved += datagram.count
            if closed || state.cancelled {
                datagram.failUnresolved(NetlinkError(closed ? .closed : .cancelled))
                serviceBatchWaiter(state, &actions)
                return
            }
            datagram.base = reserveSequences(datagram.count)
            for (position, offset) in datagram.offsets.enumerated() {
                Self.patch(sequence: datagram.base &+ UInt32(position), into: &datagram.bytes, at: offset)
            }
            datagram.deadline = ContinuousClock.now.advanced(by: datagram.timeout)
            batchDatagrams.append(datagram)
            noteDeadline(datagram.deadline, &actions)
            batchesToSend.append(datagram)
            lock.broadcast()
            if !readsOnCallingThread { actions.append { [transport] in transport.wakeUp() } }
        }
        for action in actions { action() }
        // Inline: sent now unless a caller is reading (it sends it on its next turn), so that the
        // kernel works on it while the caller encodes the next one.
        if readsOnCallingThread && pumpLock.tryLock() {
            sendPendingBatches()
            pumpLock.unlock()
        }
    }

    /// Sends the batch datagrams registered since the reader last looked. Reader thread only.
    private func sendPendingBatches() {
        let due: [BatchDatagram] = lock.withLock {
            if congested { return [] }
            defer { batchesToSend.removeAll() }
            return batchesToSend
        }
        for datagram in due {
            // Still registered (not failed, cancelled or abandoned meanwhile)?
            let bytes: [UInt8]? = lock.withLock {
                guard batchDatagrams.contains(where: { $0 === datagram }) else { return nil }
                datagram.sent = true
                return datagram.bytes
            }
            guard let bytes else { continue }
            do throws(NetlinkError) {
                try transport.send(bytes, to: configuration.peer)
            } catch {
                var more: [() -> Void] = []
                lock.withLock {
                    failBatchDatagrams(error, where: { $0 === datagram }, &more)
                }
                for action in more { action() }
            }
        }
    }

    /// `count` consecutive free sequence numbers (not wrapping through 0); returns the first.
    private func reserveSequences(_ count: Int) -> UInt32 {
        var base = nextSequence == 0 ? 1 : nextSequence
        while true {
            if UInt64(base) + UInt64(count) > UInt64(UInt32.max) { base = 1 }
            let range = UInt64(base)..<(UInt64(base) + UInt64(count))
            var conflict: UInt32?
            for sequence in pending.keys where range.contains(UInt64(sequence)) { conflict = max(conflict ?? 0, sequence) }
            if let dump = activeDump, range.contains(UInt64(dump.sequence)) { conflict = max(conflict ?? 0, dump.sequence) }
            for other in batchDatagrams where range.overlaps(UInt64(other.base)..<(UInt64(other.base) + UInt64(other.count))) {
                conflict = max(conflict ?? 0, other.base &+ UInt32(other.count - 1))
            }
            if let conflict {
                base = conflict &+ 1
                if base == 0 { base = 1 }
                continue
            }
            nextSequence = base &+ UInt32(count)
            if nextSequence == 0 { nextSequence = 1 }
            return base
        }
    }

    /// Waits until at most `limit` messages of the batch are without an outcome.
    func waitForBatch(_ state: BatchState, atMost limit: Int) async throws(NetlinkError) {
        if Task.isCancelled {
            cancelBatch(state)
            throw NetlinkError(.cancelled)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = lock.withLock { () -> Bool in
                    if state.unresolved <= limit || closed || state.cancelled { return true }
                    state.waitLimit = limit
                    state.waiter = continuation
                    return false
                }
                if ready {
                    continuation.resume()
                } else if readsOnCallingThread {
                    pump { state.waiter == nil }
                }
            }
        } onCancel: {
            cancelBatch(state)
        }
        if lock.withLock({ state.cancelled }) { throw NetlinkError(.cancelled) }
    }

    /// Fails the batch's messages in flight with `cancelled` and wakes its waiter.
    private func cancelBatch(_ state: BatchState) {
        var actions: [() -> Void] = []
        lock.withLock {
            state.cancelled = true
            failBatchDatagrams(NetlinkError(.cancelled), where: { $0.owner === state }, &actions)
            if let waiter = state.waiter {
                state.waiter = nil
                actions.append { waiter.resume() }
            }
        }
        for action in actions { action() }
        wakeUpPumpingCaller()
    }

    /// The batch is gone: its replies still to come are unmatched.
    func abandonBatch(_ state: BatchState) {
        lock.withLock {
            batchDatagrams.removeAll { $0.owner === state }
            state.datagrams.removeAll()
        }
    }

    /// Fails the messages without an outcome of the datagrams in flight that `condition` selects.
    private func failBatchDatagrams(
        _ error: NetlinkError, where condition: (BatchDatagram) -> Bool, _ actions: inout [() -> Void]
    ) {
        var owners: [BatchState] = []
        batchDatagrams.removeAll { datagram in
            guard condition(datagram) else { return false }
            datagram.failUnresolved(error)
            if !owners.contains(where: { $0 === datagram.owner }) { owners.append(datagram.owner) }
            return true
        }
        for owner in owners { serviceBatchWaiter(owner, &actions) }
    }

    private func serviceBatchWaiter(_ state: BatchState, _ actions: inout [() -> Void]) {
        guard let waiter = state.waiter, state.unresolved <= state.waitLimit || closed else { return }
        state.waiter = nil
        actions.append { waiter.resume() }
    }

    /// A reply to a message of a batch datagram. Called with the lock held.
    private func handleBatchReply(_ message: borrowing NetlinkMessage, _ datagram: BatchDatagram, _ actions: inout [() -> Void]) {
        let sequence = message.sequence
        let position = Int(sequence &- datagram.base)
        // A plain success is stored compactly, unless this connection delivers events: then each
        // acknowledgement carries its place among them (``NetlinkAcknowledgement/eventsDelivered``).
        func succeed(_ position: Int) {
            guard deliversEvents else {
                datagram.resolve(position, nil)
                return
            }
            datagram.resolve(position, .success(NetlinkAcknowledgement(
                warning: nil, extendedAck: nil, replies: [], sequence: datagram.base &+ UInt32(position),
                eventsDelivered: counters.deliveredEvents)))
        }
        switch message.type {
        case .error:
            do {
                let reply = try NetlinkErrorMessage(decoding: message)
                if reply.error != 0, let error = NetlinkError.kernelReply(
                    reply, request: datagram.request(at: position), fixedHeaderSize: datagram.fixedHeaderSizes[position])
                {
                    datagram.resolve(position, .failure(error))
                } else {
                    let warning = reply.extendedAck?.message.flatMap { $0.isEmpty ? nil : $0 }
                    let replies = datagram.replies.removeValue(forKey: position) ?? []
                    if warning == nil && reply.extendedAck == nil && replies.isEmpty {
                        succeed(position)
                    } else {
                        datagram.resolve(position, .success(NetlinkAcknowledgement(
                            warning: warning, extendedAck: reply.extendedAck, replies: replies, sequence: sequence,
                            eventsDelivered: counters.deliveredEvents)))
                    }
                }
            } catch {
                datagram.resolve(position, .failure(NetlinkError(.malformedReply, sequence: sequence, decodingError: error)))
            }
            if !datagram.acknowledgesEach && position == datagram.count - 1 {
                // The barrier: every error of the datagram came before it; the rest succeeded.
                for earlier in 0..<position where datagram.status[earlier] == 0 { succeed(earlier) }
            }
        case .done:
            let replies = datagram.replies.removeValue(forKey: position) ?? []
            if replies.isEmpty {
                succeed(position)
            } else {
                datagram.resolve(position, .success(NetlinkAcknowledgement(
                    warning: nil, extendedAck: nil, replies: replies, sequence: sequence,
                    eventsDelivered: counters.deliveredEvents)))
            }
        case .noop:
            return
        default:
            datagram.replies[position, default: []].append(message.copyBytes())
            return
        }
        if datagram.isResolved { batchDatagrams.removeAll { $0 === datagram } }
        serviceBatchWaiter(datagram.owner, &actions)
    }

    // MARK: Dumps

    func next(_ state: DumpState) async throws(NetlinkError) -> NetlinkDatagram? {
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<NetlinkDatagram?, NetlinkError>, Never>) in
                var actions: [() -> Void] = []
                let immediate: Result<NetlinkDatagram?, NetlinkError>? = lock.withLock {
                    if state.endDelivered { return .success(nil) }
                    if !state.buffer.isEmpty {
                        let datagram = state.buffer.removeFirst()
                        state.deadline = ContinuousClock.now.advanced(by: configuration.dumpIdleTimeout)
                        lock.broadcast()  // the reader may be paused on a full buffer
                        return .success(datagram)
                    }
                    if state.outcome != nil {
                        state.endDelivered = true
                        return state.endResult
                    }
                    if closed { return .failure(NetlinkError(.closed)) }
                    if Task.isCancelled { return .failure(NetlinkError(.cancelled)) }
                    if !state.queued {
                        state.queued = true
                        if activeDump == nil {
                            activate(state, &actions)
                        } else {
                            dumpQueue.append(state)
                        }
                    }
                    state.waiter = continuation
                    return nil
                }
                for action in actions { action() }
                if let immediate {
                    continuation.resume(returning: immediate)
                } else if readsOnCallingThread {
                    pump { state.waiter == nil }
                }
            }
        } onCancel: {
            abandon(state)
        }
        return try result.get()
    }

    /// Makes `state` the dump on the wire; the send happens in `actions`, outside the lock.
    private func activate(_ state: DumpState, _ actions: inout [() -> Void]) {
        activeDump = state
        state.sequence = allocateSequence()
        Self.patch(sequence: state.sequence, into: &state.request)
        state.sent = true
        let deadline = ContinuousClock.now.advanced(by: configuration.dumpIdleTimeout)
        state.deadline = deadline
        noteDeadline(deadline, &actions)
        // The reader thread sends it. A dump request sent from another thread while the reader is in
        // recvmsg races in the kernel: recvmsg continues the dump, finds it already finished by the
        // sender, and reports EINVAL through sk_err. One thread doing both never races.
        dumpsToSend.append(state)
        lock.broadcast()
        if !readsOnCallingThread { actions.append { [transport] in transport.wakeUp() } }
    }

    /// Sends the dump requests activated since the reader last looked. Reader thread only.
    private func sendPendingDumps() {
        let due: [DumpState] = lock.withLock {
            defer { dumpsToSend.removeAll() }
            return dumpsToSend
        }
        for state in due {
            let bytes = lock.withLock { state.request }
            do throws(NetlinkError) {
                try transport.send(bytes, to: configuration.peer)
            } catch {
                var error = error
                error.sequence = state.sequence
                var more: [() -> Void] = []
                lock.withLock {
                    state.finish(.failure(error))
                    state.abandoned = true
                    if activeDump === state { activeDump = nil }
                    serviceWaiter(state, &more)
                    startNextDump(&more)
                }
                for action in more { action() }
            }
        }
    }

    private func startNextDump(_ actions: inout [() -> Void]) {
        guard activeDump == nil, !closed else { return }
        while !dumpQueue.isEmpty {
            let next = dumpQueue.removeFirst()
            if next.outcome != nil { continue }
            activate(next, &actions)
            return
        }
    }

    /// Hands the next datagram or the end to a waiting consumer.
    private func serviceWaiter(_ state: DumpState, _ actions: inout [() -> Void]) {
        guard let waiter = state.waiter else { return }
        if !state.buffer.isEmpty {
            state.waiter = nil
            let datagram = state.buffer.removeFirst()
            state.deadline = ContinuousClock.now.advanced(by: configuration.dumpIdleTimeout)
            actions.append { waiter.resume(returning: .success(datagram)) }
        } else if state.outcome != nil {
            state.waiter = nil
            state.endDelivered = true
            let end = state.endResult
            actions.append { waiter.resume(returning: end) }
        }
    }

    /// The consumer went away: drain the dump (if sent) and forget its data.
    func abandon(_ state: DumpState) {
        var actions: [() -> Void] = []
        lock.withLock {
            if state.outcome != nil && state.buffer.isEmpty && state.waiter == nil { return }
            state.abandoned = true
            state.buffer.removeAll()
            if !state.sent {
                state.finish(.failure(NetlinkError(.cancelled)))
                dumpQueue.removeAll { $0 === state }
            }
            if let waiter = state.waiter {
                state.waiter = nil
                state.endDelivered = true
                actions.append { waiter.resume(returning: .failure(NetlinkError(.cancelled, sequence: state.sequence))) }
            }
            lock.broadcast()
        }
        for action in actions { action() }
        wakeUpPumpingCaller()
    }

    // MARK: Events

    func nextEvent() async throws(NetlinkError) -> NetlinkEvent? {
        let token = EventWaitToken()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<NetlinkEvent?, NetlinkError>, Never>) in
                let immediate: Result<NetlinkEvent?, NetlinkError>? = lock.withLock {
                    if !events.isEmpty {
                        let event = events.removeFirst()
                        lock.broadcast()
                        return .success(event)
                    }
                    // Closed, or the consuming task cancelled: the sequence ends (nil), as an
                    // AsyncStream's does; a cancelled loop is not a failure.
                    if closed || Task.isCancelled || token.cancelled { return .success(nil) }
                    if !deliversEvents {
                        return .failure(NetlinkError(.systemCallFailed, errno: .invalidArgument, detail: "this connection joined no group: use subscribe(groups:)"))
                    }
                    if eventWaiter != nil {
                        return .failure(NetlinkError(.systemCallFailed, errno: .resourceBusy, detail: "events already have a consumer"))
                    }
                    eventWaiter = continuation
                    token.waiting = true
                    return nil
                }
                if let immediate {
                    continuation.resume(returning: immediate)
                } else if readsOnCallingThread {
                    pump { eventWaiter == nil }
                }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Result<NetlinkEvent?, NetlinkError>, Never>? = lock.withLock {
                token.cancelled = true
                guard token.waiting, let waiter = eventWaiter else { return nil }
                eventWaiter = nil
                return waiter
            }
            waiter?.resume(returning: .success(nil))
            wakeUpPumpingCaller()
        }
        return try result.get()
    }

    private func deliverEvent(_ event: NetlinkEvent, _ actions: inout [() -> Void]) {
        if let waiter = eventWaiter {
            eventWaiter = nil
            counters.deliveredEvents += 1
            actions.append { waiter.resume(returning: .success(event)) }
            return
        }
        if events.count < max(1, configuration.eventBufferCapacity) {
            counters.deliveredEvents += 1
            events.append(event)
            return
        }
        // Full (only on a socket that also carries requests): drop, and say so once in the stream.
        // An overrun of the socket is such a mark itself: it goes in unless one is already at the
        // tail (nothing has been delivered since), or the consumer would never learn of its losses.
        if case .overrun(let drops) = event {
            if !eventsLostUnmarked {
                eventsLostUnmarked = true
                counters.deliveredEvents += 1
                events.append(event)
            } else if let drops, case .overrun(let marked)? = events.last {
                // The mark at the tail takes this overrun's drops too: none goes unreported.
                events[events.count - 1] = .overrun(drops: (marked ?? 0) &+ drops)
            }
            return
        }
        counters.droppedEvents += 1
        if !eventsLostUnmarked {
            eventsLostUnmarked = true
            counters.deliveredEvents += 1
            events.append(.overrun(drops: nil))
        }
    }

    // MARK: The reader thread

    private func readerLoop() {
        var buffer: [UInt8] = []
        while readerStep(&buffer) {}
    }

    /// `Reading.callingThread`: does the reader's work on the calling thread until `done` (called
    /// with the lock held) is true or the connection has ended. One caller reads at a time; the
    /// others wait for it here, then find their own wait over or read in turn.
    private func pump(until done: () -> Bool) {
        pumpLock.lock()
        defer { pumpLock.unlock() }
        while !lock.withLock(done) {
            if !readerStep(&pumpBuffer, unlessDone: done) { return }
        }
    }

    /// One turn of the reader: expire deadlines, send what waits to be sent, then wait for (at
    /// most until the nearest deadline) and handle one datagram — unless `unlessDone` (a pumping
    /// caller's wait, called with the lock held) is over by then, expired for example. `false` once
    /// the connection ended.
    private func readerStep(_ buffer: inout [UInt8], unlessDone: () -> Bool = { false }) -> Bool {
        var actions: [() -> Void] = []
        lock.lock()
        if closed {
            failEverything(NetlinkError(.closed), &actions)
            lock.unlock()
            for action in actions { action() }
            return false
        }
        let now = ContinuousClock.now
        expire(now, &actions)
        let paused = isPaused
        let deadline = nearestDeadline(paused: paused)
        readerDeadline = deadline
        // Batches held back by an overrun: read without waiting until the queue is empty.
        let draining = congested && !batchesToSend.isEmpty
        if paused {
            if dumpsToSend.isEmpty && requestsToSend.isEmpty && (batchesToSend.isEmpty || congested) { lock.wait(until: deadline) }
            lock.unlock()
            for action in actions { action() }
            sendPendingRequests()
            sendPendingDumps()
            sendPendingBatches()
            return true
        }
        let dropsBaseline = dropsAtOverrun
        lock.unlock()
        for action in actions { action() }
        sendPendingRequests()
        sendPendingDumps()
        sendPendingBatches()
        if let dropsBaseline { checkSilentDrops(since: dropsBaseline) }
        if readsOnCallingThread, lock.withLock(unlessDone) { return true }
        if !sendsOnCallingThread {
            // Requests submitted since sendPendingRequests looked go out first; otherwise from
            // here on a submit wakes the wait below.
            let more = lock.withLock { () -> Bool in
                if !requestsToSend.isEmpty { return true }
                readerBlocked = true
                return false
            }
            if more { return true }
        }

        return receiveAndHandle(&buffer) { buffer throws(NetlinkError) in
            let timeout = draining ? .zero : deadline.map { max(Duration.zero, $0 - ContinuousClock.now) }
            let result = try transport.receive(into: &buffer, timeout: timeout)
            if !sendsOnCallingThread { lock.withLock { readerBlocked = false } }
            if result == .timedOut && draining {
                // Nothing left to read: the kernel has cleared its congestion (it does on the read
                // that empties the queue), replies are delivered again.
                lock.withLock { congested = false }
            }
            return result
        }
    }

    /// Reads with `receive` and handles what it returns; `false` once the connection ended (a
    /// failed read closes it and fails everything in flight).
    private func receiveAndHandle(
        _ buffer: inout [UInt8], _ receive: (inout [UInt8]) throws(NetlinkError) -> NetlinkReceiveResult?
    ) -> Bool {
        let result: NetlinkReceiveResult?
        do throws(NetlinkError) {
            result = try receive(&buffer)
        } catch {
            var final: [() -> Void] = []
            lock.withLock {
                closed = true
                failEverything(error.code == .closed ? NetlinkError(.closed) : error, &final)
            }
            for action in final { action() }
            return false
        }
        switch result {
        case nil, .wokenUp, .timedOut:
            break
        case .overrun:
            handleOverrun()
        case .datagram(let info):
            handleDatagram(&buffer, info)
        }
        return true
    }

    /// `Reading.callingThread`, the usual case: nothing else in flight on the connection and
    /// nobody else reading. The request is sent and the reply read right away — the kernel
    /// answers most requests inside `sendmsg` — without the reader's turn (its deadlines, queues
    /// and clock readings, measured as most of a request's own cost in a long batch). Returns
    /// `false`, having sent nothing, when that does not apply. When the reply is not there yet,
    /// the request gets its deadline and the caller pumps as usual.
    private func sendAndReadAtOnce(
        _ request: SingleRequest, completion: @escaping (Result<NetlinkAcknowledgement, NetlinkError>) -> Void
    ) -> Bool {
        guard pumpLock.tryLock() else { return false }
        defer { pumpLock.unlock() }
        let registered = lock.withLock { () -> Bool in
            guard !closed, !Task.isCancelled, pending.isEmpty, activeDump == nil, dumpQueue.isEmpty, batchDatagrams.isEmpty,
                requestsToSend.isEmpty, dumpsToSend.isEmpty, batchesToSend.isEmpty, !congested, dropsAtOverrun == nil
            else { return false }
            // Its deadline is set below unless it ends first: only the pump expires requests, and
            // this caller holds the pump.
            register(request, completion: completion)
            return true
        }
        guard registered else { return false }
        send(request.bytes, of: CollectionOfOne(request))
        if lock.withLock({ request.completion != nil }) {
            _ = receiveAndHandle(&pumpBuffer) { buffer throws(NetlinkError) in try transport.receiveIfQueued(into: &buffer) }
        }
        var actions: [() -> Void] = []
        lock.withLock {
            guard request.completion != nil else { return }
            startDeadline(of: request, now: .now, &actions)
        }
        for action in actions { action() }
        return true
    }

    private var isPaused: Bool {
        // Inline, the waiting consumer is the reader: nothing to pause for.
        if readsOnCallingThread { return false }
        if let dump = activeDump, !dump.abandoned, dump.buffer.count >= dump.capacity { return true }
        if configuration.pauseReadingWhenEventsBacklogged, events.count >= max(1, configuration.eventBufferCapacity) { return true }
        return false
    }

    private func nearestDeadline(paused: Bool) -> ContinuousClock.Instant? {
        var nearest: ContinuousClock.Instant?
        if let bound = pendingDeadlineBound { nearest = bound }  // early at worst: expire makes it exact
        for datagram in batchDatagrams where nearest == nil || datagram.deadline < nearest! { nearest = datagram.deadline }
        if let dump = activeDump, let deadline = dump.deadline, !(paused && dump.buffer.count >= dump.capacity) {
            if nearest == nil || deadline < nearest! { nearest = deadline }
        }
        return nearest
    }

    private func expire(_ now: ContinuousClock.Instant, _ actions: inout [() -> Void]) {
        if batchDatagrams.contains(where: { $0.deadline <= now }) {
            failBatchDatagrams(NetlinkError(.timedOut), where: { $0.deadline <= now }, &actions)
        }
        if let bound = pendingDeadlineBound, bound <= now {
            var nearest: ContinuousClock.Instant?
            for (sequence, request) in pending {
                if request.deadline <= now {
                    pending[sequence] = nil
                    if let completion = request.completion {
                        request.completion = nil
                        actions.append { completion(.failure(NetlinkError(.timedOut, sequence: sequence))) }
                    }
                } else if nearest == nil || request.deadline < nearest! {
                    nearest = request.deadline
                }
            }
            pendingDeadlineBound = nearest
        }
        if let dump = activeDump, let deadline = dump.deadline, deadline <= now,
            !(dump.buffer.count >= dump.capacity && !dump.abandoned)
        {
            dump.finish(.failure(NetlinkError(.timedOut, sequence: dump.sequence)))
            dump.buffer.removeAll()
            activeDump = nil
            serviceWaiter(dump, &actions)
            startNextDump(&actions)
        }
    }

    private func failEverything(_ error: NetlinkError, _ actions: inout [() -> Void]) {
        for (sequence, request) in pending {
            if let completion = request.completion {
                request.completion = nil
                var error = error
                error.sequence = sequence
                actions.append { completion(.failure(error)) }
            }
        }
        pending.removeAll()
        failBatchDatagrams(error, where: { _ in true }, &actions)
        for dump in [activeDump].compactMap({ $0 }) + dumpQueue {
            dump.finish(.failure(error))
            serviceWaiter(dump, &actions)
        }
        activeDump = nil
        dumpQueue.removeAll()
        if let waiter = eventWaiter {
            eventWaiter = nil
            actions.append { waiter.resume(returning: .success(nil)) }
        }
    }

    /// After an overrun the kernel drops every message (replies too) without another ENOBUFS until
    /// the receive queue has been drained. Once it is empty, a drop count that grew since the
    /// overrun means replies of requests sent meanwhile may be gone: those fail now with
    /// ``NetlinkError/Code/replyLost`` instead of waiting for their deadline. Reader thread only.
    private func checkSilentDrops(since baseline: UInt32) {
        guard let socket = transport as? NetlinkSocket, let info = try? socket.memoryInfo(), info.receiveQueued == 0 else { return }
        var actions: [() -> Void] = []
        lock.withLock {
            dropsAtOverrun = nil
            guard info.drops != baseline else { return }
            failInFlight(NetlinkError(.replyLost, errno: .noBufferSpace, detail: "replies dropped while the receive queue drained after an overrun"), &actions)
            // The kernel went on dropping after the ENOBUFS was read: report those drops too.
            if deliversEvents {
                deliverEvent(.overrun(drops: info.drops &- dropsReported), &actions)
                dropsReported = info.drops
            }
        }
        for action in actions { action() }
    }

    /// Fails every request in flight and the active dump (which is then drained to its end) with `lost`.
    private func failInFlight(_ lost: NetlinkError, _ actions: inout [() -> Void]) {
        // Batch datagrams held back (not sent yet) are not in flight: they go out once the queue is empty.
        failBatchDatagrams(lost, where: { $0.sent }, &actions)
        for (sequence, request) in pending {
            if let completion = request.completion {
                request.completion = nil
                var error = lost
                error.sequence = sequence
                actions.append { completion(.failure(error)) }
            }
        }
        pending.removeAll()
        if let dump = activeDump, dump.outcome == nil {
            var error = lost
            error.sequence = dump.sequence
            dump.finish(.failure(error))
            dump.abandoned = true  // drained to its DONE, then the next dump starts
            dump.buffer.removeAll()
            serviceWaiter(dump, &actions)
        }
    }

    private func handleOverrun() {
        let drops = (transport as? NetlinkSocket).flatMap { try? $0.memoryInfo().drops }
        var actions: [() -> Void] = []
        lock.withLock {
            dropsAtOverrun = drops
            counters.overruns += 1
            congested = true
            // Replies may have been dropped: every request in flight has an unknown outcome.
            failInFlight(NetlinkError(.replyLost, errno: .noBufferSpace), &actions)
            let reported = drops.map { $0 &- dropsReported }
            if let drops { dropsReported = drops }
            if deliversEvents { deliverEvent(.overrun(drops: reported), &actions) }
        }
        for action in actions { action() }
    }

    /// Whether a datagram the kernel addressed from a group is the `NLM_F_ECHO` copy of a
    /// pending request's notification: its first message carries this port and the sequence of a
    /// request that asked for the echo. (Called under the lock.)
    private func isEchoReply(_ buffer: [UInt8], _ info: NetlinkDatagramInfo) -> Bool {
        guard !pending.isEmpty, info.length >= 16, buffer.count >= 16 else { return false }
        let (sequence, port) = buffer.withUnsafeBytes { ($0.loadUnaligned(fromByteOffset: 8, as: UInt32.self), $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self)) }
        guard port == transport.localAddress.portID, let request = pending[sequence] else { return false }
        return request.asksEcho
    }

    private func handleDatagram(_ buffer: inout [UInt8], _ info: NetlinkDatagramInfo) {
        var actions: [() -> Void] = []
        defer { for action in actions { action() } }
        lock.lock()
        defer { lock.unlock() }

        if info.sender.portID != 0 && !configuration.trustedPeers.contains(info.sender.portID) {
            counters.droppedUntrusted += 1
            return
        }
        if info.isMulticast && !isEchoReply(buffer, info) {
            guard deliversEvents else {
                counters.unexpectedEvents += 1
                return
            }
            eventsLostUnmarked = eventsLostUnmarked && events.count >= configuration.eventBufferCapacity
            let datagram = NetlinkDatagram(storage: buffer, length: info.length, info: info)
            buffer = []
            deliverEvent(.notification(datagram), &actions)
            return
        }

        let localPort = transport.localAddress.portID
        let dump = activeDump
        // Read once: the test of each message below then touches no reference (binding `dump`
        // there cost a retain and a release per message); only DONE and ERROR use the state itself.
        let dumpSequence = dump?.sequence
        var dumpInterrupted = false
        var dumpHasData = false
        var dumpEnded = false
        var dumpSeen = false  // a message of the dump: its idle deadline moves (once per datagram, not per message)
        var cursor = NetlinkMessages(buffer.span.bytes.extracting(0..<min(info.length, buffer.count)))
        while true {
            let next: NetlinkMessage?
            do {
                next = try cursor.next()
            } catch {
                counters.unmatchedReplies += 1
                break
            }
            guard let message = next else { break }
            let sequence = message.sequence
            let portMatches = message.portID == localPort || message.portID == 0
            if let dumpSequence, dumpSequence == sequence, portMatches, !dumpEnded {
                if message.flags.contains(.dumpInterrupted) { dumpInterrupted = true }
                dumpSeen = true
                switch message.type {
                case .done:
                    let dump = dump!
                    dumpEnded = true
                    do {
                        let done = try NetlinkDoneMessage(decoding: message)
                        if done.isInterrupted { dump.interrupted = true }
                        if let error = NetlinkError.dumpDone(done, sequence: sequence) {
                            dump.finish(.failure(error))
                        } else {
                            dump.finish(.success(()))
                        }
                    } catch {
                        dump.finish(.failure(NetlinkError(.malformedReply, sequence: sequence, decodingError: error)))
                    }
                case .error:
                    let dump = dump!
                    dumpEnded = true
                    do {
                        let reply = try NetlinkErrorMessage(decoding: message)
                        if reply.error == -Errno.noBufferSpace.rawValue {
                            // The dump's first chunk did not fit in the receive buffer, but the kernel
                            // keeps the dump running (cb_running) and sends the rest, then DONE, as the
                            // buffer drains. Fail it now and drain it to its DONE, or the next dump on
                            // this socket would be refused with EBUSY.
                            dumpEnded = false
                            dump.finish(.failure(NetlinkError(
                                .replyLost, errno: .noBufferSpace, sequence: sequence,
                                detail: "the dump could not start: receive buffer full")))
                            dump.abandoned = true
                            dump.buffer.removeAll()
                            continue
                        }
                        if let error = NetlinkError.kernelReply(reply, request: dump.request, fixedHeaderSize: dump.fixedHeaderSize) {
                            dump.finish(.failure(error))
                        } else {
                            dump.finish(.success(()))
                        }
                    } catch {
                        dump.finish(.failure(NetlinkError(.malformedReply, sequence: sequence, decodingError: error)))
                    }
                case .noop:
                    continue
                default:
                    dumpHasData = true
                }
            } else if let request = pending[sequence], portMatches {
                /// Ends the request with the replies before it: at `DONE`, or at the reply of a GET sent without ACK.
                func succeedWithReplies() {
                    pending[sequence] = nil
                    guard let completion = request.completion else { return }
                    request.completion = nil
                    let ack = NetlinkAcknowledgement(
                        warning: nil, extendedAck: nil, replies: request.replies, sequence: sequence,
                        eventsDelivered: counters.deliveredEvents)
                    actions.append { completion(.success(ack)) }
                }
                switch message.type {
                case .error:
                    pending[sequence] = nil
                    let result: Result<NetlinkAcknowledgement, NetlinkError>
                    do {
                        let reply = try NetlinkErrorMessage(decoding: message)
                        if let error = NetlinkError.kernelReply(reply, request: request.bytes, fixedHeaderSize: request.fixedHeaderSize) {
                            result = .failure(error)
                        } else {
                            let warning = reply.extendedAck?.message.flatMap { $0.isEmpty ? nil : $0 }
                            result = .success(NetlinkAcknowledgement(
                                warning: warning, extendedAck: reply.extendedAck, replies: request.replies, sequence: sequence,
                                eventsDelivered: counters.deliveredEvents))
                        }
                    } catch {
                        result = .failure(NetlinkError(.malformedReply, sequence: sequence, decodingError: error))
                    }
                    if let completion = request.completion {
                        request.completion = nil
                        actions.append { completion(result) }
                    }
                case .done:
                    succeedWithReplies()
                case .noop:
                    continue
                default:
                    request.replies.append(message.copyBytes())
                    if request.endsAtReply { succeedWithReplies() }
                }
            } else if portMatches, !batchDatagrams.isEmpty, let datagram = batchDatagrams.first(where: { $0.contains(sequence) }) {
                handleBatchReply(message, datagram, &actions)
            } else {
                counters.unmatchedReplies += 1
            }
        }
        guard let dump else { return }
        if dumpInterrupted { dump.interrupted = true }
        if dumpSeen { dump.deadline = ContinuousClock.now.advanced(by: configuration.dumpIdleTimeout) }
        // Data of a dump still being read (or ended by this very datagram) goes to its consumer.
        if dumpHasData && !dump.abandoned && (dump.outcome == nil || dumpEnded) {
            let datagram = NetlinkDatagram(storage: buffer, length: info.length, info: info, sequence: dump.sequence)
            buffer = []
            dump.buffer.append(datagram)
        }
        if dumpEnded, activeDump === dump {
            activeDump = nil
            startNextDump(&actions)
        }
        serviceWaiter(dump, &actions)
    }
}
