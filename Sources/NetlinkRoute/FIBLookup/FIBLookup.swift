import NetlinkCore

/// A question to `NETLINK_FIB_LOOKUP` (netlink(7)): which route of one IPv4 table matches an
/// address — the table's longest-prefix match itself, without the policy rules, the device or the
/// source address of a full route lookup.
///
/// The family has one message, `struct fib_result_nl` (`include/net/ip_fib.h`: not in the UAPI
/// headers, but fixed since Linux 2.6.13), sent after the netlink header with any message type; the
/// kernel fills in the results and sends the same message back (type, flags and sequence kept), with
/// no acknowledgement:
///
/// ```text
///  0 fl_addr be32   4 fl_mark u32   8 fl_tos u8   9 fl_scope u8  10 tb_id_in u8       (question)
/// 11 tb_id u8      12 prefixlen u8 13 nh_sel u8  14 type u8     15 scope u8  16 err s32 (answer)
/// ```
public struct FIBLookupRequest: Hashable, Sendable {
    /// `fl_addr`: the address looked up.
    public var address: IPv4Address
    /// `tb_id_in`: the table searched, as one byte (0 is the main table; a table above 255 cannot be
    /// named). Without policy rules of its own, a namespace keeps its local routes in the main table.
    public var table: UInt8
    /// `fl_mark`: the firewall mark (routes do not match marks; it reaches multipath hashing only).
    public var mark: UInt32
    /// `fl_tos`: the TOS; a route with a TOS matches only its own.
    public var tos: UInt8
    /// `fl_scope`: the narrowest scope a route may have: ``RouteScope/universe`` (the default)
    /// accepts every route, ``RouteScope/link`` only routes of scope link, host or nowhere...
    public var scope: RouteScope

    public init(address: IPv4Address, table: UInt8 = 0, mark: UInt32 = 0, tos: UInt8 = 0, scope: RouteScope = .universe) {
        (self.address, self.table, self.mark, self.tos, self.scope) = (address, table, mark, tos, scope)
    }
}

/// What `NETLINK_FIB_LOOKUP` answered (`NetlinkConnection.fibLookup(_:)`).
public struct FIBLookupResult: Hashable, Sendable {
    /// The request the answer repeats.
    public var request: FIBLookupRequest
    /// `tb_id`: the table searched (254 for a request's table 0), 0 when there is no such table.
    public var table: UInt8
    /// `prefixlen`, `nh_sel`, `type`, `scope`: the matched route (zeros when none matched).
    public var prefixLength: UInt8, nexthopIndex: UInt8
    public var type: RouteType, scope: RouteScope
    /// `err`: 0 for a route; else the lookup's error — `EAGAIN` no route matched (or a `throw`
    /// route), `ENOENT` no such table, `EHOSTUNREACH` an unreachable route, `EACCES` a prohibit
    /// route, `EINVAL` a blackhole route.
    public var error: Int32

    /// Whether a route matched.
    public var found: Bool { error == 0 }

    /// The matched route's prefix: the address cut to ``prefixLength`` bits.
    public var prefix: IPPrefix? {
        guard found, prefixLength <= 32 else { return nil }
        let bits = UInt32(prefixLength)
        let mask: UInt32 = bits == 0 ? 0 : UInt32.max << (32 - bits)
        return IPv4Prefix(address: IPv4Address(request.address.value & mask), length: prefixLength).map(IPPrefix.v4)
    }

    public init(request: FIBLookupRequest, table: UInt8, prefixLength: UInt8, nexthopIndex: UInt8, type: RouteType, scope: RouteScope, error: Int32) {
        self.request = request
        (self.table, self.prefixLength, self.nexthopIndex, self.type, self.scope, self.error) = (table, prefixLength, nexthopIndex, type, scope, error)
    }
}

/// `struct fib_result_nl`'s codec and the family's message type.
public enum FIBLookupMessage {
    /// `sizeof(struct fib_result_nl)`.
    public static let size = 20
    /// The message type sent: the kernel reads any; `NLMSG_MIN_TYPE` (16), the first that is not a
    /// control message.
    public static let type = NetlinkMessageType(rawValue: 16)

    /// The request's 20 bytes (the answer fields zero).
    public static func encode(_ request: FIBLookupRequest, into builder: inout NetlinkMessageBuilder) {
        builder.append(request.address.networkOrder)
        builder.append(request.mark)
        builder.append(request.tos)
        builder.append(request.scope.rawValue)
        builder.append(request.table)
        builder.appendZeros(5)
        builder.append(Int32(0))
    }

    /// Reads an answer: the question it repeats and the results.
    public static func decode(_ message: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> FIBLookupResult {
        let payload = message.payload
        guard payload.byteCount >= size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: size, actual: payload.byteCount,
                context: "struct fib_result_nl")
        }
        func byte(_ offset: Int) -> UInt8 { payload.unsafeLoad(fromByteOffset: offset, as: UInt8.self) }
        let request = FIBLookupRequest(
            address: IPv4Address(networkOrder: payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self)), table: byte(10),
            mark: payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self), tos: byte(8), scope: RouteScope(rawValue: byte(9)))
        return FIBLookupResult(
            request: request, table: byte(11), prefixLength: byte(12), nexthopIndex: byte(13), type: RouteType(rawValue: byte(14)),
            scope: RouteScope(rawValue: byte(15)), error: payload.unsafeLoadUnaligned(fromByteOffset: 16, as: Int32.self))
    }
}
