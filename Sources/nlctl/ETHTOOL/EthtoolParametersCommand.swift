import NetlinkCore
import NetlinkGeneric

/// `ethtool -l/-L` (channels), `-g/-G` (rings), `-c/-C` (coalescing): a device's table of numbers,
/// printed as ethtool 6.1 prints it ("n/a" for what the device does not report), set by ethtool's
/// words. JSON (which ethtool 6.1 lacks for these) names each value by its set word.
enum EthtoolParametersCommand {
    /// One word of a set command: the parameter and whether it takes `on|off`.
    struct Word {
        let word: String
        let attribute: UInt16
        let isBoolean: Bool
    }

    static let channelWords: [Word] = [
        Word(word: "rx", attribute: EthtoolChannel.rx.rawValue, isBoolean: false),
        Word(word: "tx", attribute: EthtoolChannel.tx.rawValue, isBoolean: false),
        Word(word: "other", attribute: EthtoolChannel.other.rawValue, isBoolean: false),
        Word(word: "combined", attribute: EthtoolChannel.combined.rawValue, isBoolean: false),
    ]

    static let ringWords: [Word] = [
        Word(word: "rx", attribute: EthtoolRing.rx.rawValue, isBoolean: false),
        Word(word: "rx-mini", attribute: EthtoolRing.rxMini.rawValue, isBoolean: false),
        Word(word: "rx-jumbo", attribute: EthtoolRing.rxJumbo.rawValue, isBoolean: false),
        Word(word: "tx", attribute: EthtoolRing.tx.rawValue, isBoolean: false),
        Word(word: "rx-buf-len", attribute: EthtoolRing.rxBufferLength.rawValue, isBoolean: false),
        Word(word: "cqe-size", attribute: EthtoolRing.cqeSize.rawValue, isBoolean: false),
        Word(word: "tx-push", attribute: EthtoolRing.txPush.rawValue, isBoolean: true),
    ]

    static let coalesceWords: [Word] = {
        typealias C = EthtoolCoalesceParameter
        let table: [(String, C)] = [
            ("adaptive-rx", .adaptiveRX), ("adaptive-tx", .adaptiveTX), ("sample-interval", .rateSampleInterval),
            ("stats-block-usecs", .statsBlockMicroseconds), ("pkt-rate-low", .packetRateLow), ("pkt-rate-high", .packetRateHigh),
            ("rx-usecs", .rxMicroseconds), ("rx-frames", .rxFrames), ("rx-usecs-irq", .rxMicrosecondsIRQ), ("rx-frames-irq", .rxFramesIRQ),
            ("tx-usecs", .txMicroseconds), ("tx-frames", .txFrames), ("tx-usecs-irq", .txMicrosecondsIRQ), ("tx-frames-irq", .txFramesIRQ),
            ("rx-usecs-low", .rxMicrosecondsLow), ("rx-frames-low", .rxFramesLow), ("tx-usecs-low", .txMicrosecondsLow),
            ("tx-frames-low", .txFramesLow), ("rx-usecs-high", .rxMicrosecondsHigh), ("rx-frames-high", .rxFramesHigh),
            ("tx-usecs-high", .txMicrosecondsHigh), ("tx-frames-high", .txFramesHigh), ("cqe-mode-rx", .cqeModeRX), ("cqe-mode-tx", .cqeModeTX),
        ]
        return table.map { Word(word: $0.0, attribute: $0.1.rawValue, isBoolean: $0.1.isByte) }
    }()

    /// One line of a table: its text label, its JSON key, and the value (nil: "n/a").
    static func line(_ label: String, _ key: String, _ value: UInt32?, printer: Printer) {
        if printer.isJSON {
            if let value { printer.json(key, .unsigned(UInt64(value))) }
        } else {
            printer.text(label + (value.map { "\($0)" } ?? "n/a") + "\n")
        }
    }

    /// ethtool's `show_bool`: on/off/n/a after `label`, then `end`.
    static func boolean(_ label: String, _ key: String, _ value: UInt32?, end: String, printer: Printer) {
        if printer.isJSON {
            if let value { printer.json(key, .bool(value != 0)) }
        } else {
            printer.text(label + (value.map { $0 != 0 ? "on" : "off" } ?? "n/a") + end)
        }
    }

    static func showChannels(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(EthtoolChannel.getCommand) { m throws(NetlinkDecodingError) in try EthtoolChannels(decoding: m) } print: { c, inDump in
            printChannels(c, inDump: inDump, printer: session.printer)
            return true
        }
    }

    /// A line of a table as ethtool prints it: a value (`show_u32`: "n/a" when absent), an
    /// on/off (`show_bool`, followed by `end`), or text alone (nothing in JSON).
    enum Row<P: EthtoolParameter> {
        case value(String, key: String, P)
        case boolean(String, key: String, P, end: String)
        case text(String)
    }

