// End-to-end kernel benchmarks: the library against the real kernel, each table in a private network
// namespace made at setup (NetworkNamespace.createPrivate: it disappears with the process, whatever
// happens). Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN); without it the setup fails and says why.
//
//   cd Benchmarks && swift package benchmark --target NetlinkKernel
//   swift package benchmark --target NetlinkKernel --filter "Kernel routes 1M.*"
//
// Dumps (one iteration = one whole dump, typed and streamed, nothing kept):
//   routes 100k and 1M (RouteStream), routes 1M read as views (no Route), neighbours 10k,
//   IPv4 addresses 10k (the kernel's insertion is quadratic: no more), links (1,000 veth pairs).
// Changes: a batch install of 100k routes through a streaming NetlinkBatch, and the same through
// executeBatch (fresh device per run, made and deleted outside the measurement); the event
// throughput of a 100k-route storm (a listener with a 64 MiB forced receive buffer decodes the
// notifications of a 100k-route NetlinkBatch install made by another socket).
// Fixtures are filled with the same NetlinkBatch (nlctl -batch's options).
//
// Custom metrics: messages/s, peak resident memory (ru_maxrss, read after the measurement), and
// for the storm the events lost. mallocCountTotal / N = mallocs per message.

import Benchmark
import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

let messagesPerSecond = BenchmarkMetric.custom("messages/s", polarity: .prefersLarger, useScalingFactor: false)
let peakResidentMemory = BenchmarkMetric.custom("peak resident memory (B)", polarity: .prefersSmaller, useScalingFactor: false)
let eventsLost = BenchmarkMetric.custom("events lost", polarity: .prefersSmaller, useScalingFactor: false)

func peakResidentBytes() -> Int {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    return usage.ru_maxrss * 1024
}

struct SetupFailure: Error, CustomStringConvertible {
    let description: String
}

/// A private namespace and a connection in it.
final class Fixture: Sendable {
    let namespace: NetworkNamespace
    let connection: NetlinkConnection
    /// The number of objects the dump must return (set by the filler).
    let expected: Int

    init(namespace: NetworkNamespace, connection: NetlinkConnection, expected: Int) {
        self.namespace = namespace
        self.connection = connection
        self.expected = expected
    }

    static func connection(in namespace: NetworkNamespace) throws -> NetlinkConnection {
        var configuration = NetlinkConnection.Configuration()
        configuration.receiveBufferSize = 32 << 20  // room for the ACKs of a big batch
        return try NetlinkConnection(family: .route, namespace: namespace, configuration: configuration)
    }

    static func privateNamespace() throws -> NetworkNamespace {
        do {
            return try NetworkNamespace.createPrivate()
        } catch {
            throw SetupFailure(description: "kernel benchmarks need root (CAP_SYS_ADMIN to create a private namespace): \(error)")
        }
    }
}

/// Makes an ifb (or dummy) device `name`, up; returns its index.
func makeQuietDevice(_ connection: NetlinkConnection, name: String) async throws -> Int32 {
    do {
        try await connection.createLink(name: name, kind: "ifb")
    } catch {
        try await connection.createLink(name: name, kind: "dummy")
    }
    let index = try await connection.link(named: name).index
    try await connection.setLink(index: index, up: true)
    return index
}

/// Makes the quiet device `name` afresh (deleting a leftover of a failed run first); returns its index.
func freshQuietDevice(_ connection: NetlinkConnection, name: String) async throws -> Int32 {
    if let old = try? await connection.link(named: name) { try await connection.deleteLink(index: old.index) }
    return try await makeQuietDevice(connection, name: name)
}

/// The IPv4 routes (all of them, or those through device `outputIndex`), counted from a streamed
/// dump (nothing kept).
func routeCount(_ connection: NetlinkConnection, outputIndex: Int32?) async throws -> Int {
    var count = 0
    for try await route in connection.routeStream(filter: RouteFilter(family: .inet)) {
        if outputIndex == nil || route.outputIndex == outputIndex { count += 1 }
    }
    return count
}

func ipv4(_ first: UInt8, _ i: Int) -> IPAddress {
    .v4(IPv4Address(UInt32(first) << 24 | UInt32(truncatingIfNeeded: i)))
}

