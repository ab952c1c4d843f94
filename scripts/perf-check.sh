#!/bin/bash
# perf-check.sh: the performance goals of the issues, each measured by its benchmark script in
# this one run, printed beside its goal; exits 1 when one falls short (2 when a benchmark failed).
# Minutes, not CI: a guard to run before and after a change that may slow a path.
#
#   sudo scripts/perf-check.sh            # batch (sequential and -force), start-up, ss
#   FULL=1 sudo scripts/perf-check.sh     # also route show on 1M routes (compare.sh, longer)
#
# Goals (ratios, so that the machine's speed drifts out): issue 14 part 5 (sequential batch within
# 1.2x of ip), issue 20 (start-up within 1.3x of ip; an all-failing -force batch at least as fast
# as ip; route show at least 4x ip), issue 17 (ss -tan 2x, -tanp 3x faster than ss; the library's
# sock_diag dump within 1.3x of the C reader).
set -uo pipefail
cd "$(dirname "$0")/.."
LOG=$(mktemp /tmp/perf-check.XXXXXX)
trap 'rm -f "$LOG"' EXIT
status=0
short=0

# run NAME CMD...: runs a benchmark, keeps its REPORT-FIGURE lines in LOG.
run() {
    local name=$1; shift
    echo "== $name: $*" >&2
    if ! "$@" 2>&1 | grep '^REPORT-FIGURE' | tee -a "$LOG" >&2; then
        echo "perf-check: $name failed" >&2
        status=2
    fi
}

# check LABEL VALUE OP GOAL: one line, PASS or SHORT.
check() {
    local label=$1 value=$2 op=$3 goal=$4 ok
    if [[ -z $value ]]; then
        printf '%-58s %8s   goal %s %s   MISSING\n' "$label" "-" "$op" "$goal"
        status=2
        return
    fi
    ok=$(awk -v v="$value" -v g="$goal" -v op="$op" 'BEGIN { print (op == "<=" ? v <= g : v >= g) ? 1 : 0 }')
    if [[ $ok == 1 ]]; then
        printf '%-58s %8s   goal %s %s   pass\n' "$label" "$value" "$op" "$goal"
    else
        printf '%-58s %8s   goal %s %s   SHORT\n' "$label" "$value" "$op" "$goal"
        short=1
    fi
}

# figure PATTERN FIELD-REGEX: the first number after FIELD-REGEX on the REPORT-FIGURE line matching PATTERN.
figure() {
    grep -E "$1" "$LOG" | head -1 | sed -nE "s/.*$2 *([0-9.]+).*/\1/p"
}

run "sequential batch" scripts/batch-sequential-bench.sh 20000 7
run "start-up" scripts/startup-bench.sh 100
run "-force batch" scripts/batch-bench.sh 20000 5
run "ss" env SKIP_BUILD=0 RUNS=5 scripts/bench-ss.sh
[[ ${FULL:-0} == 1 ]] && run "route show, 1M routes" scripts/compare.sh

echo
echo "Goal                                                          value   goal          result"
check "batch without -force, link show dev lo (nlctl/ip)" "$(figure 'batch-sequential-show' 'ratio')" "<=" 1.2
check "batch without -force, route add (nlctl/ip)" "$(figure 'batch-sequential-route' 'ratio')" "<=" 1.2
while read -r line; do
    what=$(sed -nE 's/^REPORT-FIGURE startup (.*): ip .*/\1/p' <<<"$line")
    ratio=$(sed -nE 's/.*ratio ([0-9.]+).*/\1/p' <<<"$line")
    check "start-up: $what (nlctl/ip)" "$ratio" "<=" 1.3
done < <(grep -E '^REPORT-FIGURE startup .*ratio' "$LOG")
check "-force batch, route add (ip/nlctl)" "$(figure 'batch-speedup-pairs' ':')" ">=" 1.0
check "-force batch, every line failing (ip/nlctl)" "$(sed -nE 's/.*batch-all-fail.* ([0-9.]+)x .*/\1/p' "$LOG" | head -1)" ">=" 1.0
check "ss -tan (ss/nlctl)" "$(figure 'REPORT-FIGURE ss-tan:' 'nlctl ss [0-9.]+ ms: nlctl')" ">=" 2
check "ss -tanp (ss/nlctl)" "$(figure 'REPORT-FIGURE ss-tanp:' 'nlctl ss [0-9.]+ ms: nlctl')" ">=" 3
check "sock_diag dump, library/C reader (in process)" "$(sed -nE 's/.*ss-library-vs-c:.*in process .*: ([0-9.]+)x.*/\1/p' "$LOG" | head -1)" "<=" 1.3
if [[ ${FULL:-0} == 1 ]]; then
    check "route show, 1M routes (ip/nlctl)" "$(figure 'compare-.*route.*-ratio' 'ratio:')" ">=" 4
fi
(( status == 0 && short == 1 )) && status=1
exit "$status"
