#!/usr/bin/env bash
# Uevents decoded per second: the library's `Uevent(datagram:)` (nlbench uevents, release build)
# against a C reader (scripts/bench/ueventreader.c, cc -O2) on the same capture of a storm — the
# uevents of N veth pairs created and deleted in a private namespace, captured by a plain listener
# of group 1 — REPS passes each, in the same run.
#
#   scripts/uevent-decode-bench.sh [N] [REPS]     (default 2000 pairs, 20 passes; root)
#
# NLBENCH (default .build/release/nlbench: `swift build -c release --product nlbench` first).
# Prints both tools' lines, the uevents per second of each and the ratio (C time / Swift time:
# above 1, the library is faster).
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-2000}
reps=${2:-20}
nlbench=${NLBENCH:-.build/release/nlbench}
[ -x "$nlbench" ] || { echo "uevent-decode-bench: $nlbench is missing (swift build -c release --product nlbench)" >&2; exit 2; }
work=$(mktemp -d)
ns=uevent-decode-$$
cleanup() { jobs -p | xargs -r kill 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cc -O2 -o "$work/ueventreader" scripts/bench/ueventreader.c
ip netns add "$ns"
for i in $(seq 1 "$pairs"); do echo "link add a$i type veth peer name b$i"; done > "$work/add"
for i in $(seq 1 "$pairs"); do echo "link del a$i"; done > "$work/del"
# The capture: every datagram of group 1 until 2 s of silence, each after its length (4 bytes LE).
ip netns exec "$ns" python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 15)
s.setsockopt(socket.SOL_SOCKET, 33, 256 << 20)   # SO_RCVBUFFORCE
s.bind((0, 1))
print("ready", flush=True)
s.settimeout(2)
out = open(sys.argv[1], "wb")
try:
    while True:
        d = s.recv(65536)
        out.write(struct.pack("<I", len(d)) + d)
except socket.timeout:
    pass
' "$work/capture" > "$work/listener" &
listener=$!
for _ in $(seq 1 50); do grep -q ready "$work/listener" 2>/dev/null && break; sleep 0.1; done
ip -n "$ns" -batch "$work/add"
ip -n "$ns" -batch "$work/del"
wait "$listener"
c=$("$work/ueventreader" "$work/capture" "$reps")
swift=$("$nlbench" -r "$reps" uevents "$work/capture")
echo "$c"
echo "$swift"
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
[ "$(field "$c" checksum)" = "$(field "$swift" checksum)" ] || { echo "uevent-decode-bench: the checksums differ" >&2; exit 1; }
msgs=$(field "$c" msgs)
awk -v m="$msgs" -v c="$(field "$c" best_s)" -v s="$(field "$swift" best_s)" -v n="$pairs" 'BEGIN {
    printf "REPORT-FIGURE uevent-decode: %d uevents (%d veth pairs created and deleted): C %.0f/s, Swift %.0f/s, C time / Swift time %.2fx (best of passes, release builds)\n", m, n, m / c, m / s, c / s }'
