import NetlinkCore

/// A connection event of the MPTCP path manager (group `mptcp_pm_events`): its kind
/// (`MPTCP_EVENT_*`, the message's `cmd`) and attributes (`MPTCP_ATTR_*`), as `ip mptcp monitor`
/// prints them. Decoding keeps the first of a repeated attribute.
public struct MPTCPEvent: Hashable, Sendable {
    /// The event (`MPTCP_EVENT_*`): open to every value.
    public var kind: UInt8
    /// `MPTCP_ATTR_TOKEN`: the connection's token.
    public var token: UInt32?
    /// `MPTCP_ATTR_FAMILY`.
    public var family: UInt16?
    /// `MPTCP_ATTR_LOC_ID`.
    public var localID: UInt8?
    /// `MPTCP_ATTR_REM_ID`.
    public var remoteID: UInt8?
    /// `MPTCP_ATTR_SADDR4` or `MPTCP_ATTR_SADDR6`.
    public var sourceIPv4: IPv4Address?
    /// `MPTCP_ATTR_DADDR4`.
    public var destinationIPv4: IPv4Address?
    /// `MPTCP_ATTR_SADDR6`.
    public var sourceIPv6: IPv6Address?
    /// `MPTCP_ATTR_DADDR6`.
    public var destinationIPv6: IPv6Address?
    /// `MPTCP_ATTR_SPORT` (network order on the wire).
    public var sourcePort: UInt16?
    /// `MPTCP_ATTR_DPORT` (network order on the wire).
    public var destinationPort: UInt16?
    /// `MPTCP_ATTR_BACKUP`.
    public var backup: UInt8?
    /// `MPTCP_ATTR_ERROR`.
    public var error: UInt8?
    /// `MPTCP_ATTR_FLAGS`.
    public var flags: UInt16?
    /// `MPTCP_ATTR_TIMEOUT`.
    public var timeout: UInt32?
    /// `MPTCP_ATTR_IF_IDX`.
    public var interfaceIndex: Int32?
    /// `MPTCP_ATTR_RESET_REASON`.
    public var resetReason: UInt32?
    /// `MPTCP_ATTR_RESET_FLAGS`.
    public var resetFlags: UInt32?

    /// The kinds (`MPTCP_EVENT_*`) and their names as `ip mptcp monitor` prints them.
    public static let kindNames: [UInt8: String] = [
        1: "CREATED", 2: "ESTABLISHED", 3: "CLOSED", 6: "ANNOUNCED", 7: "REMOVED", 10: "SF_ESTABLISHED", 11: "SF_CLOSED",
        13: "SF_PRIO",
    ]

    /// The attributes (`MPTCP_ATTR_*` of `<linux/mptcp.h>`).
    public enum Attribute {
        /// `MPTCP_ATTR_TOKEN` (1).
        public static let token: UInt16 = 1
        /// `MPTCP_ATTR_FAMILY` (2).
        public static let family: UInt16 = 2
        /// `MPTCP_ATTR_LOC_ID` (3).
        public static let localID: UInt16 = 3
        /// `MPTCP_ATTR_REM_ID` (4).
        public static let remoteID: UInt16 = 4
        /// `MPTCP_ATTR_SADDR4` (5).
        public static let sourceIPv4: UInt16 = 5
        /// `MPTCP_ATTR_SADDR6` (6).
        public static let sourceIPv6: UInt16 = 6
        /// `MPTCP_ATTR_DADDR4` (7).
        public static let destinationIPv4: UInt16 = 7
        /// `MPTCP_ATTR_DADDR6` (8).
        public static let destinationIPv6: UInt16 = 8
        /// `MPTCP_ATTR_SPORT` (9).
        public static let sourcePort: UInt16 = 9
        /// `MPTCP_ATTR_DPORT` (10).
        public static let destinationPort: UInt16 = 10
        /// `MPTCP_ATTR_BACKUP` (11).
        public static let backup: UInt16 = 11
        /// `MPTCP_ATTR_ERROR` (12).
        public static let error: UInt16 = 12
        /// `MPTCP_ATTR_FLAGS` (13).
        public static let flags: UInt16 = 13
        /// `MPTCP_ATTR_TIMEOUT` (14).
        public static let timeout: UInt16 = 14
        /// `MPTCP_ATTR_IF_IDX` (15).
        public static let interfaceIndex: UInt16 = 15
        /// `MPTCP_ATTR_RESET_REASON` (16).
        public static let resetReason: UInt16 = 16
        /// `MPTCP_ATTR_RESET_FLAGS` (17).
        public static let resetFlags: UInt16 = 17
    }

    /// Creates an event.
    public init(kind: UInt8) { self.kind = kind }

    /// Decodes an event message of the `mptcp_pm_events` group.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try GenericNetlinkHeader(decoding: message)
        self.init(kind: header.command)
        var seen = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            guard seen.insert(attribute.type).inserted else { continue }
            switch attribute.type {
            case Attribute.token: token = try attribute.uint32(.host)
            case Attribute.family: family = try attribute.uint16(.host)
            case Attribute.localID: localID = try attribute.uint8()
            case Attribute.remoteID: remoteID = try attribute.uint8()
            case Attribute.sourceIPv4: sourceIPv4 = IPv4Address(networkOrder: try attribute.uint32(.host))
            case Attribute.destinationIPv4: destinationIPv4 = IPv4Address(networkOrder: try attribute.uint32(.host))
            case Attribute.sourceIPv6: sourceIPv6 = try Self.ipv6(attribute)
            case Attribute.destinationIPv6: destinationIPv6 = try Self.ipv6(attribute)
            case Attribute.sourcePort: sourcePort = try attribute.uint16(.bigEndian)
            case Attribute.destinationPort: destinationPort = try attribute.uint16(.bigEndian)
            case Attribute.backup: backup = try attribute.uint8()
            case Attribute.error: error = try attribute.uint8()
            case Attribute.flags: flags = try attribute.uint16(.host)
            case Attribute.timeout: timeout = try attribute.uint32(.host)
            case Attribute.interfaceIndex: interfaceIndex = try attribute.int32(.host)
            case Attribute.resetReason: resetReason = try attribute.uint32(.host)
            case Attribute.resetFlags: resetFlags = try attribute.uint32(.host)
            default: continue
            }
        }
    }

    private static func ipv6(_ attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> IPv6Address {
        guard let address = IPv6Address(bytes: attribute.bytes()) else {
            throw NetlinkDecodingError(
                .attributeSizeMismatch, offset: attribute.offset, attributeType: attribute.type, expected: 16,
                actual: attribute.payload.byteCount, context: "MPTCP event address")
        }
        return address
    }
}
