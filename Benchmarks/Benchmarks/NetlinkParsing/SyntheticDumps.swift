// Synthetic rtnetlink dumps: what `recv()` returns for a route, link or address dump, built with
// NetlinkMessageBuilder at benchmark setup (nothing big is committed).
//
// Sizes follow the real dumps measured in /work/shared/bench (NOTES.md): an IPv4 route is 52 bytes,
// a veth link about 1.4 KB, an IPv4 address 76 bytes. Messages are packed into datagrams the way
// the kernel packs a dump: as many whole messages as fit in one skb of SKB_WITH_OVERHEAD(32 KiB)
// = 32,448 bytes (the largest `recv` seen in the baseline), each flagged NLM_F_MULTI, and NLMSG_DONE
// appended to the last datagram when it fits (else in a datagram of its own). Like the kernel
// (nla_nest_start_noflag), the link nests do not set NLA_F_NESTED: readers must know the schema.

import NetlinkCore

/// One dump: the datagrams in the order `recv()` returns them.
struct SyntheticDump: Sendable {
    /// What the dump holds, for messages and error reports ("100k IPv4 routes").
    let name: String
    /// The datagrams, each at most ``maximumDatagramSize`` bytes.
    let datagrams: [[UInt8]]
    /// The number of data messages (NLMSG_DONE not counted).
    let messageCount: Int
    /// The size of the fixed family header of the data messages (rtmsg 12, ifinfomsg 16, ifaddrmsg 8).
    let fixedHeaderLength: Int

    /// The bytes of all datagrams.
    var byteCount: Int { datagrams.reduce(0) { $0 + $1.count } }

    /// The largest datagram the kernel fills for a dump: SKB_WITH_OVERHEAD(32768) on x86-64.
    static let maximumDatagramSize = 32_448
    /// `nlmsg_seq` of every message (the dump request's sequence number).
    static let sequence: UInt32 = 1_700_000_000
    /// `nlmsg_pid` of every message (the requesting socket's port ID).
    static let portID: UInt32 = 4242
}

// MARK: Wire structures (family headers), laid out as in <linux/rtnetlink.h> and <linux/if_addr.h>

/// `struct rtmsg` (12 bytes).
struct RouteMessageHeader: BitwiseCopyable {
    var family: UInt8
    var destinationLength: UInt8
    var sourceLength: UInt8
    var tos: UInt8
    var table: UInt8
    var routeProtocol: UInt8
    var scope: UInt8
    var type: UInt8
    var flags: UInt32
}

/// `struct ifinfomsg` (16 bytes).
struct InterfaceInfoMessageHeader: BitwiseCopyable {
    var family: UInt8
    var padding: UInt8
    var type: UInt16
    var index: Int32
    var flags: UInt32
    var change: UInt32
}

/// `struct ifaddrmsg` (8 bytes).
struct InterfaceAddressMessageHeader: BitwiseCopyable {
    var family: UInt8
    var prefixLength: UInt8
    var flags: UInt8
    var scope: UInt8
    var index: UInt32
}

/// `struct ifa_cacheinfo` (16 bytes).
struct AddressCacheInfo: BitwiseCopyable {
    var preferred: UInt32
    var valid: UInt32
    var created: UInt32
    var updated: UInt32
}

// MARK: Packing

/// Packs messages into datagrams of at most `SyntheticDump.maximumDatagramSize` bytes.
struct DumpPacker {
    private var scratch = NetlinkMessageBuilder(capacity: 4096)
    private var current = NetlinkMessageBuilder(capacity: SyntheticDump.maximumDatagramSize)
    private(set) var datagrams: [[UInt8]] = []
    private(set) var messageCount = 0

    /// Adds one message written by `body` (a family header and attributes).
    mutating func add(type: UInt16, _ body: (inout NetlinkMessageBuilder) throws -> Void) throws {
        scratch.removeAll()
        try scratch.message(
            type: NetlinkMessageType(type), flags: .multipart,
            sequence: SyntheticDump.sequence, portID: SyntheticDump.portID, body)
        append(scratch.bytes)
        messageCount += 1
    }

    private mutating func append(_ message: [UInt8]) {
        precondition(message.count <= SyntheticDump.maximumDatagramSize, "one message larger than a datagram")
        if current.count + message.count > SyntheticDump.maximumDatagramSize {
            datagrams.append(current.bytes)
            current.removeAll()
        }
        current.append(bytes: message)
    }

    /// Ends the dump with NLMSG_DONE (error 0) and returns it.
    consuming func finish(name: String, fixedHeaderLength: Int) throws -> SyntheticDump {
        scratch.removeAll()
        try scratch.message(
            type: .done, flags: .multipart, sequence: SyntheticDump.sequence, portID: SyntheticDump.portID
        ) { b in
            b.append(Int32(0))
        }
        append(scratch.bytes)
        datagrams.append(current.bytes)
        return SyntheticDump(
            name: name, datagrams: datagrams, messageCount: messageCount, fixedHeaderLength: fixedHeaderLength)
    }
}

// MARK: The three dumps

