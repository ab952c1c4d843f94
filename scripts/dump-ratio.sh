#!/usr/bin/env bash
# dump-ratio.sh: the library's typed, streamed route dump (nlbench, RouteStream) against the C
# reader (scripts/bench/dumpreader.c) on one private namespace of N IPv4 routes: a quicker,
# narrower scripts/compare.sh for tracker issue 5 (target: within 1.3x of the C reader).
#
#   scripts/dump-ratio.sh                                   # 1M routes, 7 alternated runs
#   ROUTES=100000 RUNS=9 scripts/dump-ratio.sh
#   BEFORE=/tmp/nlbench.main scripts/dump-ratio.sh          # also time an older nlbench, same runs
#
# Environment:
#   ROUTES      IPv4 routes `10.x.y.z/32 dev d0` in the namespace (default 1000000)
#   RUNS        alternated runs of each program (default 7, at least 5)
#   MODES       nlbench modes timed (default "routes"; e.g. "routes route-views routes-array")
#   BEFORE      another nlbench binary (say, built from main) timed in the same runs
#   BEFORE_MODES  its modes (default "routes")
#   SKIP_BUILD  1: use the existing release build of nlbench
#   NETNS       an existing namespace to dump instead of making one (not filled, not deleted)
#
# Each run starts a fresh process (exec included). For every program the table gives the median
# wall time of the process, the median in-process time of the dump (request to end of dump, as
# both programs print it), the ratio to the C reader (ours / C: below 1.3 meets the target) and
# the peak resident memory (VmHWM printed by nlbench; /usr/bin/time for the C reader when
# installed). The routes each program decoded are checked against the C reader's checksum.
# The namespace is deleted at the end, also on failure or Ctrl-C.
set -euo pipefail

ROUTES=${ROUTES:-1000000}
RUNS=${RUNS:-7}
MODES=${MODES:-routes}
BEFORE=${BEFORE:-}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

(( RUNS >= 5 )) || die "RUNS must be at least 5"
(( ROUTES >= 1 && ROUTES <= 4000000 )) || die "ROUTES must be 1..4000000"
[[ $(id -u) -eq 0 ]] || die "needs root (ip netns add)"
command -v ip >/dev/null || die "needs iproute2 (ip)"
command -v cc >/dev/null || die "needs a C compiler (cc)"
[[ -z $BEFORE || -x $BEFORE ]] || die "BEFORE=$BEFORE is not an executable"

