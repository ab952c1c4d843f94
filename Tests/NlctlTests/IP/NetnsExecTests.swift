import Glibc
import Testing

/// `nlctl netns exec` and `attach` against ip's: the program runs in the namespace (its links, a
/// sysfs of the namespace, `/etc/netns/NAME` bound over `/etc`), its exit status comes back, and
/// failures read as ip's. The `-all` forms and `/etc/netns` are run in a private mount namespace
/// with a tmpfs on `/run/netns` and an overlay on `/etc`: nothing of the host's changes.
@Suite("nlctl netns exec/attach/monitor vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct NetnsExecTests {
    @Test func execSameAsIP() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link add e0 type veth peer name e1")
        for command in [
            "netns exec NS ip -o link", "netns exec NS ls /sys/class/net", "netns exec NS sh -c exit\\ 7",
            "netns exec NS cat /proc/net/dev", "netns exec nlctl-test-missing true", "netns exec NS /nonexistent",
            "netns exec", "netns exec NS", "netns exec a/b true", "netns exec . true",
        ] {
            let words = command.split(separator: " ").map { String($0).replacing("NS", with: namespace.name).replacing("\\ ", with: " ") }
            let expected = await run(["ip"] + words)
            let actual = await nlctl(words)
            #expect(actual == expected, "\(command)")
        }
        let sysfs = await nlctl(["netns", "exec", namespace.name, "ls", "/sys/class/net"])
        #expect(sysfs.standardOutput == "e0\ne1\nlo\n", "\(sysfs)")
    }

    /// In a batch, as ip: the program runs in a child; a status other than 0 fails the line.
    @Test func execInBatch() async throws {
        let namespace = try ScratchNamespace()
        let script = "printf 'netns exec \(namespace.name) sh -c \"echo in; exit 3\"\\nnetns exec \(namespace.name) true\\n' | TOOL -force -batch -"
        let expected = await RouteSaveRestoreTests.shell(script.replacing("TOOL", with: "ip"))
        let actual = await RouteSaveRestoreTests.shell(script.replacing("TOOL", with: nlctlPath))
        #expect(actual == expected)
        #expect(actual.standardOutput == "in\n" && actual.standardError.contains("Command failed -:1"), "\(actual)")
    }

    /// `-all netns exec` (each name after a `netns: NAME` line), `/etc/netns/NAME/hostname` seen as
    /// /etc/hostname, `attach NAME PID`, and `-all netns delete`, in a private mount namespace.
    @Test func allAndEtcInPrivateMounts() async throws {
        let scratch = "/tmp/nlctl-exec-\(getpid())"
        mkdir(scratch, 0o700)
        defer { rmdir(scratch) }
        let script = """
            set -e
            mount -t tmpfs none \(scratch)
            mkdir \(scratch)/upper \(scratch)/work
            mount -t overlay overlay -o lowerdir=/etc,upperdir=\(scratch)/upper,workdir=\(scratch)/work /etc
            mount -t tmpfs none /run/netns
            mkdir -p /etc/netns/one
            echo host-one > /etc/netns/one/hostname
            ip netns add one; ip netns add two
            ip -n two link add t0 type veth peer name t1
            set +e
            TOOL -all netns exec sh -c 'cat /etc/hostname | grep -c host-one; ls /sys/class/net | tr "\\n" " "'
            echo "status $?"
            TOOL netns exec one cat /etc/hostname
            TOOL -all netns exec
            echo "status $?"
            sleep 30 & pid=$!
            ip netns exec two true
            TOOL netns attach three $!
            ip netns exec three true
            echo "attach $?"
            TOOL netns attach four 2147483646; echo "status $?"
            TOOL netns attach five 0; echo "status $?"
            TOOL netns attach two 1; echo "status $?"
            TOOL netns attach six; echo "status $?"
            kill $pid
            ip netns list | sort | tr "\\n" " "; echo
            TOOL -all netns delete; echo "status $?"
            ip netns list | wc -l
            """
        var results: [Run] = []
        for tool in ["ip", nlctlPath] {
            results.append(await run(["unshare", "-m", "--propagation", "private", "sh", "-c", script.replacing("TOOL", with: tool)]))
        }
        #expect(results[1] == results[0])
        #expect(results[1].standardOutput.contains("\nnetns: one\n1\nlo "), "\(results[1])")
        #expect(results[1].standardOutput.contains("\nnetns: two\n0\nlo t0 t1 "), "\(results[1])")
        #expect(results[1].standardOutput.contains("host-one\nstatus 1\nattach 0\n"), "\(results[1])")
        #expect(results[1].standardOutput.hasSuffix("status 0\n0\n"), "\(results[1])")
    }

    /// `netns monitor`: the names added and deleted meanwhile, as ip prints them (ip under `stdbuf
    /// -oL`: its stdio would keep the lines until exit, and a killed ip prints nothing to a file).
    @Test func monitorSameAsIP() async throws {
        let script = """
            mount -t tmpfs none /run/netns
            TOOL netns monitor > /tmp/nlctl-netns-monitor-\(getpid()) 2>&1 &
            sleep 0.5
            ip netns add m1; ip netns add m2; ip netns del m1; touch /run/netns/plain; rm /run/netns/plain
            sleep 0.5
            kill $!; wait
            cat /tmp/nlctl-netns-monitor-\(getpid()); rm -f /tmp/nlctl-netns-monitor-\(getpid())
            ip netns del m2
            """
        let expected = await run(["unshare", "-m", "--propagation", "private", "sh", "-c", script.replacing("TOOL", with: "stdbuf -oL ip")])
        let actual = await run(["unshare", "-m", "--propagation", "private", "sh", "-c", script.replacing("TOOL", with: nlctlPath)])
        #expect(actual == expected)
        #expect(actual.standardOutput == "add m1\nadd m2\ndelete m1\nadd plain\ndelete plain\n", "\(actual)")
    }
}
