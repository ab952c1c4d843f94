import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import NetlinkRoute
import SystemPackage
import Testing

/// The ethtool family against the kernel, on a veth pair and a tap in a private namespace: every
/// message decoded or answered with its typed refusal, features and channels set and read back,
/// the `monitor` notification of a change, and our requests checked against the kernel's own
/// policy of the family.
@Suite("ethtool", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct EthtoolTests {
    /// A veth pair e0/e1 (up) in a new namespace, with a generic connection there.
    static func vethNamespace() async throws -> (NetworkNamespace, NetlinkConnection, NetlinkConnection, Link) {
        let (namespace, connection) = try await genericTestConnection()
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        var peer = LinkSettings()
        peer.name = "e1"
        var veth = LinkSettings()
        veth.name = "e0"
        veth.kind = .veth(peer: peer)
        try await route.addLink(veth)
        let e0 = try await route.link(named: "e0")
        try await route.setLink(index: e0.index, up: true)
        return (namespace, connection, route, e0)
    }

    @Test func everyMessageOnAVeth() async throws {
        let (_, connection, _, e0) = try await Self.vethNamespace()
        let id = try await connection.ethtoolFamilyID()
        let device = EthtoolDevice.name("e0")

        let info = try await connection.ethtoolLinkInfo(device: device, familyID: id).get()
        #expect(info.device == EthtoolDeviceHeader(index: UInt32(e0.index), name: "e0"))
        #expect(info.port == 0 && info.transceiver == 0, "veth: twisted pair, internal: \(info)")
        let modes = try await connection.ethtoolLinkModes(device: device, familyID: id).get()
        #expect(modes.speed == 10000 && modes.duplex == 1 && modes.autonegotiation == 0, "\(modes)")
        let state = try await connection.ethtoolLinkState(device: .index(UInt32(e0.index)), familyID: id).get()
        #expect(state.device.name == "e0")
        #expect(state.link == false, "the peer is down: \(state)")
        let channels = try await connection.ethtoolParameters(EthtoolChannel.self, device: device, familyID: id).get()
        #expect(channels[.rxMax] != nil && channels[.rx] == 1 && channels[.combined] == nil, "\(channels)")
        let stamping = try await connection.ethtoolTimestamping(device: device, familyID: id).get()
        let capabilities = try #require(stamping.capabilities)
        #expect(capabilities.setBits.compactMap { capabilities.names[$0] }.contains("software-receive"), "\(capabilities)")
        #expect(stamping.phcIndex == nil)
        let wol = try await connection.ethtoolWakeOnLAN(device: device, familyID: id)
        if case .notPermitted = wol { Issue.record("root reads WoL") }
        // What a veth does not have: typed refusals, not failures.
        for (name, answer) in [
            ("rings", try await connection.ethtoolParameters(EthtoolRing.self, device: device, familyID: id).refusalName),
            ("coalesce", try await connection.ethtoolParameters(EthtoolCoalesceParameter.self, device: device, familyID: id).refusalName),
            ("pause", try await connection.ethtoolPause(device: device, familyID: id).refusalName),
            ("eee", try await connection.ethtoolEEE(device: device, familyID: id).refusalName),
            ("fec", try await connection.ethtoolFEC(device: device, familyID: id).refusalName),
            ("private flags", try await connection.ethtoolPrivateFlags(device: device, familyID: id).refusalName),
        ] {
            #expect(answer == "not supported", "\(name): \(answer)")
        }
        // No such device: a failure, with the kernel's message.
        let missing = await #expect(throws: NetlinkError.self) { try await connection.ethtoolLinkInfo(device: .name("nope"), familyID: id) }
        #expect(missing?.errno == Errno(rawValue: ENODEV))
        #expect(missing?.extendedAck?.message == "no device matches name")
    }

    @Test func featuresNamedByTheStringSetAndChanged() async throws {
        let (_, connection, _, e0) = try await Self.vethNamespace()
        let id = try await connection.ethtoolFamilyID()
        let names = try await connection.ethtoolStringSet(Ethtool.StringSetID.features, familyID: id)
        let features = try await connection.ethtoolFeatures(device: .name("e0"), familyID: id).get()
        let active = try #require(features.active)
        #expect(active.size == names.count && names.strings.count == names.count, "\(active.size) bits, \(names.count) names")
        let gro = try #require(names.index(of: "rx-gro"))
        let lro = try #require(names.index(of: "rx-lro"))
        #expect(features.isFixed(lro))
        #expect(!features.isFixed(gro))
        let wasOn = active[gro]

        // Flip GRO, and ask for LRO, which is fixed: the reply names what did not change.
        let reply = try await connection.setEthtoolFeatures(device: .name("e0"), EthtoolBitChanges([(.name("rx-gro"), !wasOn), (.name("rx-lro"), true)]), familyID: id)
        let wanted = try #require(reply?.wanted)
        #expect(wanted.inMask(lro) && !wanted.inMask(gro), "\(wanted.maskBits)")
        let after = try await connection.ethtoolFeatures(device: .index(UInt32(e0.index)), familyID: id).get()
        #expect(after.active?[gro] == !wasOn)
        #expect(after.active?[lro] == false)

        let unknown = await #expect(throws: NetlinkError.self) {
            try await connection.setEthtoolFeatures(device: .name("e0"), EthtoolBitChanges([(.name("no-such-feature"), true)]), familyID: id)
        }
        #expect(unknown?.extendedAck?.message == "bit name not found", "\(String(describing: unknown))")

        // One dump for every device: lo and the pair.
        let all = try await connection.ethtoolFeaturesOfAllDevices(familyID: id)
        #expect(Set(all.map(\.device.name)) == ["lo", "e0", "e1"], "\(all.map(\.device))")
    }

    @Test func channelsSetReadBackAndNotified() async throws {
        let (_, connection, _, _) = try await Self.vethNamespace()
        let id = try await connection.ethtoolFamilyID()
        let monitor = try await connection.subscribe(genericFamily: Ethtool.familyName, group: Ethtool.monitorGroupName)
        let before = try await connection.ethtoolParameters(EthtoolChannel.self, device: .name("e0"), familyID: id).get()
        let maximum = try #require(before[.rxMax])
        #expect(maximum >= 2, "veth channels follow the CPU count: \(before)")
        try await connection.setEthtoolParameters(EthtoolChannels(values: [.rx: 2]), device: .name("e0"), familyID: id)
        let after = try await connection.ethtoolParameters(EthtoolChannel.self, device: .name("e0"), familyID: id).get()
        #expect(after[.rx] == 2 && after[.tx] == before[.tx], "\(after)")

        var notified: EthtoolChannels?
        let deadline = ContinuousClock.now + .seconds(5)
        search: for try await event in monitor.events {
            guard case .notification(let datagram) = event else { continue }
            var found: EthtoolChannels?
            try datagram.forEachMessage { message in
                guard message.type.rawValue == id, case .channels(let value) = try EthtoolEvent(decoding: message) else { return }
                found = value
            }
            if let found { notified = found; break search }
            if ContinuousClock.now > deadline { break }
        }
        #expect(notified?[.rx] == 2 && notified?.device.name == "e0", "\(String(describing: notified))")

        // Over the maximum: the kernel's refusal, with its message.
        let refused = await #expect(throws: NetlinkError.self) {
            try await connection.setEthtoolParameters(EthtoolChannels(values: [.rx: maximum + 1]), device: .name("e0"), familyID: id)
        }
        #expect(refused?.errno == Errno(rawValue: EINVAL), "\(String(describing: refused))")
    }

    /// Link settings a veth does not take: the kernel's refusals, typed; our requests pass its policy.
    @Test func linkSettingsRefusedByAVeth() async throws {
        let (_, connection, _, _) = try await Self.vethNamespace()
        var modes = EthtoolLinkModes()
        modes.speed = 1000
        modes.duplex = 1
        modes.autonegotiation = 0
        let refused = await #expect(throws: NetlinkError.self) { try await connection.setEthtoolLinkModes(modes, device: .name("e0")) }
        #expect(refused?.errno == Errno(rawValue: EOPNOTSUPP), "\(String(describing: refused))")
        var info = EthtoolLinkInfo()
        info.port = 0
        let refusedInfo = await #expect(throws: NetlinkError.self) { try await connection.setEthtoolLinkInfo(info, device: .name("e0")) }
        #expect(refusedInfo?.errno == Errno(rawValue: EOPNOTSUPP), "\(String(describing: refusedInfo))")
        let tree = try await connection.genericPolicies(family: Ethtool.familyName)
        var builder = NetlinkMessageBuilder()
        try EthtoolDevice.name("e0").encodeHeader(into: &builder)
        try modes.encode(into: &builder)
        let operation = try #require(tree.operations.first { $0.command == UInt32(Ethtool.Command.linkModesSet) })
        #expect(tree.violations(of: builder.bytes, policy: try #require(operation.doPolicy)).isEmpty)
    }

    @Test func coalesceOfATap() async throws {
        let (namespace, connection) = try await genericTestConnection()
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        try await route.createTunTap(TunTapOptions(mode: .tap, name: "tp0"))
        let id = try await connection.ethtoolFamilyID()
        let coalesce = try await connection.ethtoolParameters(EthtoolCoalesceParameter.self, device: .name("tp0"), familyID: id).get()
        #expect(coalesce[.rxFrames] == 0 && coalesce[.rxMicroseconds] == nil, "tun reports rx-frames only: \(coalesce)")
        try await connection.setEthtoolParameters(EthtoolCoalesce(values: [.rxFrames: 16]), device: .name("tp0"), familyID: id)
        let after = try await connection.ethtoolParameters(EthtoolCoalesceParameter.self, device: .name("tp0"), familyID: id).get()
        #expect(after[.rxFrames] == 16, "\(after)")
    }

    /// Our encoders validate against the kernel's policy of every ethtool operation they serve,
    /// and our parameter widths (u8 or u32) are the policy's.
    @Test func requestsValidateAgainstTheKernelsPolicy() async throws {
        let (_, connection) = try await genericTestConnection()
        let tree = try await connection.genericPolicies(family: Ethtool.familyName)
        func attributes(_ build: (inout NetlinkMessageBuilder) throws -> Void) rethrows -> [UInt8] {
            var builder = NetlinkMessageBuilder()
            try build(&builder)
            return builder.bytes
        }
        func check(_ command: UInt8, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
            let operation = try #require(tree.operations.first { $0.command == UInt32(command) }, sourceLocation: sourceLocation)
            let policy = try #require(operation.doPolicy, sourceLocation: sourceLocation)
            #expect(tree.violations(of: bytes, policy: policy).isEmpty, "command \(command): \(tree.violations(of: bytes, policy: policy))", sourceLocation: sourceLocation)
        }
        let header = try attributes { try EthtoolDevice.name("e0").encodeHeader(flags: .compactBitsets, into: &$0) }
        for get in [Ethtool.Command.linkInfoGet, Ethtool.Command.featuresGet, Ethtool.Command.channelsGet, Ethtool.Command.timestampingGet] {
            try check(get, header)
        }
        // The statistics flag only where the operation takes it (the policy's mask says so).
        let withStatistics = try attributes { try EthtoolDevice.index(1).encodeHeader(flags: [.compactBitsets, .statistics], into: &$0) }
        try check(Ethtool.Command.pauseGet, withStatistics)
        let operation = try #require(tree.operations.first { $0.command == UInt32(Ethtool.Command.channelsGet) })
        #expect(tree.violations(of: withStatistics, policy: try #require(operation.doPolicy)) == ["[1, 3]: 5 sets bits outside the mask 0x3"])
        try check(Ethtool.Command.featuresSet, header + attributes {
            try EthtoolBitChanges([(.name("rx-gro"), true), (.index(3), false)]).encode(EthtoolAttribute.Features.wanted, into: &$0)
        })
        try check(Ethtool.Command.channelsSet, header + attributes { try EthtoolChannels(values: [.rx: 1, .combined: 2]).encode(into: &$0) })
        var rings = EthtoolRings()
        for ring in EthtoolRing.allCases { rings[ring] = ring.isByte ? 1 : 64 }
        rings[.rxMax] = nil; rings[.rxMiniMax] = nil; rings[.rxJumboMax] = nil; rings[.txMax] = nil; rings[.txPushBufferLengthMax] = nil
        try check(Ethtool.Command.ringsSet, header + attributes { try rings.encode(into: &$0) })
        try check(Ethtool.Command.pauseSet, header + attributes {
            var pause = EthtoolPause()
            pause.receive = true
            pause.transmit = false
            try pause.encode(into: &$0)
        })
        // Every parameter's width is the one the kernel's policy states, where it states one.
        func widths<P: EthtoolParameter>(_: P.Type, set command: UInt8) throws {
            let operation = try #require(tree.operations.first { $0.command == UInt32(command) })
            let index = try #require(operation.doPolicy)
            let policy = try #require(tree.policies[index])
            for parameter in P.allCases {
                guard let rule = policy[parameter.rawValue], let type = rule.attributeType else { continue }
                #expect(type == (parameter.isByte ? .u8 : .u32), "\(P.self).\(parameter) is \(type) in the kernel's policy")
            }
        }
        try widths(EthtoolChannel.self, set: Ethtool.Command.channelsSet)
        try widths(EthtoolRing.self, set: Ethtool.Command.ringsSet)
        try widths(EthtoolCoalesceParameter.self, set: Ethtool.Command.coalesceSet)
    }

    @Test func bitsetCodecBothForms() throws {
        var set = EthtoolBitset(size: 40, value: [0b1010, 0xFF], mask: [0b1110, 0xFF])
        #expect(set.value == [0b1010, 0xFF] && set.size == 40)
        #expect(set[1] && set[3] && !set[2] && set[32] && !set[40])
        #expect(set.inMask(2) && !set.inMask(0))
        set.set(0, true)
        #expect(set[0] && set.inMask(0))
        // Compact: decode → encode → decode.
        var builder = NetlinkMessageBuilder()
        try set.encodeCompact(7, into: &builder)
        let again = try Self.decodeBitset(builder.bytes)
        #expect(again == set)
        // Verbose with names and a mask, as the kernel writes it without COMPACT_BITSETS.
        var verbose = NetlinkMessageBuilder()
        try verbose.appendNested(7) { b in
            try b.appendAttribute(EthtoolAttribute.Bitset.size, uint32: 4, .host)
            try b.appendNested(EthtoolAttribute.Bitset.bits) { b in
                for (index, name, on) in [(0, "a", true), (2, "c", false)] {
                    try b.appendNested(EthtoolAttribute.Bitset.bit) { b in
                        try b.appendAttribute(EthtoolAttribute.Bitset.bitIndex, uint32: UInt32(index), .host)
                        try b.appendAttribute(EthtoolAttribute.Bitset.bitName, string: name)
                        if on { try b.appendFlagAttribute(EthtoolAttribute.Bitset.bitValue) }
                    }
                }
            }
        }
        let named = try Self.decodeBitset(verbose.bytes)
        #expect(named.setBits == [0] && named.maskBits == [0, 2] && named.names == [0: "a", 2: "c"])
        // A bit past the size, or no size: refused.
        var bad = NetlinkMessageBuilder()
        try bad.appendNested(7) { b in
            try b.appendAttribute(EthtoolAttribute.Bitset.size, uint32: 40, .host)
            try b.appendAttribute(EthtoolAttribute.Bitset.value, bytes: [1, 0, 0, 0])
        }
        #expect(throws: NetlinkDecodingError.self) { try Self.decodeBitset(bad.bytes) }
    }

    static func decodeBitset(_ bytes: [UInt8]) throws -> EthtoolBitset {
        var result: EthtoolBitset?
        try bytes.withUnsafeBytes { raw in
            var attributes = NetlinkAttributes(raw.bytes)
            while let attribute = try attributes.next() { result = try EthtoolBitset(decoding: attribute) }
        }
        return try #require(result)
    }
}

