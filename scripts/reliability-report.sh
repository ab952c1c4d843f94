#!/usr/bin/env bash
# Writes RELIABILITY.md from the REPORT-FIGURE lines the tests, the fuzz pass, the soak and CI print.
#
#   scripts/reliability-report.sh                   runs the tests, then writes RELIABILITY.md
#   scripts/reliability-report.sh --logs DIR        reads saved logs (*.log in DIR) instead of running
#   scripts/reliability-report.sh --output FILE     writes FILE instead of RELIABILITY.md
#
# Running means: `swift test` once (every suite prints its figures; kernel suites need root), then
# `FUZZ_SECONDS=${FUZZ_SECONDS:-30} scripts/fuzz.sh`; the logs go to .build-reliability/ (git-ignored),
# where `.ci/run` (ci-*.log) and `scripts/soak.sh` (soak.log) leave theirs too, and every *.log there
# is read. A figure line is
#     REPORT-FIGURE <key>: <value and unit> (<what it is>)
# The last line of a key wins. The command that reproduces a figure is found from the file that
# prints it: a test file gives `swift test --filter <Target>.<Suite>`, a script gives the script.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

logs=""
output=RELIABILITY.md
while [ $# -gt 0 ]; do
    case "$1" in
        --logs) logs=$2; shift 2 ;;
        --output) output=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "reliability-report.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

if [ -z "$logs" ]; then
    logs=.build-reliability
    mkdir -p "$logs"
    echo "reliability-report: running swift test (log: $logs/report-test.log)" >&2
    swift test > "$logs/report-test.log" 2>&1 || echo "reliability-report: swift test failed; figures of failed tests are still reported (see the log)" >&2
    if [ -x scripts/fuzz.sh ]; then
        echo "reliability-report: running scripts/fuzz.sh (log: $logs/report-fuzz.log)" >&2
        FUZZ_SECONDS="${FUZZ_SECONDS:-30}" scripts/fuzz.sh > "$logs/report-fuzz.log" 2>&1 || echo "reliability-report: fuzz.sh failed (see the log)" >&2
    fi
fi
[ -d "$logs" ] || { echo "reliability-report: no directory $logs" >&2; exit 2; }

# What the previous report recorded that only a log on another machine can prove: the long fuzz
# runs and the soak. Its rows are carried over, marked with its commit, for targets and figures whose
# log is not here (a work tree is laid anew each session; the logs are git-ignored).
previous_commit=""
previous_long_runs=""
previous_soak=""
if [ -f "$output" ]; then
    previous_commit=$(sed -n 's/.*on commit `\([0-9a-f]*\)`.*/\1/p' "$output" | head -1)
    previous_long_runs=$(sed -n '/^| target | long run |$/,/^$/p' "$output" | grep -E '^\| `Fuzz' || true)
    previous_soak=$(sed -n '/^## Soak$/,/^## /p' "$output" | grep -E '^\| `soak-' || true)
fi

