import NetlinkCore

/// A nexthop object (`ip nexthop`): a gateway and device, a blackhole, or a group of other nexthops,
/// which routes name by ID (`RTA_NH_ID`).
///
/// Deleting a nexthop silently deletes every route that uses it: no `RTM_DELROUTE` is sent.
public struct Nexthop: Hashable, Sendable {
    /// `NHA_ID`: the ID (0 in a request: the kernel picks one).
    public var id: UInt32
    /// `nh_family`: `AF_INET` (2), `AF_INET6` (10); `AF_UNSPEC` (0) for groups.
    public var family: AddressFamily
    /// `nh_scope`: the scope the kernel computed (`RT_SCOPE_*`); not sent in requests.
    public var scope: UInt8
    /// `nh_protocol`: who installed it (`RTPROT_*`).
    public var `protocol`: UInt8
    /// `nh_flags`: ``NexthopFlags/onlink`` in a request; the kernel adds ``NexthopFlags/dead``,
    /// ``NexthopFlags/linkDown`` ...
    public var flags: NexthopFlags
    /// `NHA_GATEWAY`: the gateway.
    public var gateway: IPAddress?
    /// `NHA_OIF`: the device.
    public var interfaceIndex: Int32?
    /// `NHA_BLACKHOLE`: the nexthop drops packets.
    public var isBlackhole: Bool
    /// `NHA_GROUP`: the members of a group, with their weights; empty for a single nexthop.
    public var group: [NexthopGroupMember]
    /// `NHA_GROUP_TYPE`: the kind of group.
    public var groupType: NexthopGroupType?
    /// `NHA_RES_GROUP`: the parameters of a resilient group (``NexthopGroupType/resilient``); the
    /// kernel needs at least ``NexthopResilientParameters/buckets`` to create one.
    public var resilient: NexthopResilientParameters?
    /// `NHA_FDB`: the nexthop belongs to a bridge FDB.
    public var isFDB: Bool
    /// `NHA_ENCAP_TYPE`: the lightweight-tunnel encapsulation type.
    public var encapsulationType: UInt16?
    /// `NHA_ENCAP`: the encapsulation data, as sent (nested attributes of the encapsulation type).
    public var encapsulation: [UInt8]?
    /// `NHA_HW_STATS_ENABLE` (newer than the 6.1 headers): whether hardware statistics are on.
    public var hardwareStatisticsEnabled: UInt32?
    /// `NHA_HW_STATS_USED` (newer than the 6.1 headers, reply only): whether hardware statistics are in use.
    public var hardwareStatisticsUsed: UInt32?

    /// Creates a single nexthop: a gateway, a device, or both (`ip nexthop add id ID via GW dev DEV`).
    /// - Parameters:
    ///   - id: The nexthop object's ID (`NHA_ID`).
    ///   - gateway: The gateway (`NHA_GATEWAY`).
    ///   - interfaceIndex: The device (`NHA_OIF`).
    ///   - family: By default the gateway's family, or `AF_INET` without a gateway.
    ///   - flags: `RTNH_F_*` (only ``NexthopFlags/onlink`` is accepted in requests).
    public init(id: UInt32, gateway: IPAddress? = nil, interfaceIndex: Int32? = nil, family: AddressFamily? = nil, flags: NexthopFlags = []) {
        self.id = id
        self.family = family ?? gateway?.family ?? 2
        self.scope = 0
        self.protocol = 0
        self.flags = flags
        self.gateway = gateway
        self.interfaceIndex = interfaceIndex
        self.isBlackhole = false
        self.group = []
        self.isFDB = false
    }

    /// A blackhole nexthop (`ip nexthop add id ID blackhole`).
    public static func blackhole(id: UInt32, family: AddressFamily = 2) -> Nexthop {
        var nexthop = Nexthop(id: id, family: family)
        nexthop.isBlackhole = true
        return nexthop
    }

    /// A group (`ip nexthop add id ID group A,WA/B,WB`): family `AF_UNSPEC`.
    public static func group(id: UInt32, members: [NexthopGroupMember], type: NexthopGroupType? = nil) -> Nexthop {
        var nexthop = Nexthop(id: id, family: 0)
        nexthop.group = members
        nexthop.groupType = type
        return nexthop
    }

    /// A resilient group (`ip nexthop add id ID group A/B type resilient buckets N [idle_timer S]
    /// [unbalanced_timer S]`): `buckets` buckets shared by the members by weight; the timers in
    /// clock ticks (100 a second).
    public static func resilientGroup(
        id: UInt32, members: [NexthopGroupMember], buckets: UInt16, idleTimer: UInt32? = nil, unbalancedTimer: UInt32? = nil
    ) -> Nexthop {
        var nexthop = group(id: id, members: members, type: .resilient)
        nexthop.resilient = NexthopResilientParameters(buckets: buckets, idleTimer: idleTimer, unbalancedTimer: unbalancedTimer)
        return nexthop
    }

    /// Whether this is a group.
    public var isGroup: Bool { !group.isEmpty }

