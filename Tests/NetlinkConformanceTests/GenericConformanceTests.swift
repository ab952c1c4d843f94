// NetlinkGeneric's constants and struct genlmsghdr against <linux/genetlink.h> of the 6.1 UAPI
// headers: GENL_ID_CTRL, GENL_NAMSIZ, GENL_HDRLEN, CTRL_CMD_*, CTRL_ATTR_*, CTRL_ATTR_OP_*,
// CTRL_ATTR_MCAST_GRP_* and the operation flags GENL_*.

import CNetlinkShim
import NetlinkCore
import NetlinkGeneric
import Testing

let genericConstantCases: [ConstantCase] = [
    ConstantCase(GenericNetlink.controllerID.rawValue, GENL_ID_CTRL, "GENL_ID_CTRL"),
    ConstantCase(GenericNetlink.familyNameSize, GENL_NAMSIZ, "GENL_NAMSIZ"),
    ConstantCase(ControllerCommand.newFamily, CTRL_CMD_NEWFAMILY, "CTRL_CMD_NEWFAMILY"),
    ConstantCase(ControllerCommand.deleteFamily, CTRL_CMD_DELFAMILY, "CTRL_CMD_DELFAMILY"),
    ConstantCase(ControllerCommand.getFamily, CTRL_CMD_GETFAMILY, "CTRL_CMD_GETFAMILY"),
    ConstantCase(ControllerCommand.newMulticastGroup, CTRL_CMD_NEWMCAST_GRP, "CTRL_CMD_NEWMCAST_GRP"),
    ConstantCase(ControllerCommand.deleteMulticastGroup, CTRL_CMD_DELMCAST_GRP, "CTRL_CMD_DELMCAST_GRP"),
    ConstantCase(ControllerCommand.getPolicy, CTRL_CMD_GETPOLICY, "CTRL_CMD_GETPOLICY"),
    ConstantCase(ControllerAttribute.familyID, CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID"),
    ConstantCase(ControllerAttribute.familyName, CTRL_ATTR_FAMILY_NAME, "CTRL_ATTR_FAMILY_NAME"),
    ConstantCase(ControllerAttribute.version, CTRL_ATTR_VERSION, "CTRL_ATTR_VERSION"),
    ConstantCase(ControllerAttribute.headerSize, CTRL_ATTR_HDRSIZE, "CTRL_ATTR_HDRSIZE"),
    ConstantCase(ControllerAttribute.maxAttribute, CTRL_ATTR_MAXATTR, "CTRL_ATTR_MAXATTR"),
    ConstantCase(ControllerAttribute.operations, CTRL_ATTR_OPS, "CTRL_ATTR_OPS"),
    ConstantCase(ControllerAttribute.multicastGroups, CTRL_ATTR_MCAST_GROUPS, "CTRL_ATTR_MCAST_GROUPS"),
    ConstantCase(ControllerAttribute.policy, CTRL_ATTR_POLICY, "CTRL_ATTR_POLICY"),
    ConstantCase(ControllerAttribute.operationPolicy, CTRL_ATTR_OP_POLICY, "CTRL_ATTR_OP_POLICY"),
    ConstantCase(ControllerAttribute.operation, CTRL_ATTR_OP, "CTRL_ATTR_OP"),
    ConstantCase(ControllerAttribute.Operation.id, CTRL_ATTR_OP_ID, "CTRL_ATTR_OP_ID"),
    ConstantCase(ControllerAttribute.Operation.flags, CTRL_ATTR_OP_FLAGS, "CTRL_ATTR_OP_FLAGS"),
    ConstantCase(ControllerAttribute.MulticastGroup.name, CTRL_ATTR_MCAST_GRP_NAME, "CTRL_ATTR_MCAST_GRP_NAME"),
    ConstantCase(ControllerAttribute.MulticastGroup.id, CTRL_ATTR_MCAST_GRP_ID, "CTRL_ATTR_MCAST_GRP_ID"),
    ConstantCase(GenericOperationFlags.adminPermission.rawValue, GENL_ADMIN_PERM, "GENL_ADMIN_PERM"),
    ConstantCase(GenericOperationFlags.canDo.rawValue, GENL_CMD_CAP_DO, "GENL_CMD_CAP_DO"),
    ConstantCase(GenericOperationFlags.canDump.rawValue, GENL_CMD_CAP_DUMP, "GENL_CMD_CAP_DUMP"),
    ConstantCase(GenericOperationFlags.hasPolicy.rawValue, GENL_CMD_CAP_HASPOL, "GENL_CMD_CAP_HASPOL"),
    ConstantCase(GenericOperationFlags.namespaceAdminPermission.rawValue, GENL_UNS_ADMIN_PERM, "GENL_UNS_ADMIN_PERM"),
]

@Suite("Generic netlink constants vs <linux/genetlink.h>")
struct GenericConformanceTests {
    @Test(arguments: genericConstantCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    /// `struct genlmsghdr`: 4 bytes (`GENL_HDRLEN`), cmd, version, reserved; GenericNetlinkHeader
    /// writes the same bytes as the C struct with the same fields.
    @Test func genlmsghdrLayout() {
        #expect(MemoryLayout<genlmsghdr>.size == GenericNetlinkHeader.size)
        #expect(MemoryLayout.offset(of: \genlmsghdr.cmd) == 0)
        #expect(MemoryLayout.offset(of: \genlmsghdr.version) == 1)
        #expect(MemoryLayout.offset(of: \genlmsghdr.reserved) == 2)
        var c = genlmsghdr()
        c.cmd = 3
        c.version = 2
        c.reserved = 0x0102
        var builder = NetlinkMessageBuilder()
        GenericNetlinkHeader(command: 3, version: 2, reserved: 0x0102).encode(into: &builder)
        #expect(builder.bytes == withUnsafeBytes(of: c) { Array($0) })
    }
}
