#!/usr/bin/env bash
# The soak: churns links, addresses, routes, dumps (some cancelled), events and short-lived
# connections in a private network namespace for a given time, sampling the process's descriptors,
# threads and resident memory every 10 s; fails if descriptors or threads grew, or if resident memory
# grew by 16 MiB or more after warm-up (the first quarter). Not part of CI.
#
#   scripts/soak.sh          60 minutes (the documented one-hour soak)
#   scripts/soak.sh 5        5 minutes
#
# Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) for the private namespace; never touches the host's
# network configuration. The log, with the samples (`SOAK t=...`) and the REPORT-FIGURE soak-* lines,
# goes to .build-reliability/soak.log (git-ignored), which scripts/reliability-report.sh reads.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
case "$minutes" in ''|*[!0-9]*) echo "soak.sh: minutes must be a whole number" >&2; exit 2 ;; esac
mkdir -p .build-reliability
log=.build-reliability/soak.log
echo "soak: $minutes min, log in $log"
swift build --build-tests >/dev/null
set +e
NETLINK_SOAK_SECONDS=$((minutes * 60)) swift test --skip-build --filter 'NetlinkTests.SoakTests' 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
grep -q 'REPORT-FIGURE soak-rss' "$log" || { echo "soak.sh: the soak did not run (see $log)" >&2; exit 1; }
exit "$status"
