/// Neighbour attribute types (`NDA_*` of `<linux/neighbour.h>`). Integers are in host byte order
/// unless stated.
public enum NeighborAttribute {
    /// `NDA_DST` (1): the protocol address (4 bytes for IPv4, 16 for IPv6, network order).
    public static let destination: UInt16 = 1
    /// `NDA_LLADDR` (2): the link-layer address (6 bytes for Ethernet; any length).
    public static let linkLayerAddress: UInt16 = 2
    /// `NDA_CACHEINFO` (3): `struct nda_cacheinfo` (see ``NeighborCacheInfo``).
    public static let cacheInfo: UInt16 = 3
    /// `NDA_PROBES` (4): u32, the number of probes sent.
    public static let probes: UInt16 = 4
    /// `NDA_VLAN` (5): u16, the VLAN of a bridge FDB entry.
    public static let vlan: UInt16 = 5
    /// `NDA_PORT` (6): be16 (big-endian), the UDP port of a VXLAN FDB entry.
    public static let port: UInt16 = 6
    /// `NDA_VNI` (7): u32, the VNI of a VXLAN FDB entry.
    public static let vni: UInt16 = 7
    /// `NDA_IFINDEX` (8): u32, the outgoing interface of a VXLAN FDB entry.
    public static let interfaceIndex: UInt16 = 8
    /// `NDA_MASTER` (9): u32, the master device (a dump filter, and in bridge FDB entries).
    public static let master: UInt16 = 9
    /// `NDA_LINK_NETNSID` (10): s32, the namespace ID of the link.
    public static let linkNamespaceID: UInt16 = 10
    /// `NDA_SRC_VNI` (11): u32, the source VNI of a VXLAN FDB entry.
    public static let sourceVNI: UInt16 = 11
    /// `NDA_PROTOCOL` (12): u8, the originator of the entry (`RTPROT_*`).
    public static let `protocol`: UInt16 = 12
    /// `NDA_NH_ID` (13): u32, the nexthop object of an FDB entry.
    public static let nexthopID: UInt16 = 13
    /// `NDA_FDB_EXT_ATTRS` (14): nested, extended FDB attributes (`NFEA_*`).
    public static let fdbExtendedAttributes: UInt16 = 14
    /// `NDA_FLAGS_EXT` (15): u32, extended flags (see ``NeighborExtendedFlags``).
    public static let extendedFlags: UInt16 = 15
    /// `NDA_NDM_STATE_MASK` (16): u16, the state bits a bulk FDB delete matches.
    public static let stateMask: UInt16 = 16
    /// `NDA_NDM_FLAGS_MASK` (17): u8, the flag bits a bulk FDB delete matches.
    public static let flagsMask: UInt16 = 17
}

/// Times and reference count of a neighbour entry, `struct nda_cacheinfo` (16 bytes, host byte order).
///
/// ```text
/// +----------------+----------------+----------------+----------------+
/// | confirmed (u32)| used (u32)     | updated (u32)  | refcnt (u32)   |
/// +----------------+----------------+----------------+----------------+
/// ```
/// The times are clock ticks (`USER_HZ`, 100 per second) since the event.
public struct NeighborCacheInfo: Hashable, Sendable {
    /// The size on the wire: 16.
    public static let size = 16

    /// `ndm_confirmed`: ticks since the entry was last confirmed.
    public var confirmed: UInt32
    /// `ndm_used`: ticks since the entry was last used.
    public var used: UInt32
    /// `ndm_updated`: ticks since the entry was last updated.
    public var updated: UInt32
    /// `ndm_refcnt`: references held (minus one).
    public var referenceCount: UInt32

    /// Creates a value.
    public init(confirmed: UInt32 = 0, used: UInt32 = 0, updated: UInt32 = 0, referenceCount: UInt32 = 0) {
        self.confirmed = confirmed
        self.used = used
        self.updated = updated
        self.referenceCount = referenceCount
    }

    /// The four words, in wire order.
    var words: [UInt32] { [confirmed, used, updated, referenceCount] }
}
