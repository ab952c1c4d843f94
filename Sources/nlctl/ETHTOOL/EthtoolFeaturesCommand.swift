import NetlinkCore
import NetlinkGeneric

/// `ethtool -k DEVNAME` and `ethtool -K DEVNAME FEATURE on|off ...`: the netdev features, shown
/// as ethtool 6.1 groups them (its legacy flags first — `tx-checksumming` over every
/// `tx-checksum-*` — then the rest), `[fixed]` and `[requested on|off]` as it marks them; set by
/// legacy short or long name (every matching feature) or by feature name, the kernel's answer
/// shown as "Actual changes:" when it differs from the request.
enum EthtoolFeaturesCommand {
    /// ethtool's `off_flag_def[]`: short name, long name, the kernel feature pattern (one `*`).
    static let legacyFlags: [(short: String, long: String, pattern: String)] = [
        ("rx", "rx-checksumming", "rx-checksum"),
        ("tx", "tx-checksumming", "tx-checksum-*"),
        ("sg", "scatter-gather", "tx-scatter-gather*"),
        ("tso", "tcp-segmentation-offload", "tx-tcp*-segmentation"),
        ("ufo", "udp-fragmentation-offload", "tx-udp-fragmentation"),
        ("gso", "generic-segmentation-offload", "tx-generic-segmentation"),
        ("gro", "generic-receive-offload", "rx-gro"),
        ("lro", "large-receive-offload", "rx-lro"),
        ("rxvlan", "rx-vlan-offload", "rx-vlan-hw-parse"),
        ("txvlan", "tx-vlan-offload", "tx-vlan-hw-insert"),
        ("ntuple", "ntuple-filters", "rx-ntuple-filter"),
        ("rxhash", "receive-hashing", "rx-hashing"),
    ]
    /// The legacy flag ethtool never shows over netlink (no such kernel has UFO).
    static let hiddenLegacyFlag = "ufo"

    /// ethtool's `flag_pattern_match`: the pattern with at most one `*`.
    static func matches(_ name: [UInt8], _ pattern: String) -> Bool {
        let p = Array(pattern.utf8)
        guard let star = p.firstIndex(of: UInt8(ascii: "*")) else { return name == p }
        let prefix = p[..<star], suffix = p[(star + 1)...]
        return name.count + 1 >= p.count && name.starts(with: prefix) && name.suffix(suffix.count).elementsEqual(suffix)
    }

    static func show(_ words: [String], session: EthtoolSession) async -> Int32 {
        if let status = session.unexpected(words) { return status }
        let names: EthtoolStringSet
        do throws(NetlinkError) {
            names = try await session.connection.ethtoolStringSet(Ethtool.StringSetID.features, familyID: session.familyID)
        } catch {
            session.report(error)
            return 1
        }
        let layout = Layout(names)
        return await session.get(Ethtool.Command.featuresGet, flags: .compactBitsets) { m throws(NetlinkDecodingError) in
            try EthtoolFeatures(decoding: m)
        } print: { features, inDump in
            print(features, layout: layout, inDump: inDump, session: session)
        }
    }

    /// What ethtool works out from the feature names alone, once for every device of a dump: each
    /// feature's legacy flag, the features of each flag.
    struct Layout {
        let names: EthtoolStringSet
        /// The legacy flag (an index into legacyFlags) of each feature, if its name matches one.
        let flagOf: [Int?]
        /// The features of each legacy flag, in index order.
        let featuresOf: [[Int]]

        init(_ names: EthtoolStringSet) {
            self.names = names
            let flagOf: [Int?] = names.strings.map { name in
                guard !name.isEmpty else { return nil }
                let bytes = name.rawBytes
                return legacyFlags.firstIndex { matches(bytes, $0.pattern) }
            }
            self.flagOf = flagOf
            featuresOf = legacyFlags.indices.map { flag in flagOf.indices.filter { flagOf[$0] == flag } }
        }
    }

