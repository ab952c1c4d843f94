// NetlinkConnector's constants and layouts against the 6.1 UAPI headers <linux/connector.h> and
// <linux/cn_proc.h>. PROC_EVENT_NONZERO_EXIT and struct proc_input are newer (Linux 6.6): not in
// these headers, checked against the kernel by the connector's tests.

import CNetlinkShim
import NetlinkConnector
import NetlinkCore
import Testing

let connectorConstantCases: [ConstantCase] = [
    ConstantCase(ConnectorID.processEvents.index, UInt32(CN_IDX_PROC), "CN_IDX_PROC"),
    ConstantCase(ConnectorID.processEvents.value, UInt32(CN_VAL_PROC), "CN_VAL_PROC"),
    ConstantCase(ConnectorID.cifs.index, UInt32(CN_IDX_CIFS), "CN_IDX_CIFS"),
    ConstantCase(ConnectorID.oneWire.index, UInt32(CN_W1_IDX), "CN_W1_IDX"),
    ConstantCase(ConnectorID.uvesafb.index, UInt32(CN_IDX_V86D), "CN_IDX_V86D"),
    ConstantCase(ConnectorID.distributedStorage.index, UInt32(CN_DST_IDX), "CN_DST_IDX"),
    ConstantCase(ConnectorID.deviceMapperLog.index, UInt32(CN_IDX_DM), "CN_IDX_DM"),
    ConstantCase(ConnectorID.drbd.index, UInt32(CN_IDX_DRBD), "CN_IDX_DRBD"),
    ConstantCase(ConnectorID.hyperVKeyValue.index, UInt32(CN_KVP_IDX), "CN_KVP_IDX"),
    ConstantCase(ConnectorID.hyperVShadowCopy.index, UInt32(CN_VSS_IDX), "CN_VSS_IDX"),
    ConstantCase(ConnectorID.firstUserIndex, UInt32(CN_NETLINK_USERS), "CN_NETLINK_USERS"),
    ConstantCase(ConnectorMessage.headerSize, MemoryLayout<cn_msg>.size, "sizeof(struct cn_msg)"),
    ConstantCase(ConnectorMessage.maximumDataSize, Int(CONNECTOR_MAX_MSG_SIZE), "CONNECTOR_MAX_MSG_SIZE"),
    ConstantCase(ProcessEventsRequest.Operation.listen.rawValue, PROC_CN_MCAST_LISTEN.rawValue, "PROC_CN_MCAST_LISTEN"),
    ConstantCase(ProcessEventsRequest.Operation.ignore.rawValue, PROC_CN_MCAST_IGNORE.rawValue, "PROC_CN_MCAST_IGNORE"),
    ConstantCase(ProcessEventKinds.fork.rawValue, PROC_EVENT_FORK.rawValue, "PROC_EVENT_FORK"),
    ConstantCase(ProcessEventKinds.exec.rawValue, PROC_EVENT_EXEC.rawValue, "PROC_EVENT_EXEC"),
    ConstantCase(ProcessEventKinds.uid.rawValue, PROC_EVENT_UID.rawValue, "PROC_EVENT_UID"),
    ConstantCase(ProcessEventKinds.gid.rawValue, PROC_EVENT_GID.rawValue, "PROC_EVENT_GID"),
    ConstantCase(ProcessEventKinds.sid.rawValue, PROC_EVENT_SID.rawValue, "PROC_EVENT_SID"),
    ConstantCase(ProcessEventKinds.ptrace.rawValue, PROC_EVENT_PTRACE.rawValue, "PROC_EVENT_PTRACE"),
    ConstantCase(ProcessEventKinds.comm.rawValue, PROC_EVENT_COMM.rawValue, "PROC_EVENT_COMM"),
    ConstantCase(ProcessEventKinds.coredump.rawValue, PROC_EVENT_COREDUMP.rawValue, "PROC_EVENT_COREDUMP"),
    ConstantCase(ProcessEventKinds.exit.rawValue, PROC_EVENT_EXIT.rawValue, "PROC_EVENT_EXIT"),
    ConstantCase(ProcessEvent.headerSize, MemoryLayout<proc_event>.offset(of: \proc_event.event_data)!, "offsetof(struct proc_event, event_data)"),
    ConstantCase(40, MemoryLayout<proc_event>.size, "sizeof(struct proc_event)"),
    ConstantCase(16, MemoryLayout<fork_proc_event>.size, "sizeof(struct fork_proc_event)"),
    ConstantCase(16, MemoryLayout<id_proc_event>.size, "sizeof(struct id_proc_event)"),
    ConstantCase(24, MemoryLayout<comm_proc_event>.size, "sizeof(struct comm_proc_event)"),
    ConstantCase(24, MemoryLayout<exit_proc_event>.size, "sizeof(struct exit_proc_event)"),
    ConstantCase(16, MemoryLayout<coredump_proc_event>.size, "sizeof(struct coredump_proc_event)"),
]

@Suite("Connector constants vs <linux/connector.h>, <linux/cn_proc.h>")
struct ConnectorConformanceTests {
    @Test(arguments: connectorConstantCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }
}
