import NetlinkCore
import NetlinkRoute

/// `nlctl link set DEVICE type can ARGS` (and `link add ... type can`): iproute2 6.1's
/// `can_parse_opt` — bit timing and data bit timing (by bitrate and sample point, or by time
/// quantum and segments), transmitter delay compensation, the control-mode switches, restart and
/// termination — with ip's messages and statuses, sent as ip sends them (`IFLA_CAN_RESTART`,
/// `RESTART_MS`, `TERMINATION` where read; then the bit timings, the control mode and the TDC
/// nest). This kernel has no CAN devices: the requests are compared with ip's byte for byte. The
/// `-d` lines of a CAN device (its timing constants, clock, state, error counters) are not built.
enum LinkCAN {
    static let usage = """
        Usage: nlctl link set DEVICE type can
        \t[ bitrate BITRATE [ sample-point SAMPLE-POINT] ] |
        \t[ tq TQ prop-seg PROP_SEG phase-seg1 PHASE-SEG1
         \t  phase-seg2 PHASE-SEG2 [ sjw SJW ] ]

        \t[ dbitrate BITRATE [ dsample-point SAMPLE-POINT] ] |
        \t[ dtq TQ dprop-seg PROP_SEG dphase-seg1 PHASE-SEG1
         \t  dphase-seg2 PHASE-SEG2 [ dsjw SJW ] ]
        \t[ tdcv TDCV tdco TDCO tdcf TDCF ]

        \t[ loopback { on | off } ]
        \t[ listen-only { on | off } ]
        \t[ triple-sampling { on | off } ]
        \t[ one-shot { on | off } ]
        \t[ berr-reporting { on | off } ]
        \t[ fd { on | off } ]
        \t[ fd-non-iso { on | off } ]
        \t[ presume-ack { on | off } ]
        \t[ cc-len8-dlc { on | off } ]
        \t[ tdc-mode { auto | manual | off } ]

        \t[ restart-ms TIME-MS ]
        \t[ restart ]

        \t[ termination { 0..65535 } ]

        \tWhere: BITRATE\t:= { NUMBER in bps }
        \t\t  SAMPLE-POINT\t:= { 0.000..0.999 }
        \t\t  TQ\t\t:= { NUMBER in ns }
        \t\t  PROP-SEG\t:= { NUMBER in tq }
        \t\t  PHASE-SEG1\t:= { NUMBER in tq }
        \t\t  PHASE-SEG2\t:= { NUMBER in tq }
        \t\t  SJW\t\t:= { NUMBER in tq }
        \t\t  TDCV\t\t:= { NUMBER in tc }
        \t\t  TDCO\t\t:= { NUMBER in tc }
        \t\t  TDCF\t\t:= { NUMBER in tc }
        \t\t  RESTART-MS\t:= { 0 | NUMBER in ms }
        """

    /// The words of `can_parse_opt` in ip's order (each abbreviated as ip allows): the timing
    /// field a number goes to (bit timing 0, data bit timing 1; `struct can_bittiming` field
    /// index), or the TDC value, or the control-mode bit.
    enum Word {
        case timing(data: Bool, field: Int)
        case samplePoint(data: Bool)
        case tdc(Int)
        case mode(UInt32)
        case tdcMode, restart, restartMilliseconds, termination
    }
    static let words: [(String, Word)] = [
        ("bitrate", .timing(data: false, field: 0)), ("sample-point", .samplePoint(data: false)), ("tq", .timing(data: false, field: 2)),
        ("prop-seg", .timing(data: false, field: 3)), ("phase-seg1", .timing(data: false, field: 4)),
        ("phase-seg2", .timing(data: false, field: 5)), ("sjw", .timing(data: false, field: 6)),
        ("dbitrate", .timing(data: true, field: 0)), ("dsample-point", .samplePoint(data: true)), ("dtq", .timing(data: true, field: 2)),
        ("dprop-seg", .timing(data: true, field: 3)), ("dphase-seg1", .timing(data: true, field: 4)),
        ("dphase-seg2", .timing(data: true, field: 5)), ("dsjw", .timing(data: true, field: 6)),
        ("tdcv", .tdc(0)), ("tdco", .tdc(1)), ("tdcf", .tdc(2)),
        ("loopback", .mode(0x01)), ("listen-only", .mode(0x02)), ("triple-sampling", .mode(0x04)), ("one-shot", .mode(0x08)),
        ("berr-reporting", .mode(0x10)), ("fd", .mode(0x20)), ("fd-non-iso", .mode(0x80)), ("presume-ack", .mode(0x40)),
        ("cc-len8-dlc", .mode(0x100)), ("tdc-mode", .tdcMode), ("restart", .restart), ("restart-ms", .restartMilliseconds),
        ("termination", .termination),
    ]

