import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import SystemPackage
import Testing

/// The dynamic client against the kernel: any family's request sent by name and number, the
/// replies decoded by the kernel's own policy of the command — typed where the policy describes
/// the attribute, binary where only replies carry it, nests kept as nests.
@Suite("Dynamic generic client", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct GenericDynamicTests {
    @Test func ethtoolChannelsByPolicy() async throws {
        let (_, connection, _, e0) = try await EthtoolTests.vethNamespace()
        var request = NetlinkMessageBuilder()
        try EthtoolDevice.name("e0").encodeHeader(into: &request)
        let replies = try await connection.genericCall(family: Ethtool.familyName, command: Ethtool.Command.channelsGet, attributes: request.bytes)
        let reply = try #require(replies.first)
        #expect(replies.count == 1 && reply.command == Ethtool.Reply.channels && reply.version == 1)
        // The header is in the policy of CHANNELS_GET: typed. The counts only replies carry: binary, 4 bytes.
        let header = try #require(reply.attributes.first { $0.type == EthtoolAttribute.header })
        #expect(header.value == .nested([
            GenericDynamicAttribute(type: EthtoolAttribute.Header.deviceIndex, value: .unsigned(UInt64(e0.index), bytes: 4)),
            GenericDynamicAttribute(type: EthtoolAttribute.Header.deviceName, value: .string("e0")),
        ]), "\(header)")
        let rx = try #require(reply.attributes.first { $0.type == EthtoolChannel.rx.rawValue })
        #expect(rx.value == .binary([1, 0, 0, 0]), "\(rx)")
    }

    @Test func controllerAndNetdevDumps() async throws {
        let (_, connection) = try await genericTestConnection()
        // The controller's replies share its requests' attribute space: the name and ID typed.
        let families = try await connection.genericCall(family: "nlctrl", command: 3, dump: true)
        #expect(families.count >= 5, "\(families.count) families")
        for family in families {
            #expect(family.attributes.contains { $0.type == 2 && { if case .string = $0.value { true } else { false } }($0) }, "\(family)")
            #expect(family.attributes.contains { $0.type == 1 && { if case .unsigned(_, bytes: 2) = $0.value { true } else { false } }($0) }, "\(family)")
        }
        let netdev = try await connection.genericCall(family: Netdev.familyName, command: Netdev.deviceGet, dump: true)
        #expect(netdev.contains { $0.attributes.first { $0.type == 1 }?.value == .binary([1, 0, 0, 0]) }, "lo's index: \(netdev)")
    }

    @Test func taskstatsNestsKeptThoughThePolicySaysString() async throws {
        let (_, connection) = try await genericTestConnection()
        var request = NetlinkMessageBuilder()
        try request.appendAttribute(TaskstatsAttribute.Request.pid, uint32: UInt32(getpid()), .host)
        let replies = try await connection.genericCall(family: Taskstats.familyName, command: Taskstats.getCommand, attributes: request.bytes)
        let aggregate = try #require(replies.first?.attributes.first { $0.type == TaskstatsAttribute.Reply.aggregatePID })
        guard case .nested(let inner) = aggregate.value else {
            Issue.record("AGGR_PID (4, a string in the request policy) read as \(aggregate.value)")
            return
        }
        var pid = UInt32(getpid())
        #expect(inner.first?.value == .binary(withUnsafeBytes(of: &pid) { Array($0) }))
    }

    @Test func refusalsAndUnknownFamilies() async throws {
        let (_, connection) = try await genericTestConnection()
        let unknown = await #expect(throws: NetlinkError.self) { try await connection.genericCall(family: "no-such-family", command: 1) }
        #expect(unknown?.errno == Errno(rawValue: ENOENT))
        var request = NetlinkMessageBuilder()
        try EthtoolDevice.name("nope").encodeHeader(into: &request)
        let refused = await #expect(throws: NetlinkError.self) {
            try await connection.genericCall(family: Ethtool.familyName, command: Ethtool.Command.channelsGet, attributes: request.bytes)
        }
        #expect(refused?.errno == Errno(rawValue: ENODEV) && refused?.extendedAck?.message == "no device matches name", "\(String(describing: refused))")
    }

    /// Requests decode by their own policy: every kind of rule, a payload the rule refuses kept
    /// with the reason, nests by their nested policy.
    @Test func requestsDecodeByPolicy() async throws {
        let (_, connection) = try await genericTestConnection()
        let tree = try await connection.genericPolicies(family: Ethtool.familyName)
        let operation = try #require(tree.operations.first { $0.command == UInt32(Ethtool.Command.channelsSet) })
        var builder = NetlinkMessageBuilder()
        try EthtoolDevice.index(7).encodeHeader(flags: .compactBitsets, into: &builder)
        try EthtoolChannels(values: [.rx: 3]).encode(into: &builder)
        try builder.appendAttribute(EthtoolChannel.tx.rawValue, bytes: [1, 2])
        let decoded = try tree.decodeAttributes(builder.bytes, policy: operation.doPolicy)
        #expect(decoded == [
            GenericDynamicAttribute(type: 1, value: .nested([
                GenericDynamicAttribute(type: 1, value: .unsigned(7, bytes: 4)), GenericDynamicAttribute(type: 3, value: .unsigned(1, bytes: 4)),
            ])),
            GenericDynamicAttribute(type: EthtoolChannel.rx.rawValue, value: .unsigned(3, bytes: 4)),
            GenericDynamicAttribute(type: EthtoolChannel.tx.rawValue, value: .malformed([1, 2], reason: "U32 needs 4 bytes, got 2")),
        ], "\(decoded)")
    }
}
