#!/usr/bin/env bash
# compare.sh: nlctl and the library side by side with iproute2 and a minimal C reader, on one
# private network namespace filled with N IPv4 routes. Needs nothing outside the repository
# (root, iproute2, a C compiler and the Swift toolchain; /usr/bin/time is installed if missing).
#
#   sudo scripts/compare.sh                      # 1M routes, 100k-route batches, 5 runs each
#   ROUTES=100000 RUNS=7 scripts/compare.sh      # other sizes
#
# Environment:
#   ROUTES      routes in the namespace for the dumps (default 1000000)
#   BATCH_N     routes in each -force -batch file (default 100000)
#   RUNS        timed runs of each tool, alternated with its counterpart (default 5, at least 5)
#   SKIP_BUILD  1: use the existing release build
#
# What it does: builds nlctl and nlbench with `swift build -c release` and scripts/bench/dumpreader.c
# with `cc -O2`; creates a namespace `nlcmp-<pid>-<random>` with an ifb (or dummy) device d0 and
# ROUTES routes `10.x.y.z/32 dev d0` added by `ip -batch`; then runs, alternating A B A B ...,
#   nlctl route show              vs ip route show             (stdout to a file, compared once)
#   nlctl -j route show           vs ip -j route show
#   nlctl -force -batch F         vs ip -force -batch F        (BATCH_N routes on a fresh device d1)
#   nlbench routes (typed dump)   vs dumpreader route (C)      (in-process times printed too)
# Wall time is the whole process (exec included), measured around it; the table gives medians and
# the ratio reference/ours (> 1: ours is faster) and the peak resident memory of one extra run of
# each tool (/usr/bin/time). The namespace is deleted at the end, also on failure or Ctrl-C.
set -euo pipefail

ROUTES=${ROUTES:-1000000}
BATCH_N=${BATCH_N:-100000}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

(( RUNS >= 5 )) || die "RUNS must be at least 5"
(( ROUTES >= 1 && ROUTES <= 4000000 )) || die "ROUTES must be 1..4000000"
(( BATCH_N >= 1 && BATCH_N <= 1000000 )) || die "BATCH_N must be 1..1000000"
[[ $(id -u) -eq 0 ]] || die "needs root (ip netns add, CAP_NET_ADMIN)"
command -v ip >/dev/null || die "needs iproute2 (ip)"
command -v cc >/dev/null || die "needs a C compiler (cc)"
if [[ ! -x /usr/bin/time ]]; then
	log "installing GNU time (for peak memory)"
	apt-get install -y time >/dev/null || die "cannot install time"
fi

WORK=$(mktemp -d /tmp/nlcompare.XXXXXX)
NS="nlcmp-$$-$RANDOM"
NS_MADE=0
cleanup() {
	if (( NS_MADE )); then ip netns del "$NS" 2>/dev/null || log "WARNING: could not delete namespace $NS"; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -------------------------------------------------------------------------------------
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
	log "swift build -c release (nlctl, nlbench)"
	(cd "$ROOT" && swift build -c release --product nlctl >&2 && swift build -c release --product nlbench >&2)
fi
BIN=$(cd "$ROOT" && swift build -c release --show-bin-path)
NLCTL=$BIN/nlctl
NLBENCH=$BIN/nlbench
[[ -x $NLCTL && -x $NLBENCH ]] || die "no release build of nlctl/nlbench in $BIN"
DUMPREADER=$WORK/dumpreader
cc -O2 -Wall -o "$DUMPREADER" "$ROOT/scripts/bench/dumpreader.c" || die "cannot build dumpreader"

# --- the namespace -----------------------------------------------------------------------------
ip netns add "$NS"
NS_MADE=1
ip -n "$NS" link set lo up
KIND=
for kind in dummy ifb; do
	if ip -n "$NS" link add d0 type "$kind" 2>/dev/null; then KIND=$kind; break; fi
done
[[ -n $KIND ]] || die "neither dummy nor ifb devices are available"
ip -n "$NS" link set d0 up

# routes(FIRST_OCTET N DEV): N lines `route add A.x.y.z/32 dev DEV`.
routes() {
	awk -v a="$1" -v n="$2" -v dev="$3" 'BEGIN {
		for (i = 0; i < n; i++) printf "route add %d.%d.%d.%d/32 dev %s\n", a + int(i / 16777216), int(i / 65536) % 256, int(i / 256) % 256, i % 256, dev }'
}
log "filling $NS with $ROUTES routes (ip -batch, $KIND device d0)"
routes 10 "$ROUTES" d0 >"$WORK/fill.batch"
start=$EPOCHREALTIME
ip -n "$NS" -batch "$WORK/fill.batch" || die "ip -batch failed while filling"
log "filled in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }')"
rm -f "$WORK/fill.batch"
routes 11 "$BATCH_N" d1 >"$WORK/add.batch"

