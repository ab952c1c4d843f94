import NetlinkCore
import NetlinkRoute

/// The properties the rtnetlink fuzz target (`FuzzRoute`) checks, shared by its libFuzzer entry
/// point and by the corpus replay test of the main package (which sees this folder through the
/// symlink `Tests/NetlinkRouteTests/RouteFuzzChecks`, as NetlinkCoreTests sees `FuzzChecks`).
///
/// Each ``Decoder`` takes the raw fuzz input and must never trap, whatever the bytes. For every
/// model the check asserts that:
/// - decoding is deterministic: decoding the same bytes twice gives equal values or equal errors;
/// - a decoding error is a ``NetlinkDecodingError`` (typed throws) whose offset lies in the message;
/// - where the library has an encoder, the round trip holds: decode → encode → decode gives the
///   value the encoder documents (the decoded value itself, or the part of it the encoder writes),
///   and a second encode writes the same bytes;
/// - where it has none (netconf), decoding a canonical re-encoding written here gives the same value.
///
/// A property that does not hold is thrown as ``Failure``; the fuzz entry point turns it into a
/// trap, the replay test into a test failure naming the file. Work per input is bounded: inputs are
/// cut at ``maximumInputSize``.
public enum RouteFuzzChecks {
    /// A property that did not hold.
    public struct Failure: Error, CustomStringConvertible {
        /// Which property, and the values that broke it.
        public var description: String

        init(_ description: String) { self.description = description }
    }

    /// The decoders `FuzzRoute` can fuzz, by the name given to `--decoder=` (or
    /// `FUZZ_ROUTE_DECODER`); each has its corpus folder ``corpusName``.
    public enum Decoder: String, CaseIterable, Sendable {
        /// `Link(decoding:)` (`RTM_NEWLINK`, link-info kind and data included), round trip through
        /// `LinkSettings`. The input is the message payload (`ifinfomsg` and attributes).
        case link
        /// The link-info kinds (`LinkKindDetails`, `LinkPortDetails`) inside a link: the first byte
        /// picks the kind (bridge, macvlan, macvtap, vxlan, tun, veth; port data of a bridge or a
        /// bond), the rest is the `IFLA_INFO_DATA` or `IFLA_INFO_SLAVE_DATA` payload. Round trip
        /// through `LinkSettings.Kind` for VXLAN and macvlan/macvtap.
        case linkinfo
        /// `InterfaceAddress(decoding:)`, round trip through `InterfaceAddressRequest`. The input is
        /// the payload (`ifaddrmsg` and attributes).
        case address
        /// `Route(decoding:)`, round trip through `Route.encode` for adding and for deleting. The
        /// input is the payload (`rtmsg` and attributes).
        case route
        /// `RTA_MULTIPATH` (`RouteNexthop.decodeMultipath`) inside a route: the first byte picks the
        /// family (IPv4 or IPv6), the rest is the attribute's payload, an array of `rtnexthop`.
        case multipath
        /// `Neighbor(decoding:)`, exact round trip through `Neighbor.encode`. The input is the payload.
        case neighbor
        /// `Rule(decoding:)`, exact round trip through `Rule.encode`. The input is the payload.
        case rule
        /// `Nexthop(decoding:)`, exact round trip through `Nexthop.encode`. The input is the payload.
        case nexthop
        /// `Netconf(decoding:)` (no library encoder: a canonical encoding written here). The input is
        /// the payload.
        case netconf
        /// `NamespaceIDAssignment(decoding:)` (`RTM_NEWNSID`; no library encoder: a canonical
        /// encoding written here). The input is the payload (`rtgenmsg` and attributes).
        case nsid
        /// `LinkStatisticsReport(decoding:)` (`RTM_NEWSTATS`; no library encoder: a canonical
        /// encoding written here). The input is the payload (`if_stats_msg` and attributes).
        case stats
        /// `FIBLookupMessage.decode` (`struct fib_result_nl`, NETLINK_FIB_LOOKUP's answer), round trip
        /// of the question through `FIBLookupMessage.encode`. The input is the payload; the family
        /// reads any message type, so the wrapper's is ``fibLookupWrapperType``, one no rtnetlink
        /// decoder takes.
        case fiblookup
        /// A whole datagram (a dump as the kernel sends it): split, and up to 16 of its messages,
        /// spread over it, decoded by the model of their type with the checks above (see
        /// ``RouteFuzzChecks/checkDatagram(_:)``); other types are skipped.
        case datagram

        /// The corpus folder and the name `scripts/fuzz.sh` gives the target: `FuzzRoute-link` ...
        public var corpusName: String { "FuzzRoute-\(rawValue)" }

