/// One attribute (TLV), borrowed in place.
///
/// ```text
///  <------- NLA_HDRLEN ------> <-- NLA_ALIGN(payload)-->
/// +---------------------+- - -+- - - - - - - - - -+- - -+
/// |        Header       | Pad |     Payload       | Pad |
/// |   (struct nlattr)   | ing |                   | ing |
/// +---------------------+- - -+- - - - - - - - - -+- - -+
///  <-------------- nlattr->nla_len -------------->
///
/// struct nlattr { __u16 nla_len; __u16 nla_type; }   (host byte order)
///
/// nla_type: | N | O | type (14 bits) |
///   N = NLA_F_NESTED (0x8000), O = NLA_F_NET_BYTEORDER (0x4000)
/// ```
///
/// ``type`` has both flag bits masked off; they are kept in ``isNested`` and
/// ``isNetworkByteOrder``. The typed getters check the exact payload size and report the attribute
/// that was wrong. Every integer getter names its byte order.
public struct NetlinkAttribute: ~Escapable {
    /// The attribute type with `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER` masked off.
    ///
    /// ```c
    /// #define NLA_TYPE_MASK ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)
    /// ```
    public let type: UInt16
    /// The type field as sent, flags included.
    public let rawType: UInt16
    /// The payload: `nla_len - 4` bytes, without the trailing padding.
    public let payload: RawSpan
    /// The offset of the attribute header from the start of the bytes the cursor was made over
    /// (for attributes of a message: from the start of its `nlmsghdr`).
    public let offset: Int
    /// How deep this attribute is nested: 0 for a top-level attribute.
    public let depth: Int

    /// The size of an attribute header, 4.
    ///
    /// ```c
    /// #define NLA_HDRLEN ((int) NLA_ALIGN(sizeof(struct nlattr)))
    /// ```
    public static let headerSize = 4

    /// The largest payload an attribute can carry: `nla_len` is 16 bits, so 65,535 − 4.
    public static let maximumPayloadSize = 65_531

    /// The mask of the type bits. The corresponding C constant is `NLA_TYPE_MASK`.
    public static let typeMask: UInt16 = 0x3FFF
    /// The nested flag. The corresponding C constant is `NLA_F_NESTED` (1 << 15).
    public static let nestedFlag: UInt16 = 0x8000
    /// The network-byte-order flag. The corresponding C constant is `NLA_F_NET_BYTEORDER` (1 << 14).
    public static let networkByteOrderFlag: UInt16 = 0x4000

    @_lifetime(copy payload)
    @usableFromInline
    init(rawType: UInt16, payload: RawSpan, offset: Int, depth: Int) {
        self.rawType = rawType
        self.type = rawType & Self.typeMask
        self.payload = payload
        self.offset = offset
        self.depth = depth
    }

    /// Whether `NLA_F_NESTED` is set: the payload holds attributes.
    @inlinable
    public var isNested: Bool { rawType & Self.nestedFlag != 0 }

    /// Whether `NLA_F_NET_BYTEORDER` is set: the integer payload is big-endian.
    @inlinable
    public var isNetworkByteOrder: Bool { rawType & Self.networkByteOrderFlag != 0 }

    /// `nla_len`: header and payload, without padding.
    @inlinable
    public var length: Int { payload.byteCount + Self.headerSize }

    @usableFromInline
    func sizeError(expected: Int, _ what: String) -> NetlinkDecodingError {
        NetlinkDecodingError(
            .attributeSizeMismatch, offset: offset, attributeType: type,
            expected: expected, actual: payload.byteCount, context: what)
    }