# key<TAB>value, last occurrence of each key, in key order.
figures=$(cat "$logs"/*.log 2>/dev/null | tr -d '\r' \
    | sed -n 's/.*REPORT-FIGURE \([A-Za-z0-9._-]*\): \(.*\)$/\1\t\2/p' \
    | awk -F'\t' '{ value[$1] = $2 } END { for (k in value) print k "\t" value[k] }' | LC_ALL=C sort)

# The command that reproduces the figure `key`: the file printing the longest prefix of the key
# (split at '-') names a suite or a script.
reproduce() {
    local key=$1 prefix=$1 file=""
    while [ -n "$prefix" ]; do
        file=$(grep -rlF "REPORT-FIGURE $prefix" Tests scripts .ci 2>/dev/null | head -1 || true)
        [ -n "$file" ] && break
        case "$prefix" in *-*) prefix=${prefix%-*} ;; *) prefix="" ;; esac
    done
    case "$file" in
        "") echo "swift test" ;;
        Tests/*)
            local target found suite test
            target=$(echo "$file" | cut -d/ -f2)
            # The suite (the type after the last @Suite) and the test function (the last `func NAME(`
            # after an @Test) before the line that prints the figure.
            found=$(awk -v needle="REPORT-FIGURE $prefix" '
                /@Suite/ { s = 1 }
                s && /^(struct|final class|class|enum) / { line = $0; sub(/^(final class|struct|class|enum) /, "", line); sub(/[ :{].*/, "", line); suite = line; s = 0 }
                /@Test/ { t = 1; conditional = index($0, ".enabled(") > 0 }
                t && /func [A-Za-z0-9_]+\(/ { match($0, /func [A-Za-z0-9_]+\(/); name = substr($0, RSTART + 5, RLENGTH - 6); if (conditional) name = ""; t = 0 }
                index($0, needle) { print suite " " name; exit }' "$file")
            # A test enabled only under a condition (a child run, say) is reproduced by its suite.
            suite=${found%% *}; test=${found#* }
            if [ "$suite" = SoakTests ]; then echo "scripts/soak.sh 60"
            elif [ -n "$test" ] && [ "$test" != "$found" ]; then echo "swift test --filter $target.$suite/$test"
            else echo "swift test --filter $target.$suite"; fi ;;
        scripts/fuzz.sh) echo "FUZZ_SECONDS=30 scripts/fuzz.sh" ;;
        .ci/run) echo ".ci/run" ;;
        *) echo "$file" ;;
    esac
}

# One table row per figure whose key starts with one of the given prefixes.
table() {
    local rows=0 key value
    echo "| figure | value | reproduce |"
    echo "|---|---|---|"
    while IFS=$'\t' read -r key value; do
        [ -n "$key" ] || continue
        local match=0 p
        for p in "$@"; do case "$key" in "$p"*) match=1 ;; esac; done
        [ $match = 1 ] || continue
        echo "| \`$key\` | ${value//|/\\|} | \`$(reproduce "$key")\` |"
        rows=$((rows + 1))
    done <<< "$figures"
    [ $rows -gt 0 ] || echo "| (none in these logs) | | |"
}

# The long fuzz runs: libFuzzer's last "Done N runs in S second(s)" line of each release log.
long_runs() {
    local found=0 log name done_line last here=" "
    echo "| target | long run |"
    echo "|---|---|"
    for log in FuzzTesting/.build-fuzz-state/logs/*.release.log; do
        [ -f "$log" ] || continue
        name=$(basename "$log" .release.log)
        case "$name" in build) continue ;; esac
        done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
        if [ -z "$done_line" ]; then
            # Unfinished (stopped, or still running): how far it got, from libFuzzer's last status line.
            last=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+).*exec\/s: ([0-9]+).*/\1 runs (at \2 exec\/s)/' || true)
            if grep -qE '^==[0-9]+==ERROR|deadly signal|^SUMMARY: ' "$log"; then
                done_line="did not finish: CRASHED after ${last:-0 runs} (see the log)"
            else
                done_line="did not finish: stopped after ${last:-0 runs}, no crash until then"
            fi
        fi
        echo "| \`$name\` | $done_line |"
        found=1
        here="$here $name "
    done
    local row target
    while IFS= read -r row; do
        [ -n "$row" ] || continue
        target=$(echo "$row" | sed -n 's/^| `\([^`]*\)`.*/\1/p')
        case "$here" in *" $target "*) continue ;; esac
        case "$row" in *"(carried over"*) echo "$row" ;; *) echo "${row% |} (carried over from the report of \`$previous_commit\`: its log is not on this machine) |" ;; esac
        found=1
    done <<< "$previous_long_runs"
    [ $found = 1 ] || echo "| (no long run logs here) | |"
}

# The soak's figures: from the logs, or carried over from the previous report.
soak_table() {
    if printf '%s\n' "$figures" | grep -q '^soak-'; then
        table soak-
    elif [ -n "$previous_soak" ]; then
        echo "| figure | value | reproduce |"
        echo "|---|---|---|"
        local row
        while IFS= read -r row; do
            case "$row" in *"(carried over"*) echo "$row" ;; *) echo "${row% |} (carried over from the report of \`$previous_commit\`: no soak log on this machine) |" ;; esac
        done <<< "$previous_soak"
    else
        table soak-
    fi
}

