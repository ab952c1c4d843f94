import NetlinkCore

/// The `SEG6` generic netlink family (`<linux/seg6_genl.h>`): the IPv6 Segment Routing tunnel
/// source and HMAC keys. Changes need `CAP_NET_ADMIN`; a kernel without `CONFIG_IPV6_SEG6_HMAC`
/// answers the HMAC commands with `ENOTSUPP` (524, "Unknown error 524").
public enum SEG6 {
    /// `SEG6_GENL_NAME`.
    public static let familyName = "SEG6"
    /// `SEG6_GENL_VERSION` (1).
    public static let version: UInt8 = 1

    /// `SEG6_CMD_SETHMAC` (1).
    public static let setHMAC: UInt8 = 1
    /// `SEG6_CMD_DUMPHMAC` (2).
    public static let dumpHMAC: UInt8 = 2
    /// `SEG6_CMD_SET_TUNSRC` (3).
    public static let setTunnelSource: UInt8 = 3
    /// `SEG6_CMD_GET_TUNSRC` (4).
    public static let getTunnelSource: UInt8 = 4
}

/// The attributes of the `SEG6` family (`SEG6_ATTR_*`).
public enum SEG6Attribute {
    /// `SEG6_ATTR_DST` (1): 16 bytes, the tunnel source.
    public static let destination: UInt16 = 1
    /// `SEG6_ATTR_HMACKEYID` (3): u32.
    public static let hmacKeyID: UInt16 = 3
    /// `SEG6_ATTR_SECRET` (4): the HMAC secret.
    public static let secret: UInt16 = 4
    /// `SEG6_ATTR_SECRETLEN` (5): u8.
    public static let secretLength: UInt16 = 5
    /// `SEG6_ATTR_ALGID` (6): u8, `SEG6_HMAC_ALGO_SHA1` (1) or `SEG6_HMAC_ALGO_SHA256` (2).
    public static let algorithm: UInt16 = 6
}

/// An HMAC key of the Segment Routing header (`SEG6_CMD_DUMPHMAC`).
public struct SEG6HMACKey: Hashable, Sendable {
    /// `SEG6_ATTR_HMACKEYID`.
    public var id: UInt32
    /// `SEG6_ATTR_ALGID`: 1 SHA-1, 2 SHA-256.
    public var algorithm: UInt8
    /// `SEG6_ATTR_SECRET` (of `SEG6_ATTR_SECRETLEN` bytes).
    public var secret: [UInt8]

    /// Creates a key.
    public init(id: UInt32, algorithm: UInt8, secret: [UInt8]) {
        self.id = id
        self.algorithm = algorithm
        self.secret = secret
    }

    /// Decodes one message of the dump.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var id: UInt32 = 0
        var algorithm: UInt8 = 0
        var secret: [UInt8] = []
        var length: Int?
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case SEG6Attribute.hmacKeyID: id = try attribute.uint32(.host)
            case SEG6Attribute.algorithm: algorithm = try attribute.uint8()
            case SEG6Attribute.secret: secret = attribute.bytes()
            case SEG6Attribute.secretLength: length = Int(try attribute.uint8())
            default: continue
            }
        }
        if let length { secret = Array(secret.prefix(length)) }
        self.init(id: id, algorithm: algorithm, secret: secret)
    }
}
