#!/usr/bin/env bash
# bench-ethtool.sh: the features of every device (ethtool -k) of a namespace with 2,000 veths,
# read four ways, side by side, in a private namespace:
#   library    nlbench ethtool-features   one ETHTOOL_MSG_FEATURES_GET dump, typed (EthtoolFeatures),
#                                         the family ID asked once (as a cached lookup would)
#   C reader   dumpreader ethtool-features  the same dump, every attribute walked (scripts/bench/dumpreader.c)
#   ethtool    ethtool -k '*'             ethtool 6.1's own dump of every device, as text
#   nlctl      nlctl ethtool -k '*'       the same text (checked byte for byte against ethtool's)
# then the per-device way scripts use: one `ethtool -k DEV` process per device (DEVICE_RUNS of them)
# against one library dump of all, and in-process warm dumps (library vs C reader).
#
#   sudo scripts/bench-ethtool.sh
#   VETH_PAIRS=1000 RUNS=7 DEVICE_RUNS=2000 scripts/bench-ethtool.sh
#
# Environment: VETH_PAIRS (default 1000: 2,000 veths and lo), RUNS (rotating rounds, default 5),
# DEVICE_RUNS (ethtool -k processes, one device each, default 2000), WARM (dumps per in-process
# run, default 10), SKIP_BUILD=1 (use the existing release builds).
# Prints `REPORT-FIGURE` lines and a markdown table; the namespace is deleted at the end.
set -euo pipefail

VETH_PAIRS=${VETH_PAIRS:-1000}
RUNS=${RUNS:-5}
DEVICE_RUNS=${DEVICE_RUNS:-2000}
WARM=${WARM:-10}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# shellcheck source=scripts/bench/tools.sh
source "$ROOT/scripts/bench/tools.sh"
(( RUNS >= 3 && RUNS <= 50 )) || die "RUNS must be 3..50"
(( VETH_PAIRS >= 1 && VETH_PAIRS <= 5000 )) || die "VETH_PAIRS must be 1..5000"
(( DEVICE_RUNS >= 1 && DEVICE_RUNS <= 2 * VETH_PAIRS )) || die "DEVICE_RUNS must be 1..2 x VETH_PAIRS"
[[ $(id -u) -eq 0 ]] || die "needs root (ip netns add)"
command -v ethtool >/dev/null || die "needs ethtool (scripts/install-reference-tools.sh)"
command -v cc >/dev/null || die "needs a C compiler (cc)"

WORK=$(mktemp -d /tmp/nlethtool.XXXXXX)
NS="nleth-$$-$RANDOM"
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

build_tools

ip netns add "$NS"
ip -n "$NS" link set lo up
for ((i = 0; i < VETH_PAIRS; i++)); do echo "link add e$i type veth peer name f$i"; done >"$WORK/links"
t0=$EPOCHREALTIME
ip -n "$NS" -batch "$WORK/links" >/dev/null || die "cannot make the veths"
log "made $((2 * VETH_PAIRS)) veths in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }')"
EXPECTED=$((2 * VETH_PAIRS + 1))


: >"$WORK/t.lib"; : >"$WORK/t.c"; : >"$WORK/t.ethtool"; : >"$WORK/t.nlctl"
log "whole dumps: $RUNS rounds of library, C reader, ethtool -k '*', nlctl ethtool -k '*' (rotating order)"
for ((i = 0; i < RUNS; i++)); do
	for ((j = 0; j < 4; j++)); do
		case $(( (i + j) % 4 )) in
		0) timed "$WORK/o.lib" "$NLBENCH" ethtool-features >>"$WORK/t.lib"
		   [[ $(field msgs "$WORK/o.lib") -eq $EXPECTED ]] || die "the library saw $(field msgs "$WORK/o.lib") devices" ;;
		1) timed "$WORK/o.c" "$DUMPREADER" ethtool-features >>"$WORK/t.c"
		   [[ $(field msgs "$WORK/o.c") -eq $EXPECTED ]] || die "the C reader saw $(field msgs "$WORK/o.c") devices" ;;
		2) timed "$WORK/o.ethtool" ethtool -k '*' >>"$WORK/t.ethtool"
		   [[ $(grep -c '^Features for ' "$WORK/o.ethtool") -eq $EXPECTED ]] || die "ethtool printed $(grep -c '^Features for ' "$WORK/o.ethtool") devices" ;;
		3) timed "$WORK/o.nlctl" "$NLCTL" ethtool -k '*' >>"$WORK/t.nlctl"
		   [[ $(grep -c '^Features for ' "$WORK/o.nlctl") -eq $EXPECTED ]] || die "nlctl printed $(grep -c '^Features for ' "$WORK/o.nlctl") devices" ;;
		esac
	done