extension EthtoolAnswer {
    /// "value", "not supported" or "not permitted", for messages.
    var refusalName: String {
        switch self {
        case .value: "value"
        case .notSupported: "not supported"
        case .notPermitted: "not permitted"
        }
    }
}

/// The ethtool messages of plug-in modules and PTP virtual clocks, which no device here has: what
/// a veth answers (an empty module reply, EOPNOTSUPP for the EEPROM), and the replies of a device
/// that has them decoded from golden bytes.
@Suite("ethtool modules and PTP clocks", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct EthtoolModuleTests {
    @Test func refusalsOnAVeth() async throws {
        let (_, connection, _, _) = try await EthtoolTests.vethNamespace()
        // A veth answers MODULE_GET with no setting (ethtool prints the banner alone).
        let module = try await connection.ethtoolModule(device: .name("e0")).get()
        #expect(module.powerModePolicy == nil && module.powerMode == nil && module.device.name == "e0", "\(module)")
        let eeprom = try await connection.ethtoolModuleEEPROM(device: .name("e0"), offset: 0, length: 128, page: 0)
        #expect(eeprom.refusalName == "not supported", "\(eeprom.refusalName)")
        let clocks = try await connection.ethtoolPHCVirtualClocks(device: .name("e0"))
        switch clocks {
        case .value(let value): #expect(value.count ?? 0 == 0 && value.indexes.isEmpty, "\(value)")
        case .notSupported: break
        case .notPermitted(let error): Issue.record("\(error)")
        }
    }

    @Test func goldenReplies() throws {
        func message(_ command: UInt8, _ body: (inout NetlinkMessageBuilder) throws -> Void) throws -> [UInt8] {
            var b = NetlinkMessageBuilder()
            try b.message(type: NetlinkMessageType(0x15), flags: [], sequence: 1) { b in
                GenericNetlinkHeader(command: command).encode(into: &b)
                try EthtoolDevice.index(4).encodeHeader(into: &b)
                try body(&b)
            }
            return b.bytes
        }
        func decode<T>(_ bytes: [UInt8], _ body: (borrowing NetlinkMessage) throws -> T) throws -> T {
            var messages = NetlinkMessages(bytes.span.bytes)
            guard let one = try messages.next() else { throw NetlinkDecodingError(.truncatedMessageHeader) }
            return try body(one)
        }
        let module = try decode(try message(Ethtool.Reply.module) { b in
            var m = EthtoolModule()
            m.powerModePolicy = 2
            m.powerMode = 1
            try m.encode(into: &b)
        }) { try EthtoolModule(decoding: $0) }
        #expect(module.powerModePolicy == 2 && module.powerMode == 1 && module.device.index == 4)
        let clocks = try decode(try message(Ethtool.Reply.phcVirtualClocks) { b in
            try b.appendAttribute(EthtoolAttribute.PHCVirtualClocks.count, uint32: 2, .host)
            try b.appendAttribute(EthtoolAttribute.PHCVirtualClocks.indexes, bytes: [3, 0, 0, 0, 4, 0, 0, 0])
        }) { try EthtoolPHCVirtualClocks(decoding: $0) }
        #expect(clocks.count == 2 && clocks.indexes == [3, 4])
        let eeprom = try decode(try message(Ethtool.Reply.moduleEEPROM) { b in
            try b.appendAttribute(EthtoolAttribute.ModuleEEPROM.data, bytes: [0x03, 0x04, 0x07])
        }) { try EthtoolModuleEEPROM(decoding: $0) }
        #expect(eeprom.data == [3, 4, 7])
        #expect(throws: NetlinkDecodingError.self) {
            _ = try decode(try message(Ethtool.Reply.phcVirtualClocks) { b in
                try b.appendAttribute(EthtoolAttribute.PHCVirtualClocks.indexes, bytes: [3, 0, 0])
            }) { try EthtoolPHCVirtualClocks(decoding: $0) }
        }
    }
}
