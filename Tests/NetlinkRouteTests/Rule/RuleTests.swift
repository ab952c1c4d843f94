import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import SystemPackage
import KernelFeatures
import Testing



private func decode(_ bytes: [UInt8]) throws(NetlinkDecodingError) -> Rule {
    let view = try NetlinkMessage(bytes.span.bytes)
    return try Rule(decoding: view)
}

private func encode(_ rule: Rule) throws -> [UInt8] {
    var builder = NetlinkMessageBuilder()
    try builder.message(type: RouteMessageType.newRule, flags: .multipart, sequence: 1) { b in try rule.encode(into: &b) }
    return builder.bytes
}

@Suite("Rules: fib_rule_hdr, FRA_*, requests")
struct RuleTests {
    /// `ip rule add pref 100 from 10.1.0.0/16 iif veth0 fwmark 0x10/0xff uidrange 1000-2000 ipproto tcp
    /// sport 1000-2000 dport 443 protocol static table 1000`, laid out field by field.
    static let payload: [UInt8] = [
        0x02,                                   // family AF_INET
        0x00,                                   // dst_len
        0x10,                                   // src_len 16
        0x00,                                   // tos
        0x00,                                   // table RT_TABLE_UNSPEC: FRA_TABLE carries 1000
        0x00, 0x00,                             // res1, res2
        0x01,                                   // action FR_ACT_TO_TBL
        0x00, 0x00, 0x00, 0x00,                 // flags
        0x08, 0x00, 0x02, 0x00,                 // FRA_SRC, 8 bytes
        10, 1, 0, 0,                            //   10.1.0.0
        0x0A, 0x00, 0x03, 0x00,                 // FRA_IIFNAME, 10 bytes
        0x76, 0x65, 0x74, 0x68, 0x30, 0x00,     //   "veth0\0"
        0x00, 0x00,                             //   padding
        0x08, 0x00, 0x06, 0x00,                 // FRA_PRIORITY, 8 bytes
        0x64, 0x00, 0x00, 0x00,                 //   100
        0x08, 0x00, 0x0A, 0x00,                 // FRA_FWMARK, 8 bytes
        0x10, 0x00, 0x00, 0x00,                 //   0x10
        0x08, 0x00, 0x0F, 0x00,                 // FRA_TABLE, 8 bytes
        0xE8, 0x03, 0x00, 0x00,                 //   1000
        0x08, 0x00, 0x10, 0x00,                 // FRA_FWMASK, 8 bytes
        0xFF, 0x00, 0x00, 0x00,                 //   0xff
        0x0C, 0x00, 0x14, 0x00,                 // FRA_UID_RANGE, 12 bytes
        0xE8, 0x03, 0x00, 0x00,                 //   start 1000
        0xD0, 0x07, 0x00, 0x00,                 //   end 2000
        0x05, 0x00, 0x15, 0x00,                 // FRA_PROTOCOL, 5 bytes
        0x04, 0x00, 0x00, 0x00,                 //   RTPROT_STATIC, padding
        0x05, 0x00, 0x16, 0x00,                 // FRA_IP_PROTO, 5 bytes
        0x06, 0x00, 0x00, 0x00,                 //   IPPROTO_TCP, padding
        0x08, 0x00, 0x17, 0x00,                 // FRA_SPORT_RANGE, 8 bytes
        0xE8, 0x03, 0xD0, 0x07,                 //   1000-2000, host order u16s
        0x08, 0x00, 0x18, 0x00,                 // FRA_DPORT_RANGE, 8 bytes
        0xBB, 0x01, 0xBB, 0x01,                 //   443-443
    ]

    /// Every field of the golden message; building the same rule gives the same bytes.
    @Test func decodesAndEncodesRule() throws {
        let bytes = message(type: 32, payload: Self.payload)
        let rule = try decode(bytes)
        #expect(rule.family == inet)
        #expect(rule.priority == 100)
        #expect(rule.source == ip("10.1.0.0"))
        #expect(rule.sourceLength == 16)
        #expect(rule.destination == nil)
        #expect(rule.inputInterface == "veth0")
        #expect(rule.firewallMark == 0x10)
        #expect(rule.firewallMask == 0xFF)
        #expect(rule.table == 1000)
        #expect(rule.action == .toTable)
        #expect(rule.uidRange == RuleUIDRange(start: 1000, end: 2000))
        #expect(rule.protocol == 4)
        #expect(rule.ipProtocol == 6)
        #expect(rule.sourcePortRange == RulePortRange(start: 1000, end: 2000))
        #expect(rule.destinationPortRange == RulePortRange(443))
        #expect(!rule.isInverted)

        var built = Rule(family: inet, priority: 100, table: 1000, action: .toTable)
        built.setSource(ip("10.1.0.0"), length: 16)
        built.inputInterface = "veth0"
        built.firewallMark = 0x10
        built.firewallMask = 0xFF
        built.uidRange = RuleUIDRange(start: 1000, end: 2000)
        built.protocol = 4
        built.ipProtocol = 6
        built.sourcePortRange = RulePortRange(start: 1000, end: 2000)
        built.destinationPortRange = RulePortRange(443)
        #expect(built == rule)
        #expect(try encode(built) == bytes)
    }

