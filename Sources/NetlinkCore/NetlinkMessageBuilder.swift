/// Writes netlink messages: headers, fixed structures and attributes, with every length
/// back-patched and checked.
///
/// ```swift
/// var builder = NetlinkMessageBuilder()
/// try builder.message(type: .init(16), flags: [.request, .acknowledge, .create, .exclusive], sequence: 1) { b in
///     b.append(ifinfomsg)                                   // fixed family header, padded to 4
///     try b.appendAttribute(3, string: "veth0")             // IFLA_IFNAME
///     try b.appendNested(18) { b in                         // IFLA_LINKINFO
///         try b.appendAttribute(1, string: "veth")          // IFLA_INFO_KIND
///     }
/// }
/// socket.send(builder.bytes)
/// ```
///
/// Several messages may be written one after another into one datagram (a batch). Each message and
/// each attribute starts on a 4-byte boundary; `nlmsg_len` and `nla_len` count the unpadded size,
/// as the kernel does. A nest's length covers its contents with their padding (`nla_nest_end`).
///
/// Limits are errors, never wrapped lengths: an attribute payload over 65,531 bytes or a nest over
/// 65,535 bytes throws ``NetlinkEncodingError`` and leaves the builder as it was before the call.
/// A nest whose closure throws is rolled back the same way.
public struct NetlinkMessageBuilder: Sendable {
    /// The bytes written so far: complete messages, and the open one if any.
    public var bytes: [UInt8] { storage }
    @usableFromInline var storage: [UInt8]
    @usableFromInline var openMessageStart: Int?

    /// Creates an empty builder with room for `capacity` bytes.
    public init(capacity: Int = 4096) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// The number of bytes written.
    @inlinable
    public var count: Int { storage.count }

    /// Whether a message is open (begun and not ended).
    public var hasOpenMessage: Bool { openMessageStart != nil }

