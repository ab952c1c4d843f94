/// One netlink message, borrowed in place from the bytes that hold it.
///
/// ```text
///  <--- NLMSG_HDRLEN (16) ---> <---------- payload ----------> <pad>
/// +---------------------------+--------------------------------+-----+
/// |  struct nlmsghdr          | family header | attributes ... |     |
/// +---------------------------+--------------------------------+-----+
///  <------------------------ nlmsg_len ----------------------->
/// ```
///
/// A message is a view: it copies nothing and lives no longer than the bytes it borrows. Its
/// length has been checked against the bytes available when it was made, so ``payload`` is exactly
/// `nlmsg_len - 16` bytes.
public struct NetlinkMessage: ~Escapable {
    /// The whole message, header included, `nlmsg_len` bytes (no trailing padding).
    public let bytes: RawSpan
    /// The offset of the message in the datagram it was read from.
    public let offset: Int

    /// Views `bytes` as one message after checking its header.
    ///
    /// `bytes` may be longer than the message; the view covers `nlmsg_len` bytes.
    /// - Throws: ``NetlinkDecodingError`` when the header is cut short, `nlmsg_len` is below 16 or
    ///   runs past the end of `bytes`.
    @_lifetime(copy bytes)
    public init(_ bytes: RawSpan, offset: Int = 0) throws(NetlinkDecodingError) {
        guard bytes.byteCount >= NetlinkMessageHeader.size else {
            throw NetlinkDecodingError(
                .truncatedMessageHeader, offset: offset, expected: NetlinkMessageHeader.size, actual: bytes.byteCount)
        }
        let length = Int(bytes.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self))
        guard length >= NetlinkMessageHeader.size else {
            throw NetlinkDecodingError(
                .messageLengthTooSmall, offset: offset, expected: NetlinkMessageHeader.size, actual: length)
        }
        guard length <= bytes.byteCount else {
            throw NetlinkDecodingError(
                .messageLengthExceedsData, offset: offset, expected: length, actual: bytes.byteCount)
        }
        self.bytes = bytes.extracting(unchecked: 0..<length)
        self.offset = offset
    }

    @_lifetime(copy bytes)
    @usableFromInline
    init(unchecked bytes: RawSpan, offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    /// The header, decoded.
    @inlinable
    public var header: NetlinkMessageHeader { NetlinkMessageHeader(unchecked: bytes) }

    /// `nlmsg_len`: the length of the message, header included.
    @inlinable
    public var length: Int { bytes.byteCount }

    /// `nlmsg_type`.
    @inlinable
    public var type: NetlinkMessageType {
        NetlinkMessageType(rawValue: bytes.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt16.self))
    }

    /// `nlmsg_flags`.
    @inlinable
    public var flags: NetlinkMessageFlags {
        NetlinkMessageFlags(rawValue: bytes.unsafeLoadUnaligned(fromByteOffset: 6, as: UInt16.self))
    }

    /// `nlmsg_seq`.
    @inlinable
    public var sequence: UInt32 { bytes.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self) }

    /// `nlmsg_pid`: the port ID in the header (which proves nothing about the sender).
    @inlinable
    public var portID: UInt32 { bytes.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self) }

    /// The bytes after the header.
    ///
    /// ```c
    /// #define NLMSG_DATA(nlh)  ((void *)(((char *)nlh) + NLMSG_HDRLEN))
    /// ```
    public var payload: RawSpan {
        @_lifetime(copy self)
        get { bytes.extracting(unchecked: NetlinkMessageHeader.size..<bytes.byteCount) }
    }

    /// The attributes that follow a fixed family header of `fixedHeaderLength` bytes
    /// (for example 16 for `struct ifinfomsg`).
    ///
    /// The family header is padded to four bytes, as the kernel does (`nlmsg_attrdata`).
    /// - Throws: ``NetlinkDecodingError`` with ``NetlinkDecodingError/Code/truncatedStructure``
    ///   when the payload is shorter than the family header.
    @_lifetime(copy self)
    public func attributes(afterFixedHeader fixedHeaderLength: Int) throws(NetlinkDecodingError) -> NetlinkAttributes {
        let start = NetlinkMessageHeader.size + NetlinkAlignment.align(fixedHeaderLength)
        guard fixedHeaderLength >= 0, NetlinkMessageHeader.size + fixedHeaderLength <= bytes.byteCount else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: offset + NetlinkMessageHeader.size,
                expected: fixedHeaderLength, actual: bytes.byteCount - NetlinkMessageHeader.size,
                context: "family header")
        }
        let clamped = min(start, bytes.byteCount)
        return NetlinkAttributes(bytes.extracting(unchecked: clamped..<bytes.byteCount), baseOffset: offset + clamped)
    }

    /// Reads the fixed family header at the start of the payload as a value of type `T`
    /// (a C struct imported or written to match, for example `ifinfomsg`).
    ///
    /// - Throws: ``NetlinkDecodingError`` when the payload is shorter than `MemoryLayout<T>.size`.
    public func fixedHeader<T: BitwiseCopyable>(as type: T.Type) throws(NetlinkDecodingError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.byteCount - NetlinkMessageHeader.size >= size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: offset + NetlinkMessageHeader.size,
                expected: size, actual: bytes.byteCount - NetlinkMessageHeader.size, context: "\(T.self)")
        }
        return bytes.unsafeLoadUnaligned(fromByteOffset: NetlinkMessageHeader.size, as: T.self)
    }

    /// Copies the message bytes out, header included.
    public func copyBytes() -> [UInt8] {
        bytes.withUnsafeBytes { Array($0) }
    }
}

