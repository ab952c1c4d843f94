import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// Bytes from a hex string (test data only: traps on a typo in the test itself).
private func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

/// The `IFLA_INFO_DATA` / `IFLA_INFO_SLAVE_DATA` payloads a 6.18 kernel sent for links made with
/// iproute2 6.1 (captured from an `RTM_GETLINK` dump with a raw netlink socket).
enum CapturedLinkInfo {
    /// `ip link add br0 type bridge` (gc_timer running; newer attributes 48 and 49 included).
    static let bridge = hex(
        "0c00100000000000000000000c00110000000000000000000c00120000000000000000000c001300202500000000000008000100dc05000008000200c800000008000300d0070000080004003075000008000500000000000600060000800000050007000000000006000900000000000c000b0080001ae349a021cd0c000a0080001ae349a021cd06000c000000000008000d000000000005000e000000000005000f00000000000a0014000180c200000000000c002e00000000001f00000008003000000000000800310000000000050016000100000005001700010000000500180000000000050019000000000005002a000000000008001a001000000008001b000010000008001c000200000008001d000200000005002b000200000005002c00010000000c001e0064000000000000000c001f0090650000000000000c0020009c630000000000000c002100d4300000000000000c002200e8030000000000000c002300340c000000000000050024000000000005002500000000000500260000000000")
    /// The port data of a veth in that bridge (port 1).
    static let bridgePort = hex(
        "050001000000000006000200200000000800030002000000050004000000000005000500000000000500060000000000050007000000000005001c00000000000500080001000000050009000100000005001b000100000005001e000100000005000a000000000005000c00000000000c000d0080001ae349a021cd0c000e0080001ae349a021cd06000f00018000000600100000000000060011000180000006001200010000000500130000000000050014000000000005001d000000000006001f000000000005002000000000000500230000000000050024000000000005002100000000000500270000000000050028000000000005002b00000000000c00150000000000000000000c00160000000000000000000c0017000000000000000000050019000100000008002500000200000800260000000000080029000000000008002a0000000000")
    /// `ip link add mv0 link vb type macvlan mode bridge`.
    static let macvlan = hex("08000100040000000600020000000000080006000000000008000700e803000008000800e8030000")
    /// `ip link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 remote 192.0.2.9` (with the
    /// newer attributes 31 to 33 of a 6.18 kernel).
    static let vxlan = hex(
        "080001002a00000008000200c000020908000400c0000201050005000000000005001c0000000000050006000000000005001d000000000008001a00000000000800200000000000050007000100000005000b000000000005000c000000000005000d000000000005000e00000000000500190000000000080008002c010000080009000000000006000f0012b500000500120001000000050013000000000005001400000000000500150000000000050016000000000005001f000100000008000a00000000000c002100f7ffffff000000ff")
    /// `ip tuntap add tun0 mode tun multi_queue user 1000 group 100`.
    static let tun = hex("050003000100000008000100e80300000800020064000000050004000000000005000500000000000500060001000000050007000100000008000800000000000800090000000000")
    /// `ip tuntap add tap0 mode tap`.
    static let tap = hex("05000300020000000500040000000000050005000000000005000600010000000500070000000000")
}

