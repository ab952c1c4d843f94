#!/bin/sh
# Speed of `nlctl -d -j link show` relative to `ip -d -j link show` (iproute2) on the same namespace:
# a scratch namespace with 60 bridges, 60 veth pairs (one end a port of a bridge) and 60 VXLANs
# (300 links with kind data), each command run RUNS times. Prints one REPORT-FIGURE line: the ratio of
# the wall times (nlctl / ip; below 1 is faster than ip). Needs root; the namespace is removed on exit.
#
#   scripts/details-ratio.sh [path/to/nlctl] [RUNS]
set -eu
NLCTL=${1:-.build/debug/nlctl}
RUNS=${2:-20}
NS="nlctl-ratio-$$"
ip netns add "$NS"
trap 'ip netns del "$NS"' EXIT INT TERM

{
    i=0
    while [ $i -lt 60 ]; do
        echo "link add br$i type bridge"
        echo "link add va$i type veth peer name vb$i"
        echo "link set va$i master br$i"
        echo "link add vx$i type vxlan id $((i + 1)) remote 192.0.2.$((i + 1)) dstport 4789"
        i=$((i + 1))
    done
} | ip -n "$NS" -batch -

now() { date +%s%N; }
time_of() {
    start=$(now)
    n=0
    while [ $n -lt "$RUNS" ]; do
        "$@" > /dev/null
        n=$((n + 1))
    done
    echo $(( $(now) - start ))
}

ip_ns=$(time_of ip -n "$NS" -d -j link show)
nlctl_ns=$(time_of "$NLCTL" -n "$NS" -d -j link show)
ratio=$(awk -v a="$nlctl_ns" -v b="$ip_ns" 'BEGIN { printf "%.2f", a / b }')
echo "ip -d -j link show: $((ip_ns / RUNS / 1000)) us per run; nlctl: $((nlctl_ns / RUNS / 1000)) us per run ($RUNS runs, 301 links)"
echo "REPORT-FIGURE details-show-ratio: ${ratio}x (wall time of nlctl -d -j link show / ip -d -j link show, 301 links, $RUNS runs, $NLCTL)"