/// Sends `count` messages built by `build(i)` through a streaming `NetlinkBatch` with the options
/// `nlctl -batch` uses (64 KiB datagrams, 4,096 in flight, errors and one barrier acknowledgement
/// per datagram); throws at the first failure.
func install(
    _ connection: NetlinkConnection, count: Int, type: NetlinkMessageType, fixedHeaderSize: Int,
    _ build: @escaping @Sendable (Int, inout NetlinkMessageBuilder) throws -> Void
) async throws {
    let batch = connection.batch(options: NetlinkBatch.Options(datagramSize: 65_536, window: 4_096, acknowledgements: .errorsOnly))
    for i in 0..<count {
        try await batch.append(type: type, flags: [.create, .exclusive], fixedHeaderSize: fixedHeaderSize) { try build(i, &$0) }
        while let (index, result) = batch.nextCompleted() {
            if case .failure(let error) = result { throw SetupFailure(description: "message \(index): \(error)") }
        }
    }
    try await batch.finish()
    while let (index, result) = batch.nextCompleted() {
        if case .failure(let error) = result { throw SetupFailure(description: "message \(index): \(error)") }
    }
}

/// The same through `executeBatch`: arrays of 2,000 messages, one datagram and one
/// acknowledgement per message each (the older, simpler API; measured on its own).
func installWithExecuteBatch(
    _ connection: NetlinkConnection, count: Int, type: NetlinkMessageType, fixedHeaderSize: Int,
    _ build: @escaping @Sendable (Int, inout NetlinkMessageBuilder) throws -> Void
) async throws {
    var start = 0
    while start < count {
        let end = min(start + 2_000, count)
        let requests = (start..<end).map { i in
            (type: type, flags: NetlinkMessageFlags([.create, .exclusive]), fixedHeaderSize: fixedHeaderSize,
             build: { (b: inout NetlinkMessageBuilder) throws in try build(i, &b) })
        }
        for (offset, result) in try await connection.executeBatch(requests).enumerated() {
            if case .failure(let error) = result { throw SetupFailure(description: "message \(start + offset): \(error)") }
        }
        start = end
    }
}

func installRoutes(
    _ connection: NetlinkConnection, count: Int, firstOctet: UInt8, index: Int32, executeBatch: Bool = false
) async throws {
    let build: @Sendable (Int, inout NetlinkMessageBuilder) throws -> Void = { i, b in
        let route = Route(destination: ipv4(firstOctet, i), protocol: .boot, outputIndex: index)
        try route.encode(into: &b, for: .add)
    }
    if executeBatch {
        try await installWithExecuteBatch(connection, count: count, type: RouteMessageType.newRoute, fixedHeaderSize: RouteMessage.size, build)
    } else {
        try await install(connection, count: count, type: RouteMessageType.newRoute, fixedHeaderSize: RouteMessage.size, build)
    }
}

/// The fixtures, made once per process and shared by the benchmarks that read the same table.
actor Fixtures {
    static let shared = Fixtures()
    private var made: [String: Fixture] = [:]

    func get(_ key: String, _ make: () async throws -> Fixture) async throws -> Fixture {
        if let fixture = made[key] { return fixture }
        let fixture = try await make()
        made[key] = fixture
        return fixture
    }

    func routes(_ count: Int) async throws -> Fixture {
        try await get("routes \(count)") {
            let namespace = try Fixture.privateNamespace()
            let connection = try Fixture.connection(in: namespace)
            let index = try await makeQuietDevice(connection, name: "d0")
            try await installRoutes(connection, count: count, firstOctet: 10, index: index)
            // counted from a stream, so that the fixture keeps no routes (the peak RSS stays the dump's)
            let local = try await routeCount(connection, outputIndex: nil) - count
            return Fixture(namespace: namespace, connection: connection, expected: count + local)
        }
    }

    func neighbours(_ count: Int) async throws -> Fixture {
        try await get("neigh \(count)") {
            let namespace = try Fixture.privateNamespace()
            let connection = try Fixture.connection(in: namespace)
            try await connection.createVethPair(name: "nv0", peerName: "nv1")
            let index = try await connection.link(named: "nv0").index
            try await connection.setLink(index: index, up: true)
            try await install(connection, count: count, type: RouteMessageType.newNeighbor, fixedHeaderSize: 12) { i, b in
                let mac: [UInt8] = [2, 0, UInt8(i >> 24 & 0xFF), UInt8(i >> 16 & 0xFF), UInt8(i >> 8 & 0xFF), UInt8(i & 0xFF)]
                try Neighbor(index: index, destination: ipv4(10, i), linkLayerAddress: mac, state: .permanent).encode(into: &b)
            }
            return Fixture(namespace: namespace, connection: connection, expected: count)
        }
    }

    func addresses(_ count: Int) async throws -> Fixture {
        try await get("addr \(count)") {
            let namespace = try Fixture.privateNamespace()
            let connection = try Fixture.connection(in: namespace)
            let index = try await makeQuietDevice(connection, name: "d0")
            try await install(connection, count: count, type: RouteMessageType.newAddress, fixedHeaderSize: 8) { i, b in
                try InterfaceAddressRequest(ipv4(10, i), prefixLength: 32, index: index).encode(into: &b)
            }
            return Fixture(namespace: namespace, connection: connection, expected: count)
        }
    }

    func links(pairs: Int) async throws -> Fixture {
        try await get("links \(pairs)") {
            let namespace = try Fixture.privateNamespace()
            let connection = try Fixture.connection(in: namespace)
            for i in 0..<pairs { try await connection.createVethPair(name: "va\(i)", peerName: "vb\(i)") }
            return Fixture(namespace: namespace, connection: connection, expected: 2 * pairs + 1)
        }
    }
}

