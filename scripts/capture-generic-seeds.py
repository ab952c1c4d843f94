#!/usr/bin/env python3
"""Writes the fuzz seeds of FuzzGeneric-family: the payload (genlmsghdr and attributes) of every
CTRL_CMD_NEWFAMILY message of a controller dump, as the kernel sends them, one file per family
(kernel-<name>), plus a few hand-laid malformed inputs (malformed-*); and of FuzzGeneric-policy:
the messages of the CTRL_CMD_GETPOLICY dumps of nlctrl, netdev and ethtool (kernel-<family>-<n>,
every fifth message of ethtool's); and of FuzzGeneric-tcpmetrics: the entries of a tcp_metrics dump
after three loopback connections (kernel-<n>); and of FuzzGeneric-mptcp: the replies of an
mptcp_pm endpoint dump after four endpoints were added (kernel-endpoint-<n>), and of its limits;
and of FuzzGeneric-netdev: a netdev device dump and the queue dump of a veth with two queues each way;
and of FuzzGeneric-ethtool and FuzzGeneric-bitset: every ethtool get that answers on a veth, a tap and
lo (bitsets verbose and compact), the string sets, and the bitsets of those replies; and of
FuzzGeneric-taskstats: this process's TASKSTATS by PID and TGID and a cgroup's counts; and of
FuzzGeneric-ioam6: IOAM namespaces and a schema.

Run as root in a private namespace, from the repository root:
    unshare -n python3 scripts/capture-generic-seeds.py
"""
import os, socket, struct, subprocess

CORPUS = "FuzzTesting/Corpus"
NETLINK_GENERIC, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 16, 0x10, 3, 10
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLM_F_REQUEST, NLM_F_DUMP, NLMSG_DONE, NLMSG_ERROR = 1, 0x300, 3, 2

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
s.bind((0, 0))
sequence = 0


def attribute(kind, payload):
    """One netlink attribute, padded to four bytes."""
    return struct.pack("HH", 4 + len(payload), kind) + payload + b"\0" * ((4 - len(payload) % 4) % 4)


def name_attribute(name):
    return attribute(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")


def send(family, command, attributes=b"", flags=NLM_F_REQUEST):
    global sequence
    sequence += 1
    payload = struct.pack("BBH", command, 1, 0) + attributes
    s.send(struct.pack("IHHII", 16 + len(payload), family, flags, sequence, 0) + payload)


def replies(family, command, attributes=b"", dump=True):
    """The payloads (genlmsghdr and attributes) of the answer, up to DONE or an error."""
    send(family, command, attributes, NLM_F_REQUEST | (NLM_F_DUMP if dump else 0))
    found = []
    while True:
        data = s.recv(65536)
        offset = 0
        while offset + 16 <= len(data):
            length, kind = struct.unpack_from("IH", data, offset)
            if kind in (NLMSG_DONE, NLMSG_ERROR):
                return found
            found.append(data[offset + 16 : offset + length])
            offset += (length + 3) & ~3
        if not dump:
            return found


def attributes_of(body):
    """(type, payload) of the attributes after the 4-byte genl header."""
    at = 4
    while at + 4 <= len(body):
        alen, atype = struct.unpack_from("HH", body, at)
        if alen < 4:
            return
        yield atype & 0x3FFF, body[at + 4 : at + alen]
        at += (alen + 3) & ~3


def family_id(name):
    (reply,) = replies(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, name_attribute(name), dump=False)
    return next(struct.unpack("H", value[:2])[0] for kind, value in attributes_of(reply) if kind == CTRL_ATTR_FAMILY_ID)


def write(target, name, body):
    os.makedirs(f"{CORPUS}/{target}", exist_ok=True)
    with open(f"{CORPUS}/{target}/{name}", "wb") as f:
        f.write(body)


# FuzzGeneric-family: every family of the controller dump, named by CTRL_ATTR_FAMILY_NAME; then
# hand-laid malformed inputs: a short genl header, an attribute longer than the payload, a family
# ID of the wrong size, an operation list that is not a nest.
for body in replies(GENL_ID_CTRL, CTRL_CMD_GETFAMILY):
    names = [value.split(b"\0")[0].decode() for kind, value in attributes_of(body) if kind == CTRL_ATTR_FAMILY_NAME]
    write("FuzzGeneric-family", f"kernel-{names[0] if names else 'unknown'}", body)
malformed = {
    "malformed-short-header": b"\x01\x02",
    "malformed-attribute-overrun": struct.pack("BBH", 1, 2, 0) + struct.pack("HH", 40, 2) + b"abc\0",
    "malformed-id-size": struct.pack("BBH", 1, 2, 0) + struct.pack("HHB", 5, 1, 7) + b"\0\0\0",
    "malformed-ops-not-nested": struct.pack("BBH", 1, 2, 0) + struct.pack("HHI", 8, 1 , 0x20) + struct.pack("HH", 8, 6) + b"\x05\x00\x01\x00",
}
for name, body in malformed.items():
    write("FuzzGeneric-family", name, body)

# FuzzGeneric-policy: the policy dumps.
for family, step in (("nlctrl", 1), ("netdev", 1), ("ethtool", 5)):
    for count, body in enumerate(replies(GENL_ID_CTRL, CTRL_CMD_GETPOLICY, name_attribute(family))):
        if count % step == 0:
            write("FuzzGeneric-policy", f"kernel-{family}-{count}", body)
write("FuzzGeneric-policy", "malformed-policy-overrun", struct.pack("BBH", 10, 1, 0) + struct.pack("HH", 60, 0x8008) + b"\0" * 8)

# FuzzGeneric-tcpmetrics: entries made by loopback connections (this namespace's lo set up first).
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
for family, address in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET, "127.0.0.2"), (socket.AF_INET6, "::1")):
    listener = socket.socket(family); listener.bind((address, 5555)); listener.listen()
    client = socket.create_connection((address, 5555)); server, _ = listener.accept()
    client.send(b"x" * 64); server.recv(64); server.close(); client.close(); listener.close()