WORK=$(mktemp -d /tmp/dumpratio.XXXXXX)
NS="nldump-$$-$RANDOM"
NS_MADE=0
cleanup() {
	if (( NS_MADE )); then ip netns del "$NS" 2>/dev/null || log "WARNING: could not delete namespace $NS"; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
	log "swift build -c release --product nlbench"
	(cd "$ROOT" && swift build -c release --product nlbench >&2)
fi
NLBENCH=$(cd "$ROOT" && swift build -c release --show-bin-path)/nlbench
[[ -x $NLBENCH ]] || die "no release build of nlbench"
cc -O2 -Wall -o "$WORK/dumpreader" "$ROOT/scripts/bench/dumpreader.c" || die "cannot build dumpreader"

if [[ -n ${NETNS:-} ]]; then
	NS=$NETNS
	KIND="(existing namespace $NS)"
	ROUTES=$(ip -n "$NS" -4 route show table all | wc -l) || die "no namespace $NS"
else
	ip netns add "$NS"
	NS_MADE=1
	ip -n "$NS" link set lo up
	KIND=
	for kind in dummy ifb; do
		if ip -n "$NS" link add d0 type "$kind" 2>/dev/null; then KIND=$kind; break; fi
	done
	[[ -n $KIND ]] || die "neither dummy nor ifb devices are available"
	ip -n "$NS" link set d0 up
	log "filling $NS with $ROUTES routes (ip -batch, $KIND device d0)"
	awk -v n="$ROUTES" 'BEGIN {
		for (i = 0; i < n; i++) printf "route add %d.%d.%d.%d/32 dev d0\n", 10 + int(i / 16777216), int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' \
		>"$WORK/fill.batch"
	ip -n "$NS" -batch "$WORK/fill.batch" || die "ip -batch failed while filling"
	rm -f "$WORK/fill.batch"
	KIND="$KIND device d0"
fi

# The programs: NAME|COMMAND (the C reader first; the checksum of each is compared with its).
PROGRAMS=("C reader|$WORK/dumpreader route")
for mode in $MODES; do PROGRAMS+=("nlbench $mode|$NLBENCH $mode"); done
if [[ -n $BEFORE ]]; then
	for mode in ${BEFORE_MODES:-routes}; do PROGRAMS+=("BEFORE nlbench $mode|$BEFORE $mode"); done
fi

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" "$2"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

log "$RUNS runs of each of ${#PROGRAMS[@]} programs, alternated"
for ((i = 0; i < RUNS; i++)); do
	for p in "${!PROGRAMS[@]}"; do
		cmd=${PROGRAMS[$p]#*|}
		t0=$EPOCHREALTIME
		# shellcheck disable=SC2086
		ip netns exec "$NS" $cmd >"$WORK/out.$p" || die "failed: $cmd"
		awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }' >>"$WORK/wall.$p"
		field median_s "$WORK/out.$p" >>"$WORK/in.$p"
		field vmhwm_kib "$WORK/out.$p" >>"$WORK/rss.$p"
	done
done
if [[ -x /usr/bin/time ]]; then
	ip netns exec "$NS" /usr/bin/time -f '%M' -o "$WORK/rss.0" "$WORK/dumpreader" route >/dev/null
fi

ref_msgs=$(field msgs "$WORK/out.0"); ref_sum=$(field checksum "$WORK/out.0")
ref_wall=$(median <"$WORK/wall.0"); ref_in=$(median <"$WORK/in.0")
echo
echo "$ROUTES routes on $KIND (the dump has $ref_msgs IPv4 routes); medians of $RUNS alternated runs; kernel $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| program | wall | in-process | wall / C | in-process / C | peak RSS | routes | checksum |"
echo "|---|---|---|---|---|---|---|---|"
status=0
for p in "${!PROGRAMS[@]}"; do
	name=${PROGRAMS[$p]%%|*}
	wall=$(median <"$WORK/wall.$p"); in=$(median <"$WORK/in.$p")
	rss=$(sort -g "$WORK/rss.$p" 2>/dev/null | tail -n 1); rss=${rss:-0}
	msgs=$(field msgs "$WORK/out.$p"); sum=$(field checksum "$WORK/out.$p")
	same=same
	if [[ $name == *route-views* ]]; then
		same="n/a (another sum)"; [[ $msgs == "$ref_msgs" ]] || { same="DIFFERENT count"; status=1; }
	elif [[ $sum != "$ref_sum" || $msgs != "$ref_msgs" ]]; then
		same="DIFFERENT ($sum)"; status=1
	fi
	awk -v n="$name" -v w="$wall" -v i="$in" -v rw="$ref_wall" -v ri="$ref_in" -v r="$rss" -v m="$msgs" -v s="$same" 'BEGIN {
		printf "| %s | %.1f ms | %.1f ms | %.2fx | %.2fx | %.1f MiB | %s | %s |\n", n, w * 1000, i * 1000, w / rw, i / ri, r / 1024, m, s }'
	if (( p > 0 )); then
		key=$(echo "$name" | tr -c 'A-Za-z0-9\n' '-' | tr 'A-Z' 'a-z')
		awk -v k="$key" -v n="$name" -v w="$wall" -v i="$in" -v rw="$ref_wall" -v ri="$ref_in" -v r="$rss" -v N="$ROUTES" 'BEGIN {
			printf "REPORT-FIGURE dump-ratio-%s-wall: %.2fx (wall time of %s / C reader, %d routes, medians)\n", k, w / rw, n, N
			printf "REPORT-FIGURE dump-ratio-%s-inprocess: %.2fx (in-process dump time of %s / C reader, %d routes, medians)\n", k, i / ri, n, N
			printf "REPORT-FIGURE dump-ratio-%s-peak: %.1f MiB (peak RSS of %s, %d routes)\n", k, r / 1024, n, N }'
	fi
done
exit $status
