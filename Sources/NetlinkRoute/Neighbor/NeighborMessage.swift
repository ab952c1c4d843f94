import NetlinkCore

/// The fixed header of neighbour messages, `struct ndmsg` (12 bytes, host byte order).
///
/// ```text
/// +--------+--------+-----------------+
/// | family | pad    | pad (u16)       |   ndm_family, ndm_pad1, ndm_pad2
/// +--------+--------+-----------------+
/// |           index (s32)             |   ndm_ifindex
/// +-----------------+--------+--------+
/// |   state (u16)   | flags  | type   |   ndm_state (NUD_*), ndm_flags (NTF_*), ndm_type (RTN_*)
/// +-----------------+--------+--------+
/// ```
public struct NeighborMessage: Hashable, Sendable {
    /// The size on the wire: 12.
    public static let size = 12

    /// `ndm_family`: `AF_INET` (2), `AF_INET6` (10), `AF_BRIDGE` (7), or `AF_UNSPEC` (0) in a dump of all.
    public var family: AddressFamily
    /// `ndm_ifindex`: the interface index (0: not given).
    public var index: Int32
    /// `ndm_state`: the `NUD_*` state.
    public var state: NeighborState
    /// `ndm_flags`: the `NTF_*` flags.
    public var flags: NeighborFlags
    /// `ndm_type`: the route type of the address (`RTN_UNICAST` is 1); the kernel fills it in.
    public var type: UInt8

    /// Creates a header.
    public init(family: AddressFamily = 0, index: Int32 = 0, state: NeighborState = [], flags: NeighborFlags = [], type: UInt8 = 0) {
        self.family = family
        self.index = index
        self.state = state
        self.flags = flags
        self.type = type
    }

    /// Reads the header at the start of a neighbour message's payload.
    /// - Throws: `NetlinkDecodingError/Code/truncatedStructure` when the payload is shorter than 12 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + 16, expected: Self.size, actual: payload.byteCount,
                context: "struct ndmsg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        index = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: Int32.self)  // host order
        state = NeighborState(rawValue: payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt16.self))  // host order
        flags = NeighborFlags(rawValue: payload.unsafeLoad(fromByteOffset: 10, as: UInt8.self))
        type = payload.unsafeLoad(fromByteOffset: 11, as: UInt8.self)
    }

    /// Writes the 12 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.appendZeros(3)
        builder.append(index)
        builder.append(state.rawValue)
        builder.append(flags.rawValue)
        builder.append(type)
    }
}

/// Neighbour cache entry states (`NUD_*` of `<linux/neighbour.h>`), the `ndm_state` bits.
///
/// `NUD_NONE` (0) is the empty set, `[]`. ``noARP`` and ``permanent`` are pseudo-states: such an
/// entry never changes and needs no address resolution.
public struct NeighborState: OptionSet, Hashable, Sendable {
    /// The state bits.
    public var rawValue: UInt16
    /// Creates a state from its bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NUD_INCOMPLETE` (0x01): resolution in progress.
    public static let incomplete = NeighborState(rawValue: 0x01)
    /// `NUD_REACHABLE` (0x02): confirmed reachable recently.
    public static let reachable = NeighborState(rawValue: 0x02)
    /// `NUD_STALE` (0x04): valid but unconfirmed.
    public static let stale = NeighborState(rawValue: 0x04)
    /// `NUD_DELAY` (0x08): waiting before probing.
    public static let delay = NeighborState(rawValue: 0x08)
    /// `NUD_PROBE` (0x10): probing.
    public static let probe = NeighborState(rawValue: 0x10)
    /// `NUD_FAILED` (0x20): resolution failed.
    public static let failed = NeighborState(rawValue: 0x20)
    /// `NUD_NOARP` (0x40): no resolution needed (a pseudo-state).
    public static let noARP = NeighborState(rawValue: 0x40)
    /// `NUD_PERMANENT` (0x80): set by an administrator, never expires (a pseudo-state).
    public static let permanent = NeighborState(rawValue: 0x80)
}

/// Neighbour entry flags (`NTF_*` of `<linux/neighbour.h>`), the `ndm_flags` bits.
public struct NeighborFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt8
    /// Creates flags from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `NTF_USE` (0x01): mark the entry used (triggers resolution).
    public static let use = NeighborFlags(rawValue: 0x01)
    /// `NTF_SELF` (0x02): for bridge FDB entries, the device's own table (`ip` prints "self").
    public static let ownTable = NeighborFlags(rawValue: 0x02)
    /// `NTF_MASTER` (0x04): for bridge FDB entries, the master's table.
    public static let master = NeighborFlags(rawValue: 0x04)
    /// `NTF_PROXY` (0x08, `ATF_PUBL`): a proxy entry (proxy ARP / proxy NDP). Proxy entries are dumped
    /// only by a dump request that carries this flag.
    public static let proxy = NeighborFlags(rawValue: 0x08)
    /// `NTF_EXT_LEARNED` (0x10): learned by an external control plane.
    public static let externallyLearned = NeighborFlags(rawValue: 0x10)
    /// `NTF_OFFLOADED` (0x20): offloaded to hardware.
    public static let offloaded = NeighborFlags(rawValue: 0x20)
    /// `NTF_STICKY` (0x40): a bridge FDB entry that does not roam.
    public static let sticky = NeighborFlags(rawValue: 0x40)
    /// `NTF_ROUTER` (0x80): the neighbour is an IPv6 router.
    public static let router = NeighborFlags(rawValue: 0x80)
}

/// Extended neighbour flags, carried in `NDA_FLAGS_EXT` (u32).
public struct NeighborExtendedFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `NTF_EXT_MANAGED` (1 << 0): the kernel keeps the entry reachable on behalf of user space.
    public static let managed = NeighborExtendedFlags(rawValue: 1 << 0)
    /// `NTF_EXT_LOCKED` (1 << 1): a bridge FDB entry of a locked port (newer than the 6.1 headers).
    public static let locked = NeighborExtendedFlags(rawValue: 1 << 1)
    /// `NTF_EXT_EXT_VALIDATED` (1 << 2): validated by an external control plane (newer than the 6.1 headers).
    public static let externallyValidated = NeighborExtendedFlags(rawValue: 1 << 2)
}
