import Glibc
import Netlink
import NetlinkCore
import Synchronization

/// The mirror's machinery: its state, the event loop and the re-dumps.
final class MirrorCore: Sendable {
    struct Resync {
        var reason: RouteMirrorResyncReason
        /// Replay the buffered notifications from this position on; `nil`: from the barrier's.
        var start: Int?
    }

    /// A task waiting in ``MirrorCore/waitUntilCurrent(position:deadline:)``.
    struct Waiter {
        var position: Int
        var continuation: CheckedContinuation<Result<Void, NetlinkError>, Never>
    }

    struct State {
        var table = RouteMirrorTable()
        var statistics = RouteMirror.Statistics()
        /// Elements consumed from the subscription so far (the position of the next).
        var consumed = 0
        /// Notifications consumed while a re-dump runs, with their positions.
        var buffer: [(position: Int, event: RouteEvent)] = []
        var running: Resync?
        var pending: Resync?
        var resyncs = 0
        var closed = false
        var failure: NetlinkError?
        /// The position of the last overrun consumed. Notifications after it may be missing up to
        /// the next acknowledged barrier's position.
        var lastOverrun: Int?
        /// The positions of the barriers acknowledged after ``lastOverrun`` (ascending): from each
        /// of them on, nothing is missing (until the next overrun, which comes as an element).
        var barriers: [Int] = []
        /// The tasks waiting for the mirror to catch up, by ticket.
        var waiters: [UInt64: Waiter] = [:]
        var nextTicket: UInt64 = 0

        /// Whether a waiter for `position` is done: caught up, failed, or closed.
        func outcome(for position: Int) -> Result<Void, NetlinkError>? {
            if let failure { return .failure(failure) }
            if consumed >= position && running == nil && pending == nil && resyncs > 0 { return .success(()) }
            if closed { return .failure(NetlinkError(.closed, detail: "the mirror was closed")) }
            return nil
        }

        /// Removes the waiters that are done, with their outcomes (to resume outside the lock).
        mutating func finishedWaiters() -> [(CheckedContinuation<Result<Void, NetlinkError>, Never>, Result<Void, NetlinkError>)] {
            guard !waiters.isEmpty else { return [] }
            var done: [(CheckedContinuation<Result<Void, NetlinkError>, Never>, Result<Void, NetlinkError>)] = []
            for (ticket, waiter) in waiters {
                guard let outcome = outcome(for: waiter.position) else { continue }
                waiters[ticket] = nil
                done.append((waiter.continuation, outcome))
            }
            return done
        }
    }

    let requests: NetlinkConnection
    /// Whether ``requests`` was opened by the mirror (and is closed with it).
    let ownsRequests: Bool
    let events: NetlinkConnection
    let configuration: RouteMirror.Configuration
    let notices: AsyncStream<RouteMirror.Notice>.Continuation
    let state = Mutex(State())
    /// Wakes the re-dump loop when a re-dump is asked for (one element at most is kept).
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// Whether `ROUTE_MIRROR_TRACE` is set: overruns, barriers and re-dumps are traced on stderr.
    static let tracing = getenv("ROUTE_MIRROR_TRACE") != nil

    static func trace(_ line: @autoclosure () -> String) {
        guard tracing else { return }
        var text = "route-mirror: \(line())\n"
        text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }

