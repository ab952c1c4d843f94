import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The `ethtool` family's ID in this namespace (pass it, or a ``GenericFamilyCache`` lookup's,
    /// as `familyID` to the calls below to skip the controller's question).
    public func ethtoolFamilyID() async throws(NetlinkError) -> UInt16 {
        try await genericFamily(named: Ethtool.familyName).id
    }

    /// Sends an ethtool get for `device` and decodes its reply; `EOPNOTSUPP` and `EPERM` come back
    /// as ``EthtoolAnswer`` refusals, other errors are thrown.
    /// - Parameters:
    ///   - command: The get command (``Ethtool/Command``).
    ///   - device: The device, by index or name.
    ///   - header: The header attribute's type (2 for statistics, 1 for the rest).
    ///   - flags: Request flags (``EthtoolRequestFlags/compactBitsets`` saves names in bitsets).
    ///   - familyID: The family's ID, when known (asked of the controller otherwise).
    ///   - build: Writes attributes after the header.
    ///   - decode: Makes the value of the reply.
    public func ethtoolGet<T: Sendable>(
        _ command: UInt8, device: EthtoolDevice, header: UInt16 = EthtoolAttribute.header, flags: EthtoolRequestFlags = [],
        familyID: UInt16? = nil, _ build: (inout NetlinkMessageBuilder) throws -> Void = { _ in },
        decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> T
    ) async throws(NetlinkError) -> EthtoolAnswer<T> {
        let id = try await genericFamilyID(familyID, named: Ethtool.familyName)
        do {
            let answer = try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
                GenericNetlinkHeader(command: command, version: Ethtool.version).encode(into: &b)
                try device.encodeHeader(header, flags: flags, into: &b)
                try build(&b)
            }
            return .value(try answer.firstReply(ofType: id, missing: "ethtool reply") { m throws(NetlinkDecodingError) in try decode(m) })
        } catch {
            if let refusal = EthtoolAnswer<T>.refusal(error) { return refusal }
            throw error
        }
    }

    /// Dumps an ethtool get over every device of the namespace (devices without the operation are
    /// left out by the kernel).
    public func ethtoolDump<T>(
        _ command: UInt8, header: UInt16 = EthtoolAttribute.header, flags: EthtoolRequestFlags = [], familyID: UInt16? = nil,
        decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> T
    ) async throws(NetlinkError) -> [T] {
        let id = try await genericFamilyID(familyID, named: Ethtool.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: command, version: Ethtool.version).encode(into: &b)
            if !flags.isEmpty {
                try b.appendNested(header) { b in try b.appendAttribute(EthtoolAttribute.Header.flags, uint32: flags.rawValue, .host) }
            }
        } decode: { message in
            guard message.type.rawValue == id else { return nil }
            return try decode(message)
        }
    }

    /// Sends an ethtool set for `device` and waits for its acknowledgement.
    /// - Returns: The acknowledgement, with the replies before it (a features set's `SET_REPLY`).
    /// - Throws: `NetlinkError`: `EPERM` without `CAP_NET_ADMIN`, `EOPNOTSUPP` for a device without
    ///   the operation, `EINVAL` with the kernel's message for a value out of range.
    @discardableResult
    public func ethtoolSet(
        _ command: UInt8, device: EthtoolDevice, flags: EthtoolRequestFlags = [], familyID: UInt16? = nil,
        _ build: (inout NetlinkMessageBuilder) throws -> Void
    ) async throws(NetlinkError) -> NetlinkAcknowledgement {
        let id = try await genericFamilyID(familyID, named: Ethtool.familyName)
        return try await genericExecute(family: id, command: command, version: Ethtool.version) { b in
            try device.encodeHeader(flags: flags, into: &b)
            try build(&b)
        }
    }

    /// String sets (`ETHTOOL_MSG_STRSET_GET`): the global ones, or `device`'s (statistics, private
    /// flags); all sets when `ids` is empty.
    public func ethtoolStringSets(_ ids: [UInt32], device: EthtoolDevice? = nil, familyID: UInt16? = nil) async throws(NetlinkError) -> [EthtoolStringSet] {
        let id = try await genericFamilyID(familyID, named: Ethtool.familyName)
        let answer = try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Ethtool.Command.stringSetGet, version: Ethtool.version).encode(into: &b)
            if let device {
                try device.encodeHeader(into: &b)
            } else {
                try b.appendNested(EthtoolAttribute.header) { _ in }
            }
            if !ids.isEmpty {
                try b.appendNested(EthtoolAttribute.StringSet.stringSets) { b in
                    for set in ids {
                        try b.appendNested(EthtoolAttribute.StringSet.stringSet) { b in
                            try b.appendAttribute(EthtoolAttribute.StringSet.id, uint32: set, .host)
                        }
                    }
                }
            }
        }
        return try answer.firstReply(ofType: id, missing: "string sets") { m throws(NetlinkDecodingError) in try EthtoolStringSet.decode(m).sets }
    }

    /// The string set `set` (``Ethtool/StringSetID``), global or of `device`.
    public func ethtoolStringSet(_ set: UInt32, device: EthtoolDevice? = nil, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolStringSet {
        try await ethtoolStringSets([set], device: device, familyID: familyID).first { $0.id == set } ?? EthtoolStringSet(id: set, count: 0, strings: [])
    }

    /// The features of `device` (`ethtool -k`), bitsets compact.
    public func ethtoolFeatures(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolFeatures> {
        try await ethtoolGet(Ethtool.Command.featuresGet, device: device, flags: .compactBitsets, familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolFeatures(decoding: m)
        }
    }

    /// The features of every device of the namespace, in one dump.
    public func ethtoolFeaturesOfAllDevices(familyID: UInt16? = nil) async throws(NetlinkError) -> [EthtoolFeatures] {
        try await ethtoolDump(Ethtool.Command.featuresGet, flags: .compactBitsets, familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolFeatures(decoding: m)
        }
    }

    /// Changes features of `device` by name or index (`ethtool -K`).
    /// - Returns: The kernel's `FEATURES_SET_REPLY`: ``EthtoolFeatures/wanted`` masks the features
    ///   that did not take the requested value, ``EthtoolFeatures/active`` those that changed
    ///   besides the request; `nil` when the kernel sent none.
    @discardableResult
    public func setEthtoolFeatures(device: EthtoolDevice, _ changes: EthtoolBitChanges, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolFeatures? {
        let id = try await genericFamilyID(familyID, named: Ethtool.familyName)
        let answer = try await ethtoolSet(Ethtool.Command.featuresSet, device: device, flags: .compactBitsets, familyID: id) { b in
            try changes.encode(EthtoolAttribute.Features.wanted, into: &b)
        }
        guard !answer.replies.isEmpty else { return nil }
        return try answer.firstReply(ofType: id, missing: "features") { m throws(NetlinkDecodingError) in try EthtoolFeatures(decoding: m) }
    }

    /// A table of parameters of `device`: ``EthtoolChannels`` (`ethtool -l`), ``EthtoolRings``
    /// (`-g`), ``EthtoolCoalesce`` (`-c`).
    public func ethtoolParameters<P: EthtoolParameter>(_: P.Type, device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError)
        -> EthtoolAnswer<EthtoolParameters<P>>
    {
        try await ethtoolGet(P.getCommand, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in try EthtoolParameters<P>(decoding: m) }
    }

    /// Sets the parameters present in `parameters` (`ethtool -L`, `-G`, `-C`).
    public func setEthtoolParameters<P: EthtoolParameter>(_ parameters: EthtoolParameters<P>, device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) {
        try await ethtoolSet(P.setCommand, device: device, familyID: familyID) { b in try parameters.encode(into: &b) }
    }

    /// The port and transceiver of `device`.
    public func ethtoolLinkInfo(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolLinkInfo> {
        try await ethtoolGet(Ethtool.Command.linkInfoGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in try EthtoolLinkInfo(decoding: m) }
    }

    /// The link modes of `device`, bitsets verbose (with names) unless `compact`.
    public func ethtoolLinkModes(device: EthtoolDevice, compact: Bool = false, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolLinkModes> {
        try await ethtoolGet(Ethtool.Command.linkModesGet, device: device, flags: compact ? .compactBitsets : [], familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolLinkModes(decoding: m)
        }
    }

    /// The link state of `device`.
    public func ethtoolLinkState(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolLinkState> {
        try await ethtoolGet(Ethtool.Command.linkStateGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in try EthtoolLinkState(decoding: m) }
    }

    /// The message level of `device` (bitset verbose: with names).
    public func ethtoolDebug(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolFlags> {
        try await ethtoolGet(Ethtool.Command.debugGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolFlags(decoding: m, bitsetType: EthtoolAttribute.Debug.messageMask)
        }
    }

    /// The Wake-on-LAN modes of `device` (`EPERM` as non-root: ``EthtoolAnswer/notPermitted(_:)``).
    public func ethtoolWakeOnLAN(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolFlags> {
        try await ethtoolGet(Ethtool.Command.wakeOnLANGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolFlags(decoding: m, bitsetType: EthtoolAttribute.WakeOnLAN.modes)
        }
    }

    /// The private flags of `device` (bitset verbose: with the driver's names).
    public func ethtoolPrivateFlags(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolFlags> {
        try await ethtoolGet(Ethtool.Command.privateFlagsGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolFlags(decoding: m, bitsetType: EthtoolAttribute.PrivateFlags.flags)
        }
    }

    /// Changes bits of a one-bitset setting of `device`: message level (`Ethtool.Command.debugSet`,
    /// bitset ``EthtoolAttribute/Debug/messageMask``), private flags, WoL modes.
    public func setEthtoolFlags(_ command: UInt8, bitsetType: UInt16, device: EthtoolDevice, _ changes: EthtoolBitChanges, familyID: UInt16? = nil) async throws(NetlinkError) {
        try await ethtoolSet(command, device: device, familyID: familyID) { b in try changes.encode(bitsetType, into: &b) }
    }

    /// The pause settings of `device` (with statistics when `statistics`).
    public func ethtoolPause(device: EthtoolDevice, statistics: Bool = false, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolPause> {
        try await ethtoolGet(Ethtool.Command.pauseGet, device: device, flags: statistics ? .statistics : [], familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolPause(decoding: m)
        }
    }

    /// Sets the pause settings present in `pause` (`ethtool -A`).
    public func setEthtoolPause(_ pause: EthtoolPause, device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) {
        try await ethtoolSet(Ethtool.Command.pauseSet, device: device, familyID: familyID) { b in try pause.encode(into: &b) }
    }

    /// The EEE settings of `device`.
    public func ethtoolEEE(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolEEE> {
        try await ethtoolGet(Ethtool.Command.eeeGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in try EthtoolEEE(decoding: m) }
    }

    /// The timestamping capabilities of `device` (bitsets verbose: with names).
    public func ethtoolTimestamping(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolTimestamping> {
        try await ethtoolGet(Ethtool.Command.timestampingGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolTimestamping(decoding: m)
        }
    }

    /// The FEC settings of `device` (with statistics when `statistics`).
    public func ethtoolFEC(device: EthtoolDevice, statistics: Bool = false, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolFEC> {
        try await ethtoolGet(Ethtool.Command.fecGet, device: device, flags: statistics ? .statistics : [], familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolFEC(decoding: m)
        }
    }

    /// The standard statistics of `device` (`ETHTOOL_MSG_STATS_GET`): the groups asked for, by
    /// bit in `ETH_SS_STATS_STD` (every group when empty: the set's size asked of the kernel).
    public func ethtoolStatistics(device: EthtoolDevice, groups: EthtoolBitChanges? = nil, familyID: UInt16? = nil) async throws(NetlinkError)
        -> EthtoolAnswer<EthtoolStatistics>
    {
        let id = try await genericFamilyID(familyID, named: Ethtool.familyName)
        var all: EthtoolBitset?
        if groups == nil {
            let names = try await ethtoolStringSet(Ethtool.StringSetID.standardStatistics, familyID: id)
            var set = EthtoolBitset(size: names.count)
            for bit in 0..<names.count { set.set(bit, true) }
            all = set
        }
        return try await ethtoolGet(Ethtool.Command.statsGet, device: device, header: EthtoolAttribute.Statistics.header, familyID: id) { b in
            if let all { try all.encodeCompact(EthtoolAttribute.Statistics.groups, into: &b) }
            if let groups { try groups.encodeList(EthtoolAttribute.Statistics.groups, into: &b) }
        } decode: { m throws(NetlinkDecodingError) in
            try EthtoolStatistics(decoding: m)
        }
    }

    /// The power settings of `device`'s plug-in module.
    public func ethtoolModule(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolModule> {
        try await ethtoolGet(Ethtool.Command.moduleGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in try EthtoolModule(decoding: m) }
    }

    /// The virtual PTP clocks of `device`.
    public func ethtoolPHCVirtualClocks(device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) -> EthtoolAnswer<EthtoolPHCVirtualClocks> {
        try await ethtoolGet(Ethtool.Command.phcVirtualClocksGet, device: device, familyID: familyID) { m throws(NetlinkDecodingError) in
            try EthtoolPHCVirtualClocks(decoding: m)
        }
    }

    /// `length` bytes of page `page` of `device`'s module EEPROM (`EPERM` as non-root:
    /// ``EthtoolAnswer/notPermitted(_:)``).
    public func ethtoolModuleEEPROM(
        device: EthtoolDevice, offset: UInt32, length: UInt32, page: UInt8, bank: UInt8 = 0, i2cAddress: UInt8 = 0x50, familyID: UInt16? = nil
    ) async throws(NetlinkError) -> EthtoolAnswer<EthtoolModuleEEPROM> {
        try await ethtoolGet(Ethtool.Command.moduleEEPROMGet, device: device, familyID: familyID) { b in
            try EthtoolModuleEEPROM.encodeRequest(offset: offset, length: length, page: page, bank: bank, i2cAddress: i2cAddress, into: &b)
        } decode: { m throws(NetlinkDecodingError) in
            try EthtoolModuleEEPROM(decoding: m)
        }
    }

    /// Sets the port settings present in `info` (`ETHTOOL_MSG_LINKINFO_SET`: port, PHY address,
    /// MDI-X control; transceiver and MDI-X status are read-only and refused).
    public func setEthtoolLinkInfo(_ info: EthtoolLinkInfo, device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) {
        try await ethtoolSet(Ethtool.Command.linkInfoSet, device: device, familyID: familyID) { b in try info.encode(into: &b) }
    }

    /// Sets the link settings present in `modes` (`ETHTOOL_MSG_LINKMODES_SET`: autonegotiation,
    /// advertised modes — ``EthtoolLinkModes/ours``, its value — speed, duplex, lanes,
    /// master/slave configuration). A device without them answers `EOPNOTSUPP`.
    public func setEthtoolLinkModes(_ modes: EthtoolLinkModes, device: EthtoolDevice, familyID: UInt16? = nil) async throws(NetlinkError) {
        try await ethtoolSet(Ethtool.Command.linkModesSet, device: device, familyID: familyID) { b in try modes.encode(into: &b) }
    }
}
