#!/bin/bash
# Start-up: whole one-shot commands on a small table, nlctl against ip, alternated (ip, nlctl, ip,
# nlctl ...), RUNS of each; prints the median wall times and the ratio nlctl/ip per command (issue
# 20's goal: at most 1.3), and the size of the release binary.
#
# Usage: scripts/startup-bench.sh [RUNS=200]   (root; builds nlctl in release mode)
set -euo pipefail
RUNS=${1:-200}
cd "$(dirname "$0")/.."
swift build -c release --product nlctl >/dev/null
NLCTL=$(swift build -c release --show-bin-path)/nlctl
NS=startup-$$
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add v0 type veth peer name v1
ip -n "$NS" link set v0 up
ip -n "$NS" address add 10.9.0.1/24 dev v0
ip -n "$NS" route add 10.8.0.0/24 via 10.9.0.2

python3 - "$RUNS" "$NLCTL" "$NS" <<'PY'
import statistics, subprocess, sys, time
runs, nlctl, ns = int(sys.argv[1]), sys.argv[2], sys.argv[3]
commands = [["-V"], ["-n", ns, "link", "show"], ["-n", ns, "address", "show"], ["-n", ns, "route", "show"],
            ["-n", ns, "-j", "link", "show"], ["-n", ns, "link", "set", "v0", "mtu", "1500"]]
def once(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
for args in commands:
    ip, ours = [], []
    for _ in range(runs):
        ip.append(once(["ip"] + args))
        ours.append(once([nlctl] + args))
    a, b = statistics.median(ip) * 1000, statistics.median(ours) * 1000
    print(f"REPORT-FIGURE startup {' '.join(args).replace(ns, 'NS')}: ip {a:.2f} ms, nlctl {b:.2f} ms, ratio {b / a:.2f} (goal <= 1.3; median of {runs})")
PY
echo "REPORT-FIGURE startup binary: $(stat -c %s "$NLCTL") bytes ($NLCTL, release)"
