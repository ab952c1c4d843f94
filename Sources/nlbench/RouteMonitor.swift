// nlbench monitor-routes: the library's side of the event-storm comparison in
// scripts/bench-objects.sh. Subscribes to RTNLGRP_IPV4_ROUTE in the caller's namespace with a
// forced receive buffer, prints a `ready` line once subscribed, then decodes every RTM_NEWROUTE
// notification into a `Route` until it has seen COUNT of them, or nothing arrived for IDLE seconds.
//
//   nlbench monitor-routes COUNT [IDLE_SECONDS] [RCVBUF_BYTES]
//
// With NLBENCH_CALLING_THREAD set, the listener reads on the calling thread
// (`Configuration.reading = .callingThread`: the consuming task reads the socket itself, no reader
// thread handing each event over); otherwise the default reader thread.
//
// Prints `nlbench monitor-routes ready rcvbuf=B` (flushed) when subscribed, then one line:
// `nlbench monitor-routes events=N expected=C lost=L overruns=O first_to_last_s=T events_per_s=R
// checksum=S vmhwm_kib=K`. Exit status 0 only when all COUNT events arrived and no overrun was
// reported; 1 otherwise (the line is printed either way).
import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import Synchronization

/// Progress shared with the idle watchdog.
final class MonitorProgress: Sendable {
    /// Events seen so far (the watchdog closes the listener when it stops moving).
    let received = Atomic<Int>(0)
}

/// Writes `text` to stdout at once (the script waits for the `ready` line).
func printFlushed(_ text: String) {
    print(text)
    fflush(nil)  // all streams (stdout itself is not concurrency-safe to name)
}

func runRouteMonitor(_ arguments: [String]) async -> Never {
    guard (1...3).contains(arguments.count), let count = Int(arguments[0]), (1...10_000_000).contains(count) else {
        fail("usage: nlbench monitor-routes COUNT(1...10000000) [IDLE_SECONDS] [RCVBUF_BYTES]")
    }
    var idle = 10
    if arguments.count >= 2 {
        guard let value = Int(arguments[1]), (1...600).contains(value) else { fail("IDLE_SECONDS must be 1...600") }
        idle = value
    }
    var configuration = NetlinkConnection.Configuration()
    configuration.receiveBufferSize = 64 << 20
    if arguments.count == 3 {
        guard let value = Int(arguments[2]), (4_096...(1 << 30)).contains(value) else { fail("RCVBUF_BYTES must be 4096...1 GiB") }
        configuration.receiveBufferSize = value
    }
    configuration.groups = [RouteGroup.ipv4Route]
    configuration.pauseReadingWhenEventsBacklogged = true
    if getenv("NLBENCH_CALLING_THREAD") != nil { configuration.reading = .callingThread }
    let listener: NetlinkConnection
    do {
        listener = try await NetlinkConnection(family: .route, configuration: configuration)
    } catch {
        fail("cannot subscribe: \(error)")
    }
    let effective = (try? listener.socket?.receiveBufferSize()) ?? 0
    printFlushed("nlbench monitor-routes ready rcvbuf=\(effective)")

    let progress = MonitorProgress()
    // Closes the listener when no event arrived for `idle` seconds (ends the loop below).
    let watchdog = Task {
        var last = -1
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(idle))
            let now = progress.received.load(ordering: .relaxed)
            if now == last { break }
            last = now
        }
        listener.close()
    }

    let clock = ContinuousClock()
    var first: ContinuousClock.Instant?
    var last = clock.now
    var received = 0
    var overruns = 0
    var checksum: UInt64 = 0
    do {
        loop: for try await event in listener.events {
            switch event {
            case .notification(let datagram):
                try datagram.forEachMessage { message in
                    guard message.type == RouteMessageType.newRoute else { return }
                    let route = try Route(decoding: message)
                    received += 1
                    if case .v4(let destination)? = route.destination { checksum &+= UInt64(destination.value) }
                    checksum &+= UInt64(UInt32(bitPattern: route.outputIndex ?? 0))
                }
                let now = clock.now
                if first == nil { first = now }
                last = now
                progress.received.store(received, ordering: .relaxed)
            case .overrun:
                overruns += 1
            }
            if received >= count { break loop }
        }
    } catch {
        // A closed listener (the watchdog) ends the sequence; anything else is worth saying.
        if progress.received.load(ordering: .relaxed) < count {
            var text = Array("nlbench: monitor-routes stopped: \(error)\n".utf8)
            _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        }
    }
    watchdog.cancel()
    listener.close()
    let span = first.map { Double(($0.duration(to: last)) / .nanoseconds(1)) / 1e9 } ?? 0
    let rate = span > 0 ? Int(Double(received) / span) : 0
    printFlushed(
        "nlbench monitor-routes events=\(received) expected=\(count) lost=\(max(count - received, 0)) overruns=\(overruns) "
            + "first_to_last_s=\(seconds(span)) events_per_s=\(rate) checksum=\(checksum) vmhwm_kib=\(peakResidentKiB())")
    exit(received == count && overruns == 0 ? 0 : 1)
}