@Suite("Link details (IFLA_LINKINFO)")
struct LinkInfoTests {
    @Test func bridgeFromCapturedBytes() throws {
        guard case .bridge(let d) = try LinkKindDetails(kind: "bridge", data: CapturedLinkInfo.bridge) else {
            Issue.record("not decoded as a bridge")
            return
        }
        #expect(d.forwardDelay == 1500)
        #expect(d.helloTime == 200)
        #expect(d.maxAge == 2000)
        #expect(d.ageingTime == 30000)
        #expect(d.stpState == 0)
        #expect(d.priority == 32768)
        #expect(d.vlanFiltering == false)
        #expect(d.bridgeID == BridgeID(priority: 0x8000, address: [0x1a, 0xe3, 0x49, 0xa0, 0x21, 0xcd]))
        #expect(d.rootID == d.bridgeID)
        #expect(d.rootPort == 0)
        #expect(d.gcTimer == 9504)
        #expect(d.helloTimer == 0)
        #expect(d.groupForwardMask == 0)
        #expect(d.groupAddress == [0x01, 0x80, 0xc2, 0, 0, 0])
        #expect(d.booleanOptions == 0)
        #expect(d.booleanOptionsMask == 0x1f)
        #expect(d.multicastSnooping == true)
        #expect(d.multicastRouter == 1)
        #expect(d.multicastHashElasticity == 16)
        #expect(d.multicastHashMax == 4096)
        #expect(d.multicastLastMemberCount == 2)
        #expect(d.multicastStartupQueryCount == 2)
        #expect(d.multicastLastMemberInterval == 100)
        #expect(d.multicastMembershipInterval == 26000)
        #expect(d.multicastQuerierInterval == 25500)
        #expect(d.multicastQueryInterval == 12500)
        #expect(d.multicastQueryResponseInterval == 1000)
        #expect(d.multicastStartupQueryInterval == 3124)
        #expect(d.multicastIGMPVersion == 2)
        #expect(d.multicastMLDVersion == 1)
        #expect(d.netfilterCallIPTables == false)
        #expect(d.fdbLearned == 0)
        #expect(d.fdbMaxLearned == 0)
        #expect(d.vlanProtocol == nil)  // this kernel has no CONFIG_BRIDGE_VLAN_FILTERING
    }

    @Test func bridgePortFromCapturedBytes() throws {
        guard case .bridge(let d) = try LinkPortDetails(kind: "bridge", data: CapturedLinkInfo.bridgePort) else {
            Issue.record("not decoded as a bridge port")
            return
        }
        #expect(d.state == 0)
        #expect(d.priority == 32)
        #expect(d.cost == 2)
        #expect(d.hairpin == false)
        #expect(d.learning == true)
        #expect(d.unicastFlood == true)
        #expect(d.multicastFlood == true)
        #expect(d.broadcastFlood == true)
        #expect(d.multicastToUnicast == false)
        #expect(d.id == 0x8001)
        #expect(d.number == 1)
        #expect(d.designatedPort == 0x8001)
        #expect(d.bridgeID == BridgeID(priority: 0x8000, address: [0x1a, 0xe3, 0x49, 0xa0, 0x21, 0xcd]))
        #expect(d.multicastRouter == 1)
        #expect(d.multicastEHTHostsLimit == 512)
        #expect(d.locked == false)
        #expect(d.macAuthenticationBypass == false)
        #expect(d.holdTimer == 0)
        #expect(d.backupPort == nil)
    }

    @Test func macvlanFromCapturedBytes() throws {
        let details = try LinkKindDetails(kind: "macvlan", data: CapturedLinkInfo.macvlan)
        var expected = MACVLANDetails()
        expected.mode = 4
        expected.flags = 0
        expected.sourceAddressCount = 0
        expected.broadcastQueueLength = 1000
        expected.broadcastQueueLengthUsed = 1000
        #expect(details == .macvlan(expected))
        #expect(try LinkKindDetails(kind: "macvtap", data: CapturedLinkInfo.macvlan) == .macvlan(expected))
    }

    @Test func vxlanFromCapturedBytes() throws {
        guard case .vxlan(let d) = try LinkKindDetails(kind: "vxlan", data: CapturedLinkInfo.vxlan) else {
            Issue.record("not decoded as a vxlan")
            return
        }
        #expect(d.id == 42)
        #expect(d.remote == ip("192.0.2.9"))
        #expect(d.local == ip("192.0.2.1"))
        #expect(d.port == 4789)
        #expect(d.sourcePortRange == 0...0)
        #expect(d.ttl == 0)
        #expect(d.ttlInherit == false)
        #expect(d.tos == 0)
        #expect(d.dontFragment == 0)
        #expect(d.flowLabel == 0)
        #expect(d.learning == true)
        #expect(d.ageing == 300)
        #expect(d.addressLimit == 0)
        #expect(d.udpChecksum == true)
        #expect(d.udpZeroChecksum6Transmit == false)
        #expect(d.external == false)
        #expect(d.localBypass == true)
        #expect(d.deviceIndex == nil)
        #expect(!d.groupPolicy)
    }

