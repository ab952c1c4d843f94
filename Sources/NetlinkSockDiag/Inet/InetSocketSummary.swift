import NetlinkCore

/// An inet socket's fixed part (`struct inet_diag_msg`) and the two attributes that change how it
/// reads — the protocol and IPv6-only — and nothing else: for programs that read a few fields of
/// many sockets (`ss -tan`'s columns, counts by state, a connection table). A value of fixed size:
/// decoding one allocates nothing. ``InetSocket`` has every attribute; ``InetSocket/summary`` is its
/// summary.
public struct InetSocketSummary: Hashable, Sendable {
    /// `idiag_family`.
    public var family: AddressFamily
    /// `idiag_state`.
    public var state: TCPState
    /// `idiag_timer`: 0 none, 1 retransmit, 2 keepalive, 3 TIME-WAIT, 4 zero window probe.
    public var timer: UInt8
    /// `idiag_retrans`.
    public var retransmits: UInt8
    /// `id`.
    public var id: InetSocketID
    /// `idiag_expires`, milliseconds.
    public var expires: UInt32
    /// `idiag_rqueue`: bytes to read (listening: the accept queue).
    public var receiveQueue: UInt32
    /// `idiag_wqueue`: bytes unsent or unacknowledged (listening: the backlog).
    public var sendQueue: UInt32
    /// `idiag_uid`.
    public var uid: UInt32
    /// `idiag_inode`.
    public var inode: UInt32
    /// `INET_DIAG_PROTOCOL` (sent when the dump asked for a protocol other than the socket's own
    /// number, such as MPTCP's subflows or UDP-Lite).
    public var `protocol`: UInt8?
    /// `INET_DIAG_SKV6ONLY`.
    public var v6Only: Bool?

    /// Creates a summary from its fields.
    public init(family: AddressFamily, state: TCPState, timer: UInt8 = 0, retransmits: UInt8 = 0, id: InetSocketID, expires: UInt32 = 0,
                receiveQueue: UInt32 = 0, sendQueue: UInt32 = 0, uid: UInt32 = 0, inode: UInt32 = 0, protocol: UInt8? = nil, v6Only: Bool? = nil) {
        (self.family, self.state, self.timer, self.retransmits, self.id, self.expires) = (family, state, timer, retransmits, id, expires)
        (self.receiveQueue, self.sendQueue, self.uid, self.inode, self.protocol, self.v6Only) = (receiveQueue, sendQueue, uid, inode, `protocol`, v6Only)
    }

    /// Decodes a reply's fixed part, the protocol and IPv6-only (the first of a repeated
    /// attribute counts); the other attributes are walked over, not decoded.
    /// - Throws: `NetlinkDecodingError` as ``InetSocket/init(decoding:)`` does: a header shorter
    ///   than 72 bytes, a family other than IPv4 or IPv6, or a malformed attribute.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        try self.init(fixedPartOf: message)
        var attributes = try message.attributes(afterFixedHeader: InetSocket.size)
        while let a = try attributes.next() {
            switch a.type {
            case InetDiagAttribute.v6Only where v6Only == nil: v6Only = try a.uint8() != 0
            case InetDiagAttribute.protocol where `protocol` == nil: `protocol` = try a.uint8()
            default: continue
            }
        }
    }

    /// The 72 bytes of `struct inet_diag_msg`, no attribute read.
    init(fixedPartOf message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= InetSocket.size else {
            throw NetlinkDecodingError(.truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: InetSocket.size,
                                       actual: payload.byteCount, context: "struct inet_diag_msg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        guard family == .inet || family == .inet6 else {
            throw NetlinkDecodingError(.invalidValue, offset: message.offset + NetlinkMessageHeader.size, context: "inet_diag_msg of family \(family.rawValue)")
        }
        state = TCPState(rawValue: payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self))
        timer = payload.unsafeLoad(fromByteOffset: 2, as: UInt8.self)
        retransmits = payload.unsafeLoad(fromByteOffset: 3, as: UInt8.self)
        id = InetSocketID(payload, at: 4, family: family)
        expires = payload.unsafeLoadUnaligned(fromByteOffset: 52, as: UInt32.self)
        receiveQueue = payload.unsafeLoadUnaligned(fromByteOffset: 56, as: UInt32.self)
        sendQueue = payload.unsafeLoadUnaligned(fromByteOffset: 60, as: UInt32.self)
        uid = payload.unsafeLoadUnaligned(fromByteOffset: 64, as: UInt32.self)
        inode = payload.unsafeLoadUnaligned(fromByteOffset: 68, as: UInt32.self)
    }
}

extension InetSocket {
    /// The socket's ``InetSocketSummary``.
    public var summary: InetSocketSummary {
        InetSocketSummary(family: family, state: state, timer: timer, retransmits: retransmits, id: id, expires: expires,
                          receiveQueue: receiveQueue, sendQueue: sendQueue, uid: uid, inode: inode, protocol: `protocol`, v6Only: v6Only)
    }
}
