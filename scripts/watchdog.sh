#!/usr/bin/env bash
# watchdog.sh SECONDS LOG COMMAND...
#
# Runs COMMAND in a session (and process group) of its own and returns its exit status. If it still runs after
# SECONDS, the watchdog says what was running instead of letting the run hang until CI's outer limit
# (90 minutes, after which nothing is reported):
#   - the Swift Testing tests and suites that started but did not end, read from LOG (the stage's
#     output, which the caller tees there): a name is unfinished when it has more "started" lines
#     than "passed"/"failed"/"skipped" ones (names are not unique across suites, so a count);
#   - every process of the group with its age and command line (a hung `ip` or `nlctl` shows here),
#     and for the test processes the kernel's wait channel and stack of each thread;
# then kills the group and exits 124 (as timeout(1) does).
#
# Used by .ci/run around each stage; usable alone: scripts/watchdog.sh 600 /tmp/t.log swift test | tee /tmp/t.log
set -uo pipefail

limit=$1
log=$2
shift 2

setsid "$@" &
leader=$!
# Forward an interrupt to the whole group (setsid detached it from the terminal's).
trap 'kill -TERM -- -"$leader" 2>/dev/null' INT TERM

start=$(date +%s)
while kill -0 "$leader" 2>/dev/null; do
    if (( $(date +%s) - start >= limit )); then
        break
    fi
    sleep 2
done

if ! kill -0 "$leader" 2>/dev/null; then
    wait "$leader"
    exit $?
fi

echo
echo "=== watchdog: '$*' still runs after $limit s; what was running: ==="
if [ -f "$log" ]; then
    awk '
        / Test case passing / { next }
        /^[^A-Za-z]*(Test|Suite) .* started\.$/ {
            line = $0; sub(/^[^A-Za-z]*/, "", line); sub(/ started\.$/, "", line)
            open_[line]++; next
        }
        /^[^A-Za-z]*(Test|Suite) .* (passed|failed|skipped)/ {
            line = $0; sub(/^[^A-Za-z]*/, "", line)
            sub(/ (passed|failed|skipped).*$/, "", line)
            open_[line]--; next
        }
        END { for (name in open_) if (open_[name] > 0) print "watchdog: unfinished: " name }
    ' "$log" | sort
fi
echo "=== watchdog: processes of the run (pid, elapsed seconds, command) ==="
ps -o pid=,etimes=,args= --sid "$leader" 2>/dev/null | cut -c1-300
for pid in $(pgrep -s "$leader" -f '\.xctest|swiftpm-testing-helper' 2>/dev/null); do
    echo "=== watchdog: threads of $pid ==="
    for task in /proc/"$pid"/task/*; do
        echo "--- thread ${task##*/} ($(cat "$task"/comm 2>/dev/null)): waits in $(cat "$task"/wchan 2>/dev/null)"
        head -6 "$task"/stack 2>/dev/null
    done
done
kill -TERM -- -"$leader" 2>/dev/null
sleep 5
kill -KILL -- -"$leader" 2>/dev/null
wait "$leader" 2>/dev/null
echo "=== watchdog: killed after $limit s ==="
exit 124