extension SyntheticDump {
    /// `ip -4 route show table main` with `count` /32 routes: RTM_NEWROUTE, 52 bytes each.
    static func ipv4Routes(count: Int) throws -> SyntheticDump {
        var packer = DumpPacker()
        for i in 0..<count {
            try packer.add(type: 24) { b in  // RTM_NEWROUTE
                b.append(
                    RouteMessageHeader(
                        family: 2, destinationLength: 32, sourceLength: 0, tos: 0, table: 254,  // RT_TABLE_MAIN
                        routeProtocol: i % 4 == 0 ? 3 : 4,  // RTPROT_BOOT or RTPROT_STATIC
                        scope: 0, type: 1, flags: 0))  // RT_SCOPE_UNIVERSE, RTN_UNICAST
                try b.appendAttribute(15, uint32: 254, .host)  // RTA_TABLE
                try b.appendAttribute(1, ipv4: IPv4Address(0x0A00_0000 | UInt32(truncatingIfNeeded: i)))  // RTA_DST 10.x.y.z
                try b.appendAttribute(4, uint32: UInt32(2 + i % 4), .host)  // RTA_OIF
            }
        }
        return try packer.finish(name: "\(count) IPv4 routes", fixedHeaderLength: 12)
    }

    /// `ip link show` with `count` veth devices: RTM_NEWLINK, about 1.4 KB each, with the statistics
    /// blocks, IFLA_LINKINFO and an IFLA_AF_SPEC holding AF_INET and AF_INET6 configuration.
    static func links(count: Int) throws -> SyntheticDump {
        var packer = DumpPacker()
        for i in 0..<count {
            let index = Int32(2 + i)
            try packer.add(type: 16) { b in  // RTM_NEWLINK
                b.append(
                    InterfaceInfoMessageHeader(
                        family: 0, padding: 0, type: 1, index: index,  // ARPHRD_ETHER
                        flags: 0x1_1043, change: 0))  // UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP
                try b.appendAttribute(3, string: "veth\(i)")  // IFLA_IFNAME
                try b.appendAttribute(13, uint32: 1000, .host)  // IFLA_TXQLEN
                try b.appendAttribute(16, uint8: 6)  // IFLA_OPERSTATE: IF_OPER_UP
                try b.appendAttribute(17, uint8: 0)  // IFLA_LINKMODE
                try b.appendAttribute(4, uint32: 1500, .host)  // IFLA_MTU
                try b.appendAttribute(50, uint32: 68, .host)  // IFLA_MIN_MTU
                try b.appendAttribute(51, uint32: 65535, .host)  // IFLA_MAX_MTU
                try b.appendAttribute(27, uint32: 0, .host)  // IFLA_GROUP
                try b.appendAttribute(30, uint32: 0, .host)  // IFLA_PROMISCUITY
                try b.appendAttribute(61, uint32: 0, .host)  // IFLA_ALLMULTI (newer than the 6.1 headers)
                try b.appendAttribute(31, uint32: 1, .host)  // IFLA_NUM_TX_QUEUES
                try b.appendAttribute(40, uint32: 65535, .host)  // IFLA_GSO_MAX_SEGS
                try b.appendAttribute(41, uint32: 65536, .host)  // IFLA_GSO_MAX_SIZE
                try b.appendAttribute(58, uint32: 65536, .host)  // IFLA_GRO_MAX_SIZE
                try b.appendAttribute(63, uint32: 65536, .host)  // IFLA_GSO_IPV4_MAX_SIZE (newer than 6.1)
                try b.appendAttribute(64, uint32: 65536, .host)  // IFLA_GRO_IPV4_MAX_SIZE (newer than 6.1)
                try b.appendAttribute(59, uint32: 524_280, .host)  // IFLA_TSO_MAX_SIZE
                try b.appendAttribute(60, uint32: 65535, .host)  // IFLA_TSO_MAX_SEGS
                try b.appendAttribute(32, uint32: 1, .host)  // IFLA_NUM_RX_QUEUES
                try b.appendAttribute(33, uint8: 1)  // IFLA_CARRIER
                try b.appendAttribute(6, string: "noqueue")  // IFLA_QDISC
                try b.appendAttribute(35, uint32: 2, .host)  // IFLA_CARRIER_CHANGES
                try b.appendAttribute(47, uint32: 1, .host)  // IFLA_CARRIER_UP_COUNT
                try b.appendAttribute(48, uint32: 1, .host)  // IFLA_CARRIER_DOWN_COUNT
                try b.appendAttribute(39, uint8: 0)  // IFLA_PROTO_DOWN
                try b.appendAttribute(14, bytes: repeatElement(0, count: 32))  // IFLA_MAP: struct rtnl_link_ifmap
                let mac = MACAddress(0x02_00_00_00_00_00 | UInt64(i))
                try b.appendAttribute(1, mac: mac)  // IFLA_ADDRESS
                try b.appendAttribute(2, mac: MACAddress(0xFFFF_FFFF_FFFF))  // IFLA_BROADCAST
                // IFLA_STATS64: struct rtnl_link_stats64, 25 u64 on 6.x kernels (200 bytes).
                try b.appendAttribute(23, bytes: counters(UInt64.self, count: 25, seed: UInt64(i)))
                // IFLA_STATS: struct rtnl_link_stats, 24 u32 (96 bytes).
                try b.appendAttribute(7, bytes: counters(UInt32.self, count: 24, seed: UInt32(truncatingIfNeeded: i)))
                try b.appendNested(43, setNestedFlag: false) { b in  // IFLA_XDP
                    try b.appendAttribute(2, uint8: 0)  // IFLA_XDP_ATTACHED: XDP_ATTACHED_NONE
                }
                try b.appendAttribute(5, uint32: UInt32(index) ^ 1, .host)  // IFLA_LINK: the peer
                try b.appendNested(18, setNestedFlag: false) { b in  // IFLA_LINKINFO
                    try b.appendAttribute(1, string: "veth")  // IFLA_INFO_KIND
                }
                try b.appendAttribute(37, int32: 0, .host)  // IFLA_LINK_NETNSID
                try b.appendNested(26, setNestedFlag: false) { b in  // IFLA_AF_SPEC
                    try b.appendNested(2, setNestedFlag: false) { b in  // AF_INET
                        // IFLA_INET_CONF: IPV4_DEVCONF_MAX (33) s32.
                        try b.appendAttribute(1, bytes: counters(UInt32.self, count: 33, seed: 1))
                    }
                    try b.appendNested(10, setNestedFlag: false) { b in  // AF_INET6
                        try b.appendAttribute(1, uint32: 0x8000_0000, .host)  // IFLA_INET6_FLAGS: IF_READY
                        // IFLA_INET6_CACHEINFO: struct ifla_cacheinfo (16 bytes).
                        try b.appendAttribute(5, bytes: counters(UInt32.self, count: 4, seed: 7))
                        // IFLA_INET6_CONF: DEVCONF_MAX (about 60 on 6.x) s32.
                        try b.appendAttribute(2, bytes: counters(UInt32.self, count: 60, seed: 3))
                        // IFLA_INET6_STATS: IPSTATS_MIB_MAX (38) u64.
                        try b.appendAttribute(3, bytes: counters(UInt64.self, count: 38, seed: UInt64(i)))
                        // IFLA_INET6_ICMP6STATS: ICMP6_MIB_MAX (7) u64.
                        try b.appendAttribute(6, bytes: counters(UInt64.self, count: 7, seed: UInt64(i)))
                        try b.appendAttribute(7, bytes: repeatElement(0, count: 16))  // IFLA_INET6_TOKEN
                        try b.appendAttribute(8, uint8: 0)  // IFLA_INET6_ADDR_GEN_MODE: EUI64
                    }
                }
            }
        }
        return try packer.finish(name: "\(count) links", fixedHeaderLength: 16)
    }

