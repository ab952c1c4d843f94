// Parsing benchmarks for NetlinkCore over synthetic rtnetlink dumps (see SyntheticDumps.swift):
// 100k IPv4 routes, 10k links, 10k IPv4 addresses. One benchmark iteration walks every datagram
// of one whole dump, so per-message figures are the per-iteration figures divided by the number
// of messages (100,000 or 10,000); the custom metric "messages/s" reports the rate directly.
//
//   cd Benchmarks && swift package benchmark
//   swift package benchmark --filter "Routes.*"

import Benchmark
import NetlinkCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Data messages handled per second in one iteration (measured around the walk with ContinuousClock).
let messagesPerSecond = BenchmarkMetric.custom("messages/s", polarity: .prefersLarger, useScalingFactor: false)

/// The process's peak resident memory in bytes (`getrusage` `ru_maxrss`), read after each iteration.
///
/// Used instead of the built-in `.peakMemoryResident`, whose sampler reads /proc with Strings inside
/// the measured region and so adds 16-20 mallocs to every iteration's `mallocCountTotal`.
let peakResidentMemory = BenchmarkMetric.custom("peak resident memory (B)", polarity: .prefersSmaller, useScalingFactor: false)

/// `ru_maxrss` in bytes (Linux reports kilobytes, Darwin bytes). One system call, no allocation.
func peakResidentBytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    return usage.ru_maxrss * 1024
    #else
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
    return usage.ru_maxrss
    #endif
}

/// A dump to walk.
enum DumpTable: CaseIterable {
    case routes, links, addresses

    var title: String {
        switch self {
        case .routes: "Routes 100k"
        case .links: "Links 10k"
        case .addresses: "Addresses 10k"
        }
    }

    var dump: SyntheticDump {
        switch self {
        case .routes: Dumps.routes
        case .links: Dumps.links
        case .addresses: Dumps.addresses
        }
    }

    var schema: NestingSchema {
        switch self {
        case .routes: .routes
        case .links: .links
        case .addresses: .addresses
        }
    }
}

/// What is done with each message.
enum Operation: String, CaseIterable {
    /// Walk the messages, reading type, flags and sequence number.
    case messages = "iterate messages"
    /// Walk the messages and every attribute in them, reading the integers.
    case attributes = "iterate messages+attributes"
    /// Decode each message into a plain struct (Route, Link, InterfaceAddress).
    case decode = "decode typed"
}

/// Runs `operation` over every datagram of `dump`.
func walk(_ dump: SyntheticDump, table: DumpTable, _ operation: Operation) throws(NetlinkDecodingError) -> WalkTotals {
    var totals = WalkTotals()
    for datagram in dump.datagrams {
        let bytes = datagram.span.bytes
        switch (operation, table) {
        case (.messages, _):
            try walkMessages(bytes, into: &totals)
        case (.attributes, _):
            try walkMessagesAndAttributes(
                bytes, fixedHeaderLength: dump.fixedHeaderLength, schema: table.schema, into: &totals)
        case (.decode, .routes):
            try decodeRoutes(bytes, into: &totals)
        case (.decode, .links):
            try decodeLinks(bytes, into: &totals)
        case (.decode, .addresses):
            try decodeAddresses(bytes, into: &totals)
        }
    }
    return totals
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .mallocBytesCount, messagesPerSecond, peakResidentMemory],
        warmupIterations: 3,
        scalingFactor: .one,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    for table in DumpTable.allCases {
        for operation in Operation.allCases {
            Benchmark("\(table.title): \(operation.rawValue)") { benchmark, dump in
                var elapsed = Duration.zero
                var totals = WalkTotals()
                for _ in benchmark.scaledIterations {
                    let start = ContinuousClock.now
                    totals = try walk(dump, table: table, operation)
                    elapsed += start.duration(to: .now)
                    blackHole(totals.checksum)
                }
                benchmark.stopMeasurement()
                // Outside the measured region: the sanity check and the custom metric.
                guard totals.messages == dump.messageCount, totals.doneMessages == 1 else {
                    benchmark.error(
                        "\(dump.name): walked \(totals.messages) messages and \(totals.doneMessages) NLMSG_DONE, "
                            + "expected \(dump.messageCount) and 1")
                    return
                }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                let messages = Double(dump.messageCount * benchmark.scaledIterations.count)
                benchmark.measurement(messagesPerSecond, Int(messages / max(seconds, 1e-9)))
                benchmark.measurement(peakResidentMemory, peakResidentBytes())
            } setup: {
                table.dump
            }
        }
    }
}