nsexec() { ip netns exec "$NS" "$@"; }

# --- measuring ---------------------------------------------------------------------------------
# timed OUT CMD...: runs CMD in the namespace with stdout to OUT, prints its wall time in seconds.
timed() {
	local out=$1; shift
	local t0=$EPOCHREALTIME
	nsexec "$@" >"$out" || die "failed: $*"
	awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
}
# peak CMD...: the peak resident memory (KiB) of one run of CMD in the namespace.
peak() {
	nsexec /usr/bin/time -f '%M' -o "$WORK/peak" "$@" >/dev/null || die "failed: $*"
	tail -n 1 "$WORK/peak"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# fresh_d1: an empty device d1 for the next batch (deleting the device deletes its routes).
fresh_d1() {
	ip -n "$NS" link del d1 2>/dev/null || true
	ip -n "$NS" link add d1 type "$KIND"
	ip -n "$NS" link set d1 up
}
count_d1() { ip -n "$NS" route show dev d1 | wc -l; }

ROWS=()
# row LABEL OURS_TIMES_FILE REF_TIMES_FILE OURS_PEAK REF_PEAK SAME
row() {
	local ours ref
	ours=$(median <"$2"); ref=$(median <"$3")
	ROWS+=("$(awk -v l="$1" -v o="$ours" -v r="$ref" -v po="$4" -v pr="$5" -v s="$6" 'BEGIN {
		printf "| %s | %.1f ms | %.1f ms | %.2fx | %.2fx | %.1f MiB | %.1f MiB | %s |", l, o * 1000, r * 1000, r / o, o / r, po / 1024, pr / 1024, s }')")
	awk -v l="$1" -v o="$ours" -v r="$ref" -v po="$4" 'BEGIN {
		key = l; gsub(/[^A-Za-z0-9]+/, "-", key); sub(/^-/, "", key); sub(/-$/, "", key)
		printf "REPORT-FIGURE compare-%s-ratio: %.2fx (reference median / ours, %s)\n", key, r / o, l
		printf "REPORT-FIGURE compare-%s-peak: %.1f MiB (peak resident memory of ours, %s)\n", key, po / 1024, l }'
}

# pair LABEL "OURS CMD" "REF CMD": alternating dumps with output compared once.
pair() {
	local label=$1 ours=$2 ref=$3 i same
	: >"$WORK/t.ours"; : >"$WORK/t.ref"
	log "$label: $RUNS runs each, alternating"
	for ((i = 0; i < RUNS; i++)); do
		# shellcheck disable=SC2086
		timed "$WORK/out.ours" $ours >>"$WORK/t.ours"
		# shellcheck disable=SC2086
		timed "$WORK/out.ref" $ref >>"$WORK/t.ref"
	done
	if cmp -s "$WORK/out.ours" "$WORK/out.ref"; then same=yes; else same="NO ($(wc -l <"$WORK/out.ours") vs $(wc -l <"$WORK/out.ref") lines)"; fi
	# shellcheck disable=SC2086
	row "$label" "$WORK/t.ours" "$WORK/t.ref" "$(peak $ours)" "$(peak $ref)" "$same"
}

pair "route show: nlctl vs ip" "$NLCTL route show" "ip route show"
pair "-j route show: nlctl vs ip" "$NLCTL -j route show" "ip -j route show"