    @Test func tunAndTapFromCapturedBytes() throws {
        var tun = TunDetails()
        tun.type = 1
        tun.owner = 1000
        tun.group = 100
        tun.packetInformation = false
        tun.virtioNetHeader = false
        tun.persist = true
        tun.multiQueue = true
        tun.queues = 0
        tun.disabledQueues = 0
        #expect(try LinkKindDetails(kind: "tun", data: CapturedLinkInfo.tun) == .tun(tun))
        var tap = TunDetails()
        tap.type = 2
        tap.packetInformation = false
        tap.virtioNetHeader = false
        tap.persist = true
        tap.multiQueue = false
        #expect(try LinkKindDetails(kind: "tun", data: CapturedLinkInfo.tap) == .tun(tap))
    }

    /// A kind without a decoder keeps its bytes, unchanged (never dropped).
    @Test func unknownKindKeepsRawData() throws {
        let data: [UInt8] = [8, 0, 1, 0, 42, 0, 0, 0]
        #expect(try LinkKindDetails(kind: "vlan", data: data) == .other(kind: "vlan", data: data))
        #expect(try LinkPortDetails(kind: "bond", data: data) == .other(kind: "bond", data: data))
        // Even bytes that are not attributes at all are kept for an unknown kind.
        #expect(try LinkKindDetails(kind: "wireguard", data: [1, 2, 3]) == .other(kind: "wireguard", data: [1, 2, 3]))
    }

    /// Every truncation of every captured payload gives a value or a `NetlinkDecodingError`,
    /// never a trap; cuts inside an attribute are errors.
    @Test func truncatedDataIsAnErrorNeverACrash() {
        let cases: [(LinkKind, [UInt8], Bool)] = [
            ("bridge", CapturedLinkInfo.bridge, false), ("bridge", CapturedLinkInfo.bridgePort, true),
            ("macvlan", CapturedLinkInfo.macvlan, false), ("vxlan", CapturedLinkInfo.vxlan, false),
            ("tun", CapturedLinkInfo.tun, false),
        ]
        var errors = 0
        for (kind, data, port) in cases {
            for length in 0..<data.count {
                let cut = Array(data.prefix(length))
                do {
                    if port { _ = try LinkPortDetails(kind: kind, data: cut) } else { _ = try LinkKindDetails(kind: kind, data: cut) }
                } catch {
                    errors += 1
                    #expect(error.context != nil, "\(kind) cut at \(length): \(error)")
                }
            }
        }
        #expect(errors > 0)
    }

    /// An attribute of the wrong size is an error naming the attribute.
    @Test func wrongSizeNamesTheAttribute() {
        // IFLA_VXLAN_ID (1) with 2 bytes instead of 4.
        let data: [UInt8] = [6, 0, 1, 0, 42, 0, 0, 0]
        #expect(throws: NetlinkDecodingError.self) { try VXLANDetails(data) }
        do {
            _ = try VXLANDetails(data)
        } catch {
            #expect(error.code == .attributeSizeMismatch)
            #expect(error.attributeType == 1)
            #expect(error.context?.contains("IFLA_VXLAN") == true)
        }
        // A bridge id of 6 bytes instead of 8.
        let badID: [UInt8] = [10, 0, 11, 0, 0x80, 0, 1, 2, 3, 4, 0, 0]
        #expect(throws: NetlinkDecodingError.self) { try BridgeDetails(badID) }
        // A port range of 2 bytes.
        let badRange: [UInt8] = [6, 0, 10, 0, 0, 1, 0, 0]
        #expect(throws: NetlinkDecodingError.self) { try VXLANDetails(badRange) }
    }

