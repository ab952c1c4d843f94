#!/bin/bash
# Differential audit: runs many commands through `ip -n NS` (iproute2 6.1) and `nlctl -n NS` on ONE
# scratch namespace and reports every difference in stdout, stderr and exit status, plus every -j
# output that is not valid JSON. Usage: scripts/audit-vs-ip.sh [NLCTL] [COMMANDS-FILE]
# Volatile values (lifetimes, counters, timers, ages) are masked before comparing.
# Needs root (ip netns add). Never touches the host's configuration: everything is inside the namespace.
set -u
NLCTL=${1:-$(dirname "$0")/../.build/debug/nlctl}
CMDS=${2:-}
NS=audit-$$
OUT=${AUDIT_OUT:-/tmp/audit-$$}
mkdir -p "$OUT"
trap 'ip netns del $NS 2>/dev/null; ip netns del $NS-peer 2>/dev/null' EXIT INT TERM
ip netns add $NS || exit 1
I() { ip -n $NS "$@" || echo "setup failed: ip $*" >&2; }
I link set lo up
I link add va type veth peer name vb
I link add vc type veth peer name vd
I link add br0 type bridge
I link set vb master br0
I link set vd master br0
I link add mv0 link va type macvlan mode bridge
I link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 dev va
I link add ifb0 type ifb
I tuntap add dev tap0 mode tap
I link add dm0 type dummy 2>/dev/null
for d in va vb vc vd br0 mv0 ifb0; do I link set $d up; done
I addr add 192.0.2.1/24 brd + dev va label va:one
I addr add 192.0.2.2/24 dev va label va:two
I addr add 10.1.1.1 peer 10.1.1.2/32 dev vc
I addr add 198.51.100.1/24 dev vc valid_lft 3000 preferred_lft 2000
I addr add 2001:db8::1/64 dev va nodad
I addr add 2001:db8:1::1/64 dev vc nodad valid_lft 4000 preferred_lft 3000
I addr add 2001:db8:2::1/64 dev br0 nodad noprefixroute
I addr add 203.0.113.1/24 broadcast 203.0.113.200 dev br0
I addr add 10.9.9.9/8 dev ifb0 scope link
I route add 10.10.0.0/16 via 192.0.2.254
I route add 10.11.0.0/16 nexthop via 192.0.2.254 weight 2 nexthop via 10.1.1.2 dev vc weight 1
I route add blackhole 10.12.0.0/16
I route add unreachable 10.13.0.0/16
I route add prohibit 10.14.0.0/16 metric 10
I route add throw 10.15.0.0/16 table 100
I route add 10.16.0.0/16 via 192.0.2.254 table 100 mtu 1400 advmss 1300 rtt 10 initcwnd 5
I route add 10.17.0.0/16 dev va table 300 proto static scope link src 192.0.2.1
I route add 2001:db8:10::/48 via 2001:db8::2
I route add 2001:db8:11::/48 nexthop via 2001:db8::2 dev va nexthop via 2001:db8:1::2 dev vc
I route add blackhole 2001:db8:12::/48
I route add unreachable 2001:db8:13::/48 table 100
I route add 2001:db8:14::/48 dev vc metric 2048 pref high
I neigh add 192.0.2.10 lladdr 02:00:00:00:00:10 dev va nud permanent
I neigh add 192.0.2.11 lladdr 02:00:00:00:00:11 dev va nud stale
I neigh add 192.0.2.12 lladdr 02:00:00:00:00:12 dev va nud noarp
I neigh add 2001:db8::10 lladdr 02:00:00:00:00:20 dev va router nud stale
I neigh add proxy 192.0.2.99 dev va
I neigh add proxy 2001:db8::99 dev va
I rule add from 192.0.2.0/24 table 100 pref 100
I rule add to 10.0.0.0/8 iif va table 300 pref 200
I rule add fwmark 0x10/0xff lookup 100 pref 300
I rule add not from all tos 0x10 prohibit pref 40000
I -6 rule add from 2001:db8::/32 table 100 pref 150
I rule add from 198.51.100.0/24 uidrange 1000-2000 ipproto tcp dport 80 table 300 pref 500
sleep 1.5   # carrier and operstate settle before nexthops with gateways
I nexthop add id 1 via 192.0.2.254 dev va
I nexthop add id 2 via 10.1.1.2 dev vc
I nexthop add id 3 group 1/2
I nexthop add id 4 group 1,3/2,1
I nexthop add id 5 blackhole
I nexthop add id 6 via 2001:db8::2 dev va
I nexthop add id 7 dev va
I route add 10.20.0.0/16 nhid 3
I bridge vlan add dev vb vid 10 2>/dev/null
# The third list's fixture: a veth peer in a named namespace, lightweight tunnels, a resilient
# group, an address label, a token.
ip netns add $NS-peer && I link add vp type veth peer name vq netns $NS-peer
I nexthop add id 8 group 1/2 type resilient buckets 8 idle_timer 60
I route add 10.30.0.0/16 encap ip id 5 dst 192.0.2.9 ttl 9 key dev va
I route add 10.31.0.0/16 encap ip6 id 6 dst 2001:db8::9 hoplimit 7 dev va
I route add 10.32.0.0/16 nexthop encap ip dst 192.0.2.8 via 192.0.2.254 nexthop via 10.1.1.2 dev vc
I addrlabel add prefix 2001:db8:77::/48 dev va label 77
I token set ::1:2:3:4 dev va

