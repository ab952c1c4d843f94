import NetlinkCore
import NetlinkGeneric

/// `ethtool DEVNAME` (link modes, link info, WoL, message level, link state — five gets, each
/// printed when it answers, "not supported" silently skipped as ethtool does), and the
/// read-only listings `-T`, `--show-eee`, `--show-fec`, `--show-priv-flags`, printed as ethtool 6.1
/// prints them.
enum EthtoolSettingsCommand {
    /// ethtool's `link_modes[]` classes, by link-mode bit (`ETHTOOL_LINK_MODE_*_BIT`): a bit past
    /// the table is a real mode of unknown speed.
    enum ModeClass { case real, realHalfDuplex, autonegotiation, port, pause, fec }
    static let halfDuplexModes: Set<Int> = [0, 2, 4, 90]
    static let specialModes: [Int: ModeClass] = [
        6: .autonegotiation, 7: .port, 8: .port, 9: .port, 10: .port, 11: .port, 16: .port, 13: .pause, 14: .pause,
        49: .fec, 50: .fec, 51: .fec, 74: .fec,
    ]
    /// `link_modes_count` of ethtool 6.1 (`ETHTOOL_LINK_MODE_10baseT1L_Full_BIT` + 1).
    static let knownModes = 93
    /// `ETHTOOL_LINK_MODE_Autoneg_BIT`, `_Pause_BIT`, `_Asym_Pause_BIT`.
    static let autonegotiationBit = 6, pauseBit = 13, asymmetricPauseBit = 14

    static func modeClass(_ bit: Int) -> ModeClass {
        if let special = specialModes[bit] { return special }
        return halfDuplexModes.contains(bit) ? .realHalfDuplex : .real
    }

    static func classMatches(_ bit: Int, _ wanted: ModeClass) -> Bool {
        let actual = modeClass(bit)
        if wanted == .real { return actual == .real || actual == .realHalfDuplex }
        return actual == wanted
    }

    /// ethtool's `dump_link_modes`: the bits of `set` (its mask when `mask`) of class `wanted`,
    /// named, after `before`; separated by `between` or by a new line indented under the first;
    /// a half-duplex mode and the full-duplex one after it share a line.
    static func linkModes(_ set: EthtoolBitset, mask: Bool, _ wanted: ModeClass, before: String, between: String?, after: String, none: String?, names: EthtoolStringSet?) -> String {
        var text = "\t" + before
        var first = true
        var previous = -2
        for bit in (mask ? set.maskBits : set.setBits) where classMatches(bit, wanted) {
            let name = set.names[bit] ?? names?[bit] ?? "BIT\(bit)"
            if first {
                first = false
            } else if wanted == .real, bit == previous + 1, previous < knownModes, modeClass(previous) == .realHalfDuplex {
                text += " "
            } else if let between {
                text += "\t" + between
            } else {
                text += "\n\t" + String(repeating: " ", count: before.utf8.count)
            }
            text += name
            previous = bit
        }
        if first, let none { text += none }
        return text + after
    }

    /// ethtool's `dump_pause`.
    static func pause(_ set: EthtoolBitset, mask: Bool, label: String) -> String {
        let pause = mask ? set.inMask(pauseBit) : set[pauseBit]
        let asymmetric = mask ? set.inMask(asymmetricPauseBit) : set[asymmetricPauseBit]
        let text = pause ? (asymmetric ? "Symmetric Receive-only" : "Symmetric") : (asymmetric ? "Transmit-only" : "No")
        return "\t\(label)\(text)\n"
    }

    static let ports = [0: "Twisted Pair", 1: "AUI", 2: "BNC", 3: "MII", 4: "FIBRE", 5: "Direct Attach Copper", 0xef: "None", 0xff: "Other"]
    static let transceivers = [0: "internal", 1: "external"]
    static let duplexes = [0: "Half", 1: "Full"]
    static let masterSlaveConfigurations = [0: "unknown", 1: "preferred master", 2: "preferred slave", 3: "forced master", 4: "forced slave"]
    static let masterSlaveStates = [0: "unknown", 1: "master", 2: "slave", 3: "resolution error"]

