import SystemPackage

/// The one error of netlink operations: a failed system call, an error reply of the kernel, a
/// failed dump, a lost reply, a deadline — kept apart by ``code``.
///
/// A kernel error reply carries the errno, the extended-ack message and offset, the attribute of
/// the request the offset points at, and the sequence number of the request. It describes itself
/// the way iproute2 does:
///
/// - with an extended-ack message: `Error: Attribute failed policy validation.`
/// - without: `RTNETLINK answers: No such device`
/// - a failed system call: `socket: Protocol not supported`
public struct NetlinkError: Error, Sendable, CustomStringConvertible {
    /// The stored values, in one box: an error (and every `Result` or typed `throws` carrying
    /// one) is a reference wide, not the hundreds of bytes of its fields.
    struct Fields: Sendable {
        var code: Code
        var errno: Errno? = nil
        var systemCall: String? = nil
        var extendedAck: NetlinkExtendedAck? = nil
        var attributePath: NetlinkAttributePath? = nil
        var sequence: UInt32? = nil
        var decodingError: NetlinkDecodingError? = nil
        var encodingError: NetlinkEncodingError? = nil
        var detail: String? = nil
        var request: String? = nil
        var attributeName: String? = nil
    }

    /// The box of ``Fields``, copied on write.
    final class Storage: @unchecked Sendable {
        // Mutated only through `fields` below, after `isKnownUniquelyReferenced`: never shared while written.
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// The fields for writing: the box is copied first when another error shares it.
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    /// What kind of failure this is, open to new values.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// A stable name for the code.
        public var rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A system call failed (``NetlinkError/systemCall`` names it, ``NetlinkError/errno`` says why).
        public static let systemCallFailed = Code(rawValue: "systemCallFailed")
        /// The kernel (or a peer) answered the request with `NLMSG_ERROR` and a non-zero error.
        public static let kernelError = Code(rawValue: "kernelError")
        /// A dump ended in `NLMSG_DONE` carrying an error.
        public static let dumpFailed = Code(rawValue: "dumpFailed")
        /// A dump was flagged `NLM_F_DUMP_INTR` (inconsistent) and could not be completed within
        /// the retry policy.
        public static let dumpInterrupted = Code(rawValue: "dumpInterrupted")
        /// The socket overran (`ENOBUFS`) while the request was in flight: its reply may have been
        /// dropped, and whether the change happened is unknown.
        public static let replyLost = Code(rawValue: "replyLost")
        /// No reply came before the request's deadline.
        public static let timedOut = Code(rawValue: "timedOut")
        /// A datagram was larger than the buffer and was cut (`MSG_TRUNC`).
        public static let truncated = Code(rawValue: "truncated")
        /// A reply could not be decoded (see ``NetlinkError/decodingError``).
        public static let malformedReply = Code(rawValue: "malformedReply")
        /// A request could not be encoded (see ``NetlinkError/encodingError``).
        public static let encodingFailed = Code(rawValue: "encodingFailed")
        /// A named network namespace could not be created, opened, deleted or identified:
        /// ``NetlinkError/detail`` says which step, naming the namespace (in iproute2's words),
        /// ``NetlinkError/errno`` why, ``NetlinkError/systemCall`` the call that failed.
        public static let namespaceFailed = Code(rawValue: "namespaceFailed")
        /// The connection was closed.
        public static let closed = Code(rawValue: "closed")
        /// The operation was cancelled.
        public static let cancelled = Code(rawValue: "cancelled")

        public var description: String { rawValue }
    }