    /// Forgets everything written, keeping the allocated capacity (for reuse in a loop).
    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        openMessageStart = nil
    }

    /// Keeps the first `count` bytes and forgets the rest (to undo a message that turned out unwanted).
    public mutating func truncate(to count: Int) {
        precondition(count <= storage.count)
        storage.removeSubrange(count...)
        if let start = openMessageStart, start >= count { openMessageStart = nil }
    }

    // MARK: Messages

    /// Starts a message: writes its header with a length to be patched by ``endMessage()``.
    ///
    /// - Returns: The offset of the message in ``bytes``.
    /// - Throws: ``NetlinkEncodingError/Code/unbalancedMessage`` when a message is already open.
    @discardableResult
    public mutating func beginMessage(
        type: NetlinkMessageType, flags: NetlinkMessageFlags, sequence: UInt32 = 0, portID: UInt32 = 0
    ) throws(NetlinkEncodingError) -> Int {
        guard openMessageStart == nil else { throw NetlinkEncodingError(.unbalancedMessage) }
        padToAlignment()
        let start = storage.count
        NetlinkMessageHeader(length: 0, type: type, flags: flags, sequence: sequence, portID: portID)
            .appendBytes(to: &storage)
        openMessageStart = start
        return start
    }

    /// Ends the open message: patches `nlmsg_len` (the unpadded length, as `NLMSG_LENGTH` gives it)
    /// and pads to four bytes.
    ///
    /// - Returns: The value written to `nlmsg_len`.
    /// - Throws: ``NetlinkEncodingError/Code/unbalancedMessage`` when no message is open,
    ///   ``NetlinkEncodingError/Code/messageTooLarge`` over 4 GiB (the message is then removed).
    @discardableResult
    public mutating func endMessage() throws(NetlinkEncodingError) -> Int {
        guard let start = openMessageStart else { throw NetlinkEncodingError(.unbalancedMessage) }
        let length = storage.count - start
        openMessageStart = nil
        guard length <= Int(UInt32.max) else {
            storage.removeSubrange(start...)
            throw NetlinkEncodingError(.messageTooLarge, size: length, limit: Int(UInt32.max))
        }
        store(UInt32(length), at: start)
        padToAlignment()
        return length
    }

    /// Writes one whole message: the header, what `body` appends, and the patched length.
    ///
    /// If `body` throws, the message is removed and the error rethrown.
    public mutating func message(
        type: NetlinkMessageType, flags: NetlinkMessageFlags, sequence: UInt32 = 0, portID: UInt32 = 0,
        _ body: (inout NetlinkMessageBuilder) throws -> Void
    ) throws {
        let start = try beginMessage(type: type, flags: flags, sequence: sequence, portID: portID)
        do {
            try body(&self)
        } catch {
            storage.removeSubrange(start...)
            openMessageStart = nil
            throw error
        }
        try endMessage()
    }

    // MARK: Raw content

    /// Appends a fixed structure (a family header such as `ifinfomsg`) as its in-memory bytes, right
    /// after what precedes it. The next attribute, message or nest end pads to four bytes.
    public mutating func append<T: BitwiseCopyable>(_ value: T) {
        withUnsafeBytes(of: value) { storage.append(contentsOf: $0) }
    }

    /// Appends raw bytes right after what precedes them (no padding before or after).
    public mutating func append(bytes source: some Sequence<UInt8>) {
        storage.append(contentsOf: source)
    }

    /// Appends `count` zero bytes right after what precedes them.
    public mutating func appendZeros(_ count: Int) {
        storage.append(contentsOf: repeatElement(0, count: count))
    }

    /// Pads with zeros to the next multiple of four.
    @inlinable
    public mutating func padToAlignment() {
        let padding = NetlinkAlignment.align(storage.count) - storage.count
        if padding > 0 { storage.append(contentsOf: repeatElement(0, count: padding)) }
    }

    // MARK: Attributes

    @inlinable
    mutating func appendAttributeHeader(_ type: UInt16, flags: UInt16, payloadSize: Int) throws(NetlinkEncodingError) {
        guard type <= NetlinkAttribute.typeMask else {
            throw NetlinkEncodingError(.attributeTypeOutOfRange, attributeType: type, size: Int(type), limit: Int(NetlinkAttribute.typeMask))
        }
        guard payloadSize <= NetlinkAttribute.maximumPayloadSize else {
            throw NetlinkEncodingError(
                .attributePayloadTooLarge, attributeType: type, size: payloadSize, limit: NetlinkAttribute.maximumPayloadSize)
        }
        padToAlignment()
        let length = UInt16(payloadSize + NetlinkAttribute.headerSize)
        withUnsafeBytes(of: length) { storage.append(contentsOf: $0) }
        withUnsafeBytes(of: type | flags) { storage.append(contentsOf: $0) }
    }

    /// Appends an attribute whose payload is the given bytes.
    /// - Throws: over 65,531 bytes, or a type above 0x3FFF.
    public mutating func appendAttribute(_ type: UInt16, bytes payload: some Collection<UInt8>) throws(NetlinkEncodingError) {
        try appendAttributeHeader(type, flags: 0, payloadSize: payload.count)
        storage.append(contentsOf: payload)
        padToAlignment()
    }

    /// Appends a nested attribute (`NLA_F_NESTED` set) whose payload is attributes already encoded
    /// (by another builder), for encoders that throw only `NetlinkEncodingError`.
    /// - Throws: over 65,531 bytes, or a type above 0x3FFF.
    public mutating func appendNested(_ type: UInt16, encoded payload: some Collection<UInt8>) throws(NetlinkEncodingError) {
        try appendAttributeHeader(type, flags: NetlinkAttribute.nestedFlag, payloadSize: payload.count)
        storage.append(contentsOf: payload)
        padToAlignment()
    }

    /// Appends an attribute whose payload is the in-memory bytes of `value` (a fixed structure).
    public mutating func appendAttribute<T: BitwiseCopyable>(_ type: UInt16, value: T) throws(NetlinkEncodingError) {
        try appendAttributeHeader(type, flags: 0, payloadSize: MemoryLayout<T>.size)
        withUnsafeBytes(of: value) { storage.append(contentsOf: $0) }
        padToAlignment()
    }

    @inlinable
    mutating func appendInteger<T: FixedWidthInteger>(_ type: UInt16, _ value: T, _ order: NetlinkByteOrder) throws(NetlinkEncodingError) {
        let flags: UInt16 = order == .fromAttributeFlag ? NetlinkAttribute.networkByteOrderFlag : 0
        let stored = order == .host ? value : value.bigEndian
        try appendAttributeHeader(type, flags: flags, payloadSize: MemoryLayout<T>.size)
        withUnsafeBytes(of: stored) { storage.append(contentsOf: $0) }
        padToAlignment()
    }

    /// Appends a `u8` attribute.
    public mutating func appendAttribute(_ type: UInt16, uint8 value: UInt8) throws(NetlinkEncodingError) {
        try appendInteger(type, value, .host)
    }
    /// Appends an `s8` attribute.
    public mutating func appendAttribute(_ type: UInt16, int8 value: Int8) throws(NetlinkEncodingError) {
        try appendInteger(type, value, .host)
    }
    /// Appends a `u16` attribute in the given byte order (``NetlinkByteOrder/fromAttributeFlag`` writes
    /// big-endian and sets `NLA_F_NET_BYTEORDER`).
    public mutating func appendAttribute(_ type: UInt16, uint16 value: UInt16, _ order: NetlinkByteOrder) throws(NetlinkEncodingError) {
        try appendInteger(type, value, order)
    }
    /// Appends an `s16` attribute in the given byte order.
    public mutating func appendAttribute(_ type: UInt16, int16 value: Int16, _ order: NetlinkByteOrder) throws(NetlinkEncodingError) {
        try appendInteger(type, value, order)
    }
    /// Appends a `u32` attribute in the given byte order.
    public mutating func appendAttribute(_ type: UInt16, uint32 value: UInt32, _ order: NetlinkByteOrder) throws(NetlinkEncodingError) {
        try appendInteger(type, value, order)
    }
    /// Appends an `s32` attribute in the given byte order.
    public mutating func appendAttribute(_ type: UInt16, int32 value: Int32, _ order: NetlinkByteOrder) throws(NetlinkEncodingError) {
        try appendInteger(type, value, order)
    }
    /// Appends a `u64` attribute in the given byte order.
    public mutating func appendAttribute(_ type: UInt16, uint64 value: UInt64, _ order: NetlinkByteOrder) throws(NetlinkEncodingError) {
        try appendInteger(type, value, order)
    }
    /// Appends an `s64` attribute in the given byte order.
    public mutating func appendAttribute(_ type: UInt16, int64 value: Int64, _ order: NetlinkByteOrder) throws(NetlinkEncodingError) {
        try appendInteger(type, value, order)
    }

    /// Appends a NUL-terminated string attribute (`NLA_NUL_STRING`, also accepted as `NLA_STRING`):
    /// the string's ``Swift/String/rawBytes`` (its UTF-8, with raw-byte scalars as their bytes).
    public mutating func appendAttribute(_ type: UInt16, string: String) throws(NetlinkEncodingError) {
        let utf8 = string.utf8
        if !utf8.contains(0xF4) {
            // Plain UTF-8 (no raw-byte scalar): its bytes as they are, without a copy.
            try appendAttributeHeader(type, flags: 0, payloadSize: utf8.count + 1)
            storage.append(contentsOf: utf8)
            storage.append(0)
            padToAlignment()
            return
        }
        var bytes = string.rawBytes
        bytes.append(0)
        try appendAttribute(type, bytes: bytes)
    }

    /// Appends a flag attribute (`NLA_FLAG`): a header with no payload.
    public mutating func appendFlagAttribute(_ type: UInt16) throws(NetlinkEncodingError) {
        try appendAttributeHeader(type, flags: 0, payloadSize: 0)
    }

    /// Appends an IPv4 address attribute (4 bytes, network order).
    public mutating func appendAttribute(_ type: UInt16, ipv4 address: IPv4Address) throws(NetlinkEncodingError) {
        try appendAttribute(type, value: address.networkOrder)
    }

    /// Appends an IPv6 address attribute (16 bytes, network order).
    public mutating func appendAttribute(_ type: UInt16, ipv6 address: IPv6Address) throws(NetlinkEncodingError) {
        try appendAttributeHeader(type, flags: 0, payloadSize: 16)
        withUnsafeBytes(of: address.high.bigEndian) { storage.append(contentsOf: $0) }
        withUnsafeBytes(of: address.low.bigEndian) { storage.append(contentsOf: $0) }
    }

    /// Appends an IPv4 or IPv6 address attribute (4 or 16 bytes, network order).
    public mutating func appendAttribute(_ type: UInt16, ip address: IPAddress) throws(NetlinkEncodingError) {
        switch address {
        case .v4(let a): try appendAttribute(type, ipv4: a)
        case .v6(let a): try appendAttribute(type, ipv6: a)
        }
    }

    /// Appends a MAC address attribute (6 bytes).
    public mutating func appendAttribute(_ type: UInt16, mac address: MACAddress) throws(NetlinkEncodingError) {
        try appendAttribute(type, bytes: address.bytes)
    }

    /// Appends a nested attribute: a header, what `body` appends, and the length back-patched.
    ///
    /// ```c
    /// mnl_attr_nest_start / mnl_attr_nest_end / mnl_attr_nest_cancel   (libmnl)
    /// ```
    ///
    /// - Parameters:
    ///   - type: The attribute type (0...0x3FFF).
    ///   - setNestedFlag: Whether to set `NLA_F_NESTED` on the type (default: yes; the kernel's strict
    ///     validation wants it, and accepts it everywhere).
    ///   - body: Appends the nested attributes.
    /// - Throws: ``NetlinkEncodingError/Code/nestTooLarge`` when the nest exceeds 65,535 bytes, or what
    ///   `body` throws. Either way the nest is rolled back: the builder is as before the call.
    public mutating func appendNested(
        _ type: UInt16, setNestedFlag: Bool = true, _ body: (inout NetlinkMessageBuilder) throws -> Void
    ) throws {
        padToAlignment()
        let start = storage.count
        try appendAttributeHeader(type, flags: setNestedFlag ? NetlinkAttribute.nestedFlag : 0, payloadSize: 0)
        do {
            try body(&self)
        } catch {
            storage.removeSubrange(start...)
            throw error
        }
        padToAlignment()
        let length = storage.count - start
        guard length <= Int(UInt16.max) else {
            storage.removeSubrange(start...)
            throw NetlinkEncodingError(.nestTooLarge, attributeType: type, size: length, limit: Int(UInt16.max))
        }
        store(UInt16(length), at: start)
    }

    @inlinable
    mutating func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: offset, as: T.self) }
    }
}
