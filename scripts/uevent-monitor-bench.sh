#!/usr/bin/env bash
# The CPU time of `nlctl udevadm monitor -k` against `udevadm monitor -k` (systemd 252, unpacked by
# scripts/install-reference-tools.sh into .reference/udev) while N veth pairs are created and then
# deleted in a private network namespace: both monitors listen in that namespace at the same time,
# their output goes to files, and each one's user+system CPU (/proc/PID/stat, clock ticks) is read
# before it is stopped. The events each printed are counted: the ratio means something only when
# both saw the same uevents.
#
#   scripts/uevent-monitor-bench.sh [N] [ROUNDS]     (default 2000 pairs, 3 rounds; root)
#
# NLCTL (default .build/release/nlctl: `swift build -c release --product nlctl` first) and UDEVADM
# name the two programs. Prints one REPORT-FIGURE line per round and the median ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-2000}
rounds=${2:-3}
nlctl=${NLCTL:-.build/release/nlctl}
udevadm=${UDEVADM:-.reference/udev/bin/udevadm}
[ -x "$nlctl" ] || { echo "uevent-monitor-bench: $nlctl is missing (swift build -c release --product nlctl)" >&2; exit 2; }
[ -x "$udevadm" ] || { echo "uevent-monitor-bench: $udevadm is missing (scripts/install-reference-tools.sh)" >&2; exit 2; }
ticks=$(getconf CLK_TCK)
work=$(mktemp -d)
ns=""
cleanup() {
    jobs -p | xargs -r kill 2>/dev/null || true
    [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cpu_ms() { awk -v t="$ticks" '{ print int(($14 + $15) * 1000 / t) }' "/proc/$1/stat"; }

ratios=()
for round in $(seq 1 "$rounds"); do
    ns=uevent-bench-$$-$round
    ip netns add "$ns"
    : > "$work/add"; : > "$work/del"
    for i in $(seq 1 "$pairs"); do
        echo "link add a$i type veth peer name b$i" >> "$work/add"
        echo "link del a$i" >> "$work/del"
    done
    ip netns exec "$ns" "$udevadm" monitor -k > "$work/udevadm.out" 2>&1 &
    upid=$!
    "$nlctl" -n "$ns" udevadm monitor -k > "$work/nlctl.out" 2>&1 &
    npid=$!
    sleep 0.5
    ip -n "$ns" -batch "$work/add"
    ip -n "$ns" -batch "$work/del"
    # Both have read everything once their output stops growing.
    previous=""
    for _ in $(seq 1 100); do
        sleep 0.2
        now="$(wc -l < "$work/udevadm.out") $(wc -l < "$work/nlctl.out")"
        [ "$now" = "$previous" ] && break
        previous=$now
    done
    ucpu=$(cpu_ms "$upid"); ncpu=$(cpu_ms "$npid")
    kill "$upid" "$npid"; wait "$upid" "$npid" 2>/dev/null || true
    uevents=$(grep -c '^KERNEL\[' "$work/udevadm.out" || true)
    nevents=$(grep -c '^KERNEL\[' "$work/nlctl.out" || true)
    ratio=$(awk -v u="$ucpu" -v n="$ncpu" 'BEGIN { printf "%.2f", (n > 0 ? u / n : 0) }')
    ratios+=("$ratio")
    echo "REPORT-FIGURE uevent-monitor-round-$round: udevadm ${ucpu} ms CPU for $uevents uevents, nlctl ${ncpu} ms for $nevents; udevadm/nlctl ${ratio}x ($pairs veth pairs created and deleted)"
    ip netns del "$ns"; ns=""
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "REPORT-FIGURE uevent-monitor-cpu-ratio: udevadm/nlctl ${median}x median CPU over $rounds rounds of $pairs veth pairs (above 1: nlctl used less)"
