#!/usr/bin/env python3
"""Writes the fuzz seeds of FuzzGeneric-family: the payload (genlmsghdr and attributes) of every
CTRL_CMD_NEWFAMILY message of a controller dump, as the kernel sends them, one file per family
(kernel-<name>), plus a few hand-laid malformed inputs (malformed-*); and of FuzzGeneric-policy:
the messages of the CTRL_CMD_GETPOLICY dumps of nlctrl, netdev and ethtool (kernel-<family>-<n>,
every fifth message of ethtool's); and of FuzzGeneric-tcpmetrics: the entries of a tcp_metrics dump
after three loopback connections (kernel-<n>); and of FuzzGeneric-mptcp: the replies of an
mptcp_pm endpoint dump after four endpoints were added (kernel-endpoint-<n>), and of its limits;
and of FuzzGeneric-netdev: a netdev device dump and the queue dump of a veth with two queues each way.

Run as root in a private namespace, from the repository root:
    unshare -n python3 scripts/capture-generic-seeds.py
"""
import os, socket, struct

OUT = "FuzzTesting/Corpus/FuzzGeneric-family"
NETLINK_GENERIC, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME = 16, 0x10, 3, 2
NLM_F_REQUEST, NLM_F_DUMP, NLMSG_DONE, NLMSG_ERROR = 1, 0x300, 3, 2

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
s.bind((0, 0))
payload = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0)
s.send(struct.pack("IHHII", 16 + len(payload), GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + payload)
os.makedirs(OUT, exist_ok=True)
done = False
while not done:
    data = s.recv(65536)
    offset = 0
    while offset + 16 <= len(data):
        length, kind = struct.unpack_from("IH", data, offset)
        if kind in (NLMSG_DONE, NLMSG_ERROR):
            done = True
            break
        body = data[offset + 16 : offset + length]
        # The family name: attribute CTRL_ATTR_FAMILY_NAME after the 4-byte genl header.
        name, at = "unknown", 4
        while at + 4 <= len(body):
            alen, atype = struct.unpack_from("HH", body, at)
            if alen < 4:
                break
            if atype & 0x3FFF == CTRL_ATTR_FAMILY_NAME:
                name = body[at + 4 : at + alen].split(b"\0")[0].decode()
            at += (alen + 3) & ~3
        with open(f"{OUT}/kernel-{name}", "wb") as f:
            f.write(body)
        offset += (length + 3) & ~3

# Hand-laid malformed inputs: a short genl header, an attribute longer than the payload, a
# family ID of the wrong size, an operation list that is not a nest.
malformed = {
    "malformed-short-header": b"\x01\x02",
    "malformed-attribute-overrun": struct.pack("BBH", 1, 2, 0) + struct.pack("HH", 40, 2) + b"abc\0",
    "malformed-id-size": struct.pack("BBH", 1, 2, 0) + struct.pack("HHB", 5, 1, 7) + b"\0\0\0",
    "malformed-ops-not-nested": struct.pack("BBH", 1, 2, 0) + struct.pack("HHI", 8, 1 , 0x20) + struct.pack("HH", 8, 6) + b"\x05\x00\x01\x00",
}
for name, body in malformed.items():
    with open(f"{OUT}/{name}", "wb") as f:
        f.write(body)

# FuzzGeneric-policy: the policy dumps.
POLICY_OUT = "FuzzTesting/Corpus/FuzzGeneric-policy"
os.makedirs(POLICY_OUT, exist_ok=True)
CTRL_CMD_GETPOLICY = 10
for family, step in (("nlctrl", 1), ("netdev", 1), ("ethtool", 5)):
    name = family.encode() + b"\0"
    attr = struct.pack("HH", 4 + len(name), CTRL_ATTR_FAMILY_NAME) + name + b"\0" * ((4 - len(name) % 4) % 4)
    payload = struct.pack("BBH", CTRL_CMD_GETPOLICY, 1, 0) + attr
    s.send(struct.pack("IHHII", 16 + len(payload), GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP, 2, 0) + payload)
    count, done = 0, False
    while not done:
        data = s.recv(65536)
        offset = 0
        while offset + 16 <= len(data):
            length, kind = struct.unpack_from("IH", data, offset)
            if kind in (NLMSG_DONE, NLMSG_ERROR):
                done = True
                break
            if count % step == 0:
                with open(f"{POLICY_OUT}/kernel-{family}-{count}", "wb") as f:
                    f.write(data[offset + 16 : offset + length])
            count += 1
            offset += (length + 3) & ~3
with open(f"{POLICY_OUT}/malformed-policy-overrun", "wb") as f:
    f.write(struct.pack("BBH", 10, 1, 0) + struct.pack("HH", 60, 0x8008) + b"\0" * 8)

# FuzzGeneric-tcpmetrics: entries made by loopback connections (this namespace's lo set up first).
import subprocess
TCPM_OUT = "FuzzTesting/Corpus/FuzzGeneric-tcpmetrics"
os.makedirs(TCPM_OUT, exist_ok=True)
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
for family, address in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET, "127.0.0.2"), (socket.AF_INET6, "::1")):
    listener = socket.socket(family); listener.bind((address, 5555)); listener.listen()
    client = socket.create_connection((address, 5555)); server, _ = listener.accept()
    client.send(b"x" * 64); server.recv(64); server.close(); client.close(); listener.close()
