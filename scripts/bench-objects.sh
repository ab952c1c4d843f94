#!/usr/bin/env bash
# bench-objects.sh: the library's typed dumps of neighbours, addresses, links and routes, and its
# event throughput in a route storm, side by side with iproute2 and the minimal C reader
# (scripts/bench/dumpreader.c), each table in a private network namespace of its own.
#
#   sudo scripts/bench-objects.sh                        # 10k neigh, 10k addr, 2k veth ends, 100k routes, 100k storm
#   ROUTES="100000 1000000" RUNS=7 scripts/bench-objects.sh
#   ONLY="storm" SKIP_BUILD=1 scripts/bench-objects.sh   # one part (neigh addr link routes storm)
#
# Environment:
#   NEIGH       permanent IPv4 neighbours on a veth end (default 10000)
#   ADDRS       IPv4 /32 addresses on an ifb device (default 10000; the kernel's IPv4 address
#               insertion is quadratic, do not go far beyond)
#   VETH_PAIRS  veth pairs, i.e. 2 x VETH_PAIRS links (default 1000)
#   ROUTES      route-table sizes to dump, space-separated (default "100000")
#   STORM       routes installed in each event storm (default 100000)
#   RUNS        alternated runs of each tool (default 5, at least 5)
#   WARM        dumps per process for the in-process (warm) figures (default 10; 3 above 200k objects)
#   ONLY        the parts to run (default "neigh addr link routes storm")
#   SKIP_BUILD  1: use the existing release build of nlbench
#
# Dumps: for each table, RUNS rounds of (library, ip, C reader), the order rotating each round.
#   library  = nlbench TABLE        (typed, streamed: one Neighbor/InterfaceAddress/Link/Route per message)
#   ip       = ip -s neigh show | ip addr show | ip link show | ip -4 route show table all (stdout to a file)
#   C reader = dumpreader TABLE     (walks every attribute; routes decoded into a struct)
# Wall time is the whole process (exec included), one dump per process. Then, in-process and warm:
# RUNS alternated processes of nlbench -r WARM and dumpreader -r WARM, each printing the median of
# its WARM dumps (request to NLMSG_DONE) on one socket. Peak resident memory: one extra run of each
# under /usr/bin/time.
# Every run's object count is checked against what the namespace holds.
#
# Storm: RUNS rounds; each makes a fresh ifb device, starts the three listeners' turn in rotating
# order (one listener per storm), then installs STORM routes with `ip -force -batch`:
#   library  = nlbench monitor-routes STORM   (64 MiB forced receive buffer, decodes each Route)
#   C reader = dumpreader -n STORM monitor-route (64 MiB forced receive buffer, decodes each route)
#   ip       = ip -tshort -rcvbuf 67108864 monitor route   (iproute2 asks with SO_RCVBUF, not
#              SO_RCVBUFFORCE: the kernel caps it at 2 x net.core.rmem_max)
# Reported: events received (must be STORM, 0 lost), events/s between the first and last event,
# the listener's CPU time (user+sys) and peak RSS (/usr/bin/time).
#
# Prints `REPORT-FIGURE` lines and a markdown table. The namespaces are deleted at the end, also on
# failure or Ctrl-C.
set -euo pipefail

NEIGH=${NEIGH:-10000}
ADDRS=${ADDRS:-10000}
VETH_PAIRS=${VETH_PAIRS:-1000}
ROUTES=${ROUTES:-100000}
STORM=${STORM:-100000}
RUNS=${RUNS:-5}
WARM=${WARM:-10}
ONLY=${ONLY:-neigh addr link routes storm}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
wants() { [[ " $ONLY " == *" $1 "* ]]; }

