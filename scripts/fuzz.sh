#!/usr/bin/env bash
# Builds the libFuzzer targets of FuzzTesting/ and runs each for a bounded time or number of runs.
#
#   scripts/fuzz.sh                    about 30 s in all, split over the thirty targets
#   scripts/fuzz.sh 300                300 s in all (or FUZZ_SECONDS=300 scripts/fuzz.sh)
#   scripts/fuzz.sh --seconds 300      the same
#   scripts/fuzz.sh --long             long mode: release (-O) build, 10,000,000 runs per target
#   scripts/fuzz.sh --runs 10000000    that many runs per target, no time limit (or FUZZ_RUNS=...)
#   scripts/fuzz.sh --target FuzzRoute-route [--long]    one target only (repeatable)
#   scripts/fuzz.sh --release --runs 10000000    optimized build: several times the runs a second
#   scripts/fuzz.sh --list             the targets
#
# Targets: FuzzMessages, FuzzAttributes, FuzzErrors (NetlinkCore), FuzzRoute-<decoder> for the
# rtnetlink decoders: link, linkinfo, address, route, multipath, neighbor, rule, nexthop, netconf,
# nsid, stats, fiblookup (NETLINK_FIB_LOOKUP's struct fib_result_nl), datagram (one executable, FuzzRoute,
# run with --decoder=<decoder>), FuzzGeneric-family
# FuzzGeneric-policy, -tcpmetrics, -mptcp, -netdev, -bitset, -ethtool, -taskstats and -ioam6 (generic
# netlink: the controller's family description, policy dump messages and the dynamic decoder,
# tcp_metrics entries, MPTCP endpoints, netdev devices and queues, ethtool bitsets and every ethtool
# message, TASKSTATS and cgroupstats, IOAM6 namespaces and schemas; FuzzGeneric --decoder=NAME),
# FuzzSockDiag-inet, -unix, -netlink and -packet (the four sock_diag replies with their attributes), and FuzzNlctl:
# nlctl's argument and batch-file parser on a fake kernel (FuzzTesting/Sources/FuzzNlctl).
# Environment: FUZZ_SECONDS (total seconds, default 30), FUZZ_RUNS (runs per target: long mode),
# FUZZ_MIN_RUNS (default 1000): a target whose "Done N runs" line is missing or below it fails the
# script, so a binary that does not really fuzz cannot pass; FUZZ_CONFIGURATION (debug, the
# default, or release; --release and --long set it).
# Each target prints `REPORT-FIGURE fuzz-<target>-runs: N runs in S s` and
# `REPORT-FIGURE fuzz-<target>-rate: R exec/s (...)`.
#
# Build: `swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address`
# (build_flags below says why both) with the scratch path FuzzTesting/.build-fuzz (git-ignored).
# Each target is an executable holding only `LLVMFuzzerTestOneInput`; libFuzzer brings `main`.
# Before fuzzing, the script checks that NetlinkCore carries ASan and each binary libFuzzer's
# coverage counters, and rebuilds from clean once if not.
#
# Corpora: the seeds in FuzzTesting/Corpus/<Target>/ (committed; regenerate with
# `python3 FuzzTesting/make-seeds.py` and, from the kernel, `python3 scripts/capture-route-seeds.py`)
# are read; what libFuzzer finds is kept in FuzzTesting/.build-fuzz-state/corpus/<Target>/
# (git-ignored, with the logs) and grows from run to run.
# Crashes, leaks, timeouts and out-of-memory inputs are written to FuzzTesting/artifacts/<Target>/
# (git-ignored) and copied as regression-* to Tests/NetlinkCoreTests/Corpus/<Target>/ (core targets,
# replayed by CorpusReplayTests) or FuzzTesting/Corpus/<Target>/ (FuzzRoute-*, replayed by
# NetlinkRouteTests' RouteCorpusReplayTests; FuzzGeneric-*, by NetlinkGenericTests'
# GenericCorpusReplayTests), minimized first (libFuzzer's -minimize_crash=1, at most
# 60 s): commit them with the fix.
#
# Exit status: 0 when every target ran at least FUZZ_MIN_RUNS inputs and nothing crashed; 1 when a
# target crashed or ran too few inputs; 2 on a usage or build error.
# Runs with SWIFT_BACKTRACE=enable=no: the Swift backtracer can hang for minutes after a crash.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

