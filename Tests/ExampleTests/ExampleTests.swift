import Glibc
import KernelFeatures
import Testing

/// netlink(7)'s three examples (Examples/Netlink7*), run as built, each in a new network namespace
/// of its own (`unshare -n`), their output checked.
@Suite("netlink(7) examples", .enabled(if: KernelFeatures.privateNamespaces.present, "needs CAP_SYS_ADMIN to unshare a network namespace (run as root)"))
struct ExampleTests {
    /// A program built next to this test bundle (.build/<triple>/debug/).
    static func built(_ name: String) -> String {
        var directory = CommandLine.arguments[0].split(separator: "/", omittingEmptySubsequences: false).dropLast()
        if directory.last?.hasSuffix(".xctest") == true { directory = directory.dropLast() }
        let path = directory.joined(separator: "/") + "/" + name
        return path.hasPrefix("/") ? path : "/" + path
    }

    /// Runs `sh -c script` in a new network namespace; returns its exit status and standard output.
    static func inNewNamespace(_ script: String) async -> (status: Int32, output: String) {
        await onOwnThread {
            // Under the ASan stage the examples are built with AddressSanitizer; their own leak check
            // is off: LeakSanitizer reports a String temporary of main.swift's top-level async code
            // as leaked at exit (64 bytes, allocated by a print's interpolation in async_Main) — the
            // top-level code's frame, not the library, whose leaks the test process itself checks.
            let arguments = ["unshare", "-n", "timeout", "60", "env", "ASAN_OPTIONS=detect_leaks=0", "sh", "-c", script]
            let (status, output) = runCapturingOutput(arguments, mergingStandardError: true)
            return (status, String(decoding: output, as: UTF8.self))
        }
    }

    /// Example 1: bound to RTMGRP_LINK | RTMGRP_IPV4_IFADDR, it sees a bridge made, its address and
    /// its deletion, and exits after three.
    @Test func listen() async throws {
        let program = Self.built("netlink7-listen")
        let result = await Self.inNewNamespace("""
            "\(program)" 3 > /tmp/netlink7-listen.$$ 2>&1 & pid=$!
            for i in $(seq 200); do grep -q listening /tmp/netlink7-listen.$$ && break; sleep 0.05; done
            ip link add ex0 type bridge && ip address add 192.0.2.1/24 dev ex0 && ip link del ex0
            wait $pid; status=$?
            cat /tmp/netlink7-listen.$$; rm -f /tmp/netlink7-listen.$$
            exit $status
            """)
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "listening", "\(lines)")
        #expect(lines.contains { $0.hasPrefix("RTM_NEWLINK ") && $0.hasSuffix(" ex0") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("RTM_NEWADDR ") && $0.hasSuffix(" 192.0.2.1/24") }, "\(lines)")
        #expect(lines.count == 4, "\(lines)")
    }

    /// Example 2: an RTM_NEWLINK with NLM_F_ACK is acknowledged (NLMSG_ERROR with error 0), the same
    /// again is refused with EEXIST, and the library's call says what it asked and the kernel's answer.
    @Test func sendWithAcknowledgement() async throws {
        let result = await Self.inNewNamespace("\"\(Self.built("netlink7-ack"))\"")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == """
            sequence 1: acknowledged
            sequence 2: errno 17 (File exists)
            execute: create link example0 (bridge): File exists
            deleted

            """, "\(result.output)")
    }

    /// Example 3: the receive loop over a link dump of a new namespace: `lo`, then NLMSG_DONE.
    @Test func receiveLoop() async throws {
        let result = await Self.inNewNamespace("ip link add ex1 type bridge; \"\(Self.built("netlink7-receive"))\"")
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "1 lo 65536", "\(lines)")
        #expect(lines.dropFirst().first.map { $0.hasSuffix(" ex1 1500") } == true, "\(lines)")
        #expect(lines.last == "2 links", "\(lines)")
    }
}