for count, body in enumerate(replies(family_id("tcp_metrics"), 1)):
    write("FuzzGeneric-tcpmetrics", f"kernel-{count}", body)
write("FuzzGeneric-tcpmetrics", "malformed-short-address", struct.pack("BBH", 1, 1, 0) + struct.pack("HH", 7, 1) + b"\x7f\0\0\0")

# FuzzGeneric-mptcp: endpoints and limits.
for command in (["ip", "mptcp", "endpoint", "add", "10.0.0.1", "signal"],
                ["ip", "mptcp", "endpoint", "add", "10.0.0.2", "dev", "lo", "subflow", "backup", "id", "7"],
                ["ip", "mptcp", "endpoint", "add", "fd00::1", "subflow", "fullmesh"],
                ["ip", "mptcp", "endpoint", "add", "10.0.0.3", "signal", "id", "9"],
                ["ip", "mptcp", "limits", "set", "subflows", "4", "add_addr_accepted", "3"]):
    subprocess.run(command, check=True)
mptcp = family_id("mptcp_pm")
for count, body in enumerate(replies(mptcp, 3)):
    write("FuzzGeneric-mptcp", f"kernel-endpoint-{count}", body)
write("FuzzGeneric-mptcp", "limits-0", replies(mptcp, 6, dump=False)[0])
write("FuzzGeneric-mptcp", "malformed-short-address",
      struct.pack("BBH", 3, 1, 0) + struct.pack("HH", 24, 0x8001) + struct.pack("HHH", 6, 1, 2) + b"\0\0" + struct.pack("HH", 7, 3) + b"\x0a\0\0\0" + b"\0" * 4)

# FuzzGeneric-netdev: devices and queues.
subprocess.run(["ip", "link", "add", "n0", "numtxqueues", "2", "numrxqueues", "2", "type", "veth", "peer", "name", "n1"], check=True)
subprocess.run(["ip", "link", "set", "n1", "up"], check=True)
subprocess.run(["ip", "link", "set", "n0", "up"], check=True)
netdev = family_id("netdev")
for command, label in ((1, "device"), (10, "queue")):
    for count, body in enumerate(replies(netdev, command)):
        write("FuzzGeneric-netdev", f"kernel-{label}-{count}", body)
write("FuzzGeneric-netdev", "malformed-short-index", struct.pack("BBH", 1, 1, 0) + struct.pack("HH", 6, 1) + b"\x01\x00\x00\x00")

# FuzzGeneric-ethtool: every get of the ethtool family that answers on a veth, a tap and lo, with
# bitsets verbose (flags 0, as notifications carry them) and compact (flags 1); the feature and
# link-mode string sets. FuzzGeneric-bitset: the bitset attributes of those replies (compact,
# verbose with a mask, verbose lists).
subprocess.run(["ip", "link", "add", "e0", "type", "veth", "peer", "name", "e1"], check=True)
subprocess.run(["ip", "link", "set", "e0", "up"], check=True)
subprocess.run(["ip", "tuntap", "add", "mode", "tap", "name", "t0"], check=True)
ethtool = family_id("ethtool")
ETHTOOL_GETS = {1: "strset", 2: "linkinfo", 4: "linkmodes", 6: "linkstate", 7: "debug", 9: "wol", 11: "features", 13: "privflags",
                15: "rings", 17: "channels", 19: "coalesce", 21: "pause", 23: "eee", 25: "tsinfo", 29: "fec"}
