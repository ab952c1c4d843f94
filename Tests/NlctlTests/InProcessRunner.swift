import Glibc
import NetlinkTestSupport
@testable import nlctl

/// Runs one of nlctl's tools in process with its netlink connections on `kernel` (the sandbox's
/// transport, as the fuzz target runs them) and a pipe as its standard output: the status and
/// what it printed. For what this kernel cannot make, from golden replies.
func runInProcess(kernel: FakeNetlinkKernel, _ tool: (BufferedOutput) async -> Int32) async -> (Int32, String) {
    var pipeFDs: [Int32] = [0, 0]
    pipe(&pipeFDs)
    Sandbox.transport = { kernel }
    let output = BufferedOutput(descriptor: pipeFDs[1])
    let status = await tool(output)
    output.flush()
    Sandbox.transport = nil
    Sandbox.closeAll()
    close(pipeFDs[1])
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(pipeFDs[0], &chunk, chunk.count)
        if count <= 0 { break }
        bytes += chunk[0..<count]
    }
    close(pipeFDs[0])
    return (status, String(decoding: bytes, as: UTF8.self))
}
