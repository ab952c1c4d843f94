#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Netlink
import NetlinkCore
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
// bytes, as the kernel passes argv); odd, the rest is a batch file, with -force when bit 1 is set
// and -j when bit 2 is set.

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

/// Runs `body` on the concurrency pool and waits for it (libFuzzer's thread is not a pool thread).
func waitFor(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let mode = input[0]
    let rest = Array(input.dropFirst())
    if mode & 1 == 0 {
        let words = rest.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
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
