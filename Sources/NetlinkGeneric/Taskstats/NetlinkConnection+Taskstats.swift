import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The statistics of task `pid` (`TASKSTATS_CMD_GET` with `TASKSTATS_CMD_ATTR_PID`).
    /// - Throws: `NetlinkError` with `EPERM` without `CAP_NET_ADMIN`, `ESRCH` for no such task.
    public func taskStatistics(pid: UInt32, familyID: UInt16? = nil) async throws(NetlinkError) -> TaskStatistics {
        try await taskstats(TaskstatsAttribute.Request.pid, pid, familyID: familyID) { $0.pid?.statistics }
    }

    /// The statistics of thread group `tgid`, summed over its threads (`TASKSTATS_CMD_ATTR_TGID`).
    public func taskStatistics(tgid: UInt32, familyID: UInt16? = nil) async throws(NetlinkError) -> TaskStatistics {
        try await taskstats(TaskstatsAttribute.Request.tgid, tgid, familyID: familyID) { $0.tgid?.statistics }
    }

    private func taskstats(
        _ attribute: UInt16, _ id: UInt32, familyID: UInt16?, _ pick: (TaskstatsReply) -> TaskStatistics?
    ) async throws(NetlinkError) -> TaskStatistics {
        let family = try await genericFamilyID(familyID, named: Taskstats.familyName)
        let answer = try await get(type: NetlinkMessageType(family), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Taskstats.getCommand, version: Taskstats.version).encode(into: &b)
            try b.appendAttribute(attribute, uint32: id, .host)
        }
        return try answer.firstReply(ofType: family, missing: "taskstats") { m throws(NetlinkDecodingError) in pick(try TaskstatsReply(decoding: m)) }
    }

    /// The task counts of the cgroup whose directory `descriptor` is open (`CGROUPSTATS_CMD_GET`).
    /// - Throws: `NetlinkError` with `EINVAL` when the descriptor is not a cgroup directory.
    public func cgroupStatistics(descriptor: Int32, familyID: UInt16? = nil) async throws(NetlinkError) -> CgroupStatistics {
        let family = try await genericFamilyID(familyID, named: Taskstats.familyName)
        let answer = try await get(type: NetlinkMessageType(family), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Taskstats.cgroupGetCommand, version: Taskstats.version).encode(into: &b)
            try b.appendAttribute(TaskstatsAttribute.Request.cgroupDescriptor, uint32: UInt32(bitPattern: descriptor), .host)
        }
        return try answer.firstReply(ofType: family, missing: "cgroupstats") { m throws(NetlinkDecodingError) in try CgroupStatistics(decoding: m) }
    }
}