    @inlinable
    func load<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type, _ order: NetlinkByteOrder, _ what: String) throws(NetlinkDecodingError) -> T {
        guard payload.byteCount == MemoryLayout<T>.size else {
            throw sizeError(expected: MemoryLayout<T>.size, what)
        }
        let raw = payload.unsafeLoadUnaligned(as: T.self)
        switch order {
        case .host: return raw
        case .bigEndian: return T(bigEndian: raw)
        case .fromAttributeFlag: return isNetworkByteOrder ? T(bigEndian: raw) : raw
        }
    }

    /// The payload as a `u8`. - Throws: unless the payload is exactly 1 byte.
    @inlinable
    public func uint8() throws(NetlinkDecodingError) -> UInt8 { try load(UInt8.self, .host, "u8") }
    /// The payload as an `s8`. - Throws: unless the payload is exactly 1 byte.
    @inlinable
    public func int8() throws(NetlinkDecodingError) -> Int8 { try load(Int8.self, .host, "s8") }
    /// The payload as a `u16` in the given byte order. - Throws: unless the payload is exactly 2 bytes.
    @inlinable
    public func uint16(_ order: NetlinkByteOrder) throws(NetlinkDecodingError) -> UInt16 { try load(UInt16.self, order, "u16") }
    /// The payload as an `s16` in the given byte order. - Throws: unless the payload is exactly 2 bytes.
    @inlinable
    public func int16(_ order: NetlinkByteOrder) throws(NetlinkDecodingError) -> Int16 { try load(Int16.self, order, "s16") }
    /// The payload as a `u32` in the given byte order. - Throws: unless the payload is exactly 4 bytes.
    @inlinable
    public func uint32(_ order: NetlinkByteOrder) throws(NetlinkDecodingError) -> UInt32 { try load(UInt32.self, order, "u32") }
    /// The payload as an `s32` in the given byte order. - Throws: unless the payload is exactly 4 bytes.
    @inlinable
    public func int32(_ order: NetlinkByteOrder) throws(NetlinkDecodingError) -> Int32 { try load(Int32.self, order, "s32") }
    /// The payload as a `u64` in the given byte order. - Throws: unless the payload is exactly 8 bytes.
    @inlinable
    public func uint64(_ order: NetlinkByteOrder) throws(NetlinkDecodingError) -> UInt64 { try load(UInt64.self, order, "u64") }
    /// The payload as an `s64` in the given byte order. - Throws: unless the payload is exactly 8 bytes.
    @inlinable
    public func int64(_ order: NetlinkByteOrder) throws(NetlinkDecodingError) -> Int64 { try load(Int64.self, order, "s64") }

    /// A variable-width unsigned integer (`NLA_UINT`, Linux 6.8+; newer than the 6.1 headers):
    /// 1, 2, 4 or 8 bytes in the given byte order.
    /// - Throws: for any other size.
    public func unsignedInteger(_ order: NetlinkByteOrder) throws(NetlinkDecodingError) -> UInt64 {
        switch payload.byteCount {
        case 1: return UInt64(try uint8())
        case 2: return UInt64(try uint16(order))
        case 4: return UInt64(try uint32(order))
        case 8: return try uint64(order)
        default: throw sizeError(expected: 8, "uint (1, 2, 4 or 8 bytes)")
        }
    }

    /// The bytes of a string payload up to its first NUL, exactly as the kernel holds them (Linux
    /// names and aliases are bytes, not necessarily UTF-8).
    public func stringBytes() -> [UInt8] {
        payload.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return Array(bytes[0..<(bytes.firstIndex(of: 0) ?? bytes.count)])
        }
    }

    /// A string (`NLA_STRING` or `NLA_NUL_STRING`): the bytes up to the first NUL, or all of them
    /// when there is none, decoded without losing any (``Swift/String/init(rawBytes:)``: a byte that
    /// is not UTF-8 becomes a raw-byte scalar, which ``Swift/String/rawBytes`` turns back).
    public func string() -> String {
        payload.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(rawBytes: UnsafeBufferPointer(rebasing: bytes[0..<end]))
        }
    }

    /// A NUL-terminated string (`NLA_NUL_STRING`).
    /// - Throws: ``NetlinkDecodingError/Code/missingNulTerminator`` when the payload does not end in NUL.
    public func nulTerminatedString() throws(NetlinkDecodingError) -> String {
        guard payload.byteCount > 0, payload.unsafeLoad(fromByteOffset: payload.byteCount - 1, as: UInt8.self) == 0 else {
            throw NetlinkDecodingError(.missingNulTerminator, offset: offset, attributeType: type, context: "string")
        }
        return string()
    }

    /// A copy of the payload bytes.
    public func bytes() -> [UInt8] {
        payload.withUnsafeBytes { Array($0) }
    }

    /// A flag attribute (`NLA_FLAG`): present means set. Returns `true`.
    /// - Throws: unless the payload is empty.
    public func flag() throws(NetlinkDecodingError) -> Bool {
        guard payload.byteCount == 0 else { throw sizeError(expected: 0, "flag") }
        return true
    }

    /// The payload as a fixed structure `T` of exactly `MemoryLayout<T>.size` bytes
    /// (for example `struct rtnl_link_stats64`).
    /// - Throws: unless the payload has that size.
    public func value<T: BitwiseCopyable>(as _: T.Type) throws(NetlinkDecodingError) -> T {
        guard payload.byteCount == MemoryLayout<T>.size else {
            throw sizeError(expected: MemoryLayout<T>.size, "\(T.self)")
        }
        return payload.unsafeLoadUnaligned(as: T.self)
    }

    /// The payload as a fixed structure `T` that may have grown or shrunk across kernel versions:
    /// missing trailing bytes read as zero, extra bytes are ignored.
    public func valueAllowingSizeChange<T: BitwiseCopyable>(as _: T.Type) -> T {
        let size = MemoryLayout<T>.size
        if payload.byteCount >= size { return payload.unsafeLoadUnaligned(as: T.self) }
        return withUnsafeTemporaryAllocation(byteCount: size, alignment: MemoryLayout<T>.alignment) { buffer in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            payload.withUnsafeBytes { src in buffer.copyMemory(from: src) }
            return buffer.loadUnaligned(as: T.self)
        }
    }

    /// An IPv4 address (4 bytes, network order).
    /// - Throws: unless the payload is exactly 4 bytes.
    public func ipv4Address() throws(NetlinkDecodingError) -> IPv4Address {
        guard payload.byteCount == 4 else { throw sizeError(expected: 4, "IPv4 address") }
        return IPv4Address(networkOrder: payload.unsafeLoadUnaligned(as: UInt32.self))
    }

    /// An IPv6 address (16 bytes, network order).
    /// - Throws: unless the payload is exactly 16 bytes.
    public func ipv6Address() throws(NetlinkDecodingError) -> IPv6Address {
        guard payload.byteCount == 16 else { throw sizeError(expected: 16, "IPv6 address") }
        return IPv6Address(payload)
    }

    /// An IPv4 or IPv6 address, by the payload size (4 or 16 bytes).
    /// - Throws: for any other size.
    public func ipAddress() throws(NetlinkDecodingError) -> IPAddress {
        switch payload.byteCount {
        case 4: return .v4(try ipv4Address())
        case 16: return .v6(try ipv6Address())
        default: throw sizeError(expected: 16, "IP address (4 or 16 bytes)")
        }
    }

    /// An Ethernet MAC address (6 bytes).
    /// - Throws: unless the payload is exactly 6 bytes.
    public func macAddress() throws(NetlinkDecodingError) -> MACAddress {
        guard payload.byteCount == 6 else { throw sizeError(expected: 6, "MAC address") }
        return MACAddress(payload)
    }

    /// The attributes nested in the payload.
    ///
    /// Works whether or not `NLA_F_NESTED` is set (much of rtnetlink nests without it).
    /// - Throws: ``NetlinkDecodingError/Code/nestingTooDeep`` beyond ``NetlinkAttributes/maximumDepth``.
    @_lifetime(copy self)
    public func nested() throws(NetlinkDecodingError) -> NetlinkAttributes {
        guard depth + 1 <= NetlinkAttributes.maximumDepth else {
            throw NetlinkDecodingError(
                .nestingTooDeep, offset: offset, attributeType: type,
                expected: NetlinkAttributes.maximumDepth, actual: depth + 1)
        }
        return NetlinkAttributes(payload, baseOffset: offset + Self.headerSize, depth: depth + 1)
    }
}

