// The socket layer of the Netlink module against the C headers: the NETLINK_* socket options of
// <linux/netlink.h>, SOL_NETLINK, SOCK_RAW and SOCK_DGRAM, struct sockaddr_nl as
// NetlinkSocketAddress lays it out, the ancillary data ControlBuffer walks (struct cmsghdr,
// CMSG_*, SCM_CREDENTIALS) and the SO_MEMINFO counters of <linux/sock_diag.h>.
//
// `@testable`: NetlinkSocketAddress, ControlBuffer and SocketMemoryInfo.init are internal. Debug
// builds (`swift build --build-tests`, `swift test`) compile Netlink with testing enabled.

import CNetlinkShim
import NetlinkCore
import Testing

@testable import Netlink

#if canImport(Glibc)
import Glibc
#endif

/// One hand-written socket option and the value of its C macro.
struct SocketOptionCase: Sendable, CustomTestStringConvertible {
    var option: NetlinkSocketOption
    var header: Int32
    var cName: String

    init(_ option: NetlinkSocketOption, _ header: Int32, _ cName: String) {
        self.option = option
        self.header = header
        self.cName = cName
    }

    var testDescription: String { cName }
}

/// Every NETLINK_* socket option of the 6.1 headers.
let socketOptionCases: [SocketOptionCase] = [
    SocketOptionCase(.addMembership, NETLINK_ADD_MEMBERSHIP, "NETLINK_ADD_MEMBERSHIP"),
    SocketOptionCase(.dropMembership, NETLINK_DROP_MEMBERSHIP, "NETLINK_DROP_MEMBERSHIP"),
    SocketOptionCase(.packetInfo, NETLINK_PKTINFO, "NETLINK_PKTINFO"),
    SocketOptionCase(.broadcastError, NETLINK_BROADCAST_ERROR, "NETLINK_BROADCAST_ERROR"),
    SocketOptionCase(.noENOBUFS, NETLINK_NO_ENOBUFS, "NETLINK_NO_ENOBUFS"),
    SocketOptionCase(.receiveRing, NETLINK_RX_RING, "NETLINK_RX_RING"),
    SocketOptionCase(.transmitRing, NETLINK_TX_RING, "NETLINK_TX_RING"),
    SocketOptionCase(.listenAllNamespaceIDs, NETLINK_LISTEN_ALL_NSID, "NETLINK_LISTEN_ALL_NSID"),
    SocketOptionCase(.listMemberships, NETLINK_LIST_MEMBERSHIPS, "NETLINK_LIST_MEMBERSHIPS"),
    SocketOptionCase(.capAcknowledgement, NETLINK_CAP_ACK, "NETLINK_CAP_ACK"),
    SocketOptionCase(.extendedAcknowledgement, NETLINK_EXT_ACK, "NETLINK_EXT_ACK"),
    SocketOptionCase(.strictChecking, NETLINK_GET_STRICT_CHK, "NETLINK_GET_STRICT_CHK"),
]

@Suite("NetlinkSocketOption and NetlinkSocketType vs <linux/netlink.h> and <sys/socket.h>")
struct SocketOptionConformanceTests {
    /// Each option's number equals its `NETLINK_*` macro.
    @Test(arguments: socketOptionCases)
    func value(_ c: SocketOptionCase) {
        #expect(c.option.rawValue == c.header, "\(c.cName)")
    }

    /// Each option prints as the name of the macro with its number (the hand-written switch of
    /// `description` agrees with the header too).
    @Test(arguments: socketOptionCases)
    func cName(_ c: SocketOptionCase) {
        #expect(NetlinkSocketOption(rawValue: c.header).description == c.cName)
    }

    /// `NetlinkSocketOption.level` is `SOL_NETLINK`.
    @Test func level() {
        #expect(NetlinkSocketOption.level == shim_SOL_NETLINK())
        #expect(NetlinkSocketOption.level == 270)
    }

    /// The socket types are `SOCK_RAW` and `SOCK_DGRAM`.
    @Test func socketTypes() {
        #expect(NetlinkSocketType.raw.rawValue == shim_SOCK_RAW())
        #expect(NetlinkSocketType.datagram.rawValue == shim_SOCK_DGRAM())
    }
}

