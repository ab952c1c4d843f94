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
}
