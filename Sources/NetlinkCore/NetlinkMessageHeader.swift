/// The fixed header that starts every netlink message, `struct nlmsghdr`.
///
/// ```text
///  0               1               2               3
///  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
/// +---------------------------------------------------------------+
/// |                    nlmsg_len (u32, host order)                |
/// +-------------------------------+-------------------------------+
/// |   nlmsg_type (u16, host)      |   nlmsg_flags (u16, host)     |
/// +-------------------------------+-------------------------------+
/// |                    nlmsg_seq (u32, host order)                |
/// +---------------------------------------------------------------+
/// |                    nlmsg_pid (u32, host order)                |
/// +---------------------------------------------------------------+
/// ```
///
/// All fields are in host byte order. `nlmsg_len` counts the header and the payload, without the
/// padding that follows a message whose length is not a multiple of four.
///
/// The corresponding C type is `struct nlmsghdr`.
public struct NetlinkMessageHeader: Hashable, Sendable {
    /// The size of the header in bytes: 16.
    ///
    /// ```c
    /// #define NLMSG_HDRLEN ((int) NLMSG_ALIGN(sizeof(struct nlmsghdr)))
    /// ```
    public static let size = 16

    /// The length of the message including this header (`nlmsg_len`).
    public var length: UInt32
    /// The message type (`nlmsg_type`).
    public var type: NetlinkMessageType
    /// The message flags (`nlmsg_flags`).
    public var flags: NetlinkMessageFlags
    /// The sequence number (`nlmsg_seq`).
    public var sequence: UInt32
    /// The port ID of the sending socket, or of the requester in a kernel reply (`nlmsg_pid`).
    ///
    /// This proves nothing about who sent a message: only the sender address of `recvmsg` does.
    public var portID: UInt32

    /// Creates a header from its fields.
    public init(
        length: UInt32, type: NetlinkMessageType, flags: NetlinkMessageFlags = [],
        sequence: UInt32 = 0, portID: UInt32 = 0
    ) {
        self.length = length
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
    }

    /// Reads a header from the first 16 bytes of `bytes` (host byte order) without checking
    /// `nlmsg_len` against anything.
    ///
    /// - Throws: ``NetlinkDecodingError`` with code ``NetlinkDecodingError/Code/truncatedMessageHeader``
    ///   when fewer than 16 bytes are given.
    public init(decoding bytes: RawSpan) throws(NetlinkDecodingError) {
        guard bytes.byteCount >= Self.size else {
            throw NetlinkDecodingError(.truncatedMessageHeader, offset: 0, expected: Self.size, actual: bytes.byteCount)
        }
        self.init(unchecked: bytes)
    }

    @inlinable
    init(unchecked bytes: RawSpan) {
        length = bytes.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self)
        type = NetlinkMessageType(rawValue: bytes.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt16.self))
        flags = NetlinkMessageFlags(rawValue: bytes.unsafeLoadUnaligned(fromByteOffset: 6, as: UInt16.self))
        sequence = bytes.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self)
        portID = bytes.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self)
    }

    /// The 16 bytes of this header, in host byte order.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Self.size)
        appendBytes(to: &out)
        return out
    }

    func appendBytes(to out: inout [UInt8]) {
        withUnsafeBytes(of: length) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: type.rawValue) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: flags.rawValue) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: sequence) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: portID) { out.append(contentsOf: $0) }
    }

    /// The value of `nlmsg_len` for a message whose payload is `payloadLength` bytes long.
    ///
    /// ```c
    /// #define NLMSG_LENGTH(len) ((len) + NLMSG_HDRLEN)
    /// ```
    @inlinable
    public static func length(payload payloadLength: Int) -> Int {
        payloadLength + size
    }

    /// The number of bytes a message with a payload of `payloadLength` bytes occupies, padding included.
    ///
    /// ```c
    /// #define NLMSG_SPACE(len) NLMSG_ALIGN(NLMSG_LENGTH(len))
    /// ```
    @inlinable
    public static func space(payload payloadLength: Int) -> Int {
        NetlinkAlignment.align(length(payload: payloadLength))
    }

    /// The number of payload bytes that follow a fixed family header of `fixedHeaderLength` bytes,
    /// or `nil` when `nlmsg_len` is too short to hold that header.
    ///
    /// ```c
    /// #define NLMSG_PAYLOAD(nlh,len) ((nlh)->nlmsg_len - NLMSG_SPACE((len)))
    /// ```
    /// Unlike the macro, this never goes negative.
    public func payloadLength(after fixedHeaderLength: Int) -> Int? {
        let value = Int(length) - Self.space(payload: fixedHeaderLength)
        return value >= 0 ? value : nil
    }
}