    /// As the kernel sends them: table 1000 with RT_TABLE_COMPAT (252) in the header; priority 0
    /// without FRA_PRIORITY; a table below 256 only in the header; `not` as FIB_RULE_INVERT.
    @Test func kernelConventions() throws {
        let large = try decode(message(type: 32, payload: [
            2, 0, 0, 0, 252, 0, 0, 1, 0, 0, 0, 0,   // table RT_TABLE_COMPAT, FR_ACT_TO_TBL
            8, 0, 15, 0, 0xE8, 0x03, 0, 0,          // FRA_TABLE 1000
        ]))
        #expect(large.table == 1000)
        #expect(large.priority == 0)
        let local = try decode(message(type: 32, payload: [
            10, 0, 0, 0, 255, 0, 0, 1, 0x02, 0, 0, 0,  // AF_INET6, table local, FR_ACT_TO_TBL, FIB_RULE_INVERT
        ]))
        #expect(local.table == 255)
        #expect(local.family == inet6)
        #expect(local.isInverted)
        #expect(local.flags == .invert)
        // Round trip: decode, encode, decode is equal.
        #expect(try decode(try encode(large)) == large)
        #expect(try decode(try encode(local)) == local)
    }

    /// The header alone, written by RuleMessage.
    @Test func encodesHeader() {
        var builder = NetlinkMessageBuilder()
        RuleMessage(family: inet6, destinationLength: 64, sourceLength: 48, tos: 0x10, table: 254, action: .prohibit,
                    flags: [.invert, .findSourceAddress]).encode(into: &builder)
        #expect(builder.bytes == [10, 64, 48, 0x10, 254, 0, 0, 8, 0x02, 0x00, 0x01, 0x00])
    }

    /// Malformed inputs are typed errors, never traps.
    @Test(arguments: [
        ([2, 0, 0, 0, 254, 0, 0, 1], NetlinkDecodingError.Code.truncatedStructure),
        // FRA_UID_RANGE of 4 bytes.
        ([2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0, 8, 0, 20, 0, 1, 0, 0, 0], .attributeSizeMismatch),
        // FRA_SPORT_RANGE of 8 bytes.
        ([2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0, 12, 0, 23, 0, 1, 0, 0, 0, 2, 0, 0, 0], .attributeSizeMismatch),
        // FRA_PRIORITY of 2 bytes.
        ([2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0, 6, 0, 6, 0, 1, 0, 0, 0], .attributeSizeMismatch),
        // FRA_SRC of 3 bytes.
        ([2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0, 7, 0, 2, 0, 10, 0, 0, 0], .attributeSizeMismatch),
    ] as [([UInt8], NetlinkDecodingError.Code)])
    func malformed(payload: [UInt8], code: NetlinkDecodingError.Code) {
        #expect {
            _ = try decode(message(type: 32, payload: payload))
        } throws: { error in
            (error as? NetlinkDecodingError)?.code == code
        }
    }

    /// `addRule` fills in what `ip rule add` does (lookup main); `deleteRule` sends only what is set.
    @Test func requestBytes() async throws {
        let kernel = FakeNetlinkKernel()
        let connection = try NetlinkConnection(transport: kernel)
        try await connection.addRule(Rule(family: inet, priority: 5))
        try await connection.addRule(Rule(family: inet, priority: 6, table: 70000))
        try await connection.deleteRule(Rule(family: inet, priority: 5))
        let sent = kernel.requests
        #expect(sent.map(\.flags) == [
            [.request, .acknowledge, .create, .exclusive], [.request, .acknowledge, .create, .exclusive], [.request, .acknowledge],
        ])
        #expect(sent[0].payload == [
            2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0,  // AF_INET, table main, FR_ACT_TO_TBL
            8, 0, 6, 0, 5, 0, 0, 0,             // FRA_PRIORITY 5
        ])
        #expect(sent[1].payload == [
            2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,  // table RT_TABLE_UNSPEC, FR_ACT_TO_TBL
            8, 0, 6, 0, 6, 0, 0, 0,             // FRA_PRIORITY 6
            8, 0, 15, 0, 0x70, 0x11, 0x01, 0,   // FRA_TABLE 70000
        ])
        #expect(sent[2].payload == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 6, 0, 5, 0, 0, 0])
    }

    /// The names table, including the attributes newer than the 6.1 headers.
    @Test func attributeNames() {
        let names = RuleAttributeNames()
        #expect(names.attributeName(15, parents: []) == "FRA_TABLE")
        #expect(names.attributeName(24, parents: []) == "FRA_DPORT_RANGE")
        #expect(names.attributeName(30, parents: []) == "FRA_DSCP_MASK")
        #expect(RuleAction.toTable.description == "lookup")
    }
}