(( RUNS >= 5 && RUNS <= 50 )) || die "RUNS must be 5..50"
(( WARM >= 1 && WARM <= 100 )) || die "WARM must be 1..100"
(( NEIGH >= 1 && NEIGH <= 100000 )) || die "NEIGH must be 1..100000"
(( ADDRS >= 1 && ADDRS <= 20000 )) || die "ADDRS must be 1..20000"
(( VETH_PAIRS >= 1 && VETH_PAIRS <= 5000 )) || die "VETH_PAIRS must be 1..5000"
(( STORM >= 1 && STORM <= 1000000 )) || die "STORM must be 1..1000000"
for n in $ROUTES; do (( n >= 1 && n <= 4000000 )) || die "each ROUTES size must be 1..4000000"; done
[[ $(id -u) -eq 0 ]] || die "needs root (ip netns add, CAP_NET_ADMIN)"
command -v ip >/dev/null || die "needs iproute2 (ip)"
command -v cc >/dev/null || die "needs a C compiler (cc)"
[[ -x /usr/bin/time ]] || die "needs GNU time (/usr/bin/time): apt-get install time"

WORK=$(mktemp -d /tmp/nlobjects.XXXXXX)
NAMESPACES=()
LISTENER=
# stop_listener: ends the background listener (/usr/bin/time and the tool it runs) with SIGTERM
# (a background job of a script ignores SIGINT) and waits for it.
stop_listener() {
	[[ -n $LISTENER ]] || return 0
	local child
	for child in $(ps -o pid= --ppid "$LISTENER" 2>/dev/null); do kill -TERM "$child" 2>/dev/null || true; done
	wait "$LISTENER" 2>/dev/null || true
	LISTENER=
}
cleanup() {
	stop_listener
	for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || log "WARNING: could not delete namespace $ns"; done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -------------------------------------------------------------------------------------
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
	log "swift build -c release (nlbench)"
	(cd "$ROOT" && swift build -c release --product nlbench >&2)
fi
NLBENCH=$(cd "$ROOT" && swift build -c release --show-bin-path)/nlbench
[[ -x $NLBENCH ]] || die "no release build of nlbench"
DUMPREADER=$WORK/dumpreader
cc -O2 -Wall -o "$DUMPREADER" "$ROOT/scripts/bench/dumpreader.c" || die "cannot build dumpreader"

# new_namespace VAR: makes a private namespace with lo up, its name in VAR.
new_namespace() {
	local name="nlobj-$$-$RANDOM"
	ip netns add "$name"
	NAMESPACES+=("$name")
	ip -n "$name" link set lo up
	printf -v "$1" '%s' "$name"
}
# drop_namespace NAME: deletes a namespace made by new_namespace.
drop_namespace() {
	local kept=() ns
	ip netns del "$1" || log "WARNING: could not delete namespace $1"
	for ns in "${NAMESPACES[@]}"; do [[ $ns == "$1" ]] || kept+=("$ns"); done
	NAMESPACES=("${kept[@]}")
}
# quiet_device NS NAME: an ifb (or dummy) device, up.
quiet_device() {
	ip -n "$1" link add "$2" type ifb 2>/dev/null || ip -n "$1" link add "$2" type dummy || die "neither ifb nor dummy devices"
	ip -n "$1" link set "$2" up
}
# ipv4 FIRST_OCTET N: N addresses FIRST.x.y.z, one per line.
ipv4s() {
	awk -v a="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%d.%d.%d.%d\n", a + int(i / 16777216), int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
}
fill() { # fill NS FILE WHAT
	local t0=$EPOCHREALTIME
	ip -n "$1" -batch "$2" >/dev/null || die "ip -batch failed while filling $3"
	log "filled $3 in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }')"
}

# timed NS OUT CMD...: runs CMD in NS with stdout to OUT, prints its wall time in seconds.
timed() {
	local ns=$1 out=$2; shift 2
	local t0=$EPOCHREALTIME
	ip netns exec "$ns" "$@" >"$out" || die "failed: $*"
	awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
}
# peak NS CMD...: the peak resident memory (KiB) of one run of CMD in NS.
peak() {
	local ns=$1; shift
	ip netns exec "$ns" /usr/bin/time -f '%M' -o "$WORK/peak" "$@" >/dev/null || die "failed: $*"
	tail -n 1 "$WORK/peak"
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" "$2"; }
key() { local k=$1; k=${k//[^A-Za-z0-9]/-}; printf '%s' "$k"; }

ROWS=()
STORM_ROWS=()

# dumps LABEL NS EXPECTED NLBENCH_TABLE DUMPREADER_TABLE IP_LINE_PATTERN IP_CMD...
# (ip's output must have EXPECTED lines matching IP_LINE_PATTERN, a grep regex)
# RUNS rotating rounds of the three tools; checks every count; adds a table row.
dumps() {
	local label=$1 ns=$2 expected=$3 ours=$4 theirs=$5 pattern=$6; shift 6
	local ipcmd=("$@") i j tool n
	: >"$WORK/t.lib"; : >"$WORK/t.ip"; : >"$WORK/t.c"
	log "$label: $RUNS rounds of library, ip, C reader (rotating order)"
	for ((i = 0; i < RUNS; i++)); do
		for ((j = 0; j < 3; j++)); do
			tool=$(( (i + j) % 3 ))
			case $tool in
			0)
				timed "$ns" "$WORK/out.lib" "$NLBENCH" "$ours" >>"$WORK/t.lib"
				n=$(field msgs "$WORK/out.lib")
				[[ $n -eq $expected ]] || die "$label: the library saw $n objects, expected $expected"
				;;
			1)
				timed "$ns" "$WORK/out.ip" "${ipcmd[@]}" >>"$WORK/t.ip"
				n=$(grep -c -- "$pattern" "$WORK/out.ip" || true)
				(( n == expected )) || die "$label: ip printed $n objects ($pattern), expected $expected"
				;;
			2)
				timed "$ns" "$WORK/out.c" "$DUMPREADER" "$theirs" >>"$WORK/t.c"
				n=$(field msgs "$WORK/out.c")
				[[ $n -eq $expected ]] || die "$label: the C reader saw $n objects, expected $expected"
				;;
			esac
		done
	done
	# in-process and warm: RUNS alternated processes of each reader, each doing `warm` dumps on one
	# socket and printing their median; the median of those medians
	local warm=$WARM
	(( expected <= 200000 )) || warm=3
	log "$label: in-process, warm: $RUNS alternated processes of library and C reader, $warm dumps each"
	: >"$WORK/in.lib"; : >"$WORK/in.c"
	for ((i = 0; i < RUNS; i++)); do
		ip netns exec "$ns" "$NLBENCH" -r "$warm" "$ours" >"$WORK/out.lib" || die "failed: nlbench -r $warm $ours"
		field median_s "$WORK/out.lib" >>"$WORK/in.lib"
		[[ $(field msgs "$WORK/out.lib") -eq $expected ]] || die "$label: the library's warm dumps saw $(field msgs "$WORK/out.lib") objects"
		ip netns exec "$ns" "$DUMPREADER" -r "$warm" "$theirs" >"$WORK/out.c" || die "failed: dumpreader -r $warm $theirs"
		field median_s "$WORK/out.c" >>"$WORK/in.c"
		[[ $(field msgs "$WORK/out.c") -eq $expected ]] || die "$label: the C reader's warm dumps saw $(field msgs "$WORK/out.c") objects"
	done
	local lib ipt c inl inc plib pip pc
	lib=$(median <"$WORK/t.lib"); ipt=$(median <"$WORK/t.ip"); c=$(median <"$WORK/t.c")
	inl=$(median <"$WORK/in.lib"); inc=$(median <"$WORK/in.c")
	plib=$(peak "$ns" "$NLBENCH" "$ours"); pip=$(peak "$ns" "${ipcmd[@]}"); pc=$(peak "$ns" "$DUMPREADER" "$theirs")
	ROWS+=("$(awk -v l="$label" -v n="$expected" -v lib="$lib" -v ip="$ipt" -v c="$c" -v inl="$inl" -v inc="$inc" \
		-v plib="$plib" -v pip="$pip" -v pc="$pc" 'BEGIN {
		printf "| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.2fx | %.2fx | %.1f ms | %.1f ms | %.2fx | %.1f / %.1f / %.1f MiB |",
			l, n, lib * 1000, ip * 1000, c * 1000, ip / lib, c / lib, inl * 1000, inc * 1000, inc / inl, plib / 1024, pip / 1024, pc / 1024 }')")
	local k; k=$(key "$label")
	awk -v k="$k" -v l="$label" -v lib="$lib" -v ip="$ipt" -v c="$c" -v inl="$inl" -v inc="$inc" -v plib="$plib" 'BEGIN {
		printf "REPORT-FIGURE objects-%s-ip-ratio: %.2fx (ip wall median / library wall median, %s)\n", k, ip / lib, l
		printf "REPORT-FIGURE objects-%s-c-ratio: %.2fx (C reader wall median / library wall median, %s)\n", k, c / lib, l
		printf "REPORT-FIGURE objects-%s-c-inprocess-ratio: %.2fx (C reader in-process warm median / library, %s)\n", k, inc / inl, l
		printf "REPORT-FIGURE objects-%s-library-wall: %.1f ms (library whole-process median, %s)\n", k, lib * 1000, l
		printf "REPORT-FIGURE objects-%s-library-peak: %.1f MiB (library peak RSS, %s)\n", k, plib / 1024, l }'
}