route_decoders=(link linkinfo address route multipath neighbor rule nexthop netconf nsid stats fiblookup datagram)
generic_decoders=(family policy tcpmetrics mptcp netdev bitset ethtool taskstats ioam6)
sockdiag_decoders=(inet unix netlink packet)
all_targets=(FuzzMessages FuzzAttributes FuzzErrors "${route_decoders[@]/#/FuzzRoute-}" "${generic_decoders[@]/#/FuzzGeneric-}"
    "${sockdiag_decoders[@]/#/FuzzSockDiag-}" FuzzUevent FuzzConnector FuzzAudit FuzzNlctl)
targets=()
total_seconds=${FUZZ_SECONDS:-30}
runs=${FUZZ_RUNS:-}
min_runs=${FUZZ_MIN_RUNS:-1000}
configuration=${FUZZ_CONFIGURATION:-debug}

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
        --seconds) [ $# -ge 2 ] || usage; total_seconds=$2; shift 2 ;;
        --target) [ $# -ge 2 ] || usage; targets+=("$2"); shift 2 ;;
        --release) configuration=release; shift ;;
        --long) configuration=release; runs=${FUZZ_RUNS:-10000000}; shift ;;
        --list) printf '%s\n' "${all_targets[@]}"; exit 0 ;;
        -h|--help) usage 0 ;;
        *[!0-9]*|"") echo "fuzz.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
        *) total_seconds=$1; shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
    case " ${all_targets[*]} " in *" $t "*) ;; *) echo "fuzz.sh: no target '$t' (${all_targets[*]})" >&2; exit 2 ;; esac
done
case "$total_seconds$runs$min_runs" in *[!0-9]*) echo "fuzz.sh: seconds and runs are whole numbers" >&2; exit 2 ;; esac
case "$configuration" in debug|release) ;; *) echo "fuzz.sh: FUZZ_CONFIGURATION is debug or release" >&2; exit 2 ;; esac

scratch=FuzzTesting/.build-fuzz          # SwiftPM's alone: a clean may empty it
state=FuzzTesting/.build-fuzz-state      # grown corpora and logs
# `--sanitize=fuzzer --sanitize=address` alone is not enough with this toolchain: SwiftPM hands the
# driver two -sanitize= options in a random order, the driver keeps only the last, and the objects
# come out with coverage but no ASan, or ASan but no coverage (libFuzzer then fuzzes blind). The
# combined -Xswiftc option comes last and wins; the --sanitize options still tell SwiftPM to leave
# `main` to libFuzzer (with -Xswiftc alone, SwiftPM's main runs and the binary exits 0 unfuzzed).
build_flags=(-c "$configuration" --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
    --package-path FuzzTesting --scratch-path "$scratch")
logs=$state/logs

# The executable of a target and its arguments: FuzzRoute-<decoder> is FuzzRoute --decoder=<decoder>;
# FuzzNlctl runs nlctl's commands, whose output libFuzzer discards (-close_fd_mask=3: standard output
# and error go to /dev/null, libFuzzer's own lines and sanitizer reports still reach the log).
binary() { echo "${1%%-*}"; }
target_arguments() {
    case "$1" in
        *-*) echo "--decoder=${1#*-}" ;;
        FuzzNlctl) echo "-close_fd_mask=3" ;;
    esac
}
mkdir -p "$logs"
export SWIFT_BACKTRACE=enable=no
# AddressSanitizer records the stack of every allocation and free (30 frames) for its reports: a
# tenth of each input's time in the profiles. The fuzzing runs keep none (malloc_context_size=0);
# a crash report still shows the stack of the bad access, and the minimizing run below (ASan's
# defaults) shows where the memory was allocated and freed. A set ASAN_OPTIONS replaces this.
fuzz_asan_options=${ASAN_OPTIONS:-malloc_context_size=0}