/// (priority, table) of each rule.
private func summary(_ rules: [Rule]) -> [[UInt32]] {
    rules.map { [$0.priority ?? 0, $0.table] }
}

extension RuleTests {
    /// Against the kernel, each test in a private namespace of its own.
    @Suite("Rules against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// A fresh namespace has `0: lookup local`, `32766: lookup main`, `32767: lookup default`
        /// for IPv4 and the first two for IPv6, all installed by the kernel (RTPROT_KERNEL).
        /// A dump of family 0 (`AF_UNSPEC`) also has the default rule of each multicast-routing family
        /// the kernel has (RTNL_FAMILY_IPMR 128 with `CONFIG_IP_MROUTE`, RTNL_FAMILY_IP6MR 129 with
        /// `CONFIG_IPV6_MROUTE`; probed through `/proc/net/ip_mr_vif` and `ip6_mr_vif`, not through
        /// the dump under test). A dump of a multicast family the kernel lacks is refused with
        /// `EAFNOSUPPORT`; one it has lists that one rule.
        @Test(arguments: [false, true]) func defaultRules(strict: Bool) async throws {
            var configuration = NetlinkConnection.Configuration()
            configuration.strictChecking = strict  // NETLINK_GET_STRICT_CHK: the kernel checks the dump request's header
            let (_, connection) = try routeTestConnection(configuration: configuration)
            let v4 = try await connection.rules(family: inet)
            #expect(summary(v4) == [[0, 255], [32766, 254], [32767, 253]])
            #expect(v4.allSatisfy { $0.action == .toTable && $0.family == inet && $0.protocol == 2 })
            #expect(v4.allSatisfy { $0.source == nil && $0.destination == nil && $0.flags == [] })
            let v6 = try await connection.rules(family: inet6)
            #expect(summary(v6) == [[0, 255], [32766, 254]])

            let multicast: [(family: AddressFamily, feature: KernelFeature, table: UInt32)] = [
                (128, KernelFeatures.ipv4MulticastRouting, 253), (129, KernelFeatures.ipv6MulticastRouting, 254),
            ]
            let present = multicast.filter(\.feature.present)
            let all = try await connection.rules()
            #expect(all.map(\.family) == [inet, inet, inet] + present.map(\.family) + [inet6, inet6])
            #expect(summary(all.filter { $0.family.rawValue >= 128 }) == present.map { [32767, $0.table] })
            for (family, feature, table) in multicast {
                if feature.present {
                    let rules = try await connection.rules(family: family)
                    #expect(summary(rules) == [[32767, table]], "family \(family), \(feature)")
                } else {
                    let error = await #expect(throws: NetlinkError.self, "family \(family), \(feature)") {
                        try await connection.rules(family: family)
                    }
                    #expect(error?.errno == .addressFamilyNotSupported, "family \(family), \(feature)")
                }
            }
        }

        /// A rule dump cannot be filtered: without strict checking a table in the header is ignored,
        /// with it the request is refused.
        @Test func dumpHeaderMustBeEmpty() async throws {
            for strict in [false, true] {
                var configuration = NetlinkConnection.Configuration()
                configuration.strictChecking = strict
                let (_, connection) = try routeTestConnection(configuration: configuration)
                let byTable: () async throws(NetlinkError) -> [UInt32] = {
                    try await connection.dumpAll(type: RouteMessageType.getRule, fixedHeaderSize: RuleMessage.size, { b in
                        RuleMessage(family: inet, table: 254).encode(into: &b)
                    }) { message in try Rule(decoding: message).table }
                }
                if strict {
                    let error = await #expect(throws: NetlinkError.self) { try await byTable() }
                    #expect(error?.code == .dumpFailed)
                    #expect(error?.errno == .invalidArgument)
                    #expect(error?.message == "Invalid values in header for fib rule dump request")
                } else {
                    #expect(try await byTable() == [255, 254, 253])
                }
            }
        }

