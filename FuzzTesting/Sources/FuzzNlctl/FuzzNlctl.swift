#if canImport(Glibc)
import Glibc
#endif
import Netlink
import NetlinkCore
import NetlinkSockDiag
import NetlinkTestSupport
import Synchronization

// nlctl's whole argument and batch-file parser, fuzzed with no socket: this target compiles
// nlctl's `Shared/` and `IP/` folders (symlinks) and runs each input as a command line or a batch
// file against a fake kernel (`Sandbox`): every request is answered (dumps with an empty DONE, the
// rest with an ACK when asked for, else -EOPNOTSUPP), and the commands that act outside netlink
// (netns, tuntap, monitor, -batch FILE) are refused. The property: an error message or a request,
// never a trap. Output goes nowhere: scripts/fuzz.sh runs this target with -close_fd_mask=3.
//
// An input's first byte chooses: even, the rest is an argument vector (words separated by NUL
// bytes, as the kernel passes argv, each kept byte for byte as nlctl keeps argv: `String(rawBytes:)`); odd, the rest is a batch file, with -force when bit 1 is set
// and -j when bit 2 is set. An even byte with bit 7 set runs the words as `ss`'s arguments (its
// dumps answered empty); with bit 6 set (and not 7), as an ss filter expression with the property
// "parsed, compiled, the program passes the kernel's audit rules (InetDiagFilter.audit) and runs
// on a socket; or refused with ss's message".

/// A fresh fake kernel for each connection.
@Sendable func fakeKernel() -> any NetlinkTransport {
    let kernel = FakeNetlinkKernel()
    kernel.on({ $0.isDump }, reply: { _ in [.done()] })
    return kernel
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    // Standard input is empty (`rule restore`, `-batch -` read it).
    let null = open("/dev/null", O_RDONLY)
    if null >= 0 { dup2(null, 0); close(null) }
    Sandbox.transport = fakeKernel
    return 0
}

/// Runs the jobs of a fuzz input's task on libFuzzer's own thread, one at a time.
///
/// Why not `Task { }` and a semaphore: the task, its first stack slab and the dispatch
/// continuations that carried it are freed on a pool thread *after* the semaphore is signalled,
/// often after this input has returned. libFuzzer counts mallocs and frees during an input and,
/// whenever they differ, reruns it and scans the whole heap for leaks (LeakSanitizer): that scan
/// was 40 % of the target's time and grows with the corpus. With every job run here, the task is
/// created and destroyed inside the input, the counts agree, and the leak scan runs only when
/// something was really left behind — so a leak in nlctl's code is still found.
final class FuzzThreadExecutor: TaskExecutor, @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var jobs: [UnownedJob] = []

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        jobs.reserveCapacity(1024)    // allocated once: no malloc inside an input
    }

    func enqueue(_ job: UnownedJob) {
        pthread_mutex_lock(&mutex)
        jobs.append(job)
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Runs the jobs enqueued here (by this thread, the engine's threads or a resumed
    /// continuation) until `finished` says the input's task has ended and no job is left.
    func run(until finished: () -> Bool) {
        while true {
            pthread_mutex_lock(&mutex)
            while jobs.isEmpty {
                if finished() { pthread_mutex_unlock(&mutex); return }
                pthread_cond_wait(&condition, &mutex)
            }
            let job = jobs.removeFirst()
            pthread_mutex_unlock(&mutex)
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

let executor = FuzzThreadExecutor()
let taskEnded = Atomic<Bool>(false)

/// Runs `body` as a task whose jobs all run on this thread (see ``FuzzThreadExecutor``) and
/// returns when it has ended.
func waitFor(_ body: @escaping @Sendable () async -> Void) {
    taskEnded.store(false, ordering: .relaxed)
    Task(executorPreference: executor) {
        await body()
        taskEnded.store(true, ordering: .releasing)
    }
    executor.run(until: { taskEnded.load(ordering: .acquiring) })
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let mode = input[0]
    let rest = Array(input.dropFirst())
    if mode & 1 == 0, mode & 0x80 != 0 {
        let words = rest.split(separator: 0, omittingEmptySubsequences: false).map { String(rawBytes: $0) }
        waitFor {
            let output = BufferedOutput()
            _ = await SSTool.run(words, options: ToolOptions(), output: output)
            output.flush()
        }
    } else if mode & 1 == 0, mode & 0x40 != 0 {
        let words = rest.split(separator: 0, omittingEmptySubsequences: false).map { String(rawBytes: $0) }
        checkFilter(words)
    } else if mode & 1 == 0 {
        let words = rest.split(separator: 0, omittingEmptySubsequences: false).map { String(rawBytes: $0) }
        waitFor {
            let output = BufferedOutput()
            _ = await IPTool.run(words, options: ToolOptions(), output: output)
            output.flush()
        }
    } else {
        waitFor {
            var options = GlobalOptions()
            options.force = mode & 2 != 0
            options.json = mode & 4 != 0
            let output = BufferedOutput()
            _ = await BatchRunner(file: "fuzz", options: options, output: output).run(rest)
            output.flush()
        }
    }
    Sandbox.closeAll()
    return 0
}

/// The filter property: an expression ss's grammar takes compiles into a program the kernel's audit
/// accepts, and the tree runs on a socket; one it refuses is refused with a message.
func checkFilter(_ words: [String]) {
    var parser = SSFilterParser(words, environment: SSFilterParser.Environment(interfaceIndex: { $0 == "lo" ? 1 : nil }))
    let tree: SSFilter?
    do throws(SSFilterError) {
        tree = try parser.parse()
    } catch {
        if error.message.isEmpty { fatalError("a refusal without a message: \(words)") }
        return
    }
    guard let tree else { return }
    let socket = SSFilter.Socket(family: .inet, localPort: 22, remotePort: 40_000, local: [127, 0, 0, 1], remote: [127, 0, 0, 1], interface: 1)
    _ = tree.matches(socket, ephemeral: 32_768...60_999)
    guard let filter = tree.inetFilter else { return }
    guard let code = try? filter.bytecode() else { return }      // too long a program: a thrown error
    if let why = InetDiagFilter.audit(code) { fatalError("the kernel would refuse the program of \(words): \(why)") }
}