build() {
    echo "== building the fuzz targets (swift build ${build_flags[*]})"
    if ! swift build "${build_flags[@]}" >"$logs/build.$configuration.log" 2>&1; then
        grep -E "error:" "$logs/build.$configuration.log" | head -40 >&2 || true
        tail -20 "$logs/build.$configuration.log" >&2
        echo "fuzz.sh: the build failed (log: $logs/build.$configuration.log)" >&2
        exit 2
    fi
    bin=$(swift build "${build_flags[@]}" --show-bin-path)
}

# The number of coverage counters libFuzzer finds in a binary: 0 when its main is not libFuzzer's
# or nothing is instrumented. (An incremental build once linked objects compiled without
# -sanitize=fuzzer: the binary fuzzed blind at 2 counters.)
counters() {
    { "$bin/$(binary "$1")" -runs=0 $(target_arguments "$1") 2>&1 || true; } | sed -n 's/.*Loaded [0-9]* modules *(\([0-9]*\) inline 8-bit counters).*/\1/p;T;q'
}

instrumented() {
    local t n
    if [ "$( { nm -u "$bin"/NetlinkCore.build/*.o 2>/dev/null || true; } | grep -c '__asan_report')" -eq 0 ]; then
        echo "!! NetlinkCore was compiled without AddressSanitizer" >&2
        return 1
    fi
    for t in "${targets[@]}"; do
        n=$(counters "$t")
        if [ "${n:-0}" -lt 1000 ]; then
            echo "!! $t has ${n:-no} coverage counters: not instrumented for libFuzzer, or not libFuzzer's main" >&2
            return 1
        fi
    done
}

build
if ! instrumented; then
    echo "== rebuilding from clean" >&2
    rm -rf "$scratch"
    build
    instrumented || { echo "fuzz.sh: the fuzz targets are not instrumented even after a clean build" >&2; exit 2; }
fi

