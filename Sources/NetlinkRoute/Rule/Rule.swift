import NetlinkCore

/// A routing policy rule, as a rule message describes it (`ip rule`).
///
/// The same value serves as a request: `NetlinkConnection/addRule(_:)` sends the fields that are
/// set, and `NetlinkConnection/deleteRule(_:)` deletes the first rule that matches all of them.
public struct Rule: Hashable, Sendable {
    /// `family`: `AF_INET` (2) or `AF_INET6` (10).
    public var family: AddressFamily
    /// `FRA_PRIORITY`: the preference; lower goes first. Decoded rules always have one (the kernel
    /// leaves the attribute out for priority 0, decoded as 0); `nil` in a request lets the kernel choose.
    public var priority: UInt32?
    /// `FRA_SRC`: the source prefix's address (`from`).
    public var source: IPAddress?
    /// `src_len`: the source prefix length.
    public var sourceLength: UInt8
    /// `FRA_DST`: the destination prefix's address (`to`).
    public var destination: IPAddress?
    /// `dst_len`: the destination prefix length.
    public var destinationLength: UInt8
    /// ``source`` and ``sourceLength`` as one prefix (`from 10.0.0.0/8`); setting it sets both and the family.
    public var sourcePrefix: IPPrefix? {
        get { source.flatMap { IPPrefix(address: $0, length: sourceLength) } }
        set {
            source = newValue?.address
            sourceLength = newValue?.length ?? 0
            if let newValue { family = newValue.family }
        }
    }
    /// ``destination`` and ``destinationLength`` as one prefix (`to 10.0.0.0/8`); setting it sets both and the family.
    public var destinationPrefix: IPPrefix? {
        get { destination.flatMap { IPPrefix(address: $0, length: destinationLength) } }
        set {
            destination = newValue?.address
            destinationLength = newValue?.length ?? 0
            if let newValue { family = newValue.family }
        }
    }
    /// `tos`: the TOS to match (0: any).
    public var tos: UInt8
    /// The table (`FRA_TABLE`, or the header's `table`): 255 local, 254 main, 253 default; 0 none.
    public var table: UInt32
    /// `action`: what the rule does.
    public var action: RuleAction
    /// `flags`: `FIB_RULE_*`.
    public var flags: RuleFlags
    /// `FRA_IIFNAME`: the input interface (`iif`).
    public var inputInterface: String?
    /// `FRA_OIFNAME`: the output interface (`oif`).
    public var outputInterface: String?
    /// `FRA_FWMARK`: the firewall mark (`fwmark`).
    public var firewallMark: UInt32?
    /// `FRA_FWMASK`: the mask for the firewall mark; the kernel uses 0xFFFFFFFF when only a mark is given.
    public var firewallMask: UInt32?
    /// `FRA_GOTO`: the priority of the rule to jump to (``RuleAction/goto``).
    public var goto: UInt32?
    /// `FRA_FLOW`: the realm (`realms`).
    public var flow: UInt32?
    /// `FRA_TUN_ID`: the tunnel ID (sent big-endian).
    public var tunnelID: UInt64?
    /// `FRA_SUPPRESS_IFGROUP`: reject routes through devices of this group.
    public var suppressInterfaceGroup: UInt32?
    /// `FRA_SUPPRESS_PREFIXLEN`: reject routes with this prefix length or shorter.
    public var suppressPrefixLength: UInt32?
    /// `FRA_L3MDEV`: look up in the table of the L3 master device (1).
    public var l3MasterDevice: UInt8?
    /// `FRA_UID_RANGE`: the user IDs to match (`uidrange`).
    public var uidRange: RuleUIDRange?
    /// `FRA_PROTOCOL`: the originator of the rule (`RTPROT_*`; the kernel's own rules have 2, `kernel`).
    public var `protocol`: UInt8?
    /// `FRA_IP_PROTO`: the IP protocol to match (`ipproto`).
    public var ipProtocol: UInt8?
    /// `FRA_SPORT_RANGE`: the source ports to match (`sport`).
    public var sourcePortRange: RulePortRange?
    /// `FRA_DPORT_RANGE`: the destination ports to match (`dport`).
    public var destinationPortRange: RulePortRange?
    /// `FRA_DSCP` (newer than the 6.1 headers): the DSCP to match.
    public var dscp: UInt8?
    /// `FRA_DSCP_MASK` (newer than the 6.1 headers).
    public var dscpMask: UInt8?
    /// `FRA_FLOWLABEL` (newer than the 6.1 headers; sent big-endian): the IPv6 flow label.
    public var flowLabel: UInt32?
    /// `FRA_FLOWLABEL_MASK` (newer than the 6.1 headers; sent big-endian).
    public var flowLabelMask: UInt32?
    /// `FRA_SPORT_MASK` (newer than the 6.1 headers).
    public var sourcePortMask: UInt16?
    /// `FRA_DPORT_MASK` (newer than the 6.1 headers).
    public var destinationPortMask: UInt16?

