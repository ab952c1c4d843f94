import Glibc
import NetlinkCore
import NetlinkGeneric
import NetlinkTestSupport
import Testing
@testable import nlctl

/// What this kernel's devices cannot show (rings, pause, EEE, FEC, private flags, real link modes
/// and MDI-X, message levels: veth, tap and bridge answer EOPNOTSUPP or report none), printed by
/// nlctl ethtool from golden replies of a fake kernel, against the text ethtool 6.1's printers
/// produce for the same replies (worked out from its netlink/*.c; ethtool itself cannot be pointed
/// at a fake kernel). In process: the tool's run with a pipe as its standard output.
@Suite("nlctl ethtool on the fake kernel", .serialized)
struct EthtoolFakeKernelTests {
    static let familyID: UInt16 = 0x15

    /// An ethtool reply: genl header, the device header (index 2, "va"), then `body`.
    static func reply(_ command: UInt8, header: UInt16 = EthtoolAttribute.header, _ body: (inout NetlinkMessageBuilder) throws -> Void) throws -> [UInt8] {
        var b = NetlinkMessageBuilder()
        GenericNetlinkHeader(command: command).encode(into: &b)
        try b.appendNested(header) { b in
            try b.appendAttribute(EthtoolAttribute.Header.deviceIndex, uint32: 2, .host)
            try b.appendAttribute(EthtoolAttribute.Header.deviceName, string: "va")
        }
        try body(&b)
        return b.bytes
    }

    /// A verbose bitset: (index, name, on) bits, with a mask unless `list`.
    static func verbose(_ type: UInt16, size: Int, _ bits: [(Int, String, Bool)], list: Bool = false, into b: inout NetlinkMessageBuilder) throws {
        try b.appendNested(type) { b in
            if list { try b.appendFlagAttribute(EthtoolAttribute.Bitset.noMask) }
            try b.appendAttribute(EthtoolAttribute.Bitset.size, uint32: UInt32(size), .host)
            try b.appendNested(EthtoolAttribute.Bitset.bits) { b in
                for (index, name, on) in bits {
                    try b.appendNested(EthtoolAttribute.Bitset.bit) { b in
                        try b.appendAttribute(EthtoolAttribute.Bitset.bitIndex, uint32: UInt32(index), .host)
                        try b.appendAttribute(EthtoolAttribute.Bitset.bitName, string: name)
                        if on { try b.appendFlagAttribute(EthtoolAttribute.Bitset.bitValue) }
                    }
                }
            }
        }
    }

