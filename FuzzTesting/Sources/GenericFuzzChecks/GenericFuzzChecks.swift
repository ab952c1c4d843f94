import NetlinkCore
import NetlinkGeneric

/// The properties the generic netlink fuzz target (`FuzzGeneric`) checks, shared by its libFuzzer
/// entry point and by the corpus replay test of the main package (which sees this folder through
/// the symlink `Tests/NetlinkGenericTests/GenericFuzzChecks`).
///
/// Each ``Decoder`` takes the raw fuzz input and must never trap. For every input:
/// - decoding is deterministic (the same bytes twice: equal values or equal errors);
/// - a decoding error is a ``NetlinkDecodingError`` whose offset lies in the message;
/// - on success the round trip holds: decode → encode → decode gives the value back, and a second
///   encode writes the same bytes.
public enum GenericFuzzChecks {
    /// A property that did not hold.
    public struct Failure: Error, CustomStringConvertible {
        /// Which property, and the values that broke it.
        public var description: String

        init(_ description: String) { self.description = description }
    }

    /// Inputs are cut here, so that a run's work is bounded.
    public static let maximumInputSize = 64 << 10

    /// The decoders `FuzzGeneric` fuzzes, by the name given to `--decoder=` (or `FUZZ_GENERIC_DECODER`).
    public enum Decoder: String, CaseIterable, Sendable {
        /// `GenericFamily(decoding:)`: the input is a controller message's payload (`genlmsghdr`
        /// and the `CTRL_ATTR_*` attributes), wrapped in a message of type `GENL_ID_CTRL`.
        case family
        /// `GenericPolicyMessage(decoding:)`: the input is the payload of one message of a
        /// `CTRL_CMD_GETPOLICY` dump (`genlmsghdr`, `CTRL_ATTR_FAMILY_ID`, `CTRL_ATTR_OP_POLICY`
        /// or `CTRL_ATTR_POLICY`); the policy checks (`NetlinkAttributePolicy.check`) and the
        /// dynamic client's decoder (`GenericPolicies.decodeAttributes`) run on the decoded
        /// policies with payloads cut from the input.
        case policy
        /// `TCPMetricsEntry(decoding:)`: the input is the payload of a `tcp_metrics` reply
        /// (`genlmsghdr` and `TCP_METRICS_ATTR_*`), wrapped in a message of the family's type.
        case tcpmetrics
        /// `MPTCPEndpoint(decodingMessage:)` and `MPTCPLimits(decoding:)`: the input is the payload
        /// of an `mptcp_pm` reply (`genlmsghdr`, `MPTCP_PM_ATTR_*`).
        case mptcp
        /// `NetdevDevice(decoding:)` and `NetdevQueue(decoding:)`: the input is the payload of a
        /// `netdev` reply (`genlmsghdr`, `NETDEV_A_*`); decoded by both, each deterministic.
        case netdev
        /// `EthtoolBitset(decoding:)`: the input is the payload of one bitset attribute (compact or
        /// verbose `ETHTOOL_A_BITSET_*`); round trip through the compact encoding (names dropped).
        case bitset
        /// Every ethtool message decoder (`EthtoolEvent`, features, link info/modes/state, the
        /// parameter tables, flags, pause, EEE, timestamping, FEC, string sets): the input is the
        /// payload of an ethtool reply or notification (`genlmsghdr` and `ETHTOOL_A_*`); each
        /// deterministic, and those with an encoder round-trip (bitset names and statistics aside).
        case ethtool
        /// `TaskstatsReply(decoding:)` (round trip) and `CgroupStatistics(decoding:)`: the input is
        /// the payload of a `TASKSTATS_CMD_NEW` or `CGROUPSTATS_CMD_NEW` message.
        case taskstats
        /// `IOAM6Namespace(decoding:)` and `IOAM6Schema(decoding:)`: the input is the payload of an
        /// `IOAM6` dump reply; each deterministic, with an exact round trip.
        case ioam6

        /// The corpus folder and the name `scripts/fuzz.sh` gives the target: `FuzzGeneric-family`.
        public var corpusName: String { "FuzzGeneric-\(rawValue)" }