# Each libFuzzer process spends about a second starting and replaying its corpus beyond
# -max_total_time, so that second is taken from each share; no target fuzzes under 2 s, and
# FuzzRoute-datagram (whole dumps, ten times slower a run) gets twice the share and FuzzNlctl (whole
# commands on a fake kernel, about 200-300 runs a second in debug) six times, so that every target
# passes FUZZ_MIN_RUNS on a busy debug build. The default 30 s over twenty-one targets is thus about 44 s of
# fuzzing, about 60 s in all.
per_target=$(( total_seconds / ${#targets[@]} - 1 ))
[ "$per_target" -ge 2 ] || per_target=2
fuzz_start=$SECONDS

failed=0
summary=()
for target in "${targets[@]}"; do
    seeds=FuzzTesting/Corpus/$target
    work=$state/corpus/$target
    artifacts=FuzzTesting/artifacts/$target
    case "$target" in
        FuzzRoute-*|FuzzGeneric-*|FuzzSockDiag-*|FuzzUevent|FuzzConnector|FuzzAudit|FuzzNlctl) regressions=$seeds ;;   # replayed in place: by RouteCorpusReplayTests, GenericCorpusReplayTests, SockDiagCorpusReplayTests, UeventCorpusReplayTests, ConnectorCorpusReplayTests, AuditCorpusReplayTests; FuzzNlctl by every fuzz.sh run (its seeds)
        *) regressions=Tests/NetlinkCoreTests/Corpus/$target ;;
    esac
    log=$logs/$target.$configuration.log
    mkdir -p "$work" "$artifacts" "$regressions"
    [ -d "$seeds" ] || { echo "fuzz.sh: no seed corpus $seeds (run python3 FuzzTesting/make-seeds.py)" >&2; exit 2; }

    if [ -n "$runs" ]; then
        limit=(-runs="$runs")
        guard=()                                   # long mode: no wall-clock guard
        echo "== $target: $runs runs"
    else
        share=$per_target
        [ "$target" != FuzzRoute-datagram ] || share=$(( 2 * per_target ))
        [ "$target" != FuzzNlctl ] || share=$(( 6 * per_target ))    # whole commands: about 200-300 a second in debug
        limit=(-max_total_time="$share")
        guard=(timeout --kill-after=10 $(( share + 120 )))   # a hung fuzzer cannot hang the script
        echo "== $target: $share s"
    fi
    before=$(ls "$artifacts")
    set +e
    ASAN_OPTIONS=$fuzz_asan_options "${guard[@]}" "$bin/$(binary "$target")" "${limit[@]}" -print_final_stats=1 -timeout=20 $(target_arguments "$target") \
        -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1
    status=$?
    set -e

    # libFuzzer's last words: "Done N runs in S second(s)". Without them the target did not fuzz.
    done_runs=$(sed -n 's/^Done \([0-9]*\) runs in.*/\1/p' "$log" | tail -1)
    executed=${done_runs:-0}
    rate=$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' "$log" | tail -1)
    seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    if [ -z "$rate" ] || [ "$rate" = 0 ]; then
        rate=$(( executed / ${seconds:-1} ))        # libFuzzer prints 0 when it stopped early
    fi
    coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 || true)

    new_artifacts=$(comm -13 <(echo "$before") <(ls "$artifacts"))
    problem=""
    if [ "$status" -ne 0 ] || grep -qE '^==[0-9]+== ?ERROR|^SUMMARY: |Fatal error' "$log"; then
        problem="crashed (exit $status)"
    elif [ -n "$new_artifacts" ]; then
        problem="wrote $(echo $new_artifacts) (an input slower than 10 s, or a leak)"
    elif [ -z "$done_runs" ]; then
        problem="printed no 'Done N runs' line: not really fuzzing?"
    elif [ "$executed" -lt "$min_runs" ]; then
        problem="ran only $executed inputs (< $min_runs): not really fuzzing?"
    elif [ -z "$coverage" ]; then
        problem="reported no coverage: not really fuzzing?"
    fi

    if [ -n "$problem" ]; then
        failed=1
        echo "!! $target $problem; log: $log" >&2
        grep -E 'Fatal error|ERROR|SUMMARY|deadly signal|Test unit written' "$log" | head -20 >&2 || true
        for artifact in $new_artifacts; do
            copy=$regressions/regression-$artifact     # not crash-*: .gitignore drops those
            # libFuzzer's crash minimizer, bounded; the original is kept if it finds nothing smaller.
            minimized=$artifacts/minimized-$artifact
            timeout --kill-after=10 120 "$bin/$(binary "$target")" $(target_arguments "$target") -minimize_crash=1 \
                -max_total_time=60 -exact_artifact_path="$minimized" "$artifacts/$artifact" >"$logs/$target.minimize.log" 2>&1 || true
            if [ -s "$minimized" ] && [ "$(wc -c <"$minimized")" -lt "$(wc -c <"$artifacts/$artifact")" ]; then
                cp "$minimized" "$copy"
                echo "!! $target: minimized from $(wc -c <"$artifacts/$artifact") to $(wc -c <"$minimized") bytes" >&2
            else
                cp "$artifacts/$artifact" "$copy"
            fi
            echo "!! $target: input saved as $copy (replayed by the corpus replay tests; commit it with the fix)" >&2
        done
        summary+=("$(printf '%-20s %10s runs %8s exec/s  FAILED: %s' "$target" "$executed" "$rate" "$problem")")
    else
        summary+=("$(printf '%-20s %10s runs %8s exec/s  %s s  ok  (%s)' "$target" "$executed" "$rate" "${seconds:-?}" "$coverage")")
    fi
    echo "REPORT-FIGURE fuzz-$target-runs: $executed runs in ${seconds:-?} s ($configuration build${problem:+, FAILED: $problem})"
    echo "REPORT-FIGURE fuzz-$target-rate: $rate exec/s ($configuration build, $coverage)"
done

if [ -n "$runs" ]; then each="$runs runs each"; else each="$per_target s each"; fi
echo "REPORT-FIGURE fuzz-pass-seconds: $(( SECONDS - fuzz_start )) s (${#targets[@]} targets, $each, $configuration build; build excluded)"
echo "== fuzzing summary"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
    echo "fuzz.sh: FAILED" >&2
    exit 1
fi
echo "fuzz.sh: all targets ran, no crash"
