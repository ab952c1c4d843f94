/// Bytes that do not form what they claim to: a length that does not fit, a truncated structure,
/// an attribute of the wrong size.
///
/// Every decoder in this package is total: any input gives a value or this error, never a trap.
public struct NetlinkDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, open to new values.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// A stable name for the code.
        public var rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Fewer than 16 bytes where a message header was expected.
        public static let truncatedMessageHeader = Code(rawValue: "truncatedMessageHeader")
        /// `nlmsg_len` is smaller than the 16-byte header.
        public static let messageLengthTooSmall = Code(rawValue: "messageLengthTooSmall")
        /// `nlmsg_len` runs past the end of the datagram.
        public static let messageLengthExceedsData = Code(rawValue: "messageLengthExceedsData")
        /// Fewer than 4 bytes where an attribute header was expected.
        public static let truncatedAttributeHeader = Code(rawValue: "truncatedAttributeHeader")
        /// `nla_len` is smaller than the 4-byte attribute header (0–3).
        public static let attributeLengthTooSmall = Code(rawValue: "attributeLengthTooSmall")
        /// `nla_len` runs past the end of the enclosing bytes.
        public static let attributeLengthExceedsData = Code(rawValue: "attributeLengthExceedsData")
        /// An attribute's payload does not have the size its type needs.
        public static let attributeSizeMismatch = Code(rawValue: "attributeSizeMismatch")
        /// A string attribute lacks its terminating NUL.
        public static let missingNulTerminator = Code(rawValue: "missingNulTerminator")
        /// A fixed structure (a family header, `struct nlmsgerr`, ...) is cut short.
        public static let truncatedStructure = Code(rawValue: "truncatedStructure")
        /// The message is not of the type the decoder handles.
        public static let unexpectedMessageType = Code(rawValue: "unexpectedMessageType")
        /// Attributes nest deeper than the decoder allows.
        public static let nestingTooDeep = Code(rawValue: "nestingTooDeep")
        /// A value is outside the range its field allows.
        public static let invalidValue = Code(rawValue: "invalidValue")

        public var description: String { rawValue }
    }

    /// What was wrong.
    public var code: Code
    /// The byte offset of the problem, from the start of the bytes given to the decoder.
    public var offset: Int?
    /// The attribute type concerned, when an attribute was wrong.
    public var attributeType: UInt16?
    /// The size that was needed.
    public var expected: Int?
    /// The size that was found.
    public var actual: Int?
    /// What was being decoded, for the reader ("struct nlmsgerr", "IFLA_MTU").
    public var context: String?

    /// Creates an error.
    public init(
        _ code: Code, offset: Int? = nil, attributeType: UInt16? = nil,
        expected: Int? = nil, actual: Int? = nil, context: String? = nil
    ) {
        self.code = code
        self.offset = offset
        self.attributeType = attributeType
        self.expected = expected
        self.actual = actual
        self.context = context
    }

    /// One line: the code, then what is known (`attributeSizeMismatch: attribute 4 (IFLA_MTU), expected 4 bytes, got 2`).
    public var description: String {
        var parts = [code.rawValue]
        if let context { parts.append(context) }
        if let attributeType { parts.append("attribute \(attributeType)") }
        if let offset { parts.append("at offset \(offset)") }
        if let expected { parts.append("expected \(expected)") }
        if let actual { parts.append("got \(actual)") }
        return parts.joined(separator: ", ")
    }
}