/// The messages of one datagram, read in order: a cursor that checks each length before use.
///
/// ```swift
/// var messages = NetlinkMessages(datagram)
/// while let message = try messages.next() {
///     // use message.type, message.payload ...
/// }
/// ```
///
/// It follows `NLMSG_OK` and `NLMSG_NEXT`, but never trusts a length:
/// ```c
/// #define NLMSG_OK(nlh,len) ((len) >= (int)sizeof(struct nlmsghdr) && \
///                            (nlh)->nlmsg_len >= sizeof(struct nlmsghdr) && \
///                            (nlh)->nlmsg_len <= (len))
/// #define NLMSG_NEXT(nlh,len) ((len) -= NLMSG_ALIGN((nlh)->nlmsg_len), \
///                              (struct nlmsghdr*)(((char*)(nlh)) + NLMSG_ALIGN((nlh)->nlmsg_len)))
/// ```
/// Where the macros stop silently, this throws: a header cut short, `nlmsg_len` below 16 or past the
/// end of the datagram. After an error the cursor is finished (it returns `nil`), so a loop always ends.
/// A final message whose length is not a multiple of four (no padding after it) still parses.
/// Iterating allocates nothing.
public struct NetlinkMessages: ~Escapable {
    @usableFromInline var rest: RawSpan
    @usableFromInline var position: Int

    /// A cursor over the messages of `datagram`.
    @_lifetime(copy datagram)
    @inlinable
    public init(_ datagram: RawSpan) {
        rest = datagram
        position = 0
    }

    /// The offset of the next message in the datagram.
    public var offset: Int { position }

    /// Whether the cursor has no bytes left.
    public var isAtEnd: Bool { rest.byteCount == 0 }

    /// The next message, or `nil` at the end of the datagram.
    ///
    /// - Throws: ``NetlinkDecodingError`` when the bytes left do not form a message; the cursor
    ///   is then at its end.
    @_lifetime(copy self)
    @inlinable
    public mutating func next() throws(NetlinkDecodingError) -> NetlinkMessage? {
        let available = rest.byteCount
        if available == 0 { return nil }
        guard available >= NetlinkMessageHeader.size else {
            return try fail(.truncatedMessageHeader, expected: NetlinkMessageHeader.size, actual: available)
        }
        let length = Int(rest.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self))
        guard length >= NetlinkMessageHeader.size else {
            return try fail(.messageLengthTooSmall, expected: NetlinkMessageHeader.size, actual: length)
        }
        guard length <= available else {
            return try fail(.messageLengthExceedsData, expected: length, actual: available)
        }
        let message = NetlinkMessage(unchecked: rest.extracting(unchecked: 0..<length), offset: position)
        let step = min(NetlinkAlignment.align(length), available)
        rest = rest.extracting(unchecked: step..<available)
        position += step
        return message
    }

    @usableFromInline
    @_lifetime(copy self)
    mutating func fail(_ code: NetlinkDecodingError.Code, expected: Int, actual: Int) throws(NetlinkDecodingError) -> NetlinkMessage? {
        let error = NetlinkDecodingError(code, offset: position, expected: expected, actual: actual)
        rest = rest.extracting(unchecked: 0..<0)
        throw error
    }
}