        /// The type of the message the input is wrapped in (a `NEW` type); for ``datagram``, whose
        /// input is whole messages, `RTM_NEWROUTE`.
        public var messageType: NetlinkMessageType {
            switch self {
            case .link, .linkinfo: RouteMessageType.newLink
            case .address: RouteMessageType.newAddress
            case .route, .multipath, .datagram: RouteMessageType.newRoute
            case .neighbor: RouteMessageType.newNeighbor
            case .rule: RouteMessageType.newRule
            case .nexthop: RouteMessageType.newNexthop
            case .netconf: RouteMessageType.newNetconf
            case .nsid: RouteMessageType.newNamespaceID
            case .stats: LinkStatisticsMessage.newStats
            case .fiblookup: RouteFuzzChecks.fibLookupWrapperType
            }
        }

        /// The one message the checks decode for `input`, or `nil` for ``datagram``, whose input is
        /// whole messages.
        public func message(for input: [UInt8]) -> [UInt8]? {
            switch self {
            case .multipath: RouteFuzzChecks.multipathRoute(input)
            case .linkinfo: RouteFuzzChecks.linkInfoLink(input)
            case .datagram: nil
            default: RouteFuzzChecks.wrap(messageType, input)
            }
        }

        /// Runs this decoder's checks on one input.
        public func check(_ input: RawSpan) throws {
            let bounded = RouteFuzzChecks.copy(input.extracting(first: min(input.byteCount, RouteFuzzChecks.maximumInputSize)))
            if let message = message(for: bounded) {
                try RouteFuzzChecks.checkMessage(message)
            } else {
                try RouteFuzzChecks.checkDatagram(bounded)
            }
        }
    }

    /// Inputs are cut to this many bytes (a datagram above 64 KiB brings no new path, only time).
    public static let maximumInputSize = 65_536

    /// Throws ``Failure`` unless `condition` holds.
    @inline(__always)
    static func require(_ condition: Bool, _ what: @autoclosure () -> String) throws(Failure) {
        if !condition { throw Failure(what()) }
    }

    /// Copies the bytes of a span.
    static func copy(_ span: RawSpan) -> [UInt8] {
        span.withUnsafeBytes { Array($0) }
    }

    /// One whole message of type `type` around `payload`, laid out here (not with the builder, whose
    /// bugs must not shape the inputs): `nlmsg_len` is 16 + the payload, flags 0, sequence 1, port 0.
    static func wrap(_ type: NetlinkMessageType, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(NetlinkMessageHeader.size + payload.count)
        withUnsafeBytes(of: UInt32(NetlinkMessageHeader.size + payload.count)) { bytes.append(contentsOf: $0) }  // nlmsg_len
        withUnsafeBytes(of: type.rawValue) { bytes.append(contentsOf: $0) }  // nlmsg_type
        bytes += [0, 0]  // nlmsg_flags
        withUnsafeBytes(of: UInt32(1)) { bytes.append(contentsOf: $0) }  // nlmsg_seq
        bytes += [0, 0, 0, 0]  // nlmsg_pid
        return bytes + payload
    }

    /// Decodes the one message in `bytes` with `decode` and checks that an error points inside the
    /// message; with `twice` (the fuzz input itself, not the check's own encodings) decodes again
    /// and checks that the two results are equal.
    static func decode<Model: Hashable>(
        _ bytes: [UInt8], _ what: String, twice: Bool = true, _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> Model
    ) throws -> Result<Model, NetlinkDecodingError> {
        func once() throws -> Result<Model, NetlinkDecodingError> {
            try bytes.withUnsafeBytes { raw throws -> Result<Model, NetlinkDecodingError> in
                let message = try NetlinkMessage(raw.bytes)  // the framing is the check's own: it must hold
                do throws(NetlinkDecodingError) {
                    return .success(try decode(message))
                } catch {
                    return .failure(error)
                }
            }
        }
        let first = try once()
        if twice {
            let second = try once()
            try require(first == second, "\(what): decoding the same bytes twice differs: \(first) / \(second)")
        }
        if case .failure(let error) = first, let offset = error.offset {
            try require((0...bytes.count).contains(offset), "\(what): error offset \(offset) outside the \(bytes.count)-byte message: \(error)")
        }
        return first
    }

    /// Writes one message of type `type` with `body`, or `nil` when the encoder refuses for a size
    /// limit and `refusalAllowed` (the decoded value holds text that grew when decoded, so it may no
    /// longer fit). Any other refusal is a ``Failure``.
    static func encode(
        _ type: NetlinkMessageType, _ what: String, refusalAllowed: Bool, _ body: (inout NetlinkMessageBuilder) throws -> Void
    ) throws -> [UInt8]? {
        // A small first capacity: the builder grows as needed, and each 4 KiB allocation of the
        // default costs a 4 KiB fill under AddressSanitizer, five times per message.
        var builder = NetlinkMessageBuilder(capacity: 256)
        let sizeLimits: Set<NetlinkEncodingError.Code> = [.attributePayloadTooLarge, .nestTooLarge, .messageTooLarge]
        let refusal: NetlinkEncodingError
        do {
            try builder.message(type: type, flags: [], sequence: 1) { b in try body(&b) }
            try require(builder.count > 0, "\(what): the encoder wrote nothing")
            return builder.bytes
        } catch let error as NetlinkEncodingError {
            refusal = error
        } catch let error as NetlinkError {
            guard error.code == .encodingFailed, let inner = error.encodingError else {
                throw Failure("\(what): the encoder refused a decoded value: \(error)")
            }
            refusal = inner
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure("\(what): the encoder threw an untyped error: \(error)")
        }
        try require(
            refusalAllowed && sizeLimits.contains(refusal.code),
            "\(what): the encoder refused a decoded value: \(refusal)")
        return nil
    }