        /// Rules with table 1000, fwmark/mask, not, uidrange, ports and ipproto, iif/oif: each
        /// reads back; the same add again is EEXIST; deleting by priority restores the defaults,
        /// and deleting a missing rule is ENOENT.
        @Test func addListDelete() async throws {
            let (_, connection) = try routeTestConnection()
            try await connection.createVethPair(name: "r0", peerName: "r0p")

            var fromPrefix = Rule(family: inet, priority: 100, table: 1000)
            fromPrefix.setSource(ip("10.1.0.0"), length: 16)
            fromPrefix.setDestination(ip("192.0.2.0"), length: 24)
            var marked = Rule(family: inet, priority: 101, table: 200)
            marked.firewallMark = 0x10
            marked.firewallMask = 0xFF
            var inverted = Rule(family: inet, priority: 102, table: 254)
            inverted.setSource(ip("10.2.0.0"), length: 16)
            inverted.isInverted = true
            var users = Rule(family: inet, priority: 103, table: 1001)
            users.uidRange = RuleUIDRange(start: 1000, end: 2000)
            var ports = Rule(family: inet, priority: 104, action: .prohibit)
            ports.ipProtocol = 6
            ports.sourcePortRange = RulePortRange(start: 1000, end: 2000)
            ports.destinationPortRange = RulePortRange(443)
            var interfaces = Rule(family: inet, priority: 105, table: 1002)
            interfaces.inputInterface = "r0"
            interfaces.outputInterface = "nosuch0"
            var v6 = Rule(family: inet6, priority: 200, action: .blackhole)
            v6.setSource(ip("2001:db8::"), length: 32)
            v6.protocol = 4
            for rule in [fromPrefix, marked, inverted, users, ports, interfaces, v6] { try await connection.addRule(rule) }

            let rules = try await connection.rules(family: inet)
            #expect(summary(rules) == [
                [0, 255], [100, 1000], [101, 200], [102, 254], [103, 1001], [104, 0], [105, 1002], [32766, 254], [32767, 253],
            ])
            let r100 = try #require(rules.first { $0.priority == 100 })
            #expect(r100.source == ip("10.1.0.0") && r100.sourceLength == 16)
            #expect(r100.destination == ip("192.0.2.0") && r100.destinationLength == 24)
            #expect(r100.action == .toTable)
            #expect(r100.protocol == 0)
            let r101 = try #require(rules.first { $0.priority == 101 })
            #expect(r101.firewallMark == 0x10 && r101.firewallMask == 0xFF)
            let r102 = try #require(rules.first { $0.priority == 102 })
            #expect(r102.isInverted && r102.source == ip("10.2.0.0"))
            let r103 = try #require(rules.first { $0.priority == 103 })
            #expect(r103.uidRange == RuleUIDRange(start: 1000, end: 2000))
            let r104 = try #require(rules.first { $0.priority == 104 })
            #expect(r104.action == .prohibit)
            #expect(r104.ipProtocol == 6)
            #expect(r104.sourcePortRange == RulePortRange(start: 1000, end: 2000))
            #expect(r104.destinationPortRange == RulePortRange(443))
            let r105 = try #require(rules.first { $0.priority == 105 })
            #expect(r105.inputInterface == "r0" && r105.outputInterface == "nosuch0")
            #expect(r105.flags == .outputInterfaceDetached)  // oif names no device yet
            let r200 = try #require(try await connection.rules(family: inet6).first { $0.priority == 200 })
            #expect(r200.action == .blackhole && r200.source == ip("2001:db8::") && r200.sourceLength == 32 && r200.protocol == 4)
            // A mark without a mask gets the kernel's full mask.
            var markOnly = Rule(family: inet, priority: 106, table: 7)
            markOnly.firewallMark = 7
            try await connection.addRule(markOnly)
            #expect(try await connection.rules(family: inet).first { $0.priority == 106 }?.firewallMask == 0xFFFF_FFFF)
            try await connection.deleteRule(Rule(family: inet, priority: 106))

            let exists = await #expect(throws: NetlinkError.self) { try await connection.addRule(marked) }
            #expect(exists?.errno == .fileExists)
            #expect(exists?.message == nil)

            // What the dump returned deletes as it is; a bare priority deletes too.
            try await connection.deleteRule(r100)
            for priority: UInt32 in [101, 102, 103, 104, 105] { try await connection.deleteRule(Rule(family: inet, priority: priority)) }
            try await connection.deleteRule(Rule(family: inet6, priority: 200))
            #expect(summary(try await connection.rules(family: inet)) == [[0, 255], [32766, 254], [32767, 253]])
            #expect(summary(try await connection.rules(family: inet6)) == [[0, 255], [32766, 254]])

            let missing = await #expect(throws: NetlinkError.self) {
                try await connection.deleteRule(Rule(family: inet, priority: 100))
            }
            #expect(missing?.errno == .noSuchFileOrDirectory)
            #expect(missing?.message == nil)
        }
    }
}
