import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import NetlinkTestSupport
import Synchronization
import SystemPackage
import Testing

/// The family cache: one controller request per family, kept true by the `notify` group — on the
/// kernel (whose families do not come and go without modules), and on the fake kernel for a
/// family that goes away and comes back with another ID.
@Suite("Generic family cache")
struct GenericFamilyCacheTests {
    @Test(.enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
    func asksOncePerFamily() async throws {
        let (_, connection) = try await genericTestConnection()
        let cache = try await GenericFamilyCache.start(connection: connection)
        defer { cache.close() }
        let first = try await cache.family(named: "ethtool")
        for _ in 0..<5 { #expect(try await cache.family(named: "ethtool") == first) }
        #expect(first == (try await connection.genericFamily(named: "ethtool")))
        let missing = await #expect(throws: NetlinkError.self) { try await cache.family(named: "no-such-family") }
        #expect(missing?.errno == .noSuchFileOrDirectory)
        let statistics = cache.statistics
        #expect(statistics.lookups == 7 && statistics.hits == 5, "\(statistics)")
    }

    /// The payload of a controller message describing `family` (`cmd` as given).
    static func payload(_ family: GenericFamily, command: UInt8) throws -> [UInt8] {
        var builder = NetlinkMessageBuilder()
        try family.encode(into: &builder, command: command)
        return builder.bytes
    }

    /// Waits until the cache has seen `count` notifications (at most 5 s).
    static func waitForNotifications(_ cache: GenericFamilyCache, _ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while cache.statistics.notifications < count {
            try #require(ContinuousClock.now < deadline, "notification \(count) not seen")
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func aFamilyThatGoesAwayAndComesBack() async throws {
        let current = Mutex<GenericFamily?>(GenericFamily(id: 0x20, name: "wireguard", version: 1, multicastGroups: [.init(name: "peers", id: 7)]))
        let requests = FakeNetlinkKernel()
        requests.on(type: GenericNetlink.controllerID) { _ in
            guard let family = current.withLock({ $0 }) else { return [.error(.noSuchFileOrDirectory)] }
            return [.message(type: GenericNetlink.controllerID, payload: (try? Self.payload(family, command: ControllerCommand.newFamily)) ?? [])]
        }
        let notifications = FakeNetlinkKernel()
        var configuration = NetlinkConnection.Configuration()
        configuration.groups = [GenericNetlink.controllerNotifyGroup]
        let cache = GenericFamilyCache(
            requests: try NetlinkConnection(transport: requests), notifications: try NetlinkConnection(transport: notifications, configuration: configuration))
        defer { cache.close() }

        #expect(try await cache.family(named: "wireguard").id == 0x20)
        #expect(try await cache.family(named: "wireguard").id == 0x20)
        #expect(requests.requests.count == 1, "asked once")

        // The module is unloaded: DELFAMILY; the controller no longer knows it.
        let gone = try #require(current.withLock { $0 })
        current.withLock { $0 = nil }
        notifications.inject([.event(group: GenericNetlink.controllerNotifyGroup, type: GenericNetlink.controllerID, payload: try Self.payload(gone, command: ControllerCommand.deleteFamily))])
        try await Self.waitForNotifications(cache, 1)
        let missing = await #expect(throws: NetlinkError.self) { try await cache.family(named: "wireguard") }
        #expect(missing?.errno == .noSuchFileOrDirectory)

        // Loaded again, with another ID: learned from NEWFAMILY, without a request.
        let back = GenericFamily(id: 0x23, name: "wireguard", version: 1, multicastGroups: [.init(name: "peers", id: 9)])
        current.withLock { $0 = back }
        notifications.inject([.event(group: GenericNetlink.controllerNotifyGroup, type: GenericNetlink.controllerID, payload: try Self.payload(back, command: ControllerCommand.newFamily))])
        try await Self.waitForNotifications(cache, 2)
        let asked = requests.requests.count
        #expect(try await cache.family(named: "wireguard") == back)
        #expect(requests.requests.count == asked, "answered from the notification")

        // A group added: the family is asked for again.
        notifications.inject([.event(group: GenericNetlink.controllerNotifyGroup, type: GenericNetlink.controllerID, payload: try Self.payload(back, command: ControllerCommand.newMulticastGroup))])
        try await Self.waitForNotifications(cache, 3)
        #expect(try await cache.family(named: "wireguard") == back)
        #expect(requests.requests.count == asked + 1)

        // An overrun empties the cache.
        notifications.inject([.overrun])
        let deadline = ContinuousClock.now + .seconds(5)
        while cache.statistics.resets < 1 {
            try #require(ContinuousClock.now < deadline, "the overrun was not seen")
            try await Task.sleep(for: .milliseconds(5))
        }
        _ = try await cache.family(named: "wireguard")
        #expect(requests.requests.count == asked + 2)
    }
}