    /// ethtool's `print_enum`.
    static func enumeration(_ table: [Int: String], _ value: UInt8, label: String) -> String {
        if let name = table[Int(value)] { return "\t\(label): \(name)\n" }
        return "\t\(label): Unknown! (\(value))\n"
    }

    /// ethtool's `unparse_wolopts`.
    static func wakeOnLANLetters(_ options: UInt32) -> String {
        guard options != 0 else { return "d" }
        let letters: [(UInt32, Character)] = [(1, "p"), (2, "u"), (4, "m"), (8, "b"), (16, "a"), (32, "g"), (64, "s"), (128, "f")]
        return String(letters.compactMap { options & $0.0 != 0 ? $0.1 : nil })
    }

    /// What `ethtool DEVNAME` prints, built up reply by reply: the banner ("Settings for DEV:")
    /// before the first line, as ethtool's `print_banner`.
    struct SettingsText {
        let device: String
        var text = ""
        var banner = false

        mutating func add(_ line: String) {
            if !banner {
                text += "Settings for \(device):\n"
                banner = true
            }
            text += line
        }

        /// ethtool's `linkmodes_reply_cb`.
        mutating func add(_ m: EthtoolLinkModes) {
            if let ours = m.ours {
                add(linkModes(ours, mask: true, .port, before: "Supported ports: [ ", between: " ", after: " ]\n", none: nil, names: nil))
                add(linkModes(ours, mask: true, .real, before: "Supported link modes:   ", between: nil, after: "\n", none: "Not reported", names: nil))
                add(pause(ours, mask: true, label: "Supported pause frame use: "))
                add("\tSupports auto-negotiation: \(ours.inMask(autonegotiationBit) ? "Yes" : "No")\n")
                add(linkModes(ours, mask: true, .fec, before: "Supported FEC modes: ", between: " ", after: "\n", none: "Not reported", names: nil))
                add(linkModes(ours, mask: false, .real, before: "Advertised link modes:  ", between: nil, after: "\n", none: "Not reported", names: nil))
                add(pause(ours, mask: false, label: "Advertised pause frame use: "))
                add("\tAdvertised auto-negotiation: \(ours[autonegotiationBit] ? "Yes" : "No")\n")
                add(linkModes(ours, mask: false, .fec, before: "Advertised FEC modes: ", between: " ", after: "\n", none: "Not reported", names: nil))
            }
            if let peer = m.peer {
                add(linkModes(peer, mask: false, .real, before: "Link partner advertised link modes:  ", between: nil, after: "\n", none: "Not reported", names: nil))
                add(pause(peer, mask: false, label: "Link partner advertised pause frame use: "))
                add("\tLink partner advertised auto-negotiation: \(peer[autonegotiationBit] ? "Yes" : "No")\n")
                add(linkModes(peer, mask: false, .fec, before: "Link partner advertised FEC modes: ", between: " ", after: "\n", none: "Not reported", names: nil))
            }
            if let speed = m.speed {
                add(speed == 0 || speed == 0xFFFF || speed == 0xFFFF_FFFF ? "\tSpeed: Unknown!\n" : "\tSpeed: \(speed)Mb/s\n")
            }
            if let lanes = m.lanes { add("\tLanes: \(lanes)\n") }
            if let duplex = m.duplex { add(enumeration(duplexes, duplex, label: "Duplex")) }
            if let autonegotiation = m.autonegotiation { add("\tAuto-negotiation: \(autonegotiation == 0 ? "off" : "on")\n") }
            if let value = m.masterSlaveConfiguration { add(enumeration(masterSlaveConfigurations, value, label: "master-slave cfg")) }
            if let value = m.masterSlaveState { add(enumeration(masterSlaveStates, value, label: "master-slave status")) }
        }

        /// ethtool's `linkinfo_reply_cb`.
        mutating func add(_ i: EthtoolLinkInfo) {
            if let port = i.port { add(enumeration(ports, port, label: "Port")) }
            if let address = i.phyAddress { add("\tPHYAD: \(address)\n") }
            if let transceiver = i.transceiver { add(enumeration(transceivers, transceiver, label: "Transceiver")) }
            if let mdix = i.mdix, let control = i.mdixControl, i.port == 0 {
                var line = "\tMDI-X: "
                switch control {
                case 1: line += "off (forced)\n"
                case 2: line += "on (forced)\n"
                default:
                    line += mdix == 1 ? "off" : mdix == 2 ? "on" : "Unknown"
                    if control == 3 { line += " (auto)" }
                    line += "\n"
                }
                add(line)
            }
        }

