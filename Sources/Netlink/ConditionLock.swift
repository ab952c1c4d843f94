import Glibc

/// A mutex with a condition variable, for the reader thread of a connection (which waits on it,
/// never on the concurrency pool).
final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(condition)
        mutex.deallocate()
        condition.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Takes the lock if it is free; `false` (and nothing held) if another thread holds it.
    func tryLock() -> Bool { pthread_mutex_trylock(mutex) == 0 }

    @inline(__always)
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    func broadcast() { pthread_cond_broadcast(condition) }

    /// Waits (the lock held) until signalled or until `deadline` (CLOCK_MONOTONIC); `nil` waits without limit.
    func wait(until deadline: ContinuousClock.Instant?) {
        guard let deadline else {
            pthread_cond_wait(condition, mutex)
            return
        }
        let left = deadline - ContinuousClock.now
        if left <= .zero { return }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let components = left.components
        var seconds = Int(now.tv_sec) + Int(components.seconds)
        var nanoseconds = Int(now.tv_nsec) + Int(components.attoseconds / 1_000_000_000)
        if nanoseconds >= 1_000_000_000 {
            seconds += 1
            nanoseconds -= 1_000_000_000
        }
        var until = timespec(tv_sec: seconds, tv_nsec: nanoseconds)
        pthread_cond_timedwait(condition, mutex, &until)
    }
}
