import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import NetlinkRoute
import SystemPackage
import Testing

/// The `netdev` family against the kernel: devices with their XDP features, every queue of a veth
/// with four queues each way (though no dump reply carries `NLM_F_MULTI`), and our requests
/// checked against the kernel's own policy of the family.
@Suite("netdev", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct NetdevTests {
    @Test func devicesAndQueues() async throws {
        let (namespace, connection) = try await genericTestConnection()
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        var peer = LinkSettings()
        peer.name = "q1"
        peer.transmitQueues = 4
        peer.receiveQueues = 4
        var veth = LinkSettings()
        veth.name = "q0"
        veth.transmitQueues = 4
        veth.receiveQueues = 4
        veth.kind = .veth(peer: peer)
        try await route.addLink(veth)
        let q0 = try await route.link(named: "q0")
        let q1 = try await route.link(named: "q1")
        try await route.setLink(index: q1.index, up: true)
        try await route.setLink(index: q0.index, up: true)

        let id = try await connection.netdevFamilyID()
        let devices = try await connection.netdevDevices(familyID: id)
        #expect(Set(devices.map(\.index)) == Set([1, UInt32(q0.index), UInt32(q1.index)]), "\(devices)")
        for device in devices { #expect(device.xdpFeatures != nil, "\(device)") }
        let one = try await connection.netdevDevice(index: UInt32(q0.index), familyID: id)
        #expect(one == devices.first { $0.index == UInt32(q0.index) })
        print("netdev: veth XDP features 0x\(String(one.xdpFeatures?.rawValue ?? 0, radix: 16))")
        let missing = await #expect(throws: NetlinkError.self) { try await connection.netdevDevice(index: 999, familyID: id) }
        #expect(missing?.errno == Errno(rawValue: ENODEV))

        let queues = try await connection.netdevQueues(index: UInt32(q0.index), familyID: id)
        #expect(queues.filter { $0.kind == .receive }.map(\.id).sorted() == [0, 1, 2, 3], "\(queues)")
        #expect(queues.filter { $0.kind == .transmit }.map(\.id).sorted() == [0, 1, 2, 3], "\(queues)")
        #expect(queues.allSatisfy { $0.index == UInt32(q0.index) })
        let all = try await connection.netdevQueues(familyID: id)
        #expect(all.count >= 16, "\(all.count) queues of every device")
    }

    /// The requests of this module for netdev pass the kernel's policy of the family (the
    /// constants above have no 6.1 header to be checked against: the policy checks them); an
    /// index of 0, outside the policy's range, is a violation here and refused by the kernel.
    @Test func requestsValidateAgainstTheKernelsPolicy() async throws {
        let (_, connection) = try await genericTestConnection()
        let tree = try await connection.genericPolicies(family: Netdev.familyName)
        func attributes(_ build: (inout NetlinkMessageBuilder) throws -> Void) rethrows -> [UInt8] {
            var builder = NetlinkMessageBuilder()
            try build(&builder)
            return builder.bytes
        }
        let deviceGet = try #require(tree.operations.first { $0.command == UInt32(Netdev.deviceGet) })
        let queueGet = try #require(tree.operations.first { $0.command == UInt32(Netdev.queueGet) })
        let byIndex = try attributes { try $0.appendAttribute(NetdevAttribute.Device.index, uint32: 1, .host) }
        #expect(tree.violations(of: byIndex, policy: try #require(deviceGet.doPolicy)).isEmpty)
        let queuesOf = try attributes { try $0.appendAttribute(NetdevAttribute.Queue.index, uint32: 1, .host) }
        #expect(tree.violations(of: queuesOf, policy: try #require(queueGet.dumpPolicy)).isEmpty)
        let queue = try attributes {
            try $0.appendAttribute(NetdevAttribute.Queue.id, uint32: 0, .host)
            try $0.appendAttribute(NetdevAttribute.Queue.index, uint32: 1, .host)
            try $0.appendAttribute(NetdevAttribute.Queue.type, uint32: 0, .host)
        }
        #expect(tree.violations(of: queue, policy: try #require(queueGet.doPolicy)).isEmpty)
        // The policy's types: the device index and the queue type are U32, the type 0...1.
        let queueDoIndex = try #require(queueGet.doPolicy)
        let doPolicy = try #require(tree.policies[queueDoIndex])
        #expect(doPolicy[NetdevAttribute.Queue.type]?.maximumUnsigned == 1)
        #expect(doPolicy[NetdevAttribute.Queue.index]?.attributeType == .u32)

        let zero = try attributes { try $0.appendAttribute(NetdevAttribute.Device.index, uint32: 0, .host) }
        #expect(tree.violations(of: zero, policy: try #require(deviceGet.doPolicy)) == ["[1]: 0 is below 1"])
        let refused = await #expect(throws: NetlinkError.self) {
            try await connection.genericExecute(family: try await connection.netdevFamilyID(), command: Netdev.deviceGet) { b in
                b.append(bytes: zero)
            }
        }
        #expect(refused?.errno == Errno(rawValue: EINVAL) || refused?.errno == Errno(rawValue: ERANGE), "\(String(describing: refused))")
    }
}

/// NAPI instances, page pools, queue statistics and the `mgmt` notifications against the kernel.
@Suite("netdev NAPI, page pools, statistics, events", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct NetdevNAPITests {
    @Test func napiOfAVethWithGRO() async throws {
        let (_, connection, _, e0) = try await EthtoolTests.vethNamespace()
        let id = try await connection.netdevFamilyID()
        #expect(try await connection.netdevNAPIs(index: UInt32(e0.index), familyID: id).isEmpty, "no NAPI before GRO")
        // GRO on: veth polls its receive queue through NAPI (e0 is up; so must the peer be).
        _ = try await connection.setEthtoolFeatures(device: .name("e0"), EthtoolBitChanges([(.name("rx-gro"), true)]))
        let napis = try await connection.netdevNAPIs(index: UInt32(e0.index), familyID: id)
        let first = try #require(napis.first, "a NAPI instance once GRO is on")
        #expect(napis.allSatisfy { $0.index == UInt32(e0.index) })
        #expect(try await connection.netdevNAPI(id: first.id, familyID: id) == first)
        try await connection.setNetdevNAPI(id: first.id, deferHardIRQs: 2, groFlushTimeout: 20_000, familyID: id)
        let changed = try await connection.netdevNAPI(id: first.id, familyID: id)
        #expect(changed.deferHardIRQs == 2 && changed.groFlushTimeout == 20_000, "\(changed)")
        // veth does not link its queues to its NAPI instances (netif_queue_set_napi): none named.
        let queues = try await connection.netdevQueues(index: UInt32(e0.index), familyID: id)
        #expect(!queues.isEmpty && queues.allSatisfy { $0.napiID == nil }, "\(queues)")
        let missing = await #expect(throws: NetlinkError.self) { try await connection.netdevNAPI(id: 1, familyID: id) }
        #expect(missing?.errno == Errno(rawValue: ENOENT))
    }

    @Test func pagePoolsAndQueueStatistics() async throws {
        let (_, connection, _, e0) = try await EthtoolTests.vethNamespace()
        // No driver here makes page pools without XDP: the dump answers, empty.
        #expect(try await connection.netdevPagePools().isEmpty)
        // veth keeps no queue statistics: the kernel's typed refusal.
        let refused = await #expect(throws: NetlinkError.self) { try await connection.netdevQueueStatistics(index: UInt32(e0.index)) }
        #expect(refused?.errno == Errno(rawValue: EOPNOTSUPP), "\(String(describing: refused))")
    }

    @Test func deviceNotifications() async throws {
        let (namespace, connection) = try await genericTestConnection()
        let id = try await connection.netdevFamilyID()
        let monitor = try await connection.subscribe(genericFamily: Netdev.familyName, group: Netdev.managementGroupName)
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        var settings = LinkSettings()
        settings.name = "x0"
        settings.kind = .veth(peer: { var p = LinkSettings(); p.name = "x1"; return p }())
        try await route.addLink(settings)
        let x0 = try await route.link(named: "x0")
        try await route.deleteLink(index: x0.index)
        var added = Set<UInt32>(), deleted = Set<UInt32>()
        let deadline = ContinuousClock.now + .seconds(5)
        for try await event in monitor.events {
            guard case .notification(let datagram) = event else { continue }
            try datagram.forEachMessage { message in
                guard message.type.rawValue == id else { return }
                switch try NetdevEvent(decoding: message) {
                case .deviceAdded(let device): added.insert(device.index)
                case .deviceDeleted(let device): deleted.insert(device.index)
                default: break
                }
            }
            if deleted.contains(UInt32(x0.index)) || ContinuousClock.now > deadline { break }
        }
        #expect(added.contains(UInt32(x0.index)) && deleted.contains(UInt32(x0.index)), "added \(added), deleted \(deleted)")
    }
}