# --- neighbours --------------------------------------------------------------------------------
if wants neigh; then
	new_namespace NSN
	ip -n "$NSN" link add nv0 type veth peer name nv1
	ip -n "$NSN" link set nv0 up
	ipv4s 10 "$NEIGH" | awk '{ n = NR - 1; printf "neigh add %s lladdr 02:00:%02x:%02x:%02x:%02x dev nv0 nud permanent\n", $1, int(n / 16777216) % 256, int(n / 65536) % 256, int(n / 256) % 256, n % 256 }' >"$WORK/neigh.batch"
	fill "$NSN" "$WORK/neigh.batch" "$NEIGH neighbours"
	dumps "neighbours" "$NSN" "$NEIGH" neigh neigh ' lladdr ' ip -s neigh show
	drop_namespace "$NSN"
fi

# --- addresses ---------------------------------------------------------------------------------
if wants addr; then
	new_namespace NSA
	quiet_device "$NSA" d0
	ipv4s 10 "$ADDRS" | awk '{ printf "addr add %s/32 dev d0\n", $1 }' >"$WORK/addr.batch"
	fill "$NSA" "$WORK/addr.batch" "$ADDRS addresses"
	# lo has 127.0.0.1: ADDRS + 1 IPv4 addresses; ip addr show prints one `    inet ` line for each
	dumps "addresses" "$NSA" "$((ADDRS + 1))" addr addr '^    inet ' ip addr show
	drop_namespace "$NSA"
