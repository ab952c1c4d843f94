// The constants of <linux/mptcp.h> for the conformance tests, in a translation unit of their own
// (see shim.h).
#include <linux/mptcp.h>

unsigned int shim_MPTCP_PM_VER(void) { return MPTCP_PM_VER; }
unsigned int shim_MPTCP_PM_CMD_ADD_ADDR(void) { return MPTCP_PM_CMD_ADD_ADDR; }
unsigned int shim_MPTCP_PM_CMD_DEL_ADDR(void) { return MPTCP_PM_CMD_DEL_ADDR; }
unsigned int shim_MPTCP_PM_CMD_GET_ADDR(void) { return MPTCP_PM_CMD_GET_ADDR; }
unsigned int shim_MPTCP_PM_CMD_FLUSH_ADDRS(void) { return MPTCP_PM_CMD_FLUSH_ADDRS; }
unsigned int shim_MPTCP_PM_CMD_SET_LIMITS(void) { return MPTCP_PM_CMD_SET_LIMITS; }
unsigned int shim_MPTCP_PM_CMD_GET_LIMITS(void) { return MPTCP_PM_CMD_GET_LIMITS; }
unsigned int shim_MPTCP_PM_CMD_SET_FLAGS(void) { return MPTCP_PM_CMD_SET_FLAGS; }
unsigned int shim_MPTCP_PM_ATTR_ADDR(void) { return MPTCP_PM_ATTR_ADDR; }
unsigned int shim_MPTCP_PM_ATTR_RCV_ADD_ADDRS(void) { return MPTCP_PM_ATTR_RCV_ADD_ADDRS; }
unsigned int shim_MPTCP_PM_ATTR_SUBFLOWS(void) { return MPTCP_PM_ATTR_SUBFLOWS; }
unsigned int shim_MPTCP_PM_ADDR_ATTR_FAMILY(void) { return MPTCP_PM_ADDR_ATTR_FAMILY; }
unsigned int shim_MPTCP_PM_ADDR_ATTR_ID(void) { return MPTCP_PM_ADDR_ATTR_ID; }
unsigned int shim_MPTCP_PM_ADDR_ATTR_ADDR4(void) { return MPTCP_PM_ADDR_ATTR_ADDR4; }
unsigned int shim_MPTCP_PM_ADDR_ATTR_ADDR6(void) { return MPTCP_PM_ADDR_ATTR_ADDR6; }
unsigned int shim_MPTCP_PM_ADDR_ATTR_PORT(void) { return MPTCP_PM_ADDR_ATTR_PORT; }
unsigned int shim_MPTCP_PM_ADDR_ATTR_FLAGS(void) { return MPTCP_PM_ADDR_ATTR_FLAGS; }
unsigned int shim_MPTCP_PM_ADDR_ATTR_IF_IDX(void) { return MPTCP_PM_ADDR_ATTR_IF_IDX; }
unsigned int shim_MPTCP_PM_ADDR_FLAG_SIGNAL(void) { return MPTCP_PM_ADDR_FLAG_SIGNAL; }
unsigned int shim_MPTCP_PM_ADDR_FLAG_SUBFLOW(void) { return MPTCP_PM_ADDR_FLAG_SUBFLOW; }
unsigned int shim_MPTCP_PM_ADDR_FLAG_BACKUP(void) { return MPTCP_PM_ADDR_FLAG_BACKUP; }
unsigned int shim_MPTCP_PM_ADDR_FLAG_FULLMESH(void) { return MPTCP_PM_ADDR_FLAG_FULLMESH; }
unsigned int shim_MPTCP_PM_ADDR_FLAG_IMPLICIT(void) { return MPTCP_PM_ADDR_FLAG_IMPLICIT; }
#include <stddef.h>
unsigned int shim_mptcp_info_size(void) { return sizeof(struct mptcp_info); }
unsigned int shim_mptcp_info_offset_flags(void) { return offsetof(struct mptcp_info, mptcpi_flags); }
unsigned int shim_mptcp_info_offset_token(void) { return offsetof(struct mptcp_info, mptcpi_token); }
unsigned int shim_mptcp_info_offset_write_seq(void) { return offsetof(struct mptcp_info, mptcpi_write_seq); }
unsigned int shim_mptcp_info_offset_snd_una(void) { return offsetof(struct mptcp_info, mptcpi_snd_una); }
unsigned int shim_mptcp_info_offset_rcv_nxt(void) { return offsetof(struct mptcp_info, mptcpi_rcv_nxt); }
unsigned int shim_mptcp_info_offset_local_addr_used(void) { return offsetof(struct mptcp_info, mptcpi_local_addr_used); }
unsigned int shim_MPTCP_SUBFLOW_ATTR_ID_LOC(void) { return MPTCP_SUBFLOW_ATTR_ID_LOC; }
