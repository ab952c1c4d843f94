import NetlinkCore

/// A request for unix sockets (`struct unix_diag_req`, 24 bytes).
///
/// ```text
///  0 sdiag_family u8 (AF_UNIX)  1 sdiag_protocol u8 (0)  2 pad u16  4 udiag_states u32
///  8 udiag_ino u32  12 udiag_show u32  16 udiag_cookie[2] u32
/// ```
public struct UnixDiagRequest: Hashable, Sendable {
    /// `sizeof(struct unix_diag_req)`.
    public static let size = 24
    /// `udiag_states`.
    public var states: TCPStates
    /// `udiag_show`.
    public var show: UnixDiagAttribute.Show
    /// `udiag_ino`: for an exact lookup.
    public var inode: UInt32
    /// `udiag_cookie`.
    public var cookie: UInt64

    /// Creates a request (a dump of every socket in `states` by default).
    public init(states: TCPStates = .all, show: UnixDiagAttribute.Show = .all, inode: UInt32 = 0, cookie: UInt64 = InetSocketID.noCookie) {
        self.states = states
        self.show = show
        self.inode = inode
        self.cookie = cookie
    }

    /// Writes the 24 bytes.
    public func encode(into b: inout NetlinkMessageBuilder) {
        b.append(AddressFamily.unix.rawValue)
        b.append(UInt8(0))
        b.append(UInt16(0))
        b.append(states.rawValue)
        b.append(inode)
        b.append(show.rawValue)
        b.append(UInt32(truncatingIfNeeded: cookie))
        b.append(UInt32(truncatingIfNeeded: cookie >> 32))
    }
}

/// A unix socket as sock_diag reports it (`struct unix_diag_msg`, 16 bytes, then attributes).
///
/// ```text
///  0 udiag_family u8  1 udiag_type u8  2 udiag_state u8  3 pad u8  4 udiag_ino u32  8 udiag_cookie[2] u32
/// ```
public struct UnixSocket: Hashable, Sendable {
    /// `sizeof(struct unix_diag_msg)`.
    public static let size = 16

    /// `udiag_type`: `SOCK_STREAM` 1, `SOCK_DGRAM` 2, `SOCK_SEQPACKET` 5.
    public var type: UInt8
    /// `udiag_state` (TCP's numbering: `LISTEN`, `ESTAB`, `UNCONN` for an unconnected one).
    public var state: TCPState
    /// `udiag_ino`.
    public var inode: UInt32
    /// `udiag_cookie`.
    public var cookie: UInt64
    /// `UNIX_DIAG_NAME`: the bytes (an abstract name begins with NUL).
    public var name: [UInt8]?
    /// `UNIX_DIAG_VFS`: the bound file's inode and device.
    public var vfs: (inode: UInt32, device: UInt32)? {
        get { vfsPair.map { ($0.0, $0.1) } }
        set { vfsPair = newValue.map { ($0.inode, $0.device) } }
    }
    private var vfsPair: (UInt32, UInt32)?
    /// `UNIX_DIAG_PEER`.
    public var peer: UInt32?
    /// `UNIX_DIAG_ICONS`.
    public var pendingConnections: [UInt32]?
    /// `UNIX_DIAG_RQLEN`: receive and send queue (listening: pending and backlog).
    public var queueLengths: (receive: UInt32, send: UInt32)? {
        get { queuePair.map { ($0.0, $0.1) } }
        set { queuePair = newValue.map { ($0.receive, $0.send) } }
    }
    private var queuePair: (UInt32, UInt32)?
    /// `UNIX_DIAG_MEMINFO`.
    public var memory: [UInt32]?
    /// `UNIX_DIAG_SHUTDOWN`.
    public var shutdown: UInt8?
    /// `UNIX_DIAG_UID`.
    public var uid: UInt32?
    /// Every other attribute, kept.
    public var otherAttributes: [UInt16: [UInt8]] = [:]

    /// Decodes a reply (the first of a repeated attribute counts).
    /// - Throws: `NetlinkDecodingError` for a header shorter than 16 bytes or a malformed attribute.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(.truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: Self.size,
                                       actual: payload.byteCount, context: "struct unix_diag_msg")
        }
        type = payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self)
        state = TCPState(rawValue: payload.unsafeLoad(fromByteOffset: 2, as: UInt8.self))
        inode = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)
        let low = UInt64(payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self))
        cookie = low | UInt64(payload.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self)) << 32
        func words(_ a: borrowing NetlinkAttribute) -> [UInt32] {
            a.payload.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self) } }
        }
        var seen = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: Self.size)
        while let a = try attributes.next() {
            guard seen.insert(a.type).inserted else { continue }
            switch a.type {
            case UnixDiagAttribute.name: name = a.bytes()
            case UnixDiagAttribute.vfs, UnixDiagAttribute.queueLengths:
                guard a.payload.byteCount == 8 else {
                    throw NetlinkDecodingError(.attributeSizeMismatch, offset: a.offset, attributeType: a.type, expected: 8, actual: a.payload.byteCount,
                                               context: "two u32")
                }
                let pair = words(a)
                if a.type == UnixDiagAttribute.vfs { vfsPair = (pair[0], pair[1]) } else { queuePair = (pair[0], pair[1]) }
            case UnixDiagAttribute.peer: peer = try a.uint32(.host)
            case UnixDiagAttribute.icons: pendingConnections = words(a)
            case UnixDiagAttribute.memoryInfo: memory = words(a)
            case UnixDiagAttribute.shutdown: shutdown = try a.uint8()
            case UnixDiagAttribute.uid: uid = try a.uint32(.host)
            default: otherAttributes[a.type] = a.bytes()
            }
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.type == b.type && a.state == b.state && a.inode == b.inode && a.cookie == b.cookie && a.name == b.name
            && a.vfsPair?.0 == b.vfsPair?.0 && a.vfsPair?.1 == b.vfsPair?.1 && a.peer == b.peer && a.pendingConnections == b.pendingConnections
            && a.queuePair?.0 == b.queuePair?.0 && a.queuePair?.1 == b.queuePair?.1 && a.memory == b.memory && a.shutdown == b.shutdown
            && a.uid == b.uid && a.otherAttributes == b.otherAttributes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(inode)
        hasher.combine(cookie)
        hasher.combine(name)
    }
}
