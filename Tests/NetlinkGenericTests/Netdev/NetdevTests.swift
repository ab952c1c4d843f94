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