    /// What kind of failure this is.
    public var code: Code {
        get { storage.fields.code }
        set { fields.code = newValue }
    }
    /// The error number: of the system call, or the kernel's error code made positive.
    public var errno: Errno? {
        get { storage.fields.errno }
        set { fields.errno = newValue }
    }
    /// The failed system call (`socket`, `bind`, `recvmsg`), for ``Code/systemCallFailed``.
    public var systemCall: String? {
        get { storage.fields.systemCall }
        set { fields.systemCall = newValue }
    }
    /// The extended ack of the kernel's reply: message, offset, cookie, policy, missing attribute.
    public var extendedAck: NetlinkExtendedAck? {
        get { storage.fields.extendedAck }
        set { fields.extendedAck = newValue }
    }
    /// The attribute of our request the extended-ack offset points at, when it could be resolved.
    public var attributePath: NetlinkAttributePath? {
        get { storage.fields.attributePath }
        set { fields.attributePath = newValue }
    }
    /// The sequence number of the request.
    public var sequence: UInt32? {
        get { storage.fields.sequence }
        set { fields.sequence = newValue }
    }
    /// The decoding error behind ``Code/malformedReply``.
    public var decodingError: NetlinkDecodingError? {
        get { storage.fields.decodingError }
        set { fields.decodingError = newValue }
    }
    /// The encoding error behind ``Code/encodingFailed``.
    public var encodingError: NetlinkEncodingError? {
        get { storage.fields.encodingError }
        set { fields.encodingError = newValue }
    }
    /// More words about the failure, for the reader.
    public var detail: String? {
        get { storage.fields.detail }
        set { fields.detail = newValue }
    }

    /// Creates an error.
    public init(
        _ code: Code, errno: Errno? = nil, systemCall: String? = nil, extendedAck: NetlinkExtendedAck? = nil,
        attributePath: NetlinkAttributePath? = nil, sequence: UInt32? = nil,
        decodingError: NetlinkDecodingError? = nil, encodingError: NetlinkEncodingError? = nil, request: String? = nil,
        detail: String? = nil
    ) {
        storage = Storage(Fields(
            code: code, errno: errno, systemCall: systemCall, extendedAck: extendedAck, attributePath: attributePath,
            sequence: sequence, decodingError: decodingError, encodingError: encodingError, detail: detail,
            request: request))
    }

    /// A failed system call.
    public static func systemCall(_ name: String, _ errno: Errno) -> NetlinkError {
        NetlinkError(.systemCallFailed, errno: errno, systemCall: name)
    }

    /// The error for an `NLMSG_ERROR` reply with a non-zero code, or `nil` for an acknowledgement.
    ///
    /// - Parameters:
    ///   - reply: The decoded reply.
    ///   - request: The bytes of the request, to resolve the extended-ack offset to an attribute.
    ///   - fixedHeaderSize: The size of the request's family header (16 for `ifinfomsg`).
    public static func kernelReply(
        _ reply: NetlinkErrorMessage, request: [UInt8]? = nil, fixedHeaderSize: Int = 0
    ) -> NetlinkError? {
        guard reply.error != 0 else { return nil }
        var error = NetlinkError(
            .kernelError, errno: Errno(rawValue: reply.error == Int32.min ? Int32.max : -reply.error),
            extendedAck: reply.extendedAck, sequence: reply.requestHeader.sequence)
        if let offset = reply.extendedAck?.offset, let request {
            error.attributePath = NetlinkAttributePath.resolve(
                offset: Int(offset), inRequest: request.span.bytes, fixedHeaderSize: fixedHeaderSize)
        }
        return error
    }

    /// The error for a dump that ended in `NLMSG_DONE` with a non-zero code, or `nil` when it succeeded.
    public static func dumpDone(_ done: NetlinkDoneMessage, sequence: UInt32? = nil) -> NetlinkError? {
        guard done.error != 0 else { return nil }
        return NetlinkError(
            .dumpFailed, errno: Errno(rawValue: done.error == Int32.min ? Int32.max : -done.error),
            extendedAck: done.extendedAck, sequence: sequence)
    }

    /// The extended-ack message, if the kernel gave one.
    public var message: String? {
        guard let text = extendedAck?.message, !text.isEmpty else { return nil }
        return text
    }

