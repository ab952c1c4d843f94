import NetlinkRoute

/// `ip -s link` counters: the RX/TX tables in text (iproute2's `print_stats64`: one set of column
/// widths, widened to fit the largest value), `stats64` in JSON.
enum LinkStatisticsFormat {
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
            for index in from..<(from + count) { line += cell(String(list[index]), columns[index]) + " " }
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
