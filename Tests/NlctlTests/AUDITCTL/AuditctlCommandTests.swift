import Glibc
import Testing

/// `nlctl auditctl -s | -l | -v` against auditctl 3.0.9: standard output, standard error and status
/// byte for byte — in the initial namespace, in a scratch one (the audit state is the host's in
/// both), and as an unprivileged user ("You must be root", status 4). Read only: nothing here
/// changes the audit state; what would is refused by nlctl with one line.
@Suite("nlctl auditctl vs auditctl", .serialized, .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct AuditctlCommandTests {
    static let unprivileged = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

    @Test(arguments: ["-s", "-l", "-v"])
    func sameAsAuditctl(_ option: String) async throws {
        let namespace = try ScratchNamespace()
        for (theirs, ours) in [(["auditctl", option], [nlctlPath, "auditctl", option]),
                               (["ip", "netns", "exec", namespace.name, "auditctl", option], [nlctlPath, "-n", namespace.name, "auditctl", option]),
                               (Self.unprivileged + ["auditctl", option], Self.unprivileged + [nlctlPath, "auditctl", option])] {
            let expected = await run(theirs)
            let actual = await run(ours)
            #expect(actual == expected, "\(ours.joined(separator: " ")): \(actual) against \(expected)")
        }
    }

    @Test func jsonAndRefusals() async throws {
        let json = await nlctl(["-j", "auditctl", "-s"])
        let check = await run(["python3", "-c", """
            import json, sys, subprocess
            ours = json.loads(sys.argv[1])
            theirs = dict(line.split(' ')[:2] for line in subprocess.run(['auditctl', '-s'], capture_output=True, text=True).stdout.splitlines())
            for key in ['enabled', 'failure', 'pid', 'rate_limit', 'backlog_limit', 'backlog_wait_time']:
                assert str(ours[key]) == theirs[key], (key, ours, theirs)
            """, json.standardOutput])
        #expect(json.status == 0 && check.status == 0, "\(json) \(check)")
        for arguments in [["-e", "1"], ["-D"], ["-a", "always,exit", "-S", "open"], ["-w", "/etc/passwd"], []] {
            let refused = await nlctl(["auditctl"] + arguments)
            #expect(refused.status == 1 && refused.standardOutput.isEmpty && refused.standardError.hasPrefix("nlctl auditctl: only -s, -l and -v are built"), "\(arguments): \(refused)")
        }
    }
}