done
cmp -s "$WORK/o.ethtool" "$WORK/o.nlctl" || die "nlctl ethtool -k '*' differs from ethtool's output"

log "per device: $DEVICE_RUNS processes of ethtool -k DEV, then of nlctl ethtool -k DEV"
for ((i = 0; i < DEVICE_RUNS; i++)); do (( i % 2 == 0 )) && echo "e$((i / 2))" || echo "f$((i / 2))"; done >"$WORK/devices"
cat >"$WORK/per-device.sh" <<'SCRIPT'
#!/usr/bin/env bash
# per-device.sh TOOL... : TOOL -k DEV for every device of the list, one process each
list=$1; shift
while read -r dev; do "$@" -k "$dev" >/dev/null || exit 1; done <"$list"
SCRIPT
chmod +x "$WORK/per-device.sh"
per_ethtool=$(timed /dev/null "$WORK/per-device.sh" "$WORK/devices" ethtool)
per_nlctl=$(timed /dev/null "$WORK/per-device.sh" "$WORK/devices" "$NLCTL" ethtool)

log "in-process, warm: $RUNS alternated processes of library and C reader, $WARM dumps each"
: >"$WORK/in.lib"; : >"$WORK/in.c"
for ((i = 0; i < RUNS; i++)); do
	ip netns exec "$NS" "$NLBENCH" -r "$WARM" ethtool-features >"$WORK/o.lib" || die "nlbench -r failed"
	field median_s "$WORK/o.lib" >>"$WORK/in.lib"
	ip netns exec "$NS" "$DUMPREADER" -r "$WARM" ethtool-features >"$WORK/o.c" || die "dumpreader -r failed"
	field median_s "$WORK/o.c" >>"$WORK/in.c"
done

lib=$(median <"$WORK/t.lib"); c=$(median <"$WORK/t.c"); eth=$(median <"$WORK/t.ethtool"); nl=$(median <"$WORK/t.nlctl")
inl=$(median <"$WORK/in.lib"); inc=$(median <"$WORK/in.c")
awk -v n="$EXPECTED" -v lib="$lib" -v c="$c" -v eth="$eth" -v nl="$nl" -v inl="$inl" -v inc="$inc" \
	-v pe="$per_ethtool" -v pn="$per_nlctl" -v runs="$DEVICE_RUNS" 'BEGIN {
	printf "REPORT-FIGURE ethtool-features-library-s: %.4f s (%d devices, one dump, whole process)\n", lib, n
	printf "REPORT-FIGURE ethtool-features-c-s: %.4f s\n", c
	printf "REPORT-FIGURE ethtool-features-ethtool-dump-s: %.4f s (ethtool -k *)\n", eth
	printf "REPORT-FIGURE ethtool-features-nlctl-dump-s: %.4f s (nlctl ethtool -k *, same text)\n", nl
	printf "REPORT-FIGURE ethtool-features-library-vs-c: %.2fx the C reader (whole process)\n", lib / c
	printf "REPORT-FIGURE ethtool-features-nlctl-vs-ethtool: %.2fx ethtool'"'"'s time (ethtool -k *)\n", nl / eth
	printf "REPORT-FIGURE ethtool-features-in-process: library %.2f ms, C %.2f ms, %.2fx\n", inl * 1000, inc * 1000, inl / inc
	printf "REPORT-FIGURE ethtool-features-per-device: %d ethtool -k DEV processes %.2f s (%.2f ms each), %d nlctl ones %.2f s (%.2f ms each); one library dump of all %.4f s: %.0fx faster than the ethtool loop\n", runs, pe, pe / runs * 1000, runs, pn, pn / runs * 1000, lib, pe / lib
	printf "\n| %d devices | whole process | in-process |\n|---|---|---|\n", n
	printf "| library (one typed dump) | %.1f ms | %.2f ms |\n| C reader | %.1f ms | %.2f ms |\n", lib * 1000, inl * 1000, c * 1000, inc * 1000
	printf "| ethtool -k * | %.1f ms | |\n| nlctl ethtool -k * | %.1f ms | |\n", eth * 1000, nl * 1000
	printf "| %d x ethtool -k DEV | %.0f ms | |\n| %d x nlctl ethtool -k DEV | %.0f ms | |\n", runs, pe * 1000, runs, pn * 1000
}'
