/// The flags of a tun/tap device (`ifr_flags` of `TUNSETIFF`, `IFF_*` of `<linux/if_tun.h>`).
///
/// Note the two names for bit 0x1000: `IFF_NO_PI` when asking for a device, `IFF_NOFILTER` when
/// the kernel reports its flags; iproute2 prints "filter" when the bit is clear.
public struct TunTapFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt16
    /// Creates flags from their bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A tun device: IP packets, no link-layer header. The corresponding C constant is `IFF_TUN` (0x0001).
    public static let tun = TunTapFlags(rawValue: 0x0001)
    /// A tap device: Ethernet frames. The corresponding C constant is `IFF_TAP` (0x0002).
    public static let tap = TunTapFlags(rawValue: 0x0002)
    /// NAPI receive path. The corresponding C constant is `IFF_NAPI` (0x0010).
    public static let napi = TunTapFlags(rawValue: 0x0010)
    /// NAPI with fragments. The corresponding C constant is `IFF_NAPI_FRAGS` (0x0020).
    public static let napiFragments = TunTapFlags(rawValue: 0x0020)
    /// One queue per open descriptor. The corresponding C constant is `IFF_MULTI_QUEUE` (0x0100).
    public static let multiQueue = TunTapFlags(rawValue: 0x0100)
    /// The device outlives its descriptor (reported only). The corresponding C constant is `IFF_PERSIST` (0x0800).
    public static let persist = TunTapFlags(rawValue: 0x0800)
    /// No packet-information header before each packet. The corresponding C constant is `IFF_NO_PI` (0x1000).
    public static let noPacketInformation = TunTapFlags(rawValue: 0x1000)
    /// Obsolete, kept by the kernel without effect. The corresponding C constant is `IFF_ONE_QUEUE` (0x2000).
    public static let oneQueue = TunTapFlags(rawValue: 0x2000)
    /// A `struct virtio_net_hdr` before each packet. The corresponding C constant is `IFF_VNET_HDR` (0x4000).
    public static let virtioNetHeader = TunTapFlags(rawValue: 0x4000)
    /// Fail with `EBUSY` instead of attaching to an existing device. The corresponding C constant
    /// is `IFF_TUN_EXCL` (0x8000).
    public static let exclusive = TunTapFlags(rawValue: 0x8000)
}

/// Whether a device carries IP packets (tun) or Ethernet frames (tap): `IFLA_TUN_TYPE`, and the
/// type bits of `TUNSETIFF`.
public struct TunTapMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// `IFF_TUN` (1) or `IFF_TAP` (2).
    public var rawValue: UInt8
    /// Creates a mode from its value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// IP packets, no link-layer header (`IFF_TUN`).
    public static let tun = TunTapMode(rawValue: 1)
    /// Ethernet frames (`IFF_TAP`).
    public static let tap = TunTapMode(rawValue: 2)

    /// "tun", "tap", or `UNKNOWN:N` as iproute2 writes an unknown type.
    public var description: String {
        switch self {
        case .tun: "tun"
        case .tap: "tap"
        default: "UNKNOWN:\(rawValue)"
        }
    }
}

/// What to ask for when creating (or releasing) a persistent tun/tap device through `/dev/net/tun`.
///
/// ```swift
/// var options = TunTapOptions(mode: .tap, name: "tap-vm1")
/// options.virtioNetHeader = true
/// options.owner = 1000
/// let name = try connection.createTunTap(options)     // "tap-vm1"
/// ```
public struct TunTapOptions: Hashable, Sendable {
    /// Tun or tap.
    public var mode: TunTapMode
    /// The name; `nil` lets the kernel choose (`tun0`, `tap0` ...: the first free `tun%d` or `tap%d`).
    /// At most 15 bytes.
    public var name: String?
    /// Keep the packet-information header (clears `IFF_NO_PI`); off by default, as in `ip tuntap`.
    public var packetInformation = false
    /// `IFF_VNET_HDR`.
    public var virtioNetHeader = false
    /// `IFF_MULTI_QUEUE`.
    public var multiQueue = false
    /// `IFF_ONE_QUEUE` (no effect in the kernel, but kept and reported in `tun_flags`).
    public var oneQueue = false
    /// The user allowed to attach to the device (`TUNSETOWNER`); `nil` for none.
    public var owner: UInt32?
    /// The group allowed to attach to the device (`TUNSETGROUP`); `nil` for none.
    public var group: UInt32?

    /// Creates options for a device of `mode`, named `name` or by the kernel.
    public init(mode: TunTapMode, name: String? = nil) {
        self.mode = mode
        self.name = name
    }

    /// The `ifr_flags` of `TUNSETIFF` (without `IFF_TUN_EXCL`).
    public var flags: TunTapFlags {
        var flags = TunTapFlags(rawValue: UInt16(mode.rawValue))
        if !packetInformation { flags.insert(.noPacketInformation) }
        if virtioNetHeader { flags.insert(.virtioNetHeader) }
        if multiQueue { flags.insert(.multiQueue) }
        if oneQueue { flags.insert(.oneQueue) }
        return flags
    }
}
