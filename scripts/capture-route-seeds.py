#!/usr/bin/env python3
"""Captures real kernel rtnetlink messages as seed inputs of the FuzzRoute decoders.

    sudo python3 scripts/capture-route-seeds.py        (root; re-executes itself under `unshare -n`)

Everything happens in a new, private network namespace (never the host's): it makes links of
several kinds (veth, bridge and bridge port, vxlan, macvlan, macvtap, ifb, dummy, tun, tap), addresses
(IPv4 with label, broadcast and peer; IPv6 with lifetimes and metric), routes (gateway,
blackhole/unreachable/prohibit, multipath with weights, metrics, a table above 255, an IPv6 via on
an IPv4 route, a nexthop ID, source-specific IPv6), neighbours (IPv4, IPv6, proxy, bridge FDB),
rules (prefixes, fwmark/mask, iif/oif, uidrange, ports, ipproto, goto, suppress_prefixlength),
nexthop objects (gateway, blackhole, groups, resilient group, FDB) and dumps them with plain
AF_NETLINK sockets, plus netconf. What a kernel or module does not support is skipped with a
warning. It writes, under FuzzTesting/Corpus/:

  FuzzRoute-<decoder>/kernel-<dump>-<n>.bin   the payload (family header and attributes) of each
                                             message, what `FuzzRoute --decoder=<decoder>` reads
  FuzzRoute-multipath/kernel-<n>.bin         a family byte (1: IPv6) and the payload of each RTA_MULTIPATH
  FuzzRoute-linkinfo/kernel-<kind>-<n>.bin   a kind byte and the IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA of each link
  FuzzRoute-datagram/kernel-<dump>-<n>.bin   each datagram as received (several messages, DONE included)

Previous kernel-* files are removed first; hand-made and regression-* inputs are kept.
"""
import glob, os, socket, struct, subprocess, sys

if os.environ.get("CAPTURE_IN_NS") != "1":
    os.environ["CAPTURE_IN_NS"] = "1"
    os.execvp("unshare", ["unshare", "-n", sys.executable] + sys.argv)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "FuzzTesting", "Corpus")


def ip(*args, required=True):
    result = subprocess.run(["ip", *args], capture_output=True, text=True)
    if result.returncode != 0:
        if required:
            sys.exit(f"ip {' '.join(args)}: {result.stderr.strip()}")
        print(f"warning: skipped `ip {' '.join(args)}`: {result.stderr.strip()}", file=sys.stderr)


def optional(*args):
    ip(*args, required=False)


# Links
ip("link", "set", "lo", "up")
ip("link", "add", "veth0", "type", "veth", "peer", "name", "veth1")
ip("link", "set", "veth0", "up", "mtu", "1400", "txqueuelen", "500", "alias", "seed link")
ip("link", "add", "br0", "type", "bridge", "stp_state", "0")
ip("link", "set", "veth1", "master", "br0", "up")
ip("link", "set", "br0", "up")
optional("link", "add", "vx0", "type", "vxlan", "id", "42", "dstport", "4789", "local", "192.0.2.1", "remote", "192.0.2.2", "dev", "veth0", "ttl", "5")
optional("link", "add", "mv0", "link", "veth0", "type", "macvlan", "mode", "bridge")
optional("link", "add", "mvt0", "link", "veth0", "type", "macvtap", "mode", "vepa")
optional("link", "add", "ifb0", "type", "ifb")
optional("link", "add", "dummy0", "type", "dummy")
optional("tuntap", "add", "tap0", "mode", "tap", "multi_queue")
optional("tuntap", "add", "tun0", "mode", "tun", "pi")
optional("link", "property", "add", "dev", "veth0", "altname", "seed-alternative-name")

# Addresses
ip("address", "add", "192.0.2.1/24", "dev", "veth0", "label", "veth0:seed", "broadcast", "+")
ip("address", "add", "198.51.100.1", "peer", "198.51.100.2/32", "dev", "veth0")
ip("address", "add", "2001:db8::1/64", "dev", "veth0", "nodad")
optional("address", "add", "2001:db8:1::1/64", "dev", "veth0", "nodad", "valid_lft", "3600", "preferred_lft", "1800", "metric", "77")
optional("address", "add", "10.9.0.1/16", "dev", "br0", "noprefixroute", "scope", "link")

