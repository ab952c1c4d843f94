/// The type of a netlink message (`nlmsg_type`), open to every value.
///
/// Values below ``minimumFamilyType`` (0x10) are control messages shared by every family; the
/// rest belong to the family of the socket (for example `RTM_NEWLINK` is 16 on `NETLINK_ROUTE`).
public struct NetlinkMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit value on the wire.
    public var rawValue: UInt16

    /// Creates a message type from its value.
    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Creates a message type from its value.
    @inlinable
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// Nothing: the message is to be ignored.
    ///
    /// The corresponding C constant is `NLMSG_NOOP` (0x1).
    public static let noop = NetlinkMessageType(0x1)

    /// An error report or, when its error code is 0, an acknowledgement.
    ///
    /// The corresponding C constant is `NLMSG_ERROR` (0x2).
    public static let error = NetlinkMessageType(0x2)

    /// The end of a multipart message (a dump). It carries an error code.
    ///
    /// The corresponding C constant is `NLMSG_DONE` (0x3).
    public static let done = NetlinkMessageType(0x3)

    /// Data was lost. Defined by the headers, never sent by Linux; decoded all the same.
    ///
    /// The corresponding C constant is `NLMSG_OVERRUN` (0x4).
    public static let overrun = NetlinkMessageType(0x4)

    /// The first type a family may use; types below it are reserved control messages.
    ///
    /// The corresponding C constant is `NLMSG_MIN_TYPE` (0x10).
    public static let minimumFamilyType = NetlinkMessageType(0x10)

    /// Whether this is a control message (a type below `NLMSG_MIN_TYPE`).
    @inlinable
    public var isControl: Bool { rawValue < 0x10 }

    /// The C name of a control type (`NLMSG_ERROR`), or the number.
    public var description: String {
        switch rawValue {
        case 0x1: "NLMSG_NOOP"
        case 0x2: "NLMSG_ERROR"
        case 0x3: "NLMSG_DONE"
        case 0x4: "NLMSG_OVERRUN"
        default: "\(rawValue)"
        }
    }
}

@available(*, unavailable, renamed: "NetlinkMessageType.noop")
public var NLMSG_NOOP: NetlinkMessageType { .noop }
@available(*, unavailable, renamed: "NetlinkMessageType.error")
public var NLMSG_ERROR: NetlinkMessageType { .error }
@available(*, unavailable, renamed: "NetlinkMessageType.done")
public var NLMSG_DONE: NetlinkMessageType { .done }
@available(*, unavailable, renamed: "NetlinkMessageType.overrun")
public var NLMSG_OVERRUN: NetlinkMessageType { .overrun }
