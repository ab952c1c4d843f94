import NetlinkCore

/// A generic netlink family as the controller describes it (`CTRL_CMD_NEWFAMILY`): its ID, name,
/// version, header size, highest attribute, operations and multicast groups — what `genl ctrl
/// list` prints.
///
/// Decoding keeps the first of a repeated attribute, as iproute2 does; operations and groups are
/// in the order of their nest types (1, 2, …), as the kernel numbers them. `encode(into:)` writes
/// what `init(decoding:)` reads, so a decoded family encodes to a message that decodes to it again.
public struct GenericFamily: Hashable, Sendable {
    /// `CTRL_ATTR_FAMILY_ID`: the family's ID, the `nlmsg_type` of its messages; assigned by the
    /// kernel when the family registers (0x11 and up; 0x10 is the controller).
    public var id: UInt16
    /// `CTRL_ATTR_FAMILY_NAME`: "nlctrl", "ethtool", "netdev" ...
    public var name: String
    /// `CTRL_ATTR_VERSION`: the family's interface version.
    public var version: UInt32
    /// `CTRL_ATTR_HDRSIZE`: the size of the family's own header after `genlmsghdr` (0 for most).
    public var headerSize: UInt32
    /// `CTRL_ATTR_MAXATTR`: the highest attribute type of the family's policy (0 when each
    /// operation has a policy of its own).
    public var maxAttribute: UInt32
    /// `CTRL_ATTR_OPS`: the operations (empty when the kernel sent none).
    public var operations: [Operation]
    /// `CTRL_ATTR_MCAST_GROUPS`: the multicast groups (empty when the kernel sent none).
    public var multicastGroups: [MulticastGroup]

    /// One operation: a command and what it offers.
    public struct Operation: Hashable, Sendable {
        /// `CTRL_ATTR_OP_ID`: the command (`genlmsghdr.cmd`).
        public var command: UInt32
        /// `CTRL_ATTR_OP_FLAGS`: do, dump, policy, permissions.
        public var flags: GenericOperationFlags

        /// Creates an operation.
        public init(command: UInt32, flags: GenericOperationFlags) {
            self.command = command
            self.flags = flags
        }
    }

    /// One multicast group.
    public struct MulticastGroup: Hashable, Sendable {
        /// `CTRL_ATTR_MCAST_GRP_NAME`: "notify", "monitor", "mgmt" ...
        public var name: String
        /// `CTRL_ATTR_MCAST_GRP_ID`: the group number to join (`NETLINK_ADD_MEMBERSHIP`).
        public var id: UInt32

        /// Creates a group.
        public init(name: String, id: UInt32) {
            self.name = name
            self.id = id
        }
    }

    /// Creates a family description.
    public init(
        id: UInt16, name: String, version: UInt32 = 1, headerSize: UInt32 = 0, maxAttribute: UInt32 = 0,
        operations: [Operation] = [], multicastGroups: [MulticastGroup] = []
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.headerSize = headerSize
        self.maxAttribute = maxAttribute
        self.operations = operations
        self.multicastGroups = multicastGroups
    }

    /// The group named `name`, if the family has one.
    public func multicastGroup(named name: String) -> MulticastGroup? {
        multicastGroups.first { $0.name == name }
    }

    /// The operation of `command`, if the family has one.
    public func operation(_ command: UInt32) -> Operation? {
        operations.first { $0.command == command }
    }

