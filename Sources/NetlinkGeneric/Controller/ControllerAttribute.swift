import NetlinkCore

/// The commands of the generic netlink controller (`CTRL_CMD_*` of `<linux/genetlink.h>`), the
/// `cmd` of a ``GenericNetlinkHeader`` sent to ``GenericNetlink/controllerID``.
public enum ControllerCommand {
    /// `CTRL_CMD_NEWFAMILY` (1): a family's description (the answer to ``getFamily``), or the
    /// notification that it registered.
    public static let newFamily: UInt8 = 1
    /// `CTRL_CMD_DELFAMILY` (2): the notification that a family went away.
    public static let deleteFamily: UInt8 = 2
    /// `CTRL_CMD_GETFAMILY` (3): one family by name or ID, or every family with `NLM_F_DUMP`.
    public static let getFamily: UInt8 = 3
    /// `CTRL_CMD_NEWMCAST_GRP` (7): the notification that a family added a multicast group.
    public static let newMulticastGroup: UInt8 = 7
    /// `CTRL_CMD_DELMCAST_GRP` (8): the notification that a family removed a multicast group.
    public static let deleteMulticastGroup: UInt8 = 8
    /// `CTRL_CMD_GETPOLICY` (10): the attribute policies of a family's operations (dump only).
    public static let getPolicy: UInt8 = 10
}

/// The controller's attributes (`CTRL_ATTR_*`).
public enum ControllerAttribute {
    /// `CTRL_ATTR_FAMILY_ID` (1): u16, the family's ID (its `nlmsg_type`).
    public static let familyID: UInt16 = 1
    /// `CTRL_ATTR_FAMILY_NAME` (2): the family's name, a NUL-terminated string.
    public static let familyName: UInt16 = 2
    /// `CTRL_ATTR_VERSION` (3): u32, the family's interface version.
    public static let version: UInt16 = 3
    /// `CTRL_ATTR_HDRSIZE` (4): u32, the size of the family's own header after `genlmsghdr`.
    public static let headerSize: UInt16 = 4
    /// `CTRL_ATTR_MAXATTR` (5): u32, the family's highest attribute type (0 when its operations
    /// have policies of their own).
    public static let maxAttribute: UInt16 = 5
    /// `CTRL_ATTR_OPS` (6): nested, one nest per operation (types 1, 2, …), each with
    /// ``Operation``'s attributes.
    public static let operations: UInt16 = 6
    /// `CTRL_ATTR_MCAST_GROUPS` (7): nested, one nest per group (types 1, 2, …), each with
    /// ``MulticastGroup``'s attributes.
    public static let multicastGroups: UInt16 = 7
    /// `CTRL_ATTR_POLICY` (8): nested, the policies of a `CTRL_CMD_GETPOLICY` answer.
    public static let policy: UInt16 = 8
    /// `CTRL_ATTR_OP_POLICY` (9): nested, which policy an operation's do and dump use.
    public static let operationPolicy: UInt16 = 9
    /// `CTRL_ATTR_OP` (10): u32, the one operation a `CTRL_CMD_GETPOLICY` request asks about.
    public static let operation: UInt16 = 10

    /// The attributes of one operation in ``ControllerAttribute/operations`` (`CTRL_ATTR_OP_*`).
    public enum Operation {
        /// `CTRL_ATTR_OP_ID` (1): u32, the command.
        public static let id: UInt16 = 1
        /// `CTRL_ATTR_OP_FLAGS` (2): u32, ``GenericOperationFlags``.
        public static let flags: UInt16 = 2
    }

    /// The attributes of one group in ``ControllerAttribute/multicastGroups`` (`CTRL_ATTR_MCAST_GRP_*`).
    public enum MulticastGroup {
        /// `CTRL_ATTR_MCAST_GRP_NAME` (1): the group's name, a NUL-terminated string.
        public static let name: UInt16 = 1
        /// `CTRL_ATTR_MCAST_GRP_ID` (2): u32, the group's number, to join with `NETLINK_ADD_MEMBERSHIP`.
        public static let id: UInt16 = 2
    }
}

/// What a generic netlink operation offers and asks (`GENL_*` flags in `CTRL_ATTR_OP_FLAGS`).
public struct GenericOperationFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `GENL_ADMIN_PERM` (0x01): needs `CAP_NET_ADMIN` in the initial user namespace.
    public static let adminPermission = GenericOperationFlags(rawValue: 0x01)
    /// `GENL_CMD_CAP_DO` (0x02): answers a single request.
    public static let canDo = GenericOperationFlags(rawValue: 0x02)
    /// `GENL_CMD_CAP_DUMP` (0x04): answers a dump.
    public static let canDump = GenericOperationFlags(rawValue: 0x04)
    /// `GENL_CMD_CAP_HASPOL` (0x08): has an attribute policy (``ControllerCommand/getPolicy`` tells it).
    public static let hasPolicy = GenericOperationFlags(rawValue: 0x08)
    /// `GENL_UNS_ADMIN_PERM` (0x10): needs `CAP_NET_ADMIN` in the user namespace owning the
    /// network namespace.
    public static let namespaceAdminPermission = GenericOperationFlags(rawValue: 0x10)
}

/// Names the controller's attributes in error paths (an extended ack pointing into a request).
public struct ControllerAttributeNames: NetlinkAttributeNaming {
    /// Creates the naming.
    public init() {}

    /// `CTRL_ATTR_…` at the top level, `CTRL_ATTR_OP_…` and `CTRL_ATTR_MCAST_GRP_…` in their nests.
    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        let names: [String]
        if parents.isEmpty {
            names = [
                "CTRL_ATTR_UNSPEC", "CTRL_ATTR_FAMILY_ID", "CTRL_ATTR_FAMILY_NAME", "CTRL_ATTR_VERSION",
                "CTRL_ATTR_HDRSIZE", "CTRL_ATTR_MAXATTR", "CTRL_ATTR_OPS", "CTRL_ATTR_MCAST_GROUPS",
                "CTRL_ATTR_POLICY", "CTRL_ATTR_OP_POLICY", "CTRL_ATTR_OP",
            ]
        } else if parents.count == 2 && parents[0] == ControllerAttribute.operations {
            names = ["CTRL_ATTR_OP_UNSPEC", "CTRL_ATTR_OP_ID", "CTRL_ATTR_OP_FLAGS"]
        } else if parents.count == 2 && parents[0] == ControllerAttribute.multicastGroups {
            names = ["CTRL_ATTR_MCAST_GRP_UNSPEC", "CTRL_ATTR_MCAST_GRP_NAME", "CTRL_ATTR_MCAST_GRP_ID"]
        } else {
            return nil
        }
        return Int(type) < names.count ? names[Int(type)] : nil
    }

    /// The operation and group lists nest without `NLA_F_NESTED`.
    public func isNested(_ type: UInt16, parents: [UInt16]) -> Bool {
        if parents.isEmpty { return type == ControllerAttribute.operations || type == ControllerAttribute.multicastGroups }
        return parents.count == 1 && (parents[0] == ControllerAttribute.operations || parents[0] == ControllerAttribute.multicastGroups)
    }
}
