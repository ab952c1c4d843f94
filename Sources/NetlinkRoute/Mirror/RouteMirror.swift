import Glibc
import Netlink
import NetlinkCore
import Synchronization

/// A copy of the kernel's links, addresses, routes, neighbours and nexthop objects that never
/// drifts: it subscribes before it dumps, applies every notification, and re-dumps by itself when
/// notifications were lost or the kernel changed things without saying so.
///
/// ```swift
/// let mirror = try await RouteMirror.start(connection: connection)
/// Task { for await notice in mirror.notices { print(notice) } }   // resyncs, undecodable messages
/// ...
/// try await mirror.sync()                 // every change acknowledged before this call is in
/// print(mirror.table.routes.count)
/// ```
///
/// How it stays right:
/// - **Subscribe, then dump.** Notifications that arrive while the dump runs are kept with their
///   position in the socket's queue, and replayed on top of the dump in order (an event that
///   predates the dump only re-states what the dump saw, since no event after it is missing).
/// - **Overrun** (`ENOBUFS`): the kernel drops everything until the queue is drained. The mirror
///   keeps reading (draining), sends a barrier request on its subscription socket — its
///   acknowledgement can be queued only once the socket is no longer congested, and marks the
///   point in the queue after which nothing is lost — re-dumps, replays the notifications after
///   that point, and reports the resync with what differed (``notices``, ``statistics``).
///   Between an overrun and that point notifications may be missing, so no re-dump ever replays
///   from a point before it (a re-dump asked for by a silent change in that window replays from
///   the barrier's point instead).
/// - **Silent removals.** IPv4 routes through a link that goes down vanish without
///   `RTM_DELROUTE`; a deleted nexthop takes its routes; neighbours (permanent ones too) are
///   flushed on link down; carrier changes flip route flags. The mirror drops the dependants at
///   once, then re-dumps and replays the notifications from that event on, so that what its rules
///   do not model is corrected too.
///
/// Everything runs on a task of the mirror's; ``table`` can be read from anywhere at any time (a
/// copy-on-write value). Close it with ``close()`` (also on deinit).
///
/// Set `ROUTE_MIRROR_TRACE=1` in the environment to have each overrun, barrier and re-dump
/// (with the point its replay starts from) traced on standard error.
public final class RouteMirror: Sendable {
    /// How a mirror is set up.
    public struct Configuration: Sendable {
        /// The subscription socket's receive buffer, or `nil` for the system default.
        public var receiveBufferSize: Int?
        /// Use `SO_RCVBUFFORCE` (needs `CAP_NET_ADMIN` in the host's user namespace; falls back to
        /// `SO_RCVBUF`, capped at `rmem_max`, where not permitted).
        public var forceReceiveBuffer = true
        /// How many notification datagrams may wait for the mirror's task.
        public var eventBufferCapacity = 4_096
        /// How long one barrier request waits before it is sent again (a barrier sent while the
        /// socket is still congested is dropped by the kernel).
        public var barrierTimeout: Duration = .milliseconds(500)
        /// How many resync notices may wait for a consumer of ``RouteMirror/notices`` (the oldest
        /// are dropped beyond that; ``RouteMirror/statistics`` counts everything).
        public var noticeBufferCapacity = 256
        /// Creates the default configuration.
        public init() {}
    }

    /// What the mirror has done so far.
    public struct Statistics: Hashable, Sendable {
        /// Notifications applied (each message counts once).
        public var eventsApplied = 0
        /// Overruns seen on the subscription socket.
        public var overruns = 0
        /// Re-dumps completed, the first one included.
        public var resyncs = 0
        /// Re-dumps started because of a silent change.
        public var silentChangeResyncs = 0
        /// Notifications that did not decode.
        public var undecodable = 0
        /// Dumps that failed and were retried.
        public var failedDumps = 0
        /// What the last completed re-dump changed in the mirror.
        public var lastDifference = RouteMirrorDifference()
        /// The sum of what every re-dump after the first changed.
        public var totalDifference = RouteMirrorDifference()
    }

    /// Something the mirror's user should know.
    public enum Notice: Sendable, CustomStringConvertible {
        /// A re-dump completed: why, and what it changed in the mirror.
        case resynced(RouteMirrorResyncReason, RouteMirrorDifference)
        /// A dump failed (it is retried).
        case dumpFailed(NetlinkError)
        /// A notification did not decode (a re-dump follows).
        case undecodable(RouteRawMessage, NetlinkDecodingError)

        public var description: String {
            switch self {
            case .resynced(let reason, let difference): "resynced (\(reason)): \(difference)"
            case .dumpFailed(let error): "dump failed: \(error)"
            case .undecodable(let raw, let error): "undecodable message (type \(raw.type?.rawValue ?? 0)): \(error)"
            }
        }
    }

    let core: MirrorCore
    private let task: Task<Void, Never>

    /// The subscription connection (its statistics, its socket's buffer size).
    public var subscription: NetlinkConnection { core.events }

    /// Resync reports and other notices, as they happen: one consumer.
    public let notices: AsyncStream<Notice>

    private init(core: MirrorCore, task: Task<Void, Never>, notices: AsyncStream<Notice>) {
        self.core = core
        self.task = task
        self.notices = notices
    }

    deinit {
        task.cancel()
        core.close()
    }