    /// `ip -4 address show` with `count` addresses spread over ten devices d0..d9: RTM_NEWADDR,
    /// 76 bytes each.
    static func ipv4Addresses(count: Int) throws -> SyntheticDump {
        var packer = DumpPacker()
        for i in 0..<count {
            let device = i % 10
            try packer.add(type: 20) { b in  // RTM_NEWADDR
                b.append(
                    InterfaceAddressMessageHeader(
                        family: 2, prefixLength: 24, flags: 0x80, scope: 0,  // IFA_F_PERMANENT, RT_SCOPE_UNIVERSE
                        index: UInt32(2 + device)))
                let address = IPv4Address(0x0A00_0000 | UInt32(truncatingIfNeeded: i))
                try b.appendAttribute(1, ipv4: address)  // IFA_ADDRESS
                try b.appendAttribute(2, ipv4: address)  // IFA_LOCAL
                try b.appendAttribute(3, string: "d\(device)")  // IFA_LABEL
                try b.appendAttribute(8, uint32: 0x80, .host)  // IFA_FLAGS
                try b.appendAttribute(
                    6, value: AddressCacheInfo(preferred: .max, valid: .max, created: 100, updated: 100))  // IFA_CACHEINFO
            }
        }
        return try packer.finish(name: "\(count) IPv4 addresses", fixedHeaderLength: 8)
    }

    /// `count` integers of type `T` in host order, as the bytes of a counter block.
    private static func counters<T: FixedWidthInteger>(_: T.Type, count: Int, seed: T) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * MemoryLayout<T>.size)
        for k in 0..<count {
            let value = seed &* T(truncatingIfNeeded: k + 1) &+ T(truncatingIfNeeded: k)
            withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}

/// The dumps, built once per process on first use (outside any measurement).
enum Dumps {
    static let routes = build { try SyntheticDump.ipv4Routes(count: 100_000) }
    static let links = build { try SyntheticDump.links(count: 10_000) }
    static let addresses = build { try SyntheticDump.ipv4Addresses(count: 10_000) }

    private static func build(_ make: () throws -> SyntheticDump) -> SyntheticDump {
        do {
            return try make()
        } catch {
            fatalError("building a synthetic dump failed: \(error)")
        }
    }
}
