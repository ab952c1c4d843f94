# tools.sh: what scripts/bench-ethtool.sh and scripts/bench-ss.sh share (sourced, not run).
#   log TEXT / die TEXT            timestamped lines on standard error (die exits 1)
#   build_tools                    release nlbench and nlctl (unless SKIP_BUILD=1) and the C reader:
#                                  sets NLBENCH, NLCTL, DUMPREADER (needs ROOT and WORK)
#   timed OUT CMD...               runs CMD in namespace $NS, stdout to OUT; prints the wall time (s)
#   median                         the median of the numbers on standard input
#   field NAME FILE                the value of ` NAME=N` in FILE

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

build_tools() {
	if [[ ${SKIP_BUILD:-0} != 1 ]]; then
		log "swift build -c release (nlbench, nlctl)"
		(cd "$ROOT" && swift build -c release --product nlbench >&2 && swift build -c release --product nlctl >&2)
	fi
	local bin
	bin=$(cd "$ROOT" && swift build -c release --show-bin-path)
	NLBENCH=$bin/nlbench
	NLCTL=$bin/nlctl
	[[ -x $NLBENCH && -x $NLCTL ]] || die "no release build of nlbench and nlctl"
	DUMPREADER=$WORK/dumpreader
	cc -O2 -Wall -o "$DUMPREADER" "$ROOT/scripts/bench/dumpreader.c" || die "cannot build dumpreader"
}

timed() {
	local out=$1; shift
	local t0=$EPOCHREALTIME
	ip netns exec "$NS" "$@" >"$out" || die "failed: $*"
	awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" "$2"; }