    /// Decodes an `RTM_NEWNEXTHOP` (or `RTM_DELNEXTHOP`) message. Unknown attributes are skipped,
    /// as are `NHA_RES_BUCKET` (see ``NexthopBucket``) and `NHA_GROUP_STATS`.
    /// - Throws: `NetlinkDecodingError` for a short header, a malformed attribute, a known
    ///   attribute of the wrong size, or an `NHA_GROUP` whose size is not a multiple of 8.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try NexthopMessage(decoding: message)
        self.init(id: 0, family: header.family, flags: header.flags)
        scope = header.scope
        `protocol` = header.protocol
        var attributes = try message.attributes(afterFixedHeader: NexthopMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case NexthopAttribute.id: id = try attribute.uint32(.host)
            case NexthopAttribute.group: group = try Self.decodeGroup(attribute)
            case NexthopAttribute.groupType: groupType = NexthopGroupType(rawValue: try attribute.uint16(.host))
            case NexthopAttribute.blackhole: isBlackhole = try attribute.flag()
            case NexthopAttribute.outputInterface: interfaceIndex = try attribute.int32(.host)
            case NexthopAttribute.gateway: gateway = try attribute.ipAddress()
            case NexthopAttribute.encapsulationType: encapsulationType = try attribute.uint16(.host)
            case NexthopAttribute.encapsulation: encapsulation = attribute.bytes()
            case NexthopAttribute.resilientGroup: resilient = try NexthopResilientParameters(decoding: attribute)
            case NexthopAttribute.fdb: isFDB = try attribute.flag()
            case NexthopAttribute.hardwareStatisticsEnable: hardwareStatisticsEnabled = try attribute.uint32(.host)
            case NexthopAttribute.hardwareStatisticsUsed: hardwareStatisticsUsed = try attribute.uint32(.host)
            default: continue
            }
        }
    }

    private static func decodeGroup(_ attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> [NexthopGroupMember] {
        let payload = attribute.payload
        guard payload.byteCount % NexthopGroupMember.size == 0 else {
            throw NetlinkDecodingError(
                .attributeSizeMismatch, offset: attribute.offset, attributeType: attribute.type,
                expected: payload.byteCount / NexthopGroupMember.size * NexthopGroupMember.size + NexthopGroupMember.size,
                actual: payload.byteCount, context: "array of struct nexthop_grp (8 bytes each)")
        }
        var members: [NexthopGroupMember] = []
        members.reserveCapacity(payload.byteCount / NexthopGroupMember.size)
        var offset = 0
        while offset < payload.byteCount {
            let id = payload.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self)  // host order
            let low = payload.unsafeLoad(fromByteOffset: offset + 4, as: UInt8.self)
            let high = payload.unsafeLoad(fromByteOffset: offset + 5, as: UInt8.self)
            members.append(NexthopGroupMember(id: id, weight: (UInt32(high) << 8 | UInt32(low)) + 1))
            offset += NexthopGroupMember.size
        }
        return members
    }

    /// Writes the `nhmsg` header and an attribute for each field that is set, in `NHA_*` order.
    ///
    /// Decoding what this writes gives back an equal value. For a request to the kernel,
    /// `NetlinkConnection/addNexthop(_:)` clears what the kernel refuses (scope, reply-only flags).
    /// - Throws: `NetlinkEncodingError` for a group weight outside 1 ... 65,536 (code
    ///   `valueOutOfRange`) or an attribute too large.
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        NexthopMessage(family: family, scope: scope, protocol: `protocol`, flags: flags).encode(into: &builder)
        if id != 0 { try builder.appendAttribute(NexthopAttribute.id, uint32: id, .host) }
        if !group.isEmpty {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(group.count * NexthopGroupMember.size)
            for member in group {
                guard (1...NexthopGroupMember.maximumWeight).contains(member.weight) else {
                    throw NetlinkEncodingError(
                        NetlinkEncodingError.Code(rawValue: "valueOutOfRange"), attributeType: NexthopAttribute.group,
                        size: Int(member.weight), limit: Int(NexthopGroupMember.maximumWeight))
                }
                let wire = member.weight - 1
                withUnsafeBytes(of: member.id) { bytes.append(contentsOf: $0) }  // host order
                bytes.append(UInt8(wire & 0xFF))  // weight
                bytes.append(UInt8(wire >> 8))  // weight_high (resvd1 before 6.12)
                bytes.append(contentsOf: [0, 0])  // resvd2
            }
            try builder.appendAttribute(NexthopAttribute.group, bytes: bytes)
        }
        if let groupType { try builder.appendAttribute(NexthopAttribute.groupType, uint16: groupType.rawValue, .host) }
        if let resilient {
            var nested = NetlinkMessageBuilder()
            try resilient.encode(into: &nested)
            try builder.appendNested(NexthopAttribute.resilientGroup, encoded: nested.bytes)
        }
        if isBlackhole { try builder.appendFlagAttribute(NexthopAttribute.blackhole) }
        if let interfaceIndex { try builder.appendAttribute(NexthopAttribute.outputInterface, int32: interfaceIndex, .host) }
        if let gateway { try builder.appendAttribute(NexthopAttribute.gateway, ip: gateway) }
        // As ip sends them: the nest (NLA_F_NESTED), then its type.
        if let encapsulation { try builder.appendNested(NexthopAttribute.encapsulation, encoded: encapsulation) }
        if let encapsulationType { try builder.appendAttribute(NexthopAttribute.encapsulationType, uint16: encapsulationType, .host) }
        if isFDB { try builder.appendFlagAttribute(NexthopAttribute.fdb) }
        if let hardwareStatisticsEnabled {
            try builder.appendAttribute(NexthopAttribute.hardwareStatisticsEnable, uint32: hardwareStatisticsEnabled, .host)
        }
        if let hardwareStatisticsUsed {
            try builder.appendAttribute(NexthopAttribute.hardwareStatisticsUsed, uint32: hardwareStatisticsUsed, .host)
        }
    }
}

