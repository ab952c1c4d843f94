import Glibc
internal import CNetlinkShim

/// Child processes for tests that must run part of themselves elsewhere: under `unshare -U -r -n`
/// (a user namespace: `unshare(CLONE_NEWUSER)` is refused to a multithreaded process), or as an
/// unprivileged user (`setpriv`), by running the test binary again with a filter.

/// Runs a child with its signal mask reset, collecting stdout and stderr together.
public func runChild(environment extra: [String] = [], _ arguments: [String]) -> (status: Int32, output: String) {
    var pipeFDs: [Int32] = [0, 0]
    netlink_shim_pipe_cloexec(&pipeFDs)  // not inherited by children that other tests spawn meanwhile  // not inherited by children that other tests spawn meanwhile
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
    posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 2)
    posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let argv = arguments.map { strdup($0) } + [nil]
    var inherited: [String] = []
    var entry = environ
    while let pointer = entry.pointee {
        inherited.append(String(cString: pointer))
        entry += 1
    }
    let envp = (inherited + extra).map { strdup($0) } + [nil]
    let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
    for p in argv { free(p) }
    for p in envp { free(p) }
    posix_spawn_file_actions_destroy(&actions)
    posix_spawnattr_destroy(&attributes)
    close(pipeFDs[1])
    guard spawned == 0 else {
        close(pipeFDs[0])
        return (-1, "cannot run \(arguments[0])")
    }
    // Read until EOF, at most `childDeadlineSeconds`: a child still running then is killed and the
    // result says so (a hung child must fail its test, not hold the whole run).
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    var killed = false
    while true {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let left = childDeadlineSeconds - (now.tv_sec - start.tv_sec)
        if left <= 0 {
            kill(pid, SIGKILL)
            killed = true
            break
        }
        var descriptor = pollfd(fd: pipeFDs[0], events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, Int32(min(left, 60)) * 1_000) == 0 { continue }
        let n = read(pipeFDs[0], &chunk, chunk.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        output += chunk[0..<n]
    }
    close(pipeFDs[0])
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    if killed { output += Array("\nrunChild: \(arguments.joined(separator: " ")) still ran after \(childDeadlineSeconds) s and was killed\n".utf8) }
    return (exit, String(decoding: output, as: UTF8.self))
}

/// How long `runChild` lets a child run (`NETLINK_TEST_CHILD_SECONDS`, or 600 s).
public let childDeadlineSeconds: Int = {
    if let text = getenv("NETLINK_TEST_CHILD_SECONDS").map({ String(cString: $0) }), let value = Int(text), value > 0 { return value }
    return 600
}()

