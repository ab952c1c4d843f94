import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Every nexthop object (`ip nexthop show`): a dump of `RTM_GETNEXTHOP`.
    ///
    /// - Parameters:
    ///   - family: `AF_INET` (2), `AF_INET6` (10), or 0 for all.
    ///   - interfaceIndex: Only the nexthops through this device (`NHA_OIF`, filtered by the kernel).
    ///   - groupsOnly: Only groups (`NHA_GROUPS`).
    public func nexthops(family: AddressFamily = 0, interfaceIndex: Int32? = nil, groupsOnly: Bool = false) async throws(NetlinkError) -> [Nexthop] {
        try await dumpAll(
            type: RouteMessageType.getNexthop, fixedHeaderSize: NexthopMessage.size,
            Self.nexthopDumpRequest(family: family, interfaceIndex: interfaceIndex, groupsOnly: groupsOnly)
        ) { message in
            message.type == RouteMessageType.newNexthop ? try Nexthop(decoding: message) : nil
        }
    }

    /// Streams the nexthop objects: a dump of `RTM_GETNEXTHOP` whose `RTM_NEWNEXTHOP` messages
    /// decode with ``Nexthop/init(decoding:)``, for tables too large to hold in an array.
    public func nexthopDump(
        family: AddressFamily = 0, interfaceIndex: Int32? = nil, groupsOnly: Bool = false, acceptInterrupted: Bool = false
    ) -> NetlinkDump {
        dump(
            type: RouteMessageType.getNexthop, fixedHeaderSize: NexthopMessage.size, acceptInterrupted: acceptInterrupted,
            Self.nexthopDumpRequest(family: family, interfaceIndex: interfaceIndex, groupsOnly: groupsOnly))
    }

    private static func nexthopDumpRequest(family: AddressFamily, interfaceIndex: Int32?, groupsOnly: Bool) -> (inout NetlinkMessageBuilder) throws -> Void {
        { b in
            NexthopMessage(family: family).encode(into: &b)
            if let interfaceIndex { try b.appendAttribute(NexthopAttribute.outputInterface, int32: interfaceIndex, .host) }
            if groupsOnly { try b.appendFlagAttribute(NexthopAttribute.groups) }
        }
    }

    /// The nexthop with ID `id` (`ip nexthop get id ID`).
    /// - Throws: `ENOENT` from the kernel when there is none.
    public func nexthop(id: UInt32) async throws(NetlinkError) -> Nexthop {
        let ack = try await execute(type: RouteMessageType.getNexthop, fixedHeaderSize: NexthopMessage.size) { b in
            NexthopMessage().encode(into: &b)
            try b.appendAttribute(NexthopAttribute.id, uint32: id, .host)
        }
        return try ack.firstReply(missing: "no RTM_NEWNEXTHOP in the reply") { message throws(NetlinkDecodingError) in
            message.type == RouteMessageType.newNexthop ? try Nexthop(decoding: message) : nil
        }
    }

    /// Adds a nexthop object (`ip nexthop add`, `NLM_F_CREATE | NLM_F_EXCL`): a gateway and device,
    /// a blackhole, or a group whose members exist.
    ///
    /// The scope, the flags other than ``NexthopFlags/onlink`` and `NHA_HW_STATS_USED` are not sent:
    /// the kernel refuses them in requests.
    /// - Throws: `EEXIST` when the ID is taken.
    public func addNexthop(_ nexthop: Nexthop) async throws(NetlinkError) {
        try await execute(.addNexthop(nexthop))
    }

    /// Adds a nexthop object or replaces the one with the same ID (`ip nexthop replace`,
    /// `NLM_F_CREATE | NLM_F_REPLACE`). Routes that use it follow the new definition.
    public func replaceNexthop(_ nexthop: Nexthop) async throws(NetlinkError) {
        try await execute(.replaceNexthop(nexthop))
    }

    /// Deletes the nexthop object `id` (`ip nexthop del id ID`). The routes that use it are deleted
    /// too, without `RTM_DELROUTE` notifications; a group loses it as a member.
    /// - Throws: `ENOENT` when there is none.
    public func deleteNexthop(id: UInt32) async throws(NetlinkError) {
        try await execute(.deleteNexthop(id: id))
    }

    /// Deletes every nexthop object (`ip nexthop flush`): groups first, then the others. Nexthops that
    /// vanish in between (`ENOENT`: a group whose last member went) are not counted.
    /// - Returns: How many were deleted.
    @discardableResult
    public func flushNexthops(family: AddressFamily = 0) async throws(NetlinkError) -> Int {
        let all = try await nexthops(family: family)
        var deleted = 0
        for nexthop in all.filter(\.isGroup) + all.filter({ !$0.isGroup }) {
            do {
                try await deleteNexthop(id: nexthop.id)
                deleted += 1
            } catch where error.errno == .noSuchFileOrDirectory {
                continue
            }
        }
        return deleted
    }
}

extension NetlinkConnection {
    /// The buckets of the resilient nexthop groups, as the kernel filters them (a dump of
    /// `RTM_GETNEXTHOPBUCKET`, like `ip nexthop bucket list`).
    /// - Parameters:
    ///   - filter: The group, member nexthop, device or master to keep; every bucket by default.
    ///   - family: `nh_family` of the request (`AF_UNSPEC`: every family).
    ///   - retries: How many times an interrupted dump (`NLM_F_DUMP_INTR`) is started again.
    /// - Throws: the kernel's error: `ENOENT` for a group ID that does not exist, `EINVAL` for a
    ///   group that is not resilient.
    public func nexthopBuckets(_ filter: NexthopBucketFilter = NexthopBucketFilter(), family: AddressFamily = 0, retries: Int = 3) async throws(NetlinkError) -> [NexthopBucket] {
        try await dumpAll(type: RouteMessageType.getNexthopBucket, fixedHeaderSize: NexthopMessage.size, retries: retries, { b in
            NexthopMessage(family: family).encode(into: &b)
            try filter.encode(into: &b)
        }) { message in
            message.type == RouteMessageType.newNexthopBucket ? try NexthopBucket(decoding: message) : nil
        }
    }

    /// One bucket of a resilient group (`RTM_GETNEXTHOPBUCKET` with `NHA_ID` and
    /// `NHA_RES_BUCKET_INDEX`, like `ip nexthop bucket get id ID index INDEX`).
    /// - Throws: the kernel's error: `ENOENT` for no such group, `EINVAL` for a group that is not
    ///   resilient or an index past its buckets.
    public func nexthopBucket(groupID: UInt32, index: UInt16, family: AddressFamily = 0) async throws(NetlinkError) -> NexthopBucket {
        let ack = try await get(type: RouteMessageType.getNexthopBucket, fixedHeaderSize: NexthopMessage.size) { b in
            NexthopMessage(family: family).encode(into: &b)
            try b.appendAttribute(NexthopAttribute.id, uint32: groupID, .host)
            try b.appendNested(NexthopAttribute.resilientBucket) { b in
                try b.appendAttribute(NexthopBucketAttribute.index, uint16: index, .host)
            }
        }
        return try ack.firstReply(missing: "no RTM_NEWNEXTHOPBUCKET in the reply") { message throws(NetlinkDecodingError) in
            message.type == RouteMessageType.newNexthopBucket ? try NexthopBucket(decoding: message) : nil
        }
    }
}