    /// Decodes a controller message (`CTRL_CMD_NEWFAMILY`, or a `DELFAMILY`, `NEWMCAST_GRP`,
    /// `DELMCAST_GRP` notification, which carry the same attributes).
    /// - Throws: `NetlinkDecodingError` for a truncated header or attribute, a value of the wrong
    ///   size, or a message without `CTRL_ATTR_FAMILY_ID` or `CTRL_ATTR_FAMILY_NAME` (`invalidValue`).
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        var id: UInt16?
        var name: String?
        var version: UInt32?
        var headerSize: UInt32?
        var maxAttribute: UInt32?
        var operations: [(UInt16, Operation)]?
        var groups: [(UInt16, MulticastGroup)]?
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case ControllerAttribute.familyID where id == nil: id = try attribute.uint16(.host)
            case ControllerAttribute.familyName where name == nil: name = attribute.string()
            case ControllerAttribute.version where version == nil: version = try attribute.uint32(.host)
            case ControllerAttribute.headerSize where headerSize == nil: headerSize = try attribute.uint32(.host)
            case ControllerAttribute.maxAttribute where maxAttribute == nil: maxAttribute = try attribute.uint32(.host)
            case ControllerAttribute.operations where operations == nil:
                var list: [(UInt16, Operation)] = []
                var nests = try attribute.nested()
                while let nest = try nests.next() {
                    guard !list.contains(where: { $0.0 == nest.type }) else { continue }
                    var command: UInt32?
                    var flags: UInt32?
                    var fields = try nest.nested()
                    while let field = try fields.next() {
                        switch field.type {
                        case ControllerAttribute.Operation.id where command == nil: command = try field.uint32(.host)
                        case ControllerAttribute.Operation.flags where flags == nil: flags = try field.uint32(.host)
                        default: continue
                        }
                    }
                    list.append((nest.type, Operation(command: command ?? 0, flags: GenericOperationFlags(rawValue: flags ?? 0))))
                }
                operations = list
            case ControllerAttribute.multicastGroups where groups == nil:
                var list: [(UInt16, MulticastGroup)] = []
                var nests = try attribute.nested()
                while let nest = try nests.next() {
                    guard !list.contains(where: { $0.0 == nest.type }) else { continue }
                    var groupName: String?
                    var groupID: UInt32?
                    var fields = try nest.nested()
                    while let field = try fields.next() {
                        switch field.type {
                        case ControllerAttribute.MulticastGroup.name where groupName == nil: groupName = field.string()
                        case ControllerAttribute.MulticastGroup.id where groupID == nil: groupID = try field.uint32(.host)
                        default: continue
                        }
                    }
                    list.append((nest.type, MulticastGroup(name: groupName ?? "", id: groupID ?? 0)))
                }
                groups = list
            default:
                continue
            }
        }
        guard let id, let name else {
            throw NetlinkDecodingError(
                .invalidValue, offset: message.offset, attributeType: id == nil ? ControllerAttribute.familyID : ControllerAttribute.familyName,
                context: id == nil ? "a family without CTRL_ATTR_FAMILY_ID" : "a family without CTRL_ATTR_FAMILY_NAME")
        }
        self.init(
            id: id, name: name, version: version ?? 0, headerSize: headerSize ?? 0, maxAttribute: maxAttribute ?? 0,
            operations: (operations ?? []).sorted { $0.0 < $1.0 }.map(\.1),
            multicastGroups: (groups ?? []).sorted { $0.0 < $1.0 }.map(\.1))
    }

    /// Writes the genl header (`cmd` as given) and the attributes, as the kernel's controller does.
    public func encode(into builder: inout NetlinkMessageBuilder, command: UInt8 = ControllerCommand.newFamily) throws {
        GenericNetlinkHeader(command: command, version: 2).encode(into: &builder)
        try builder.appendAttribute(ControllerAttribute.familyName, string: name)
        try builder.appendAttribute(ControllerAttribute.familyID, uint16: id, .host)
        try builder.appendAttribute(ControllerAttribute.version, uint32: version, .host)
        try builder.appendAttribute(ControllerAttribute.headerSize, uint32: headerSize, .host)
        try builder.appendAttribute(ControllerAttribute.maxAttribute, uint32: maxAttribute, .host)
        if !operations.isEmpty {
            try builder.appendNested(ControllerAttribute.operations, setNestedFlag: false) { b in
                for (position, operation) in operations.enumerated() {
                    try b.appendNested(UInt16(position + 1), setNestedFlag: false) { b in
                        try b.appendAttribute(ControllerAttribute.Operation.id, uint32: operation.command, .host)
                        try b.appendAttribute(ControllerAttribute.Operation.flags, uint32: operation.flags.rawValue, .host)
                    }
                }
            }
        }
        if !multicastGroups.isEmpty {
            try builder.appendNested(ControllerAttribute.multicastGroups, setNestedFlag: false) { b in
                for (position, group) in multicastGroups.enumerated() {
                    try b.appendNested(UInt16(position + 1), setNestedFlag: false) { b in
                        try b.appendAttribute(ControllerAttribute.MulticastGroup.id, uint32: group.id, .host)
                        try b.appendAttribute(ControllerAttribute.MulticastGroup.name, string: group.name)
                    }
                }
            }
        }
    }
}
