import Glibc

/// Runs `body` on a new POSIX thread of its own — never a thread of Swift's cooperative pool — and
/// returns its result when it ends.
///
/// For a test that blocks in a call until another task acts (a receive without timeout until the
/// test wakes it): run in a `Task`, such a call holds a pool thread, and the pool has as many as the
/// machine has cores. Two such tests at once on a 2-core machine held both, so the tasks that would
/// have woken them never ran: the whole test run hung (CI stopped at its 90-minute limit).
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
        startOwnThread { continuation.resume(returning: body()) }
    }
}

private final class ThreadJob {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Starts `body` on a detached POSIX thread (on the calling thread if none can be made).
public func startOwnThread(_ body: @escaping @Sendable () -> Void) {
    let job = Unmanaged.passRetained(ThreadJob(body))
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    var thread = pthread_t()
    let created = pthread_create(&thread, &attributes, { raw in
        Unmanaged<ThreadJob>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, job.toOpaque())
    if created != 0 { job.takeRetainedValue().body() }
}
