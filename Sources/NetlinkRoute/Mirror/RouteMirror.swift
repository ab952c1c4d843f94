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
        /// The subscription socket's receive buffer, or `nil` for a subscription's default
        /// (`NetlinkConnection/subscriptionReceiveBufferSize`; `0` for the system default).
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
    /// - Throws: `NetlinkError` when the subscription socket cannot be opened, or the first dump fails.
    public static func start(connection: NetlinkConnection, configuration: Configuration = Configuration()) async throws(NetlinkError) -> RouteMirror {
        var subscriptionConfiguration = NetlinkConnection.Configuration()
        subscriptionConfiguration.receiveBufferSize = configuration.receiveBufferSize
        subscriptionConfiguration.forceReceiveBuffer = configuration.forceReceiveBuffer
        subscriptionConfiguration.eventBufferCapacity = configuration.eventBufferCapacity
        let groups: RouteEventObjects = [.link, .address, .route, .neighbor, .nexthop]
        let events = try await connection.subscribe(groups: groups.groups, configuration: subscriptionConfiguration)
        let requests: NetlinkConnection
        if let family = connection.family {
            requests = try await NetlinkConnection(family: family, namespace: connection.namespace)
        } else {
            requests = connection
        }
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
    /// - Throws: `NetlinkError/Code/timedOut` after `timeout`, `NetlinkError/Code/closed`.
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
