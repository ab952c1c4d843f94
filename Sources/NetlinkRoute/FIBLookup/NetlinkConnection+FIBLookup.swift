import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Asks `NETLINK_FIB_LOOKUP` which route of one table matches an address (a connection of
    /// family `NetlinkFamily.fibLookup`; unprivileged users may ask).
    ///
    /// The kernel's answer comes back as a value, errors of the lookup included
    /// (``FIBLookupResult/error``); a connection of another family, or a kernel that never answers,
    /// fails with the connection's error (the family answers nothing it cannot read: a timeout).
    public func fibLookup(_ request: FIBLookupRequest) async throws(NetlinkError) -> FIBLookupResult {
        let ack = try await get(type: FIBLookupMessage.type, fixedHeaderSize: FIBLookupMessage.size) { b in
            FIBLookupMessage.encode(request, into: &b)
        }
        return try ack.firstReply(missing: "no struct fib_result_nl in the reply") { message throws(NetlinkDecodingError) in
            try FIBLookupMessage.decode(message)
        }
    }
}
