import NetlinkCore
import NetlinkSockDiag

/// The properties the sock_diag fuzz target (`FuzzSockDiag`) checks, shared by its libFuzzer entry
/// point and by the corpus replay test of the main package (which sees this folder through the
/// symlink `Tests/NetlinkSockDiagTests/SockDiagFuzzChecks`).
///
/// Each ``Decoder`` takes the raw input as the payload of a `SOCK_DIAG_BY_FAMILY` reply and must
/// never trap: decoding is deterministic (equal values or equal errors), and an error's offset lies
/// in the message.
public enum SockDiagFuzzChecks {
    /// A property that did not hold.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Inputs are cut here, so that a run's work is bounded.
    public static let maximumInputSize = 64 << 10

    /// The decoders `FuzzSockDiag` fuzzes, by the name given to `--decoder=` (or `FUZZ_SOCKDIAG_DECODER`).
    public enum Decoder: String, CaseIterable, Sendable {
        /// `InetSocket(decoding:)`: `struct inet_diag_msg` and its attributes.
        case inet
        /// `UnixSocket(decoding:)`: `struct unix_diag_msg` and its attributes.
        case unix
        /// `NetlinkSocketDiag(decoding:)`: `struct netlink_diag_msg` and its attributes.
        case netlink
        /// `PacketSocket(decoding:)`: `struct packet_diag_msg` and its attributes.
        case packet

        /// The corpus folder and the name `scripts/fuzz.sh` gives the target: `FuzzSockDiag-inet`.
        public var corpusName: String { "FuzzSockDiag-\(rawValue)" }

        /// The input wrapped in a netlink message header of type `SOCK_DIAG_BY_FAMILY`.
        public func message(for input: [UInt8]) -> [UInt8] {
            let payload = input.prefix(SockDiagFuzzChecks.maximumInputSize)
            var bytes: [UInt8] = []
            withUnsafeBytes(of: UInt32(NetlinkMessageHeader.size + payload.count).littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: SockDiag.byFamily.rawValue.littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: [2, 0, 1, 0, 0, 0, 0, 0, 0, 0])  // NLM_F_MULTI, sequence 1, port 0
            bytes.append(contentsOf: payload)
            return bytes
        }

        /// Whether the decoder's value decodes from `input` (a kernel capture must, a malformed
        /// seed must not).
        public func decodes(_ input: [UInt8]) -> Bool {
            switch self {
            case .inet: if case .success = SockDiagFuzzChecks.decode(message(for: input), { m throws(NetlinkDecodingError) in try InetSocket(decoding: m) }) { return true }
            case .unix: if case .success = SockDiagFuzzChecks.decode(message(for: input), { m throws(NetlinkDecodingError) in try UnixSocket(decoding: m) }) { return true }
            case .netlink:
                if case .success = SockDiagFuzzChecks.decode(message(for: input), { m throws(NetlinkDecodingError) in try NetlinkSocketDiag(decoding: m) }) { return true }
            case .packet: if case .success = SockDiagFuzzChecks.decode(message(for: input), { m throws(NetlinkDecodingError) in try PacketSocket(decoding: m) }) { return true }
            }
            return false
        }

        /// Runs the checks on one input.
        public func check(_ input: RawSpan) throws {
            var bytes: [UInt8] = []
            for offset in 0..<min(input.byteCount, SockDiagFuzzChecks.maximumInputSize) {
                bytes.append(input.unsafeLoad(fromByteOffset: offset, as: UInt8.self))
            }
            let message = message(for: bytes)
            switch self {
            case .inet:
                try SockDiagFuzzChecks.deterministic(message, "inet") { m throws(NetlinkDecodingError) in try InetSocket(decoding: m) }
                if case .success(let socket) = SockDiagFuzzChecks.decode(message, { m throws(NetlinkDecodingError) in try InetSocket(decoding: m) }) {
                    if let info = socket.tcp {
                        // Every field of a tcp_info of any length: read where present, nil past the end.
                        _ = (info.state, info.windowScales, info.rtt, info.bytesReceived, info.sendWindow, info.field(info.raw.count - 1, as: UInt64.self))
                    }
                    // The same bytes as an MPTCP socket's, the MD5 keys and the ULP nest: a value or nil.
                    _ = (socket.mptcpInfo, socket.md5Keys, socket.upperLayerProtocol)
                    // The summary decodes wherever the whole socket does, to the same fields.
                    guard case .success(let summary) = SockDiagFuzzChecks.decode(message, { m throws(NetlinkDecodingError) in try InetSocketSummary(decoding: m) }),
                          summary == socket.summary else { throw Failure("inet: InetSocketSummary differs from InetSocket.summary") }
                }
                try SockDiagFuzzChecks.deterministic(message, "inet summary") { m throws(NetlinkDecodingError) in try InetSocketSummary(decoding: m) }
            case .unix: try SockDiagFuzzChecks.deterministic(message, "unix") { m throws(NetlinkDecodingError) in try UnixSocket(decoding: m) }
            case .netlink:
                try SockDiagFuzzChecks.deterministic(message, "netlink") { m throws(NetlinkDecodingError) in try NetlinkSocketDiag(decoding: m) }
                if case .success(let socket) = SockDiagFuzzChecks.decode(message, { m throws(NetlinkDecodingError) in try NetlinkSocketDiag(decoding: m) }) {
                    _ = socket.joinedGroups
                }
            case .packet: try SockDiagFuzzChecks.deterministic(message, "packet") { m throws(NetlinkDecodingError) in try PacketSocket(decoding: m) }
            }
        }
    }

    /// Decodes the one message of `bytes` with `decode`: its value or its error.
    static func decode<M>(_ bytes: [UInt8], _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> M) -> Result<M, NetlinkDecodingError> {
        var messages = NetlinkMessages(bytes.span.bytes)
        do throws(NetlinkDecodingError) {
            guard let message = try messages.next() else { return .failure(NetlinkDecodingError(.truncatedMessageHeader)) }
            return .success(try decode(message))
        } catch {
            return .failure(error)
        }
    }

    /// Two decodings agree, and an error's offset lies in the message.
    static func deterministic<M: Hashable>(_ bytes: [UInt8], _ what: String, _ decoder: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> M) throws {
        let first = decode(bytes, decoder)
        guard first == decode(bytes, decoder) else { throw Failure("\(what): two decodings differ") }
        if case .failure(let error) = first, let offset = error.offset, offset < 0 || offset > bytes.count {
            throw Failure("\(what): error offset \(offset) outside the \(bytes.count)-byte message: \(error)")
        }
        if case .success(let value) = first {
            _ = value.hashValue
        }
    }
}