    init(
        requests: NetlinkConnection, ownsRequests: Bool, events: NetlinkConnection, configuration: RouteMirror.Configuration,
        notices: AsyncStream<RouteMirror.Notice>.Continuation
    ) {
        self.requests = requests
        self.ownsRequests = ownsRequests
        self.events = events
        self.configuration = configuration
        self.notices = notices
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func close() {
        let done = state.withLock { state in
            state.closed = true
            return state.finishedWaiters()
        }
        resume(done)
        events.close()
        if ownsRequests { requests.close() }
        notices.finish()
        wake.finish()
    }

    private func resume(_ done: [(CheckedContinuation<Result<Void, NetlinkError>, Never>, Result<Void, NetlinkError>)]) {
        for (continuation, outcome) in done { continuation.resume(returning: outcome) }
    }

    /// Asks for a re-dump; merged into the one pending if a re-dump is running.
    func requestResync(_ reason: RouteMirrorResyncReason, at start: Int?) {
        state.withLock { state in Self.request(&state, Resync(reason: reason, start: start)) }
        wake.yield()
    }

    private static func request(_ state: inout State, _ resync: Resync) {
        if case .silentChange = resync.reason { state.statistics.silentChangeResyncs += 1 }
        guard let pending = state.pending else {
            state.pending = resync
            return
        }
        // An overrun (barrier) dominates; otherwise replay from the earliest trigger.
        if pending.start == nil || resync.start == nil {
            state.pending = Resync(reason: resync.start == nil ? resync.reason : pending.reason, start: nil)
        } else {
            state.pending = Resync(reason: pending.reason, start: min(pending.start!, resync.start!))
        }
    }

    /// Waits until the mirror has consumed everything before `position` and no re-dump runs or
    /// waits (after the first). Woken by the event loop and the re-dumps, not by polling.
    func waitUntilCurrent(position: Int, deadline: ContinuousClock.Instant) async throws(NetlinkError) {
        let ticket = state.withLock { state in
            state.nextTicket += 1
            return state.nextTicket
        }
        let outcome = await withTaskGroup(of: Result<Void, NetlinkError>?.self) { group in
            group.addTask { await self.wait(ticket: ticket, position: position) }
            group.addTask {
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                } catch {
                    return nil  // cancelled: the wait ended first (or the caller was cancelled)
                }
                return .failure(NetlinkError(.timedOut, detail: "the mirror did not catch up in time"))
            }
            var first: Result<Void, NetlinkError>?
            for await result in group {
                guard let result else { continue }
                first = result
                group.cancelAll()
                break
            }
            group.cancelAll()
            return first ?? .failure(NetlinkError(.cancelled))
        }
        try outcome.get()
    }

