import KernelFeatures
import CNetlinkShim
import Glibc
import NetlinkCore
import Testing

/// The result of running a program.
struct Run: Equatable, CustomStringConvertible {
    var status: Int32
    var standardOutput: String
    var standardError: String
    /// Standard output byte for byte (`standardOutput` holds raw-byte scalars where it is not UTF-8).
    var outputBytes: [UInt8] = []

    var description: String { "exit \(status)\n--- stdout\n\(standardOutput)--- stderr\n\(standardError)" }
}

/// Runs `arguments` (PATH lookup) and collects its output and exit status.
///
/// The program is spawned and waited for on a thread of its own, so the calling task suspends and
/// never holds one of the cooperative pool's threads (two on a 2-core machine) while `ip` or `nlctl`
/// runs: synchronous tests that did so starved the engine tests running beside them, whose
/// deadlines then failed under ASan.
///
/// At most `ProcessSlots.shared.limit` programs run at once: suspended tests no longer throttle
/// themselves by holding threads, and hundreds of argument cases starting `ip` together would load
/// the machine (and the kernel's rtnl lock) far more than the tests beside them expect.
func run(_ arguments: [String]) async -> Run {
    await ProcessSlots.shared.acquire()
    let result = await withCheckedContinuation { continuation in
        BlockingThread.start { continuation.resume(returning: runBlocking(arguments)) }
    }
    await ProcessSlots.shared.release()
    return result
}