    /// A whole `RTM_NEWLINK` with IFLA_LINKINFO, IFLA_AF_SPEC and the parent device names.
    @Test func linkMessageWithDetails() throws {
        func attribute(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
            var bytes: [UInt8] = []
            withUnsafeBytes(of: UInt16(4 + payload.count)) { bytes += $0 }
            withUnsafeBytes(of: type) { bytes += $0 }
            bytes += payload
            return bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4)
        }
        let linkInfo = attribute(1, Array("vxlan".utf8) + [0]) + attribute(2, CapturedLinkInfo.vxlan)
        let inet6 = attribute(8, [3])  // IFLA_INET6_ADDR_GEN_MODE: random
        let afSpec = attribute(10, inet6)
        let payload: [UInt8] = [0, 0, 1, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]  // ifinfomsg: ARPHRD_ETHER, index 7
            + attribute(3, Array("vx0".utf8) + [0]) + attribute(18, linkInfo) + attribute(26, afSpec)
            + attribute(38, Array("p0".utf8) + [0]) + attribute(34, [0xde, 0xad]) + attribute(36, [0xbe, 0xef])
            + attribute(56, Array("0000:00:01.0".utf8) + [0]) + attribute(57, Array("pci".utf8) + [0])
        let bytes = message(type: 16, payload: payload)
        let view = try NetlinkMessage(bytes.span.bytes)
        let link = try Link(decoding: view)
        #expect(link.name == "vx0")
        #expect(link.kind == "vxlan")
        #expect(link.addressGenerationMode == 3)
        #expect(link.physicalPortName == "p0")
        #expect(link.physicalPortID == [0xde, 0xad])
        #expect(link.physicalSwitchID == [0xbe, 0xef])
        #expect(link.parentDeviceName == "0000:00:01.0")
        #expect(link.parentDeviceBusName == "pci")
        guard case .vxlan(let details) = try link.kindDetails() else {
            Issue.record("no vxlan details")
            return
        }
        #expect(details.id == 42)
        #expect(try link.portDetails() == nil)
    }
}

extension LinkInfoTests {
    /// Links made through the library in a private namespace decode back to what was asked for.
    @Suite("Link details against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        @Test func bridgePortAndVXLANReadBack() async throws {
            guard await linkKindsPresent(["bridge", "veth", "vxlan", "macvlan"]) else { return }
            let (_, connection) = try routeTestConnection()
            var bridge = LinkSettings()
            bridge.name = "br0"
            bridge.address = [0x02, 0, 0, 0, 0, 0x01]
            bridge.kind = .other("bridge")
            try await connection.addLink(bridge)
            var peer = LinkSettings()
            peer.name = "vb"
            var veth = LinkSettings()
            veth.name = "va"
            veth.kind = .veth(peer: peer)
            try await connection.addLink(veth)
            let bridgeIndex = try await connection.link(named: "br0").index
            var port = LinkSettings()
            port.masterIndex = bridgeIndex
            try await connection.changeLink(index: try await connection.link(named: "va").index, port)
            var vxlan = VXLANSettings(id: 4242)
            vxlan.remote = ip("2001:db8::9")
            vxlan.port = 4789
            vxlan.ttl = 17
            vxlan.learning = false
            var vxlanLink = LinkSettings()
            vxlanLink.name = "vx0"
            vxlanLink.kind = .vxlan(vxlan)
            try await connection.addLink(vxlanLink)
            var macvlan = LinkSettings()
            macvlan.name = "mv0"
            macvlan.parentIndex = try await connection.link(named: "vb").index
            macvlan.kind = .macvlan(tap: false, mode: 2)
            try await connection.addLink(macvlan)

            let links = Dictionary(uniqueKeysWithValues: try await connection.links().map { ($0.name, $0) })
            guard case .bridge(let b) = try links["br0"]?.kindDetails() else {
                Issue.record("no bridge details")
                return
            }
            #expect(b.bridgeID == BridgeID(priority: 0x8000, address: [0x02, 0, 0, 0, 0, 0x01]))
            #expect(b.stpState == 0)
            guard case .bridge(let p) = try links["va"]?.portDetails() else {
                Issue.record("no bridge port details")
                return
            }
            #expect(links["va"]?.portKind == "bridge")
            #expect(p.bridgeID == b.bridgeID)
            #expect(p.number == 1)
            #expect(p.state == 0)  // disabled: the port is down
            guard case .vxlan(let v) = try links["vx0"]?.kindDetails() else {
                Issue.record("no vxlan details")
                return
            }
            #expect(v.id == 4242)
            #expect(v.remote == ip("2001:db8::9"))
            #expect(v.port == 4789)
            #expect(v.ttl == 17)
            #expect(v.learning == false)
            guard case .macvlan(let m) = try links["mv0"]?.kindDetails() else {
                Issue.record("no macvlan details")
                return
            }
            #expect(m.mode == 2)
            #expect(links["mv0"]?.addressGenerationMode == 0)
            #expect(links["lo"]?.promiscuity == 0)
        }
    }
}