/// Names of the nexthop attributes, for error paths and debug dumps.
public struct NexthopAttributeNames: NetlinkAttributeNaming {
    /// Creates the table.
    public init() {}

    static let topLevel: [UInt16: String] = [
        1: "NHA_ID", 2: "NHA_GROUP", 3: "NHA_GROUP_TYPE", 4: "NHA_BLACKHOLE", 5: "NHA_OIF", 6: "NHA_GATEWAY",
        7: "NHA_ENCAP_TYPE", 8: "NHA_ENCAP", 9: "NHA_GROUPS", 10: "NHA_MASTER", 11: "NHA_FDB", 12: "NHA_RES_GROUP",
        13: "NHA_RES_BUCKET", 14: "NHA_OP_FLAGS", 15: "NHA_GROUP_STATS", 16: "NHA_HW_STATS_ENABLE", 17: "NHA_HW_STATS_USED",
    ]

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        switch parents {
        case []: Self.topLevel[type]
        case [12]: [1: "NHA_RES_GROUP_BUCKETS", 2: "NHA_RES_GROUP_IDLE_TIMER", 3: "NHA_RES_GROUP_UNBALANCED_TIMER",
                    4: "NHA_RES_GROUP_UNBALANCED_TIME"][type]
        case [13]: [1: "NHA_RES_BUCKET_INDEX", 2: "NHA_RES_BUCKET_IDLE_TIME", 3: "NHA_RES_BUCKET_NH_ID"][type]
        default: nil
        }
    }

    public func isNested(_ type: UInt16, parents: [UInt16]) -> Bool {
        parents.isEmpty && [8, 12, 13, 15].contains(type)
    }
}

/// The parameters of a resilient nexthop group, nested in `NHA_RES_GROUP` (`NHA_RES_GROUP_*` of
/// `<linux/nexthop.h>`). Times are in clock ticks (`USER_HZ`: hundredths of a second), as the
/// kernel reports them (`ip nexthop` shows them in seconds).
public struct NexthopResilientParameters: Hashable, Sendable {
    /// `NHA_RES_GROUP_BUCKETS` (1): u16, the number of buckets (fixed once the group exists).
    public var buckets: UInt16?
    /// `NHA_RES_GROUP_IDLE_TIMER` (2): u32, how long a bucket must be idle before it may move.
    public var idleTimer: UInt32?
    /// `NHA_RES_GROUP_UNBALANCED_TIMER` (3): u32, how long the group may stay unbalanced before
    /// buckets move whether idle or not (0: never).
    public var unbalancedTimer: UInt32?
    /// `NHA_RES_GROUP_UNBALANCED_TIME` (4): u64, reply only: how long the group has been unbalanced.
    public var unbalancedTime: UInt64?

    /// Creates the parameters of a request; the timers in clock ticks (100 a second).
    public init(buckets: UInt16? = nil, idleTimer: UInt32? = nil, unbalancedTimer: UInt32? = nil) {
        self.buckets = buckets
        self.idleTimer = idleTimer
        self.unbalancedTimer = unbalancedTimer
    }

    /// Decodes the nest. Unknown attributes are skipped.
    public init(decoding attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        var nested = try attribute.nested()
        while let inner = try nested.next() {
            switch inner.type {
            case 1: buckets = try inner.uint16(.host)
            case 2: idleTimer = try inner.uint32(.host)
            case 3: unbalancedTimer = try inner.uint32(.host)
            case 4: unbalancedTime = try inner.uint64(.host)
            default: continue
            }
        }
    }

    /// Writes the attributes inside the nest, in `NHA_RES_GROUP_*` order.
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        if let buckets { try builder.appendAttribute(1, uint16: buckets, .host) }
        if let idleTimer { try builder.appendAttribute(2, uint32: idleTimer, .host) }
        if let unbalancedTimer { try builder.appendAttribute(3, uint32: unbalancedTimer, .host) }
        if let unbalancedTime { try builder.appendAttribute(4, uint64: unbalancedTime, .host) }
    }
}