/// A counting semaphore for `run`: as many programs at once as the machine has processors (at least 2).
actor ProcessSlots {
    static let shared = ProcessSlots(limit: max(2, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    let limit: Int
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = limit
        free = limit
    }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot to the longest waiter, or frees it.
    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A detached POSIX thread for one blocking job (never a thread of Swift's concurrency pool).
enum BlockingThread {
    /// Starts `body` on a new detached thread; runs it on the calling thread if none can be created.
    static func start(_ body: @escaping @Sendable () -> Void) { startOwnThread(body) }
}

/// `run` for the few places that cannot suspend (a `deinit`, a `defer`, a static initializer):
/// blocks the calling thread, so only for short commands such as `ip netns add|del`.
func runBlocking(_ arguments: [String]) -> Run {
    var outPipe: [Int32] = [0, 0]
    var errPipe: [Int32] = [0, 0]
    // Close-on-exec: another test's child spawned meanwhile must not inherit these pipes' write ends,
    // or this read would wait for that child to exit (a background `ip monitor` waits for this test).
    // The child's own stdout and stderr are dup2 copies, which do not carry the flag.
    netlink_shim_pipe_cloexec(&outPipe)
    netlink_shim_pipe_cloexec(&errPipe)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    posix_spawn_file_actions_addclose(&actions, outPipe[0])
    posix_spawn_file_actions_addclose(&actions, errPipe[0])
    var pid: pid_t = 0
    // Raw-byte scalars (`String(rawBytes:)`) go to the program as their bytes: tests name things with
    // bytes that are not UTF-8.
    let argv = arguments.map { $0.withRawBytesCString { strdup($0) } } + [nil]
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
    for p in argv { free(p) }
    posix_spawn_file_actions_destroy(&actions)
    close(outPipe[1])
    close(errPipe[1])
    guard spawned == 0 else {
        close(outPipe[0])
        close(errPipe[0])
        return Run(status: -1, standardOutput: "", standardError: "cannot run \(arguments[0])")
    }
    // Read both pipes until EOF (poll so a full stderr pipe cannot block the child). A program still
    // running after `commandDeadlineSeconds` is killed and the run says so: a hung command fails its
    // test instead of holding the whole suite (and CI) until an outer limit.
    var out: [UInt8] = []
    var err: [UInt8] = []
    var open = [outPipe[0], errPipe[0]]
    var chunk = [UInt8](repeating: 0, count: 65_536)
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    var killed = false
    while !open.isEmpty {
        var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let left = commandDeadlineSeconds - (now.tv_sec - start.tv_sec)
        if left <= 0 && !killed {
            kill(pid, SIGKILL)
            killed = true
        }
        // After the kill, read what is left for at most a second (a grandchild may hold the pipes).
        let ready = poll(&fds, nfds_t(fds.count), killed ? 1_000 : Int32(min(left, 60)) * 1_000)
        if ready == 0 && killed { break }
        for entry in fds where entry.revents != 0 {
            let n = read(entry.fd, &chunk, chunk.count)
            if n <= 0 {
                close(entry.fd)
                open.removeAll { $0 == entry.fd }
            } else if entry.fd == outPipe[0] {
                out += chunk[0..<n]
            } else {
                err += chunk[0..<n]
            }
        }
    }
    for fd in open { close(fd) }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    if killed {
        let message = "test runner: \(arguments.joined(separator: " ")) still ran after \(commandDeadlineSeconds) s and was killed\n"
        print(message, terminator: "")
        err += Array(message.utf8)
    }
    return Run(status: exit, standardOutput: String(rawBytes: out), standardError: String(rawBytes: err), outputBytes: out)
}

/// How long one program may run under `run` before it is killed: `NLCTL_TEST_COMMAND_SECONDS`, or
/// 300 s, far above any command of the suite even under ASan on a loaded machine.
let commandDeadlineSeconds: Int = {
    if let text = getenv("NLCTL_TEST_COMMAND_SECONDS").map({ String(cString: $0) }), let value = Int(text), value > 0 { return value }
    return 300
}()

/// The nlctl binary built next to this test bundle.
let nlctlPath: String = {
    let executable = CommandLine.arguments[0]
    var directory = String(executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/"))
    // The test bundle is .build/<triple>/debug/<name>.xctest (a file on Linux).
    if directory.hasSuffix(".xctest") { directory = String(directory.split(separator: "/").dropLast().joined(separator: "/")) }
    return (directory.hasPrefix("/") ? directory : "/" + directory) + "/nlctl"
}()

func nlctl(_ arguments: [String]) async -> Run { await run([nlctlPath] + arguments) }

/// A named network namespace (`ip netns add`, unique name) for comparing nlctl with ip; removed after.
final class ScratchNamespace: Sendable {
    let name: String

    init() throws {
        name = "nlctl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let result = runBlocking(["ip", "netns", "add", name])
        guard result.status == 0 else { throw SetupFailure(message: result.description) }
    }

    deinit { _ = runBlocking(["ip", "netns", "del", name]) }

    /// Runs `ip -n NAME args` and requires success (for setting up a configuration).
    func ip(_ arguments: String) async throws {
        let result = await run(["ip", "-n", name] + arguments.split(separator: " ").map(String.init))
        guard result.status == 0 else { throw SetupFailure(message: "ip \(arguments): \(result)") }
    }
}

struct SetupFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The link kinds that the `link add … type KIND` lines of a fixture create.
func linkKinds(createdBy fixture: [String]) -> [String] {
    var kinds: [String] = []
    for line in fixture {
        let words = line.split(separator: " ").map(String.init)
        guard words.starts(with: ["link", "add"]), let type = words.firstIndex(of: "type"), type + 1 < words.count else { continue }
        if !kinds.contains(words[type + 1]) { kinds.append(words[type + 1]) }
    }
    return kinds
}

/// Whether this kernel has every link kind that `fixture` creates (probed once, printed by
/// `KernelFeatures`). When one is missing, this checks what the kernel must do without it instead:
/// `ip` refuses `link add … type KIND` with "Error: Unknown device type." and status 2, and nlctl the
/// same. The caller then leaves out the comparisons that need the fixture (the probe line in the log
/// says why).
func fixtureKindsPresent(_ fixture: [String], sourceLocation: SourceLocation = #_sourceLocation) async -> Bool {
    var allPresent = true
    for kind in linkKinds(createdBy: fixture) {
        let feature = await KernelFeatures.linkKind(kind)
        if feature.present { continue }
        allPresent = false
        #expect(feature.errno == .notSupported, "\(feature)", sourceLocation: sourceLocation)
        guard let a = try? ScratchNamespace(), let b = try? ScratchNamespace() else {
            Issue.record("no namespaces to check the refusal of \(kind)", sourceLocation: sourceLocation)
            continue
        }
        let command = "link add probe0 type \(kind)"
        let refused = await run(["ip", "-n", a.name] + command.split(separator: " ").map(String.init))
        #expect(refused.status == 2 && refused.standardError == "Error: Unknown device type.\n", "ip \(command): \(refused)", sourceLocation: sourceLocation)
        await expectSameAsIP(command, ip: a, nlctl: b, sourceLocation: sourceLocation)
    }
    return allPresent
}

/// One configured namespace for a whole suite of reading commands (a suite trait): made and
/// configured once before the suite's first test, removed after its last. Tests get it from
/// ``namespace(sourceLocation:)``.
struct SharedNamespace: SuiteTrait, TestScoping {
    enum State: Sendable {
        case configured(ScratchNamespace)
        /// The kernel lacks a link kind the configuration creates; `fixtureKindsPresent` has checked
        /// the kernel's refusal of it instead.
        case kindMissing
    }

    @TaskLocal static var current: State?

    let steps: [String]
    /// Runs after the steps, e.g. to wait for duplicate address detection.
    var settle: @Sendable (ScratchNamespace) async throws -> Void = { _ in }

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard await fixtureKindsPresent(steps) else {
            try await Self.$current.withValue(.kindMissing) { try await function() }
            return
        }
        let namespace = try ScratchNamespace()
        for step in steps { try await namespace.ip(step) }
        try await settle(namespace)
        try await Self.$current.withValue(.configured(namespace)) { try await function() }
    }

    /// The suite's configured namespace; `nil` when a link kind is missing (its refusal was checked).
    /// A test of a suite without the trait fails here rather than passing without comparing anything.
    static func namespace(sourceLocation: SourceLocation = #_sourceLocation) -> ScratchNamespace? {
        switch current {
        case .configured(let namespace): return namespace
        case .kindMissing: return nil
        case nil:
            Issue.record("no shared namespace: the suite lacks the .sharedNamespace trait", sourceLocation: sourceLocation)
            return nil
        }
    }
}

extension Trait where Self == SharedNamespace {
    /// The suite's tests share one namespace configured with `steps` (`ip -n NAME STEP` each).
    static func sharedNamespace(_ steps: [String], settle: @escaping @Sendable (ScratchNamespace) async throws -> Void = { _ in }) -> Self {
        SharedNamespace(steps: steps, settle: settle)
    }
}

/// Whether `ip netns add` works here (root with CAP_SYS_ADMIN).
enum NamespaceAccess {
    static let available: Bool = (try? ScratchNamespace()) != nil
    static let reason: Comment = "needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) to create network namespaces with ip netns add"
}

/// Runs `command` with `ip` in one namespace and with `nlctl` in the other, and expects the same
/// exit status, the same standard error (after `errorText`; by default ip's hints renamed) and, unless
/// `compareOutput` is false, the same standard output (after `outputText`).
func expectSameAsIP(
    _ command: String, ip withIP: ScratchNamespace, nlctl withNlctl: ScratchNamespace, compareOutput: Bool = true,
    outputText: (String) -> String = { $0 }, errorText: (String) -> String = { $0.replacingIP() },
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    let words = command.split(separator: " ").map(String.init)
    let expected = await run(["ip", "-n", withIP.name] + words)
    let actual = await nlctl(["-n", withNlctl.name] + words)
    #expect(actual.status == expected.status, "exit status of \(command)", sourceLocation: sourceLocation)
    #expect(actual.standardError == errorText(expected.standardError), "stderr of \(command)", sourceLocation: sourceLocation)
    if compareOutput {
        #expect(outputText(actual.standardOutput) == outputText(expected.standardOutput), "stdout of \(command)", sourceLocation: sourceLocation)
    }
}

/// Runs `command` with `ip` and then with `nlctl` in the same namespace (for reading commands), and
/// expects the same exit status, standard error (ip's hints renamed) and standard output (after
/// `outputText`, which masks what changes between the two reads).
func expectSameAsIP(
    _ command: String, in namespace: ScratchNamespace, outputText: (String) -> String = { $0 },
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await expectSameAsIP(command, ip: namespace, nlctl: namespace, outputText: outputText, sourceLocation: sourceLocation)
}

/// Like ``expectSameAsIP(_:in:outputText:sourceLocation:)`` for a namespace whose state may still
/// move (IPv6 addresses settling, a counter a report moved): both tools read again, 200 ms apart,
/// until their standard outputs agree (at most `attempts` times); then the status, standard error
/// (ip's usage naming `nlctl OBJECT`) and standard output are compared. `environment` goes before
/// both commands in a shell (`COLORFGBG=...`).
func expectSameAsIPSettling(
    _ command: String, in namespace: ScratchNamespace, object: String? = nil, environment: String = "", attempts: Int = 10,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    var expected = Run(status: 0, standardOutput: "", standardError: ""), actual = expected
    for _ in 0..<attempts {
        if environment.isEmpty {
            let words = command.split(separator: " ").map(String.init)
            expected = await run(["ip", "-n", namespace.name] + words)
            actual = await nlctl(["-n", namespace.name] + words)
        } else {
            expected = await run(["sh", "-c", "\(environment) ip -n \(namespace.name) \(command)"])
            actual = await run(["sh", "-c", "\(environment) \(nlctlPath) -n \(namespace.name) \(command)"])
        }
        if actual.standardOutput == expected.standardOutput { break }
        try await Task.sleep(for: .milliseconds(200))
    }
    var expectedError = expected.standardError.replacingIP()
    if let object { expectedError = expectedError.replacing("ip \(object)", with: "nlctl \(object)") }
    #expect(actual.status == expected.status, "status of \(environment) \(command)", sourceLocation: sourceLocation)
    #expect(actual.standardError == expectedError, "stderr of \(environment) \(command)", sourceLocation: sourceLocation)
    #expect(actual.standardOutput == expected.standardOutput, "\(environment) \(command): \(actual) against \(expected)", sourceLocation: sourceLocation)
}

/// A bridge `br0` (multicast statistics on) with the port `va` of a veth pair whose other end `vb`
/// has 192.0.2.2/24, all up, then `extra`; a process behind `vb` joins 239.1.2.3, so that the
/// bridge's snooping counts an IGMP report on `va` (for the extended statistics' tests).
func makeBridgeWithCountedJoin(_ namespace: ScratchNamespace, extra: [String] = []) async throws {
    for step in ["link set lo up", "link add br0 type bridge mcast_stats_enabled 1", "link add va type veth peer name vb",
                 "link set va master br0", "link set br0 up", "link set va up", "link set vb up", "addr add 192.0.2.2/24 dev vb"] + extra {
        try await namespace.ip(step)
    }
    _ = await run(["ip", "netns", "exec", namespace.name, "python3", "-c",
                   "import socket,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                   + "s.setsockopt(socket.IPPROTO_IP,socket.IP_ADD_MEMBERSHIP,socket.inet_aton('239.1.2.3')+socket.inet_aton('192.0.2.2'))\ntime.sleep(0.5)"])
}

/// The fixture gate's "absent" path runs on every kernel: no kernel has a link kind of this name, so
/// `fixtureKindsPresent` must say so and check ip's and nlctl's refusal of it.
@Suite("Fixture kind gate", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct FixtureKindGateTests {
    @Test func missingKindIsCheckedNotSkipped() async {
        #expect(await fixtureKindsPresent(["link add x0 type nosuchkind0 frob"]) == false)
        #expect(await fixtureKindsPresent(["link add va type veth peer name vb", "link set va up"]) == true)
        #expect(linkKinds(createdBy: ["link add a type veth", "link set a type bridge_slave", "link add b type veth"]) == ["veth"])
    }
}

/// Runs `steps` in order, each with `ip -n A` and `nlctl -n B` on twin scratch namespaces, and
/// expects the same exit status, standard error (ip's usage naming `nlctl OBJECT`) and standard
/// output (compared through `normalize`, e.g. to ignore the order of a hash table's dump).
func expectSameStepsAsIP(
    _ steps: [String], object: String, normalize: (String) -> [String] = { [$0] }, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let withIP = try ScratchNamespace()
    let withNlctl = try ScratchNamespace()
    for command in steps {
        let words = command.split(separator: " ").map(String.init)
        let expected = await run(["ip", "-n", withIP.name] + words)
        let actual = await nlctl(["-n", withNlctl.name] + words)
        #expect(actual.status == expected.status, "exit status of \(command)", sourceLocation: sourceLocation)
        let expectedError = expected.standardError.replacingIP().replacing("ip \(object)", with: "nlctl \(object)")
        #expect(actual.standardError == expectedError, "stderr of \(command)", sourceLocation: sourceLocation)
        #expect(normalize(actual.standardOutput) == normalize(expected.standardOutput), "stdout of \(command): \(actual) against \(expected)",
                sourceLocation: sourceLocation)
    }
}
