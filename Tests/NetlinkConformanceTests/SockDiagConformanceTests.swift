// NetlinkSockDiag's constants and structures against the 6.1 UAPI headers <linux/sock_diag.h>,
// <linux/inet_diag.h> and <linux/unix_diag.h>.

import CNetlinkShim
import NetlinkCore
import NetlinkSockDiag
import Testing

/// The code of the op at `offset` of `filter`'s program.
func filterOp(_ filter: InetDiagFilter, at offset: Int = 0) -> Int {
    guard let code = try? filter.bytecode(), offset < code.count else { return -1 }
    return Int(code[offset])
}

let sockDiagConstantCases: [ConstantCase] = [
    ConstantCase(SockDiag.byFamily.rawValue, SOCK_DIAG_BY_FAMILY, "SOCK_DIAG_BY_FAMILY"),
    ConstantCase(SockDiag.destroy.rawValue, SOCK_DESTROY, "SOCK_DESTROY"),
    ConstantCase(InetDiagRequest.size, MemoryLayout<inet_diag_req_v2>.size, "sizeof(struct inet_diag_req_v2)"),
    ConstantCase(InetSocketID.size, MemoryLayout<inet_diag_sockid>.size, "sizeof(struct inet_diag_sockid)"),
    ConstantCase(InetSocket.size, MemoryLayout<inet_diag_msg>.size, "sizeof(struct inet_diag_msg)"),
    ConstantCase(4, MemoryLayout.offset(of: \inet_diag_msg.id)!, "offsetof(inet_diag_msg, id)"),
    ConstantCase(52, MemoryLayout.offset(of: \inet_diag_msg.idiag_expires)!, "offsetof(inet_diag_msg, idiag_expires)"),
    ConstantCase(68, MemoryLayout.offset(of: \inet_diag_msg.idiag_inode)!, "offsetof(inet_diag_msg, idiag_inode)"),
    ConstantCase(UnixDiagRequest.size, MemoryLayout<unix_diag_req>.size, "sizeof(struct unix_diag_req)"),
    ConstantCase(UnixSocket.size, MemoryLayout<unix_diag_msg>.size, "sizeof(struct unix_diag_msg)"),
    ConstantCase(NetlinkDiagRequest.size, MemoryLayout<netlink_diag_req>.size, "sizeof(struct netlink_diag_req)"),
    ConstantCase(NetlinkSocketDiag.size, MemoryLayout<netlink_diag_msg>.size, "sizeof(struct netlink_diag_msg)"),
    ConstantCase(16, MemoryLayout.offset(of: \netlink_diag_msg.ndiag_ino)!, "offsetof(netlink_diag_msg, ndiag_ino)"),
    ConstantCase(PacketDiagRequest.size, MemoryLayout<packet_diag_req>.size, "sizeof(struct packet_diag_req)"),
    ConstantCase(PacketSocket.size, MemoryLayout<packet_diag_msg>.size, "sizeof(struct packet_diag_msg)"),
    ConstantCase(NetlinkSocketDiag.Attribute.memoryInfo, NETLINK_DIAG_MEMINFO, "NETLINK_DIAG_MEMINFO"),
    ConstantCase(NetlinkSocketDiag.Attribute.groups, NETLINK_DIAG_GROUPS, "NETLINK_DIAG_GROUPS"),
    ConstantCase(NetlinkSocketDiag.Attribute.flags, NETLINK_DIAG_FLAGS, "NETLINK_DIAG_FLAGS"),
    ConstantCase(NetlinkDiagRequest.Show.memoryInfo.rawValue, NDIAG_SHOW_MEMINFO, "NDIAG_SHOW_MEMINFO"),
    ConstantCase(NetlinkDiagRequest.Show.groups.rawValue, NDIAG_SHOW_GROUPS, "NDIAG_SHOW_GROUPS"),
    ConstantCase(NetlinkDiagRequest.Show.flags.rawValue, NDIAG_SHOW_FLAGS, "NDIAG_SHOW_FLAGS"),
    ConstantCase(PacketSocket.Attribute.info, PACKET_DIAG_INFO, "PACKET_DIAG_INFO"),
    ConstantCase(PacketSocket.Attribute.multicastList, PACKET_DIAG_MCLIST, "PACKET_DIAG_MCLIST"),
    ConstantCase(PacketSocket.Attribute.fanout, PACKET_DIAG_FANOUT, "PACKET_DIAG_FANOUT"),
    ConstantCase(PacketSocket.Attribute.uid, PACKET_DIAG_UID, "PACKET_DIAG_UID"),
    ConstantCase(PacketSocket.Attribute.memoryInfo, PACKET_DIAG_MEMINFO, "PACKET_DIAG_MEMINFO"),
    ConstantCase(PacketSocket.Attribute.filter, PACKET_DIAG_FILTER, "PACKET_DIAG_FILTER"),
    ConstantCase(PacketDiagRequest.Show.info.rawValue, PACKET_SHOW_INFO, "PACKET_SHOW_INFO"),
    ConstantCase(PacketDiagRequest.Show.memoryInfo.rawValue, PACKET_SHOW_MEMINFO, "PACKET_SHOW_MEMINFO"),
    ConstantCase(PacketDiagRequest.Show.filter.rawValue, PACKET_SHOW_FILTER, "PACKET_SHOW_FILTER"),
    ConstantCase(InetDiagAttribute.requestBytecode, INET_DIAG_REQ_BYTECODE, "INET_DIAG_REQ_BYTECODE"),
    ConstantCase(InetDiagAttribute.requestProtocol, INET_DIAG_REQ_PROTOCOL, "INET_DIAG_REQ_PROTOCOL"),
    ConstantCase(InetDiagAttribute.memoryInfo, INET_DIAG_MEMINFO, "INET_DIAG_MEMINFO"),
    ConstantCase(InetDiagAttribute.info, INET_DIAG_INFO, "INET_DIAG_INFO"),
    ConstantCase(InetDiagAttribute.congestion, INET_DIAG_CONG, "INET_DIAG_CONG"),
    ConstantCase(InetDiagAttribute.tos, INET_DIAG_TOS, "INET_DIAG_TOS"),
    ConstantCase(InetDiagAttribute.trafficClass, INET_DIAG_TCLASS, "INET_DIAG_TCLASS"),
    ConstantCase(InetDiagAttribute.socketMemoryInfo, INET_DIAG_SKMEMINFO, "INET_DIAG_SKMEMINFO"),
    ConstantCase(InetDiagAttribute.shutdown, INET_DIAG_SHUTDOWN, "INET_DIAG_SHUTDOWN"),
    ConstantCase(InetDiagAttribute.protocol, INET_DIAG_PROTOCOL, "INET_DIAG_PROTOCOL"),
    ConstantCase(InetDiagAttribute.v6Only, INET_DIAG_SKV6ONLY, "INET_DIAG_SKV6ONLY"),
    ConstantCase(InetDiagAttribute.mark, INET_DIAG_MARK, "INET_DIAG_MARK"),
    ConstantCase(InetDiagAttribute.classID, INET_DIAG_CLASS_ID, "INET_DIAG_CLASS_ID"),
    ConstantCase(InetDiagAttribute.cgroupID, INET_DIAG_CGROUP_ID, "INET_DIAG_CGROUP_ID"),
    ConstantCase(InetDiagAttribute.socketOptions, INET_DIAG_SOCKOPT, "INET_DIAG_SOCKOPT"),
    ConstantCase(InetDiagAttribute.vegasInfo, INET_DIAG_VEGASINFO, "INET_DIAG_VEGASINFO"),
    ConstantCase(InetDiagAttribute.upperLayerProtocolInfo, INET_DIAG_ULP_INFO, "INET_DIAG_ULP_INFO"),
    ConstantCase(MPTCPInfo.Offset.size61, shim_mptcp_info_size(), "sizeof(struct mptcp_info)"),
    ConstantCase(MPTCPInfo.Offset.flags, shim_mptcp_info_offset_flags(), "offsetof(mptcpi_flags)"),
    ConstantCase(MPTCPInfo.Offset.token, shim_mptcp_info_offset_token(), "offsetof(mptcpi_token)"),
    ConstantCase(MPTCPInfo.Offset.writeSequence, shim_mptcp_info_offset_write_seq(), "offsetof(mptcpi_write_seq)"),
    ConstantCase(MPTCPInfo.Offset.sendUnacknowledged, shim_mptcp_info_offset_snd_una(), "offsetof(mptcpi_snd_una)"),
    ConstantCase(MPTCPInfo.Offset.receiveNext, shim_mptcp_info_offset_rcv_nxt(), "offsetof(mptcpi_rcv_nxt)"),
    ConstantCase(MPTCPInfo.Offset.localAddressesUsed, shim_mptcp_info_offset_local_addr_used(), "offsetof(mptcpi_local_addr_used)"),
    ConstantCase(3, INET_ULP_INFO_MPTCP, "INET_ULP_INFO_MPTCP"),
    ConstantCase(10, shim_MPTCP_SUBFLOW_ATTR_ID_LOC(), "MPTCP_SUBFLOW_ATTR_ID_LOC"),
    ConstantCase(InetDiagAttribute.md5Signature, INET_DIAG_MD5SIG, "INET_DIAG_MD5SIG"),
    ConstantCase(TCPMD5Key.size, shim_tcp_diag_md5sig_size(), "sizeof(struct tcp_diag_md5sig)"),
    ConstantCase(2, INET_ULP_INFO_TLS, "INET_ULP_INFO_TLS"),
    ConstantCase(0x0303, shim_TLS_1_2_VERSION(), "TLS_1_2_VERSION (nlctl ss's version: 1.2)"),
    ConstantCase(0x0304, shim_TLS_1_3_VERSION(), "TLS_1_3_VERSION"),
    ConstantCase(51, shim_TLS_CIPHER_AES_GCM_128(), "TLS_CIPHER_AES_GCM_128"),
    ConstantCase(52, shim_TLS_CIPHER_AES_GCM_256(), "TLS_CIPHER_AES_GCM_256"),
    ConstantCase(4, shim_TLS_CONF_HW_RECORD(), "TLS_CONF_HW_RECORD"),
    ConstantCase(TLSInfo.Attribute.zeroCopyReadOnlyTransmit, shim_TLS_INFO_ZC_RO_TX(), "TLS_INFO_ZC_RO_TX"),
    ConstantCase(TLSInfo.Attribute.receiveNoPadding, shim_TLS_INFO_RX_NO_PAD(), "TLS_INFO_RX_NO_PAD"),
    ConstantCase(InetDiagAttribute.dctcpInfo, INET_DIAG_DCTCPINFO, "INET_DIAG_DCTCPINFO"),
    ConstantCase(InetDiagAttribute.bbrInfo, INET_DIAG_BBRINFO, "INET_DIAG_BBRINFO"),
    ConstantCase(16, MemoryLayout<tcpvegas_info>.size, "sizeof(struct tcpvegas_info)"),
    ConstantCase(16, MemoryLayout<tcp_dctcp_info>.size, "sizeof(struct tcp_dctcp_info)"),
    ConstantCase(20, MemoryLayout<tcp_bbr_info>.size, "sizeof(struct tcp_bbr_info)"),
    ConstantCase(2, MemoryLayout<inet_diag_sockopt>.size, "sizeof(struct inet_diag_sockopt)"),
    ConstantCase(InetDiagAttribute.Extensions.memoryInfo.rawValue, 1 << (INET_DIAG_MEMINFO - 1), "1 << (INET_DIAG_MEMINFO - 1)"),
    ConstantCase(InetDiagAttribute.Extensions.shutdown.rawValue, 1 << (INET_DIAG_SHUTDOWN - 1), "1 << (INET_DIAG_SHUTDOWN - 1)"),
    ConstantCase(SockDiagGroup.tcp4Destroy, SKNLGRP_INET_TCP_DESTROY.rawValue, "SKNLGRP_INET_TCP_DESTROY"),
    ConstantCase(SockDiagGroup.udp4Destroy, SKNLGRP_INET_UDP_DESTROY.rawValue, "SKNLGRP_INET_UDP_DESTROY"),
    ConstantCase(SockDiagGroup.tcp6Destroy, SKNLGRP_INET6_TCP_DESTROY.rawValue, "SKNLGRP_INET6_TCP_DESTROY"),
    ConstantCase(SockDiagGroup.udp6Destroy, SKNLGRP_INET6_UDP_DESTROY.rawValue, "SKNLGRP_INET6_UDP_DESTROY"),
    // The filter's ops: the first byte of each compiled leaf, and the operand structures' sizes
    // (the op 4 bytes, a host condition 8 before its address, a mark condition 8).
    ConstantCase(filterOp(.sourcePort(.greaterOrEqual, 1)), INET_DIAG_BC_S_GE, "INET_DIAG_BC_S_GE"),
    ConstantCase(filterOp(.sourcePort(.lessOrEqual, 1)), INET_DIAG_BC_S_LE, "INET_DIAG_BC_S_LE"),
    ConstantCase(filterOp(.sourcePort(.equal, 1)), INET_DIAG_BC_S_EQ, "INET_DIAG_BC_S_EQ"),
    ConstantCase(filterOp(.destinationPort(.greaterOrEqual, 1)), INET_DIAG_BC_D_GE, "INET_DIAG_BC_D_GE"),
    ConstantCase(filterOp(.destinationPort(.lessOrEqual, 1)), INET_DIAG_BC_D_LE, "INET_DIAG_BC_D_LE"),
    ConstantCase(filterOp(.destinationPort(.equal, 1)), INET_DIAG_BC_D_EQ, "INET_DIAG_BC_D_EQ"),
    ConstantCase(filterOp(.autoBound), INET_DIAG_BC_AUTO, "INET_DIAG_BC_AUTO"),
    ConstantCase(filterOp(.source("10.0.0.0/8")), INET_DIAG_BC_S_COND, "INET_DIAG_BC_S_COND"),
    ConstantCase(filterOp(.destination("10.0.0.0/8")), INET_DIAG_BC_D_COND, "INET_DIAG_BC_D_COND"),
    ConstantCase(filterOp(.device(1)), INET_DIAG_BC_DEV_COND, "INET_DIAG_BC_DEV_COND"),
    ConstantCase(filterOp(.mark(1, mask: 1)), INET_DIAG_BC_MARK_COND, "INET_DIAG_BC_MARK_COND"),
    ConstantCase(filterOp(.cgroup(1)), INET_DIAG_BC_CGROUP_COND, "INET_DIAG_BC_CGROUP_COND"),
    ConstantCase(filterOp(.not(.autoBound), at: 4), INET_DIAG_BC_JMP, "INET_DIAG_BC_JMP"),
    ConstantCase(4, MemoryLayout<inet_diag_bc_op>.size, "sizeof(struct inet_diag_bc_op)"),
    ConstantCase(8, MemoryLayout<inet_diag_hostcond>.size, "sizeof(struct inet_diag_hostcond)"),
    ConstantCase(8, MemoryLayout<inet_diag_markcond>.size, "sizeof(struct inet_diag_markcond)"),
    ConstantCase((try? InetDiagFilter.source("10.0.0.0/8").bytecode().count) ?? 0, 4 + MemoryLayout<inet_diag_hostcond>.size + 4, "an IPv4 host condition: op, hostcond, address"),
    ConstantCase(UnixDiagAttribute.name, UNIX_DIAG_NAME, "UNIX_DIAG_NAME"),
    ConstantCase(UnixDiagAttribute.vfs, UNIX_DIAG_VFS, "UNIX_DIAG_VFS"),
    ConstantCase(UnixDiagAttribute.peer, UNIX_DIAG_PEER, "UNIX_DIAG_PEER"),
    ConstantCase(UnixDiagAttribute.icons, UNIX_DIAG_ICONS, "UNIX_DIAG_ICONS"),
    ConstantCase(UnixDiagAttribute.queueLengths, UNIX_DIAG_RQLEN, "UNIX_DIAG_RQLEN"),
    ConstantCase(UnixDiagAttribute.memoryInfo, UNIX_DIAG_MEMINFO, "UNIX_DIAG_MEMINFO"),
    ConstantCase(UnixDiagAttribute.shutdown, UNIX_DIAG_SHUTDOWN, "UNIX_DIAG_SHUTDOWN"),
    ConstantCase(UnixDiagAttribute.uid, UNIX_DIAG_UID, "UNIX_DIAG_UID"),
    ConstantCase(UnixDiagAttribute.Show.name.rawValue, UDIAG_SHOW_NAME, "UDIAG_SHOW_NAME"),
    ConstantCase(UnixDiagAttribute.Show.vfs.rawValue, UDIAG_SHOW_VFS, "UDIAG_SHOW_VFS"),
    ConstantCase(UnixDiagAttribute.Show.peer.rawValue, UDIAG_SHOW_PEER, "UDIAG_SHOW_PEER"),
    ConstantCase(UnixDiagAttribute.Show.icons.rawValue, UDIAG_SHOW_ICONS, "UDIAG_SHOW_ICONS"),
    ConstantCase(UnixDiagAttribute.Show.queueLengths.rawValue, UDIAG_SHOW_RQLEN, "UDIAG_SHOW_RQLEN"),
    ConstantCase(UnixDiagAttribute.Show.memoryInfo.rawValue, UDIAG_SHOW_MEMINFO, "UDIAG_SHOW_MEMINFO"),
    ConstantCase(UnixDiagAttribute.Show.uid.rawValue, UDIAG_SHOW_UID, "UDIAG_SHOW_UID"),
]

