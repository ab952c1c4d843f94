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
