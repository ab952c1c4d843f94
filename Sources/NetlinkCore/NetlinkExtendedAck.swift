/// The extended-ack TLVs the kernel appends to an `NLMSG_ERROR` or `NLMSG_DONE` when the socket has
/// `NETLINK_EXT_ACK` on (flag `NLM_F_ACK_TLVS`).
///
/// ```text
/// NLMSGERR_ATTR_MSG        (1)  string   a human-readable message
/// NLMSGERR_ATTR_OFFS       (2)  u32      offset of the invalid attribute, from the start of the
///                                        request's nlmsghdr
/// NLMSGERR_ATTR_COOKIE     (3)  binary   arbitrary data of the subsystem
/// NLMSGERR_ATTR_POLICY     (4)  nested   the policy of the rejected attribute (NL_POLICY_TYPE_ATTR_*)
/// NLMSGERR_ATTR_MISS_TYPE  (5)  u32      type of a missing required attribute
/// NLMSGERR_ATTR_MISS_NEST  (6)  u32      offset of the nest where it was missing
/// ```
/// An acknowledgement that succeeded can carry a message too: a warning.
public struct NetlinkExtendedAck: Hashable, Sendable {
    /// The message (`NLMSGERR_ATTR_MSG`).
    public var message: String?
    /// The offset of the offending attribute from the start of the request's `nlmsghdr` (`NLMSGERR_ATTR_OFFS`).
    public var offset: UInt32?
    /// Opaque data of the subsystem (`NLMSGERR_ATTR_COOKIE`).
    public var cookie: [UInt8]?
    /// The policy the rejected attribute failed (`NLMSGERR_ATTR_POLICY`).
    public var policy: NetlinkAttributePolicy?
    /// The type of a missing required attribute (`NLMSGERR_ATTR_MISS_TYPE`).
    public var missingType: UInt32?
    /// The offset of the nest in which an attribute was missing (`NLMSGERR_ATTR_MISS_NEST`).
    public var missingNest: UInt32?

    /// The attribute types of the extended ack (`enum nlmsgerr_attrs`).
    public enum AttributeType {
        /// `NLMSGERR_ATTR_MSG`
        public static let message: UInt16 = 1
        /// `NLMSGERR_ATTR_OFFS`
        public static let offset: UInt16 = 2
        /// `NLMSGERR_ATTR_COOKIE`
        public static let cookie: UInt16 = 3
        /// `NLMSGERR_ATTR_POLICY`
        public static let policy: UInt16 = 4
        /// `NLMSGERR_ATTR_MISS_TYPE`
        public static let missingType: UInt16 = 5
        /// `NLMSGERR_ATTR_MISS_NEST`
        public static let missingNest: UInt16 = 6
    }

    /// Creates an extended ack from its parts.
    public init(
        message: String? = nil, offset: UInt32? = nil, cookie: [UInt8]? = nil,
        policy: NetlinkAttributePolicy? = nil, missingType: UInt32? = nil, missingNest: UInt32? = nil
    ) {
        self.message = message
        self.offset = offset
        self.cookie = cookie
        self.policy = policy
        self.missingType = missingType
        self.missingNest = missingNest
    }

    /// Whether no field is set.
    public var isEmpty: Bool {
        message == nil && offset == nil && cookie == nil && policy == nil && missingType == nil && missingNest == nil
    }

    /// Decodes the TLVs; unknown types are skipped, a malformed known one is an error.
    public init(decoding attributes: consuming NetlinkAttributes) throws(NetlinkDecodingError) {
        self.init()
        while let attribute = try attributes.next() {
            switch attribute.type {
            case AttributeType.message: message = attribute.string()
            case AttributeType.offset: offset = try attribute.uint32(.host)
            case AttributeType.cookie: cookie = attribute.bytes()
            case AttributeType.policy: policy = try NetlinkAttributePolicy(decoding: attribute.nested())
            case AttributeType.missingType: missingType = try attribute.uint32(.host)
            case AttributeType.missingNest: missingNest = try attribute.uint32(.host)
            default: continue
            }
        }
    }

    /// Appends the TLVs, in type order.
    public func encode(into builder: inout NetlinkMessageBuilder) throws {
        if let message { try builder.appendAttribute(AttributeType.message, string: message) }
        if let offset { try builder.appendAttribute(AttributeType.offset, uint32: offset, .host) }
        if let cookie { try builder.appendAttribute(AttributeType.cookie, bytes: cookie) }
        if let policy {
            try builder.appendNested(AttributeType.policy) { b in try policy.encode(into: &b) }
        }
        if let missingType { try builder.appendAttribute(AttributeType.missingType, uint32: missingType, .host) }
        if let missingNest { try builder.appendAttribute(AttributeType.missingNest, uint32: missingNest, .host) }
    }
}

