import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The `netdev` family's ID in this namespace.
    public func netdevFamilyID() async throws(NetlinkError) -> UInt16 {
        try await genericFamily(named: Netdev.familyName).id
    }

    /// Every device of the namespace with its XDP features (`NETDEV_CMD_DEV_GET` dump).
    public func netdevDevices(familyID: UInt16? = nil) async throws(NetlinkError) -> [NetdevDevice] {
        let id = try await genericFamilyID(familyID, named: Netdev.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Netdev.deviceGet, version: Netdev.version).encode(into: &b)
        } decode: { message in
            guard message.type.rawValue == id else { return nil }
            return try NetdevDevice(decoding: message)
        }
    }

    /// The device `index`.
    /// - Throws: `NetlinkError` with `ENODEV` when there is none.
    public func netdevDevice(index: UInt32, familyID: UInt16? = nil) async throws(NetlinkError) -> NetdevDevice {
        let id = try await genericFamilyID(familyID, named: Netdev.familyName)
        let answer = try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Netdev.deviceGet, version: Netdev.version).encode(into: &b)
            try b.appendAttribute(NetdevAttribute.Device.index, uint32: index, .host)
        }
        return try answer.firstReply(ofType: id, missing: "netdev device") { m throws(NetlinkDecodingError) in try NetdevDevice(decoding: m) }
    }

    /// The queues of device `index` (`NETDEV_CMD_QUEUE_GET` dump with `NETDEV_A_QUEUE_IFINDEX`), or
    /// of every device: receive and transmit, each with its NAPI instance when it has one.
    public func netdevQueues(index: UInt32? = nil, familyID: UInt16? = nil) async throws(NetlinkError) -> [NetdevQueue] {
        let id = try await genericFamilyID(familyID, named: Netdev.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Netdev.queueGet, version: Netdev.version).encode(into: &b)
            if let index { try b.appendAttribute(NetdevAttribute.Queue.index, uint32: index, .host) }
        } decode: { message in
            guard message.type.rawValue == id else { return nil }
            return try NetdevQueue(decoding: message)
        }
    }

    /// The NAPI instances of device `index`, or of every device (`NETDEV_CMD_NAPI_GET` dump). A
    /// veth has them while GRO or XDP is on.
    public func netdevNAPIs(index: UInt32? = nil, familyID: UInt16? = nil) async throws(NetlinkError) -> [NetdevNAPI] {
        let id = try await genericFamilyID(familyID, named: Netdev.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Netdev.napiGet, version: Netdev.version).encode(into: &b)
            if let index { try b.appendAttribute(NetdevAttribute.NAPI.index, uint32: index, .host) }
        } decode: { message in
            message.type.rawValue == id ? try NetdevNAPI(decoding: message) : nil
        }
    }

    /// The NAPI instance `napiID`.
    /// - Throws: `NetlinkError` with `ENOENT` when there is none.
    public func netdevNAPI(id napiID: UInt32, familyID: UInt16? = nil) async throws(NetlinkError) -> NetdevNAPI {
        let id = try await genericFamilyID(familyID, named: Netdev.familyName)
        let answer = try await get(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Netdev.napiGet, version: Netdev.version).encode(into: &b)
            try b.appendAttribute(NetdevAttribute.NAPI.id, uint32: napiID, .host)
        }
        return try answer.firstReply(ofType: id, missing: "NAPI instance") { m throws(NetlinkDecodingError) in try NetdevNAPI(decoding: m) }
    }

    /// Changes the settings of NAPI instance `napiID` given here (`NETDEV_CMD_NAPI_SET`);
    /// `nil` leaves one as it is.
    public func setNetdevNAPI(
        id napiID: UInt32, deferHardIRQs: UInt32? = nil, groFlushTimeout: UInt64? = nil, irqSuspendTimeout: UInt64? = nil, threaded: Bool? = nil,
        familyID: UInt16? = nil
    ) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: Netdev.familyName)
        try await genericExecute(family: id, command: Netdev.napiSet, version: Netdev.version) { b in
            try b.appendAttribute(NetdevAttribute.NAPI.id, uint32: napiID, .host)
            if let deferHardIRQs { try b.appendAttribute(NetdevAttribute.NAPI.deferHardIRQs, uint32: deferHardIRQs, .host) }
            if let groFlushTimeout { try b.appendAttribute(NetdevAttribute.NAPI.groFlushTimeout, uint64: groFlushTimeout, .host) }
            if let irqSuspendTimeout { try b.appendAttribute(NetdevAttribute.NAPI.irqSuspendTimeout, uint64: irqSuspendTimeout, .host) }
            if let threaded { try b.appendAttribute(NetdevAttribute.NAPI.threaded, uint32: threaded ? 1 : 0, .host) }
        }
    }

    /// Every page pool of the namespace (`NETDEV_CMD_PAGE_POOL_GET` dump).
    public func netdevPagePools(familyID: UInt16? = nil) async throws(NetlinkError) -> [NetdevPagePool] {
        let id = try await genericFamilyID(familyID, named: Netdev.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Netdev.pagePoolGet, version: Netdev.version).encode(into: &b)
        } decode: { message in
            message.type.rawValue == id ? try NetdevPagePool(decoding: message) : nil
        }
    }

    /// Queue statistics (`NETDEV_CMD_QSTATS_GET` dump) of device `index` or of every device, per
    /// queue when `perQueue`.
    /// - Throws: `NetlinkError` with `EOPNOTSUPP` for a device that keeps none (veth, tap).
    public func netdevQueueStatistics(index: UInt32? = nil, perQueue: Bool = false, familyID: UInt16? = nil) async throws(NetlinkError) -> [NetdevQueueStatistics] {
        let id = try await genericFamilyID(familyID, named: Netdev.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: Netdev.queueStatisticsGet, version: Netdev.version).encode(into: &b)
            if let index { try b.appendAttribute(NetdevAttribute.QueueStatistics.index, uint32: index, .host) }
            if perQueue { try b.appendAttribute(NetdevAttribute.QueueStatistics.scope, uint32: 1, .host) }
        } decode: { message in
            message.type.rawValue == id ? try NetdevQueueStatistics(decoding: message) : nil
        }
    }
}
