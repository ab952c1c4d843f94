// The layout of struct tcp_info (<linux/tcp.h>) for the conformance tests, in a translation unit of
// its own: <linux/tcp.h> and glibc's <netinet/tcp.h> define it differently (see shim.h).
#include <stddef.h>
#include <linux/tcp.h>

unsigned int shim_tcp_info_size(void) { return sizeof(struct tcp_info); }
unsigned int shim_tcp_info_offset_rto(void) { return offsetof(struct tcp_info, tcpi_rto); }
unsigned int shim_tcp_info_offset_unacked(void) { return offsetof(struct tcp_info, tcpi_unacked); }
unsigned int shim_tcp_info_offset_last_data_sent(void) { return offsetof(struct tcp_info, tcpi_last_data_sent); }
unsigned int shim_tcp_info_offset_pmtu(void) { return offsetof(struct tcp_info, tcpi_pmtu); }
unsigned int shim_tcp_info_offset_rtt(void) { return offsetof(struct tcp_info, tcpi_rtt); }
unsigned int shim_tcp_info_offset_snd_cwnd(void) { return offsetof(struct tcp_info, tcpi_snd_cwnd); }
unsigned int shim_tcp_info_offset_total_retrans(void) { return offsetof(struct tcp_info, tcpi_total_retrans); }
unsigned int shim_tcp_info_offset_pacing_rate(void) { return offsetof(struct tcp_info, tcpi_pacing_rate); }
unsigned int shim_tcp_info_offset_bytes_received(void) { return offsetof(struct tcp_info, tcpi_bytes_received); }
unsigned int shim_tcp_info_offset_segs_out(void) { return offsetof(struct tcp_info, tcpi_segs_out); }
unsigned int shim_tcp_info_offset_min_rtt(void) { return offsetof(struct tcp_info, tcpi_min_rtt); }
unsigned int shim_tcp_info_offset_delivery_rate(void) { return offsetof(struct tcp_info, tcpi_delivery_rate); }
unsigned int shim_tcp_info_offset_bytes_sent(void) { return offsetof(struct tcp_info, tcpi_bytes_sent); }
unsigned int shim_tcp_info_offset_bytes_retrans(void) { return offsetof(struct tcp_info, tcpi_bytes_retrans); }
unsigned int shim_tcp_info_offset_snd_wnd(void) { return offsetof(struct tcp_info, tcpi_snd_wnd); }
unsigned int shim_tcp_info_offset_fackets(void) { return offsetof(struct tcp_info, tcpi_fackets); }
unsigned int shim_tcp_info_offset_last_ack_sent(void) { return offsetof(struct tcp_info, tcpi_last_ack_sent); }
unsigned int shim_tcp_info_offset_data_segs_in(void) { return offsetof(struct tcp_info, tcpi_data_segs_in); }
unsigned int shim_tcp_info_offset_data_segs_out(void) { return offsetof(struct tcp_info, tcpi_data_segs_out); }
unsigned int shim_tcp_info_offset_busy_time(void) { return offsetof(struct tcp_info, tcpi_busy_time); }
unsigned int shim_tcp_info_offset_rwnd_limited(void) { return offsetof(struct tcp_info, tcpi_rwnd_limited); }
unsigned int shim_tcp_info_offset_sndbuf_limited(void) { return offsetof(struct tcp_info, tcpi_sndbuf_limited); }
unsigned int shim_tcp_info_offset_delivered(void) { return offsetof(struct tcp_info, tcpi_delivered); }
unsigned int shim_tcp_info_offset_delivered_ce(void) { return offsetof(struct tcp_info, tcpi_delivered_ce); }
unsigned int shim_tcp_info_offset_dsack_dups(void) { return offsetof(struct tcp_info, tcpi_dsack_dups); }
unsigned int shim_tcp_info_offset_reord_seen(void) { return offsetof(struct tcp_info, tcpi_reord_seen); }
unsigned int shim_tcp_info_offset_rcv_ooopack(void) { return offsetof(struct tcp_info, tcpi_rcv_ooopack); }
unsigned int shim_tcp_info_offset_max_pacing_rate(void) { return offsetof(struct tcp_info, tcpi_max_pacing_rate); }
unsigned int shim_tcp_info_offset_ato(void) { return offsetof(struct tcp_info, tcpi_ato); }
unsigned int shim_tcp_info_offset_rcv_rtt(void) { return offsetof(struct tcp_info, tcpi_rcv_rtt); }
unsigned int shim_tcp_info_offset_rcv_space(void) { return offsetof(struct tcp_info, tcpi_rcv_space); }
unsigned int shim_tcp_info_offset_last_data_recv(void) { return offsetof(struct tcp_info, tcpi_last_data_recv); }
unsigned int shim_tcp_info_offset_last_ack_recv(void) { return offsetof(struct tcp_info, tcpi_last_ack_recv); }
unsigned int shim_tcp_info_offset_rcv_ssthresh(void) { return offsetof(struct tcp_info, tcpi_rcv_ssthresh); }
unsigned int shim_tcp_info_offset_snd_ssthresh(void) { return offsetof(struct tcp_info, tcpi_snd_ssthresh); }
unsigned int shim_tcp_info_offset_advmss(void) { return offsetof(struct tcp_info, tcpi_advmss); }
unsigned int shim_tcp_info_offset_reordering(void) { return offsetof(struct tcp_info, tcpi_reordering); }
unsigned int shim_tcp_info_offset_notsent_bytes(void) { return offsetof(struct tcp_info, tcpi_notsent_bytes); }
unsigned int shim_tcp_info_offset_bytes_acked(void) { return offsetof(struct tcp_info, tcpi_bytes_acked); }
unsigned int shim_tcp_info_offset_segs_in(void) { return offsetof(struct tcp_info, tcpi_segs_in); }
unsigned int shim_tcp_info_offset_rcv_mss(void) { return offsetof(struct tcp_info, tcpi_rcv_mss); }
unsigned int shim_tcp_info_offset_snd_mss(void) { return offsetof(struct tcp_info, tcpi_snd_mss); }
unsigned int shim_tcp_info_offset_sacked(void) { return offsetof(struct tcp_info, tcpi_sacked); }
unsigned int shim_tcp_info_offset_lost(void) { return offsetof(struct tcp_info, tcpi_lost); }
unsigned int shim_tcp_info_offset_retrans(void) { return offsetof(struct tcp_info, tcpi_retrans); }
unsigned int shim_tcp_info_offset_rttvar(void) { return offsetof(struct tcp_info, tcpi_rttvar); }

// <linux/tls.h>: the version numbers are built by function-like macros Swift does not import.
#include <linux/tls.h>
unsigned int shim_TLS_1_2_VERSION(void) { return TLS_1_2_VERSION; }
unsigned int shim_TLS_1_3_VERSION(void) { return TLS_1_3_VERSION; }
unsigned int shim_TLS_CIPHER_AES_GCM_128(void) { return TLS_CIPHER_AES_GCM_128; }
unsigned int shim_TLS_CIPHER_AES_GCM_256(void) { return TLS_CIPHER_AES_GCM_256; }
unsigned int shim_TLS_CONF_HW_RECORD(void) { return TLS_CONF_HW_RECORD; }
unsigned int shim_TLS_INFO_ZC_RO_TX(void) { return TLS_INFO_ZC_RO_TX; }
unsigned int shim_TLS_INFO_RX_NO_PAD(void) { return TLS_INFO_RX_NO_PAD; }
unsigned int shim_tcp_diag_md5sig_size(void) { return sizeof(struct tcp_diag_md5sig); }
