#!/bin/bash
# nlctl -force -batch vs ip -force -batch: N `route add PREFIX dev lo` lines in a fresh network
# namespace per run (made here, removed after), runs alternating, median of RUNS each.
# Checks that every route went in. Then the all-failing case: the same file again on a namespace
# that already has every route (every line fails with "File exists"), RUNS times each, checking
# that nlctl prints the same stderr as ip and exits the same.
#
# Usage: scripts/batch-bench.sh [N=100000] [RUNS=5]   (root; builds nlctl in release mode first)
#   NLCTL_BASELINE=/path/to/older/nlctl  also times that binary in the same runs ("before").
# Prints REPORT-FIGURE lines. Wall times are medians; CPU times (user+system of the whole process,
# all its threads) are medians too: on a loaded machine they move less than wall times.
set -euo pipefail
N=${1:-100000}
RUNS=${2:-5}
cd "$(dirname "$0")/.."
swift build -c release --product nlctl >/dev/null
NLCTL=$(swift build -c release --show-bin-path)/nlctl
BASELINE=${NLCTL_BASELINE:-}
WORK=$(mktemp -d /tmp/batch-bench.XXXXXX)
NS=batchbench-$$
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "route add %d.%d.%d.0/24 dev lo\n", 16 + int(i / 65536), int(i / 256) % 256, i % 256 }' >"$WORK/routes.txt"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

TOOLS="ip nlctl"
[ -n "$BASELINE" ] && TOOLS="$TOOLS before"
binary() { case $1 in ip) echo ip ;; nlctl) echo "$NLCTL" ;; before) echo "$BASELINE" ;; esac; }

# Runs `tool -n NS -force -batch routes.txt`; appends "wall cpu" to WORK/<name>.times, stderr to WORK/<name>.err.
timed() { # tool name
    local tool=$1 name=$2
    set +e
    /usr/bin/time -f "%e %U %S" -o "$WORK/time.out" "$(binary "$tool")" -n "$NS" -force -batch "$WORK/routes.txt" 2>"$WORK/$name.err"
    echo $? >"$WORK/$name.status"
    set -e
    tail -1 "$WORK/time.out" | awk '{ printf "%s %.3f\n", $1, $2 + $3 }' >>"$WORK/$name.times"
}

fresh() { ip netns add "$NS"; ip -n "$NS" link set lo up; }

for tool in $TOOLS; do : >"$WORK/$tool.times"; : >"$WORK/$tool-fail.times"; done
for ((r = 0; r < RUNS; r++)); do
    for tool in $TOOLS; do
        fresh
        timed "$tool" "$tool"
        count=$(ip -n "$NS" route show dev lo | wc -l)
        [ "$count" -eq "$N" ] || { echo "$tool: $count routes instead of $N" >&2; exit 1; }
        # All failing: the same file again on the populated namespace.
        timed "$tool" "$tool-fail"
        ip netns del "$NS"
    done
done

wall() { awk '{ print $1 }' "$WORK/$1.times" | median; }
cpu() { awk '{ print $2 }' "$WORK/$1.times" | median; }
for tool in $TOOLS; do
    echo "$tool -force -batch runs (wall cpu, s): $(tr '\n' ' ' <"$WORK/$tool.times")"
    echo "$tool all failing runs (wall cpu, s):   $(tr '\n' ' ' <"$WORK/$tool-fail.times")"
done
IP=$(wall ip)
NL=$(wall nlctl)
printf 'REPORT-FIGURE batch-ip-force-%s-routes: %.3f s wall, %.3f s CPU (median of %d, ip -force -batch, route add dev lo, fresh namespace)\n' "$N" "$IP" "$(cpu ip)" "$RUNS"
printf 'REPORT-FIGURE batch-nlctl-force-%s-routes: %.3f s wall, %.3f s CPU (median of %d, nlctl -force -batch, same file)\n' "$N" "$NL" "$(cpu nlctl)" "$RUNS"
printf 'REPORT-FIGURE batch-speedup-%s-routes: %.2fx (ip wall time / nlctl wall time, medians)\n' "$N" "$(echo "$IP / $NL" | bc -l)"
# The ratio of each adjacent pair (ip then nlctl), whose load is most alike on a shared machine.
PAIRS=$(paste <(awk '{ print $1 }' "$WORK/ip.times") <(awk '{ print $1 }' "$WORK/nlctl.times") | awk '{ printf "%.3f\n", $1 / $2 }')
printf 'REPORT-FIGURE batch-speedup-pairs-%s-routes: %.2fx (median of the per-pair ratios %s)\n' "$N" "$(echo "$PAIRS" | median)" "$(echo $PAIRS)"
if [ -n "$BASELINE" ]; then
    BE=$(wall before)
    printf 'REPORT-FIGURE batch-before-force-%s-routes: %.3f s wall, %.3f s CPU (median of %d, NLCTL_BASELINE binary, same runs; %.2fx vs ip)\n' \
        "$N" "$BE" "$(cpu before)" "$RUNS" "$(echo "$IP / $BE" | bc -l)"
fi

# The all-failing runs: same stderr and status as ip?
same() { # name
    if [ "$(cat "$WORK/ip-fail.status")" = "$(cat "$WORK/$1-fail.status")" ] && cmp -s "$WORK/ip-fail.err" "$WORK/$1-fail.err"; then
        echo identical
    else
        echo DIFFERENT
    fi
}
IPF=$(wall ip-fail)
NLF=$(wall nlctl-fail)
printf 'REPORT-FIGURE batch-all-fail-%s-routes: ip %.3f s wall / %.3f s CPU, nlctl %.3f s wall / %.3f s CPU, %.2fx (median of %d; every line EEXIST; stderr %s, %d lines, exit %s/%s)\n' \
    "$N" "$IPF" "$(cpu ip-fail)" "$NLF" "$(cpu nlctl-fail)" "$(echo "$IPF / $NLF" | bc -l)" "$RUNS" "$(same nlctl)" \
    "$(wc -l <"$WORK/nlctl-fail.err")" "$(cat "$WORK/ip-fail.status")" "$(cat "$WORK/nlctl-fail.status")"
if [ -n "$BASELINE" ]; then
    BEF=$(wall before-fail)
    printf 'REPORT-FIGURE batch-before-all-fail-%s-routes: %.3f s wall / %.3f s CPU, %.2fx vs ip (NLCTL_BASELINE binary, same runs; stderr %s)\n' \
        "$N" "$BEF" "$(cpu before-fail)" "$(echo "$IPF / $BEF" | bc -l)" "$(same before)"
fi