fi

# --- links -------------------------------------------------------------------------------------
if wants link; then
	new_namespace NSL
	awk -v n="$VETH_PAIRS" 'BEGIN { for (i = 0; i < n; i++) printf "link add va%d type veth peer name vb%d\n", i, i }' >"$WORK/link.batch"
	fill "$NSL" "$WORK/link.batch" "$VETH_PAIRS veth pairs"
	# lo included; ip link show starts each link with `N: name`
	dumps "links" "$NSL" "$((2 * VETH_PAIRS + 1))" link link '^[0-9]*: ' ip link show
	drop_namespace "$NSL"
fi

# --- routes ------------------------------------------------------------------------------------
if wants routes; then
	for n in $ROUTES; do
		new_namespace NSR
		quiet_device "$NSR" d0
		ipv4s 10 "$n" | awk '{ printf "route add %s/32 dev d0\n", $1 }' >"$WORK/route.batch"
		fill "$NSR" "$WORK/route.batch" "$n routes"
		rm -f "$WORK/route.batch"
		# all IPv4 tables: n + the local table of lo (127.0.0.0/8, 127.0.0.1, 127.255.255.255)
		total=$(ip netns exec "$NSR" "$DUMPREADER" route | sed -n 's/.* msgs=\([0-9]*\).*/\1/p')
		(( total >= n && total <= n + 10 )) || die "the namespace holds $total IPv4 routes, expected $n + a few local ones"
		dumps "routes $n" "$NSR" "$total" routes route '^' ip -4 route show table all
		drop_namespace "$NSR"
	done
