import NetlinkCore

/// A link's operational state (`IFLA_OPERSTATE`, RFC 2863's `ifOperStatus`, `IF_OPER_*` of
/// `<linux/if.h>`): open to every value, so that a state newer than this library still decodes.
public struct OperationalState: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The `IF_OPER_*` number.
    public var rawValue: UInt8

    /// Creates a state from its number.
    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Creates a state from an integer literal.
    @inlinable
    public init(integerLiteral value: UInt8) { self.rawValue = value }

    /// `IF_OPER_UNKNOWN` (0): the driver does not say (loopback, tun without a reader ...).
    public static let unknown: OperationalState = 0
    /// `IF_OPER_NOTPRESENT` (1).
    public static let notPresent: OperationalState = 1
    /// `IF_OPER_DOWN` (2).
    public static let down: OperationalState = 2
    /// `IF_OPER_LOWERLAYERDOWN` (3): a lower link (a veth's peer, a macvlan's parent) is down.
    public static let lowerLayerDown: OperationalState = 3
    /// `IF_OPER_TESTING` (4).
    public static let testing: OperationalState = 4
    /// `IF_OPER_DORMANT` (5).
    public static let dormant: OperationalState = 5
    /// `IF_OPER_UP` (6).
    public static let up: OperationalState = 6

    private static let names = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"]

    /// The name `ip link` prints (`UP`, `LOWERLAYERDOWN` ...), or `0x` and the number in hex for a
    /// state it has no name for.
    public var description: String {
        Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "0x" + String(rawValue, radix: 16)
    }
}

/// A link's mode (`IFLA_LINKMODE`, `IF_LINK_MODE_*` of `<linux/if.h>`): open to every value.
public struct LinkMode: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The `IF_LINK_MODE_*` number.
    public var rawValue: UInt8

    /// Creates a mode from its number.
    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Creates a mode from an integer literal.
    @inlinable
    public init(integerLiteral value: UInt8) { self.rawValue = value }

    /// `IF_LINK_MODE_DEFAULT` (0).
    public static let `default`: LinkMode = 0
    /// `IF_LINK_MODE_DORMANT` (1): user space (a supplicant) decides when the link is up.
    public static let dormant: LinkMode = 1
    /// `IF_LINK_MODE_TESTING` (2).
    public static let testing: LinkMode = 2

    private static let names = ["DEFAULT", "DORMANT", "TESTING"]

    /// The name `ip link` prints (`DEFAULT`, `DORMANT`, `TESTING`), or the number for another mode.
    public var description: String {
        Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : String(rawValue)
    }
}

/// A link's kind (`IFLA_INFO_KIND`: "veth", "bridge" ...): open to every name, with the kinds this
/// library creates or decodes as constants. A string literal is a kind (`kind == "veth"`).
public struct LinkKind: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The kind's name, as the kernel spells it.
    public var rawValue: String

    /// Creates a kind from its name.
    @inlinable
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a kind from its name.
    @inlinable
    public init(_ name: String) { self.rawValue = name }

    /// Creates a kind from a string literal.
    @inlinable
    public init(stringLiteral value: String) { self.rawValue = value }

    /// A virtual Ethernet pair.
    public static let veth: LinkKind = "veth"
    /// A bridge.
    public static let bridge: LinkKind = "bridge"
    /// A VXLAN tunnel.
    public static let vxlan: LinkKind = "vxlan"
    /// A macvlan on a parent link.
    public static let macvlan: LinkKind = "macvlan"
    /// A macvtap: a macvlan with a character device.
    public static let macvtap: LinkKind = "macvtap"
    /// An intermediate functional block.
    public static let ifb: LinkKind = "ifb"
    /// A tun or tap device (the kind the kernel reports for both).
    public static let tun: LinkKind = "tun"
    /// A dummy link (absent on some kernels: `CONFIG_DUMMY`).
    public static let dummy: LinkKind = "dummy"
    /// An 802.1Q VLAN (`CONFIG_VLAN_8021Q`).
    public static let vlan: LinkKind = "vlan"
    /// A bond (`CONFIG_BONDING`).
    public static let bond: LinkKind = "bond"
    /// A VRF (`CONFIG_NET_VRF`).
    public static let vrf: LinkKind = "vrf"
    /// A WireGuard interface (`CONFIG_WIREGUARD`).
    public static let wireguard: LinkKind = "wireguard"

    /// The name.
    public var description: String { rawValue }
}

/// The mode of a macvlan or macvtap (`IFLA_MACVLAN_MODE`, `MACVLAN_MODE_*` of `<linux/if_link.h>`).
public struct MACVLANMode: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The `MACVLAN_MODE_*` number (one bit).
    public var rawValue: UInt32

    /// Creates a mode from its number.
    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Creates a mode from an integer literal.
    @inlinable
    public init(integerLiteral value: UInt32) { self.rawValue = value }

    /// `MACVLAN_MODE_PRIVATE` (1): no traffic between macvlans of the same parent.
    public static let `private`: MACVLANMode = 1
    /// `MACVLAN_MODE_VEPA` (2): traffic between them goes out and back through the switch (the
    /// kernel's default).
    public static let vepa: MACVLANMode = 2
    /// `MACVLAN_MODE_BRIDGE` (4): traffic between them is bridged inside the host.
    public static let bridge: MACVLANMode = 4
    /// `MACVLAN_MODE_PASSTHRU` (8): one macvlan takes the parent over.
    public static let passthru: MACVLANMode = 8
    /// `MACVLAN_MODE_SOURCE` (16): accepts frames by source address (the `macaddr` list).
    public static let source: MACVLANMode = 16

    /// The word `ip -d link` prints (`private`, `vepa`, `bridge`, `passthru`, `source`), or the number.
    public var description: String {
        switch self {
        case .private: "private"
        case .vepa: "vepa"
        case .bridge: "bridge"
        case .passthru: "passthru"
        case .source: "source"
        default: String(rawValue)
        }
    }

    /// Parses `ip link add … type macvlan mode WORD`.
    public init?(_ word: String) {
        switch word {
        case "private": self = .private
        case "vepa": self = .vepa
        case "bridge": self = .bridge
        case "passthru": self = .passthru
        case "source": self = .source
        default: return nil
        }
    }
}
