/*
 * dumpreader: the C reference reader of scripts/compare.sh.
 *
 * Dumps one rtnetlink table with plain socket/send/recv into a 32 KiB buffer (the kernel fills at
 * most one ~32 KiB skb per recv), walks every message and attribute, and decodes each object into a
 * small struct the way a typed reader must (the fields `ip route` shows), folding it into a
 * checksum so nothing is optimised away. It is the yardstick for the Swift library's typed,
 * streamed dump (nlbench): same request, same work per message, no output.
 *
 *   dumpreader [-r REPS] [-b BYTES] route|route6|addr|link|neigh|ethtool-features|tcp
 *   dumpreader -n COUNT [-t IDLE_S] [-R RCVBUF] [-b BYTES] monitor-route
 *
 * monitor-route (the event-storm yardstick of scripts/bench-objects.sh): joins RTNLGRP_IPV4_ROUTE
 * with SO_RCVBUFFORCE RCVBUF (default 64 MiB), prints `dumpreader monitor-route ready rcvbuf=B`
 * (flushed), then decodes every RTM_NEWROUTE notification like a dumped route until COUNT were
 * seen or nothing arrived for IDLE_S seconds (default 10). Prints `dumpreader monitor-route
 * events=N expected=C lost=L overruns=O first_to_last_s=T events_per_s=R checksum=S`; exit status 1
 * unless all COUNT arrived without an overrun (ENOBUFS).
 *
 * tcp (the yardstick of scripts/bench-ss.sh): every IPv4 TCP socket, all states, over NETLINK_SOCK_DIAG
 * (inet_diag_req_v2, no extensions); each inet_diag_msg's fields ss prints (ports, state, queues,
 * inode) folded into the checksum and its attributes walked.
 *
 * ethtool-features (the yardstick of scripts/bench-ethtool.sh): resolves the generic netlink family
 * "ethtool" once (CTRL_CMD_GETFAMILY), then dumps ETHTOOL_MSG_FEATURES_GET with compact bitsets and
 * walks each reply's header and its four bitsets (size, value and mask words folded into the
 * checksum): what a typed reader of every device's features must do.
 *
 * Prints one line: `dumpreader TABLE msgs=N bytes=B recvs=R best_s=T median_s=T checksum=C`,
 * the in-process time of one dump (send -> NLMSG_DONE), best and median of REPS.
 * Exit status 1 on any error (a kernel error, a malformed message, a failed system call).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <linux/genetlink.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct route_view {
	uint8_t family, dst_len, src_len, tos, table8, protocol, scope, type;
	uint32_t flags, table, oif, iif, priority, prefsrc4, gateway4, dst4, mark;
	uint8_t dst6[16], gateway6[16];
	int has_dst, has_gateway, has_oif, has_priority, metrics;
};

static uint64_t checksum;
static uint64_t messages, total_bytes, recvs;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what)
{
	fprintf(stderr, "dumpreader: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void malformed(const char *what)
{
	fprintf(stderr, "dumpreader: malformed message: %s\n", what);
	exit(1);
}

static uint32_t u32_at(const struct rtattr *a)
{
	uint32_t v;
	if (RTA_PAYLOAD(a) != 4)
		malformed("u32 attribute of the wrong size");
	memcpy(&v, RTA_DATA(a), 4);
	return v;
}

/* Walks the attributes in [start, start+len), calling visit for each; checks every rta_len. */
#define FOR_EACH_ATTR(a, start, len)                                                             \
	for (const struct rtattr *a = (const struct rtattr *)(start); (len) > 0; (len) = 0)          \
		for (int rem_ = (int)(len); rem_ >= (int)sizeof(struct rtattr) &&                        \
					    (a->rta_len >= sizeof(struct rtattr) || (malformed("rta_len"), 0)) && \
					    a->rta_len <= rem_;                                                  \
		     rem_ -= RTA_ALIGN(a->rta_len), a = (const struct rtattr *)((const char *)a + RTA_ALIGN(a->rta_len)))