    /// The fake kernel: the controller answers for "ethtool"; each ethtool get by its command.
    static func kernel(_ replies: [UInt8: [UInt8]]) -> FakeNetlinkKernel {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: GenericNetlink.controllerID) { _ in
            var b = NetlinkMessageBuilder()
            GenericNetlinkHeader(command: 1, version: 2).encode(into: &b)
            try? b.appendAttribute(ControllerAttribute.familyID, uint16: familyID, .host)
            try? b.appendAttribute(ControllerAttribute.familyName, string: "ethtool")
            return [.message(type: GenericNetlink.controllerID, payload: b.bytes), .ack()]
        }
        kernel.on(type: NetlinkMessageType(familyID)) { request in
            guard let command = request.payload.first, let payload = replies[command] else { return [.error(.notSupported)] }
            return [.message(type: NetlinkMessageType(familyID), payload: payload), .ack()]
        }
        return kernel
    }

    /// Runs `nlctl ethtool ARGS` in process on `kernel`; returns its status and standard output.
    static func run(_ arguments: [String], kernel: FakeNetlinkKernel, json: Bool = false) async -> (Int32, String) {
        await runInProcess(kernel: kernel) { output in
            await EthtoolTool.run(arguments, options: ToolOptions(namespace: nil, json: json), output: output)
        }
    }

    @Test func rings() async throws {
        let rings = try Self.reply(Ethtool.Reply.rings) { b in
            try EthtoolRings(values: [.rxMax: 4096, .txMax: 4096, .rx: 512, .tx: 512, .rxBufferLength: 2048, .txPush: 0, .tcpDataSplit: 2]).encode(into: &b)
        }
        let (status, text) = await Self.run(["-g", "va"], kernel: Self.kernel([Ethtool.Command.ringsGet: rings]))
        #expect(status == 0)
        #expect(text == """
            Ring parameters for va:
            Pre-set maximums:
            RX:\t\t4096
            RX Mini:\tn/a
            RX Jumbo:\tn/a
            TX:\t\t4096
            Current hardware settings:
            RX:\t\t512
            RX Mini:\tn/a
            RX Jumbo:\tn/a
            TX:\t\t512
            RX Buf Len:\t\t2048
            CQE Size:\t\tn/a
            TX Push:\toff
            TCP data split:\ton

            """, "\(text)")
    }

    @Test func pauseWithStatistics() async throws {
        let pause = try Self.reply(Ethtool.Reply.pause) { b in
            var p = EthtoolPause()
            p.autonegotiation = false
            p.receive = true
            p.transmit = false
            try p.encode(into: &b)
            try b.appendNested(EthtoolAttribute.Pause.statistics) { b in
                try b.appendAttribute(EthtoolAttribute.Pause.transmitFrames, uint64: 5, .host)
                try b.appendAttribute(EthtoolAttribute.Pause.receiveFrames, uint64: 7, .host)
            }
        }
        let (status, text) = await Self.run(["-I", "-a", "va"], kernel: Self.kernel([Ethtool.Command.pauseGet: pause]))
        #expect(status == 0)
        #expect(text == "Pause parameters for va:\nAutonegotiate:\toff\nRX:\t\ton\nTX:\t\toff\nStatistics:\n  tx_pause_frames: 5\n  rx_pause_frames: 7\n\n", "\(text)")
        let (_, json) = await Self.run(["-I", "-a", "va"], kernel: Self.kernel([Ethtool.Command.pauseGet: pause]), json: true)
        #expect(json.contains("\"autonegotiate\": false,") && json.contains("\"tx_pause_frames\": 5,"), "\(json)")
    }

    @Test func privateFlagsPadded() async throws {
        let flags = try Self.reply(Ethtool.Reply.privateFlags) { b in
            try Self.verbose(EthtoolAttribute.PrivateFlags.flags, size: 2, [(0, "legacy-rx", true), (1, "disable-fw-lldp", false)], into: &b)
        }
        let (status, text) = await Self.run(["--show-priv-flags", "va"], kernel: Self.kernel([Ethtool.Command.privateFlagsGet: flags]))
        #expect(status == 0)
        #expect(text == "Private flags for va:\nlegacy-rx      : on\ndisable-fw-lldp: off\n", "\(text)")
    }

    @Test func fecNamedAndRenamed() async throws {
        let fec = try Self.reply(Ethtool.Reply.fec) { b in
            try Self.verbose(EthtoolAttribute.FEC.modes, size: 93, [(49, "None", true), (50, "RS", true)], list: true, into: &b)
            try b.appendAttribute(EthtoolAttribute.FEC.automatic, uint8: 1)
            try b.appendAttribute(EthtoolAttribute.FEC.active, uint32: 51, .host)
        }
        var strings = NetlinkMessageBuilder()
        GenericNetlinkHeader(command: Ethtool.Reply.stringSet).encode(into: &strings)
        try strings.appendNested(EthtoolAttribute.header) { _ in }
        try strings.appendNested(EthtoolAttribute.StringSet.stringSets) { b in
            try b.appendNested(EthtoolAttribute.StringSet.stringSet) { b in
                try b.appendAttribute(EthtoolAttribute.StringSet.id, uint32: Ethtool.StringSetID.linkModes, .host)
                try b.appendAttribute(EthtoolAttribute.StringSet.count, uint32: 52, .host)
                try b.appendNested(EthtoolAttribute.StringSet.strings) { b in
                    for (index, name) in [(49, "None"), (50, "RS"), (51, "BASER")] {
                        try b.appendNested(EthtoolAttribute.StringSet.string) { b in
                            try b.appendAttribute(EthtoolAttribute.StringSet.stringIndex, uint32: UInt32(index), .host)
                            try b.appendAttribute(EthtoolAttribute.StringSet.stringValue, string: name)
                        }
                    }
                }
            }
        }
        let kernel = Self.kernel([Ethtool.Command.fecGet: fec, Ethtool.Command.stringSetGet: strings.bytes])
        let (status, text) = await Self.run(["--show-fec", "va"], kernel: kernel)
        #expect(status == 0)
        #expect(text == "FEC parameters for va:\nSupported/Configured FEC encodings: Auto Off RS\nActive FEC encoding: BaseR\n", "\(text)")
    }

    @Test func eeeLinkModes() async throws {
        let eee = try Self.reply(Ethtool.Reply.eee) { b in
            try Self.verbose(EthtoolAttribute.EEE.modesOurs, size: 93, [(3, "100baseT/Full", false), (5, "1000baseT/Full", true)], into: &b)
            try Self.verbose(EthtoolAttribute.EEE.modesPeer, size: 93, [(5, "1000baseT/Full", true)], list: true, into: &b)
            var e = EthtoolEEE()
            e.active = true
            e.enabled = true
            e.transmitLPIEnabled = true
            e.transmitLPITimer = 100
            try e.encode(into: &b)
        }
        let (status, text) = await Self.run(["--show-eee", "va"], kernel: Self.kernel([Ethtool.Command.eeeGet: eee]))
        #expect(status == 0)
        let indent = String(repeating: " ", count: "Supported EEE link modes:  ".count)
        #expect(text == """
            EEE settings for va:
            \tEEE status: enabled - active
            \tTx LPI: 100 (us)
            \tSupported EEE link modes:  100baseT/Full
            \t\(indent)1000baseT/Full
            \tAdvertised EEE link modes:  1000baseT/Full
            \tLink partner advertised EEE link modes:  1000baseT/Full

            """, "\(text)")
    }

    /// `ethtool DEV` with real link modes: half/full pairs on one line, MDI-X, the message level;
    /// WoL answered EOPNOTSUPP (skipped silently, as ethtool does).
    @Test func settingsWithLinkModes() async throws {
        let modes = try Self.reply(Ethtool.Reply.linkModes) { b in
            try b.appendAttribute(EthtoolAttribute.LinkModes.autonegotiation, uint8: 1)
            try Self.verbose(EthtoolAttribute.LinkModes.ours, size: 93, [
                (0, "10baseT/Half", false), (1, "10baseT/Full", true), (2, "100baseT/Half", false), (3, "100baseT/Full", true),
                (5, "1000baseT/Full", true), (6, "Autoneg", true), (7, "TP", false), (13, "Pause", true),
            ], into: &b)
            try b.appendAttribute(EthtoolAttribute.LinkModes.speed, uint32: 1000, .host)
            try b.appendAttribute(EthtoolAttribute.LinkModes.duplex, uint8: 1)
        }
        let info = try Self.reply(Ethtool.Reply.linkInfo) { b in
            var i = EthtoolLinkInfo()
            i.port = 0
            i.phyAddress = 1
            i.mdix = 2
            i.mdixControl = 3
            i.transceiver = 0
            try i.encode(into: &b)
        }
        let debug = try Self.reply(Ethtool.Reply.debug) { b in
            try Self.verbose(EthtoolAttribute.Debug.messageMask, size: 15, [(0, "drv", true), (2, "link", false)], into: &b)
        }
        let state = try Self.reply(Ethtool.Reply.linkState) { b in try b.appendAttribute(EthtoolAttribute.LinkState.link, uint8: 1) }
        let kernel = Self.kernel([
            Ethtool.Command.linkModesGet: modes, Ethtool.Command.linkInfoGet: info, Ethtool.Command.debugGet: debug, Ethtool.Command.linkStateGet: state,
        ])
        let (status, text) = await Self.run(["va"], kernel: kernel)
        #expect(status == 0)
        let indent = String(repeating: " ", count: 24)
        #expect(text == """
            Settings for va:
            \tSupported ports: [ TP ]
            \tSupported link modes:   10baseT/Half 10baseT/Full
            \t\(indent)100baseT/Half 100baseT/Full
            \t\(indent)1000baseT/Full
            \tSupported pause frame use: Symmetric
            \tSupports auto-negotiation: Yes
            \tSupported FEC modes: Not reported
            \tAdvertised link modes:  10baseT/Full
            \t\(indent)100baseT/Full
            \t\(indent)1000baseT/Full
            \tAdvertised pause frame use: Symmetric
            \tAdvertised auto-negotiation: Yes
            \tAdvertised FEC modes: Not reported
            \tSpeed: 1000Mb/s
            \tDuplex: Full
            \tAuto-negotiation: on
            \tPort: Twisted Pair
            \tPHYAD: 1
            \tTransceiver: internal
            \tMDI-X: on (auto)
                    Current message level: 0x00000001 (1)
                                           drv
            \tLink detected: yes

            """, "\(text)")
    }

    /// `-S DEV --all-groups` with an IEEE 802.3 MAC group and an RMON group with histograms.
    @Test func standardStatistics() async throws {
        // The statistics reply's header is attribute 2 (1 is padding).
        let statistics = try Self.reply(Ethtool.Reply.stats, header: EthtoolAttribute.Statistics.header) { b in
            func counters(_ pairs: [(UInt16, UInt64)], into b: inout NetlinkMessageBuilder) throws {
                for (index, value) in pairs {
                    try b.appendNested(EthtoolAttribute.Statistics.groupStatistic) { b in try b.appendAttribute(index, uint64: value, .host) }
                }
            }
            try b.appendNested(EthtoolAttribute.Statistics.group) { b in
                try b.appendAttribute(EthtoolAttribute.Statistics.groupID, uint32: 1, .host)
                try b.appendAttribute(EthtoolAttribute.Statistics.groupStringSet, uint32: 18, .host)
                try counters([(0, 10), (4, 2)], into: &b)
            }
            try b.appendNested(EthtoolAttribute.Statistics.group) { b in
                try b.appendAttribute(EthtoolAttribute.Statistics.groupID, uint32: 3, .host)
                try b.appendAttribute(EthtoolAttribute.Statistics.groupStringSet, uint32: 20, .host)
                try counters([(0, 1)], into: &b)
                for (type, low, high, value) in [(EthtoolAttribute.Statistics.histogramRX, 0, 64, 5), (EthtoolAttribute.Statistics.histogramRX, 65, 127, 6),
                                                 (EthtoolAttribute.Statistics.histogramRX, 1519, 0, 7), (EthtoolAttribute.Statistics.histogramTX, 0, 64, 8)] {
                    try b.appendNested(type) { b in
                        try b.appendAttribute(EthtoolAttribute.Statistics.bucketLow, uint32: UInt32(low), .host)
                        try b.appendAttribute(EthtoolAttribute.Statistics.bucketHigh, uint32: UInt32(high), .host)
                        try b.appendAttribute(EthtoolAttribute.Statistics.bucketValue, uint64: UInt64(value), .host)
                    }
                }
            }
        }
        // One string-set reply holds the three sets the command asks for, one at a time.
        var strings = NetlinkMessageBuilder()
        GenericNetlinkHeader(command: Ethtool.Reply.stringSet).encode(into: &strings)
        try strings.appendNested(EthtoolAttribute.header) { _ in }
        try strings.appendNested(EthtoolAttribute.StringSet.stringSets) { b in
            for (id, names) in [(UInt32(16), ["eth-phy", "eth-mac", "eth-ctrl", "rmon"]),
                                (18, ["FramesTransmittedOK", "SingleCollisionFrames", "MultipleCollisionFrames", "FramesReceivedOK", "FrameCheckSequenceErrors"]),
                                (20, ["etherStatsUndersizePkts"])] {
                try b.appendNested(EthtoolAttribute.StringSet.stringSet) { b in
                    try b.appendAttribute(EthtoolAttribute.StringSet.id, uint32: id, .host)
                    try b.appendAttribute(EthtoolAttribute.StringSet.count, uint32: UInt32(names.count), .host)
                    try b.appendNested(EthtoolAttribute.StringSet.strings) { b in
                        for (index, name) in names.enumerated() {
                            try b.appendNested(EthtoolAttribute.StringSet.string) { b in
                                try b.appendAttribute(EthtoolAttribute.StringSet.stringIndex, uint32: UInt32(index), .host)
                                try b.appendAttribute(EthtoolAttribute.StringSet.stringValue, string: name)
                            }
                        }
                    }
                }
            }
        }
        let kernel = Self.kernel([Ethtool.Command.statsGet: statistics, Ethtool.Command.stringSetGet: strings.bytes])
        let (status, text) = await Self.run(["-S", "va", "--all-groups"], kernel: kernel)
        #expect(status == 0)
        #expect(text == """
            Standard stats for va:
            eth-mac-FramesTransmittedOK: 10
            eth-mac-FrameCheckSequenceErrors: 2
            rmon-etherStatsUndersizePkts: 1
            rx-rmon-etherStatsPkts64Octets: 5
            rx-rmon-etherStatsPkts65to127Octets: 6
            rx-rmon-etherStatsPkts1519toMaxOctets: 7
            tx-rmon-etherStatsPkts64Octets: 8

            """, "\(text)")
    }
}
