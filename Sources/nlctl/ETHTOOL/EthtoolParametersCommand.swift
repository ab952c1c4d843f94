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

    /// ethtool's `channels_reply_cb`.
    static func printChannels(_ c: EthtoolChannels, inDump: Bool, printer: Printer) {
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(c.device.name), text: "Channel parameters for \(c.device.name):\n")
        printer.text("Pre-set maximums:\n")
        line("RX:\t\t", "rx-max", c[.rxMax], printer: printer)
        line("TX:\t\t", "tx-max", c[.txMax], printer: printer)
        line("Other:\t\t", "other-max", c[.otherMax], printer: printer)
        line("Combined:\t", "combined-max", c[.combinedMax], printer: printer)
        printer.text("Current hardware settings:\n")
        line("RX:\t\t", "rx", c[.rx], printer: printer)
        line("TX:\t\t", "tx", c[.tx], printer: printer)
        line("Other:\t\t", "other", c[.other], printer: printer)
        line("Combined:\t", "combined", c[.combined], printer: printer)
        printer.closeObject()
    }

    static func showRings(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(EthtoolRing.getCommand) { m throws(NetlinkDecodingError) in try EthtoolRings(decoding: m) } print: { r, inDump in
            printRings(r, inDump: inDump, printer: session.printer)
            return true
        }
    }

    /// ethtool's `rings_reply_cb`.
    static func printRings(_ r: EthtoolRings, inDump: Bool, printer: Printer) {
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(r.device.name), text: "Ring parameters for \(r.device.name):\n")
        printer.text("Pre-set maximums:\n")
        line("RX:\t\t", "rx-max", r[.rxMax], printer: printer)
        line("RX Mini:\t", "rx-mini-max", r[.rxMiniMax], printer: printer)
        line("RX Jumbo:\t", "rx-jumbo-max", r[.rxJumboMax], printer: printer)
        line("TX:\t\t", "tx-max", r[.txMax], printer: printer)
        printer.text("Current hardware settings:\n")
        line("RX:\t\t", "rx", r[.rx], printer: printer)
        line("RX Mini:\t", "rx-mini", r[.rxMini], printer: printer)
        line("RX Jumbo:\t", "rx-jumbo", r[.rxJumbo], printer: printer)
        line("TX:\t\t", "tx", r[.tx], printer: printer)
        line("RX Buf Len:\t\t", "rx-buf-len", r[.rxBufferLength], printer: printer)
        line("CQE Size:\t\t", "cqe-size", r[.cqeSize], printer: printer)
        boolean("TX Push:\t", "tx-push", r[.txPush], end: "\n", printer: printer)
        let split = r[.tcpDataSplit] ?? 0
        let splitText = switch split {
        case 0: "n/a"
        case 1: "off"
        case 2: "on"
        default: "unknown(\(split))"
        }
        printer.field("tcp-data-split", .string(splitText), text: "TCP data split:\t\(splitText)\n")
        printer.closeObject()
    }

    static func showCoalesce(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(EthtoolCoalesceParameter.getCommand) { m throws(NetlinkDecodingError) in try EthtoolCoalesce(decoding: m) } print: { c, inDump in
            printCoalesce(c, inDump: inDump, printer: session.printer)
            return true
        }
    }

    /// ethtool's `coalesce_reply_cb`.
    static func printCoalesce(_ c: EthtoolCoalesce, inDump: Bool, printer: Printer) {
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(c.device.name), text: "Coalesce parameters for \(c.device.name):\n")
        boolean("Adaptive RX: ", "adaptive-rx", c[.adaptiveRX], end: "  ", printer: printer)
        boolean("TX: ", "adaptive-tx", c[.adaptiveTX], end: "\n", printer: printer)
        line("stats-block-usecs: ", "stats-block-usecs", c[.statsBlockMicroseconds], printer: printer)
        line("sample-interval: ", "sample-interval", c[.rateSampleInterval], printer: printer)
        line("pkt-rate-low: ", "pkt-rate-low", c[.packetRateLow], printer: printer)
        line("pkt-rate-high: ", "pkt-rate-high", c[.packetRateHigh], printer: printer)
        printer.text("\n")
        line("rx-usecs: ", "rx-usecs", c[.rxMicroseconds], printer: printer)
        line("rx-frames: ", "rx-frames", c[.rxFrames], printer: printer)
        line("rx-usecs-irq: ", "rx-usecs-irq", c[.rxMicrosecondsIRQ], printer: printer)
        line("rx-frames-irq: ", "rx-frames-irq", c[.rxFramesIRQ], printer: printer)
        printer.text("\n")
        line("tx-usecs: ", "tx-usecs", c[.txMicroseconds], printer: printer)
        line("tx-frames: ", "tx-frames", c[.txFrames], printer: printer)
        line("tx-usecs-irq: ", "tx-usecs-irq", c[.txMicrosecondsIRQ], printer: printer)
        line("tx-frames-irq: ", "tx-frames-irq", c[.txFramesIRQ], printer: printer)
        printer.text("\n")
        line("rx-usecs-low: ", "rx-usecs-low", c[.rxMicrosecondsLow], printer: printer)
        line("rx-frame-low: ", "rx-frames-low", c[.rxFramesLow], printer: printer)
        line("tx-usecs-low: ", "tx-usecs-low", c[.txMicrosecondsLow], printer: printer)
        line("tx-frame-low: ", "tx-frames-low", c[.txFramesLow], printer: printer)
        printer.text("\n")
        line("rx-usecs-high: ", "rx-usecs-high", c[.rxMicrosecondsHigh], printer: printer)
        line("rx-frame-high: ", "rx-frames-high", c[.rxFramesHigh], printer: printer)
        line("tx-usecs-high: ", "tx-usecs-high", c[.txMicrosecondsHigh], printer: printer)
        line("tx-frame-high: ", "tx-frames-high", c[.txFramesHigh], printer: printer)
        printer.text("\n")
        boolean("CQE mode RX: ", "cqe-mode-rx", c[.cqeModeRX], end: "  ", printer: printer)
        boolean("TX: ", "cqe-mode-tx", c[.cqeModeTX], end: "\n", printer: printer)
        printer.text("\n")
        printer.closeObject()
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
        if session.isWildcard {
            printError("subcommand does not support wildcard dump")
            return 1
        }
        let command: UInt8 = switch option {
        case "-L": EthtoolChannel.setCommand
        case "-G": EthtoolRing.setCommand
        default: EthtoolCoalesceParameter.setCommand
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
            return option == "-G" ? 81 : 1
        }
        return 0
    }
}