mask() {
  sed -E -e 's/(valid_lft|preferred_lft) [0-9]+sec/\1 Nsec/g' \
    -e 's/"(valid_life_time|preferred_life_time)": ?[0-9]+/"\1":N/g' \
    -e 's/used [0-9]+\/[0-9]+\/[0-9]+/used T/g' -e 's/ ref [0-9]+//g' -e 's/probes [0-9]+/probes N/g' \
    -e 's/"(used|confirmed|updated|probes|refcnt)":[0-9]+/"\1":N/g' \
    -e 's/expires [0-9]+sec/expires Nsec/g' -e 's/"expires":[0-9]+/"expires":N/g' \
    -e 's/(cstamp|tstamp) [0-9.]+/\1 N/g' -e 's/"(cstamp|tstamp)":[0-9.]+/"\1":N/g' \
    -e 's/([a-z_]+_timer) +[0-9.]+/\1 T/g' -e 's/"([a-z_]+_timer)":[0-9.]+/"\1":T/g' \
    -e 's/idle_time [0-9.e+-]+/idle_time T/g' -e 's/"idle_time":[0-9.e+-]+/"idle_time":T/g' \
    -e 's/unbalanced_time [0-9.]+/unbalanced_time T/g' -e 's/"unbalanced_time":[0-9.]+/"unbalanced_time":T/g'
}
n=0; bad=0; badjson=0
: > "$OUT/summary"
run_one() {
  local c="$1"; n=$((n+1))
  ip -n $NS $c > "$OUT/ip.out" 2> "$OUT/ip.err" < /dev/null; local ie=$?
  "$NLCTL" -n $NS $c > "$OUT/nl.out" 2> "$OUT/nl.err" < /dev/null; local ne=$?
  sed -i -e 's/try "ip /try "nlctl /' -e 's/"ip -help"/"nlctl -help"/' -e 's/"ip \([a-z]\)/"nlctl \1/g' "$OUT/ip.err"
  local d=""
  [ $ie != $ne ] && d="$d status ip=$ie nlctl=$ne;"
  cmp -s <(mask < "$OUT/ip.out") <(mask < "$OUT/nl.out") || d="$d stdout;"
  cmp -s "$OUT/ip.err" "$OUT/nl.err" || d="$d stderr;"
  case " $c " in *" -j "*|*" -json "*)
    if [ -s "$OUT/nl.out" ] && ! python3 -m json.tool < "$OUT/nl.out" > /dev/null 2>&1; then d="$d INVALID-JSON(nlctl);"; badjson=$((badjson+1)); fi;;
  esac
  if [ -n "$d" ]; then
    bad=$((bad+1))
    { echo "=== $c :$d"
      diff <(mask < "$OUT/ip.out") <(mask < "$OUT/nl.out") | head -${AUDIT_LINES:-12}
      diff "$OUT/ip.err" "$OUT/nl.err" | head -6; } >> "$OUT/summary"
  fi
}
if [ -n "$CMDS" ]; then
  while IFS= read -r c; do [ -z "$c" ] || [ "${c:0:1}" = "#" ] || run_one "$c"; done < "$CMDS"
else
  while IFS= read -r c; do [ -z "$c" ] || [ "${c:0:1}" = "#" ] || run_one "$c"; done <<'LIST'
