/// The flags of a netlink message (`nlmsg_flags`).
///
/// The low byte means the same in every message. The bits 0x100–0x800 mean different things by
/// the kind of request: 0x100 is `NLM_F_ROOT` on a GET, `NLM_F_REPLACE` on a NEW, `NLM_F_NONREC` on
/// a DEL and `NLM_F_CAPPED` on an acknowledgement. ``description(for:)`` prints them by kind.
public struct NetlinkMessageFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit value on the wire.
    public var rawValue: UInt16

    /// Creates a set of flags from its value.
    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    // MARK: Standard flags, the same for every message

    /// The message is a request. The corresponding C constant is `NLM_F_REQUEST` (0x01).
    public static let request = NetlinkMessageFlags(rawValue: 0x01)
    /// The message is part of a multipart reply, terminated by `NLMSG_DONE`.
    /// The corresponding C constant is `NLM_F_MULTI` (0x02).
    public static let multipart = NetlinkMessageFlags(rawValue: 0x02)
    /// Reply with an acknowledgement, with zero or an error code.
    /// The corresponding C constant is `NLM_F_ACK` (0x04).
    public static let acknowledge = NetlinkMessageFlags(rawValue: 0x04)
    /// Receive the notifications the request causes. The corresponding C constant is `NLM_F_ECHO` (0x08).
    public static let echo = NetlinkMessageFlags(rawValue: 0x08)
    /// The dump was inconsistent because the table changed while it ran.
    /// The corresponding C constant is `NLM_F_DUMP_INTR` (0x10).
    public static let dumpInterrupted = NetlinkMessageFlags(rawValue: 0x10)
    /// The dump was filtered by the kernel as requested.
    /// The corresponding C constant is `NLM_F_DUMP_FILTERED` (0x20).
    public static let dumpFiltered = NetlinkMessageFlags(rawValue: 0x20)

    // MARK: Modifiers of a GET request

    /// Return the whole table. The corresponding C constant is `NLM_F_ROOT` (0x100).
    public static let root = NetlinkMessageFlags(rawValue: 0x100)
    /// Return all entries that match. The corresponding C constant is `NLM_F_MATCH` (0x200).
    public static let match = NetlinkMessageFlags(rawValue: 0x200)
    /// Return an atomic snapshot of the table. The corresponding C constant is `NLM_F_ATOMIC` (0x400).
    public static let atomic = NetlinkMessageFlags(rawValue: 0x400)
    /// A dump: ``root`` and ``match``. The corresponding C constant is `NLM_F_DUMP` (0x300).
    public static let dump: NetlinkMessageFlags = [.root, .match]

    // MARK: Modifiers of a NEW request

    /// Replace an existing object. The corresponding C constant is `NLM_F_REPLACE` (0x100).
    public static let replace = NetlinkMessageFlags(rawValue: 0x100)
    /// Do not touch the object if it exists. The corresponding C constant is `NLM_F_EXCL` (0x200).
    public static let exclusive = NetlinkMessageFlags(rawValue: 0x200)
    /// Create the object if it does not exist. The corresponding C constant is `NLM_F_CREATE` (0x400).
    public static let create = NetlinkMessageFlags(rawValue: 0x400)
    /// Add to the end of the list. The corresponding C constant is `NLM_F_APPEND` (0x800).
    public static let append = NetlinkMessageFlags(rawValue: 0x800)

    // MARK: Modifiers of a DELETE request

    /// Do not delete recursively. The corresponding C constant is `NLM_F_NONREC` (0x100).
    public static let nonRecursive = NetlinkMessageFlags(rawValue: 0x100)
    /// Delete multiple objects. The corresponding C constant is `NLM_F_BULK` (0x200).
    public static let bulk = NetlinkMessageFlags(rawValue: 0x200)

    // MARK: Flags of an acknowledgement (NLMSG_ERROR)

    /// The request was capped: the acknowledgement does not echo its payload.
    /// The corresponding C constant is `NLM_F_CAPPED` (0x100).
    public static let capped = NetlinkMessageFlags(rawValue: 0x100)
    /// Extended-ack TLVs follow the acknowledgement (or the error code of `NLMSG_DONE`).
    /// The corresponding C constant is `NLM_F_ACK_TLVS` (0x200).
    public static let acknowledgementTLVs = NetlinkMessageFlags(rawValue: 0x200)

    /// The flags by their names for messages of the given kind, joined by `|`, with unknown bits in hex.
    ///
    /// For example `[.request, .acknowledge, .exclusive, .create]` prints as
    /// `REQUEST|ACK|EXCL|CREATE` for ``NetlinkRequestKind/new`` and as `REQUEST|ACK|MATCH|ATOMIC`
    /// for ``NetlinkRequestKind/get``.
    public func description(for kind: NetlinkRequestKind) -> String {
        var names: [String] = []
        var rest = rawValue
        func take(_ bit: UInt16, _ name: String) {
            if rest & bit != 0 {
                names.append(name)
                rest &= ~bit
            }
        }
        take(0x01, "REQUEST")
        take(0x02, "MULTI")
        take(0x04, "ACK")
        take(0x08, "ECHO")
        take(0x10, "DUMP_INTR")
        take(0x20, "DUMP_FILTERED")
        switch kind {
        case .get:
            take(0x100, "ROOT")
            take(0x200, "MATCH")
            take(0x400, "ATOMIC")
        case .new:
            take(0x100, "REPLACE")
            take(0x200, "EXCL")
            take(0x400, "CREATE")
            take(0x800, "APPEND")
        case .delete:
            take(0x100, "NONREC")
            take(0x200, "BULK")
        case .acknowledgement:
            take(0x100, "CAPPED")
            take(0x200, "ACK_TLVS")
        case .other:
            break
        }
        if rest != 0 {
            names.append("0x" + String(rest, radix: 16))
        }
        return names.isEmpty ? "0" : names.joined(separator: "|")
    }

    /// The flags whose meaning does not depend on the kind of message, by name; other bits in hex.
    public var description: String { description(for: .other) }
}

/// The kind of a netlink message, which decides what the flags 0x100–0x800 mean.
public enum NetlinkRequestKind: Hashable, Sendable {
    /// A GET request: ROOT, MATCH, ATOMIC.
    case get
    /// A NEW request: REPLACE, EXCL, CREATE, APPEND.
    case new
    /// A DEL request: NONREC, BULK.
    case delete
    /// An `NLMSG_ERROR` message, acknowledgement or error: CAPPED, ACK_TLVS.
    /// `NLMSG_DONE` carries ACK_TLVS the same way.
    case acknowledgement
    /// Any other message: the bits 0x100–0x800 are printed in hex.
    case other
}