/// What is dumped, and how.
enum DumpKind {
    case routesTyped, routeViews, neighbours, addresses, links
}

/// One whole dump; returns the number of objects seen.
func dump(_ kind: DumpKind, _ connection: NetlinkConnection) async throws -> (count: Int, checksum: UInt64) {
    var count = 0
    var checksum: UInt64 = 0
    switch kind {
    case .routesTyped:
        for try await route in connection.routeStream(filter: RouteFilter(family: .inet)) {
            count += 1
            if case .v4(let destination)? = route.destination { checksum &+= UInt64(destination.value) }
            checksum &+= UInt64(UInt32(bitPattern: route.outputIndex ?? 0)) &+ UInt64(route.table.rawValue)
        }
    case .routeViews:
        for try await datagram in connection.routeDump(filter: RouteFilter(family: .inet)) {
            var messages = datagram.messages
            while let message = try messages.next() {
                guard message.type == RouteMessageType.newRoute, message.sequence == datagram.sequence else { continue }
                count += 1
                var attributes = try message.attributes(afterFixedHeader: RouteMessage.size)
                while let attribute = try attributes.next() {
                    if attribute.payload.byteCount == 4 { checksum &+= UInt64(try attribute.uint32(.host)) }
                }
            }
        }
    case .neighbours:
        for try await datagram in connection.neighborDump(family: 2) {
            try datagram.forEachMessage { message in
                let neighbor = try Neighbor(decoding: message)
                count += 1
                checksum &+= UInt64(UInt32(bitPattern: neighbor.index)) &+ UInt64(neighbor.linkLayerAddress?.count ?? 0)
            }
        }
    case .addresses:
        for try await datagram in connection.addressDump(family: 2) {
            try datagram.forEachMessage { message in
                let address = try InterfaceAddress(decoding: message)
                count += 1
                checksum &+= UInt64(UInt32(bitPattern: address.index)) &+ UInt64(address.prefixLength)
            }
        }
    case .links:
        for try await datagram in connection.linkDump() {
            try datagram.forEachMessage { message in
                let link = try Link(decoding: message)
                count += 1
                checksum &+= UInt64(UInt32(bitPattern: link.index)) &+ UInt64(link.mtu ?? 0) &+ UInt64(link.name.utf8.count)
            }
        }
    }
    return (count, checksum)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .mallocBytesCount, messagesPerSecond, peakResidentMemory],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    let dumps: [(String, DumpKind, @Sendable () async throws -> Fixture)] = [
        ("Kernel routes 100k: typed stream", .routesTyped, { try await Fixtures.shared.routes(100_000) }),
        ("Kernel routes 1M: typed stream", .routesTyped, { try await Fixtures.shared.routes(1_000_000) }),
        ("Kernel routes 1M: iterate views", .routeViews, { try await Fixtures.shared.routes(1_000_000) }),
        ("Kernel neighbours 10k: typed", .neighbours, { try await Fixtures.shared.neighbours(10_000) }),
        ("Kernel addresses 10k: typed", .addresses, { try await Fixtures.shared.addresses(10_000) }),
        ("Kernel links 2k veth ends: typed", .links, { try await Fixtures.shared.links(pairs: 1_000) }),
    ]
    for (name, kind, make) in dumps {
        Benchmark(name) { (benchmark: Benchmark, fixture: Fixture) in
            var elapsed = Duration.zero
            var seen = 0
            do {
                for _ in benchmark.scaledIterations {
                    let start = ContinuousClock.now
                    let result = try await dump(kind, fixture.connection)
                    elapsed += start.duration(to: .now)
                    seen = result.count
                    blackHole(result.checksum)
                }
            } catch {
                benchmark.stopMeasurement()
                benchmark.error("\(name): \(error)")
                return
            }
            benchmark.stopMeasurement()
            guard seen == fixture.expected else {
                benchmark.error("\(name): the dump returned \(seen) objects, expected \(fixture.expected)")
                return
            }
            let total = Double(seen * benchmark.scaledIterations.count)
            benchmark.measurement(messagesPerSecond, Int(total / max(seconds(elapsed), 1e-9)))
            benchmark.measurement(peakResidentMemory, peakResidentBytes())
        } setup: {
            try await make()
        }
    }

    // The two change benchmarks make a fresh device before each run and delete it after. The
    // framework records one sample at each stopMeasurement() (and its implicit start before the
    // closure is reset by an explicit startMeasurement()), so each run calls startMeasurement()
    // once, after its preparation, and stopMeasurement() once, before its clean-up: one sample
    // per run, covering the install (and, for the storm, the listener's catching up) only.
    let changes = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .mallocBytesCount, messagesPerSecond, peakResidentMemory],
        warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)

    // 100k routes on a fresh device each run: through a streaming NetlinkBatch (as nlctl -batch), and
    // through executeBatch (arrays of 2,000 messages, each ACKed).
    for (name, viaExecuteBatch) in [("Kernel batch install 100k routes", false), ("Kernel executeBatch install 100k routes", true)] {
        Benchmark(name, configuration: changes) { (benchmark: Benchmark, fixture: Fixture) in
            let count = 100_000
            do {
                let index = try await freshQuietDevice(fixture.connection, name: "b0")
                benchmark.startMeasurement()
                let start = ContinuousClock.now
                try await installRoutes(fixture.connection, count: count, firstOctet: 11, index: index, executeBatch: viaExecuteBatch)
                let elapsed = start.duration(to: .now)
                benchmark.stopMeasurement()
                benchmark.measurement(messagesPerSecond, Int(Double(count) / max(seconds(elapsed), 1e-9)))
                let installed = try await routeCount(fixture.connection, outputIndex: index)
                try await fixture.connection.deleteLink(index: index)  // and its routes
                guard installed == count else {
                    benchmark.error("\(name): \(installed) routes on the device, expected \(count)")
                    return
                }
            } catch {
                benchmark.stopMeasurement()
                benchmark.error("\(name): \(error)")
                return
            }
            benchmark.measurement(peakResidentMemory, peakResidentBytes())
        } setup: { () async throws -> Fixture in
            let namespace = try Fixture.privateNamespace()
            return Fixture(namespace: namespace, connection: try Fixture.connection(in: namespace), expected: 0)
        }
    }

    // A listener (64 MiB forced receive buffer) counts and decodes the RTM_NEWROUTE notifications of
    // a 100k-route install made on another socket; a run ends when it has all of them, at an
    // overrun, or 10 s after the install. Mallocs are not counted: they would mix the installer's
    // with the listener's.
    Benchmark(
        "Kernel event storm 100k routes",
        configuration: .init(
            metrics: [.throughput, .wallClock, messagesPerSecond, eventsLost, peakResidentMemory],
            warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)
    ) { (benchmark: Benchmark, fixture: Fixture) in
        let count = 100_000
        do {
            let index = try await freshQuietDevice(fixture.connection, name: "s0")
            var configuration = NetlinkConnection.Configuration()
            configuration.receiveBufferSize = 64 << 20
            let listener = try fixture.connection.subscribe(groups: [RouteGroup.ipv4Route], configuration: configuration)
            defer { listener.close() }
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let counter = Task { () throws -> (received: Int, overran: Bool) in
                var received = 0
                for try await event in listener.events {
                    switch event {
                    case .notification(let datagram):
                        try datagram.forEachMessage { message in
                            guard message.type == RouteMessageType.newRoute else { return }
                            let route = try Route(decoding: message)
                            if route.outputIndex == index { received += 1 }
                        }
                    case .overrun:
                        return (received, true)
                    }
                    if received >= count { return (received, false) }
                }
                return (received, false)
            }
            try await installRoutes(fixture.connection, count: count, firstOctet: 12, index: index)
            // Bounded: the listener stops at `count` or an overrun; it gets 10 s after the install.
            let watchdog = Task {
                try await Task.sleep(for: .seconds(10))
                listener.close()
            }
            let result: (received: Int, overran: Bool)
            do {
                result = try await counter.value
            } catch {
                result = (0, false)  // closed by the watchdog: counted as lost below
            }
            watchdog.cancel()
            let elapsed = start.duration(to: .now)
            benchmark.stopMeasurement()
            try await fixture.connection.deleteLink(index: index)
            if result.overran { print("Kernel event storm: the listener overran (ENOBUFS) after \(result.received) events") }
            benchmark.measurement(messagesPerSecond, Int(Double(result.received) / max(seconds(elapsed), 1e-9)))
            benchmark.measurement(eventsLost, count - result.received)
        } catch {
            benchmark.stopMeasurement()
            benchmark.error("event storm: \(error)")
            return
        }
        benchmark.measurement(peakResidentMemory, peakResidentBytes())
    } setup: { () async throws -> Fixture in
        let namespace = try Fixture.privateNamespace()
        return Fixture(namespace: namespace, connection: try Fixture.connection(in: namespace), expected: 0)
    }
}