log "-force -batch of $BATCH_N routes: $RUNS runs each, alternating, each on a fresh device"
: >"$WORK/t.ours"; : >"$WORK/t.ref"; : >"$WORK/p.ours"; : >"$WORK/p.ref"
batch_same=yes
for ((i = 0; i < RUNS; i++)); do
	for side in ours ref; do
		fresh_d1
		if [[ $side == ours ]]; then cmd=("$NLCTL" -force -batch "$WORK/add.batch"); else cmd=(ip -force -batch "$WORK/add.batch"); fi
		if (( i == 0 )); then
			peak "${cmd[@]}" >>"$WORK/p.$side"
		else
			timed /dev/null "${cmd[@]}" >>"$WORK/t.$side"
		fi
		n=$(count_d1)
		[[ $n -eq $BATCH_N ]] || batch_same="NO ($side added $n of $BATCH_N)"
	done
done
# run 0 went to the peak measurement; time one more of each so that every side has RUNS timings
for side in ours ref; do
	fresh_d1
	if [[ $side == ours ]]; then cmd=("$NLCTL" -force -batch "$WORK/add.batch"); else cmd=(ip -force -batch "$WORK/add.batch"); fi
	timed /dev/null "${cmd[@]}" >>"$WORK/t.$side"
	n=$(count_d1)
	[[ $n -eq $BATCH_N ]] || batch_same="NO ($side added $n of $BATCH_N)"
done
ip -n "$NS" link del d1
row "-force -batch $BATCH_N routes: nlctl vs ip" "$WORK/t.ours" "$WORK/t.ref" "$(cat "$WORK/p.ours")" "$(cat "$WORK/p.ref")" \
	"$([[ $batch_same == yes ]] && echo "all $BATCH_N added" || echo "$batch_same")"

log "typed dump: library (nlbench routes) vs C reader (dumpreader route): $RUNS runs each, alternating"
: >"$WORK/t.ours"; : >"$WORK/t.ref"; : >"$WORK/in.ours"; : >"$WORK/in.ref"
for ((i = 0; i < RUNS; i++)); do
	timed "$WORK/out.ours" "$NLBENCH" routes >>"$WORK/t.ours"
	sed -n 's/.*median_s=\([0-9.]*\).*/\1/p' "$WORK/out.ours" >>"$WORK/in.ours"
	timed "$WORK/out.ref" "$DUMPREADER" route >>"$WORK/t.ref"
	sed -n 's/.*median_s=\([0-9.]*\).*/\1/p' "$WORK/out.ref" >>"$WORK/in.ref"
done
m_ours=$(sed -n 's/.* msgs=\([0-9]*\).*/\1/p' "$WORK/out.ours")
m_ref=$(sed -n 's/.* msgs=\([0-9]*\).*/\1/p' "$WORK/out.ref")
c_ours=$(sed -n 's/.* checksum=\([0-9]*\).*/\1/p' "$WORK/out.ours")
c_ref=$(sed -n 's/.* checksum=\([0-9]*\).*/\1/p' "$WORK/out.ref")
row "typed dump of all IPv4 routes: library vs C reader" "$WORK/t.ours" "$WORK/t.ref" \
	"$(peak "$NLBENCH" routes)" "$(peak "$DUMPREADER" route)" "$m_ours vs $m_ref routes"
in_ours=$(median <"$WORK/in.ours"); in_ref=$(median <"$WORK/in.ref")
ROWS+=("$(awk -v o="$in_ours" -v r="$in_ref" 'BEGIN { printf "| same, in-process time (request to end of dump) | %.1f ms | %.1f ms | %.2fx | %.2fx | | | |", o * 1000, r * 1000, r / o, o / r }')")
awk -v o="$in_ours" -v r="$in_ref" 'BEGIN { printf "REPORT-FIGURE compare-typed-dump-inprocess-ratio: %.2fx (C reader in-process median / library)\n", r / o }'

# --- the table ---------------------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo
echo "Machine: $cpu, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); kernel $(uname -r); $(ip -V); $(swift --version 2>/dev/null | head -n 1)"
echo "Namespace: $ROUTES routes on $KIND device d0 (dumps see $m_ref IPv4 routes in all tables; route show lists table main); medians of $RUNS alternated runs; wall time of the whole process."
echo "speedup = reference median / ours (above 1: ours is faster); ours/ref = its inverse (the time ratio the targets use). Peak memory: one extra run each, /usr/bin/time."
echo
echo "| comparison | ours | reference | speedup | ours/ref | peak RSS ours | peak RSS reference | output |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
[[ $c_ours == "$c_ref" ]] || die "the library and the C reader decoded different routes (checksums $c_ours and $c_ref)"