    private func wait(ticket: UInt64, position: Int) async -> Result<Void, NetlinkError> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, NetlinkError>, Never>) in
                let immediate: Result<Void, NetlinkError>? = state.withLock { state in
                    if let outcome = state.outcome(for: position) { return outcome }
                    if Task.isCancelled { return .failure(NetlinkError(.cancelled)) }
                    state.waiters[ticket] = Waiter(position: position, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: ticket) }
            waiter?.continuation.resume(returning: .failure(NetlinkError(.cancelled)))
        }
    }

    /// The event loop: consumes the subscription, applies, buffers, and starts re-dumps.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.resyncLoop() }
            var iterator = events.events.makeAsyncIterator()
            var decoded: [RouteEvent] = []
            while true {
                let next: NetlinkEvent?
                do {
                    next = try await iterator.next()
                } catch {
                    next = nil
                }
                guard let next else { break }
                decoded.removeAll(keepingCapacity: true)
                switch next {
                case .overrun(let drops): decoded.append(.overrun(drops: drops))
                case .notification(let datagram): RouteEvent.decode(datagram, into: &decoded)
                }
                consume(decoded)
            }
            let done = state.withLock { state in
                state.closed = true
                return state.finishedWaiters()
            }
            resume(done)
            wake.finish()
            group.cancelAll()
        }
    }

    private func consume(_ decoded: [RouteEvent]) {
        var undecodable: [(RouteRawMessage, NetlinkDecodingError)] = []
        let (done, requested) = state.withLock { state in
            let position = state.consumed
            state.consumed += 1
            var requested = false
            for event in decoded {
                if case .overrun = event {
                    state.statistics.overruns += 1
                    // Nothing after this point is known complete until a barrier after it.
                    state.lastOverrun = position
                    state.barriers.removeAll { $0 <= position }
                    Self.trace("overrun at \(position); barriers still after it: \(state.barriers)")
                } else {
                    state.statistics.eventsApplied += 1
                }
                if case .undecodable(let raw, let error) = event {
                    state.statistics.undecodable += 1
                    undecodable.append((raw, error))
                }
                let reason = state.table.apply(event)
                switch reason {
                case nil: break
                case .overrun?: Self.request(&state, Resync(reason: reason!, start: nil))
                case let reason?: Self.request(&state, Resync(reason: reason, start: position))
                }
                if reason != nil { requested = true }
                // Kept for replay while a re-dump runs or waits, the event that asked for it included
                // (replayed on the dump, it removes again what the dump may have caught mid-flush).
                if state.running != nil || state.pending != nil { state.buffer.append((position, event)) }
            }
            return (state.finishedWaiters(), requested)
        }
        if requested { wake.yield() }
        resume(done)
        for (raw, error) in undecodable { notices.yield(.undecodable(raw, error)) }
    }

    /// Runs re-dumps one after the other while any is asked for; sleeps until one is.
    private func resyncLoop() async {
        for await _ in wakeups {
            while !Task.isCancelled {
                let next: Resync? = state.withLock { state in
                    guard state.running == nil, let pending = state.pending else { return nil }
                    state.running = pending
                    state.pending = nil
                    return pending
                }
                guard let resync = next else { break }
                await perform(resync)
            }
            if Task.isCancelled || state.withLock({ $0.closed }) { return }
        }
    }

    /// Where the replay of a re-dump asked for at `given` may start without crossing notifications
    /// lost to an overrun: `given` when no overrun came before it, or the position of the first
    /// barrier acknowledged after the last overrun if later; `nil` when no barrier came since
    /// (one must be sent).
    private func replayStart(from given: Int) -> Int? {
        state.withLock { state in
            guard let overrun = state.lastOverrun else { return given }
            guard let barrier = state.barriers.first(where: { $0 > overrun }) else { return nil }
            return max(given, barrier)
        }
    }

    private func perform(_ resync: Resync) async {
        while !Task.isCancelled {
            do throws(NetlinkError) {
                let start: Int
                if let given = resync.start, let safe = replayStart(from: given) {
                    start = safe
                } else {
                    start = try await barrier(until: ContinuousClock.now + .seconds(3600))
                }
                Self.trace("re-dump (\(resync.reason)) asked at \(resync.start.map(String.init) ?? "barrier"), replays from \(start)")
                let dumped = try await dumpTable()
                let (difference, done): (RouteMirrorDifference, _) = state.withLock { state in
                    var table = dumped
                    var replayed = 0
                    for entry in state.buffer where entry.position >= start {
                        if case .overrun = entry.event { continue }
                        _ = table.apply(entry.event)
                        replayed += 1
                    }
                    let difference = state.table.difference(to: table)
                    Self.trace("re-dump (\(resync.reason)) done at \(state.consumed): replayed \(replayed), difference \(difference)")
                    state.table = table
                    state.resyncs += 1
                    state.statistics.resyncs += 1
                    state.statistics.lastDifference = difference
                    if resync.reason != .initial {
                        state.statistics.totalDifference.added += difference.added
                        state.statistics.totalDifference.removed += difference.removed
                        state.statistics.totalDifference.changed += difference.changed
                    }
                    if let pending = state.pending, let pendingStart = pending.start {
                        state.buffer.removeAll { $0.position < pendingStart }
                    } else if state.pending == nil {
                        state.buffer.removeAll()
                    }
                    state.running = nil
                    return (difference, state.finishedWaiters())
                }
                resume(done)
                notices.yield(.resynced(resync.reason, difference))
                return
            } catch {
                if error.code == .closed || state.withLock({ $0.closed }) {
                    let done = state.withLock { state in
                        state.failure = state.failure ?? error
                        state.running = nil
                        return state.finishedWaiters()
                    }
                    resume(done)
                    return
                }
                state.withLock { $0.statistics.failedDumps += 1 }
                notices.yield(.dumpFailed(error))
                // A pause before the retry (a back-off, not a wait for a condition).
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        let done = state.withLock { state in
            state.running = nil
            return state.finishedWaiters()
        }
        resume(done)
    }

    /// Sends `RTM_GETLINK` for `lo` on the subscription socket until one is acknowledged, and
    /// returns the position in the event stream of its acknowledgement (also recorded: from there
    /// on, nothing is missing until the next overrun).
    func barrier(until deadline: ContinuousClock.Instant) async throws(NetlinkError) -> Int {
        while true {
            do {
                let ack = try await events.execute(
                    type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, timeout: configuration.barrierTimeout
                ) { b in
                    InterfaceInfoMessage(index: 1).encode(into: &b)
                }
                let position = ack.eventsDelivered
                state.withLock { state in
                    guard position > (state.lastOverrun ?? -1), !state.barriers.contains(position) else { return }
                    state.barriers.append(position)
                    state.barriers.sort()
                    if state.barriers.count > 16 { state.barriers.removeLast(state.barriers.count - 16) }
                }
                Self.trace("barrier acknowledged at \(position)")
                return position
            } catch {
                // Dropped by a congested socket (timed out) or failed by an overrun: send it again.
                guard error.code == .timedOut || error.code == .replyLost else { throw error }
                if ContinuousClock.now >= deadline { throw NetlinkError(.timedOut, detail: "no barrier got through") }
            }
        }
    }

    private func dumpTable() async throws(NetlinkError) -> RouteMirrorTable {
        try await RouteMirrorTable.dump(requests)
    }
}