        /// ethtool's `wol_reply_cb`.
        mutating func add(wakeOnLAN w: EthtoolFlags) {
            var supported: UInt32 = 0, options: UInt32 = 0
            if let modes = w.flags {
                for bit in modes.maskBits where bit < 32 {
                    supported |= 1 << UInt32(bit)
                    if modes[bit] { options |= 1 << UInt32(bit) }
                }
            }
            var line = "\tSupports Wake-on: \(wakeOnLANLetters(supported))\n\tWake-on: \(wakeOnLANLetters(options))\n"
            if let password = w.secureOnPassword, password.count != 6 {
                printError("invalid SecureOn password length \(password.count) (should be 6)")
            }
            if supported & 64 != 0 {
                let password = w.secureOnPassword.flatMap { $0.count == 6 ? $0 : nil } ?? [0, 0, 0, 0, 0, 0]
                line += "        SecureOn password: " + password.map { hex2($0) }.joined(separator: ":") + "\n"
            }
            add(line)
        }

        /// ethtool's `debug_reply_cb`.
        mutating func add(debug d: EthtoolFlags) {
            guard let mask = d.flags else { return }
            var level: UInt32 = 0
            for bit in mask.setBits where bit < 32 { level |= 1 << UInt32(bit) }
            let hex = String(level, radix: 16)
            var line = "        Current message level: 0x" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex + " (\(level))\n"
            line += "                              "
            for bit in mask.setBits { line += " " + (mask.names[bit] ?? "") }
            add(line + "\n")
        }

        /// ethtool's `linkstate_reply_cb`.
        mutating func add(_ s: EthtoolLinkState) {
            if let link = s.link { add("\tLink detected: \(link ? "yes" : "no")" + extendedState(s) + "\n") }
            if let quality = s.signalQuality { add("\tSQI: \(quality)" + (s.signalQualityMaximum.map { "/\($0)\n" } ?? "\n")) }
        }
    }

    /// `ethtool DEVNAME`: five gets in ethtool's order; a get the device lacks (EOPNOTSUPP) is
    /// skipped silently, any other error (EPERM for WoL as non-root, ENODEV for each of the five
    /// when there is no such device) printed and skipped, as ethtool does; nothing printed at all:
    /// "No data available", status 75.
    static func show(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        if session.isWildcard {
            printError("nlctl: ethtool '*' (every device) is not built for the settings listing; name a device")
            return 1
        }
        func answer<T>(_ result: Result<EthtoolAnswer<T>, NetlinkError>) -> T? {
            switch result {
            case .success(.value(let value)): return value
            case .success(.notSupported): return nil
            case .success(.notPermitted(let error)), .failure(let error):
                session.report(error)
                return nil
            }
        }
        let connection = session.connection, id = session.familyID, device = session.device
        let modes = answer(await Result { () async throws(NetlinkError) in try await connection.ethtoolLinkModes(device: device, familyID: id) })
        let info = answer(await Result { () async throws(NetlinkError) in try await connection.ethtoolLinkInfo(device: device, familyID: id) })
        let wol = answer(await Result { () async throws(NetlinkError) in try await connection.ethtoolWakeOnLAN(device: device, familyID: id) })
        let debug = answer(await Result { () async throws(NetlinkError) in try await connection.ethtoolDebug(device: device, familyID: id) })
        let state = answer(await Result { () async throws(NetlinkError) in try await connection.ethtoolLinkState(device: device, familyID: id) })
        if session.printer.isJSON {
            let printed = json(modes: modes, info: info, wol: wol, debug: debug, state: state, session: session)
            return printed ? 0 : 75
        }
        var settings = SettingsText(device: session.deviceName)
        if let modes { settings.add(modes) }
        if let info { settings.add(info) }
        if let wol { settings.add(wakeOnLAN: wol) }
        if let debug { settings.add(debug: debug) }
        if let state { settings.add(state) }
        session.output.write(settings.text)
        defer { session.output.flush() }
        if !settings.banner {
            session.output.write("No data available\n")
            return 75
        }
        return 0
    }

