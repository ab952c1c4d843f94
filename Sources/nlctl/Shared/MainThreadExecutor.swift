import Glibc
import Netlink
import NetlinkCore

/// Runs a command's tasks on the main thread: the task executor of a one-shot command.
///
/// With Swift's default executor, a command's first `await` moves it to a worker of the global
/// pool, and libdispatch starts its manager thread and more workers around it: measured, a third
/// of `nlctl -n NS link show`'s wall time before its first request. Here the main thread runs
/// every job the command's task (and the tasks that inherit its preference) enqueue, in order,
/// and sleeps while none is ready; jobs may be enqueued from any thread (a continuation resumed by
/// a library thread). Work that must run in parallel asks for the global executor explicitly.
final class MainThreadExecutor: TaskExecutor, @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var jobs: [UnownedJob] = []
    private var finished = false

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(&mutex)
        jobs.append(job)
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Runs jobs on the calling thread until ``finish()`` has been called and none is left.
    func run() {
        var ready: [UnownedJob] = []
        while true {
            pthread_mutex_lock(&mutex)
            while jobs.isEmpty && !finished { pthread_cond_wait(&condition, &mutex) }
            if jobs.isEmpty {
                pthread_mutex_unlock(&mutex)
                return
            }
            swap(&ready, &jobs)
            pthread_mutex_unlock(&mutex)
            for job in ready { job.runSynchronously(on: asUnownedTaskExecutor()) }
            ready.removeAll(keepingCapacity: true)
        }
    }

    /// Ends ``run()`` once the jobs enqueued so far have run.
    func finish() {
        pthread_mutex_lock(&mutex)
        finished = true
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }
}

/// `-n NAME` entered by the whole command, as `ip -n` (and `ss -N`) switch their process: the main
/// thread — which runs every job of the command (``MainThreadExecutor``) and starts every thread
/// the command makes — enters the namespace once, so sockets are made there on the spot
/// (`NetworkNamespace.performHere`) instead of by a thread created for each.
///
/// Only `NLCtl.main` allows it (one command per process): commands run inside another process
/// (the tests, the fuzz target) never switch its threads. When `setns` fails (no
/// `CAP_SYS_ADMIN`), nothing changes: the library's dedicated threads enter the namespace, and
/// meet the errors, as before.
enum ProcessNamespace {
    /// The thread that runs the command, set by `NLCtl.main`; `nil` elsewhere.
    nonisolated(unsafe) static var mainThread: pthread_t?

    /// The namespace `/run/netns/NAME` (`NetworkNamespace.named`), entered by the command's main
    /// thread when it may.
    static func named(_ name: String) throws(NetlinkError) -> NetworkNamespace {
        let namespace = try NetworkNamespace.named(name)
        if let mainThread, !Sandbox.isOn, pthread_equal(pthread_self(), mainThread) != 0 {
            try? namespace.enterOnCallingThread()
        }
        return namespace
    }
}