let tcpInfoOffsetCases: [ConstantCase] = [
    ConstantCase(TCPInfo.Offset.size61, shim_tcp_info_size(), "sizeof(struct tcp_info)"),
    ConstantCase(TCPInfo.Offset.rto, shim_tcp_info_offset_rto(), "offsetof(tcpi_rto)"),
    ConstantCase(TCPInfo.Offset.rttVariance, shim_tcp_info_offset_rttvar(), "offsetof(tcpi_rttvar)"),
    ConstantCase(TCPInfo.Offset.retransmitted, shim_tcp_info_offset_retrans(), "offsetof(tcpi_retrans)"),
    ConstantCase(TCPInfo.Offset.lost, shim_tcp_info_offset_lost(), "offsetof(tcpi_lost)"),
    ConstantCase(TCPInfo.Offset.sacked, shim_tcp_info_offset_sacked(), "offsetof(tcpi_sacked)"),
    ConstantCase(TCPInfo.Offset.sendMSS, shim_tcp_info_offset_snd_mss(), "offsetof(tcpi_snd_mss)"),
    ConstantCase(TCPInfo.Offset.receiveMSS, shim_tcp_info_offset_rcv_mss(), "offsetof(tcpi_rcv_mss)"),
    ConstantCase(TCPInfo.Offset.segmentsIn, shim_tcp_info_offset_segs_in(), "offsetof(tcpi_segs_in)"),
    ConstantCase(TCPInfo.Offset.bytesAcknowledged, shim_tcp_info_offset_bytes_acked(), "offsetof(tcpi_bytes_acked)"),
    ConstantCase(TCPInfo.Offset.notSentBytes, shim_tcp_info_offset_notsent_bytes(), "offsetof(tcpi_notsent_bytes)"),
    ConstantCase(TCPInfo.Offset.reordering, shim_tcp_info_offset_reordering(), "offsetof(tcpi_reordering)"),
    ConstantCase(TCPInfo.Offset.advertisedMSS, shim_tcp_info_offset_advmss(), "offsetof(tcpi_advmss)"),
    ConstantCase(TCPInfo.Offset.sendSlowStartThreshold, shim_tcp_info_offset_snd_ssthresh(), "offsetof(tcpi_snd_ssthresh)"),
    ConstantCase(TCPInfo.Offset.receiveSlowStartThreshold, shim_tcp_info_offset_rcv_ssthresh(), "offsetof(tcpi_rcv_ssthresh)"),
    ConstantCase(TCPInfo.Offset.lastAckReceived, shim_tcp_info_offset_last_ack_recv(), "offsetof(tcpi_last_ack_recv)"),
    ConstantCase(TCPInfo.Offset.lastDataReceived, shim_tcp_info_offset_last_data_recv(), "offsetof(tcpi_last_data_recv)"),
    ConstantCase(TCPInfo.Offset.receiveSpace, shim_tcp_info_offset_rcv_space(), "offsetof(tcpi_rcv_space)"),
    ConstantCase(TCPInfo.Offset.receiveRTT, shim_tcp_info_offset_rcv_rtt(), "offsetof(tcpi_rcv_rtt)"),
    ConstantCase(TCPInfo.Offset.ato, shim_tcp_info_offset_ato(), "offsetof(tcpi_ato)"),
    ConstantCase(TCPInfo.Offset.maxPacingRate, shim_tcp_info_offset_max_pacing_rate(), "offsetof(tcpi_max_pacing_rate)"),
    ConstantCase(TCPInfo.Offset.receiveOutOfOrder, shim_tcp_info_offset_rcv_ooopack(), "offsetof(tcpi_rcv_ooopack)"),
    ConstantCase(TCPInfo.Offset.reorderSeen, shim_tcp_info_offset_reord_seen(), "offsetof(tcpi_reord_seen)"),
    ConstantCase(TCPInfo.Offset.dsackDuplicates, shim_tcp_info_offset_dsack_dups(), "offsetof(tcpi_dsack_dups)"),
    ConstantCase(TCPInfo.Offset.deliveredCE, shim_tcp_info_offset_delivered_ce(), "offsetof(tcpi_delivered_ce)"),
    ConstantCase(TCPInfo.Offset.delivered, shim_tcp_info_offset_delivered(), "offsetof(tcpi_delivered)"),
    ConstantCase(TCPInfo.Offset.sendBufferLimited, shim_tcp_info_offset_sndbuf_limited(), "offsetof(tcpi_sndbuf_limited)"),
    ConstantCase(TCPInfo.Offset.receiveWindowLimited, shim_tcp_info_offset_rwnd_limited(), "offsetof(tcpi_rwnd_limited)"),
    ConstantCase(TCPInfo.Offset.busyTime, shim_tcp_info_offset_busy_time(), "offsetof(tcpi_busy_time)"),
    ConstantCase(TCPInfo.Offset.dataSegmentsOut, shim_tcp_info_offset_data_segs_out(), "offsetof(tcpi_data_segs_out)"),
    ConstantCase(TCPInfo.Offset.dataSegmentsIn, shim_tcp_info_offset_data_segs_in(), "offsetof(tcpi_data_segs_in)"),
    ConstantCase(TCPInfo.Offset.lastAckSent, shim_tcp_info_offset_last_ack_sent(), "offsetof(tcpi_last_ack_sent)"),
    ConstantCase(TCPInfo.Offset.fackets, shim_tcp_info_offset_fackets(), "offsetof(tcpi_fackets)"),
    ConstantCase(TCPInfo.Offset.unacknowledged, shim_tcp_info_offset_unacked(), "offsetof(tcpi_unacked)"),
    ConstantCase(TCPInfo.Offset.lastDataSent, shim_tcp_info_offset_last_data_sent(), "offsetof(tcpi_last_data_sent)"),
    ConstantCase(TCPInfo.Offset.pathMTU, shim_tcp_info_offset_pmtu(), "offsetof(tcpi_pmtu)"),
    ConstantCase(TCPInfo.Offset.rtt, shim_tcp_info_offset_rtt(), "offsetof(tcpi_rtt)"),
    ConstantCase(TCPInfo.Offset.congestionWindow, shim_tcp_info_offset_snd_cwnd(), "offsetof(tcpi_snd_cwnd)"),
    ConstantCase(TCPInfo.Offset.totalRetransmits, shim_tcp_info_offset_total_retrans(), "offsetof(tcpi_total_retrans)"),
    ConstantCase(TCPInfo.Offset.pacingRate, shim_tcp_info_offset_pacing_rate(), "offsetof(tcpi_pacing_rate)"),
    ConstantCase(TCPInfo.Offset.bytesReceived, shim_tcp_info_offset_bytes_received(), "offsetof(tcpi_bytes_received)"),
    ConstantCase(TCPInfo.Offset.segmentsOut, shim_tcp_info_offset_segs_out(), "offsetof(tcpi_segs_out)"),
    ConstantCase(TCPInfo.Offset.minRTT, shim_tcp_info_offset_min_rtt(), "offsetof(tcpi_min_rtt)"),
    ConstantCase(TCPInfo.Offset.deliveryRate, shim_tcp_info_offset_delivery_rate(), "offsetof(tcpi_delivery_rate)"),
    ConstantCase(TCPInfo.Offset.bytesSent, shim_tcp_info_offset_bytes_sent(), "offsetof(tcpi_bytes_sent)"),
    ConstantCase(TCPInfo.Offset.bytesRetransmitted, shim_tcp_info_offset_bytes_retrans(), "offsetof(tcpi_bytes_retrans)"),
    ConstantCase(TCPInfo.Offset.sendWindow, shim_tcp_info_offset_snd_wnd(), "offsetof(tcpi_snd_wnd)"),
]

@Suite("sock_diag constants vs <linux/inet_diag.h>, <linux/unix_diag.h>")
struct SockDiagConformanceTests {
    @Test(arguments: sockDiagConstantCases + tcpInfoOffsetCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    /// `struct inet_diag_req_v2`: our bytes for a request equal the C structure's with the same fields.
    @Test func requestBytes() throws {
        var c = inet_diag_req_v2()
        c.sdiag_family = 10
        c.sdiag_protocol = 6
        c.idiag_ext = 0x41
        c.idiag_states = 0x400
        c.id.idiag_sport = UInt16(8080).bigEndian
        c.id.idiag_if = 3
        c.id.idiag_cookie = (0xFFFF_FFFF, 0xFFFF_FFFF)
        var builder = NetlinkMessageBuilder()
        var request = InetDiagRequest(family: .inet6, protocol: 6, states: TCPStates(.listen), extensions: [.memoryInfo, .socketMemoryInfo])
        request.id.sourcePort = 8080
        request.id.interface = 3
        try request.encode(into: &builder)
        #expect(builder.bytes == withUnsafeBytes(of: c) { Array($0) })
    }
}