    /// The settings as one JSON object (ethtool 6.1 has no JSON here): each line of the text under
    /// a key named after its label, lists of modes as arrays. Returns whether there was anything.
    static func json(modes: EthtoolLinkModes?, info: EthtoolLinkInfo?, wol: EthtoolFlags?, debug: EthtoolFlags?, state: EthtoolLinkState?, session: EthtoolSession) -> Bool {
        let printer = session.printer
        printer.begin()
        defer { printer.finish() }
        guard modes != nil || info != nil || wol != nil || debug?.flags != nil || state?.link != nil || state?.signalQuality != nil else { return false }
        printer.openObject()
        printer.json("ifname", .string(session.deviceName))
        func modeList(_ key: String, _ set: EthtoolBitset, mask: Bool, _ wanted: ModeClass) {
            printer.openArray(key)
            for bit in (mask ? set.maskBits : set.setBits) where classMatches(bit, wanted) { printer.json(nil, .string(set.names[bit] ?? "BIT\(bit)")) }
            printer.closeArray()
        }
        func pauseText(_ set: EthtoolBitset, mask: Bool) -> String {
            pause(set, mask: mask, label: "").dropFirst().dropLast().description
        }
        if let modes {
            if let ours = modes.ours {
                modeList("supported-ports", ours, mask: true, .port)
                modeList("supported-link-modes", ours, mask: true, .real)
                printer.json("supported-pause-frame-use", .string(pauseText(ours, mask: true)))
                printer.json("supports-auto-negotiation", .bool(ours.inMask(autonegotiationBit)))
                modeList("supported-fec-modes", ours, mask: true, .fec)
                modeList("advertised-link-modes", ours, mask: false, .real)
                printer.json("advertised-pause-frame-use", .string(pauseText(ours, mask: false)))
                printer.json("advertised-auto-negotiation", .bool(ours[autonegotiationBit]))
                modeList("advertised-fec-modes", ours, mask: false, .fec)
            }
            if let peer = modes.peer {
                modeList("link-partner-advertised-link-modes", peer, mask: false, .real)
                printer.json("link-partner-advertised-pause-frame-use", .string(pauseText(peer, mask: false)))
                printer.json("link-partner-advertised-auto-negotiation", .bool(peer[autonegotiationBit]))
                modeList("link-partner-advertised-fec-modes", peer, mask: false, .fec)
            }
            if let speed = modes.speed {
                printer.json("speed", speed == 0 || speed == 0xFFFF || speed == 0xFFFF_FFFF ? .null : .unsigned(UInt64(speed)))
            }
            if let lanes = modes.lanes { printer.json("lanes", .unsigned(UInt64(lanes))) }
            if let duplex = modes.duplex { printer.json("duplex", duplexes[Int(duplex)].map { .string($0) } ?? .unsigned(UInt64(duplex))) }
            if let autonegotiation = modes.autonegotiation { printer.json("auto-negotiation", .bool(autonegotiation != 0)) }
            if let value = modes.masterSlaveConfiguration { printer.json("master-slave-cfg", masterSlaveConfigurations[Int(value)].map { .string($0) } ?? .unsigned(UInt64(value))) }
            if let value = modes.masterSlaveState { printer.json("master-slave-status", masterSlaveStates[Int(value)].map { .string($0) } ?? .unsigned(UInt64(value))) }
        }
        if let info {
            if let port = info.port { printer.json("port", ports[Int(port)].map { .string($0) } ?? .unsigned(UInt64(port))) }
            if let address = info.phyAddress { printer.json("phyad", .unsigned(UInt64(address))) }
            if let transceiver = info.transceiver { printer.json("transceiver", transceivers[Int(transceiver)].map { .string($0) } ?? .unsigned(UInt64(transceiver))) }
            var text = SettingsText(device: "")
            text.add(EthtoolLinkInfo(mdixOf: info))
            if let line = text.text.split(separator: "\n").first(where: { $0.hasPrefix("\tMDI-X: ") }) {
                printer.json("mdi-x", .string(String(line.dropFirst("\tMDI-X: ".count))))
            }
        }
        if let wol, let modes = wol.flags {
            var supported: UInt32 = 0, options: UInt32 = 0
            for bit in modes.maskBits where bit < 32 {
                supported |= 1 << UInt32(bit)
                if modes[bit] { options |= 1 << UInt32(bit) }
            }
            printer.json("supports-wake-on", .string(wakeOnLANLetters(supported)))
            printer.json("wake-on", .string(wakeOnLANLetters(options)))
        }
        if let mask = debug?.flags {
            var level: UInt32 = 0
            for bit in mask.setBits where bit < 32 { level |= 1 << UInt32(bit) }
            printer.json("current-message-level", .unsigned(UInt64(level)))
            printer.openArray("message-classes")
            for bit in mask.setBits { printer.json(nil, .string(mask.names[bit] ?? "")) }
            printer.closeArray()
        }
        if let state {
            if let link = state.link { printer.json("link-detected", .bool(link)) }
            if let quality = state.signalQuality { printer.json("sqi", .unsigned(UInt64(quality))) }
            if let maximum = state.signalQualityMaximum { printer.json("sqi-max", .unsigned(UInt64(maximum))) }
        }
        printer.closeObject()
        return true
    }