static void decode_route(const struct nlmsghdr *h)
{
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg)))
		malformed("short rtmsg");
	const struct rtmsg *r = NLMSG_DATA(h);
	struct route_view v;
	memset(&v, 0, sizeof v);
	v.family = r->rtm_family;
	v.dst_len = r->rtm_dst_len;
	v.src_len = r->rtm_src_len;
	v.tos = r->rtm_tos;
	v.table = r->rtm_table;
	v.protocol = r->rtm_protocol;
	v.scope = r->rtm_scope;
	v.type = r->rtm_type;
	v.flags = r->rtm_flags;
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(struct rtmsg));
	FOR_EACH_ATTR(a, RTM_RTA(r), len)
	{
		size_t n = RTA_PAYLOAD(a);
		switch (a->rta_type) {
		case RTA_DST:
			if (n == 4)
				memcpy(&v.dst4, RTA_DATA(a), 4);
			else if (n == 16)
				memcpy(v.dst6, RTA_DATA(a), 16);
			else
				malformed("RTA_DST size");
			v.has_dst = 1;
			break;
		case RTA_GATEWAY:
			if (n == 4)
				memcpy(&v.gateway4, RTA_DATA(a), 4);
			else if (n == 16)
				memcpy(v.gateway6, RTA_DATA(a), 16);
			else
				malformed("RTA_GATEWAY size");
			v.has_gateway = 1;
			break;
		case RTA_OIF: v.oif = u32_at(a); v.has_oif = 1; break;
		case RTA_IIF: v.iif = u32_at(a); break;
		case RTA_PRIORITY: v.priority = u32_at(a); v.has_priority = 1; break;
		case RTA_PREFSRC: if (n == 4) memcpy(&v.prefsrc4, RTA_DATA(a), 4); break;
		case RTA_TABLE: v.table = u32_at(a); break;
		case RTA_MARK: v.mark = u32_at(a); break;
		case RTA_METRICS: {
			int mlen = (int)n;
			FOR_EACH_ATTR(m, RTA_DATA(a), mlen) { v.metrics++; }
			break;
		}
		default: break;
		}
	}
	/* the same sum as nlbench's, so that compare.sh can check both decoded the same routes */
	checksum += (uint64_t)v.dst_len + v.type + v.table + ntohl(v.dst4) + ntohl(v.gateway4) + v.oif + v.priority;
}

/* Other tables: walk the attributes after the fixed header, summing types and payload sizes. */
static void walk_generic(const struct nlmsghdr *h, size_t fixed)
{
	if (h->nlmsg_len < NLMSG_LENGTH(fixed))
		malformed("short fixed header");
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(fixed);
	const char *start = (const char *)NLMSG_DATA(h) + NLMSG_ALIGN(fixed);
	FOR_EACH_ATTR(a, start, len) { checksum += a->rta_type + RTA_PAYLOAD(a); }
}

struct table {
	const char *name;
	uint16_t type;
	uint8_t family;
	size_t fixed;
};

static const struct table tables[] = {
	{"route", RTM_GETROUTE, AF_INET, sizeof(struct rtmsg)},
	{"route6", RTM_GETROUTE, AF_INET6, sizeof(struct rtmsg)},
	{"addr", RTM_GETADDR, AF_INET, sizeof(struct ifaddrmsg)},
	{"link", RTM_GETLINK, AF_UNSPEC, sizeof(struct ifinfomsg)},
	{"neigh", RTM_GETNEIGH, AF_INET, sizeof(struct ndmsg)},
};

