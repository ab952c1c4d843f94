import NetlinkCore
import NetlinkGeneric

/// `ethtool -a DEVNAME` and `ethtool -A DEVNAME [autoneg on|off] [rx on|off] [tx on|off]`: pause
/// frame settings as ethtool 6.1 prints them (its JSON keys too), with the negotiated result when
/// autonegotiation is on and the counters with `-I`.
enum EthtoolPauseCommand {
    static let words: [EthtoolParametersCommand.Word] = [
        .init(word: "autoneg", attribute: EthtoolAttribute.Pause.autonegotiation, isBoolean: true),
        .init(word: "rx", attribute: EthtoolAttribute.Pause.receive, isBoolean: true),
        .init(word: "tx", attribute: EthtoolAttribute.Pause.transmit, isBoolean: true),
    ]

    static func show(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(Ethtool.Command.pauseGet, flags: session.statistics ? .statistics : []) { m throws(NetlinkDecodingError) in
            try EthtoolPause(decoding: m)
        } print: { p, inDump in
            let negotiated: (rx: Bool, tx: Bool)?
            if p.autonegotiation == true {
                negotiated = await negotiatedPause(p.device.name, session: session)
            } else {
                negotiated = nil
            }
            print(p, negotiated: negotiated, inDump: inDump, printer: session.printer)
            return true
        }
    }

    /// ethtool's `pause_autoneg_cb`: what our and the partner's advertised pause bits resolve to;
    /// `nil` when the device reports no partner.
    static func negotiatedPause(_ name: String, session: EthtoolSession) async -> (rx: Bool, tx: Bool)? {
        guard case .value(let modes)? = try? await session.connection.ethtoolLinkModes(device: .name(name), compact: true, familyID: session.familyID),
              let ours = modes.ours, let peer = modes.peer
        else { return nil }
        let pause = EthtoolSettingsCommand.pauseBit, asymmetric = EthtoolSettingsCommand.asymmetricPauseBit
        if ours[pause] && peer[pause] { return (true, true) }
        if ours[asymmetric] && peer[asymmetric] {
            if ours[pause] { return (true, false) }
            if peer[pause] { return (false, true) }
        }
        return (false, false)
    }

    /// ethtool's `pause_reply_cb`.
    static func print(_ p: EthtoolPause, negotiated: (rx: Bool, tx: Bool)?, inDump: Bool, printer: Printer) {
        func boolean(_ key: String, _ label: String, _ value: Bool?) {
            if printer.isJSON {
                if let value { printer.json(key, .bool(value)) }
            } else {
                printer.text(label + (value.map { $0 ? "on" : "off" } ?? "n/a") + "\n")
            }
        }
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(p.device.name), text: "Pause parameters for \(p.device.name):\n")
        boolean("autonegotiate", "Autonegotiate:\t", p.autonegotiation)
        boolean("rx", "RX:\t\t", p.receive)
        boolean("tx", "TX:\t\t", p.transmit)
        if let negotiated {
            printer.openObject("negotiated")
            boolean("rx", "RX negotiated: ", negotiated.rx)
            boolean("tx", "TX negotiated: ", negotiated.tx)
            printer.closeObject()
        }
        if p.transmittedFrames != nil || p.receivedFrames != nil {
            printer.openObject("statistics")
            printer.text("Statistics:\n")
            if let value = p.transmittedFrames { printer.field("tx_pause_frames", .unsigned(value), text: "  tx_pause_frames: \(value)\n") }
            if let value = p.receivedFrames { printer.field("rx_pause_frames", .unsigned(value), text: "  rx_pause_frames: \(value)\n") }
            printer.closeObject()
        }
        if !inDump { printer.text("\n") }
        printer.closeObject()
    }

    /// `-A`: ethtool's `nl_spause` (76 on a refusal).
    static func set(_ arguments: [String], session: EthtoolSession) async -> Int32 {
        await EthtoolParametersCommand.parseAndSet(arguments, table: words, option: "-A", command: Ethtool.Command.pauseSet, refusalStatus: 76, session: session)
    }
}
