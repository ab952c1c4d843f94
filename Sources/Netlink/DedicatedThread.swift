import Glibc
import NetlinkCore

/// Runs a closure on a new POSIX thread of its own, never on a thread of Swift's concurrency pool.
///
/// Used for what must not happen on a shared thread: switching network namespace (`setns`,
/// `unshare` change the calling thread), and the blocking reader loop of a connection.
package enum DedicatedThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread.
    package static func start(name _: String, _ body: @escaping @Sendable () -> Void) throws(NetlinkError) {
        let box = Unmanaged.passRetained(Box(body))
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, box.toOpaque())
        if result != 0 {
            box.release()
            throw NetlinkError.systemCall("pthread_create", .init(rawValue: result))
        }
    }

    /// Runs `body` on a new thread and waits for its result (the calling thread blocks briefly).
    package static func run<T>(name: String, _ body: @escaping () throws(NetlinkError) -> T) throws(NetlinkError) -> T {
        let result = ResultSlot<T>()
        nonisolated(unsafe) let work = body
        try start(name: name) {
            let outcome: Swift.Result<T, NetlinkError>
            do throws(NetlinkError) { outcome = .success(try work()) } catch { outcome = .failure(error) }
            result.fill(outcome)
        }
        return try result.wait().get()
    }

    /// Runs `body` on a new thread; the calling task is suspended meanwhile, its thread free.
    package static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws(NetlinkError) -> T) async throws(NetlinkError) -> T {
        let outcome: Swift.Result<T, NetlinkError> = await withCheckedContinuation { continuation in
            do throws(NetlinkError) {
                try start(name: name) {
                    let outcome: Swift.Result<T, NetlinkError>
                    do throws(NetlinkError) { outcome = .success(try body()) } catch { outcome = .failure(error) }
                    continuation.resume(returning: outcome)
                }
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        return try outcome.get()
    }
}

/// A one-shot slot a thread fills and another waits on.
final class ResultSlot<T>: @unchecked Sendable {
    private var value: Swift.Result<T, NetlinkError>?
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&condition)
    }

    func fill(_ outcome: Swift.Result<T, NetlinkError>) {
        pthread_mutex_lock(&mutex)
        value = outcome
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    func wait() -> Swift.Result<T, NetlinkError> {
        pthread_mutex_lock(&mutex)
        while value == nil { pthread_cond_wait(&condition, &mutex) }
        let outcome = value!
        pthread_mutex_unlock(&mutex)
        return outcome
    }
}
