import Netlink
import NetlinkCore
import NetlinkGeneric
import NetlinkTestSupport
import Testing

/// The controller against the kernel: the families of a new namespace, by name and by ID, their
/// operations and groups; and the codec's round trip on golden bytes.
@Suite("Generic netlink controller")
struct ControllerTests {
    @Test(.enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
    func familiesOfANewNamespace() async throws {
        let (_, connection) = try await genericTestConnection()
        let families = try await connection.genericFamilies()
        let names = Set(families.map(\.name))
        print("generic families in a new namespace: \(families.map { "\($0.name)=0x\(String($0.id, radix: 16))" }.joined(separator: " "))")
        // The controller is always there, with its fixed ID and its notify group.
        let control = try #require(families.first { $0.name == "nlctrl" })
        #expect(control.id == 0x10)
        #expect(control.multicastGroup(named: "notify")?.id == GenericNetlink.controllerNotifyGroup)
        #expect(control.operation(UInt32(ControllerCommand.getFamily))?.flags.isSuperset(of: [.canDo, .canDump]) == true)
        #expect(control.operation(UInt32(ControllerCommand.getPolicy))?.flags.contains(.canDump) == true)
        // Families built into every kernel this project supports (netdev since 6.5, ethtool since 5.6).
        #expect(names.isSuperset(of: ["nlctrl", "ethtool", "netdev"]), "\(names)")
        #expect(Set(families.map(\.id)).count == families.count, "IDs are unique")
        for family in families where family.id != 0x10 { #expect(family.id > 0x10, "\(family.name) has a dynamic ID") }

        // By name and by ID: the same description as in the dump.
        for family in families {
            #expect(try await connection.genericFamily(named: family.name) == family)
            #expect(try await connection.genericFamily(id: family.id) == family)
        }
        let ethtool = try await connection.genericFamily(named: "ethtool")
        #expect(ethtool.multicastGroup(named: "monitor") != nil)
        #expect(!ethtool.operations.isEmpty)

        // What is not there: ENOENT, the kernel's answer, named in the error.
        let missing = await #expect(throws: NetlinkError.self) { try await connection.genericFamily(named: "no-such-family") }
        #expect(missing?.errno == .noSuchFileOrDirectory)
        let noID = await #expect(throws: NetlinkError.self) { try await connection.genericFamily(id: 0xFFF0) }
        #expect(noID?.errno == .noSuchFileOrDirectory)
    }

    /// A group joined by the family's and the group's names.
    @Test(.enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
    func joinsAGroupByName() async throws {
        let (_, connection) = try await genericTestConnection()
        let notify = try await connection.subscribe(genericFamily: "nlctrl", group: "notify")
        #expect(notify.configuration.groups == [GenericNetlink.controllerNotifyGroup])
        let missing = await #expect(throws: NetlinkError.self) {
            try await connection.subscribe(genericFamily: "nlctrl", group: "no-such-group")
        }
        #expect(missing?.errno == .noSuchFileOrDirectory)
    }

    /// encode → decode gives the family back; the attributes genl reads are where it reads them.
    @Test func roundTrip() throws {
        let family = GenericFamily(
            id: 0x15, name: "ethtool", version: 1, headerSize: 0, maxAttribute: 0,
            operations: [.init(command: 1, flags: [.canDo, .canDump, .hasPolicy]), .init(command: 2, flags: [.adminPermission, .canDo])],
            multicastGroups: [.init(name: "monitor", id: 5)])
        var builder = NetlinkMessageBuilder()
        try builder.message(type: GenericNetlink.controllerID, flags: [], sequence: 1) { b in try family.encode(into: &b) }
        var messages = NetlinkMessages(builder.bytes.span.bytes)
        guard let message = try messages.next() else {
            Issue.record("no message")
            return
        }
        #expect(try GenericNetlinkHeader(decoding: message) == GenericNetlinkHeader(command: ControllerCommand.newFamily, version: 2))
        #expect(try GenericFamily(decoding: message) == family)
    }

    /// Every truncation of an encoded family is a value or a decoding error, never a trap; a
    /// message without the family's ID or name is an error.
    @Test func truncationsAndMissingAttributes() throws {
        var builder = NetlinkMessageBuilder()
        try builder.message(type: GenericNetlink.controllerID, flags: [], sequence: 1) { b in
            try GenericFamily(id: 0x20, name: "x", operations: [.init(command: 3, flags: .canDo)]).encode(into: &b)
        }
        let bytes = builder.bytes
        for length in 16..<bytes.count {
            var cut = Array(bytes.prefix(length))
            cut.replaceSubrange(0..<4, with: withUnsafeBytes(of: UInt32(length).littleEndian) { Array($0) })
            var messages = NetlinkMessages(cut.span.bytes)
            guard let message = try? messages.next() else { continue }
            _ = try? GenericFamily(decoding: message)
        }
        var bare = NetlinkMessageBuilder()
        try bare.message(type: GenericNetlink.controllerID, flags: [], sequence: 1) { b in
            GenericNetlinkHeader(command: ControllerCommand.newFamily).encode(into: &b)
            try b.appendAttribute(ControllerAttribute.familyName, string: "nameless-id")
        }
        var messages = NetlinkMessages(bare.bytes.span.bytes)
        guard let message = try messages.next() else {
            Issue.record("no message")
            return
        }
        #expect(throws: NetlinkDecodingError.self) { try GenericFamily(decoding: message) }
    }
}