/// The byte order of an integer attribute.
///
/// Netlink integers are in host byte order, except attributes flagged `NLA_F_NET_BYTEORDER` and a
/// few fields documented as big-endian (ports and addresses in sock_diag, some netfilter values).
public enum NetlinkByteOrder: Hashable, Sendable {
    /// The machine's own byte order (little-endian on x86-64 and arm64).
    case host
    /// Big-endian, network byte order.
    case bigEndian
    /// Big-endian when the attribute carries `NLA_F_NET_BYTEORDER`, host order otherwise.
    case fromAttributeFlag
}

/// The attributes in a run of bytes, read in order: a cursor that checks every `nla_len`.
///
/// ```swift
/// var attributes = try message.attributes(afterFixedHeader: 16)
/// while let attribute = try attributes.next() {
///     switch attribute.type {
///     case 3: name = attribute.string()           // IFLA_IFNAME
///     case 4: mtu = try attribute.uint32(.host)   // IFLA_MTU
///     default: break                              // unknown: skipped
///     }
/// }
/// ```
///
/// `nla_len` of 0–3 (smaller than the header) and `nla_len` past the end are typed errors; after
/// an error the cursor is finished. Unknown types are the caller's to skip. Iterating allocates nothing.
///
/// ```c
/// static inline int nla_ok(const struct nlattr *nla, int remaining)
/// {
///     return remaining >= (int) sizeof(*nla) &&
///            nla->nla_len >= sizeof(*nla) &&
///            nla->nla_len <= remaining;
/// }
/// ```
public struct NetlinkAttributes: ~Escapable {
    @usableFromInline var rest: RawSpan
    @usableFromInline var position: Int
    /// The nesting depth of the attributes this cursor returns (0 at the top).
    public let depth: Int