# Figures no section claims.
others() {
    local key value rows=0
    echo "| figure | value | reproduce |"
    echo "|---|---|---|"
    while IFS=$'\t' read -r key value; do
        [ -n "$key" ] || continue
        case "$key" in spoof-*|monitor-spoof-*|flood-*|overrun-*|names-*|race-*|dump-intr-*|mirror-*|soak-*|fuzz-*|ci-*) continue ;; esac
        echo "| \`$key\` | ${value//|/\\|} | \`$(reproduce "$key")\` |"
        rows=$((rows + 1))
    done <<< "$figures"
    [ $rows -gt 0 ] || echo "| (none in these logs) | | |"
}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
swift_version=$(swift --version 2>&1 | head -1 || true)

{
cat <<EOF
# Reliability

Generated by \`scripts/reliability-report.sh\` from the figures the tests, the fuzz pass, the soak
and CI print (\`REPORT-FIGURE\` lines), on commit \`$commit\`, Linux $(uname -r), $swift_version,
$(nproc) cores. Every figure comes with the command that reproduces it; kernel tests need root
(they create private network namespaces and never touch the host's configuration).
Regenerate: \`scripts/reliability-report.sh\` (runs \`swift test\` and a 30 s fuzz pass), or
\`scripts/reliability-report.sh --logs .build-reliability\` after \`.ci/run\` and \`scripts/soak.sh\`.

## What this kernel does, and what the library does about it

- **Spoofing.** On route, uevent, genl, audit and sock_diag sockets an unprivileged process cannot
  send to another port or a group (EPERM), but root — including root in a container's user namespace
  — can unicast *and multicast* fake notifications and uevents to any listener, with forged
  \`SCM_CREDENTIALS\` (pid 1, uid 0). A notification's *header* may carry a user port and sequence
  number (the requester's), so the header proves nothing. The library trusts a datagram only when
  the sender address from \`recvmsg\` has \`nl_pid == 0\` (or a port listed in \`trustedPeers\`, for
  \`NETLINK_USERSOCK\` protocols); everything else is dropped before decoding and counted in
  \`NetlinkConnection.statistics.droppedUntrusted\`. \`nlctl monitor\` shows only what the library
  delivers. Test forgeries never carry \`NLM_F_REQUEST\` (a group send with it also reaches the kernel,
  which acts on it).
- **Replies and events.** A socket subscribed to route events that changes a route receives the
  notification first, with *our* sequence number and port, then the ACK. By default events use a
  separate socket; a connection that joins groups itself turns \`NETLINK_PKTINFO\` on and routes every
  multicast datagram to its event stream by group, never to a request.
- **ENOBUFS.** A route notification costs about 832 bytes of receive buffer (the default 212,992
  holds about 256). After one overflow the kernel drops everything, ACKs included, until the queue
  is drained. The library reports an overrun as an element of the event stream (with the kernel's
  drop count) and fails every request in flight on that socket with \`replyLost\` ("outcome unknown");
  \`NETLINK_NO_ENOBUFS\` is refused on a socket that carries requests. \`SO_RCVBUFFORCE\` (with
  \`CAP_NET_ADMIN\` in the host's user namespace) is used when a large buffer is asked for.
  Two consequences the engine handles: replies dropped *silently* after the overrun (until the queue
  is empty) fail their requests with \`replyLost\` as soon as the queue has drained and the socket's
  drop count (\`SO_MEMINFO\`) shows more drops, instead of at their deadline; and a dump whose first
  chunk did not fit is answered with an \`ENOBUFS\` error *while the kernel keeps the dump running*,
  so the engine fails it and drains it to its \`DONE\` (otherwise the next dump gets \`EBUSY\`).
  Requests share the receive buffer too: 64 link GETs in flight at once need about 300 KiB, more than
  the default; a connection shared by many tasks should ask for a larger \`receiveBufferSize\`
  (see \`race-default-buffer-overruns\`: with the default, requests fail with \`replyLost\`, never crossed).
- **Interrupted dumps.** \`NLM_F_DUMP_INTR\` is set on link and address dumps under churn (IPv6
  address dumps under churn really are inconsistent). The library never presents a flagged dump as
  complete: a plain dump throws \`dumpInterrupted\` at its end, \`dumpAll(retries:)\` retries a bounded
  number of times and then throws it, and \`acceptInterrupted: true\` ends the dump with
  \`wasInterrupted\` set. **Route and neighbour dumps are never flagged by this kernel** (the IPv6 route
  walker restarts silently): a dump of them is a snapshot with no guarantee of consistency under
  churn. The consistent view is a mirror: a dump plus the events that follow it, re-dumped after
  every overrun.
- **Silent removals.** IPv4 routes vanish without \`RTM_DELROUTE\` when their device goes down,
  deleting a nexthop silently removes its routes, permanent neighbours are flushed on link down: a
  mirror built from events alone drifts, so the mirror re-dumps.
- **Dumps.** One dump per socket at a time (a second gets EBUSY): the engine queues dumps, sends each
  from its reader thread, and drains a cancelled one before the next starts. A dump can end in
  \`NLMSG_DONE\` carrying an error and extended ack; that is a failed dump with the kernel's message.
- **Truncation.** Datagrams can exceed 200 KiB. Every datagram is sized with \`MSG_PEEK | MSG_TRUNC\`
  and the buffer grown (never below 32 KiB) before it is read; \`MSG_TRUNC\` on the read itself is an
  error (\`truncated\`), never a silently short datagram.
- **Descriptors.** Every socket and eventfd is \`CLOEXEC\` and non-blocking; a connection's reader
  thread waits in \`poll(2)\` on the socket and an eventfd, so closing never hangs.

## The tests a trusted netlink library passes, and ours

| requirement | our test | figures |
|---|---|---|
| Fuzz every decoder, 0 crashes; decode → encode → decode round trip | \`scripts/fuzz.sh\` (FuzzMessages, FuzzAttributes, FuzzErrors for the core; FuzzRoute-link, -linkinfo, -address, -route, -multipath, -neighbor, -rule, -nexthop, -netconf, -nsid, -stats, -datagram for rtnetlink), the corpus replayed by \`NetlinkCoreTests.CorpusReplayTests\` and \`NetlinkRouteTests.RouteCorpusReplayTests\`; long run \`scripts/fuzz.sh --long\` | \`fuzz-*\` |
| A corpus of malformed inputs (short and overlong lengths, unaligned last message, deep nesting, truncated NLMSG_ERROR, rtnh_len 0) each a value or a typed error | \`NetlinkCoreTests\` (\`MalformedInputTests\`, \`CorpusReplayTests\`) | — |
| Encoder: payloads over 65,531 and nests over 65,535 bytes are errors | \`NetlinkCoreTests\` (builder tests) | — |
| Spoofed unicast and multicast from a root socket 100 % dropped and counted; real notifications with a user port in the header 100 % accepted (connections are \`connect()\`ed to the kernel: forged unicast is refused by the kernel before it reaches them, forged multicast dropped and counted) | \`NetlinkTests.SpoofingTests\` (route and uevent), \`NlctlTests.MonitorSpoofTests\` (\`nlctl monitor\`) | \`spoof-*\`, \`monitor-spoof-*\` |
| A forged unicast flood at a request socket costs no reply | \`NetlinkTests.FloodTests\` (100 requests during the flood) | \`flood-*\` |
| Overruns counted truly: the drops reported sum to the kernel's counter | \`NlctlTests.MonitorOverrunTests\` (\`nlctl -j monitor\` stopped during a storm) | \`overrun-*\` |
| Names are bytes: NFC and NFD names are two objects, names that are not UTF-8 (and control bytes, 15-byte names) go to the kernel and the output unchanged | \`NlctlTests.NameBytesTests\` (link, altname, alias, label, batch line, \`-n\` namespace), \`NetlinkCoreTests.RawBytesStringTests\` | \`names-*\` |
| Every descriptor is CLOEXEC | \`NetlinkTests.KernelSocketTests/descriptorFlags\` | — |
| Route storm with the default buffer: overrun detected, resync, ends equal to the kernel's dump; with a forced large buffer nothing lost | \`NetlinkRouteTests.RouteMirrorTests\` (the mirror under storms) | \`mirror-*\` |
| Interrupted dumps always flagged or retried within a bounded number of tries | \`NetlinkTests.InterruptedDumpTests\` | \`dump-intr-*\` |
| 10k ACKed changes on a subscribed socket: every reply matched, every self-caused notification an event | \`NetlinkTests.RaceTests/tenThousandAckedChangesWhileSubscribed\` (separate socket and one socket) | \`race-acked-changes-*\` |
| 64 tasks × 1,000 requests, 10 % cancelled mid-dump: 0 crossed replies, no EBUSY, clean thread sanitizer | \`NetlinkTests.RaceTests/sixtyFourTasksWithCancelledDumps\`, under TSan in \`.ci/run\` | \`race-64x1000-*\`, \`ci-stage-tsan\` |
| A request with no answer fails at its deadline, nothing pending | \`NetlinkTests.RaceTests/unansweredRequestFailsAtItsDeadline\`, \`NetlinkTests.EngineTests/deadline\` | \`race-deadline\` |
| Sequence numbers wrap without using 0 | \`NetlinkTests.RaceTests/sequenceWrapOnTheKernel\`, \`NetlinkTests.EngineTests/sequenceWrap\` | \`race-sequence-wrap\` |
| 10,000 sockets opened and closed leave no descriptor and no port behind | \`NetlinkTests.RaceTests/tenThousandConnectionsLeaveNothingBehind\`, \`NetlinkTests.KernelSocketTests/noDescriptorLeak\` | \`race-10k-connections-*\` |
| A long run keeps descriptors and memory flat | \`scripts/soak.sh 60\` (one hour; not in CI) | \`soak-*\` |

## Spoofing

$(table spoof- monitor-spoof-)

## Floods and overrun counts

$(table flood- overrun-)

## Names are bytes

$(table names-)

## Races

$(table race-)

## Interrupted dumps

$(table dump-intr-)

## Storms and the mirror

$(table mirror-)

## Fuzzing

$(table fuzz-)

Long runs (\`scripts/fuzz.sh --long --target NAME\`: release build, 10,000,000 runs; each line is
libFuzzer's own last \`Done\` line from \`FuzzTesting/.build-fuzz-state/logs/NAME.release.log\`, a
target without one did not finish a long run):

$(long_runs)

## Soak

The one-hour soak is \`scripts/soak.sh 60\` (the figures below come from the last soak log found,
\`.build-reliability/soak.log\`, whatever its length: see \`soak-rounds\`).

$(soak_table)

## CI and sanitizers

\`.ci/run\` runs \`swift test\`, the whole suite under \`--sanitize=address\`, the engine and
concurrency suites (\`EngineTests\`, \`KernelEngineTests\`, \`RaceTests\`, \`SpoofingTests\`,
\`InterruptedDumpTests\`) under \`--sanitize=thread\`, and a 30 s fuzz pass, each timed (seconds,
including its build, on these 2-core machines):

$(table ci-)

Sanitizer options: LeakSanitizer is on (\`ASAN_OPTIONS=detect_leaks=1\`) with one suppression,
\`.ci/lsan-suppressions.txt\`: XCTest's own runner keeps two objects (144 bytes) until exit; nothing
of ours is suppressed. \`TSAN_OPTIONS=halt_on_error=1\` makes any ThreadSanitizer report fail the
stage; no suppression is needed. Under ThreadSanitizer the 64-task race runs 100 requests per task
(\`NETLINK_RACE_REQUESTS=100\`; 1,000 in the plain stage). \`-sanitize=undefined\` is rejected by the
Swift driver on Linux. A stored \`static let\` whose arrays sit behind a multi-payload enum (an
\`AuditRule\`'s \`.bytes\` fields) is reported as leaked: the enum's tag bits in the pointer hide it
from LeakSanitizer's scan (the ASan stage failed on it once, at 94ccddc); tests keep such values
computed, not stored.

## Other figures

$(others)
EOF
} > "$output"
echo "reliability-report: wrote $output ($(printf '%s\n' "$figures" | grep -c . || true) figures from $logs)" >&2