link
link show
l
link show dev va
link show va
link show br0
link show type veth
link show type bridge
link show master br0
link show up
link show down
link show group default
link show dev nope
link show dev
link show type
link show master
link help
link frob
-br link
-br -c link
-o link
-s link
-s -s link
-s link show va
-d link
-d link show br0
-d link show vx0
-d link show mv0
-d link show vb
-d link show tap0
-d link show ifb0
-d -s link show va
-j link
-j -p link
-j -s link
-j -d link
-j -p -d link show vx0
-j -br link
-br -4 link
-N link
-4 link
-6 link
-0 link
-t link
addr
address show
a
a s
addr show dev va
addr show dev vc
addr show va
addr show label va:one
addr show label va:*
addr show scope link
addr show scope global
addr show scope host
addr show permanent
addr show dynamic
addr show primary
addr show secondary
addr show to 192.0.2.0/24
addr show to 2001:db8::/32
addr show up
addr show type veth
addr show master br0
addr show nomaster
addr show noprefixroute
addr show tentative
addr show deprecated
addr show nodad
addr show home
-4 addr
-6 addr
-br addr
-br -4 addr
-br -6 addr
-o addr
-o -4 addr
-s addr
-d addr
-d addr show br0
-j addr
-j -p addr
-j -4 addr
-j -6 addr show dev va
-j -br addr
-j -s addr
-j -d addr show dev vx0
-N addr
-0 addr
addr show dev nope
addr show dev
addr show scope bogus
addr show frob
addr help
addr show label
addr flush
addr get 192.0.2.1
addrlabel
addr show to bogus
route
r
route show
route list
ro sh
route show table all
route show table 100
route show table 300
route show table main
route show table local
route show table 999
route show table bogus
route show dev va
route show dev vc
route show proto kernel
route show proto static
route show scope link
route show type blackhole
route show type unreachable
route show root 10.0.0.0/8
route show match 10.10.1.1
route show exact 10.10.0.0/16
route show via 192.0.2.254
route show src 192.0.2.1
route show 10.11.0.0/16
route show cached
-4 route
-6 route
-6 route show table all
-6 route show table 100
-4 route show table all
-s route
-d route
-d -6 route
-o route
-br route
-j route
-j -p route
-j route show table all
-j -6 route
-j -d route
-j -s route show table 100
-N route
route get 10.10.1.1
route get 10.20.0.1
route get 2001:db8:10::1
route get 10.12.0.1
route get 10.13.0.1
-j route get 10.10.1.1
route get 10.10.1.1 from 192.0.2.1
route get 10.10.1.1 oif va
route get 10.10.1.1 fibmatch
route get
route get bogus
route get 8.8.8.8
route show dev nope
route show bogus
route frob
route help
route show table
neigh
neigh show
neighbour
neigh show dev va
neigh show proxy
neigh show nud all
neigh show nud stale
neigh show nud permanent
neigh show to 192.0.2.0/24
-4 neigh
-6 neigh
-s neigh
-s -s neigh
-j neigh
-j -p neigh show proxy
-j -s neigh
-br neigh
-o neigh
-d neigh
-N neigh
neigh get 192.0.2.10 dev va
neigh get 192.0.2.10
neigh show dev nope
neigh show nud bogus
neigh help
rule
rule show
ru
rule list
-4 rule
-6 rule
-j rule
-j -p rule
-j -6 rule
-d rule
-s rule
-o rule
-br rule
-N rule
rule show table 100
rule show pref 40000
rule show priority 200
rule show from 192.0.2.0/24
rule show to 10.0.0.0/8
rule show iif va
rule show fwmark 0x10/0xff
rule show not
rule show table bogus
rule show lookup 300
rule show uidrange 1000-2000
rule show ipproto tcp
rule show dport 80
rule show bogus
rule help
rule show table
nexthop
nexthop show
nexthop list
nh
nexthop show id 3
nexthop show id 99
nexthop show dev va
nexthop show groups
nexthop show fdb
nexthop show blackhole
nexthop show dev nope
-4 nexthop
-6 nexthop
-j nexthop
-j -p nexthop
-d nexthop
-s nexthop
-o nexthop
-N nexthop
nexthop get id 4
nexthop get id 99
-j nexthop get id 4
nexthop show bogus
nexthop help
nexthop show id
nexthop bucket show
netconf
netconf show
netconf show dev va
netconf show dev nope
-4 netconf
-6 netconf
-j netconf
-j -p netconf show dev va
-6 netconf show dev br0
-d netconf
netconf help
netconf bogus
netns
netns list
netns list-id
netns help
netns bogus
-j netns list-id
netns identify
netns pids nope
help
bogus
-V
-h
-bogus
-j
-4 -6 link
-n
-family inet6 addr
-f inet addr
-f link addr
-rc link
-a addr
-iec -s link show va
-human -s link show va
-statistics link show va
-details link show br0
-json addr
-pretty -json addr
-brief addr
-oneline addr
-numeric route
-color link
-c=never link
-resolve route
LIST
fi
echo "commands: $n, differing: $bad, invalid JSON from nlctl: $badjson" | tee -a "$OUT/summary"
echo "REPORT-FIGURE audit-differing: $bad of $n commands (nlctl vs ip 6.1, stdout/stderr/status after masking)"
echo "details: $OUT/summary"
