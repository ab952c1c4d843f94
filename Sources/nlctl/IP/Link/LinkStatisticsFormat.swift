import Glibc
import NetlinkRoute

/// `ip -s link` counters: the RX/TX tables in text (iproute2's `print_stats64`: one set of column
/// widths, widened to fit the largest value), `stats64` in JSON.
enum LinkStatisticsFormat {
    /// `-h` and `-iec` (set once per command from the options).
    nonisolated(unsafe) static var humanReadable = false
    nonisolated(unsafe) static var iec = false

    /// iproute2's `print_num` text of a counter: as is below the base (1000, or 1024 with `-iec`),
    /// else scaled to k/M/G/T/P/E (ki/Mi... with `-iec`) with 2, 1 or 0 decimals as the value grows.
    static func number(_ count: UInt64) -> String {
        let base: UInt64 = iec ? 1024 : 1000
        guard humanReadable, count >= base else { return String(count) }
        let prefixes: [Character] = ["k", "M", "G", "T", "P", "E"]
        var power: UInt64 = 1
        var index = 0
        while true {
            power *= base
            if count / base < power || index == prefixes.count - 1 { break }
            index += 1
        }
        var precision = 2
        var digits: UInt64 = 1
        while precision > 0 {
            digits *= 10
            if count / power < digits { break }
            precision -= 1
        }
        let prefix = prefixes[index]   // ip 6.1 writes `ki` for kibi (lowercase, as its print_num does)
        let value = Double(count) / Double(power)
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([Int32(precision), value]) { vsnprintf(&buffer, buffer.count, "%.*f", $0) }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } + String(prefix) + (iec ? "i" : "")
    }

    static func print(_ s: LinkStatistics, carrierChanges: UInt32?, level: Int, printer: Printer) {
        let changes = UInt64(carrierChanges ?? 0)
        printer.openObject("stats64")
        printer.openObject("rx")
        for (key, value) in [("bytes", s.receivedBytes), ("packets", s.receivedPackets), ("errors", s.receiveErrors),
                             ("dropped", s.receiveDropped), ("over_errors", s.receiveOverErrors), ("multicast", s.multicast)] {
            printer.json(key, .unsigned(value))
        }
        if s.receiveCompressed != 0 { printer.json("compressed", .unsigned(s.receiveCompressed)) }
        if level > 1 {
            for (key, value) in [("length_errors", s.receiveLengthErrors), ("crc_errors", s.receiveCRCErrors),
                                 ("frame_errors", s.receiveFrameErrors), ("fifo_errors", s.receiveFIFOErrors),
                                 ("missed_errors", s.receiveMissedErrors)] {
                printer.json(key, .unsigned(value))
            }
            if s.receiveNoHandler != 0 { printer.json("nohandler", .unsigned(s.receiveNoHandler)) }
            if s.receiveOtherHostDropped != 0 { printer.json("otherhost", .unsigned(s.receiveOtherHostDropped)) }
        }
        printer.closeObject()
        printer.openObject("tx")
        for (key, value) in [("bytes", s.transmittedBytes), ("packets", s.transmittedPackets), ("errors", s.transmitErrors),
                             ("dropped", s.transmitDropped), ("carrier_errors", s.transmitCarrierErrors), ("collisions", s.collisions)] {
            printer.json(key, .unsigned(value))
        }
        if s.transmitCompressed != 0 { printer.json("compressed", .unsigned(s.transmitCompressed)) }
        if level > 1 {
            for (key, value) in [("aborted_errors", s.transmitAbortedErrors), ("fifo_errors", s.transmitFIFOErrors),
                                 ("window_errors", s.transmitWindowErrors), ("heartbeat_errors", s.transmitHeartbeatErrors)] {
                printer.json(key, .unsigned(value))
            }
            // ip prints carrier changes only when the link message had IFLA_CARRIER_CHANGES (not in `ip stats`).
            if carrierChanges != nil { printer.json("carrier_changes", .unsigned(changes)) }
        }
        printer.closeObject()
        printer.closeObject()
        guard !printer.isJSON else { return }

        let rx = [s.receivedBytes, s.receivedPackets, s.receiveErrors, s.receiveDropped, s.receiveMissedErrors, s.multicast, s.receiveCompressed]
        let rxErrors: [UInt64] = [0, s.receiveLengthErrors, s.receiveCRCErrors, s.receiveFrameErrors, s.receiveFIFOErrors, s.receiveOverErrors, s.receiveNoHandler]
        let tx = [s.transmittedBytes, s.transmittedPackets, s.transmitErrors, s.transmitDropped, s.transmitCarrierErrors, s.collisions, s.transmitCompressed]
        let txErrors: [UInt64] = [0, s.transmitAbortedErrors, s.transmitFIFOErrors, s.transmitWindowErrors, s.transmitHeartbeatErrors, changes]
        // The widths of "*X errors:", "packets", "errors", "dropped", "heartbt", "overrun", "compressed", "otherhost".
        var columns = [10, 7, 6, 7, 7, 7, 10, 9]
        func widen(_ values: [UInt64]) {
            guard !humanReadable else { return }   // size_columns keeps the header widths under -h
            for (index, value) in values.enumerated() where index < columns.count {
                columns[index] = max(columns[index], String(value).count)
            }
        }
        widen(rx)
        widen(tx)
        if level > 1 {
            widen(rxErrors)
            widen(txErrors)
        }
        func cell(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        func values(_ list: [UInt64], from: Int, count: Int) -> String {
            var line = "    "
            if from == 1 { line += cell("", columns[0]) + " " }
            for index in from..<(from + count) { line += cell(number(list[index]), columns[index]) + " " }
            return line
        }
        var lines: [String] = []
        lines.append("    RX: " + cell("bytes", columns[0] - 4) + " " + cell("packets", columns[1]) + " " + cell("errors", columns[2])
            + " " + cell("dropped", columns[3]) + " " + cell("missed", columns[4]) + " " + cell("mcast", columns[5]) + " "
            + cell(s.receiveCompressed != 0 ? "compressed" : "", columns[6]))
        lines.append(values(rx, from: 0, count: s.receiveCompressed != 0 ? 7 : 6))
        if level > 1 {
            lines.append("    RX errors: " + cell("length", columns[1]) + " " + cell("crc", columns[2]) + " " + cell("frame", columns[3])
                + " " + cell("fifo", columns[4]) + " " + cell("overrun", columns[5])
                + (s.receiveNoHandler != 0 ? " " + cell("nohandler", columns[6]) : ""))
            lines.append(values(rxErrors, from: 1, count: s.receiveNoHandler != 0 ? 6 : 5))
        }
        lines.append("    TX: " + cell("bytes", columns[0] - 4) + " " + cell("packets", columns[1]) + " " + cell("errors", columns[2])
            + " " + cell("dropped", columns[3]) + " " + cell("carrier", columns[4]) + " " + cell("collsns", columns[5]) + " "
            + cell(s.transmitCompressed != 0 ? "compressed" : "", columns[6]))
        lines.append(values(tx, from: 0, count: s.transmitCompressed != 0 ? 7 : 6))
        if level > 1 {
            lines.append("    TX errors: " + cell("aborted", columns[1]) + " " + cell("fifo", columns[2]) + " " + cell("window", columns[3])
                + " " + cell("heartbt", columns[4]) + " " + cell(carrierChanges != nil ? "transns" : "", columns[5]))
            lines.append(values(txErrors, from: 1, count: carrierChanges != nil ? 5 : 4))
        }
        printer.text(lines.joined(separator: printer.oneline ? "\\" : "\n"))
    }
}
