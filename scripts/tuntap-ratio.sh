#!/bin/sh
# Speed of nlctl relative to ip (iproute2) for what the tuntap branch added, on the same namespace:
# a scratch namespace with 100 tun/tap devices, 100 ifb links and a bridge with 2 ports. Each
# command runs RUNS times; prints one REPORT-FIGURE line per command: the ratio of the wall times
# (nlctl / ip; below 1 is faster than ip). Needs root; the namespace is removed on exit.
#
#   scripts/tuntap-ratio.sh [path/to/nlctl] [RUNS]
set -eu
NLCTL=${1:-.build/debug/nlctl}
RUNS=${2:-20}
NS="nlctl-tuntap-ratio-$$"
ip netns add "$NS"
trap 'ip netns del "$NS"' EXIT INT TERM

{
    echo "link add br0 type bridge"
    i=0
    while [ $i -lt 100 ]; do
        if [ $((i % 2)) -eq 0 ]; then echo "tuntap add mode tun name tn$i"; else echo "tuntap add mode tap name tp$i vnet_hdr"; fi
        echo "link add ifb$i type ifb"
        i=$((i + 1))
    done
    echo "link set ifb0 master br0"
    echo "link set ifb1 master br0"
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

compare() {
    key=$1
    shift
    ip_ns=$(time_of ip -n "$NS" "$@")
    nlctl_ns=$(time_of "$NLCTL" -n "$NS" "$@")
    ratio=$(awk -v a="$nlctl_ns" -v b="$ip_ns" 'BEGIN { printf "%.2f", a / b }')
    echo "$*: ip $((ip_ns / RUNS / 1000)) us per run; nlctl $((nlctl_ns / RUNS / 1000)) us per run ($RUNS runs)"
    echo "REPORT-FIGURE $key: ${ratio}x (wall time of nlctl $* / ip $*, 201 links, $RUNS runs, $NLCTL)"
}

compare tuntap-show-ratio tuntap show
compare stats-link-ratio stats show group link
compare link-show-master-ratio link show master br0
compare link-show-type-ratio link show type tun
