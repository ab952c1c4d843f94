import Netlink
import NetlinkCore
import Synchronization

/// Generic netlink families resolved by name once per namespace, kept true by the controller's
/// `notify` group: a family that goes away is forgotten at its `CTRL_CMD_DELFAMILY`, one that
/// registers (or comes back, with a new ID) is learned from its `CTRL_CMD_NEWFAMILY`, and a family
/// whose multicast groups change is asked for again. An overrun of the notification socket (a
/// notification may be lost) empties the cache.
///
/// A lookup that misses asks the controller (`NetlinkConnection.genericFamily(named:)`); its
/// answer is kept only if no notification arrived while it was asked, so that an answer older
/// than a notification never overwrites it.
///
/// ```swift
/// let families = try await GenericFamilyCache.start(connection: connection)   // .generic
/// let ethtool = try await families.family(named: "ethtool")                   // asked once
/// ```
public final class GenericFamilyCache: Sendable {
    private struct State {
        var families: [String: GenericFamily] = [:]
        /// Bumped by every notification and overrun: a lookup's answer is kept only when unchanged.
        var generation: UInt64 = 0
        var lookups = 0
        var hits = 0
        var notifications = 0
        /// Times the cache was emptied: an overrun, or the notification socket's failure.
        var resets = 0
    }

    /// The state, in a box the notification task shares.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let requests: NetlinkConnection
    private let notifications: NetlinkConnection
    private let shared = Shared()
    private let consumer = Mutex<Task<Void, Never>?>(nil)

    /// Starts a cache on `connection` (of family `.generic`): subscribes to the controller's
    /// `notify` group on a socket of its own in the same namespace.
    public static func start(connection: NetlinkConnection) async throws(NetlinkError) -> GenericFamilyCache {
        let notifications = try await connection.subscribe(groups: [GenericNetlink.controllerNotifyGroup])
        return GenericFamilyCache(requests: connection, notifications: notifications)
    }

    /// Starts a cache on connections the caller opened: `notifications` has joined the controller's
    /// `notify` group; `requests` carries the lookups. For tests on a fake kernel.
    public init(requests: NetlinkConnection, notifications: NetlinkConnection) {
        self.requests = requests
        self.notifications = notifications
        let task = Task { [shared, notifications] in
            do {
                for try await event in notifications.events {
                    switch event {
                    case .overrun:
                        shared.state.withLock {
                            $0.families.removeAll()
                            $0.generation &+= 1
                            $0.resets += 1
                        }
                    case .notification(let datagram):
                        try? datagram.forEachMessage { message in
                            guard message.type == GenericNetlink.controllerID else { return }
                            let header = try GenericNetlinkHeader(decoding: message)
                            let family = try? GenericFamily(decoding: message)
                            shared.state.withLock { state in
                                state.generation &+= 1
                                state.notifications += 1
                                guard let family else { return }
                                switch header.command {
                                case ControllerCommand.newFamily: state.families[family.name] = family
                                case ControllerCommand.deleteFamily: state.families[family.name] = nil
                                default: state.families[family.name] = nil  // groups changed: ask again
                                }
                            }
                        }
                    }
                }
            } catch {
                // The notification socket failed: nothing keeps the cache true any more.
                shared.state.withLock {
                    $0.families.removeAll()
                    $0.generation &+= 1
                    $0.resets += 1
                }
            }
        }
        consumer.withLock { $0 = task }
    }

    deinit { close() }

    /// Stops following notifications and closes the notification socket.
    public func close() {
        consumer.withLock { $0?.cancel() }
        notifications.close()
    }

    /// The family named `name`: from the cache, or asked of the controller and kept.
    /// - Throws: `NetlinkError` with `ENOENT` when no such family is registered (not cached).
    public func family(named name: String) async throws(NetlinkError) -> GenericFamily {
        let (cached, generation) = shared.state.withLock { state -> (GenericFamily?, UInt64) in
            state.lookups += 1
            if state.families[name] != nil { state.hits += 1 }
            return (state.families[name], state.generation)
        }
        if let cached { return cached }
        let family = try await requests.genericFamily(named: name)
        shared.state.withLock { state in
            if state.generation == generation { state.families[name] = family }
        }
        return family
    }

    /// Lookups, how many the cache answered, the controller notifications seen, and how many
    /// times the cache was emptied (an overrun of the notification socket, or its failure).
    public var statistics: (lookups: Int, hits: Int, notifications: Int, resets: Int) {
        shared.state.withLock { ($0.lookups, $0.hits, $0.notifications, $0.resets) }
    }
}
