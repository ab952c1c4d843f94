import Glibc

/// Runs `arguments` (found on `PATH`), waits for it, and returns its exit status and what it wrote
/// on standard output (and standard error too, with `mergingStandardError`). Blocks the calling
/// thread: from a task, call it inside `onOwnThread`.
public func runCapturingOutput(_ arguments: [String], mergingStandardError: Bool = false) -> (status: Int32, output: [UInt8]) {
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else { return (-1, []) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
    if mergingStandardError { posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2) }
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
    close(pipeEnds[1])
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4_096)
    while true {
        let n = read(pipeEnds[0], &chunk, chunk.count)
        if n <= 0 { break }
        output += chunk[0..<n]
    }
    close(pipeEnds[0])
    guard spawned == 0 else { return (-1, output) }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return ((status >> 8) & 0xFF, output)
}