/// A size or an offset of a struct the Netlink module lays out itself: what Swift does, what the
/// C compiler does, and the number the code depends on.
let socketLayoutCases: [LayoutCase] = [
    // NetlinkSocketAddress mirrors struct sockaddr_nl (passed as msg_name / to bind and sendto).
    LayoutCase("sizeof(NetlinkSocketAddress) = sizeof(struct sockaddr_nl)",
               swift: MemoryLayout<NetlinkSocketAddress>.size, c: shim_sizeof_sockaddr_nl(), 12),
    LayoutCase("NetlinkSocketAddress.family = sockaddr_nl.nl_family",
               swift: MemoryLayout.offset(of: \NetlinkSocketAddress.family), c: shim_offsetof_sockaddr_nl_nl_family(), 0),
    LayoutCase("NetlinkSocketAddress.pad = sockaddr_nl.nl_pad",
               swift: MemoryLayout.offset(of: \NetlinkSocketAddress.pad), c: shim_offsetof_sockaddr_nl_nl_pad(), 2),
    LayoutCase("NetlinkSocketAddress.portID = sockaddr_nl.nl_pid",
               swift: MemoryLayout.offset(of: \NetlinkSocketAddress.portID), c: shim_offsetof_sockaddr_nl_nl_pid(), 4),
    LayoutCase("NetlinkSocketAddress.groups = sockaddr_nl.nl_groups",
               swift: MemoryLayout.offset(of: \NetlinkSocketAddress.groups), c: shim_offsetof_sockaddr_nl_nl_groups(), 8),
    // struct cmsghdr: ControlBuffer.parse reads cmsg_len as a UInt at 0, level at 8, type at 12,
    // and the data at 16.
    LayoutCase("sizeof(struct cmsghdr)", swift: MemoryLayout<cmsghdr>.size, c: shim_sizeof_cmsghdr(), 16),
    LayoutCase("cmsghdr.cmsg_len", swift: MemoryLayout.offset(of: \cmsghdr.cmsg_len), c: shim_offsetof_cmsghdr_cmsg_len(), 0),
    LayoutCase("cmsghdr.cmsg_level", swift: MemoryLayout.offset(of: \cmsghdr.cmsg_level), c: shim_offsetof_cmsghdr_cmsg_level(), 8),
    LayoutCase("cmsghdr.cmsg_type", swift: MemoryLayout.offset(of: \cmsghdr.cmsg_type), c: shim_offsetof_cmsghdr_cmsg_type(), 12),
    LayoutCase("CMSG_DATA offset", swift: nil, c: shim_CMSG_DATA_offset(), 16),
    LayoutCase("CMSG_LEN(0)", swift: nil, c: shim_CMSG_LEN(0), 16),
    LayoutCase("sizeof(cmsghdr.cmsg_len)", swift: MemoryLayout.size(ofValue: cmsghdr().cmsg_len), c: UInt(MemoryLayout<UInt>.size), 8),
]

/// `sockaddr_nl` values, each field distinct from the others.
let socketAddressValues: [(portID: UInt32, groups: UInt32)] = [
    (0, 0), (0x0403_0201, 0x0807_0605), (UInt32.max, 1), (1, UInt32.max),
]

@Suite("NetlinkSocketAddress vs struct sockaddr_nl")
struct SocketAddressConformanceTests {
    /// Each size and offset is the same in C, in Swift's layout, and the number the code uses.
    @Test(arguments: socketLayoutCases)
    func layout(_ c: LayoutCase) {
        #expect(Int(c.c) == c.expected, "C")
        if let swift = c.swift {
            #expect(swift == c.expected, "Swift")
        }
    }

    /// The default family is `AF_NETLINK`.
    @Test func family() {
        #expect(Int32(NetlinkSocketAddress().family) == shim_AF_NETLINK())
    }

    /// The bytes of a `NetlinkSocketAddress` are those of the C `sockaddr_nl` with the same fields.
    @Test(arguments: 0..<socketAddressValues.count)
    func bytesMatchC(_ index: Int) {
        let (portID, groups) = socketAddressValues[index]
        let swift = NetlinkSocketAddress(NetlinkAddress(portID: portID, groups: groups))
        let c = sockaddr_nl(nl_family: sa_family_t(shim_AF_NETLINK()), nl_pad: 0, nl_pid: portID, nl_groups: groups)
        #expect(bytes(of: swift) == bytes(of: c))
        // And back: a sockaddr_nl filled by the kernel reads as the same address.
        let read = withUnsafeBytes(of: c) { $0.loadUnaligned(as: NetlinkSocketAddress.self) }
        #expect(read.address == NetlinkAddress(portID: portID, groups: groups))
        #expect(read.family == c.nl_family)
    }
}

/// One combination of the control messages a datagram can carry.
struct ControlCase: Sendable, CustomTestStringConvertible {
    var which: Int32
    var testDescription: String {
        var parts: [String] = []
        if which & Int32(SHIM_CONTROL_PKTINFO) != 0 { parts.append("pktinfo") }
        if which & Int32(SHIM_CONTROL_NSID) != 0 { parts.append("nsid") }
        if which & Int32(SHIM_CONTROL_CREDENTIALS) != 0 { parts.append("credentials") }
        return parts.isEmpty ? "none" : parts.joined(separator: "+")
    }
}