    /// How deep attributes may nest before ``NetlinkAttribute/nested()`` refuses: 64.
    public static let maximumDepth = 64

    /// A cursor over the attributes in `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: The attribute stream.
    ///   - baseOffset: The offset of `bytes` in the message, added to each attribute's ``NetlinkAttribute/offset``.
    ///   - depth: The nesting depth of these attributes.
    @_lifetime(copy bytes)
    @inlinable
    public init(_ bytes: RawSpan, baseOffset: Int = 0, depth: Int = 0) {
        rest = bytes
        position = baseOffset
        self.depth = depth
    }

    /// Whether the cursor has no bytes left.
    public var isAtEnd: Bool { rest.byteCount == 0 }

    /// The next attribute, or `nil` at the end.
    ///
    /// - Throws: ``NetlinkDecodingError`` when the bytes left do not form an attribute; the cursor
    ///   is then at its end.
    @_lifetime(copy self)
    @inlinable
    public mutating func next() throws(NetlinkDecodingError) -> NetlinkAttribute? {
        let available = rest.byteCount
        if available == 0 { return nil }
        guard available >= NetlinkAttribute.headerSize else {
            return try fail(.truncatedAttributeHeader, expected: NetlinkAttribute.headerSize, actual: available)
        }
        let length = Int(rest.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt16.self))
        guard length >= NetlinkAttribute.headerSize else {
            return try fail(.attributeLengthTooSmall, expected: NetlinkAttribute.headerSize, actual: length)
        }
        guard length <= available else {
            return try fail(.attributeLengthExceedsData, expected: length, actual: available)
        }
        let rawType = rest.unsafeLoadUnaligned(fromByteOffset: 2, as: UInt16.self)
        let attribute = NetlinkAttribute(
            rawType: rawType, payload: rest.extracting(unchecked: NetlinkAttribute.headerSize..<length),
            offset: position, depth: depth)
        let step = min(NetlinkAlignment.align(length), available)
        rest = rest.extracting(unchecked: step..<available)
        position += step
        return attribute
    }

    @usableFromInline
    @_lifetime(copy self)
    mutating func fail(_ code: NetlinkDecodingError.Code, expected: Int, actual: Int) throws(NetlinkDecodingError) -> NetlinkAttribute? {
        let error = NetlinkDecodingError(code, offset: position, expected: expected, actual: actual)
        rest = rest.extracting(unchecked: 0..<0)
        throw error
    }
}
