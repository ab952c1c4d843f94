#!/usr/bin/env bash
# bench-ss.sh: every TCP socket of a namespace holding 20,000 (two holder processes of 5,000
# connections each: both ends in the namespace), read six ways, side by side:
#   ss -tan / nlctl ss -tan      the text (checked byte for byte against each other)
#   ss -tanp / nlctl ss -tanp    the same with the processes (one pass over /proc/*/fd each)
#   library                      nlbench tcp-sockets: one IPv4 TCP dump, streamed and typed (SockDiagStream)
#   C reader                     dumpreader tcp: the same dump with recv into 32 KiB, every message walked
# as whole processes (RUNS rotating rounds, medians), then in-process warm dumps (library vs C
# reader), then the peak memory (VmHWM) of the library's stream and of nlctl ss -tan at the
# small size (SMALL connections) and at the full size.
#
#   sudo scripts/bench-ss.sh
#   CONNECTIONS=5000 RUNS=7 scripts/bench-ss.sh
#
# Environment: CONNECTIONS per holder (default 5000: 20,002 sockets with the two listeners), SMALL
# (connections per holder for the small size, default 500), RUNS (default 5), WARM (dumps per
# in-process run, default 10), SKIP_BUILD=1 (use the existing release builds).
# Prints `REPORT-FIGURE` lines and a markdown table; the namespace is deleted at the end.
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-5000}
SMALL=${SMALL:-500}
RUNS=${RUNS:-5}
WARM=${WARM:-10}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# shellcheck source=scripts/bench/tools.sh
source "$ROOT/scripts/bench/tools.sh"
(( RUNS >= 3 && RUNS <= 50 )) || die "RUNS must be 3..50"
(( CONNECTIONS >= 10 && CONNECTIONS <= 9000 )) || die "CONNECTIONS must be 10..9000 (two descriptors each, in one process)"
(( SMALL >= 1 && SMALL < CONNECTIONS )) || die "SMALL must be 1..CONNECTIONS-1"
[[ $(id -u) -eq 0 ]] || die "needs root (ip netns add)"
command -v ss >/dev/null || die "needs ss (iproute2)"
command -v cc >/dev/null || die "needs a C compiler (cc)"
command -v python3 >/dev/null || die "needs python3 (the socket holders)"

WORK=$(mktemp -d /tmp/nlss.XXXXXX)
NS="nlss-$$-$RANDOM"
HOLDERS=()
cleanup() {
	for pid in "${HOLDERS[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_tools

cat >"$WORK/hold.py" <<'PY'
# hold.py PORT COUNT READY: listens on 127.0.0.1:PORT, makes COUNT connections to itself, keeps
# both ends open, writes READY, and waits (at most an hour).
import socket, sys, signal
port, count, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('127.0.0.1', port))
listener.listen(4096)
keep = [listener]
for _ in range(count):
    client = socket.create_connection(('127.0.0.1', port))
    server, _ = listener.accept()
    keep += [client, server]
open(ready, 'w').write('ready')
signal.alarm(3600)
signal.pause()
PY

hold() { # hold COUNT: a fresh namespace with two holders of COUNT connections each (the sockets of
	# earlier holders would linger in TIME-WAIT); waits until both are ready
	local count=$1
	for pid in "${HOLDERS[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	HOLDERS=()
	ip netns del "$NS" 2>/dev/null || true
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	rm -f "$WORK"/ready.*
	for port in 4000 4001; do
		ip netns exec "$NS" python3 "$WORK/hold.py" "$port" "$count" "$WORK/ready.$port" &
		HOLDERS+=($!)
	done
	for _ in $(seq 1200); do [[ -s $WORK/ready.4000 && -s $WORK/ready.4001 ]] && return 0; sleep 0.1; done
	die "the socket holders did not get ready"
}

peak_kib() { # peak_kib CMD...: the peak resident memory (KiB) of CMD run in the namespace
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' ip netns exec "$NS" "$@"
}

log "small size: 2 x $SMALL connections"
hold "$SMALL"
small_sockets=$((4 * SMALL + 2))
ip netns exec "$NS" "$NLBENCH" tcp-sockets >"$WORK/o.small" || die "nlbench failed"
[[ $(field msgs "$WORK/o.small") -eq $small_sockets ]] || die "the library saw $(field msgs "$WORK/o.small") sockets, not $small_sockets"
small_lib_kib=$(field vmhwm_kib "$WORK/o.small")
small_nlctl_kib=$(peak_kib "$NLCTL" ss -tan)
small_ss_kib=$(peak_kib ss -tan)

log "full size: 2 x $CONNECTIONS connections"
t0=$EPOCHREALTIME
hold "$CONNECTIONS"
SOCKETS=$((4 * CONNECTIONS + 2))
log "holding $SOCKETS TCP sockets (made in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'))"