# Routes
ip("route", "add", "198.51.100.0/24", "via", "192.0.2.254", "dev", "veth0")
ip("route", "add", "blackhole", "203.0.113.0/24")
ip("route", "add", "unreachable", "203.0.113.128/25", "metric", "5")
ip("route", "add", "prohibit", "203.0.113.64/26", "table", "1000")
ip("route", "add", "10.20.0.0/16", "nexthop", "via", "192.0.2.253", "dev", "veth0", "weight", "2", "nexthop", "via", "192.0.2.252", "dev", "veth0", "weight", "5")
optional("route", "add", "10.30.0.0/16", "via", "192.0.2.254", "mtu", "lock", "1300", "advmss", "1200", "initcwnd", "10", "rtt", "10ms", "congctl", "reno", "realm", "3")
optional("route", "add", "10.50.0.0/16", "via", "inet6", "2001:db8::2", "dev", "veth0")
optional("-6", "route", "add", "2001:db8:6::/64", "via", "2001:db8::2", "dev", "veth0", "pref", "high", "expires", "600")
optional("-6", "route", "add", "2001:db8:7::/64", "from", "2001:db8:8::/64", "via", "2001:db8::2", "dev", "veth0")
optional("-6", "route", "add", "2001:db8:9::/64", "nexthop", "via", "2001:db8::3", "dev", "veth0", "nexthop", "via", "2001:db8::4", "dev", "veth0", "weight", "3")

# Nexthop objects
optional("nexthop", "add", "id", "1", "via", "192.0.2.251", "dev", "veth0")
optional("nexthop", "add", "id", "2", "via", "192.0.2.250", "dev", "veth0", "onlink")
optional("nexthop", "add", "id", "3", "blackhole")
optional("nexthop", "add", "id", "4", "via", "2001:db8::5", "dev", "veth0")
optional("nexthop", "add", "id", "10", "group", "1/2,2")
optional("nexthop", "add", "id", "11", "group", "1/2", "type", "resilient", "buckets", "8", "idle_timer", "60")
optional("nexthop", "add", "id", "20", "via", "192.0.2.249", "fdb")
optional("nexthop", "add", "id", "21", "group", "20", "fdb")
optional("route", "add", "10.40.0.0/16", "nhid", "10")