BITSET_ATTRIBUTES = {4: (3, 4), 7: (2,), 9: (2,), 11: (2, 3, 4, 5), 25: (2, 3, 4)}


def header(device, flags):
    body = attribute(2, device.encode() + b"\0") + (attribute(3, struct.pack("I", flags)) if flags else b"")
    return attribute(1 | 0x8000, body)


for command, label in ETHTOOL_GETS.items():
    for device in ("e0", "t0", "lo"):
        for flags in (0, 1):
            request = header(device, flags)
            if command == 1:
                # ETHTOOL_A_STRSET_STRINGSETS: the global feature and link-mode names.
                sets = b"".join(attribute(1 | 0x8000, attribute(1, struct.pack("I", set_id))) for set_id in (4, 9))
                request = attribute(1 | 0x8000, b"") + attribute(2 | 0x8000, sets)
                if device != "e0" or flags:
                    continue
            for body in replies(ethtool, command, request, dump=False):
                write("FuzzGeneric-ethtool", f"kernel-{label}-{device}-{flags}", body)
                for kind, value in attributes_of(body):
                    if kind in BITSET_ATTRIBUTES.get(command, ()):
                        write("FuzzGeneric-bitset", f"kernel-{label}-{device}-{flags}-{kind}", value)
write("FuzzGeneric-ethtool", "malformed-short-header", b"\x12\x01")
write("FuzzGeneric-ethtool", "malformed-channels-u8", struct.pack("BBH", 19, 1, 0) + attribute(1 | 0x8000, attribute(1, struct.pack("I", 1))) + attribute(2, b"\x02"))
write("FuzzGeneric-bitset", "malformed-bit-past-size", attribute(2, struct.pack("I", 4)) + attribute(3 | 0x8000, attribute(1 | 0x8000, attribute(1, struct.pack("I", 9)))))
write("FuzzGeneric-bitset", "malformed-no-size", attribute(4, struct.pack("I", 1)) + attribute(5, struct.pack("I", 1)))
write("FuzzGeneric-bitset", "malformed-short-words", attribute(2, struct.pack("I", 64)) + attribute(4, struct.pack("I", 1)) + attribute(5, struct.pack("I", 1)))

# FuzzGeneric-taskstats: this process's statistics by PID and by TGID, and a cgroup's counts.
taskstats = family_id("TASKSTATS")
write("FuzzGeneric-taskstats", "kernel-pid", replies(taskstats, 1, attribute(1, struct.pack("I", os.getpid())), dump=False)[0])
write("FuzzGeneric-taskstats", "kernel-tgid", replies(taskstats, 1, attribute(2, struct.pack("I", os.getpid())), dump=False)[0])
for hierarchy in ("cpu", "memory", "pids", "systemd", ""):
    path = "/sys/fs/cgroup/" + hierarchy
    if os.path.exists(path + "/cgroup.procs"):
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        write("FuzzGeneric-taskstats", "kernel-cgroup", replies(taskstats, 4, attribute(1, struct.pack("I", descriptor)), dump=False)[0])
        os.close(descriptor)
        break
write("FuzzGeneric-taskstats", "malformed-nest-without-stats", struct.pack("BBH", 2, 1, 0) + attribute(4 | 0x8000, attribute(1, struct.pack("I", 1))))
write("FuzzGeneric-taskstats", "malformed-short-cgroupstats", struct.pack("BBH", 5, 1, 0) + attribute(1, b"\0" * 16))

# FuzzGeneric-ioam6: two namespaces (one with data, wide data and a schema) and a schema.
for command in (["ip", "ioam", "namespace", "add", "5", "data", "7", "wide", "0x11"], ["ip", "ioam", "namespace", "add", "6"],
                ["ip", "ioam", "schema", "add", "3", "hello"], ["ip", "ioam", "namespace", "set", "5", "schema", "3"]):
    subprocess.run(command, check=True)
ioam6 = family_id("IOAM6")
for count, body in enumerate(sorted(replies(ioam6, 3))):
    write("FuzzGeneric-ioam6", f"kernel-namespace-{count}", body)
for count, body in enumerate(replies(ioam6, 6)):
    write("FuzzGeneric-ioam6", f"kernel-schema-{count}", body)
write("FuzzGeneric-ioam6", "malformed-short-id", struct.pack("BBH", 3, 1, 0) + attribute(1, b"\x05"))

# FuzzGeneric-netdev, more: the NAPI instances of a veth with GRO on.
subprocess.run(["ethtool", "-K", "n0", "gro", "on"], check=True)
for count, body in enumerate(replies(netdev, 11)):
    write("FuzzGeneric-netdev", f"kernel-napi-{count}", body)