/// The policy of an attribute, as the kernel describes it in an extended ack
/// (`NLMSGERR_ATTR_POLICY`) or in a policy dump (`NL_POLICY_TYPE_ATTR_*`).
public struct NetlinkAttributePolicy: Hashable, Sendable {
    /// The attribute's type of data (`NL_POLICY_TYPE_ATTR_TYPE`, an `NL_ATTR_TYPE_*` value).
    public var type: UInt32?
    /// The smallest signed value allowed (`NL_POLICY_TYPE_ATTR_MIN_VALUE_S`).
    public var minimumSigned: Int64?
    /// The largest signed value allowed (`NL_POLICY_TYPE_ATTR_MAX_VALUE_S`).
    public var maximumSigned: Int64?
    /// The smallest unsigned value allowed (`NL_POLICY_TYPE_ATTR_MIN_VALUE_U`).
    public var minimumUnsigned: UInt64?
    /// The largest unsigned value allowed (`NL_POLICY_TYPE_ATTR_MAX_VALUE_U`).
    public var maximumUnsigned: UInt64?
    /// The smallest length allowed (`NL_POLICY_TYPE_ATTR_MIN_LENGTH`).
    public var minimumLength: UInt32?
    /// The largest length allowed (`NL_POLICY_TYPE_ATTR_MAX_LENGTH`).
    public var maximumLength: UInt32?
    /// The index of the nested policy (`NL_POLICY_TYPE_ATTR_POLICY_IDX`).
    public var policyIndex: UInt32?
    /// The highest attribute type of the nested policy (`NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE`).
    public var policyMaximumType: UInt32?
    /// The valid bits of a bitfield32 (`NL_POLICY_TYPE_ATTR_BITFIELD32_MASK`).
    public var bitfield32Mask: UInt32?
    /// The valid bits of an unsigned integer (`NL_POLICY_TYPE_ATTR_MASK`).
    public var mask: UInt64?

    /// The attribute types of a policy description (`enum netlink_policy_type_attr`).
    public enum AttributeType {
        /// `NL_POLICY_TYPE_ATTR_TYPE`
        public static let type: UInt16 = 1
        /// `NL_POLICY_TYPE_ATTR_MIN_VALUE_S`
        public static let minimumSigned: UInt16 = 2
        /// `NL_POLICY_TYPE_ATTR_MAX_VALUE_S`
        public static let maximumSigned: UInt16 = 3
        /// `NL_POLICY_TYPE_ATTR_MIN_VALUE_U`
        public static let minimumUnsigned: UInt16 = 4
        /// `NL_POLICY_TYPE_ATTR_MAX_VALUE_U`
        public static let maximumUnsigned: UInt16 = 5
        /// `NL_POLICY_TYPE_ATTR_MIN_LENGTH`
        public static let minimumLength: UInt16 = 6
        /// `NL_POLICY_TYPE_ATTR_MAX_LENGTH`
        public static let maximumLength: UInt16 = 7
        /// `NL_POLICY_TYPE_ATTR_POLICY_IDX`
        public static let policyIndex: UInt16 = 8
        /// `NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE`
        public static let policyMaximumType: UInt16 = 9
        /// `NL_POLICY_TYPE_ATTR_BITFIELD32_MASK`
        public static let bitfield32Mask: UInt16 = 10
        /// `NL_POLICY_TYPE_ATTR_PAD`
        public static let pad: UInt16 = 11
        /// `NL_POLICY_TYPE_ATTR_MASK`
        public static let mask: UInt16 = 12
    }

    /// Creates an empty policy description.
    public init() {}

    /// Decodes a policy description; unknown types are skipped.
    public init(decoding attributes: consuming NetlinkAttributes) throws(NetlinkDecodingError) {
        self.init()
        while let a = try attributes.next() {
            switch a.type {
            case AttributeType.type: type = try a.uint32(.host)
            case AttributeType.minimumSigned: minimumSigned = try a.int64(.host)
            case AttributeType.maximumSigned: maximumSigned = try a.int64(.host)
            case AttributeType.minimumUnsigned: minimumUnsigned = try a.uint64(.host)
            case AttributeType.maximumUnsigned: maximumUnsigned = try a.uint64(.host)
            case AttributeType.minimumLength: minimumLength = try a.uint32(.host)
            case AttributeType.maximumLength: maximumLength = try a.uint32(.host)
            case AttributeType.policyIndex: policyIndex = try a.uint32(.host)
            case AttributeType.policyMaximumType: policyMaximumType = try a.uint32(.host)
            case AttributeType.bitfield32Mask: bitfield32Mask = try a.uint32(.host)
            case AttributeType.mask: mask = try a.uint64(.host)
            default: continue
            }
        }
    }

    /// Appends the policy attributes, in type order.
    public func encode(into b: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        if let type { try b.appendAttribute(AttributeType.type, uint32: type, .host) }
        if let minimumSigned { try b.appendAttribute(AttributeType.minimumSigned, int64: minimumSigned, .host) }
        if let maximumSigned { try b.appendAttribute(AttributeType.maximumSigned, int64: maximumSigned, .host) }
        if let minimumUnsigned { try b.appendAttribute(AttributeType.minimumUnsigned, uint64: minimumUnsigned, .host) }
        if let maximumUnsigned { try b.appendAttribute(AttributeType.maximumUnsigned, uint64: maximumUnsigned, .host) }
        if let minimumLength { try b.appendAttribute(AttributeType.minimumLength, uint32: minimumLength, .host) }
        if let maximumLength { try b.appendAttribute(AttributeType.maximumLength, uint32: maximumLength, .host) }
        if let policyIndex { try b.appendAttribute(AttributeType.policyIndex, uint32: policyIndex, .host) }
        if let policyMaximumType { try b.appendAttribute(AttributeType.policyMaximumType, uint32: policyMaximumType, .host) }
        if let bitfield32Mask { try b.appendAttribute(AttributeType.bitfield32Mask, uint32: bitfield32Mask, .host) }
        if let mask { try b.appendAttribute(AttributeType.mask, uint64: mask, .host) }
    }
}
