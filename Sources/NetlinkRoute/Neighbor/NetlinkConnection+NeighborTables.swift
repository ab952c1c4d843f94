import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The neighbour tables and their per-interface parameters (a dump of `RTM_GETNEIGHTBL`, like
    /// `ip ntable show`), of one family or of all (`AF_UNSPEC`).
    public func neighborTables(family: AddressFamily = 0, retries: Int = 3) async throws(NetlinkError) -> [NeighborTable] {
        try await dumpAll(type: RouteMessageType.getNeighborTable, fixedHeaderSize: 4, retries: retries, { b in
            b.append(family.rawValue)  // struct ndtmsg: family, pad1, pad2
            b.appendZeros(3)
        }) { message in
            message.type == RouteMessageType.newNeighborTable ? try NeighborTable(decoding: message) : nil
        }
    }

    /// Changes a neighbour table (`RTM_SETNEIGHTBL`, like `ip ntable change name NAME ...`): the
    /// thresholds and GC interval given, and `parameters` (`NDTPA_*` type → value; with
    /// `NDTPA_IFINDEX`, the parameters of that interface), sent in `NDTA_PARMS`.
    /// - Throws: the kernel's error: `ENOENT` for no such table (or no such interface's parameters).
    public func changeNeighborTable(
        name: String, family: AddressFamily = 0, threshold1: UInt32? = nil, threshold2: UInt32? = nil, threshold3: UInt32? = nil,
        gcInterval: UInt64? = nil, parameters: [(type: UInt16, value: UInt64)] = []
    ) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.setNeighborTable, flags: [.replace], fixedHeaderSize: 4) { b in
            b.append(family.rawValue)
            b.appendZeros(3)
            var nameBytes = Array(name.utf8)
            nameBytes.append(0)
            try b.appendAttribute(NeighborTable.Attribute.name, bytes: nameBytes)
            if let threshold1 { try b.appendAttribute(NeighborTable.Attribute.threshold1, uint32: threshold1, .host) }
            if let threshold2 { try b.appendAttribute(NeighborTable.Attribute.threshold2, uint32: threshold2, .host) }
            if let threshold3 { try b.appendAttribute(NeighborTable.Attribute.threshold3, uint32: threshold3, .host) }
            if let gcInterval { try b.appendAttribute(NeighborTable.Attribute.gcInterval, uint64: gcInterval, .host) }
            if !parameters.isEmpty {
                // As ip: NDTA_PARMS without NLA_F_NESTED.
                var nested = NetlinkMessageBuilder()
                for (type, value) in parameters {
                    if NeighborTable.Parameters.sixtyFourBit.contains(type) {
                        try nested.appendAttribute(type, uint64: value, .host)
                    } else {
                        try nested.appendAttribute(type, uint32: UInt32(truncatingIfNeeded: value), .host)
                    }
                }
                try b.appendAttribute(NeighborTable.Attribute.parameters, bytes: nested.bytes)
            }
        }
    }
}
