#!/usr/bin/env python3
"""Writes the fuzz seeds of FuzzSockDiag-inet, -unix, -netlink and -packet: the payload (struct
inet_diag_msg or unix_diag_msg and the attributes) of every reply of a sock_diag dump in this
namespace, after opening a TCP listener, an established pair with unread data, an IPv6 v6only
listener, a bound UDP socket and unix stream/dgram sockets (abstract and unnamed) — with every
extension asked (kernel-<kind>-<n>); plus a few hand-laid malformed inputs (malformed-*).

Run as root in a private namespace, from the repository root:
    unshare -n python3 scripts/capture-sockdiag-seeds.py
"""
import os, socket, struct, subprocess

CORPUS = "FuzzTesting/Corpus"
NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST, NLM_F_DUMP, NLMSG_DONE, NLMSG_ERROR = 4, 20, 1, 0x300, 3, 2

subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
keep = []
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM); listener.bind(("127.0.0.1", 5151)); listener.listen()
client = socket.create_connection(("127.0.0.1", 5151)); server, _ = listener.accept(); client.send(b"unread")
v6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1); v6.bind(("::1", 5152)); v6.listen()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(("127.0.0.1", 5153))
abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); abstract.bind(b"\0nlctl-seed"); abstract.listen()
pending = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); pending.connect(b"\0nlctl-seed")
pair = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
route = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); route.bind((0, 1 << 4))
packets = [socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)), socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800)),
           socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))]
packets[2].bind(("lo", 0x0806))
keep += [listener, client, server, v6, udp, abstract, pending, pair, route] + packets

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
s.bind((0, 0))


def dump(header):
    s.send(struct.pack("IHHII", 16 + len(header), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + header)
    found = []
    while True:
        data = s.recv(65536)
        offset = 0
        while offset + 16 <= len(data):
            length, kind = struct.unpack_from("IH", data, offset)
            if kind in (NLMSG_DONE, NLMSG_ERROR):
                return found
            found.append(data[offset + 16: offset + length])
            offset += (length + 3) & ~3


def write(target, name, body):
    os.makedirs(f"{CORPUS}/{target}", exist_ok=True)
    with open(f"{CORPUS}/{target}/{name}", "wb") as f:
        f.write(body)


nocookie = struct.pack("II", 0xFFFFFFFF, 0xFFFFFFFF)
for family, protocol, label in ((socket.AF_INET, 6, "tcp"), (socket.AF_INET6, 6, "tcp6"), (socket.AF_INET, 17, "udp")):
    request = struct.pack("BBBBI", family, protocol, 0xFF, 0, 0xFFFFFFFF) + b"\0" * 40 + nocookie
    for count, body in enumerate(dump(request)):
        write("FuzzSockDiag-inet", f"kernel-{label}-{count}", body)
write("FuzzSockDiag-inet", "malformed-short-header", b"\x02\x0a" + b"\0" * 30)
write("FuzzSockDiag-inet", "malformed-family", b"\x07" + b"\0" * 71)
for count, body in enumerate(dump(struct.pack("BBHIII", socket.AF_UNIX, 0, 0, 0xFFFFFFFF, 0, 0x7F) + nocookie)):
    write("FuzzSockDiag-unix", f"kernel-{count}", body)
write("FuzzSockDiag-unix", "malformed-short-header", b"\x01\x01\x0a\x00\x01\x00")
write("FuzzSockDiag-unix", "malformed-vfs-size", struct.pack("BBBBIII", 1, 1, 10, 0, 7, 0, 0) + struct.pack("HH", 8, 1) + b"\0\0\0\0")
for count, body in enumerate(dump(struct.pack("BBHII", socket.AF_NETLINK, 255, 0, 0, 0xB) + nocookie)[:6]):
    write("FuzzSockDiag-netlink", f"kernel-{count}", body)
write("FuzzSockDiag-netlink", "malformed-short-header", b"\x10\x03\x00\x07" + b"\0" * 12)
for count, body in enumerate(dump(struct.pack("BBHII", socket.AF_PACKET, 0, 0, 0, 0x3F) + nocookie)):
    write("FuzzSockDiag-packet", f"kernel-{count}", body)
write("FuzzSockDiag-packet", "malformed-short-info", struct.pack("BBHI", 17, 3, 3, 9) + nocookie + struct.pack("HH", 6, 0) + b"\1\0\0\0")
write("FuzzSockDiag-packet", "malformed-short-header", b"\x11\x03")