    /// Subscribes in `connection`'s namespace, dumps, and returns once the first dump is in the
    /// mirror.
    ///
    /// The mirror opens two sockets of its own in `connection`'s namespace: one subscribed (which
    /// also carries the barrier requests) and one for its dumps, so that its re-dumps never wait
    /// behind the caller's requests. A connection on a test transport (no family) carries the
    /// dumps itself.
    ///
    /// - Throws: ``NetlinkError`` when the subscription socket cannot be opened, or the first dump fails.
    public static func start(connection: NetlinkConnection, configuration: Configuration = Configuration()) async throws(NetlinkError) -> RouteMirror {
        var subscriptionConfiguration = NetlinkConnection.Configuration()
        subscriptionConfiguration.receiveBufferSize = configuration.receiveBufferSize
        subscriptionConfiguration.forceReceiveBuffer = configuration.forceReceiveBuffer
        subscriptionConfiguration.eventBufferCapacity = configuration.eventBufferCapacity
        let groups: RouteEventObjects = [.link, .address, .route, .neighbor, .nexthop]
        let events = try connection.subscribe(groups: groups.groups, configuration: subscriptionConfiguration)
        let requests = try connection.family.map { family throws(NetlinkError) in
            try NetlinkConnection(family: family, namespace: connection.namespace)
        } ?? connection
        return try await start(requests: requests, ownsRequests: requests !== connection, events: events, configuration: configuration)
    }

    /// Starts a mirror on connections the caller opened: `events` has joined the groups of links,
    /// addresses, routes, neighbours and nexthops (``RouteEventObjects/groups``) and carries the
    /// barrier requests too; `requests` carries the dumps. The mirror closes `events` when it is
    /// closed, not `requests`. For sockets set up in a particular way, and for tests on a fake
    /// kernel (`NetlinkTestSupport`).
    public static func start(
        requests: NetlinkConnection, events: NetlinkConnection, configuration: Configuration = Configuration()
    ) async throws(NetlinkError) -> RouteMirror {
        try await start(requests: requests, ownsRequests: false, events: events, configuration: configuration)
    }

    private static func start(
        requests: NetlinkConnection, ownsRequests: Bool, events: NetlinkConnection, configuration: Configuration
    ) async throws(NetlinkError) -> RouteMirror {
        let (notices, continuation) = AsyncStream.makeStream(of: Notice.self, bufferingPolicy: .bufferingNewest(max(1, configuration.noticeBufferCapacity)))
        let core = MirrorCore(requests: requests, ownsRequests: ownsRequests, events: events, configuration: configuration, notices: continuation)
        core.requestResync(.initial, at: 0)
        let task = Task { await core.run() }
        let mirror = RouteMirror(core: core, task: task, notices: notices)
        try await core.waitUntilCurrent(position: 0, deadline: ContinuousClock.now + .seconds(60))
        return mirror
    }

    /// The mirrored state now (a copy).
    public var table: RouteMirrorTable { core.state.withLock { $0.table } }

    /// What the mirror has done so far.
    public var statistics: Statistics { core.state.withLock { $0.statistics } }

    /// Waits until the mirror reflects every change the kernel made before this call.
    ///
    /// Precisely: a barrier request (`RTM_GETLINK` of `lo`) goes out on the subscription socket.
    /// The kernel queues its acknowledgement behind every notification it queued before — and it
    /// queues the notification of a change before it acknowledges that change to its requester.
    /// `sync()` returns once every notification ahead of the acknowledgement has been applied and
    /// no re-dump is pending, so every change acknowledged to anyone before `sync()` was called
    /// is in ``table``, as are the silent removals it caused (they happen before its
    /// acknowledgement too, and are handled by the re-dump they trigger). What the kernel does
    /// later on its own (operational state settling, neighbour timers, DAD) is applied when its
    /// notification comes, not waited for. If the barrier is lost to an overrun, the re-dump that
    /// follows is waited for, and the barrier sent again.
    ///
    /// - Throws: ``NetlinkError/Code/timedOut`` after `timeout`, ``NetlinkError/Code/closed``.
    public func sync(timeout: Duration = .seconds(60)) async throws(NetlinkError) {
        let deadline = ContinuousClock.now + timeout
        let position = try await core.barrier(until: deadline)
        try await core.waitUntilCurrent(position: position, deadline: deadline)
    }

    /// Stops the mirror: the subscription socket is closed; ``table`` keeps its last state.
    public func close() {
        task.cancel()
        core.close()
    }
}

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

extension RouteMirrorTable {
    /// Dumps what a ``RouteMirror`` holds from `connection`: links, addresses, IPv4 and IPv6
    /// routes of every table, neighbours and proxy entries, nexthop objects. Each dump flagged
    /// interrupted is retried. Not atomic: a snapshot of each kind in turn.
    public static func dump(_ connection: NetlinkConnection) async throws(NetlinkError) -> RouteMirrorTable {
        var table = RouteMirrorTable()
        for link in try await connection.links(retries: 10) { table.insert(link) }
        for address in try await connection.addresses(retries: 10) { table.insert(address) }
        for family in [RouteMessage.Family.ipv4, RouteMessage.Family.ipv6] {
            for route in try await connection.routes(filter: RouteFilter(family: family), retries: 10) { table.insert(route) }
        }
        for neighbor in try await connection.neighbors() { table.insert(neighbor) }
        for neighbor in try await connection.proxyNeighbors() { table.insert(neighbor) }
        for nexthop in try await connection.nexthops() { table.insert(nexthop) }
        return table
    }
}