/* Sends a dump request and hands every message of its answer to `each`, up to NLMSG_DONE. */
static void run_dump(int fd, const void *req, size_t len, uint32_t seq, char *buf, size_t bufsize,
		     void (*each)(const struct nlmsghdr *, const void *), const void *arg)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	if (sendto(fd, req, len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
		fail("sendto");
	for (;;) {
		ssize_t got = recv(fd, buf, bufsize, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			fail("recv");
		}
		recvs++;
		total_bytes += (uint64_t)got;
		int rem = (int)got;
		for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				errno = -e->error;
				fail("kernel error");
			}
			if (h->nlmsg_flags & NLM_F_DUMP_INTR) {
				fprintf(stderr, "dumpreader: dump interrupted\n");
				exit(1);
			}
			messages++;
			each(h, arg);
		}
		if (rem != 0)
			malformed("trailing bytes in a datagram");
	}
}

static void decode_table_message(const struct nlmsghdr *h, const void *arg)
{
	const struct table *t = arg;
	if (t->type == RTM_GETROUTE)
		decode_route(h);
	else
		walk_generic(h, t->fixed);
}

static void dump_once(int fd, const struct table *t, char *buf, size_t bufsize, uint32_t seq)
{
	struct {
		struct nlmsghdr h;
		union {
			struct rtmsg r;
			struct ifaddrmsg a;
			struct ifinfomsg i;
			struct ndmsg n;
		} u;
	} req;
	memset(&req, 0, sizeof req);
	req.h.nlmsg_len = NLMSG_LENGTH(t->fixed);
	req.h.nlmsg_type = t->type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = seq;
	/* the family is the first byte of every one of these fixed headers */
	*(uint8_t *)NLMSG_DATA(&req.h) = t->family;
	run_dump(fd, &req, req.h.nlmsg_len, seq, buf, bufsize, decode_table_message, t);
}

/* ethtool-features: the family ID of "ethtool", asked of the controller. */
static uint16_t genl_family_id(int fd, const char *name, char *buf, size_t bufsize)
{
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
		char attrs[64];
	} req;
	memset(&req, 0, sizeof req);
	struct rtattr *a = (struct rtattr *)req.attrs;
	a->rta_type = CTRL_ATTR_FAMILY_NAME;
	a->rta_len = RTA_LENGTH(strlen(name) + 1);
	memcpy(RTA_DATA(a), name, strlen(name) + 1);
	req.h.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + RTA_ALIGN(a->rta_len);
	req.h.nlmsg_type = GENL_ID_CTRL;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.h.nlmsg_seq = 1000000;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	if (send(fd, &req, req.h.nlmsg_len, 0) < 0)
		fail("send");
	ssize_t got = recv(fd, buf, bufsize, 0);
	if (got < 0)
		fail("recv");
	int rem = (int)got;
	for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
		if (h->nlmsg_type == NLMSG_ERROR)
			fail("CTRL_CMD_GETFAMILY");
		int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(GENL_HDRLEN);
		const char *start = (const char *)NLMSG_DATA(h) + GENL_HDRLEN;
		FOR_EACH_ATTR(at, start, len) {
			if (at->rta_type == CTRL_ATTR_FAMILY_ID && RTA_PAYLOAD(at) >= 2)
				return *(const uint16_t *)RTA_DATA(at);
		}
	}
	fail("no family ID");
	return 0;
}