# Neighbours
ip("neighbor", "add", "192.0.2.7", "lladdr", "02:00:00:00:00:07", "dev", "veth0", "nud", "permanent")
optional("neighbor", "add", "192.0.2.8", "lladdr", "02:00:00:00:00:08", "dev", "veth0", "nud", "stale", "extern_learn")
optional("neighbor", "add", "2001:db8::7", "lladdr", "02:00:00:00:00:17", "dev", "veth0", "router", "nud", "reachable")
optional("neighbor", "add", "proxy", "192.0.2.9", "dev", "veth0")
optional("neighbor", "add", "192.0.2.10", "lladdr", "02:00:00:00:00:10", "dev", "veth0", "nud", "noarp")
subprocess.run(["bridge", "fdb", "add", "02:00:00:00:00:99", "dev", "veth1", "master", "static", "vlan", "1"], capture_output=True)
subprocess.run(["bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "vx0", "dst", "192.0.2.77", "port", "4790", "vni", "42"], capture_output=True)

# Rules
ip("rule", "add", "from", "10.0.0.0/8", "to", "10.1.0.0/16", "table", "100", "pref", "100")
optional("rule", "add", "fwmark", "0x10/0xff", "lookup", "1000", "pref", "110")
optional("rule", "add", "iif", "veth0", "oif", "br0", "lookup", "main", "pref", "120")
optional("rule", "add", "uidrange", "1000-2000", "ipproto", "tcp", "sport", "1000-2000", "dport", "443", "lookup", "100", "pref", "130")
optional("rule", "add", "not", "from", "all", "goto", "100", "pref", "90")
optional("rule", "add", "lookup", "main", "suppress_prefixlength", "0", "pref", "150")
optional("rule", "add", "tos", "0x10", "prohibit", "pref", "160")
optional("-6", "rule", "add", "from", "2001:db8::/32", "table", "200", "pref", "170", "protocol", "static")

NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3


def dump(msg_type, family_header):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    header = struct.pack("=IHHII", 16 + len(family_header), msg_type, NLM_F_REQUEST | NLM_F_DUMP, 1, 0)
    s.send(header + family_header)
    datagrams, done = [], False
    while not done:
        data = s.recv(1 << 20)
        datagrams.append(data)
        offset = 0
        while offset + 16 <= len(data):
            length, mtype = struct.unpack_from("=IH", data, offset)
            if mtype in (NLMSG_ERROR, NLMSG_DONE):
                done = True
            if length < 16:
                break
            offset += (length + 3) & ~3
    s.close()
    return datagrams


def messages(datagram):
    offset = 0
    while offset + 16 <= len(datagram):
        length, mtype = struct.unpack_from("=IH", datagram, offset)
        if length < 16 or offset + length > len(datagram):
            return
        yield mtype, datagram[offset:offset + length]
        offset += (length + 3) & ~3


def attributes(data):
    offset = 0
    while offset + 4 <= len(data):
        length, atype = struct.unpack_from("=HH", data, offset)
        if length < 4 or offset + length > len(data):
            return
        yield atype & 0x3FFF, data[offset + 4:offset + length]
        offset += (length + 3) & ~3


def target(name):
    folder = os.path.join(CORPUS, f"FuzzRoute-{name}")
    os.makedirs(folder, exist_ok=True)
    return folder


def write(folder, name, data):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


for name in ["stats", "nsid", "link", "linkinfo", "address", "route", "multipath", "neighbor", "rule", "nexthop", "netconf", "datagram"]:
    for old in glob.glob(os.path.join(target(name), "kernel-*")):
        os.remove(old)

ifinfomsg = struct.pack("=BxHiII", 0, 0, 0, 0, 0)
ifaddrmsg = struct.pack("=BBBBI", 0, 0, 0, 0, 0)
rtmsg = struct.pack("=BBBBBBBBI", 0, 0, 0, 0, 0, 0, 0, 0, 0)
ndmsg = lambda family, flags=0: struct.pack("=BxxxiHBB", family, 0, 0, flags, 0)
fib_rule_hdr = struct.pack("=BBBBBBBBI", 0, 0, 0, 0, 0, 0, 0, 0, 0)
nhmsg = struct.pack("=BBBBI", 0, 0, 0, 0, 0)
netconfmsg = struct.pack("=Bxxx", 0)
if_stats_msg = struct.pack("=BBHII", 0, 0, 0, 0, 0x1F)   # LINK_64, XSTATS, XSTATS_SLAVE, OFFLOAD_XSTATS, AF_SPEC
AF_BRIDGE, NTF_PROXY, RTA_MULTIPATH = 7, 0x08, 9

dumps = [
    ("links", 18, ifinfomsg, "link", 16),
    ("addresses", 22, ifaddrmsg, "address", 20),
    ("routes", 26, rtmsg, "route", 24),
    ("neighbors", 30, ndmsg(0), "neighbor", 28),
    ("proxies", 30, ndmsg(0, NTF_PROXY), "neighbor", 28),
    ("fdb", 30, ndmsg(AF_BRIDGE), "neighbor", 28),
    ("rules", 34, fib_rule_hdr, "rule", 32),
    ("nexthops", 106, nhmsg, "nexthop", 104),
    ("netconf", 82, netconfmsg, "netconf", 80),
    ("stats", 94, if_stats_msg, "stats", 92),
]
multipath_count = 0
# The first byte of a FuzzRoute-linkinfo input (RouteFuzzChecks.linkInfoKinds).
KIND_SELECTOR = {"bridge": 0, "macvlan": 1, "macvtap": 2, "vxlan": 3, "tun": 4, "veth": 5}
PORT_SELECTOR = {"bridge": 6}
IFLA_LINKINFO, IFLA_INFO_KIND, IFLA_INFO_DATA, IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA = 18, 1, 2, 4, 5
linkinfo_count = 0
for dump_name, request_type, family_header, decoder, reply_type in dumps:
    datagrams = dump(request_type, family_header)
    count = 0
    for index, datagram in enumerate(datagrams):
        write(target("datagram"), f"kernel-{dump_name}-{index}.bin", datagram)
        for mtype, message in messages(datagram):
            if mtype != reply_type:
                continue
            payload = message[16:]
            write(target(decoder), f"kernel-{dump_name}-{count:03}.bin", payload)
            count += 1
            if decoder == "link":
                for atype, value in attributes(payload[16:]):
                    if atype != IFLA_LINKINFO:
                        continue
                    info = dict(attributes(value))
                    kind = info.get(IFLA_INFO_KIND, b"").rstrip(b"\0").decode()
                    port = info.get(IFLA_INFO_SLAVE_KIND, b"").rstrip(b"\0").decode()
                    if IFLA_INFO_DATA in info and kind in KIND_SELECTOR:
                        write(target("linkinfo"), f"kernel-{kind}-{linkinfo_count:03}.bin",
                              bytes([KIND_SELECTOR[kind]]) + info[IFLA_INFO_DATA])
                        linkinfo_count += 1
                    if IFLA_INFO_SLAVE_DATA in info:
                        write(target("linkinfo"), f"kernel-{port}-port-{linkinfo_count:03}.bin",
                              bytes([PORT_SELECTOR.get(port, 7)]) + info[IFLA_INFO_SLAVE_DATA])
                        linkinfo_count += 1
            if decoder == "route":
                for atype, value in attributes(payload[12:]):
                    if atype == RTA_MULTIPATH:
                        family_byte = b"\x01" if payload[0] == 10 else b"\x00"
                        write(target("multipath"), f"kernel-{multipath_count:03}.bin", family_byte + value)
                        multipath_count += 1
    print(f"{dump_name}: {len(datagrams)} datagram(s), {count} message(s) for {decoder}")
print(f"multipath: {multipath_count} attribute(s)")
print(f"linkinfo: {linkinfo_count} kind or port data")