    /// Creates a rule value.
    public init(
        family: AddressFamily, priority: UInt32? = nil, table: UInt32 = 0, action: RuleAction = .unspecified, flags: RuleFlags = []
    ) {
        self.family = family
        self.priority = priority
        self.sourceLength = 0
        self.destinationLength = 0
        self.tos = 0
        self.table = table
        self.action = action
        self.flags = flags
    }

    /// Whether the selector is negated (`not`, ``RuleFlags/invert``).
    public var isInverted: Bool {
        get { flags.contains(.invert) }
        set { if newValue { flags.insert(.invert) } else { flags.remove(.invert) } }
    }

    /// Sets the source prefix (`from ADDRESS/LENGTH`).
    public mutating func setSource(_ address: IPAddress, length: UInt8) {
        source = address
        sourceLength = length
    }

    /// Sets the destination prefix (`to ADDRESS/LENGTH`).
    public mutating func setDestination(_ address: IPAddress, length: UInt8) {
        destination = address
        destinationLength = length
    }

    /// Decodes an `RTM_NEWRULE` (or `RTM_DELRULE`) message. Unknown attributes are skipped.
    /// - Throws: `NetlinkDecodingError` for a short header, a malformed attribute, or a known
    ///   attribute of the wrong size.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try RuleMessage(decoding: message)
        self.init(family: header.family, priority: 0, table: UInt32(header.table), action: header.action, flags: header.flags)
        sourceLength = header.sourceLength
        destinationLength = header.destinationLength
        tos = header.tos
        var attributes = try message.attributes(afterFixedHeader: RuleMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case RuleAttribute.destination: destination = try attribute.ipAddress()
            case RuleAttribute.source: source = try attribute.ipAddress()
            case RuleAttribute.inputInterfaceName: inputInterface = attribute.string()
            case RuleAttribute.outputInterfaceName: outputInterface = attribute.string()
            case RuleAttribute.goto: goto = try attribute.uint32(.host)
            case RuleAttribute.priority: priority = try attribute.uint32(.host)
            case RuleAttribute.firewallMark: firewallMark = try attribute.uint32(.host)
            case RuleAttribute.firewallMask: firewallMask = try attribute.uint32(.host)
            case RuleAttribute.flow: flow = try attribute.uint32(.host)
            case RuleAttribute.tunnelID: tunnelID = try attribute.uint64(.bigEndian)
            case RuleAttribute.suppressInterfaceGroup: suppressInterfaceGroup = try attribute.uint32(.host)
            case RuleAttribute.suppressPrefixLength: suppressPrefixLength = try attribute.uint32(.host)
            case RuleAttribute.table: table = try attribute.uint32(.host)
            case RuleAttribute.l3MasterDevice: l3MasterDevice = try attribute.uint8()
            case RuleAttribute.uidRange:
                let range = try attribute.pair(UInt32.self, "struct fib_rule_uid_range")
                uidRange = RuleUIDRange(start: range.0, end: range.1)
            case RuleAttribute.protocol: `protocol` = try attribute.uint8()
            case RuleAttribute.ipProtocol: ipProtocol = try attribute.uint8()
            case RuleAttribute.sourcePortRange:
                let range = try attribute.pair(UInt16.self, "struct fib_rule_port_range")
                sourcePortRange = RulePortRange(start: range.0, end: range.1)
            case RuleAttribute.destinationPortRange:
                let range = try attribute.pair(UInt16.self, "struct fib_rule_port_range")
                destinationPortRange = RulePortRange(start: range.0, end: range.1)
            case RuleAttribute.dscp: dscp = try attribute.uint8()
            case RuleAttribute.dscpMask: dscpMask = try attribute.uint8()
            case RuleAttribute.flowLabel: flowLabel = try attribute.uint32(.bigEndian)
            case RuleAttribute.flowLabelMask: flowLabelMask = try attribute.uint32(.bigEndian)
            case RuleAttribute.sourcePortMask: sourcePortMask = try attribute.uint16(.host)
            case RuleAttribute.destinationPortMask: destinationPortMask = try attribute.uint16(.host)
            default: continue
            }
        }
    }

    /// Writes the `fib_rule_hdr` and an attribute for each field that is set, in `FRA_*` order.
    ///
    /// A table below 256 goes in the header, a larger one in `FRA_TABLE` (with `RT_TABLE_UNSPEC` in
    /// the header), as `ip rule` does. Decoding what this writes gives back an equal value.
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        RuleMessage(
            family: family, destinationLength: destinationLength, sourceLength: sourceLength, tos: tos,
            table: table < 256 ? UInt8(table) : 0, action: action, flags: flags
        ).encode(into: &builder)
        if let destination { try builder.appendAttribute(RuleAttribute.destination, ip: destination) }
        if let source { try builder.appendAttribute(RuleAttribute.source, ip: source) }
        if let inputInterface { try builder.appendAttribute(RuleAttribute.inputInterfaceName, string: inputInterface) }
        if let goto { try builder.appendAttribute(RuleAttribute.goto, uint32: goto, .host) }
        if let priority { try builder.appendAttribute(RuleAttribute.priority, uint32: priority, .host) }
        if let firewallMark { try builder.appendAttribute(RuleAttribute.firewallMark, uint32: firewallMark, .host) }
        if let flow { try builder.appendAttribute(RuleAttribute.flow, uint32: flow, .host) }
        if let tunnelID { try builder.appendAttribute(RuleAttribute.tunnelID, uint64: tunnelID, .bigEndian) }
        if let suppressInterfaceGroup {
            try builder.appendAttribute(RuleAttribute.suppressInterfaceGroup, uint32: suppressInterfaceGroup, .host)
        }
        if let suppressPrefixLength {
            try builder.appendAttribute(RuleAttribute.suppressPrefixLength, uint32: suppressPrefixLength, .host)
        }
        if table > 255 { try builder.appendAttribute(RuleAttribute.table, uint32: table, .host) }
        if let firewallMask { try builder.appendAttribute(RuleAttribute.firewallMask, uint32: firewallMask, .host) }
        if let outputInterface { try builder.appendAttribute(RuleAttribute.outputInterfaceName, string: outputInterface) }
        if let l3MasterDevice { try builder.appendAttribute(RuleAttribute.l3MasterDevice, uint8: l3MasterDevice) }
        if let uidRange { try builder.appendPair(RuleAttribute.uidRange, uidRange.start, uidRange.end) }
        if let `protocol` { try builder.appendAttribute(RuleAttribute.protocol, uint8: `protocol`) }
        if let ipProtocol { try builder.appendAttribute(RuleAttribute.ipProtocol, uint8: ipProtocol) }
        if let range = sourcePortRange { try builder.appendPair(RuleAttribute.sourcePortRange, range.start, range.end) }
        if let range = destinationPortRange { try builder.appendPair(RuleAttribute.destinationPortRange, range.start, range.end) }
        if let dscp { try builder.appendAttribute(RuleAttribute.dscp, uint8: dscp) }
        if let flowLabel { try builder.appendAttribute(RuleAttribute.flowLabel, uint32: flowLabel, .bigEndian) }
        if let flowLabelMask { try builder.appendAttribute(RuleAttribute.flowLabelMask, uint32: flowLabelMask, .bigEndian) }
        if let sourcePortMask { try builder.appendAttribute(RuleAttribute.sourcePortMask, uint16: sourcePortMask, .host) }
        if let destinationPortMask {
            try builder.appendAttribute(RuleAttribute.destinationPortMask, uint16: destinationPortMask, .host)
        }
        if let dscpMask { try builder.appendAttribute(RuleAttribute.dscpMask, uint8: dscpMask) }
    }
}