/* One features reply: the header nest and the four bitsets, every inner attribute walked. */
static void walk_features_message(const struct nlmsghdr *h, const void *arg)
{
	(void)arg;
	if (h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		malformed("short genl header");
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(GENL_HDRLEN);
	const char *start = (const char *)NLMSG_DATA(h) + GENL_HDRLEN;
	FOR_EACH_ATTR(a, start, len) {
		int inner = (int)RTA_PAYLOAD(a);
		FOR_EACH_ATTR(b, (const char *)RTA_DATA(a), inner) {
			const uint32_t *words = RTA_DATA(b);
			checksum += b->rta_type;
			for (size_t i = 0; i < RTA_PAYLOAD(b) / 4; i++)
				checksum += words[i];
		}
	}
}

static void dump_features_once(int fd, uint16_t family, char *buf, size_t bufsize, uint32_t seq)
{
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
		struct rtattr header;
		struct rtattr flags;
		uint32_t value;
	} req;
	memset(&req, 0, sizeof req);
	req.h.nlmsg_len = sizeof req;
	req.h.nlmsg_type = family;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = seq;
	req.g.cmd = 11;                         /* ETHTOOL_MSG_FEATURES_GET */
	req.g.version = 1;
	req.header.rta_type = 1 | NLA_F_NESTED; /* ETHTOOL_A_FEATURES_HEADER */
	req.header.rta_len = RTA_LENGTH(RTA_LENGTH(4));
	req.flags.rta_type = 3;                 /* ETHTOOL_A_HEADER_FLAGS */
	req.flags.rta_len = RTA_LENGTH(4);
	req.value = 1;                          /* ETHTOOL_FLAG_COMPACT_BITSETS */
	run_dump(fd, &req, req.h.nlmsg_len, seq, buf, bufsize, walk_features_message, NULL);
}

static void decode_inet_socket(const struct nlmsghdr *h, const void *arg)
{
	(void)arg;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
		malformed("short inet_diag_msg");
	const struct inet_diag_msg *m = NLMSG_DATA(h);
	checksum += ntohs(m->id.idiag_sport) + ntohs(m->id.idiag_dport) + m->idiag_state + m->idiag_rqueue + m->idiag_inode;
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(struct inet_diag_msg));
	FOR_EACH_ATTR(a, (const char *)(m + 1), len)
		checksum += a->rta_type;
}