        /// The input wrapped in a netlink message header; `nil` when it would not fit a message.
        public func message(for input: [UInt8]) -> [UInt8]? {
            let payload = input.prefix(GenericFuzzChecks.maximumInputSize)
            let length = NetlinkMessageHeader.size + payload.count
            guard length <= Int(UInt32.max) else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length)
            withUnsafeBytes(of: UInt32(length).littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: GenericNetlink.controllerID.rawValue.littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0])  // flags 0, sequence 1, port 0
            bytes.append(contentsOf: payload)
            return bytes
        }

        /// Whether the decoder's main value decodes from `input` (a kernel capture must, a
        /// malformed seed must not): the corpus replay's check that a seed is what its name says.
        public func decodes(_ input: [UInt8]) throws -> Bool {
            func succeeds<M: Hashable>(_ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> M) throws -> Bool {
                guard let message = message(for: input) else { return false }
                if case .success = try GenericFuzzChecks.decode(message, rawValue, decode) { return true }
                return false
            }
            switch self {
            case .family: return try succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try GenericFamily(decoding: m) }
            case .policy: return try succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try GenericPolicyMessage(decoding: m) }
            case .mptcp: return try succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try MPTCPEndpoint(decodingMessage: m) }
            case .netdev:
                return try succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try NetdevDevice(decoding: m) }
                    || succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try NetdevQueue(decoding: m) }
            case .tcpmetrics: return try succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try TCPMetricsEntry(decoding: m) }
            case .ethtool: return try succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolEvent(decoding: m) }
            case .bitset: return (try? GenericFuzzChecks.decodeBitset(input)) != nil
            case .ioam6:
                return try succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try IOAM6Namespace(decoding: m) }
                    || succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try IOAM6Schema(decoding: m) }
            case .taskstats:
                return try succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> Bool in
                    let reply = try TaskstatsReply(decoding: m)
                    guard reply.pid != nil || reply.tgid != nil else { throw NetlinkDecodingError(.invalidValue, context: "no statistics") }
                    return true
                } || succeeds { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try CgroupStatistics(decoding: m) }
            }
        }

        /// Runs the checks on one input.
        public func check(_ input: RawSpan) throws {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(min(input.byteCount, GenericFuzzChecks.maximumInputSize))
            for offset in 0..<min(input.byteCount, GenericFuzzChecks.maximumInputSize) {
                bytes.append(input.unsafeLoad(fromByteOffset: offset, as: UInt8.self))
            }
            guard let message = message(for: bytes) else { return }
            switch self {
            case .family: try GenericFuzzChecks.checkFamily(message)
            case .policy: try GenericFuzzChecks.checkPolicy(message, input: bytes)
            case .tcpmetrics: try GenericFuzzChecks.checkTCPMetrics(message)
            case .mptcp: try GenericFuzzChecks.checkMPTCP(message)
            case .netdev: try GenericFuzzChecks.checkNetdev(message)
            case .bitset: try GenericFuzzChecks.checkBitset(bytes)
            case .ethtool: try GenericFuzzChecks.checkEthtool(message)
            case .taskstats: try GenericFuzzChecks.checkTaskstats(message)
            case .ioam6: try GenericFuzzChecks.checkIOAM6(message)
            }
        }
    }

    /// Decodes the one message of `bytes` with `decode`: its value or its error.
    public static func decode<M: Hashable>(
        _ bytes: [UInt8], _ what: String, _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> M
    ) throws -> Result<M, NetlinkDecodingError> {
        var messages = NetlinkMessages(bytes.span.bytes)
        let result: Result<M, NetlinkDecodingError>
        do throws(NetlinkDecodingError) {
            guard let message = try messages.next() else { return .failure(NetlinkDecodingError(.truncatedMessageHeader, context: "\(what): no message")) }
            result = .success(try decode(message))
        } catch {
            result = .failure(error)
        }
        if case .failure(let error) = result, let offset = error.offset, offset < 0 || offset > bytes.count {
            throw Failure("\(what): error offset \(offset) outside the \(bytes.count)-byte message: \(error)")
        }
        return result
    }

    /// `GenericFamily`: determinism, error offsets, round trip through `encode(into:)`.
    static func checkFamily(_ message: [UInt8]) throws {
        let decode = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> GenericFamily in try GenericFamily(decoding: m) }
        let first = try Self.decode(message, "family", decode)
        let second = try Self.decode(message, "family", decode)
        guard first == second else { throw Failure("family: two decodings differ: \(first) / \(second)") }
        guard case .success(let family) = first else { return }
        let encoded: [UInt8]
        do {
            encoded = try encode(family)
        } catch is EncodingRefused {
            return  // more operations or groups than one attribute holds once re-encoded
        }
        guard case .success(let again) = try Self.decode(encoded, "family re-encoded", decode) else {
            throw Failure("family: the encoding of \(family) does not decode")
        }
        guard again == family else { throw Failure("family: round trip changed \(family) into \(again)") }
        guard try encode(again) == encoded else { throw Failure("family: a second encoding differs") }
    }

    /// `GenericPolicyMessage`: determinism, error offsets, round trip; every decoded attribute
    /// policy checks a few payloads cut from the input without trapping.
    static func checkPolicy(_ message: [UInt8], input: [UInt8]) throws {
        let decode = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> GenericPolicyMessage in try GenericPolicyMessage(decoding: m) }
        let first = try Self.decode(message, "policy", decode)
        guard first == (try Self.decode(message, "policy", decode)) else { throw Failure("policy: two decodings differ") }
        guard case .success(let decoded) = first else { return }
        var builder = NetlinkMessageBuilder()
        do {
            try builder.message(type: GenericNetlink.controllerID, flags: [], sequence: 1) { b in try decoded.encode(into: &b) }
        } catch is NetlinkEncodingError {
            return  // more than one attribute holds once re-encoded
        }
        guard case .success(let again) = try Self.decode(builder.bytes, "policy re-encoded", decode) else {
            throw Failure("policy: the encoding of \(decoded) does not decode")
        }
        guard again == decoded else { throw Failure("policy: round trip changed \(decoded) into \(again)") }
        let tree = GenericPolicies([decoded])
        for policy in decoded.policies.prefix(4) {
            for (_, rule) in policy.attributes.prefix(8) {
                for length in [0, 1, 2, 4, 8, 9, input.count] where length <= input.count {
                    _ = rule.check(Array(input.prefix(length)))
                }
            }
            _ = tree.violations(of: Array(input.prefix(256)), policy: policy.index)
            // The dynamic client's decoder: any bytes, by any decoded policy, decode or fail cleanly.
            _ = try? tree.decodeAttributes(Array(input.prefix(512)), policy: policy.index)
        }
    }

    /// `TCPMetricsEntry`: determinism, error offsets, exact round trip through `encode(into:)`.
    static func checkTCPMetrics(_ message: [UInt8]) throws {
        let decode = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> TCPMetricsEntry in try TCPMetricsEntry(decoding: m) }
        let first = try Self.decode(message, "tcpmetrics", decode)
        guard first == (try Self.decode(message, "tcpmetrics", decode)) else { throw Failure("tcpmetrics: two decodings differ") }
        guard case .success(let entry) = first else { return }
        var builder = NetlinkMessageBuilder()
        do {
            try builder.message(type: NetlinkMessageType(0x1b), flags: [], sequence: 1) { b in try entry.encode(into: &b) }
        } catch is NetlinkEncodingError {
            return  // more metrics than one attribute holds once re-encoded
        }
        guard case .success(let again) = try Self.decode(builder.bytes, "tcpmetrics re-encoded", decode) else {
            throw Failure("tcpmetrics: the encoding of \(entry) does not decode")
        }
        guard again == entry else { throw Failure("tcpmetrics: round trip changed \(entry) into \(again)") }
        _ = (entry.rtt, entry.rttVariance)
    }

    /// `MPTCPEndpoint`: determinism, error offsets, round trip of the nest; `MPTCPLimits`: determinism.
    static func checkMPTCP(_ message: [UInt8]) throws {
        let decode = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> MPTCPEndpoint in try MPTCPEndpoint(decodingMessage: m) }
        let first = try Self.decode(message, "mptcp", decode)
        guard first == (try Self.decode(message, "mptcp", decode)) else { throw Failure("mptcp: two decodings differ") }
        let limits = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> MPTCPLimits in try MPTCPLimits(decoding: m) }
        guard try Self.decode(message, "mptcp limits", limits) == (try Self.decode(message, "mptcp limits", limits)) else {
            throw Failure("mptcp: two decodings of the limits differ")
        }
        guard case .success(let endpoint) = first else { return }
        var builder = NetlinkMessageBuilder()
        try builder.message(type: NetlinkMessageType(0x1c), flags: [], sequence: 1) { b in
            GenericNetlinkHeader(command: MPTCPPathManager.getAddress).encode(into: &b)
            try b.appendNested(MPTCPAttribute.address) { b in try endpoint.encodeAttributes(into: &b) }
        }
        guard case .success(let again) = try Self.decode(builder.bytes, "mptcp re-encoded", decode) else {
            throw Failure("mptcp: the encoding of \(endpoint) does not decode")
        }
        guard again == endpoint else { throw Failure("mptcp: round trip changed \(endpoint) into \(again)") }
    }

    /// `NetdevDevice`, `NetdevQueue`, `NetdevNAPI`, `NetdevPagePool`, `NetdevQueueStatistics`,
    /// `NetdevEvent`: determinism and error offsets (no library encoder).
    static func checkNetdev(_ message: [UInt8]) throws {
        let device = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> NetdevDevice in try NetdevDevice(decoding: m) }
        guard try Self.decode(message, "netdev device", device) == (try Self.decode(message, "netdev device", device)) else {
            throw Failure("netdev: two decodings of a device differ")
        }
        let queue = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> NetdevQueue in try NetdevQueue(decoding: m) }
        guard try Self.decode(message, "netdev queue", queue) == (try Self.decode(message, "netdev queue", queue)) else {
            throw Failure("netdev: two decodings of a queue differ")
        }
        let napi = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try NetdevNAPI(decoding: m) }
        let pool = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try NetdevPagePool(decoding: m) }
        let statistics = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try NetdevQueueStatistics(decoding: m) }
        let event = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try NetdevEvent(decoding: m) }
        guard try Self.decode(message, "netdev napi", napi) == (try Self.decode(message, "netdev napi", napi)),
              try Self.decode(message, "netdev page pool", pool) == (try Self.decode(message, "netdev page pool", pool)),
              try Self.decode(message, "netdev qstats", statistics) == (try Self.decode(message, "netdev qstats", statistics)),
              try Self.decode(message, "netdev event", event) == (try Self.decode(message, "netdev event", event))
        else {
            throw Failure("netdev: two decodings of a NAPI instance, page pool, statistics or event differ")
        }
    }

    /// The input as the payload of a bitset attribute (type 3, nested).
    static func bitsetAttribute(_ input: [UInt8]) -> [UInt8]? {
        guard input.count <= 65_531 else { return nil }
        var attribute: [UInt8] = []
        withUnsafeBytes(of: UInt16(input.count + 4).littleEndian) { attribute.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(0x8003).littleEndian) { attribute.append(contentsOf: $0) }
        attribute.append(contentsOf: input)
        return attribute
    }

    /// The first attribute of `bytes` decoded as a bitset.
    static func decodeAttribute(_ bytes: [UInt8]) -> Result<EthtoolBitset, NetlinkDecodingError> {
        do throws(NetlinkDecodingError) {
            var attributes = NetlinkAttributes(bytes.span.bytes)
            guard let one = try attributes.next() else { return .failure(NetlinkDecodingError(.truncatedAttributeHeader)) }
            return .success(try EthtoolBitset(decoding: one))
        } catch {
            return .failure(error)
        }
    }

    /// The input decoded as a bitset's payload (throws its decoding error).
    public static func decodeBitset(_ input: [UInt8]) throws -> EthtoolBitset {
        guard let attribute = bitsetAttribute(input) else { throw NetlinkDecodingError(.attributeLengthExceedsData) }
        return try decodeAttribute(attribute).get()
    }

    /// `EthtoolBitset`: determinism, error offsets, compact round trip (names aside).
    static func checkBitset(_ input: [UInt8]) throws {
        guard let attribute = bitsetAttribute(input) else { return }
        let decode = decodeAttribute
        let first = decode(attribute)
        guard first == decode(attribute) else { throw Failure("bitset: two decodings differ") }
        if case .failure(let error) = first, let offset = error.offset, offset < 0 || offset > attribute.count {
            throw Failure("bitset: error offset \(offset) outside the \(attribute.count)-byte attribute: \(error)")
        }
        guard case .success(var set) = first else { return }
        _ = (set.setBits, set.maskBits, set[set.size - 1], set.inMask(set.size))
        set.names = [:]
        var builder = NetlinkMessageBuilder()
        do {
            try set.encodeCompact(3, into: &builder)
        } catch is NetlinkEncodingError {
            return
        }
        guard case .success(let again) = decode(builder.bytes) else { throw Failure("bitset: the compact encoding of \(set) does not decode") }
        guard again == set else { throw Failure("bitset: round trip changed \(set) into \(again)") }
    }

    /// The ethtool decoders on one message: determinism and error offsets for each; the round trip
    /// through `encode(into:)` for those that have one.
    static func checkEthtool(_ message: [UInt8]) throws {
        func same<M: Hashable>(_ what: String, _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> M) throws -> M? {
            let first = try Self.decode(message, what, decode)
            guard first == (try Self.decode(message, what, decode)) else { throw Failure("ethtool \(what): two decodings differ") }
            if case .success(let value) = first { return value }
            return nil
        }
        /// Re-encodes `value` after a header nest for `device` and decodes it again.
        func roundTrip<M: Hashable>(_ what: String, _ value: M, device: EthtoolDeviceHeader, _ normalized: M,
                                    encode: (M, inout NetlinkMessageBuilder) throws -> Void,
                                    _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> M) throws {
            var builder = NetlinkMessageBuilder()
            do {
                try builder.message(type: NetlinkMessageType(0x14), flags: [], sequence: 1) { b in
                    GenericNetlinkHeader(command: 1).encode(into: &b)
                    try b.appendNested(EthtoolAttribute.header) { b in
                        try b.appendAttribute(EthtoolAttribute.Header.deviceIndex, uint32: device.index, .host)
                        try b.appendAttribute(EthtoolAttribute.Header.deviceName, string: device.name)
                    }
                    try encode(value, &b)
                }
            } catch is NetlinkEncodingError {
                return
            }
            guard case .success(let again) = try Self.decode(builder.bytes, "\(what) re-encoded", decode) else {
                throw Failure("ethtool \(what): the encoding of \(value) does not decode")
            }
            guard again == normalized else { throw Failure("ethtool \(what): round trip changed \(normalized) into \(again)") }
        }
        func unnamed(_ set: EthtoolBitset?) -> EthtoolBitset? {
            guard var set else { return nil }
            set.names = [:]
            return set
        }
        _ = try same("event") { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolEvent(decoding: m) }
        _ = try same("link state") { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolLinkState(decoding: m) }
        _ = try same("timestamping") { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolTimestamping(decoding: m) }
        _ = try same("statistics") { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolStatistics(decoding: m) }
        _ = try same("phc vclocks") { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolPHCVirtualClocks(decoding: m) }
        _ = try same("module eeprom") { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolModuleEEPROM(decoding: m) }
        let module = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolModule(decoding: m) }
        if let value = try same("module", module) {
            try roundTrip("module", value, device: value.device, value, encode: { try $0.encode(into: &$1) }, module)
        }
        if let sets = try same("string sets", { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolStringSet.decode(m).sets }) {
            for set in sets { _ = (set[0], set.index(of: "rx-gro")) }
        }
        let features = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolFeatures(decoding: m) }
        if let value = try same("features", features) {
            var normalized = value
            normalized.hardware = unnamed(value.hardware); normalized.wanted = unnamed(value.wanted)
            normalized.active = unnamed(value.active); normalized.noChange = unnamed(value.noChange)
            _ = value.isFixed(0)
            try roundTrip("features", value, device: value.device, normalized, encode: { try $0.encode(into: &$1) }, features)
        }
        let info = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolLinkInfo(decoding: m) }
        if let value = try same("link info", info) {
            try roundTrip("link info", value, device: value.device, value, encode: { try $0.encode(into: &$1) }, info)
        }
        let modes = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolLinkModes(decoding: m) }
        if let value = try same("link modes", modes) {
            var normalized = value
            normalized.ours = unnamed(value.ours); normalized.peer = unnamed(value.peer)
            try roundTrip("link modes", value, device: value.device, normalized, encode: { try $0.encode(into: &$1) }, modes)
        }
        for bitsetType in [EthtoolAttribute.Debug.messageMask, EthtoolAttribute.WakeOnLAN.modes, EthtoolAttribute.PrivateFlags.flags] {
            let flags = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolFlags(decoding: m, bitsetType: bitsetType) }
            if let value = try same("flags \(bitsetType)", flags) {
                var normalized = value
                normalized.flags = unnamed(value.flags)
                try roundTrip("flags \(bitsetType)", value, device: value.device, normalized, encode: { try $0.encode(bitsetType: bitsetType, into: &$1) }, flags)
            }
        }
        let pause = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolPause(decoding: m) }
        if let value = try same("pause", pause) {
            var normalized = value
            normalized.transmittedFrames = nil; normalized.receivedFrames = nil
            try roundTrip("pause", value, device: value.device, normalized, encode: { try $0.encode(into: &$1) }, pause)
        }
        let eee = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolEEE(decoding: m) }
        if let value = try same("eee", eee) {
            var normalized = value
            normalized.ours = unnamed(value.ours); normalized.peer = unnamed(value.peer)
            try roundTrip("eee", value, device: value.device, normalized, encode: { try $0.encode(into: &$1) }, eee)
        }
        let fec = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolFEC(decoding: m) }
        if let value = try same("fec", fec) {
            var normalized = value
            normalized.modes = unnamed(value.modes)
            normalized.correctedBlocks = nil; normalized.uncorrectableBlocks = nil; normalized.correctedBits = nil
            try roundTrip("fec", value, device: value.device, normalized, encode: { try $0.encode(into: &$1) }, fec)
        }
        func parameters<P: EthtoolParameter>(_: P.Type) throws {
            let decode = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try EthtoolParameters<P>(decoding: m) }
            if let value = try same("\(P.self)", decode) {
                try roundTrip("\(P.self)", value, device: value.device, value, encode: { try $0.encode(into: &$1) }, decode)
            }
        }
        try parameters(EthtoolChannel.self)
        try parameters(EthtoolRing.self)
        try parameters(EthtoolCoalesceParameter.self)
    }

    /// `TaskstatsReply`: determinism, error offsets, round trip, every field read; `CgroupStatistics`: determinism.
    static func checkTaskstats(_ message: [UInt8]) throws {
        let decode = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try TaskstatsReply(decoding: m) }
        let first = try Self.decode(message, "taskstats", decode)
        guard first == (try Self.decode(message, "taskstats", decode)) else { throw Failure("taskstats: two decodings differ") }
        let cgroup = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try CgroupStatistics(decoding: m) }
        guard try Self.decode(message, "cgroupstats", cgroup) == (try Self.decode(message, "cgroupstats", cgroup)) else {
            throw Failure("cgroupstats: two decodings differ")
        }
        guard case .success(let reply) = first else { return }
        for statistics in [reply.pid?.statistics, reply.tgid?.statistics].compactMap({ $0 }) {
            _ = (statistics.version, statistics.command, statistics.pid, statistics.tgid, statistics.userTime, statistics.beginTime,
                 statistics.nice, statistics.voluntaryContextSwitches, statistics.field(statistics.raw.count - 1, as: UInt8.self))
        }
        var builder = NetlinkMessageBuilder()
        do {
            try builder.message(type: NetlinkMessageType(0x15), flags: [], sequence: 1) { b in try reply.encode(into: &b) }
        } catch is NetlinkEncodingError {
            return
        }
        guard case .success(let again) = try Self.decode(builder.bytes, "taskstats re-encoded", decode) else {
            throw Failure("taskstats: the encoding of \(reply) does not decode")
        }
        guard again == reply else { throw Failure("taskstats: round trip changed \(reply) into \(again)") }
    }

    /// `IOAM6Namespace`, `IOAM6Schema`: determinism, error offsets, exact round trip.
    static func checkIOAM6(_ message: [UInt8]) throws {
        func roundTrip<M: Hashable>(_ what: String, _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> M, encode: (M, inout NetlinkMessageBuilder) throws -> Void) throws {
            let first = try Self.decode(message, what, decode)
            guard first == (try Self.decode(message, what, decode)) else { throw Failure("\(what): two decodings differ") }
            guard case .success(let value) = first else { return }
            var builder = NetlinkMessageBuilder()
            do {
                try builder.message(type: NetlinkMessageType(0x16), flags: [], sequence: 1) { b in
                    GenericNetlinkHeader(command: IOAM6.dumpNamespaces).encode(into: &b)
                    try encode(value, &b)
                }
            } catch is NetlinkEncodingError {
                return
            }
            guard case .success(let again) = try Self.decode(builder.bytes, "\(what) re-encoded", decode) else {
                throw Failure("\(what): the encoding of \(value) does not decode")
            }
            guard again == value else { throw Failure("\(what): round trip changed \(value) into \(again)") }
        }
        try roundTrip("ioam6 namespace", { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try IOAM6Namespace(decoding: m) }) { try $0.encode(into: &$1) }
        try roundTrip("ioam6 schema", { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) in try IOAM6Schema(decoding: m) }) { try $0.encode(into: &$1) }
    }

    static func encode(_ family: GenericFamily) throws -> [UInt8] {
        var builder = NetlinkMessageBuilder()
        do {
            try builder.message(type: GenericNetlink.controllerID, flags: [], sequence: 1) { b in try family.encode(into: &b) }
        } catch let error as NetlinkEncodingError {
            // Names and lists too large for one attribute are refused by the encoder, not trapped on.
            throw EncodingRefused(error: error)
        }
        return builder.bytes
    }

    /// The encoder refused a decoded value (a nest over 64 KiB): not a failure of a property.
    struct EncodingRefused: Error { var error: NetlinkEncodingError }
}