extension NetlinkAttribute {
    /// Two integers of the same width in host order (`struct fib_rule_uid_range`, `struct fib_rule_port_range`).
    fileprivate func pair<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type, _ what: String) throws(NetlinkDecodingError) -> (T, T) {
        let width = MemoryLayout<T>.size
        guard payload.byteCount == 2 * width else {
            throw NetlinkDecodingError(
                .attributeSizeMismatch, offset: offset, attributeType: type, expected: 2 * width,
                actual: payload.byteCount, context: what)
        }
        return (payload.unsafeLoadUnaligned(fromByteOffset: 0, as: T.self), payload.unsafeLoadUnaligned(fromByteOffset: width, as: T.self))
    }
}

extension NetlinkMessageBuilder {
    /// Appends an attribute of two integers of the same width in host order.
    fileprivate mutating func appendPair<T: FixedWidthInteger>(_ type: UInt16, _ first: T, _ second: T) throws(NetlinkEncodingError) {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: first) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: second) { bytes.append(contentsOf: $0) }
        try appendAttribute(type, bytes: bytes)
    }
}

/// Names of the rule attributes, for error paths and debug dumps.
public struct RuleAttributeNames: NetlinkAttributeNaming {
    /// Creates the table.
    public init() {}

    static let topLevel: [UInt16: String] = [
        1: "FRA_DST", 2: "FRA_SRC", 3: "FRA_IIFNAME", 4: "FRA_GOTO", 6: "FRA_PRIORITY", 10: "FRA_FWMARK", 11: "FRA_FLOW",
        12: "FRA_TUN_ID", 13: "FRA_SUPPRESS_IFGROUP", 14: "FRA_SUPPRESS_PREFIXLEN", 15: "FRA_TABLE", 16: "FRA_FWMASK",
        17: "FRA_OIFNAME", 18: "FRA_PAD", 19: "FRA_L3MDEV", 20: "FRA_UID_RANGE", 21: "FRA_PROTOCOL", 22: "FRA_IP_PROTO",
        23: "FRA_SPORT_RANGE", 24: "FRA_DPORT_RANGE", 25: "FRA_DSCP", 26: "FRA_FLOWLABEL", 27: "FRA_FLOWLABEL_MASK",
        28: "FRA_SPORT_MASK", 29: "FRA_DPORT_MASK", 30: "FRA_DSCP_MASK",
    ]

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        parents.isEmpty ? Self.topLevel[type] : nil
    }
}