    static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    /// ethtool's `linkstate_link_ext_state_print`: " (STATE[, SUBSTATE])" when the kernel says why
    /// the link is down (`ETHTOOL_LINK_EXT_STATE_*`, the substates numbered from 1 per state).
    static func extendedState(_ s: EthtoolLinkState) -> String {
        guard let state = s.extendedState else { return "" }
        let states = [
            "Autoneg", "Link training failure", "Logical mismatch", "Bad signal integrity", "No cable",
            "Cable issue", "EEPROM issue", "Calibration failure", "Power budget exceeded", "Overheat", "Module",
        ]
        let substates: [Int: [String]] = [
            0: ["No partner detected", "Ack not received", "Next page exchange failed", "No partner detected during force mode",
                "FEC mismatch during override", "No HCD"],
            1: ["KR frame lock not acquired", "KR link inhibit timeout", "KR Link partner did not set receiver ready", "Remote side is not ready yet"],
            2: ["PCS did not acquire block lock", "PCS did not acquire AM lock", "PCS did not get align_status", "FC FEC is not locked",
                "RS FEC is not locked"],
            3: ["Large number of physical errors", "Unsupported rate", "Serdes reference clock lost", "Serdes ALOS"],
            5: ["Unsupported cable", "Cable test failure"],
            10: ["CMIS module is not in ModuleReady state"],
        ]
        var text = " (" + (Int(state) < states.count ? states[Int(state)] : "\(state)")
        if let substate = s.extendedSubstate {
            let names = substates[Int(state)] ?? []
            text += ", " + (substate >= 1 && Int(substate) <= names.count ? names[Int(substate) - 1] : "\(substate)")
        }
        return text + ")"
    }

    /// `-T`: ethtool's `tsinfo_reply_cb` (bitsets verbose: named by the kernel).
    static func timestamping(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(Ethtool.Command.timestampingGet) { m throws(NetlinkDecodingError) in try EthtoolTimestamping(decoding: m) } print: { t, inDump in
            let printer = session.printer
            if inDump { printer.text("\n") }
            printer.openObject()
            printer.field("ifname", .string(t.device.name), text: "Time stamping parameters for \(t.device.name):\n")
            list("Capabilities", key: "capabilities", t.capabilities, none: "", printer: printer)
            printer.field("phc-index", t.phcIndex.map { .unsigned(UInt64($0)) } ?? .null,
                          text: "PTP Hardware Clock: " + (t.phcIndex.map { "\(Int32(bitPattern: $0))" } ?? "none") + "\n")
            list("Hardware Transmit Timestamp Modes", key: "tx-types", t.transmitTypes, none: " none", printer: printer)
            list("Hardware Receive Filter Modes", key: "rx-filters", t.receiveFilters, none: " none", printer: printer)
            printer.closeObject()
            return true
        }
    }

    /// ethtool's `tsinfo_dump_list`: the set bits, one per line, by name (`bitN` without one).
    static func list(_ label: String, key: String, _ set: EthtoolBitset?, none: String, printer: Printer) {
        let bits = set?.setBits ?? []
        let names = bits.map { set?.names[$0] ?? "bit\($0)" }
        if printer.isJSON {
            printer.openArray(key)
            for name in names { printer.json(nil, .string(name)) }
            printer.closeArray()
            return
        }
        printer.text(bits.isEmpty ? "\(label):\(none)\n" : "\(label):\n" + names.map { "\t\($0)\n" }.joined())
    }