    /// Prints a reply's table: the banner, then `rows`.
    static func print<P>(_ values: EthtoolParameters<P>, banner: String, rows: [Row<P>], inDump: Bool, printer: Printer, extra: (() -> Void)? = nil) {
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(values.device.name), text: "\(banner) \(values.device.name):\n")
        for row in rows {
            switch row {
            case .value(let label, let key, let parameter): line(label, key, values[parameter], printer: printer)
            case .boolean(let label, let key, let parameter, let end): boolean(label, key, values[parameter], end: end, printer: printer)
            case .text(let text): printer.text(text)
            }
        }
        extra?()
        printer.closeObject()
    }

    /// ethtool's `channels_reply_cb`.
    static let channelRows: [Row<EthtoolChannel>] = [
        .text("Pre-set maximums:\n"), .value("RX:\t\t", key: "rx-max", .rxMax), .value("TX:\t\t", key: "tx-max", .txMax),
        .value("Other:\t\t", key: "other-max", .otherMax), .value("Combined:\t", key: "combined-max", .combinedMax),
        .text("Current hardware settings:\n"), .value("RX:\t\t", key: "rx", .rx), .value("TX:\t\t", key: "tx", .tx),
        .value("Other:\t\t", key: "other", .other), .value("Combined:\t", key: "combined", .combined),
    ]

    static func printChannels(_ c: EthtoolChannels, inDump: Bool, printer: Printer) {
        print(c, banner: "Channel parameters for", rows: channelRows, inDump: inDump, printer: printer)
    }

    static func showRings(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(EthtoolRing.getCommand) { m throws(NetlinkDecodingError) in try EthtoolRings(decoding: m) } print: { r, inDump in
            printRings(r, inDump: inDump, printer: session.printer)
            return true
        }
    }

    /// ethtool's `rings_reply_cb`.
    static let ringRows: [Row<EthtoolRing>] = [
        .text("Pre-set maximums:\n"), .value("RX:\t\t", key: "rx-max", .rxMax), .value("RX Mini:\t", key: "rx-mini-max", .rxMiniMax),
        .value("RX Jumbo:\t", key: "rx-jumbo-max", .rxJumboMax), .value("TX:\t\t", key: "tx-max", .txMax),
        .text("Current hardware settings:\n"), .value("RX:\t\t", key: "rx", .rx), .value("RX Mini:\t", key: "rx-mini", .rxMini),
        .value("RX Jumbo:\t", key: "rx-jumbo", .rxJumbo), .value("TX:\t\t", key: "tx", .tx),
        .value("RX Buf Len:\t\t", key: "rx-buf-len", .rxBufferLength), .value("CQE Size:\t\t", key: "cqe-size", .cqeSize),
        .boolean("TX Push:\t", key: "tx-push", .txPush, end: "\n"),
    ]

    static func printRings(_ r: EthtoolRings, inDump: Bool, printer: Printer) {
        print(r, banner: "Ring parameters for", rows: ringRows, inDump: inDump, printer: printer) {
            let split = r[.tcpDataSplit] ?? 0
            let splitText = switch split {
            case 0: "n/a"
            case 1: "off"
            case 2: "on"
            default: "unknown(\(split))"
            }
            printer.field("tcp-data-split", .string(splitText), text: "TCP data split:\t\(splitText)\n")
        }
    }

    static func showCoalesce(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(EthtoolCoalesceParameter.getCommand) { m throws(NetlinkDecodingError) in try EthtoolCoalesce(decoding: m) } print: { c, inDump in
            printCoalesce(c, inDump: inDump, printer: session.printer)
            return true
        }
    }

    /// ethtool's `coalesce_reply_cb` (its labels say `frame` where its words say `frames`).
    static let coalesceRows: [Row<EthtoolCoalesceParameter>] = [
        .boolean("Adaptive RX: ", key: "adaptive-rx", .adaptiveRX, end: "  "), .boolean("TX: ", key: "adaptive-tx", .adaptiveTX, end: "\n"),
        .value("stats-block-usecs: ", key: "stats-block-usecs", .statsBlockMicroseconds),
        .value("sample-interval: ", key: "sample-interval", .rateSampleInterval),
        .value("pkt-rate-low: ", key: "pkt-rate-low", .packetRateLow), .value("pkt-rate-high: ", key: "pkt-rate-high", .packetRateHigh), .text("\n"),
        .value("rx-usecs: ", key: "rx-usecs", .rxMicroseconds), .value("rx-frames: ", key: "rx-frames", .rxFrames),
        .value("rx-usecs-irq: ", key: "rx-usecs-irq", .rxMicrosecondsIRQ), .value("rx-frames-irq: ", key: "rx-frames-irq", .rxFramesIRQ), .text("\n"),
        .value("tx-usecs: ", key: "tx-usecs", .txMicroseconds), .value("tx-frames: ", key: "tx-frames", .txFrames),
        .value("tx-usecs-irq: ", key: "tx-usecs-irq", .txMicrosecondsIRQ), .value("tx-frames-irq: ", key: "tx-frames-irq", .txFramesIRQ), .text("\n"),
        .value("rx-usecs-low: ", key: "rx-usecs-low", .rxMicrosecondsLow), .value("rx-frame-low: ", key: "rx-frames-low", .rxFramesLow),
        .value("tx-usecs-low: ", key: "tx-usecs-low", .txMicrosecondsLow), .value("tx-frame-low: ", key: "tx-frames-low", .txFramesLow), .text("\n"),
        .value("rx-usecs-high: ", key: "rx-usecs-high", .rxMicrosecondsHigh), .value("rx-frame-high: ", key: "rx-frames-high", .rxFramesHigh),
        .value("tx-usecs-high: ", key: "tx-usecs-high", .txMicrosecondsHigh), .value("tx-frame-high: ", key: "tx-frames-high", .txFramesHigh), .text("\n"),
        .boolean("CQE mode RX: ", key: "cqe-mode-rx", .cqeModeRX, end: "  "), .boolean("TX: ", key: "cqe-mode-tx", .cqeModeTX, end: "\n"), .text("\n"),
    ]

    static func printCoalesce(_ c: EthtoolCoalesce, inDump: Bool, printer: Printer) {
        print(c, banner: "Coalesce parameters for", rows: coalesceRows, inDump: inDump, printer: printer)
    }

    /// ethtool's `nl_parser` over `table`: each word once, its value a u32 (`parse_u32`) or
    /// `on|off`; errors worded as ethtool's. Returns the attributes to send, or `nil` after the
    /// error (ethtool's status is then 1).
    static func parse(_ words: [String], table: [Word], option: String) -> [(attribute: UInt16, value: UInt32, isByte: Bool)]? {
        var values: [(attribute: UInt16, value: UInt32, isByte: Bool)] = []
        var seen = Set<String>()
        var rest = words[...]
        while let word = rest.first {
            rest.removeFirst()
            guard let entry = table.first(where: { $0.word == word }) else {
                printError("ethtool (\(option)): unknown parameter '\(word)'")
                return nil
            }
            guard seen.insert(word).inserted else {
                printError("ethtool (\(option)): duplicate parameter '\(word)'")
                return nil
            }
            guard let text = rest.first else {
                printError("ethtool (\(option)): no value for parameter '\(word)'")
                return nil
            }
            rest.removeFirst()
            if entry.isBoolean {
                guard text == "on" || text == "off" else {
                    printError("ethtool (\(option)): invalid value '\(text)' for parameter '\(word)'")
                    return nil
                }
                values.append((entry.attribute, text == "on" ? 1 : 0, true))
            } else {
                guard let number = EthtoolSession.parseNumber(text) else {
                    printError("ethtool (\(option)): invalid value '\(text)' for parameter '\(word)'")
                    return nil
                }
                values.append((entry.attribute, UInt32(number), false))
            }
        }
        return values
    }

    /// `-L`, `-G`, `-C`: the words parsed, sent in the order given (as ethtool sends them). A
    /// refusal's status is ethtool's: 81 for rings, 1 for channels and coalescing.
    static func set(_ table: [Word], option: String, _ words: [String], session: EthtoolSession) async -> Int32 {
        let command: UInt8 = switch option {
        case "-L": EthtoolChannel.setCommand
        case "-G": EthtoolRing.setCommand
        default: EthtoolCoalesceParameter.setCommand
        }
        return await parseAndSet(words, table: table, option: option, command: command, refusalStatus: option == "-G" ? 81 : 1, session: session)
    }

    /// A set mode of ethtool's parameter kind (`-L`, `-G`, `-C`, `-A`, `--set-eee`): `words` parsed
    /// by `table`, sent as `command`'s attributes in the order given; `*` refused as ethtool
    /// refuses a wildcard set; `refusalStatus` when the kernel refuses.
    static func parseAndSet(_ words: [String], table: [Word], option: String, command: UInt8, refusalStatus: Int32, session: EthtoolSession) async -> Int32 {
        if session.isWildcard {
            printError("subcommand does not support wildcard dump")
            return 1
        }
        guard let values = parse(words, table: table, option: option) else { return 1 }
        do throws(NetlinkError) {
            try await session.connection.ethtoolSet(command, device: session.device, familyID: session.familyID) { b in
                for value in values {
                    if value.isByte {
                        try b.appendAttribute(value.attribute, uint8: UInt8(value.value))
                    } else {
                        try b.appendAttribute(value.attribute, uint32: value.value, .host)
                    }
                }
            }
        } catch {
            session.report(error)
            return refusalStatus
        }
        return 0
    }
}
