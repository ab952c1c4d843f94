#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets (FuzzTesting/Corpus/<Target>/) and the copies the
main test suite replays (Tests/NetlinkCoreTests/Corpus/<Target>/seed-*). For the rtnetlink decoders
(FuzzRoute-<decoder>, replayed in place by NetlinkRouteTests) it writes hand-laid seed-* and
malformed-* payloads with what the kernel captures (scripts/capture-route-seeds.py) lack: MPLS
routes, 64-bit expiry, old 20-byte cache information, unknown metrics, every neighbour, rule and
nexthop attribute, heavy group weights, address families that are not IP, short statistics.

    python3 FuzzTesting/make-seeds.py

Seeds are tiny, hand-laid netlink bytes (host order, little-endian as on x86-64 and arm64), written
from the wire format here rather than with the library, so a builder bug cannot hide in its own
seeds. Malformed inputs (a nest 10,000 deep, lengths 0xFFFFFFFF ...) go to the replay corpus only:
a large seed would raise libFuzzer's -max_len and slow every run. The output is deterministic;
re-running rewrites the same files.
"""
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FUZZ_CORPUS = os.path.join(ROOT, "FuzzTesting", "Corpus")
TEST_CORPUS = os.path.join(ROOT, "Tests", "NetlinkCoreTests", "Corpus")

# <linux/netlink.h>
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP_INTR = 0x1, 0x2, 0x4, 0x10
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLM_F_DUMP = 0x300
NLA_F_NESTED, NLA_F_NET_BYTEORDER = 0x8000, 0x4000
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_COOKIE = 1, 2, 3
NLMSGERR_ATTR_POLICY, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MISS_NEST = 4, 5, 6
NL_POLICY_TYPE_ATTR_TYPE, NL_POLICY_TYPE_ATTR_MAX_LENGTH = 1, 7
# <linux/rtnetlink.h>, <linux/if_link.h>
RTM_NEWLINK, RTM_GETLINK = 16, 18
IFLA_IFNAME, IFLA_MTU, IFLA_LINKINFO = 3, 4, 18
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
EINVAL, EEXIST = 22, 17


def pad(data):
    return data + b"\0" * (-len(data) % 4)


def nla(type_, payload):
    """struct nlattr + payload, padded to four (nla_len unpadded)."""
    return pad(struct.pack("=HH", 4 + len(payload), type_) + payload)


def nest(type_, *children, flag=True):
    return nla(type_ | (NLA_F_NESTED if flag else 0), b"".join(children))


def u32(v):
    return struct.pack("=I", v)


def s32(v):
    return struct.pack("=i", v)


def nlmsg(type_, flags, seq, pid, payload, padded=True):
    """struct nlmsghdr + payload (nlmsg_len unpadded), padded to four unless it ends a datagram."""
    data = struct.pack("=IHHII", 16 + len(payload), type_, flags, seq, pid) + payload
    return pad(data) if padded else data


def ifinfomsg(index):
    # family, pad, type, index, flags, change
    return struct.pack("=BBHiII", 0, 0, 1, index, 0x49, 0)


def request_header(type_=RTM_NEWLINK, length=52, flags=NLM_F_REQUEST | NLM_F_ACK | 0x600, seq=1, pid=4242):
    return struct.pack("=IHHII", length, type_, flags, seq, pid)


def link(index, name, kind=None):
    attrs = nla(IFLA_IFNAME, name + b"\0") + nla(IFLA_MTU, u32(1500))
    if kind:
        attrs += nest(IFLA_LINKINFO, nla(IFLA_INFO_KIND, kind + b"\0"),
                      nest(IFLA_INFO_DATA, nla(1 | NLA_F_NET_BYTEORDER, struct.pack(">H", 4789))), flag=False)
    return ifinfomsg(index) + attrs


EXT_ACK = (nla(NLMSGERR_ATTR_MSG, b"Attribute failed policy validation\0")
           + nla(NLMSGERR_ATTR_OFFS, u32(36))
           + nest(NLMSGERR_ATTR_POLICY, nla(NL_POLICY_TYPE_ATTR_TYPE, u32(5)),
                  nla(NL_POLICY_TYPE_ATTR_MAX_LENGTH, u32(15))))
EXT_ACK_FULL = (EXT_ACK + nla(NLMSGERR_ATTR_COOKIE, b"\x01\x02\x03")
                + nla(NLMSGERR_ATTR_MISS_TYPE, u32(3)) + nla(NLMSGERR_ATTR_MISS_NEST, u32(20)))
DONE_EXT_ACK = nla(NLMSGERR_ATTR_MSG, b"Invalid header for link dump\0")


def message_seeds():
    ack = nlmsg(NLMSG_ERROR, NLM_F_CAPPED, 7, 4242, s32(0) + request_header(seq=7))
    error = nlmsg(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, 1, 4242,
                  s32(-EINVAL) + request_header() + EXT_ACK)
    done = nlmsg(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS, 2, 4242, s32(-EINVAL) + DONE_EXT_ACK)
    dump = (nlmsg(RTM_NEWLINK, NLM_F_MULTI, 3, 4242, link(1, b"lo"))
            + nlmsg(RTM_NEWLINK, NLM_F_MULTI, 3, 4242, link(2, b"vx0", b"vxlan"))
            + nlmsg(NLMSG_DONE, NLM_F_MULTI, 3, 4242, s32(0)))
    unaligned = nlmsg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 4, 0, b"\0" * 4) + \
        nlmsg(RTM_NEWLINK, NLM_F_REQUEST, 5, 0, b"\x01\x02\x03\x04\x05", padded=False)
    return {"dump.bin": dump, "ack.bin": ack, "error-extack.bin": error, "done-einval.bin": done,
            "unaligned-final.bin": unaligned}


def attribute_seeds():
    # First byte: bits 0-1 the start depth (0, 1, limit-2, limit), bit 2 the alternate builder calls,
    # bits 3-4 the family-header size for offset resolution (0, 4, 16, 3).
    link_attrs = link(2, b"vx0", b"vxlan")[16:]
    chain = nla(1, b"leaf")
    for level in range(5):
        chain = nest(2 + level, chain)
    odd = (nla(7, b"\x01\x02\x03")                       # unaligned leaf
           + nla(8 | NLA_F_NESTED, b"\x04\x00\x00")      # flagged nest of 3 raw bytes
           + nla(9 | NLA_F_NET_BYTEORDER, u32(0x0A000001))
           + nla(10 | NLA_F_NESTED | NLA_F_NET_BYTEORDER, nla(1, b"")))
    return {"link.bin": bytes([0x10]) + link_attrs, "chain-depth1.bin": bytes([0x01]) + chain,
            "chain-near-limit.bin": bytes([0x06]) + chain, "flags.bin": bytes([0x0C]) + odd}


def error_seeds():
    # First two bytes: the flags of the NLMSG_ERROR / NLMSG_DONE; the rest is the payload.
    flags = lambda f: struct.pack("=H", f)
    return {
        "ack.bin": flags(NLM_F_CAPPED) + s32(0) + request_header(),
        "error-extack.bin": flags(NLM_F_CAPPED | NLM_F_ACK_TLVS) + s32(-EINVAL) + request_header() + EXT_ACK_FULL,
        "error-echo.bin": flags(0) + s32(-EEXIST) + request_header(length=24) + b"\x0a\x00\x00\x00\x01\x00\x00\x00",
        "done-einval.bin": flags(NLM_F_MULTI | NLM_F_ACK_TLVS) + s32(-EINVAL) + DONE_EXT_ACK,
        "done-intr.bin": flags(NLM_F_MULTI | NLM_F_DUMP_INTR) + s32(0),
    }


def malformed():
    """Replay-only inputs: the malformed shapes a netlink parser must answer with a typed error."""
    deep = nla(1, b"x")
    for _ in range(10_000):
        # nla_len is 16 bits: from ~16,000 levels up it would wrap, so the chain stops at 10,000.
        deep = nla(1 | NLA_F_NESTED, deep)
    return {
        "FuzzMessages": {
            "malformed-len-below-header.bin": struct.pack("=IHHII", 15, 16, 0, 0, 0),
            "malformed-len-ffffffff.bin": struct.pack("=IHHII", 0xFFFFFFFF, 16, 0, 0, 0) + b"\0" * 8,
            "malformed-len-past-end.bin": nlmsg(16, 0, 1, 0, b"\0" * 16)[:-4],
            "malformed-short-family-header.bin": nlmsg(RTM_NEWLINK, 0, 1, 0, b"\0\0\0\0"),
            "malformed-nla-len-0-to-3.bin": b"".join(
                nlmsg(RTM_NEWLINK, 0, n, 0, ifinfomsg(1) + struct.pack("=HH", n, 3) + b"abcd") for n in range(4)),
            "malformed-nla-len-past-end.bin": nlmsg(RTM_NEWLINK, 0, 1, 0, ifinfomsg(1) + struct.pack("=HH", 64, 3) + b"abcd"),
            "malformed-truncated-error.bin": nlmsg(NLMSG_ERROR, 0, 1, 0, s32(-EINVAL) + b"\0" * 8),
            "malformed-nest-10000-deep.bin": nlmsg(RTM_NEWLINK, 0, 1, 0, deep),
        },
        "FuzzAttributes": {
            "malformed-nest-10000-deep.bin": bytes([0x00]) + deep,
            "malformed-nla-len-2.bin": bytes([0x00]) + nla(1, b"ok") + struct.pack("=HH", 2, 1),
        },
        "FuzzErrors": {
            "malformed-truncated-error.bin": struct.pack("=H", 0) + s32(-EINVAL) + b"\0" * 8,
            "malformed-echo-past-end.bin": struct.pack("=H", 0) + s32(-EINVAL) + request_header(length=200),
            "malformed-echo-len-below-header.bin": struct.pack("=H", 0) + s32(-EINVAL) + request_header(length=3),
            "malformed-extack-bad-offs.bin": struct.pack("=H", NLM_F_CAPPED | NLM_F_ACK_TLVS) + s32(-EINVAL)
            + request_header() + nla(NLMSGERR_ATTR_OFFS, b"\x01\x02"),
        },
    }


AF_INET, AF_INET6, AF_BRIDGE, AF_MPLS, AF_MCTP = 2, 10, 7, 28, 45


def u16(v):
    return struct.pack("=H", v)


def u64(v):
    return struct.pack("=Q", v)


def ip4(text):
    return bytes(int(x) for x in text.split("."))


V6 = bytes.fromhex("20010db8000000000000000000000001")


def rtmsg(family, dst_len=0, table=254, protocol=4, scope=0, type_=1, flags=0):
    return struct.pack("=BBBBBBBBI", family, dst_len, 0, 0, table, protocol, scope, type_, flags)


def rtnexthop(attrs, flags=0, hops=0, index=2):
    return pad(struct.pack("=HBBi", 8 + len(attrs), flags, hops, index) + attrs)


def route_seeds():
    """Payloads (family header and attributes) for FuzzRoute-<decoder>, and the multipath form."""
    multipath = (rtnexthop(nla(5, ip4("192.0.2.1")) + nla(11, u32(7)), flags=4, hops=255)
                 + rtnexthop(nla(18, u16(AF_INET6) + V6) + nla(21, u16(1)), hops=1, index=3))
    return {
        "route": {
            "seed-mpls-via.bin": rtmsg(AF_MPLS, dst_len=20) + nla(1, b"\x00\x01A\x00")
            + nla(18, u16(AF_INET) + ip4("192.0.2.2")) + nla(4, s32(2)),
            "seed-ipv6-expires-pref.bin": rtmsg(AF_INET6, dst_len=64, protocol=9, flags=0x200) + nla(1, V6)
            + nla(23, u64(1 << 40)) + nla(20, b"\x03") + nla(12, u32(1) * 5) + nla(21, u16(5)) + nla(16, u32(9))
            + nla(3, s32(1)),
            "seed-metrics.bin": rtmsg(AF_INET, dst_len=24) + nla(1, ip4("198.51.100.0"))
            + nla(8, nla(2, u32(1400)) + nla(16, b"cubic\x00") + nla(30, u32(5)) + nla(40, b"\x01")) + nla(15, u32(5000))
            + nla(6, u32(100)) + nla(11, u32(0x10002)),
            "seed-nhid.bin": rtmsg(AF_INET, dst_len=16) + nla(1, ip4("10.40.0.0")) + nla(30, u32(10))
            + nla(4, s32(2)) + nla(5, ip4("192.0.2.1")) + nla(9, multipath),
            "seed-multipath.bin": rtmsg(AF_INET, dst_len=16) + nla(1, ip4("10.20.0.0")) + nla(9, multipath),
        },
        "multipath": {
            "seed-via-flow-encap.bin": b"\x00" + multipath,
            "malformed-rtnh-len-0.bin": b"\x00" + struct.pack("=HBBi", 0, 0, 0, 2),
            "malformed-rtnh-len-past-end.bin": b"\x01" + struct.pack("=HBBi", 64, 0, 0, 2) + b"\x00" * 8,
            "malformed-rtnh-truncated.bin": b"\x00" + rtnexthop(b"") + b"\x08\x00",
        },
        "neighbor": {
            "seed-every-attribute.bin": struct.pack("=BxxxiHBB", AF_BRIDGE, 3, 0x80, 0x42, 1)
            + nla(1, ip4("192.0.2.7")) + nla(2, b"\x02\x00\x00\x00\x00\x07") + nla(3, u32(1) + u32(2) + u32(3) + u32(4))
            + nla(4, u32(3)) + nla(5, u16(10)) + nla(6, struct.pack(">H", 4789)) + nla(7, u32(42)) + nla(8, u32(3))
            + nla(9, u32(4)) + nla(10, s32(1)) + nla(11, u32(43)) + nla(12, b"\x04") + nla(13, u32(20))
            + nla(15, u32(3)) + nest(14, nla(1, u32(1))),
            "malformed-cacheinfo-12.bin": struct.pack("=BxxxiHBB", AF_INET, 3, 2, 0, 1) + nla(3, u32(1) * 3),
        },
        "rule": {
            "seed-every-attribute.bin": struct.pack("=BBBBBBBBI", AF_INET6, 64, 48, 0, 0, 0, 0, 1, 2)
            + nla(1, V6) + nla(2, V6) + nla(3, b"veth0\x00") + nla(4, u32(200)) + nla(6, u32(100)) + nla(10, u32(16))
            + nla(11, u32(3)) + nla(12, struct.pack(">Q", 77)) + nla(13, u32(2)) + nla(14, u32(0)) + nla(15, u32(1000))
            + nla(16, u32(0xFF)) + nla(17, b"br0\x00") + nla(19, b"\x01") + nla(20, u32(1000) + u32(2000)) + nla(21, b"\x04")
            + nla(22, b"\x06") + nla(23, u16(1000) + u16(2000)) + nla(24, u16(443) + u16(443)) + nla(25, b".")
            + nla(26, struct.pack(">I", 0x12345)) + nla(27, struct.pack(">I", 0xFFFFF)) + nla(28, u16(0xFF00))
            + nla(29, u16(0xFFFF)) + nla(30, b"?"),
            "malformed-uidrange-4.bin": struct.pack("=BBBBBBBBI", AF_INET, 0, 0, 0, 254, 0, 0, 1, 0) + nla(20, u32(1)),
        },
        "nexthop": {
            "seed-group-heavy.bin": struct.pack("=BBBBI", 0, 0, 4, 0, 0) + nla(1, u32(10))
            + nla(2, u32(1) + struct.pack("=BBH", 0xE7, 0x03, 0) + u32(2) + struct.pack("=BBH", 0xFF, 0xFF, 0))
            + nla(3, u16(1)) + nla(16, u32(1)) + nla(17, u32(0)),
            "seed-encap-fdb.bin": struct.pack("=BBBBI", AF_INET6, 0, 4, 0, 1) + nla(1, u32(4)) + nla(5, s32(2))
            + nla(6, V6) + nla(7, u16(1)) + nest(8, nla(1, u32(100))) + nla(11, b"") + nla(4, b""),
            "malformed-group-7.bin": struct.pack("=BBBBI", 0, 0, 4, 0, 0) + nla(2, b"\x01" * 7),
        },
        "address": {
            "seed-ipv6-every-attribute.bin": struct.pack("=BBBBI", AF_INET6, 64, 0x80, 0, 3) + nla(1, V6) + nla(2, V6)
            + nla(5, V6) + nla(7, V6) + nla(6, u32(1800) + u32(3600) + u32(5) + u32(6)) + nla(8, u32(0x300))
            + nla(9, u32(77)) + nla(10, s32(4)) + nla(11, b"B"),
            "seed-mctp.bin": struct.pack("=BBBBI", AF_MCTP, 0, 0, 0, 3) + nla(1, b"\x08") + nla(2, b"\x08"),
            "seed-ipv4-label-broadcast.bin": struct.pack("=BBBBI", AF_INET, 24, 0, 0, 2) + nla(2, ip4("192.0.2.1"))
            + nla(1, ip4("192.0.2.9")) + nla(4, ip4("192.0.2.255")) + nla(3, b"veth0:x\x00"),
        },
        "link": {
            "seed-short-stats-port.bin": struct.pack("=BxHiII", 0, 1, 5, 0x11043, 0) + nla(3, b"vx0\x00")
            + nla(23, u64(1) * 3) + nla(37, s32(1)) + nla(33, b"\x01") + nla(39, b"\x00")
            + nest(52, nla(53, b"alt0\x00"), nla(53, b"alt1\x00"))
            + nest(18, nla(1, b"vxlan\x00"), nest(2, nla(1, u32(42))), nla(4, b"bridge\x00"), nest(5, nla(1, b"\x03"))),
        },
        "netconf": {
            "seed-mpls-every-attribute.bin": struct.pack("=Bxxx", AF_MPLS) + b"".join(nla(t, s32(t - 1)) for t in range(1, 9)),
            "seed-header-only-1.bin": bytes([AF_INET]),
        },
        "nsid": {
            "seed-every-attribute.bin": b"\x00\x00\x00\x00" + nla(1, s32(3)) + nla(2, u32(4242)) + nla(4, s32(-1)),
            "seed-family-only.bin": b"\x00",
        },
        "stats": {
            # struct if_stats_msg, IFLA_STATS_LINK_64 (25 counters), an offload group with CPU_HIT (23),
            # raw extended statistics.
            "seed-link64-offload.bin": struct.pack("=BBHII", 0, 0, 0, 2, 0x1B) + nla(1, b"".join(u64(i) for i in range(25)))
            + nest(4, nla(1, b"".join(u64(i) for i in range(23)))) + nla(2, nla(1, u32(0))) + nla(5, nla(10, b"")),
            # Two offload groups: the second, without CPU_HIT, replaces the first whole (the decoder
            # once kept the first one's CPU_HIT with the second one's bytes).
            "regression-offload-twice.bin": struct.pack("=BBHII", 0, 0, 0, 2, 0x8)
            + nest(4, nla(1, b"".join(u64(i) for i in range(25)))) + nest(4, nla(2, u32(1))),
            "malformed-link64-short.bin": struct.pack("=BBHII", 0, 0, 0, 2, 0x1) + nla(1, u64(1) * 22),
        },
        "datagram": {
            "seed-mixed.bin": nlmsg(24, NLM_F_MULTI, 1, 0, rtmsg(AF_MPLS) + nla(18, u16(AF_INET) + ip4("192.0.2.2")))
            + nlmsg(28, NLM_F_MULTI, 1, 0, struct.pack("=BxxxiHBB", AF_INET, 3, 2, 0, 1) + nla(1, ip4("192.0.2.7")))
            + nlmsg(NLMSG_DONE, NLM_F_MULTI, 1, 0, s32(0)),
        },
    }


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def main():
    seeds = {"FuzzMessages": message_seeds(), "FuzzAttributes": attribute_seeds(), "FuzzErrors": error_seeds()}
    for target, files in seeds.items():
        for name, data in files.items():
            assert len(data) <= 512, (target, name, len(data))
            write(os.path.join(FUZZ_CORPUS, target), name, data)
            write(os.path.join(TEST_CORPUS, target), "seed-" + name, data)
    for decoder, files in route_seeds().items():
        for name, data in files.items():
            assert len(data) <= 512, (decoder, name, len(data))
            write(os.path.join(FUZZ_CORPUS, "FuzzRoute-" + decoder), name, data)
    for target, files in malformed().items():
        for name, data in files.items():
            write(os.path.join(TEST_CORPUS, target), name, data)
    print("seeds written to", os.path.relpath(FUZZ_CORPUS, ROOT), "and", os.path.relpath(TEST_CORPUS, ROOT))


if __name__ == "__main__":
    main()