    static func parse(_ words: inout Words) throws(CommandError) -> LinkSettings.Kind {
        guard words.current != nil else { return .other("can", data: nil) }
        var timing = [[UInt32]](repeating: [UInt32](repeating: 0, count: 8), count: 2)   // struct can_bittiming ×2
        var modeMask: UInt32 = 0, modeFlags: UInt32 = 0
        var tdc: [UInt32] = [.max, .max, .max]   // ip's "not given" is -1
        var data = NetlinkMessageBuilder()
        while let word = words.next() {
            guard let (name, kind) = Self.words.first(where: { matches(word, $0.0) }) else {
                if matches(word, "help") { throw CommandError(usage, status: 1) }
                throw CommandError("can: unknown option \"\(word)\"\n" + usage, status: 1)
            }
            switch kind {
            case .timing(let isData, let field):
                timing[isData ? 1 : 0][field] = try words.number(of: word, reason: "invalid \"\(name)\" value\n")
            case .samplePoint(let isData):
                let text = try words.argument(of: word)
                // strtof over the whole text, then (u32)(sp * 1000) in float arithmetic.
                guard !text.isEmpty, let point = Float(text) else { throw CommandError.invalidArgument(text, "invalid \"\(name)\" value\n") }
                let product = point * 1000
                timing[isData ? 1 : 0][1] = product.isFinite && product >= 0 && product < 4_294_967_296 ? UInt32(product) : 0
            case .tdc(let index):
                tdc[index] = try words.number(of: word, reason: "invalid \"\(name)\" value\n")
            case .mode(let bit):
                let text = try words.argument(of: word)
                if text == "on" {
                    modeFlags |= bit
                } else if text != "off" {
                    throw CommandError("Error: argument of \"\(name)\" must be \"on\" or \"off\", not \"\(text)\"", status: 255)
                }
                modeMask |= bit
            case .tdcMode:
                let text = try words.argument(of: word)
                switch text {
                case "auto": modeFlags |= 0x200; modeMask |= 0x200
                case "manual": modeFlags |= 0x400; modeMask |= 0x400
                case "off": modeMask |= 0x200 | 0x400
                default:
                    throw CommandError("Error: argument of \"tdc-mode\" must be \"auto\", \"manual\" or \"off\", not \"\(text)\"", status: 255)
                }
            case .restart:
                try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try data.appendAttribute(7, uint32: 1, .host) }
            case .restartMilliseconds:
                let value = try words.number(of: word, reason: "invalid \"restart-ms\" value\n")
                try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try data.appendAttribute(6, uint32: value, .host) }
            case .termination:
                let value = UInt16(try words.number(of: word, maximum: 0xFFFF, reason: "invalid \"termination\" value\n"))
                try LinkSmallKinds.add { () throws(NetlinkEncodingError) in try data.appendAttribute(11, uint16: value, .host) }
            }
        }
        try LinkSmallKinds.add { () throws(NetlinkEncodingError) in
            for (index, attribute) in [(0, UInt16(1)), (1, 9)] where timing[index][0] != 0 || timing[index][2] != 0 {
                try data.appendAttribute(attribute, bytes: timing[index].flatMap { field in withUnsafeBytes(of: field) { Array($0) } })
            }
            if modeMask != 0 {
                try data.appendAttribute(5, bytes: withUnsafeBytes(of: modeMask) { Array($0) } + withUnsafeBytes(of: modeFlags) { Array($0) })
            }
            if tdc.contains(where: { $0 != .max }) {
                var nested = NetlinkMessageBuilder()
                for (index, attribute) in [(0, UInt16(7)), (1, 8), (2, 9)] where tdc[index] != .max {
                    try nested.appendAttribute(attribute, uint32: tdc[index], .host)
                }
                try data.appendNested(16, encoded: nested.bytes)
            }
        }
        return .other("can", data: data.bytes)
    }
}
