import Glibc
import KernelFeatures
import NetlinkCore
import Testing

/// netlink(7)'s permission rules, as a user without capabilities (`setpriv` to nobody, inside a
/// private namespace), through `nlctl raw`: which families let other users join a multicast group
/// (`NL_CFG_F_NONROOT_RECV`: ROUTE, SOCK_DIAG, SELINUX, KOBJECT_UEVENT, GENERIC — measured; USERSOCK's
/// users may send only), the `EPERM` of
/// the others in one line that says what is needed; and which requests the families refuse
/// (audit's and xfrm's, with the kernel's `-EPERM`) while rtnetlink answers a GET.
@Suite("netlink(7) permissions as an unprivileged user", .enabled(if: getuid() == 0, "dropping to an unprivileged user needs root"))
struct RawPermissionTests {
    static func asNobody(_ namespace: ScratchNamespace, _ arguments: [String]) async -> Run {
        await run(["ip", "netns", "exec", namespace.name, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", nlctlPath, "raw"] + arguments)
    }

    @Test(arguments: [
        ("route", "1", nil), ("sock_diag", "1", nil), ("selinux", "1", nil), ("kobject_uevent", "1", nil), ("generic", "16", nil),
        ("usersock", "1", "CAP_NET_ADMIN (only ROUTE, SOCK_DIAG, SELINUX, KOBJECT_UEVENT and GENERIC let other users listen)"),
        ("connector", "2", "CAP_NET_ADMIN (only ROUTE, SOCK_DIAG, SELINUX, KOBJECT_UEVENT and GENERIC let other users listen)"),
        ("xfrm", "1", "CAP_NET_ADMIN (only ROUTE, SOCK_DIAG, SELINUX, KOBJECT_UEVENT and GENERIC let other users listen)"),
        ("netfilter", "1", "CAP_NET_ADMIN (only ROUTE, SOCK_DIAG, SELINUX, KOBJECT_UEVENT and GENERIC let other users listen)"),
        ("fib_lookup", "1", "CAP_NET_ADMIN (only ROUTE, SOCK_DIAG, SELINUX, KOBJECT_UEVENT and GENERIC let other users listen)"),
        ("audit", "1", "CAP_NET_ADMIN and CAP_AUDIT_READ"),
    ] as [(String, String, String?)])
    func joiningAGroup(_ family: String, _ group: String, _ needs: String?) async throws {
        let namespace = try ScratchNamespace()
        let run = await Self.asNobody(namespace, ["--family", family, "--groups", group, "--listen", "--timeout", "0"])
        if let needs {
            let name = "NETLINK_" + family.uppercased()
            #expect(run.status == 1, "\(run)")
            #expect(run.standardError == "nlctl raw: joining group \(group) of \(name) needs \(needs): Operation not permitted\n", "\(run)")
        } else {
            #expect(run.status == 0, "\(run)")
            #expect(run.standardError == "", "\(run)")
        }
    }

    @Test func requestsTheFamiliesRefuse() async throws {
        let namespace = try ScratchNamespace()
        let links = await Self.asNobody(namespace, ["--family", "route", "--type", "RTM_GETLINK", "--dump", "--header", "00000000 00000000 00000000 00000000"])
        #expect(links.status == 0, "\(links)")
        #expect(links.standardOutput.hasPrefix("RTM_NEWLINK (16) len="), "\(links)")
        // AUDIT_GET (1000) and XFRM_MSG_GETPOLICY (21) as a dump: the kernel's -EPERM.
        for arguments in [["--family", "audit", "--type", "1000", "--flags", "request,ack"], ["--family", "xfrm", "--type", "21", "--dump"]] {
            let refused = await Self.asNobody(namespace, arguments)
            #expect(refused.status == 2, "\(arguments): \(refused)")
            #expect(refused.standardError == "nlctl raw: the kernel answered error -1 (Operation not permitted)\n", "\(arguments): \(refused)")
        }
    }
}
