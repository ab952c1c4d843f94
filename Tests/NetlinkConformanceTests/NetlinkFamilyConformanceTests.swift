// The netlink protocol numbers of NetlinkFamily against the NETLINK_* macros of <linux/netlink.h>.

import CNetlinkShim
import NetlinkCore
import Testing

/// One hand-written family and the value of its C macro.
struct FamilyCase: Sendable, CustomTestStringConvertible {
    /// The Swift constant.
    var family: NetlinkFamily
    /// The C macro's value, from the header.
    var header: Int32
    /// The macro's name.
    var cName: String
    /// The name `description` gives for the number: the current C name (a synonym or a removed
    /// name shares the number of its current name).
    var canonicalName: String

    init(_ family: NetlinkFamily, _ header: Int32, _ cName: String, canonical: String? = nil) {
        self.family = family
        self.header = header
        self.cName = cName
        self.canonicalName = canonical ?? cName
    }

    var testDescription: String { cName }
}

/// Every NetlinkFamily static that has a macro in the 6.1 headers.
let familyCases: [FamilyCase] = [
    FamilyCase(.route, NETLINK_ROUTE, "NETLINK_ROUTE"),
    FamilyCase(.unused, NETLINK_UNUSED, "NETLINK_UNUSED"),
    FamilyCase(.userSocket, NETLINK_USERSOCK, "NETLINK_USERSOCK"),
    FamilyCase(.firewall, NETLINK_FIREWALL, "NETLINK_FIREWALL"),
    FamilyCase(.sockDiag, NETLINK_SOCK_DIAG, "NETLINK_SOCK_DIAG"),
    FamilyCase(.inetDiag, NETLINK_INET_DIAG, "NETLINK_INET_DIAG", canonical: "NETLINK_SOCK_DIAG"),
    FamilyCase(.nflog, NETLINK_NFLOG, "NETLINK_NFLOG"),
    FamilyCase(.xfrm, NETLINK_XFRM, "NETLINK_XFRM"),
    FamilyCase(.selinux, NETLINK_SELINUX, "NETLINK_SELINUX"),
    FamilyCase(.iscsi, NETLINK_ISCSI, "NETLINK_ISCSI"),
    FamilyCase(.audit, NETLINK_AUDIT, "NETLINK_AUDIT"),
    FamilyCase(.fibLookup, NETLINK_FIB_LOOKUP, "NETLINK_FIB_LOOKUP"),
    FamilyCase(.connector, NETLINK_CONNECTOR, "NETLINK_CONNECTOR"),
    FamilyCase(.netfilter, NETLINK_NETFILTER, "NETLINK_NETFILTER"),
    FamilyCase(.ip6Firewall, NETLINK_IP6_FW, "NETLINK_IP6_FW"),
    FamilyCase(.decnetRouting, NETLINK_DNRTMSG, "NETLINK_DNRTMSG"),
    FamilyCase(.kobjectUevent, NETLINK_KOBJECT_UEVENT, "NETLINK_KOBJECT_UEVENT"),
    FamilyCase(.generic, NETLINK_GENERIC, "NETLINK_GENERIC"),
    FamilyCase(.scsiTransport, NETLINK_SCSITRANSPORT, "NETLINK_SCSITRANSPORT"),
    FamilyCase(.ecryptfs, NETLINK_ECRYPTFS, "NETLINK_ECRYPTFS"),
    FamilyCase(.rdma, NETLINK_RDMA, "NETLINK_RDMA"),
    FamilyCase(.crypto, NETLINK_CRYPTO, "NETLINK_CRYPTO"),
    FamilyCase(.smc, NETLINK_SMC, "NETLINK_SMC"),
]

@Suite("NetlinkFamily vs <linux/netlink.h>")
struct NetlinkFamilyConformanceTests {
    /// Each family's protocol number equals its `NETLINK_*` macro.
    @Test(arguments: familyCases)
    func protocolNumber(_ c: FamilyCase) {
        #expect(c.family.rawValue == c.header, "\(c.cName)")
    }

    /// Each family's `description` is the C name the header gives its number.
    @Test(arguments: familyCases)
    func cName(_ c: FamilyCase) {
        #expect(c.family.description == c.canonicalName)
    }

    /// `NETLINK_W1` was removed from the headers (it is not in 6.1); its number, 1, is now
    /// `NETLINK_UNUSED`, so ``NetlinkFamily/w1`` must equal that.
    @Test func w1IsTheRemovedNumberOfUnused() {
        // NETLINK_W1: removed, not in the 6.1 headers (it was 1).
        #expect(NetlinkFamily.w1.rawValue == NETLINK_UNUSED)
        #expect(NetlinkFamily.w1 == NetlinkFamily.unused)
    }

    /// ``NetlinkFamily/deviceMapper`` (17) has no macro: the header only has the comment
    /// "leave room for NETLINK_DM (DM Events)" between `NETLINK_GENERIC` and `NETLINK_SCSITRANSPORT`.
    /// Check it is the number that comment leaves free.
    @Test func deviceMapperIsTheGapLeftForNetlinkDM() {
        // No NETLINK_DM macro exists; 17 is the hole between GENERIC (16) and SCSITRANSPORT (18).
        #expect(NetlinkFamily.deviceMapper.rawValue == NETLINK_GENERIC + 1)
        #expect(NetlinkFamily.deviceMapper.rawValue == NETLINK_SCSITRANSPORT - 1)
        #expect(!familyCases.contains { $0.header == NetlinkFamily.deviceMapper.rawValue })
    }

    /// ``NetlinkFamily/allKnown`` holds every protocol number the header names, each once, and
    /// nothing else; all are below `MAX_LINKS`.
    @Test func allKnownIsEveryHeaderNumberOnce() {
        let known = NetlinkFamily.allKnown.map(\.rawValue)
        #expect(Set(known).count == known.count, "allKnown has duplicates")
        #expect(Set(known) == Set(familyCases.map(\.header)))
        for number in known {
            #expect(number >= 0 && number < MAX_LINKS, "\(number) is not below MAX_LINKS")
        }
    }
}