# The family's ID, from the controller.
name = b"tcp_metrics\0"
attr = struct.pack("HH", 4 + len(name), CTRL_ATTR_FAMILY_NAME) + name
payload = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0) + attr
s.send(struct.pack("IHHII", 16 + len(payload), GENL_ID_CTRL, NLM_F_REQUEST, 3, 0) + payload)
reply = s.recv(65536)
body, at, family_id = reply[20:], 0, None
while at + 4 <= len(body):
    alen, atype = struct.unpack_from("HH", body, at)
    if atype == 1:
        family_id = struct.unpack_from("H", body, at + 4)[0]
    at += (alen + 3) & ~3
payload = struct.pack("BBH", 1, 1, 0)
s.send(struct.pack("IHHII", 16 + len(payload), family_id, NLM_F_REQUEST | NLM_F_DUMP, 4, 0) + payload)
count, done = 0, False
while not done:
    data = s.recv(65536)
    offset = 0
    while offset + 16 <= len(data):
        length, kind = struct.unpack_from("IH", data, offset)
        if kind in (NLMSG_DONE, NLMSG_ERROR):
            done = True
            break
        with open(f"{TCPM_OUT}/kernel-{count}", "wb") as f:
            f.write(data[offset + 16 : offset + length])
        count += 1
        offset += (length + 3) & ~3
with open(f"{TCPM_OUT}/malformed-short-address", "wb") as f:
    f.write(struct.pack("BBH", 1, 1, 0) + struct.pack("HH", 7, 1) + b"\x7f\0\0\0")

# FuzzGeneric-mptcp: endpoints and limits.
MPTCP_OUT = "FuzzTesting/Corpus/FuzzGeneric-mptcp"
os.makedirs(MPTCP_OUT, exist_ok=True)
for command in (["ip", "mptcp", "endpoint", "add", "10.0.0.1", "signal"],
                ["ip", "mptcp", "endpoint", "add", "10.0.0.2", "dev", "lo", "subflow", "backup", "id", "7"],
                ["ip", "mptcp", "endpoint", "add", "fd00::1", "subflow", "fullmesh"],
                ["ip", "mptcp", "endpoint", "add", "10.0.0.3", "signal", "id", "9"],
                ["ip", "mptcp", "limits", "set", "subflows", "4", "add_addr_accepted", "3"]):
    subprocess.run(command, check=True)
