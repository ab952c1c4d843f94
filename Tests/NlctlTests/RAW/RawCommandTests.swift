import Glibc
import KernelFeatures
import NetlinkCore
import Testing

/// `nlctl raw` against the kernel, in a private namespace: a request and its answer (both socket
/// types), a dump to its end, the kernel's error, a generic family by name, audit's structure, JSON,
/// the connector's refusal outside the initial namespace, a family this kernel lacks, bad arguments.
@Suite("nlctl raw", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct RawCommandTests {
    /// `struct ifinfomsg` for the link of index `index`.
    static func ifinfomsg(index: UInt8) -> String { "00 00 00 00 \(String(format: "%02x", index)) 00 00 00 00 00 00 00 00 00 00 00" }

    @Test(arguments: ["raw", "dgram"])
    func requestAndAcknowledgement(_ socket: String) async throws {
        let namespace = try ScratchNamespace()
        let run = await nlctl(["-n", namespace.name, "raw", "--family", "route", "--type", "RTM_GETLINK", "--header", Self.ifinfomsg(index: 1), "--socket", socket])
        #expect(run.status == 0, "\(run)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("RTM_NEWLINK (16) len=") == true, "\(run)")
        #expect(lines.contains("  [3] len=7: 6c 6f 00  \"lo.\""), "\(run)")   // IFLA_IFNAME
        #expect(lines.contains { $0.hasPrefix("NLMSG_ERROR (2) len=") }, "\(run)")
        #expect(lines.contains("  error: 0 (ACK)"), "\(run)")
    }

    @Test func dumpToItsEnd() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link add r0 type veth peer name r1")
        let run = await nlctl(["-n", namespace.name, "raw", "--family", "NETLINK_ROUTE", "--type", "18", "--dump", "--header", Self.ifinfomsg(index: 0)])
        #expect(run.status == 0, "\(run)")
        let links = run.standardOutput.split(separator: "\n").filter { $0.hasPrefix("RTM_NEWLINK (16)") }
        #expect(links.count == 3, "\(run)")   // lo, r0, r1
        #expect(run.standardOutput.split(separator: "\n").last { !$0.hasPrefix(" ") }?.hasPrefix("NLMSG_DONE (3)") == true, "\(run)")
        let json = await nlctl(["-n", namespace.name, "-j", "raw", "--family", "route", "--type", "RTM_GETLINK", "--dump", "--header", Self.ifinfomsg(index: 0)])
        let objects = json.standardOutput.split(separator: "\n")
        #expect(objects.count == 4, "\(json)")
        #expect(objects.first?.hasPrefix("{\"type\":16,\"type_name\":\"RTM_NEWLINK\",\"flags\":2,\"seq\":1,\"port\":") == true, "\(json)")
        #expect(objects.last?.hasPrefix("{\"type\":3,\"type_name\":\"NLMSG_DONE\",\"flags\":2,\"seq\":1,") == true, "\(json)")
    }

    @Test func kernelErrorIsStatusTwo() async throws {
        let namespace = try ScratchNamespace()
        let run = await nlctl(["-n", namespace.name, "raw", "--family", "route", "--type", "RTM_GETLINK", "--header", Self.ifinfomsg(index: 99), "--seq", "0x77"])
        #expect(run.status == 2)
        #expect(run.standardError == "nlctl raw: the kernel answered error -19 (No such device)\n")
        #expect(run.standardOutput.hasPrefix("NLMSG_ERROR (2) len="), "\(run)")
        #expect(run.standardOutput.contains(" seq=119 "), "\(run)")
        #expect(run.standardOutput.contains("  error: -19 (No such device)\n"), "\(run)")
    }

    @Test func genericFamilyByName() async throws {
        let namespace = try ScratchNamespace()
        // CTRL_CMD_GETFAMILY (3) with CTRL_ATTR_FAMILY_NAME (2) "nlctrl": the controller describes itself.
        let run = await nlctl(["-n", namespace.name, "raw", "--family", "generic", "--type", "nlctrl", "--command", "3", "--attribute", "2:string:nlctrl", "--flags", "request"])
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.hasPrefix("type (16) len="), "\(run)")
        #expect(run.standardOutput.contains("  family header (4 bytes): 01 02 00 00\n"), "\(run)")   // CTRL_CMD_NEWFAMILY, version 2
        #expect(run.standardOutput.contains("  [2] len=11: 6e 6c 63 74 72 6c 00  \"nlctrl.\"\n"), "\(run)")
        let unknown = await nlctl(["-n", namespace.name, "raw", "--family", "generic", "--type", "nosuchfamily0", "--command", "3"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.hasPrefix("nlctl raw: no generic netlink family \"nosuchfamily0\" here: "), "\(unknown)")
    }

    @Test(.enabled(if: getuid() == 0, "AUDIT_GET needs CAP_AUDIT_CONTROL (run as root)"))
    func auditStructureInHex() async throws {
        let namespace = try ScratchNamespace()
        // AUDIT_GET (1000): struct audit_status, whole, in hex; read only.
        let run = await nlctl(["-n", namespace.name, "raw", "--family", "audit", "--type", "1000", "--flags", "request", "--timeout", "2"])
        #expect(run.status == 0, "\(run)")
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("type (1000) len=") == true, "\(run)")
        #expect(lines.dropFirst().first?.hasPrefix("  payload (") == true, "\(run)")
    }

    @Test func connectorRefusesOutsideTheInitialNamespace() async throws {
        let namespace = try ScratchNamespace()
        // PROC_CN_MCAST_IGNORE in a cn_msg for CN_IDX_PROC: the connector has no kernel socket here.
        let run = await nlctl(["-n", namespace.name, "raw", "--family", "connector", "--type", "NLMSG_DONE", "--flags", "0",
                               "--header", "01000000 01000000 00000000 00000000 0400 0000 02000000"])
        #expect(run.status == 1)
        #expect(run.standardError == "nlctl raw: no kernel socket of NETLINK_CONNECTOR (11) in this namespace answers (sendmsg: Connection refused)\n")
    }

    @Test func familyThisKernelLacks() async throws {
        let namespace = try ScratchNamespace()
        for (word, family) in [("crypto", NetlinkFamily.crypto), ("smc", .smc), ("rdma", .rdma), ("17", NetlinkFamily(17))] {
            let run = await nlctl(["-n", namespace.name, "raw", "--family", word, "--type", "16", "--timeout", "0.2"])
            if KernelFeatures.netlinkFamily(family).present {
                #expect(run.status != 2 || !run.standardError.contains("not supported"), "\(word): \(run)")
            } else {
                #expect(run.status == 2, "\(word): \(run)")
                #expect(run.standardError == "nlctl raw: \(family) (\(family.rawValue)) is not supported by this kernel\n", "\(word): \(run)")
            }
        }
    }

    @Test(arguments: [
        (["raw"], "nlctl raw: --family is required; try \"nlctl raw help\""),
        (["raw", "--family", "route"], "nlctl raw: --type is required; try \"nlctl raw help\""),
        (["raw", "--family", "nosuch", "--type", "1"], "nlctl raw: \"nosuch\" is not a netlink family (a name such as route or generic, or a number below 32)"),
        (["raw", "--family", "32", "--type", "1"], "nlctl raw: \"32\" is not a netlink family (a name such as route or generic, or a number below 32)"),
        (["raw", "--family", "audit", "--type", "RTM_GETLINK"], "nlctl raw: \"RTM_GETLINK\" is not a message type of NETLINK_AUDIT (give a number)"),
        (["raw", "--family", "route", "--type", "65536"], "nlctl raw: \"65536\" is not a message type (0 to 65535)"),
        (["raw", "--family", "route", "--type", "18", "--flags", "ack,bogus"], "nlctl raw: \"bogus\" is not a flag (request, ack, echo, root, match, atomic, dump, replace, excl, create, append, nonrec, capped, ack-tlvs, or a number below 65536)"),
        (["raw", "--family", "route", "--type", "18", "--header", "abc"], "nlctl raw: \"abc\" is not hex bytes"),
        (["raw", "--family", "route", "--type", "18", "--attribute", "3:u8:256"], "nlctl raw: \"256\" is not a number of 8 bits (attribute 3)"),
        (["raw", "--family", "route", "--type", "18", "--attribute", "3:float:1"], "nlctl raw: \"float\" is not an attribute format (u8 u16 u32 u64 s8 s16 s32 s64 be16 be32 be64 string bytes flag ipv4 ipv6 mac)"),
        (["raw", "--family", "route", "--type", "18", "--attribute", "16384:flag:"], "nlctl raw: \"16384\" is not an attribute type (0 to 16383, +N for nested)"),
        (["raw", "--family", "route", "--type", "18", "--command", "1"], "nlctl raw: --command builds struct genlmsghdr: it needs --family generic"),
        (["raw", "--family", "route", "--type", "18", "--timeout", "inf"], "nlctl raw: \"inf\" is not a timeout (0 to 3600 seconds)"),
        (["raw", "--family", "route", "--type"], "nlctl raw: option \"--type\" needs a value"),
        (["raw", "--frob"], "nlctl raw: unknown option \"--frob\"; try \"nlctl raw help\""),
    ] as [([String], String)])
    func badArguments(_ arguments: [String], _ message: String) async {
        let run = await nlctl(arguments)
        #expect(run.status == 255, "\(run)")
        #expect(run.standardError == message + "\n")
        #expect(run.standardOutput == "")
    }
}
