import NetlinkCore

/// A namespace ID assigned or removed (`RTM_NEWNSID` / `RTM_DELNSID`, `struct rtgenmsg` and
/// `NETNSA_*` attributes).
public struct NamespaceIDAssignment: Hashable, Sendable {
    /// The ID (`NETNSA_NSID`); -1 (`NETNSA_NSID_NOT_ASSIGNED`) when absent.
    public var id: Int32
    /// The process the kernel names for the namespace (`NETNSA_PID`), when given.
    public var processID: UInt32?
    /// `NETNSA_TARGET_NSID`, when given.
    public var targetID: Int32?
    /// `NETNSA_CURRENT_NSID`, in answers to requests made with a target: the ID the connection's
    /// namespace gives the same namespace (-1: none).
    public var currentID: Int32?

    /// Creates an assignment.
    public init(id: Int32, processID: UInt32? = nil, targetID: Int32? = nil) {
        self.id = id
        self.processID = processID
        self.targetID = targetID
    }

    /// Decodes an `RTM_NEWNSID` or `RTM_DELNSID` message.
    /// - Throws: `NetlinkDecodingError` for a short header or a malformed or wrongly sized attribute.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        // struct rtgenmsg { unsigned char rtgen_family; } padded to 4 bytes.
        guard message.payload.byteCount >= 1 else {
            throw NetlinkDecodingError(.truncatedStructure, offset: 16, expected: 1, actual: 0, context: "struct rtgenmsg")
        }
        self.init(id: -1)
        var attributes = try message.attributes(afterFixedHeader: min(4, message.payload.byteCount))
        while let attribute = try attributes.next() {
            switch attribute.type {
            case NamespaceIDAttribute.id: id = try attribute.int32(.host)
            case NamespaceIDAttribute.pid: processID = try attribute.uint32(.host)
            case NamespaceIDAttribute.targetID: targetID = try attribute.int32(.host)
            case NamespaceIDAttribute.currentID: currentID = try attribute.int32(.host)
            default: continue
            }
        }
    }
}