    /// `--show-eee`: ethtool's `eee_reply_cb`.
    static func eee(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(Ethtool.Command.eeeGet) { m throws(NetlinkDecodingError) in try EthtoolEEE(decoding: m) } print: { e, inDump in
            printEEE(e, inDump: inDump, printer: session.printer)
        }
    }

    /// ethtool's `eee_reply_cb` for one reply (or notification).
    static func printEEE(_ e: EthtoolEEE, inDump: Bool, printer: Printer) -> Bool {
        guard let ours = e.ours, let active = e.active, let enabled = e.enabled, let lpi = e.transmitLPIEnabled, let timer = e.transmitLPITimer else {
            printError("Malformed response from kernel")
            return false
        }
        if printer.isJSON {
            printer.openObject()
            printer.json("ifname", .string(e.device.name))
            printer.json("supported", .bool(!ours.maskBits.isEmpty))
            printer.json("enabled", .bool(enabled))
            printer.json("active", .bool(active))
            printer.json("tx-lpi", .bool(lpi))
            printer.json("tx-timer", .unsigned(UInt64(timer)))
            for (key, set, mask) in [("supported-modes", ours, true), ("advertised-modes", ours, false)] + (e.peer.map { [("peer-modes", $0, false)] } ?? []) {
                printer.openArray(key)
                for bit in (mask ? set.maskBits : set.setBits) where classMatches(bit, .real) { printer.json(nil, .string(set.names[bit] ?? "BIT\(bit)")) }
                printer.closeArray()
            }
            printer.closeObject()
            return true
        }
        var text = inDump ? "\n" : ""
        text += "EEE settings for \(e.device.name):\n\tEEE status: "
        if ours.maskBits.isEmpty {
            printer.text(text + "not supported\n")
            return true
        }
        text += enabled ? "enabled - \(active ? "active" : "inactive")\n" : "disabled\n"
        text += "\tTx LPI: " + (lpi ? "\(timer) (us)\n" : "disabled\n")
        text += linkModes(ours, mask: true, .real, before: "Supported EEE link modes:  ", between: nil, after: "\n", none: "Not reported", names: nil)
        text += linkModes(ours, mask: false, .real, before: "Advertised EEE link modes:  ", between: nil, after: "\n", none: "Not reported", names: nil)
        text += linkModes(e.peer ?? EthtoolBitset(size: 0, mask: []), mask: false, .real, before: "Link partner advertised EEE link modes:  ", between: nil, after: "\n", none: "Not reported", names: nil)
        printer.text(text)
        return true
    }

    /// `--show-fec`: ethtool's `fec_reply_cb`, with its JSON keys (`config`, `active`, `statistics`).
    static func fec(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        let names: EthtoolStringSet
        do throws(NetlinkError) {
            names = try await session.connection.ethtoolStringSet(Ethtool.StringSetID.linkModes, familyID: session.familyID)
        } catch {
            session.report(error)
            return 1
        }
        return await session.get(Ethtool.Command.fecGet, flags: session.statistics ? .statistics : []) { m throws(NetlinkDecodingError) in
            try EthtoolFEC(decoding: m)
        } print: { f, inDump in
            printFEC(f, names: names, inDump: inDump, printer: session.printer)
        }
    }

