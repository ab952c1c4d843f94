import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import Testing

/// ethtool's `monitor` group against forgery: a root process of the namespace sends forged
/// `CHANNELS_NTF` notifications to the group (port 0 in the header, as the kernel's own) while a
/// real change is made: none of the forged ones is delivered — the engine drops datagrams whose
/// sender is not the kernel and counts them — and the real one is.
@Suite("ethtool events against forgery", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct EthtoolEventTests {
    /// A forged notification: e0's channels with `rx` 99 (a count the veth never reports).
    static func forged(familyID: UInt16, index: UInt32) throws -> [UInt8] {
        var builder = NetlinkMessageBuilder()
        try builder.message(type: NetlinkMessageType(familyID), flags: [], sequence: 0) { b in
            GenericNetlinkHeader(command: Ethtool.Reply.channelsNotification).encode(into: &b)
            try b.appendNested(EthtoolAttribute.header) { b in
                try b.appendAttribute(EthtoolAttribute.Header.deviceIndex, uint32: index, .host)
                try b.appendAttribute(EthtoolAttribute.Header.deviceName, string: "e0")
            }
            try EthtoolChannels(values: [.rx: 99, .rxMax: 128]).encode(into: &b)
        }
        return builder.bytes
    }

    @Test func forgedNotificationsAreDroppedTheRealOneDelivered() async throws {
        let (namespace, connection, _, e0) = try await EthtoolTests.vethNamespace()
        let family = try await connection.genericFamily(named: Ethtool.familyName)
        let group = try #require(family.multicastGroup(named: Ethtool.monitorGroupName))
        try #require(group.id >= 1 && group.id <= 32, "a group a sendto() mask reaches: \(group.id)")
        let monitor = try await connection.subscribe(genericFamily: Ethtool.familyName, group: Ethtool.monitorGroupName)

        let forger = try NetlinkSocket(family: .generic, namespace: namespace)
        let forgery = try Self.forged(familyID: family.id, index: UInt32(e0.index))
        let forgedCount = 50
        for _ in 0..<forgedCount { try forger.sendMulticast(forgery, groups: 1 << (group.id - 1)) }
        try await connection.setEthtoolParameters(EthtoolChannels(values: [.rx: 2]), device: .name("e0"), familyID: family.id)

        var forgedSeen = 0
        var real: EthtoolChannels?
        let deadline = ContinuousClock.now + .seconds(5)
        for try await event in monitor.events {
            guard case .notification(let datagram) = event else { continue }
            try datagram.forEachMessage { message in
                guard message.type.rawValue == family.id, case .channels(let channels) = try EthtoolEvent(decoding: message) else { return }
                if channels[.rx] == 99 { forgedSeen += 1 } else { real = channels }
            }
            if real != nil || ContinuousClock.now > deadline { break }
        }
        #expect(forgedSeen == 0, "forged notifications delivered")
        #expect(real?[.rx] == 2, "the real notification: \(String(describing: real))")
        #expect(monitor.statistics.droppedUntrusted == forgedCount, "\(monitor.statistics)")
    }
}
