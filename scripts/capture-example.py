#!/usr/bin/env python3
"""Captures rtnetlink dumps from a private network namespace into Examples/captures/.

Run as root: `unshare -n python3 scripts/capture-example.py` (or it re-executes itself under
unshare). It creates a veth pair and a few addresses and routes inside the new namespace only,
dumps links, addresses and routes with plain AF_NETLINK sockets, and writes each dump as the raw
datagrams received, each preceded by its length as a 4-byte little-endian integer.
"""
import os, socket, struct, subprocess, sys

if os.environ.get("CAPTURE_IN_NS") != "1":
    os.environ["CAPTURE_IN_NS"] = "1"
    os.execvp("unshare", ["unshare", "-n", sys.executable] + sys.argv)

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, "..", "Examples", "captures")
os.makedirs(out_dir, exist_ok=True)

def ip(*args):
    subprocess.run(["ip", *args], check=True)

ip("link", "set", "lo", "up")
ip("link", "add", "veth0", "type", "veth", "peer", "name", "veth1")
ip("link", "set", "veth0", "up")
ip("link", "set", "veth1", "up")
ip("address", "add", "192.0.2.1/24", "dev", "veth0")
ip("address", "add", "2001:db8::1/64", "dev", "veth0", "nodad")
ip("route", "add", "198.51.100.0/24", "via", "192.0.2.254", "dev", "veth0")
ip("route", "add", "blackhole", "203.0.113.0/24")

NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE = 18, 22, 26

def dump(msg_type, family_header):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    payload = family_header
    header = struct.pack("=IHHII", 16 + len(payload), msg_type, NLM_F_REQUEST | NLM_F_DUMP, 1, 0)
    s.send(header + payload)
    datagrams = []
    done = False
    while not done:
        data = s.recv(65536)
        datagrams.append(data)
        offset = 0
        while offset + 16 <= len(data):
            length, mtype = struct.unpack_from("=IH", data, offset)
            if mtype in (2, 3):
                done = True
            offset += (length + 3) & ~3
    s.close()
    return datagrams

def write(name, datagrams):
    with open(os.path.join(out_dir, name), "wb") as f:
        for d in datagrams:
            f.write(struct.pack("<I", len(d)))
            f.write(d)
    print(f"{name}: {len(datagrams)} datagram(s), {sum(map(len, datagrams))} bytes")

ifinfomsg = struct.pack("=BxHiII", 0, 0, 0, 0, 0)      # family AF_UNSPEC
ifaddrmsg = struct.pack("=BBBBI", 0, 0, 0, 0, 0)
rtmsg = struct.pack("=BBBBBBBBI", 0, 0, 0, 0, 0, 0, 0, 0, 0)
write("links.nldump", dump(RTM_GETLINK, ifinfomsg))
write("addresses.nldump", dump(RTM_GETADDR, ifaddrmsg))
write("routes.nldump", dump(RTM_GETROUTE, rtmsg))
