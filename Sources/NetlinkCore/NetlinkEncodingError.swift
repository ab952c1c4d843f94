/// A message that cannot be written as asked: a payload too large for its 16-bit length field,
/// an attribute type out of range, an unbalanced message.
///
/// The builder never wraps a length: a value that does not fit is this error, and the bytes written
/// by the failed call are rolled back.
public struct NetlinkEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, open to new values.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// A stable name for the code.
        public var rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// An attribute payload over 65,531 bytes (`nla_len` would exceed 65,535).
        public static let attributePayloadTooLarge = Code(rawValue: "attributePayloadTooLarge")
        /// A nest over 65,535 bytes, header included.
        public static let nestTooLarge = Code(rawValue: "nestTooLarge")
        /// An attribute type above 0x3FFF (the top two bits are flags).
        public static let attributeTypeOutOfRange = Code(rawValue: "attributeTypeOutOfRange")
        /// A message over 4 GiB (`nlmsg_len` is 32 bits).
        public static let messageTooLarge = Code(rawValue: "messageTooLarge")
        /// `beginMessage` while a message is open, or `endMessage` with none open.
        public static let unbalancedMessage = Code(rawValue: "unbalancedMessage")
        /// A value too large for its attribute's width (`size` the value, `limit` the largest).
        public static let valueOutOfRange = Code(rawValue: "valueOutOfRange")

        public var description: String { rawValue }
    }

    /// What was wrong.
    public var code: Code
    /// The attribute type concerned, if any.
    public var attributeType: UInt16?
    /// The size that was asked for.
    public var size: Int?
    /// The largest size allowed.
    public var limit: Int?

    /// Creates an error.
    public init(_ code: Code, attributeType: UInt16? = nil, size: Int? = nil, limit: Int? = nil) {
        self.code = code
        self.attributeType = attributeType
        self.size = size
        self.limit = limit
    }

    /// One line: the code, the attribute and the sizes.
    public var description: String {
        var parts = [code.rawValue]
        if let attributeType { parts.append("attribute \(attributeType)") }
        if let size { parts.append("size \(size)") }
        if let limit { parts.append("limit \(limit)") }
        return parts.joined(separator: ", ")
    }
}
