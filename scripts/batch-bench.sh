#!/bin/bash
# nlctl -force -batch vs ip -force -batch: N `route add PREFIX dev lo` lines in a fresh network
# namespace per run (made here, removed after), runs alternating, median of RUNS each.
# Also checks that every route went in, and that a second pass (every line failing with
# "File exists") prints the same stderr as ip and exits 1.
#
# Usage: scripts/batch-bench.sh [N=100000] [RUNS=5]   (root; builds nlctl in release mode first)
# Prints REPORT-FIGURE lines.
set -euo pipefail
N=${1:-100000}
RUNS=${2:-5}
cd "$(dirname "$0")/.."
swift build -c release --product nlctl >/dev/null
NLCTL=$(swift build -c release --show-bin-path)/nlctl
WORK=$(mktemp -d /tmp/batch-bench.XXXXXX)
NS=batchbench-$$
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "route add %d.%d.%d.0/24 dev lo\n", 16 + int(i / 65536), int(i / 256) % 256, i % 256 }' >"$WORK/routes.txt"

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

run_one() { # tool -> seconds on stdout
    local tool=$1
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    local start end
    if [ "$tool" = ip ]; then
        start=$(now); ip -n "$NS" -force -batch "$WORK/routes.txt"; end=$(now)
    else
        start=$(now); "$NLCTL" -n "$NS" -force -batch "$WORK/routes.txt"; end=$(now)
    fi
    local count
    count=$(ip -n "$NS" route show dev lo | wc -l)
    [ "$count" -eq "$N" ] || { echo "$tool: $count routes instead of $N" >&2; exit 1; }
    ip netns del "$NS"
    echo "$end - $start" | bc -l
}

: >"$WORK/ip.times"
: >"$WORK/nlctl.times"
for ((r = 0; r < RUNS; r++)); do
    run_one ip >>"$WORK/ip.times"
    run_one nlctl >>"$WORK/nlctl.times"
done
IP=$(median <"$WORK/ip.times")
NL=$(median <"$WORK/nlctl.times")
echo "ip -force -batch runs (s):    $(tr '\n' ' ' <"$WORK/ip.times")"
echo "nlctl -force -batch runs (s): $(tr '\n' ' ' <"$WORK/nlctl.times")"
printf 'REPORT-FIGURE batch-ip-force-%s-routes: %.3f s (median of %d, ip -force -batch, route add dev lo, fresh namespace)\n' "$N" "$IP" "$RUNS"
printf 'REPORT-FIGURE batch-nlctl-force-%s-routes: %.3f s (median of %d, nlctl -force -batch, same file)\n' "$N" "$NL" "$RUNS"
printf 'REPORT-FIGURE batch-speedup-%s-routes: %.2fx (ip time / nlctl time, medians)\n' "$N" "$(echo "$IP / $NL" | bc -l)"
# The ratio of each adjacent pair (ip then nlctl), whose load is most alike on a shared machine.
PAIRS=$(paste "$WORK/ip.times" "$WORK/nlctl.times" | awk '{ printf "%.3f\n", $1 / $2 }')
printf 'REPORT-FIGURE batch-speedup-pairs-%s-routes: %.2fx (median of the per-pair ratios %s)\n' "$N" "$(echo "$PAIRS" | median)" "$(echo $PAIRS)"

# Every line failing: the same file again on a populated namespace.
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" -force -batch "$WORK/routes.txt"
set +e
start=$(now); ip -n "$NS" -force -batch "$WORK/routes.txt" 2>"$WORK/ip.err"; ipStatus=$?; end=$(now)
ipFail=$(echo "$end - $start" | bc -l)
start=$(now); "$NLCTL" -n "$NS" -force -batch "$WORK/routes.txt" 2>"$WORK/nlctl.err"; nlStatus=$?; end=$(now)
nlFail=$(echo "$end - $start" | bc -l)
set -e
if [ "$ipStatus" = "$nlStatus" ] && cmp -s "$WORK/ip.err" "$WORK/nlctl.err"; then same=identical; else same=DIFFERENT; fi
printf 'REPORT-FIGURE batch-all-fail-%s-routes: ip %.3f s, nlctl %.3f s (every line EEXIST; stderr %s, %d lines, exit %s/%s)\n' \
    "$N" "$ipFail" "$nlFail" "$same" "$(wc -l <"$WORK/nlctl.err")" "$ipStatus" "$nlStatus"