name = b"mptcp_pm\0"
attr = struct.pack("HH", 4 + len(name), CTRL_ATTR_FAMILY_NAME) + name + b"\0" * ((4 - len(name) % 4) % 4)
payload = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0) + attr
s.send(struct.pack("IHHII", 16 + len(payload), GENL_ID_CTRL, NLM_F_REQUEST, 5, 0) + payload)
reply = s.recv(65536)
body, at, family_id = reply[20:], 0, None
while at + 4 <= len(body):
    alen, atype = struct.unpack_from("HH", body, at)
    if atype == 1:
        family_id = struct.unpack_from("H", body, at + 4)[0]
    at += (alen + 3) & ~3
payload = struct.pack("BBH", 3, 1, 0)
s.send(struct.pack("IHHII", 16 + len(payload), family_id, NLM_F_REQUEST | NLM_F_DUMP, 6, 0) + payload)
count, done = 0, False
while not done:
    data = s.recv(65536)
    offset = 0
    while offset + 16 <= len(data):
        length, kind = struct.unpack_from("IH", data, offset)
        if kind in (NLMSG_DONE, NLMSG_ERROR):
            done = True
            break
        with open(f"{MPTCP_OUT}/kernel-endpoint-{count}", "wb") as f:
            f.write(data[offset + 16 : offset + length])
        count += 1
        offset += (length + 3) & ~3
payload = struct.pack("BBH", 6, 1, 0)
s.send(struct.pack("IHHII", 16 + len(payload), family_id, NLM_F_REQUEST, 7, 0) + payload)
data = s.recv(65536)
length = struct.unpack_from("I", data, 0)[0]
with open(f"{MPTCP_OUT}/limits-0", "wb") as f:
    f.write(data[16:length])
with open(f"{MPTCP_OUT}/malformed-short-address", "wb") as f:
    f.write(struct.pack("BBH", 3, 1, 0) + struct.pack("HH", 24, 0x8001) + struct.pack("HHH", 6, 1, 2) + b"\0\0" + struct.pack("HH", 7, 3) + b"\x0a\0\0\0" + b"\0" * 4)

# FuzzGeneric-netdev: devices and queues.
NETDEV_OUT = "FuzzTesting/Corpus/FuzzGeneric-netdev"
os.makedirs(NETDEV_OUT, exist_ok=True)
subprocess.run(["ip", "link", "add", "n0", "numtxqueues", "2", "numrxqueues", "2", "type", "veth", "peer", "name", "n1"], check=True)
subprocess.run(["ip", "link", "set", "n1", "up"], check=True)
subprocess.run(["ip", "link", "set", "n0", "up"], check=True)
name = b"netdev\0"
attr = struct.pack("HH", 4 + len(name), CTRL_ATTR_FAMILY_NAME) + name + b"\0" * ((4 - len(name) % 4) % 4)
payload = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0) + attr
s.send(struct.pack("IHHII", 16 + len(payload), GENL_ID_CTRL, NLM_F_REQUEST, 8, 0) + payload)
reply = s.recv(65536)
body, at, family_id = reply[20:], 0, None
while at + 4 <= len(body):
    alen, atype = struct.unpack_from("HH", body, at)
    if atype == 1:
        family_id = struct.unpack_from("H", body, at + 4)[0]
    at += (alen + 3) & ~3
for command, label in ((1, "device"), (10, "queue")):
    payload = struct.pack("BBH", command, 1, 0)
    s.send(struct.pack("IHHII", 16 + len(payload), family_id, NLM_F_REQUEST | NLM_F_DUMP, 9 + command, 0) + payload)
    count, done = 0, False
    while not done:
        data = s.recv(65536)
        offset = 0
        while offset + 16 <= len(data):
            length, kind = struct.unpack_from("IH", data, offset)
            if kind in (NLMSG_DONE, NLMSG_ERROR):
                done = True
                break
            with open(f"{NETDEV_OUT}/kernel-{label}-{count}", "wb") as f:
                f.write(data[offset + 16 : offset + length])
            count += 1
            offset += (length + 3) & ~3
with open(f"{NETDEV_OUT}/malformed-short-index", "wb") as f:
    f.write(struct.pack("BBH", 1, 1, 0) + struct.pack("HH", 6, 1) + b"\x01\x00\x00\x00")