    /// What was asked, when the operation that failed says so (`add route 10.1.0.0/16 via
    /// 10.77.0.254`): the typed operations of the family modules set it.
    public var request: String? {
        get { storage.fields.request }
        set { fields.request = newValue }
    }
    /// The name of the attribute the extended-ack offset points at (`RTA_GATEWAY`,
    /// `IFLA_LINKINFO > IFLA_INFO_KIND`), when the family knows its names.
    public var attributeName: String? {
        get { storage.fields.attributeName }
        set { fields.attributeName = newValue }
    }

    /// Whether the library made this error itself (a lost reply, a deadline, a closed connection,
    /// a cancellation, a malformed or truncated reply, a request it could not encode) rather than
    /// the kernel or a system call answering.
    public var isLibraryError: Bool {
        switch code {
        case .kernelError, .dumpFailed, .systemCallFailed, .namespaceFailed: false
        default: true
        }
    }

    /// The error in one line, saying what was asked when that is known:
    ///
    /// - a kernel error of a typed operation: `add route 10.1.0.0/16 via 10.77.0.254: File exists`,
    ///   or with an extended-ack message and the attribute it points at: `add link x:
    ///   Attribute failed policy validation (IFLA_IFNAME)`;
    /// - otherwise what iproute2 prints (``iproute2Description``);
    /// - errors the library makes itself start with `netlink:` and never read like a kernel's
    ///   answer (`netlink: no reply before the deadline (sequence 7)`).
    public var description: String {
        guard let request, !isLibraryError else { return iproute2Description }
        var reason = message.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
            ?? (code == .systemCallFailed ? (systemCall ?? "system call") + ": " : "") + (errno?.description ?? "Unknown error")
        if let attributeName { reason += " (\(attributeName))" }
        return request + ": " + reason
    }

    /// The text iproute2 prints for this error.
    ///
    /// `Error: <message>.` when the kernel sent an extended-ack message (a period added when it has
    /// none), `RTNETLINK answers: <strerror>` for a kernel error without one, and `<call>: <strerror>`
    /// for a failed system call. The errors the library makes itself say what happened in one line
    /// starting with `netlink:` (iproute2 has no such errors); with ``request`` known, it leads.
    public var iproute2Description: String {
        if !isLibraryError, let message {
            return "Error: " + message + (message.hasSuffix(".") ? "" : ".")
        }
        let asked = request.map { " (" + $0 + ")" } ?? ""
        switch code {
        case .kernelError, .dumpFailed:
            return "RTNETLINK answers: " + (errno?.description ?? "Unknown error")
        case .systemCallFailed:
            return (systemCall ?? "system call") + ": " + (errno?.description ?? "Unknown error")
        case .namespaceFailed:
            return (detail ?? systemCall ?? "network namespace") + ": " + (errno?.description ?? "Unknown error")
        case .replyLost:
            return "netlink: reply lost (receive buffer overrun); the outcome of the request is unknown" + asked + "."
        case .timedOut:
            return "netlink: no reply before the deadline" + (sequence.map { " (sequence \($0))" } ?? "") + asked + "."
        case .dumpInterrupted:
            return "netlink: dump interrupted: the table changed while it was read" + (detail.map { " (\($0))" } ?? "") + "."
        case .truncated:
            return "netlink: datagram truncated" + (detail.map { " (\($0))" } ?? "") + "."
        case .malformedReply:
            return "netlink: malformed reply" + (decodingError.map { ": \($0)" } ?? detail.map { ": \($0)" } ?? "") + asked + "."
        case .encodingFailed:
            return "netlink: cannot encode " + (request ?? "the request") + (encodingError.map { ": \($0)" } ?? detail.map { ": \($0)" } ?? "") + "."
        case .closed:
            return "netlink: the connection is closed" + asked + "."
        case .cancelled:
            return "netlink: cancelled" + asked + "."
        default:
            let base = "netlink: " + code.rawValue
            if let errno { return base + ": " + errno.description + asked }
            return base + (detail.map { ": \($0)" } ?? "") + asked
        }
    }
}
