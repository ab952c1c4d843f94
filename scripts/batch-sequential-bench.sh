#!/bin/bash
# `-batch` without `-force` (one command at a time, stop at the first failure): nlctl against ip on
#   show:  N lines of `link show dev lo`
#   route: N lines of `route add PREFIX dev lo` (into a fresh namespace each run)
# Runs alternate (ip, nlctl, ip, nlctl ...), RUNS of each; prints the medians of wall time and the
# ratio nlctl/ip (the goal of issue 14 part 5: at most 1.2). Checks that both tools printed the
# same standard output for the show file and that every route went in.
#
# Usage: scripts/batch-sequential-bench.sh [N=20000] [RUNS=7]   (root; builds nlctl in release mode)
set -euo pipefail
N=${1:-20000}
RUNS=${2:-7}
cd "$(dirname "$0")/.."
swift build -c release --product nlctl >/dev/null
NLCTL=$(swift build -c release --show-bin-path)/nlctl
WORK=$(mktemp -d /tmp/batch-seq.XXXXXX)
NS=batchseq-$$
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) print "link show dev lo" }' >"$WORK/show.txt"
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "route add %d.%d.%d.0/24 dev lo\n", 16 + int(i / 65536), int(i / 256) % 256, i % 256 }' >"$WORK/route.txt"
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
binary() { case $1 in ip) echo ip ;; nlctl) echo "$NLCTL" ;; esac; }

fresh() { ip netns del "$NS" 2>/dev/null || true; ip netns add "$NS"; ip -n "$NS" link set lo up; }

# timed TOOL CASE: one run; appends the wall time to WORK/TOOL.CASE.times.
timed() {
    local tool=$1 case=$2 start end
    [ "$case" = route ] && fresh
    start=$(date +%s.%N)
    "$(binary "$tool")" -n "$NS" -batch "$WORK/$case.txt" >"$WORK/$tool.$case.out"
    end=$(date +%s.%N)
    echo "$end - $start" | bc >>"$WORK/$tool.$case.times"
    if [ "$case" = route ]; then
        local count
        count=$(ip -n "$NS" route show | wc -l)
        [ "$count" -eq "$N" ] || { echo "$tool: $count routes of $N" >&2; exit 1; }
    fi
}

fresh
for case in show route; do
    for _ in $(seq "$RUNS"); do
        timed ip "$case"
        timed nlctl "$case"
    done
done
cmp -s "$WORK/ip.show.out" "$WORK/nlctl.show.out" || { echo "the show outputs differ" >&2; exit 1; }
for case in show route; do
    ipm=$(median <"$WORK/ip.$case.times")
    nlm=$(median <"$WORK/nlctl.$case.times")
    ratio=$(echo "scale=2; $nlm / $ipm" | bc)
    echo "REPORT-FIGURE batch-sequential-$case: $N lines without -force, median of $RUNS: ip ${ipm} s, nlctl ${nlm} s, ratio ${ratio} (goal <= 1.2)"
done
