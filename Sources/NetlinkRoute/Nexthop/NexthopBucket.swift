import NetlinkCore

/// The attributes nested in `NHA_RES_BUCKET` (`NHA_RES_BUCKET_*` of `<linux/nexthop.h>`).
public enum NexthopBucketAttribute {
    /// `NHA_RES_BUCKET_INDEX` (1): u16, the bucket's index in its group.
    public static let index: UInt16 = 1
    /// `NHA_RES_BUCKET_IDLE_TIME` (2): u64, how long the bucket has been idle, in clock ticks
    /// (`USER_HZ`, hundredths of a second).
    public static let idleTime: UInt16 = 2
    /// `NHA_RES_BUCKET_NH_ID` (3): u32, the nexthop the bucket sends to. In a dump request, a filter.
    public static let nexthopID: UInt16 = 3
}

/// One bucket of a resilient nexthop group (`RTM_NEWNEXTHOPBUCKET`, `ip nexthop bucket`): which
/// member nexthop the bucket's share of flows goes to, and how long it has been idle.
public struct NexthopBucket: Hashable, Sendable {
    /// The group's ID (`NHA_ID`).
    public var groupID: UInt32
    /// The bucket's index (`NHA_RES_BUCKET_INDEX`); `nil` when the message had none.
    public var index: UInt16?
    /// The idle time in clock ticks (`NHA_RES_BUCKET_IDLE_TIME`, hundredths of a second).
    public var idleTime: UInt64?
    /// The member nexthop the bucket uses (`NHA_RES_BUCKET_NH_ID`).
    public var nexthopID: UInt32?
    /// `nh_flags`: `RTNH_F_*` (offload, trap ...).
    public var flags: NexthopFlags
    /// `nh_family`.
    public var family: AddressFamily

    /// Creates a value.
    public init(groupID: UInt32, index: UInt16? = nil, idleTime: UInt64? = nil, nexthopID: UInt32? = nil, flags: NexthopFlags = [], family: AddressFamily = 0) {
        self.groupID = groupID
        self.index = index
        self.idleTime = idleTime
        self.nexthopID = nexthopID
        self.flags = flags
        self.family = family
    }

    /// The idle time in seconds.
    public var idleSeconds: Double? { idleTime.map { Double($0) / 100 } }

    /// Decodes an `RTM_NEWNEXTHOPBUCKET` message. Unknown attributes are skipped.
    /// - Throws: `NetlinkDecodingError` for a short header, a malformed attribute, or a known
    ///   attribute of the wrong size.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try NexthopMessage(decoding: message)
        self.init(groupID: 0, flags: header.flags, family: header.family)
        var attributes = try message.attributes(afterFixedHeader: NexthopMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case NexthopAttribute.id: groupID = try attribute.uint32(.host)
            case NexthopAttribute.resilientBucket:
                var nested = try attribute.nested()
                while let inner = try nested.next() {
                    switch inner.type {
                    case NexthopBucketAttribute.index: index = try inner.uint16(.host)
                    case NexthopBucketAttribute.idleTime: idleTime = try inner.uint64(.host)
                    case NexthopBucketAttribute.nexthopID: nexthopID = try inner.uint32(.host)
                    default: continue
                    }
                }
            default: continue
            }
        }
    }
}

/// What a dump of nexthop buckets keeps (each set field narrows it; the kernel filters).
public struct NexthopBucketFilter: Hashable, Sendable {
    /// Only the buckets of this group (`NHA_ID`).
    public var groupID: UInt32?
    /// Only buckets that use this nexthop (`NHA_RES_BUCKET` { `NHA_RES_BUCKET_NH_ID` }).
    public var nexthopID: UInt32?
    /// Only groups whose buckets use nexthops on this device (`NHA_OIF`).
    public var interfaceIndex: Int32?
    /// Only buckets whose nexthop's device has this master (`NHA_MASTER`).
    public var master: Int32?

    /// Creates a filter; with no arguments, every bucket of every resilient group.
    public init(groupID: UInt32? = nil, nexthopID: UInt32? = nil, interfaceIndex: Int32? = nil, master: Int32? = nil) {
        self.groupID = groupID
        self.nexthopID = nexthopID
        self.interfaceIndex = interfaceIndex
        self.master = master
    }

    /// Writes the filter's attributes after a dump request's header, in iproute2's order.
    public func encode(into builder: inout NetlinkMessageBuilder) throws {
        if let interfaceIndex { try builder.appendAttribute(NexthopAttribute.outputInterface, uint32: UInt32(bitPattern: interfaceIndex), .host) }
        if let master { try builder.appendAttribute(NexthopAttribute.master, uint32: UInt32(bitPattern: master), .host) }
        if let groupID { try builder.appendAttribute(NexthopAttribute.id, uint32: groupID, .host) }
        if let nexthopID {
            try builder.appendNested(NexthopAttribute.resilientBucket) { b in
                try b.appendAttribute(NexthopBucketAttribute.nexthopID, uint32: nexthopID, .host)
            }
        }
    }
}