    /// ethtool's `features_reply_cb` and `dump_features`.
    static func print(_ features: EthtoolFeatures, layout: Layout, inDump: Bool, session: EthtoolSession) -> Bool {
        let names = layout.names
        guard let hardware = features.hardware, let wanted = features.wanted, let active = features.active, let noChange = features.noChange,
              wanted.size == hardware.size, active.size == hardware.size, noChange.size == hardware.size
        else {
            return false
        }
        let printer = session.printer
        let count = hardware.size
        if inDump { printer.text("\n") }
        printer.openObject()
        printer.field("ifname", .string(features.device.name), text: "Features for \(features.device.name):\n")
        func flagOf(_ index: Int) -> Int? { index < layout.flagOf.count ? layout.flagOf[index] : nil }
        func feature(_ index: Int, label: String, prefix: StaticString) {
            let fixed = !hardware[index] || noChange[index]
            if printer.isJSON {
                printer.openObject(label)
                printer.json("active", .bool(active[index]))
                printer.json("fixed", .bool(fixed))
                printer.json("requested", .bool(wanted[index]))
                printer.closeObject()
                return
            }
            // "PREFIXLABEL: on|off[ SUFFIX]" written as bytes: a dump prints 70 of these per device.
            let on = active[index]
            session.output.write { buffer in
                ByteText.append(prefix, to: &buffer)
                ByteText.append(label, to: &buffer)
                ByteText.append(on ? ": on" : ": off", to: &buffer)
                if fixed {
                    ByteText.append(" [fixed]", to: &buffer)
                } else if on != wanted[index] {
                    ByteText.append(wanted[index] ? " [requested on]" : " [requested off]", to: &buffer)
                }
                buffer.append(UInt8(ascii: "\n"))
            }
        }
        for (flag, legacy) in legacyFlags.enumerated() where legacy.short != hiddenLegacyFlag {
            let matching = layout.featuresOf[flag].filter { $0 < count }
            let value = matching.contains { active[$0] }
            if matching.count != 1 {
                if printer.isJSON {
                    printer.openObject(legacy.long)
                    printer.json("active", .bool(value))
                    printer.json("fixed", .null)
                    printer.json("requested", .null)
                    printer.closeObject()
                } else {
                    printer.text("\(legacy.long): \(value ? "on" : "off")\n")
                }
            }
            for index in matching {
                if matching.count == 1 {
                    feature(index, label: legacy.long, prefix: "")
                } else if let name = names[index], !name.isEmpty {
                    feature(index, label: name, prefix: "\t")
                }
            }
        }
        for index in 0..<count where flagOf(index) == nil {
            guard let name = names[index], !name.isEmpty else { continue }
            feature(index, label: name, prefix: "")
        }
        printer.closeObject()
        return true
    }

    /// `-K`: the changes by legacy flag (every matching feature) or feature name, then the
    /// kernel's `FEATURES_SET_REPLY` shown where it differs from the request.
    static func set(_ words: [String], session: EthtoolSession) async -> Int32 {
        if session.isWildcard {
            printError("subcommand does not support wildcard dump")
            return 1
        }
        let names: EthtoolStringSet
        do throws(NetlinkError) {
            names = try await session.connection.ethtoolStringSet(Ethtool.StringSetID.features, familyID: session.familyID)
        } catch {
            session.report(error)
            return 92
        }
        var changes = EthtoolBitChanges()
        var requested = Set<Int>()
        var rest = words[...]
        while let word = rest.first {
            if word == "--" { break }
            let value = rest.dropFirst().first
            guard value == "on" || value == "off" else {
                printError("ethtool (-K): flag '\(value ?? "(null)")' for parameter '(null)' is not followed by 'on' or 'off'")
                return 1
            }
            let on = value == "on"
            if let legacy = legacyFlags.first(where: { $0.short == word || $0.long == word }) {
                for index in 0..<names.strings.count where matches(names.strings[index].rawBytes, legacy.pattern) {
                    changes.set(.name(names.strings[index]), on)
                    requested.insert(index)
                }
            } else {
                changes.set(.name(word), on)
                if let index = names.index(of: word) { requested.insert(index) }
            }
            rest = rest.dropFirst(2)
        }
        let reply: EthtoolFeatures?
        do throws(NetlinkError) {
            reply = try await session.connection.setEthtoolFeatures(device: session.device, changes, familyID: session.familyID)
        } catch {
            session.report(error)
            return 92
        }
        guard let reply else { return 0 }
        guard reply.device.name.rawBytes == session.deviceName.rawBytes else {
            printError("warning: unexpected message for device \(reply.device.name)")
            return 0
        }
        // ethtool's show_feature_changes.
        let count = names.count
        guard let wanted = reply.wanted, let active = reply.active, wanted.size == count, active.size == count,
              let wantedMask = wanted.mask, let activeMask = active.mask
        else {
            printError("malformed diff info from kernel")
            return 0
        }
        var nothingChanged = true
        var differs = false
        for word in 0..<wantedMask.count {
            var requestedWord: UInt32 = 0
            for bit in 0..<32 where requested.contains(word * 32 + bit) { requestedWord |= 1 << UInt32(bit) }
            if wantedMask[word] != requestedWord { nothingChanged = false }
            if wantedMask[word] != 0 || activeMask[word] & ~requestedWord != 0 { differs = true }
        }
        if differs {
            var text = "Actual changes:\n"
            for index in 0..<count {
                guard let name = names[index] else { continue }
                guard wanted.inMask(index) || active.inMask(index) else { continue }
                text += "\(name): "
                if wanted.inMask(index) {
                    text += wanted[index] ? "off [requested on]" : "on [requested off]"
                } else if !requested.contains(index) {
                    text += (active[index] ? "on" : "off") + " [not requested]"
                } else {
                    text += active[index] ? "on" : "off"
                }
                text += "\n"
            }
            session.output.write(text)
            session.output.flush()
        }
        if nothingChanged {
            printError("Could not change any device features")
            return 1
        }
        return 0
    }
}
