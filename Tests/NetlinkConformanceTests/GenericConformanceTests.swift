// NetlinkGeneric's constants and struct genlmsghdr against the 6.1 UAPI headers: <linux/genetlink.h>
// (GENL_ID_CTRL, GENL_NAMSIZ, GENL_HDRLEN, CTRL_CMD_*, CTRL_ATTR_*, CTRL_ATTR_OP_*,
// CTRL_ATTR_MCAST_GRP_*, the operation flags GENL_*), <linux/tcp_metrics.h>, <linux/seg6_genl.h> and
// <linux/mptcp.h>.

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
    ConstantCase(TCPMetrics.version, TCP_METRICS_GENL_VERSION, "TCP_METRICS_GENL_VERSION"),
    ConstantCase(TCPMetrics.getCommand, TCP_METRICS_CMD_GET, "TCP_METRICS_CMD_GET"),
    ConstantCase(TCPMetrics.deleteCommand, TCP_METRICS_CMD_DEL, "TCP_METRICS_CMD_DEL"),
    ConstantCase(TCPMetricsAttribute.destinationIPv4, TCP_METRICS_ATTR_ADDR_IPV4, "TCP_METRICS_ATTR_ADDR_IPV4"),
    ConstantCase(TCPMetricsAttribute.destinationIPv6, TCP_METRICS_ATTR_ADDR_IPV6, "TCP_METRICS_ATTR_ADDR_IPV6"),
    ConstantCase(TCPMetricsAttribute.age, TCP_METRICS_ATTR_AGE, "TCP_METRICS_ATTR_AGE"),
    ConstantCase(TCPMetricsAttribute.timeWaitTimestampValue, TCP_METRICS_ATTR_TW_TSVAL, "TCP_METRICS_ATTR_TW_TSVAL"),
    ConstantCase(TCPMetricsAttribute.timeWaitTimestampStamp, TCP_METRICS_ATTR_TW_TS_STAMP, "TCP_METRICS_ATTR_TW_TS_STAMP"),
    ConstantCase(TCPMetricsAttribute.values, TCP_METRICS_ATTR_VALS, "TCP_METRICS_ATTR_VALS"),
    ConstantCase(TCPMetricsAttribute.fastOpenMSS, TCP_METRICS_ATTR_FOPEN_MSS, "TCP_METRICS_ATTR_FOPEN_MSS"),
    ConstantCase(TCPMetricsAttribute.fastOpenSynDrops, TCP_METRICS_ATTR_FOPEN_SYN_DROPS, "TCP_METRICS_ATTR_FOPEN_SYN_DROPS"),
    ConstantCase(TCPMetricsAttribute.fastOpenSynDropTimestamp, TCP_METRICS_ATTR_FOPEN_SYN_DROP_TS, "TCP_METRICS_ATTR_FOPEN_SYN_DROP_TS"),
    ConstantCase(TCPMetricsAttribute.fastOpenCookie, TCP_METRICS_ATTR_FOPEN_COOKIE, "TCP_METRICS_ATTR_FOPEN_COOKIE"),
    ConstantCase(TCPMetricsAttribute.sourceIPv4, TCP_METRICS_ATTR_SADDR_IPV4, "TCP_METRICS_ATTR_SADDR_IPV4"),
    ConstantCase(TCPMetricsAttribute.sourceIPv6, TCP_METRICS_ATTR_SADDR_IPV6, "TCP_METRICS_ATTR_SADDR_IPV6"),
    ConstantCase(TCPMetricsAttribute.pad, TCP_METRICS_ATTR_PAD, "TCP_METRICS_ATTR_PAD"),
    ConstantCase(TCPMetricsAttribute.Metric.rtt, TCP_METRIC_RTT.rawValue, "TCP_METRIC_RTT"),
    ConstantCase(TCPMetricsAttribute.Metric.rttVariance, TCP_METRIC_RTTVAR.rawValue, "TCP_METRIC_RTTVAR"),
    ConstantCase(TCPMetricsAttribute.Metric.ssthresh, TCP_METRIC_SSTHRESH.rawValue, "TCP_METRIC_SSTHRESH"),
    ConstantCase(TCPMetricsAttribute.Metric.cwnd, TCP_METRIC_CWND.rawValue, "TCP_METRIC_CWND"),
    ConstantCase(TCPMetricsAttribute.Metric.reordering, TCP_METRIC_REORDERING.rawValue, "TCP_METRIC_REORDERING"),
    ConstantCase(TCPMetricsAttribute.Metric.rttMicroseconds, TCP_METRIC_RTT_US.rawValue, "TCP_METRIC_RTT_US"),
    ConstantCase(TCPMetricsAttribute.Metric.rttVarianceMicroseconds, TCP_METRIC_RTTVAR_US.rawValue, "TCP_METRIC_RTTVAR_US"),
    ConstantCase(SEG6.version, SEG6_GENL_VERSION, "SEG6_GENL_VERSION"),
    ConstantCase(SEG6.setHMAC, SEG6_CMD_SETHMAC, "SEG6_CMD_SETHMAC"),
    ConstantCase(SEG6.dumpHMAC, SEG6_CMD_DUMPHMAC, "SEG6_CMD_DUMPHMAC"),
    ConstantCase(SEG6.setTunnelSource, SEG6_CMD_SET_TUNSRC, "SEG6_CMD_SET_TUNSRC"),
    ConstantCase(SEG6.getTunnelSource, SEG6_CMD_GET_TUNSRC, "SEG6_CMD_GET_TUNSRC"),
    ConstantCase(SEG6Attribute.destination, SEG6_ATTR_DST, "SEG6_ATTR_DST"),
    ConstantCase(SEG6Attribute.hmacKeyID, SEG6_ATTR_HMACKEYID, "SEG6_ATTR_HMACKEYID"),
    ConstantCase(SEG6Attribute.secret, SEG6_ATTR_SECRET, "SEG6_ATTR_SECRET"),
    ConstantCase(SEG6Attribute.secretLength, SEG6_ATTR_SECRETLEN, "SEG6_ATTR_SECRETLEN"),
    ConstantCase(SEG6Attribute.algorithm, SEG6_ATTR_ALGID, "SEG6_ATTR_ALGID"),
    ConstantCase(MPTCPPathManager.version, shim_MPTCP_PM_VER(), "MPTCP_PM_VER"),
    ConstantCase(MPTCPPathManager.addAddress, shim_MPTCP_PM_CMD_ADD_ADDR(), "MPTCP_PM_CMD_ADD_ADDR"),
    ConstantCase(MPTCPPathManager.deleteAddress, shim_MPTCP_PM_CMD_DEL_ADDR(), "MPTCP_PM_CMD_DEL_ADDR"),
    ConstantCase(MPTCPPathManager.getAddress, shim_MPTCP_PM_CMD_GET_ADDR(), "MPTCP_PM_CMD_GET_ADDR"),
    ConstantCase(MPTCPPathManager.flushAddresses, shim_MPTCP_PM_CMD_FLUSH_ADDRS(), "MPTCP_PM_CMD_FLUSH_ADDRS"),
    ConstantCase(MPTCPPathManager.setLimits, shim_MPTCP_PM_CMD_SET_LIMITS(), "MPTCP_PM_CMD_SET_LIMITS"),
    ConstantCase(MPTCPPathManager.getLimits, shim_MPTCP_PM_CMD_GET_LIMITS(), "MPTCP_PM_CMD_GET_LIMITS"),
    ConstantCase(MPTCPPathManager.setFlags, shim_MPTCP_PM_CMD_SET_FLAGS(), "MPTCP_PM_CMD_SET_FLAGS"),
    ConstantCase(MPTCPAttribute.address, shim_MPTCP_PM_ATTR_ADDR(), "MPTCP_PM_ATTR_ADDR"),
    ConstantCase(MPTCPAttribute.receivedAddAddresses, shim_MPTCP_PM_ATTR_RCV_ADD_ADDRS(), "MPTCP_PM_ATTR_RCV_ADD_ADDRS"),
    ConstantCase(MPTCPAttribute.subflows, shim_MPTCP_PM_ATTR_SUBFLOWS(), "MPTCP_PM_ATTR_SUBFLOWS"),
    ConstantCase(MPTCPAttribute.Address.family, shim_MPTCP_PM_ADDR_ATTR_FAMILY(), "MPTCP_PM_ADDR_ATTR_FAMILY"),
    ConstantCase(MPTCPAttribute.Address.id, shim_MPTCP_PM_ADDR_ATTR_ID(), "MPTCP_PM_ADDR_ATTR_ID"),
    ConstantCase(MPTCPAttribute.Address.ipv4, shim_MPTCP_PM_ADDR_ATTR_ADDR4(), "MPTCP_PM_ADDR_ATTR_ADDR4"),
    ConstantCase(MPTCPAttribute.Address.ipv6, shim_MPTCP_PM_ADDR_ATTR_ADDR6(), "MPTCP_PM_ADDR_ATTR_ADDR6"),
    ConstantCase(MPTCPAttribute.Address.port, shim_MPTCP_PM_ADDR_ATTR_PORT(), "MPTCP_PM_ADDR_ATTR_PORT"),
    ConstantCase(MPTCPAttribute.Address.flags, shim_MPTCP_PM_ADDR_ATTR_FLAGS(), "MPTCP_PM_ADDR_ATTR_FLAGS"),
    ConstantCase(MPTCPAttribute.Address.interfaceIndex, shim_MPTCP_PM_ADDR_ATTR_IF_IDX(), "MPTCP_PM_ADDR_ATTR_IF_IDX"),
    ConstantCase(MPTCPEndpointFlags.signal.rawValue, shim_MPTCP_PM_ADDR_FLAG_SIGNAL(), "MPTCP_PM_ADDR_FLAG_SIGNAL"),
    ConstantCase(MPTCPEndpointFlags.subflow.rawValue, shim_MPTCP_PM_ADDR_FLAG_SUBFLOW(), "MPTCP_PM_ADDR_FLAG_SUBFLOW"),
    ConstantCase(MPTCPEndpointFlags.backup.rawValue, shim_MPTCP_PM_ADDR_FLAG_BACKUP(), "MPTCP_PM_ADDR_FLAG_BACKUP"),
    ConstantCase(MPTCPEndpointFlags.fullmesh.rawValue, shim_MPTCP_PM_ADDR_FLAG_FULLMESH(), "MPTCP_PM_ADDR_FLAG_FULLMESH"),
    ConstantCase(MPTCPEndpointFlags.implicit.rawValue, shim_MPTCP_PM_ADDR_FLAG_IMPLICIT(), "MPTCP_PM_ADDR_FLAG_IMPLICIT"),
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