: >"$WORK/t.ss"; : >"$WORK/t.nlctl"; : >"$WORK/t.ssp"; : >"$WORK/t.nlctlp"; : >"$WORK/t.lib"; : >"$WORK/t.c"
log "whole processes: $RUNS rounds of ss -tan, nlctl ss -tan, ss -tanp, nlctl ss -tanp, library, C reader (rotating order)"
for ((i = 0; i < RUNS; i++)); do
	for ((j = 0; j < 6; j++)); do
		case $(( (i + j) % 6 )) in
		0) timed "$WORK/o.ss" ss -tan >>"$WORK/t.ss" ;;
		1) timed "$WORK/o.nlctl" "$NLCTL" ss -tan >>"$WORK/t.nlctl" ;;
		2) timed "$WORK/o.ssp" ss -tanp >>"$WORK/t.ssp" ;;
		3) timed "$WORK/o.nlctlp" "$NLCTL" ss -tanp >>"$WORK/t.nlctlp" ;;
		4) timed "$WORK/o.lib" "$NLBENCH" tcp-sockets >>"$WORK/t.lib"
		   [[ $(field msgs "$WORK/o.lib") -eq $SOCKETS ]] || die "the library saw $(field msgs "$WORK/o.lib") sockets" ;;
		5) timed "$WORK/o.c" "$DUMPREADER" tcp >>"$WORK/t.c"
		   [[ $(field msgs "$WORK/o.c") -eq $SOCKETS ]] || die "the C reader saw $(field msgs "$WORK/o.c") sockets" ;;
		esac
	done
done
[[ $(wc -l <"$WORK/o.ss") -eq $((SOCKETS + 1)) ]] || die "ss printed $(wc -l <"$WORK/o.ss") lines"
cmp -s "$WORK/o.ss" "$WORK/o.nlctl" || die "nlctl ss -tan differs from ss -tan"
cmp -s "$WORK/o.ssp" "$WORK/o.nlctlp" || die "nlctl ss -tanp differs from ss -tanp"

log "in-process, warm: $RUNS alternated processes of library and C reader, $WARM dumps each"
: >"$WORK/in.lib"; : >"$WORK/in.c"
for ((i = 0; i < RUNS; i++)); do
	ip netns exec "$NS" "$NLBENCH" -r "$WARM" tcp-sockets >"$WORK/o.lib" || die "nlbench -r failed"
	field median_s "$WORK/o.lib" >>"$WORK/in.lib"
	ip netns exec "$NS" "$DUMPREADER" -r "$WARM" tcp >"$WORK/o.c" || die "dumpreader -r failed"
	field median_s "$WORK/o.c" >>"$WORK/in.c"
done
full_lib_kib=$(field vmhwm_kib "$WORK/o.lib")
full_nlctl_kib=$(peak_kib "$NLCTL" ss -tan)
full_ss_kib=$(peak_kib ss -tan)

ss_t=$(median <"$WORK/t.ss"); nl_t=$(median <"$WORK/t.nlctl"); ssp_t=$(median <"$WORK/t.ssp"); nlp_t=$(median <"$WORK/t.nlctlp")
lib=$(median <"$WORK/t.lib"); c=$(median <"$WORK/t.c"); inl=$(median <"$WORK/in.lib"); inc=$(median <"$WORK/in.c")
awk -v n="$SOCKETS" -v small="$small_sockets" -v ss="$ss_t" -v nl="$nl_t" -v ssp="$ssp_t" -v nlp="$nlp_t" -v lib="$lib" -v c="$c" \
	-v inl="$inl" -v inc="$inc" -v sl="$small_lib_kib" -v fl="$full_lib_kib" -v sn="$small_nlctl_kib" -v fn="$full_nlctl_kib" \
	-v sss="$small_ss_kib" -v fss="$full_ss_kib" 'BEGIN {
	printf "REPORT-FIGURE ss-tan: ss %.1f ms, nlctl ss %.1f ms: nlctl %.2fx faster (%d sockets, same text)\n", ss * 1000, nl * 1000, ss / nl, n
	printf "REPORT-FIGURE ss-tanp: ss %.1f ms, nlctl ss %.1f ms: nlctl %.2fx faster (same text)\n", ssp * 1000, nlp * 1000, ssp / nlp
	printf "REPORT-FIGURE ss-library-vs-c: library %.1f ms, C reader %.1f ms whole process: %.2fx; in process %.2f ms vs %.2f ms: %.2fx\n", lib * 1000, c * 1000, lib / c, inl * 1000, inc * 1000, inl / inc
	printf "REPORT-FIGURE ss-peak-memory: library stream %d KiB at %d sockets, %d KiB at %d; nlctl ss -tan %d / %d KiB; ss -tan %d / %d KiB\n", sl, small, fl, n, sn, fn, sss, fss
	printf "\n| %d TCP sockets | whole process | in-process | peak memory (%d / %d sockets) |\n|---|---|---|---|\n", n, small, n
	printf "| ss -tan | %.1f ms | | %d / %d KiB |\n| nlctl ss -tan | %.1f ms | | %d / %d KiB |\n", ss * 1000, sss, fss, nl * 1000, sn, fn
	printf "| ss -tanp | %.1f ms | | |\n| nlctl ss -tanp | %.1f ms | | |\n", ssp * 1000, nlp * 1000
	printf "| library (streamed, typed) | %.1f ms | %.2f ms | %d / %d KiB |\n| C reader | %.1f ms | %.2f ms | |\n", lib * 1000, inl * 1000, sl, fl, c * 1000, inc * 1000
}'