    /// The UTF-8 size of text a decoded value holds: decoding repairs invalid UTF-8 (one byte can
    /// become three), so a value with much text may not encode again within 64 KiB.
    static func textGrowthMayOverflow(_ strings: [String?], messageSize: Int) -> Bool {
        let text = strings.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        return text > 0 && messageSize + 2 * text + 64 > Int(UInt16.max)
    }

    /// Checks one whole message with the model of its type; other types are not checked.
    static func checkMessage(_ bytes: [UInt8]) throws {
        guard bytes.count >= NetlinkMessageHeader.size else { return }
        let type = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt16.self) }
        switch type {
        case 16, 17: try checkLink(bytes)
        case 20, 21: try checkAddress(bytes)
        case 24, 25: try checkRoute(bytes)
        case 28, 29: try checkNeighbor(bytes)
        case 32, 33: try checkRule(bytes)
        case 80, 81: try checkNetconf(bytes)
        case 104, 105: try checkNexthop(bytes)
        case 88, 89: try checkNamespaceID(bytes)
        case 92: try checkStatistics(bytes)
        case fibLookupWrapperType.rawValue: try checkFIBLookup(bytes)
        default: return
        }
    }

    /// The message type the ``Decoder/fiblookup`` inputs are wrapped in.
    public static let fibLookupWrapperType = NetlinkMessageType(rawValue: 0x7F10)

    /// `FIBLookupMessage.decode`: deterministic; a payload under 20 bytes refused, 20 or more
    /// decoded; the question it repeats encodes to the same first 11 bytes (the answer's 9 zero).
    static func checkFIBLookup(_ bytes: [UInt8]) throws {
        let decoded = try decode(bytes, "fiblookup") { m throws(NetlinkDecodingError) in try FIBLookupMessage.decode(m) }
        let payload = bytes.count - NetlinkMessageHeader.size
        switch decoded {
        case .failure: try require(payload < FIBLookupMessage.size, "fiblookup: a payload of \(payload) bytes refused")
        case .success(let result):
            try require(payload >= FIBLookupMessage.size, "fiblookup: a payload of \(payload) bytes decoded")
            var builder = NetlinkMessageBuilder()
            FIBLookupMessage.encode(result.request, into: &builder)
            let question = Array(bytes[NetlinkMessageHeader.size..<(NetlinkMessageHeader.size + 11)])
            try require(builder.bytes == question + [UInt8](repeating: 0, count: 9), "fiblookup: the question does not encode back: \(result)")
        }
    }

    /// How many messages of one datagram ``checkDatagram(_:)`` checks in depth.
    ///
    /// The checks of a message depend on its bytes alone, so a message checked at one place of a
    /// datagram is checked at any other; a kernel dump of 12 KiB holds a hundred messages, and
    /// checking all of them made this target ten times slower than the others for no new path.
    static let datagramMessageBudget = 16

    /// Splits a datagram (every message, up to 4,096) and checks the error offset of the splitter
    /// (whose error ends the walk); then checks at most ``datagramMessageBudget`` of the messages
    /// with the model of their type: all of them in a datagram of at most that many, else every
    /// `k`-th one, `k` the smallest step that keeps within the budget, starting at the datagram's
    /// size modulo `k` (so that, from input to input, every place in a dump is checked).
    static func checkDatagram(_ datagram: [UInt8]) throws {
        var messages: [Range<Int>] = []
        var splitError: NetlinkDecodingError?
        datagram.withUnsafeBytes { raw in
            var cursor = NetlinkMessages(raw.bytes)
            do throws(NetlinkDecodingError) {
                while let message = try cursor.next(), messages.count < 4096 {
                    messages.append(message.offset..<(message.offset + message.length))
                }
            } catch {
                splitError = error
            }
        }
        if let splitError, let offset = splitError.offset {
            try require((0...datagram.count).contains(offset), "split error offset \(offset) outside the datagram")
        }
        let step = max(1, (messages.count + datagramMessageBudget - 1) / datagramMessageBudget)
        let first = datagram.count % step
        for index in stride(from: first, to: messages.count, by: step) {
            let range = messages[index]
            try require(range.lowerBound >= 0 && range.upperBound <= datagram.count, "message \(index) at \(range) outside the datagram")
            try checkMessage(Array(datagram[range]))
        }
    }
}
