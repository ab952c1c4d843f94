/// Address attribute types (`IFA_*` of `<linux/if_addr.h>`).
///
/// For a point-to-point address `IFA_LOCAL` is the interface's own address and `IFA_ADDRESS` the
/// peer's; otherwise both hold the same address (IPv6 dumps send only `IFA_ADDRESS`).
public enum AddressAttribute {
    /// `IFA_ADDRESS` (1): the prefix address, or the peer of a point-to-point address.
    public static let address: UInt16 = 1
    /// `IFA_LOCAL` (2): the local address.
    public static let local: UInt16 = 2
    /// `IFA_LABEL` (3): the IPv4 label, a string of at most 15 characters.
    public static let label: UInt16 = 3
    /// `IFA_BROADCAST` (4): the IPv4 broadcast address.
    public static let broadcast: UInt16 = 4
    /// `IFA_ANYCAST` (5): an IPv6 anycast address.
    public static let anycast: UInt16 = 5
    /// `IFA_CACHEINFO` (6): `struct ifa_cacheinfo`, the lifetimes and time stamps (``AddressCacheInfo``).
    public static let cacheInfo: UInt16 = 6
    /// `IFA_MULTICAST` (7): an IPv6 multicast address.
    public static let multicast: UInt16 = 7
    /// `IFA_FLAGS` (8): u32, all the address flags (``AddressFlags``); the u8 `ifa_flags` is ignored when present.
    public static let flags: UInt16 = 8
    /// `IFA_RT_PRIORITY` (9): u32, the metric of the prefix route.
    public static let routePriority: UInt16 = 9
    /// `IFA_TARGET_NETNSID` (10): s32, dump the addresses of the namespace with this ID.
    public static let targetNamespaceID: UInt16 = 10
    /// `IFA_PROTO` (11): u8, who added the address (``AddressProtocol``).
    public static let `protocol`: UInt16 = 11
}

/// Who added an address (`IFA_PROTO`, the `IFAPROT_*` values of `<linux/if_addr.h>`); open to other
/// values, which user space may choose freely.
public struct AddressProtocol: RawRepresentable, Hashable, Sendable {
    /// The value.
    public var rawValue: UInt8
    /// Creates a protocol value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Not given. The corresponding C constant is `IFAPROT_UNSPEC` (0).
    public static let unspecified = AddressProtocol(rawValue: 0)
    /// A loopback address the kernel set. The corresponding C constant is `IFAPROT_KERNEL_LO` (1).
    public static let kernelLoopback = AddressProtocol(rawValue: 1)
    /// An address the kernel set from a router advertisement. The corresponding C constant is `IFAPROT_KERNEL_RA` (2).
    public static let kernelRouterAdvertisement = AddressProtocol(rawValue: 2)
    /// A link-local address the kernel set. The corresponding C constant is `IFAPROT_KERNEL_LL` (3).
    public static let kernelLinkLocal = AddressProtocol(rawValue: 3)
}
