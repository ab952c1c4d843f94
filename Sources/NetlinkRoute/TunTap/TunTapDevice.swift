import NetlinkCore

/// A tun/tap device as the link dump describes it: a link of kind "tun" and its `IFLA_INFO_DATA`
/// (decoded by ``TunDetails``), with the name and index of the link.
///
/// ```text
/// IFLA_LINKINFO
///   IFLA_INFO_KIND  "tun"
///   IFLA_INFO_DATA
///     IFLA_TUN_OWNER (1)               u32   only when an owner is set
///     IFLA_TUN_GROUP (2)               u32   only when a group is set
///     IFLA_TUN_TYPE (3)                u8    IFF_TUN 1 / IFF_TAP 2
///     IFLA_TUN_PI (4)                  u8    1: packet information on (IFF_NO_PI clear)
///     IFLA_TUN_VNET_HDR (5)            u8
///     IFLA_TUN_PERSIST (6)             u8
///     IFLA_TUN_MULTI_QUEUE (7)         u8
///     IFLA_TUN_NUM_QUEUES (8)          u32
///     IFLA_TUN_NUM_DISABLED_QUEUES (9) u32
/// ```
///
/// The kernel's netlink view has no `IFF_ONE_QUEUE` nor the NAPI flags: those are only in
/// `/sys/class/net/NAME/tun_flags`.
public struct TunTapDevice: Hashable, Sendable {
    /// The interface index.
    public var index: Int32
    /// The name.
    public var name: String
    /// The hardware type (`ARPHRD_NONE` 65534 for tun, `ARPHRD_ETHER` 1 for tap).
    public var hardwareType: UInt16
    /// Tun or tap (`IFLA_TUN_TYPE`).
    public var mode: TunTapMode?
    /// Whether packets carry the packet-information header (`IFLA_TUN_PI`).
    public var packetInformation: Bool?
    /// `IFLA_TUN_VNET_HDR`.
    public var virtioNetHeader: Bool?
    /// `IFLA_TUN_PERSIST`.
    public var persistent: Bool?
    /// `IFLA_TUN_MULTI_QUEUE`.
    public var multiQueue: Bool?
    /// The attached queues (`IFLA_TUN_NUM_QUEUES`).
    public var queues: UInt32?
    /// The disabled queues (`IFLA_TUN_NUM_DISABLED_QUEUES`).
    public var disabledQueues: UInt32?
    /// The owner's uid (`IFLA_TUN_OWNER`), `nil` when none is set.
    public var owner: UInt32?
    /// The group's gid (`IFLA_TUN_GROUP`), `nil` when none is set.
    public var group: UInt32?

    /// The device behind a link of kind "tun", or `nil` for any other link.
    ///
    /// - Throws: `NetlinkDecodingError` when the kind data is malformed (a length past the end,
    ///   a wrong-sized value).
    public init?(link: Link) throws(NetlinkDecodingError) {
        guard link.kind == "tun" else { return nil }
        index = link.index
        name = link.name
        hardwareType = link.hardwareType
        guard let data = link.kindData else { return }
        try decode(data)
    }

    /// Decodes the attributes of `IFLA_INFO_DATA` (`data`, without its own header).
    public init(index: Int32, name: String, hardwareType: UInt16 = 0, kindData data: [UInt8]) throws(NetlinkDecodingError) {
        self.index = index
        self.name = name
        self.hardwareType = hardwareType
        try decode(data)
    }

    /// Takes the fields of the kind data, decoded by ``TunDetails`` (the attribute types are
    /// ``LinkAttribute/Tun``).
    private mutating func decode(_ data: [UInt8]) throws(NetlinkDecodingError) {
        let details = try TunDetails(data)
        mode = details.type.map { TunTapMode(rawValue: $0) }
        packetInformation = details.packetInformation
        virtioNetHeader = details.virtioNetHeader
        persistent = details.persist
        multiQueue = details.multiQueue
        queues = details.queues
        disabledQueues = details.disabledQueues
        owner = details.owner
        group = details.group
    }

    /// The flags the netlink attributes tell (`tun_flags` without `IFF_ONE_QUEUE` and the NAPI
    /// flags, which netlink does not carry).
    public var flags: TunTapFlags {
        var flags = TunTapFlags(rawValue: UInt16(mode?.rawValue ?? 0) & 0x3)
        if packetInformation == false { flags.insert(.noPacketInformation) }
        if virtioNetHeader == true { flags.insert(.virtioNetHeader) }
        if multiQueue == true { flags.insert(.multiQueue) }
        if persistent == true { flags.insert(.persist) }
        return flags
    }
}