@Suite("ControlBuffer vs struct cmsghdr, CMSG_*, SCM_CREDENTIALS")
struct ControlMessageConformanceTests {
    /// The 8-byte alignment ControlBuffer steps by (`(length + 7) & ~7`) is `CMSG_ALIGN`, and the
    /// header size it subtracts gives `CMSG_LEN` and `CMSG_SPACE`.
    @Test func alignment() {
        let headerSize = 16
        for length in 0...64 {
            #expect(Int(shim_CMSG_ALIGN(UInt(length))) == (length + 7) & ~7, "CMSG_ALIGN(\(length))")
            #expect(Int(shim_CMSG_LEN(UInt(length))) == headerSize + length, "CMSG_LEN(\(length))")
            #expect(Int(shim_CMSG_SPACE(UInt(length))) == headerSize + (length + 7) & ~7, "CMSG_SPACE(\(length))")
        }
    }

    /// The level and type numbers ControlBuffer compares with: `SOL_SOCKET`, `SCM_CREDENTIALS` (2,
    /// hard-coded: glibc hides it from Swift), `SOL_NETLINK` with `NETLINK_PKTINFO` and
    /// `NETLINK_LISTEN_ALL_NSID`.
    @Test func levelsAndTypes() {
        #expect(shim_SCM_CREDENTIALS() == 2)
        #expect(shim_SOL_SOCKET() == SOL_SOCKET)
        #expect(NetlinkSocketOption.level == shim_SOL_NETLINK())
        #expect(NetlinkSocketOption.packetInfo.rawValue == NETLINK_PKTINFO)
        #expect(NetlinkSocketOption.listenAllNamespaceIDs.rawValue == NETLINK_LISTEN_ALL_NSID)
    }

    /// Control data written by C with `CMSG_FIRSTHDR`, `CMSG_NXTHDR`, `CMSG_LEN` and `CMSG_DATA`
    /// (none of the three messages has a length that is a multiple of 8, so the padding between
    /// them is exercised) parses into the group, the namespace ID and the credentials written.
    @Test(arguments: (0..<8).map { ControlCase(which: Int32($0)) })
    func parse(_ c: ControlCase) {
        let group: UInt32 = 0x4142_4344
        let nsid: Int32 = -0x1234_5678
        let (pid, uid, gid): (Int32, UInt32, UInt32) = (0x0A0B_0C0D, 0xF1F2_F3F4, 0x1020_3040)
        var control = ControlBuffer()
        var written = 0
        control.withUnsafeMutableBytes { buffer in
            written = Int(shim_build_control(
                buffer.baseAddress, UInt(buffer.count), c.which, group, nsid, pid, uid, gid))
        }
        let expectedLength =
            (c.which & Int32(SHIM_CONTROL_PKTINFO) != 0 ? Int(shim_CMSG_SPACE(UInt(shim_sizeof_nl_pktinfo()))) : 0)
            + (c.which & Int32(SHIM_CONTROL_NSID) != 0 ? Int(shim_CMSG_SPACE(UInt(MemoryLayout<Int32>.size))) : 0)
            + (c.which & Int32(SHIM_CONTROL_CREDENTIALS) != 0 ? Int(shim_CMSG_SPACE(shim_sizeof_ucred())) : 0)
        #expect(written == expectedLength, "the control data fits in ControlBuffer")

        var info = NetlinkDatagramInfo(length: 0)
        control.parse(into: &info)
        #expect(info.group == (c.which & Int32(SHIM_CONTROL_PKTINFO) != 0 ? group : nil))
        #expect(info.namespaceID == (c.which & Int32(SHIM_CONTROL_NSID) != 0 ? nsid : nil))
        #expect(info.credentials == (c.which & Int32(SHIM_CONTROL_CREDENTIALS) != 0
            ? NetlinkCredentials(pid: pid, uid: uid, gid: gid) : nil))
    }
}

@Suite("SocketMemoryInfo vs SK_MEMINFO_*")
struct SocketMemoryInfoConformanceTests {
    /// `memoryInfo()` reads `SO_MEMINFO` at `SOL_SOCKET`, 9 counters: `SK_MEMINFO_VARS`.
    @Test func optionAndCount() {
        #expect(SO_MEMINFO == shim_SO_MEMINFO())
        #expect(SOL_SOCKET == shim_SOL_SOCKET())
        #expect(SK_MEMINFO_VARS == 9)
        #expect(SK_MEMINFO_DROPS == 8)
    }

    /// Each field reads the counter at the index of its `SK_MEMINFO_*`.
    @Test func fieldIndices() {
        let values = (0..<Int(SK_MEMINFO_VARS)).map { UInt32(0x1000 + $0) }
        let info = SocketMemoryInfo(values)
        #expect(info.receiveQueued == values[Int(SK_MEMINFO_RMEM_ALLOC)])
        #expect(info.receiveBuffer == values[Int(SK_MEMINFO_RCVBUF)])
        #expect(info.sendQueued == values[Int(SK_MEMINFO_WMEM_ALLOC)])
        #expect(info.sendBuffer == values[Int(SK_MEMINFO_SNDBUF)])
        #expect(info.drops == values[Int(SK_MEMINFO_DROPS)])
    }
}
