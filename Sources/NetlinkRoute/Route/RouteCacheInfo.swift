import NetlinkCore

/// The cache information of a route: `RTA_CACHEINFO`, `struct rta_cacheinfo` (32 bytes, host
/// byte order; the first 20 bytes in very old kernels).
///
/// ```text
/// +------------------+------------------+------------------+------------------+
/// | rta_clntref u32  | rta_lastuse u32  | rta_expires s32  | rta_error u32    |
/// +------------------+------------------+------------------+------------------+
/// | rta_used u32     | rta_id u32       | rta_ts u32       | rta_tsage u32    |
/// +------------------+------------------+------------------+------------------+
/// ```
/// Times are in clock ticks (`USER_HZ`, 100 a second).
public struct RouteCacheInfo: Hashable, Sendable {
    /// The wire size: 32.
    public static let size = 32

    /// `rta_clntref`: references held by users.
    public var clientReferences: UInt32
    /// `rta_lastuse`: ticks since the route was last used.
    public var lastUse: UInt32
    /// `rta_expires`: ticks until the route expires (0: never; IPv6 routes from router advertisements expire).
    public var expires: Int32
    /// `rta_error`: the error of the route (`-errno`, as an unsigned value).
    public var error: UInt32
    /// `rta_used`: how often it was used.
    public var used: UInt32
    /// `rta_id`: the IP ID (obsolete, 0).
    public var id: UInt32
    /// `rta_ts`: the TCP timestamp (obsolete, 0).
    public var timestamp: UInt32
    /// `rta_tsage`: the age of the TCP timestamp (obsolete, 0).
    public var timestampAge: UInt32

    /// Creates cache information; every field defaults to zero.
    public init(
        clientReferences: UInt32 = 0, lastUse: UInt32 = 0, expires: Int32 = 0, error: UInt32 = 0, used: UInt32 = 0,
        id: UInt32 = 0, timestamp: UInt32 = 0, timestampAge: UInt32 = 0
    ) {
        self.clientReferences = clientReferences
        self.lastUse = lastUse
        self.expires = expires
        self.error = error
        self.used = used
        self.id = id
        self.timestamp = timestamp
        self.timestampAge = timestampAge
    }

    /// Reads an `RTA_CACHEINFO` payload: 20 bytes or more; fields past the end read as zero, extra
    /// bytes (a newer, longer structure) are ignored.
    /// - Throws: `NetlinkDecodingError/Code/attributeSizeMismatch` below 20 bytes.
    public init(decoding attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        let payload = attribute.payload
        guard payload.byteCount >= 20 else {
            throw NetlinkDecodingError(
                .attributeSizeMismatch, offset: attribute.offset, attributeType: attribute.type, expected: Self.size,
                actual: payload.byteCount, context: "struct rta_cacheinfo")
        }
        // Every field: 32 bits, host byte order. The first five are always there (checked above);
        // rta_id, rta_ts and rta_tsage read as zero when cut off.
        let count = payload.byteCount
        clientReferences = payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self)
        lastUse = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)
        expires = payload.unsafeLoadUnaligned(fromByteOffset: 8, as: Int32.self)
        error = payload.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self)
        used = payload.unsafeLoadUnaligned(fromByteOffset: 16, as: UInt32.self)
        id = count >= 24 ? payload.unsafeLoadUnaligned(fromByteOffset: 20, as: UInt32.self) : 0
        timestamp = count >= 28 ? payload.unsafeLoadUnaligned(fromByteOffset: 24, as: UInt32.self) : 0
        timestampAge = count >= 32 ? payload.unsafeLoadUnaligned(fromByteOffset: 28, as: UInt32.self) : 0
    }
}