fi

# --- event storm -------------------------------------------------------------------------------
if wants storm; then
	new_namespace NSS
	ipv4s 12 "$STORM" | awk '{ printf "route add %s/32 dev s0\n", $1 }' >"$WORK/storm.batch"
	for tool in lib c ip; do : >"$WORK/s.$tool"; done
	log "event storm of $STORM routes: $RUNS rounds of library, C reader, ip monitor (one listener per storm)"
	for ((i = 0; i < RUNS; i++)); do
		for ((j = 0; j < 3; j++)); do
			tool=$(( (i + j) % 3 ))
			ip -n "$NSS" link del s0 2>/dev/null || true
			quiet_device "$NSS" s0
			out=$WORK/listener.out
			: >"$out"
			case $tool in
			0) ip netns exec "$NSS" /usr/bin/time -f 'cpu_s=%U+%S maxrss_kib=%M' -o "$WORK/listener.time" "$NLBENCH" monitor-routes "$STORM" 5 >"$out" & ;;
			1) ip netns exec "$NSS" /usr/bin/time -f 'cpu_s=%U+%S maxrss_kib=%M' -o "$WORK/listener.time" "$DUMPREADER" -n "$STORM" -t 5 monitor-route >"$out" & ;;
			2) ip netns exec "$NSS" /usr/bin/time -f 'cpu_s=%U+%S maxrss_kib=%M' -o "$WORK/listener.time" ip -tshort -rcvbuf 67108864 monitor route >"$out" & ;;
			esac
			LISTENER=$!
			if (( tool < 2 )); then
				for ((w = 0; w < 100; w++)); do grep -q ' ready ' "$out" && break; sleep 0.1; done
				grep -q ' ready ' "$out" || die "the listener did not get ready"
			else
				sleep 1  # ip monitor prints nothing when it is ready
			fi
			t0=$EPOCHREALTIME
			ip -n "$NSS" -force -batch "$WORK/storm.batch" >/dev/null || die "the storm's ip -batch failed"
			t1=$EPOCHREALTIME
			installed=$(ip -n "$NSS" route show dev s0 | wc -l)
			(( installed == STORM )) || die "the storm installed $installed of $STORM routes"
			if (( tool < 2 )); then
				wait "$LISTENER" || true  # exit status 1 = events lost: counted below
			else
				# ip monitor never ends: stop it once its output stopped growing for 2 s
				last=-1
				for ((w = 0; w < 120; w++)); do
					now=$(grep -c ' dev s0 ' "$out" || true)
					(( now == last )) && break
					last=$now; sleep 2
				done
				stop_listener
			fi
			LISTENER=
			t2=$EPOCHREALTIME
			cpu=$(sed -n 's/.*cpu_s=\([0-9.+]*\).*/\1/p' "$WORK/listener.time" | awk -F+ '{ print $1 + $2 }')
			rss=$(sed -n 's/.*maxrss_kib=\([0-9]*\).*/\1/p' "$WORK/listener.time")
			if (( tool < 2 )); then
				got=$(field events "$out"); rate=$(field events_per_s "$out"); ovr=$(field overruns "$out")
			else
				got=$(grep -c ' dev s0 ' "$out" || true)
				# -tshort: every line starts with [YYYY-MM-DDTHH:MM:SS.ffffff]
				rate=$(grep ' dev s0 ' "$out" | sed -n 's/^\[[0-9-]*T\([0-9]*\):\([0-9]*\):\([0-9.]*\)\].*/\1 \2 \3/p' |
					awk 'NR == 1 { f = $1 * 3600 + $2 * 60 + $3 } { l = $1 * 3600 + $2 * 60 + $3; n++ } END { if (l > f) printf "%.0f", n / (l - f); else print 0 }')
				ovr=$(grep -c -i 'no buffer space\|overrun' "$out" || true)
			fi
			name=(lib c ip)
			printf '%s %s %s %s %s %s\n' "${got:-0}" "${rate:-0}" "${ovr:-0}" "${cpu:-0}" "${rss:-0}" \
				"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')" >>"$WORK/s.${name[$tool]}"
			log "  storm round $((i + 1)) ${name[$tool]}: received ${got:-0} of $STORM, ${rate:-0} events/s, overruns ${ovr:-0}, cpu ${cpu:-0} s, install $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }')"
		done
	done
	for tool in lib c ip; do
		case $tool in lib) label="library (nlbench monitor-routes, 64 MiB forced)" ;; c) label="C reader (dumpreader monitor-route, 64 MiB forced)" ;; ip) label="ip -tshort -rcvbuf 64MiB monitor route (SO_RCVBUF: capped at 2 x rmem_max = $((2 * $(cat /proc/sys/net/core/rmem_max) >> 20)) MiB)" ;; esac
		f=$WORK/s.$tool
		min_got=$(awk 'NR == 1 || $1 < m { m = $1 } END { print m }' "$f")
		lost=$(awk -v s="$STORM" '{ l += s - $1 } END { print l }' "$f")
		rate=$(awk '{ print $2 }' "$f" | median)
		cpu=$(awk '{ print $4 }' "$f" | median)
		rss=$(awk '{ print $5 }' "$f" | sort -g | tail -n 1)
		inst=$(awk '{ print $6 }' "$f" | median)
		STORM_ROWS+=("$(awk -v l="$label" -v s="$STORM" -v r="$RUNS" -v mg="$min_got" -v lost="$lost" -v rate="$rate" -v cpu="$cpu" -v rss="$rss" -v inst="$inst" 'BEGIN {
			printf "| %s | %d x %d | %d | %d | %.0f k/s | %.0f ms | %.2f us | %.1f MiB | %.2f s |", l, r, s, mg, lost, rate / 1000, cpu * 1000, cpu * 1e6 / s, rss / 1024, inst }')")
		awk -v t="$tool" -v lost="$lost" -v rate="$rate" -v cpu="$cpu" -v s="$STORM" 'BEGIN {
			printf "REPORT-FIGURE storm-%s-events-lost: %d (events lost over all rounds of a %d-route storm)\n", t, lost, s
			printf "REPORT-FIGURE storm-%s-events-per-s: %.0f events/s (median, first to last event)\n", t, rate
			printf "REPORT-FIGURE storm-%s-cpu-per-event: %.2f us (listener CPU user+sys / events, median)\n", t, cpu * 1e6 / s }'
	done
	drop_namespace "$NSS"
fi

# --- the tables --------------------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo
echo "Machine: $cpu, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); kernel $(uname -r); $(ip -V); load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if (( ${#ROWS[@]} )); then
	echo "Dumps: wall = whole process (exec included), median of $RUNS rotated rounds; in-process, warm = median over $RUNS alternated processes of each one's median of $WARM dumps (3 above 200k objects) on one socket; ratio = other / library (above 1: the library is faster)."
	echo
	echo "| table | objects | library | ip | C reader | ip/lib | C/lib | library in-process, warm | C in-process, warm | C/lib in-process | peak RSS lib / ip / C |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${ROWS[@]}"
fi
if (( ${#STORM_ROWS[@]} )); then
	echo
	echo "Event storm: $STORM routes installed by ip -force -batch per round, one listener per round; medians (RSS: max)."
	echo
	echo "| listener | storms | fewest received | lost (all rounds) | events/s | listener CPU | CPU/event | peak RSS | install time |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${STORM_ROWS[@]}"
fi