static void dump_tcp_once(int fd, char *buf, size_t bufsize, uint32_t seq)
{
	struct {
		struct nlmsghdr h;
		struct inet_diag_req_v2 r;
	} req;
	memset(&req, 0, sizeof req);
	req.h.nlmsg_len = sizeof req;
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = seq;
	req.r.sdiag_family = AF_INET;
	req.r.sdiag_protocol = IPPROTO_TCP;
	req.r.idiag_states = ~0u;
	run_dump(fd, &req, req.h.nlmsg_len, seq, buf, bufsize, decode_inet_socket, NULL);
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* monitor-route: counts and decodes the RTM_NEWROUTE notifications of RTNLGRP_IPV4_ROUTE. */
static int monitor_routes(long count, int idle_s, int rcvbuf, char *buf, size_t bufsize)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		fail("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) < 0)
		fail("SO_RCVBUF");
	struct sockaddr_nl local = {.nl_family = AF_NETLINK};
	if (bind(fd, (struct sockaddr *)&local, sizeof local) < 0)
		fail("bind");
	int group = RTNLGRP_IPV4_ROUTE;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof group) < 0)
		fail("NETLINK_ADD_MEMBERSHIP");
	int effective = 0;
	socklen_t olen = sizeof effective;
	getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &effective, &olen);
	printf("dumpreader monitor-route ready rcvbuf=%d\n", effective);
	fflush(stdout);
	long received = 0, overruns = 0;
	double first = 0, last = 0;
	while (received < count) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int ready = poll(&p, 1, idle_s * 1000);
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			fail("poll");
		}
		if (ready == 0)
			break; /* idle: nothing more is coming */
		ssize_t got = recv(fd, buf, bufsize, 0);
		if (got < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == ENOBUFS) {
				overruns++;
				continue;
			}
			fail("recv");
		}
		int rem = (int)got;
		for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_type != RTM_NEWROUTE)
				continue;
			decode_route(h);
			received++;
		}
		if (rem != 0)
			malformed("trailing bytes in a datagram");
		last = now_s();
		if (first == 0)
			first = last;
	}
	close(fd);
	double span = last - first;
	printf("dumpreader monitor-route events=%ld expected=%ld lost=%ld overruns=%ld first_to_last_s=%.6f "
	       "events_per_s=%.0f checksum=%llu\n",
	       received, count, received < count ? count - received : 0, overruns, span,
	       span > 0 ? received / span : 0.0, (unsigned long long)checksum);
	return received == count && overruns == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int reps = 1;
	size_t bufsize = 32768;
	long monitor_count = 0;
	int idle_s = 10, rcvbuf = 64 << 20;
	int opt;
	while ((opt = getopt(argc, argv, "r:b:n:t:R:")) != -1) {
		switch (opt) {
		case 'r': reps = atoi(optarg); break;
		case 'b': bufsize = (size_t)strtoul(optarg, NULL, 0); break;
		case 'n': monitor_count = atol(optarg); break;
		case 't': idle_s = atoi(optarg); break;
		case 'R': rcvbuf = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (optind == argc - 1 && strcmp(argv[optind], "monitor-route") == 0) {
		if (monitor_count < 1 || monitor_count > 10000000 || idle_s < 1 || idle_s > 600 || rcvbuf < 4096 || bufsize < 4096)
			goto usage;
		char *mbuf = malloc(bufsize);
		if (!mbuf)
			fail("malloc");
		return monitor_routes(monitor_count, idle_s, rcvbuf, mbuf, bufsize);
	}
	if (optind != argc - 1 || reps < 1 || reps > 1000 || bufsize < 4096)
		goto usage;
	const struct table *t = NULL;
	static const struct table features = {"ethtool-features", 0, 0, 0};
	static const struct table tcp = {"tcp", 0, 0, 0};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (strcmp(argv[optind], tables[i].name) == 0)
			t = &tables[i];
	if (strcmp(argv[optind], features.name) == 0)
		t = &features;
	if (strcmp(argv[optind], tcp.name) == 0)
		t = &tcp;
	if (!t)
		goto usage;

	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, t == &features ? NETLINK_GENERIC : t == &tcp ? NETLINK_SOCK_DIAG : NETLINK_ROUTE);
	if (fd < 0)
		fail("socket");
	int one = 1;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
	char *buf = malloc(bufsize);
	double *times = calloc((size_t)reps, sizeof(double));
	if (!buf || !times)
		fail("malloc");
	uint64_t per_dump = 0;
	uint16_t ethtool = t == &features ? genl_family_id(fd, "ethtool", buf, bufsize) : 0;
	for (int i = 0; i < reps; i++) {
		messages = 0;
		double t0 = now_s();
		if (t == &features)
			dump_features_once(fd, ethtool, buf, bufsize, (uint32_t)i + 1);
		else if (t == &tcp)
			dump_tcp_once(fd, buf, bufsize, (uint32_t)i + 1);
		else
			dump_once(fd, t, buf, bufsize, (uint32_t)i + 1);
		times[i] = now_s() - t0;
		if (i > 0 && messages != per_dump) {
			fprintf(stderr, "dumpreader: warning: dump %d had %llu messages, dump 1 had %llu\n", i + 1,
				(unsigned long long)messages, (unsigned long long)per_dump);
		}
		per_dump = messages;
	}
	qsort(times, (size_t)reps, sizeof(double), compare_double);
	printf("dumpreader %s msgs=%llu bytes=%llu recvs=%llu best_s=%.6f median_s=%.6f checksum=%llu\n", t->name,
	       (unsigned long long)per_dump, (unsigned long long)(total_bytes / (uint64_t)reps),
	       (unsigned long long)(recvs / (uint64_t)reps), times[0], times[reps / 2], (unsigned long long)checksum);
	return 0;
usage:
	fprintf(stderr, "usage: dumpreader [-r REPS] [-b BYTES] route|route6|addr|link|neigh|ethtool-features|tcp\n"
			"       dumpreader -n COUNT [-t IDLE_S] [-R RCVBUF] [-b BYTES] monitor-route\n");
	return 2;
}
