/// Address flags (`IFA_F_*` of `<linux/if_addr.h>`): 32 bits in `IFA_FLAGS`, the low 8 in `ifa_flags`.
public struct AddressFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// An IPv4 address that is not the first of its subnet on the interface. `IFA_F_SECONDARY` (0x1).
    public static let secondary = AddressFlags(rawValue: 0x1)
    /// An IPv6 temporary (privacy) address; the same bit as ``secondary``. `IFA_F_TEMPORARY` (0x1).
    public static let temporary = AddressFlags(rawValue: 0x1)
    /// Skip duplicate address detection (IPv6). `IFA_F_NODAD` (0x2).
    public static let noDAD = AddressFlags(rawValue: 0x2)
    /// Optimistic duplicate address detection (IPv6, RFC 4429). `IFA_F_OPTIMISTIC` (0x4).
    public static let optimistic = AddressFlags(rawValue: 0x4)
    /// Duplicate address detection failed (IPv6). `IFA_F_DADFAILED` (0x8).
    public static let dadFailed = AddressFlags(rawValue: 0x8)
    /// A Mobile IPv6 home address. `IFA_F_HOMEADDRESS` (0x10).
    public static let homeAddress = AddressFlags(rawValue: 0x10)
    /// The preferred lifetime is over. `IFA_F_DEPRECATED` (0x20).
    public static let deprecated = AddressFlags(rawValue: 0x20)
    /// Duplicate address detection has not finished (IPv6). `IFA_F_TENTATIVE` (0x40).
    public static let tentative = AddressFlags(rawValue: 0x40)
    /// Configured with an infinite lifetime (not from autoconfiguration). `IFA_F_PERMANENT` (0x80).
    public static let permanent = AddressFlags(rawValue: 0x80)
    /// Let the kernel manage temporary addresses made from this one (IPv6). `IFA_F_MANAGETEMPADDR` (0x100).
    public static let manageTemporaryAddress = AddressFlags(rawValue: 0x100)
    /// Do not add the prefix route. `IFA_F_NOPREFIXROUTE` (0x200).
    public static let noPrefixRoute = AddressFlags(rawValue: 0x200)
    /// Join the multicast group of a multicast address. `IFA_F_MCAUTOJOIN` (0x400).
    public static let multicastAutoJoin = AddressFlags(rawValue: 0x400)
    /// An RFC 7217 stable privacy address (IPv6). `IFA_F_STABLE_PRIVACY` (0x800).
    public static let stablePrivacy = AddressFlags(rawValue: 0x800)
}