    /// ethtool's `fec_reply_cb` for one reply (or notification); `names`: the link-mode string set.
    static func printFEC(_ f: EthtoolFEC, names: EthtoolStringSet, inDump: Bool, printer: Printer) -> Bool {
        func modeName(_ bit: Int, _ name: String?) -> String {
            bit == 49 ? "Off" : bit == 51 ? "BaseR" : name ?? "BIT\(bit)"
        }
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(f.device.name), text: "FEC parameters for \(f.device.name):\n")
        var configured: [String] = []
        if f.automatic == true { configured.append("Auto") }
        for bit in f.modes?.setBits ?? [] { configured.append(modeName(bit, f.modes?.names[bit] ?? names[bit])) }
        if configured.isEmpty { configured.append("None") }
        printer.openArray("config")
        printer.text("Supported/Configured FEC encodings:")
        for mode in configured { printer.field(nil, .string(mode), text: " \(mode)") }
        printer.closeArray()
        printer.text("\n")
        printer.openArray("active")
        printer.text("Active FEC encoding:")
        if let active = f.active, active != 0 {
            let name = names[Int(active)].map { modeName(Int(active), $0) } ?? "BIT\(active)"
            printer.field(nil, .string(name), text: " \(name)")
        } else {
            printer.field(nil, .string("None"), text: " None")
        }
        printer.closeArray()
        printer.text("\n")
        let statistics = [("corrected_blocks", f.correctedBlocks), ("uncorrectable_blocks", f.uncorrectableBlocks), ("corrected_bits", f.correctedBits)]
        if statistics.contains(where: { !($0.1 ?? []).isEmpty }) {
            printer.openObject("statistics")
            printer.text("Statistics:\n")
            for (name, values) in statistics {
                guard let values, let total = values.first else { continue }
                printer.openObject(name)
                printer.field("total", .unsigned(total), text: "  \(name): \(total)\n")
                if values.count > 1 {
                    printer.openArray("lanes")
                    for (lane, value) in values.dropFirst().enumerated() { printer.field(nil, .unsigned(value), text: "    Lane \(lane): \(value)\n") }
                    printer.closeArray()
                }
                printer.closeObject()
            }
            printer.closeObject()
        }
        printer.closeObject()
        return true
    }

    /// `--show-priv-flags`: ethtool's `privflags_reply_cb` (names padded to the longest).
    static func privateFlags(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(Ethtool.Command.privateFlagsGet) { m throws(NetlinkDecodingError) in
            try EthtoolFlags(decoding: m, bitsetType: EthtoolAttribute.PrivateFlags.flags)
        } print: { p, inDump in
            printPrivateFlags(p, inDump: inDump, printer: session.printer)
        }
    }

    /// `--set-priv-flags DEVNAME FLAG on|off ...`: ethtool's `nl_sprivflags` with its name form
    /// (a verbose bitset with a mask: only the flags named change). The numeric form (`0x1/0x3`)
    /// is not built and says so.
    static func setPrivateFlags(_ words: [String], session: EthtoolSession) async -> Int32 {
        if session.isWildcard {
            printError("subcommand does not support wildcard dump")
            return 1
        }
        if let first = words.first, first.first?.isNumber == true {
            printError("nlctl: ethtool --set-priv-flags with a numeric mask ('\(first)'): not implemented; give FLAG on|off")
            return 1
        }
        var changes = EthtoolBitChanges()
        var rest = words[...]
        while let flag = rest.first, flag != "--" {
            let value = rest.dropFirst().first
            guard value == "on" || value == "off" else {
                printError("ethtool (--set-priv-flags): flag '\(flag)' for parameter '(null)' is not followed by 'on' or 'off'")
                return 1
            }
            changes.set(.name(flag), value == "on")
            rest = rest.dropFirst(2)
        }
        do throws(NetlinkError) {
            try await session.connection.setEthtoolFlags(
                Ethtool.Command.privateFlagsSet, bitsetType: EthtoolAttribute.PrivateFlags.flags, device: session.device, changes, familyID: session.familyID)
        } catch {
            session.report(error)
            return 1
        }
        return 0
    }

    /// `--show-module`: ethtool's `module_reply_cb` (its JSON keys: `ifname`, `power-mode-policy`, `power-mode`).
    static func module(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        return await session.get(Ethtool.Command.moduleGet) { m throws(NetlinkDecodingError) in try EthtoolModule(decoding: m) } print: { m, inDump in
            printModule(m, inDump: inDump, printer: session.printer)
            return true
        }
    }

    static func printModule(_ m: EthtoolModule, inDump: Bool, printer: Printer) {
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(m.device.name), text: "Module parameters for \(m.device.name):\n")
        if let policy = m.powerModePolicy {
            let name = policy == 1 ? "high" : policy == 2 ? "auto" : "unknown"
            printer.field("power-mode-policy", .string(name), text: "power-mode-policy: \(name)\n")
        }
        if let mode = m.powerMode {
            let name = mode == 1 ? "low" : mode == 2 ? "high" : "unknown"
            printer.field("power-mode", .string(name), text: "power-mode: \(name)\n")
        }
        printer.closeObject()
    }

    /// `--set-eee DEVNAME [eee on|off] [tx-lpi on|off] [tx-timer N]`: ethtool's `nl_seee`; its
    /// `advertise MASK` (a hexadecimal link-mode mask) is not built and says so. Status 76 on a refusal.
    static func setEEE(_ words: [String], session: EthtoolSession) async -> Int32 {
        if session.isWildcard {
            printError("subcommand does not support wildcard dump")
            return 1
        }
        if words.isEmpty {
            printError("ethtool (--set-eee): parameters missing")
            return 1
        }
        if words.contains("advertise") {
            printError("nlctl: ethtool --set-eee advertise: not implemented (eee, tx-lpi and tx-timer are)")
            return 1
        }
        let table: [EthtoolParametersCommand.Word] = [
            .init(word: "tx-lpi", attribute: EthtoolAttribute.EEE.transmitLPIEnabled, isBoolean: true),
            .init(word: "tx-timer", attribute: EthtoolAttribute.EEE.transmitLPITimer, isBoolean: false),
            .init(word: "eee", attribute: EthtoolAttribute.EEE.enabled, isBoolean: true),
        ]
        return await EthtoolParametersCommand.parseAndSet(words, table: table, option: "--set-eee", command: Ethtool.Command.eeeSet, refusalStatus: 76, session: session)
    }

    /// `--set-fec DEVNAME encoding ENCODING...`: ethtool's `nl_sfec` — each encoding named in
    /// capitals (`off` is `None`), `auto` as `ETHTOOL_A_FEC_AUTO`; a refusal's status is 83.
    static func setFEC(_ words: [String], session: EthtoolSession) async -> Int32 {
        if session.isWildcard {
            printError("subcommand does not support wildcard dump")
            return 1
        }
        guard let first = words.first else {
            printError("ethtool (--set-fec): parameters missing")
            return 1
        }
        guard first == "encoding" else {
            printError("ethtool (--set-fec): unknown parameter '\(first)'")
            return 1
        }
        guard words.count > 1 else {
            printError("ethtool (--set-fec): no value for parameter 'encoding'")
            return 1
        }
        var modes = EthtoolBitChanges()
        var automatic = false
        for word in words.dropFirst() {
            if word == "--" { break }
            if word.lowercased() == "auto" {
                automatic = true
            } else if word.lowercased() == "off" {
                modes.set(.name("None"), true)
            } else {
                modes.set(.name(String(word.map { $0.isASCII ? Character($0.uppercased()) : $0 })), true)
            }
        }
        do throws(NetlinkError) {
            try await session.connection.ethtoolSet(Ethtool.Command.fecSet, device: session.device, familyID: session.familyID) { b in
                try modes.encodeList(EthtoolAttribute.FEC.modes, into: &b)
                try b.appendAttribute(EthtoolAttribute.FEC.automatic, uint8: automatic ? 1 : 0)
            }
        } catch {
            session.report(error)
            return 83
        }
        return 0
    }

    /// ethtool's `privflags_reply_cb` for one reply (or notification).
    static func printPrivateFlags(_ p: EthtoolFlags, inDump: Bool, printer: Printer) -> Bool {
        guard let flags = p.flags else { return false }
        let bits = flags.maskBits
        let names = bits.map { flags.names[$0] ?? "bit\($0)" }
        let width = names.map(\.utf8.count).max() ?? 0
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(p.device.name), text: "Private flags for \(p.device.name):\n")
        for (bit, name) in zip(bits, names) {
            printer.field(name, .bool(flags[bit]), text: name + String(repeating: " ", count: width - name.utf8.count) + ": \(flags[bit] ? "on" : "off")\n")
        }
        printer.closeObject()
        return true
    }
}

extension EthtoolLinkInfo {
    /// A copy with only what the MDI-X line needs (port, MDI-X, its control).
    init(mdixOf info: EthtoolLinkInfo) {
        self.init(device: info.device)
        port = info.port == 0 ? 0 : nil
        mdix = info.mdix
        mdixControl = info.mdixControl
    }
}

extension Result where Failure == NetlinkError {
    /// The result of an async throwing call.
    init(catching body: () async throws(NetlinkError) -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
