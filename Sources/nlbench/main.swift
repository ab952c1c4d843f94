// nlbench: the library's side of scripts/compare.sh. Dumps one table of the caller's network
// namespace through `NetlinkConnection` and reports the in-process time of each dump (request to
// the end of the dump), the way scripts/bench/dumpreader.c reports its own.
//
//   nlbench [-r REPS] routes        # typed and streamed: RouteStream, one Route per message
//   nlbench [-r REPS] route-views   # the same dump read as views: every message and attribute, no Route
//   nlbench [-r REPS] routes-array  # connection.routes(filter:): every Route collected in one array
//                                   # (not streamed: its memory grows with the table)
//   nlbench [-r REPS] neigh|addr|link
//   nlbench [-r REPS] requests|requests-4   # 10,000 single RTM_GETLINK requests, from 1 task or 4;
//                                           # NLBENCH_SENDING=caller: sent by the task, not the reader;
//                                           # NLBENCH_READING=caller: no reader thread (Reading.callingThread)
//   nlbench [-r REPS] tcp-sockets   # sock_diag: every IPv4 TCP socket (all states), streamed and typed
//                                   # (SockDiagStream of InetSocket): the yardstick of scripts/bench-ss.sh
//   nlbench monitor-routes COUNT [IDLE_SECONDS] [RCVBUF_BYTES]   # event storm listener (RouteMonitor.swift)
//   nlbench [-r REPS] uevents FILE  # decodes a capture of uevents (UeventDecode.swift; scripts/uevent-decode-bench.sh)
//
// Prints one line: `nlbench TABLE msgs=N best_s=T median_s=T checksum=C vmhwm_kib=K`, where
// vmhwm_kib is the process's peak resident memory (VmHWM). Nothing is kept between messages, so
// the peak does not grow with the size of the table. Run it inside the namespace to measure
// (`ip netns exec NS nlbench routes`); it changes nothing.
import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import NetlinkRoute
import NetlinkSockDiag

func fail(_ text: String) -> Never {
    var bytes = Array("nlbench: \(text)\n".utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func usage() -> Never {
    fail("usage: nlbench [-r REPS] routes|routes-array|route-views|neigh|addr|link|requests|requests-4|ethtool-features|tcp-sockets")
}

/// VmHWM of /proc/self/status in KiB (0 when unreadable).
func peakResidentKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if text.hasPrefix("VmHWM:") {
            return Int(text.dropFirst(6).filter(\.isNumber)) ?? 0
        }
    }
    return 0
}

/// The totals of one dump.
struct Totals: Sendable {
    var messages = 0
    var checksum: UInt64 = 0
}

/// Folds a route into the checksum, reading the fields `ip route` shows: the same sum as
/// dumpreader's, so that compare.sh can check that both decoded the same routes.
@inline(__always)
func fold(_ route: Route, into totals: inout Totals) {
    totals.messages += 1
    var sum = UInt64(route.destinationPrefixLength) &+ UInt64(route.type.rawValue) &+ UInt64(route.table.rawValue)
    if case .v4(let destination)? = route.destination { sum &+= UInt64(destination.value) }
    if case .v4(let gateway)? = route.gateway { sum &+= UInt64(gateway.value) }
    sum &+= UInt64(UInt32(bitPattern: route.outputIndex ?? 0)) &+ UInt64(route.priority ?? 0)
    totals.checksum &+= sum
}

func dumpRoutesTyped(_ connection: NetlinkConnection) async throws(NetlinkError) -> Totals {
    var totals = Totals()
    for try await route in connection.routeStream(filter: RouteFilter(family: AddressFamily.inet)) {
        fold(route, into: &totals)
    }
    return totals
}

func dumpRoutesArray(_ connection: NetlinkConnection) async throws(NetlinkError) -> Totals {
    var totals = Totals()
    for route in try await connection.routes(filter: RouteFilter(family: AddressFamily.inet)) {
        fold(route, into: &totals)
    }
    return totals
}

func dumpRouteViews(_ connection: NetlinkConnection) async throws(NetlinkError) -> Totals {
    var totals = Totals()
    for try await datagram in connection.routeDump(filter: RouteFilter(family: AddressFamily.inet)) {
        var messages = datagram.messages
        do throws(NetlinkDecodingError) {
            while let message = try messages.next() {
                guard message.type == RouteMessageType.newRoute, message.sequence == datagram.sequence else { continue }
                totals.messages += 1
                var attributes = try message.attributes(afterFixedHeader: RouteMessage.size)
                while let attribute = try attributes.next() {
                    totals.checksum &+= UInt64(attribute.type) &+ UInt64(attribute.payload.byteCount)
                    if attribute.payload.byteCount == 4 { totals.checksum &+= UInt64(try attribute.uint32(.host)) }
                }
            }
        } catch {
            throw NetlinkError(.malformedReply, sequence: datagram.sequence, decodingError: error)
        }
    }
    return totals
}

/// Dumps with `dump` and decodes each data message with `decode` (typed, nothing kept).
func dumpTyped(
    _ dump: NetlinkDump, _ decode: (borrowing NetlinkMessage) throws -> UInt64
) async throws -> Totals {
    var totals = Totals()
    for try await datagram in dump {
        try datagram.forEachMessage { message in
            totals.messages += 1
            totals.checksum &+= try decode(message)
        }
    }
    return totals
}

var arguments = Array(CommandLine.arguments.dropFirst())
var repetitions = 1
if arguments.first == "-r" {
    guard arguments.count >= 2, let value = Int(arguments[1]), (1...1_000).contains(value) else { usage() }
    repetitions = value
    arguments.removeFirst(2)
}
if arguments.first == "monitor-routes" { await runRouteMonitor(Array(arguments.dropFirst())) }  // RouteMonitor.swift
if arguments.first == "uevents" { runUeventDecode(Array(arguments.dropFirst()), repetitions: repetitions) }  // UeventDecode.swift
guard arguments.count == 1 else { usage() }
let table = arguments[0]
guard ["routes", "routes-array", "route-views", "neigh", "addr", "link", "requests", "requests-4", "ethtool-features", "tcp-sockets"].contains(table) else {
    usage()
}

let connection: NetlinkConnection
do {
    var configuration = NetlinkConnection.Configuration()
    if let value = getenv("NLBENCH_READING"), String(cString: value) == "caller" { configuration.reading = .callingThread }
    // NLBENCH_SENDING=caller: single requests sent by the task (Configuration.Sending.callingThread).
    if let value = getenv("NLBENCH_SENDING"), String(cString: value) == "caller" { configuration.sending = .callingThread }
    let family: NetlinkFamily = table == "ethtool-features" ? .generic : table == "tcp-sockets" ? .sockDiag : .route
    connection = try NetlinkConnection(family: family, configuration: configuration)
} catch {
    fail("\(error)")
}
var times: [Double] = []
var totals = Totals()
var ethtoolFamily: UInt16?
let clock = ContinuousClock()
for _ in 0..<repetitions {
    let start = clock.now
    do {
        switch table {
        case "routes": totals = try await dumpRoutesTyped(connection)
        case "routes-array": totals = try await dumpRoutesArray(connection)
        case "route-views": totals = try await dumpRouteViews(connection)
        case "neigh":
            totals = try await dumpTyped(connection.neighborDump(family: 2)) { message in
                let neighbor = try Neighbor(decoding: message)
                return UInt64(UInt32(bitPattern: neighbor.index)) &+ UInt64(neighbor.state.rawValue)
            }
        case "addr":
            totals = try await dumpTyped(connection.addressDump(family: 2)) { message in
                let address = try InterfaceAddress(decoding: message)
                return UInt64(UInt32(bitPattern: address.index)) &+ UInt64(address.prefixLength) &+ UInt64(address.label?.utf8.count ?? 0)
            }
        case "ethtool-features":
            // Every device's features in one ethtool dump (compact bitsets), typed: the family ID
            // asked once per connection (the first repetition), as a GenericFamilyCache would.
            if ethtoolFamily == nil { ethtoolFamily = try await connection.ethtoolFamilyID() }
            totals = Totals()
            for features in try await connection.ethtoolFeaturesOfAllDevices(familyID: ethtoolFamily) {
                totals.messages += 1
                totals.checksum &+= UInt64(features.device.index) &+ UInt64(features.active?.setCount ?? 0)
            }
        case "tcp-sockets":
            // Every IPv4 TCP socket, decoded as it arrives (bounded memory): the fields ss prints.
            totals = Totals()
            guard case .sockets(let stream) = try await connection.inetSocketStream(
                InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp)) else { fail("no TCP diag") }
            for try await socket in stream {
                totals.messages += 1
                totals.checksum &+= UInt64(socket.id.sourcePort) &+ UInt64(socket.id.destinationPort) &+ UInt64(socket.state.rawValue)
                    &+ UInt64(socket.receiveQueue) &+ UInt64(socket.inode)
            }
        case "requests":
            // 10,000 single requests one after the other (RTM_GETLINK of lo and its reply): the
            // latency of a request through the connection's reader thread.
            // On the pool, not the main actor: no executor hop around each request.
            totals = try await Task.detached {
                var part = Totals()
                for _ in 0..<10_000 {
                    let link = try await connection.link(index: 1, statistics: false)
                    part.messages += 1
                    part.checksum &+= UInt64(link.mtu ?? 0)
                }
                return part
            }.value
        case "requests-4":
            // The same 10,000 from 4 tasks sharing the connection.
            totals = try await withThrowingTaskGroup(of: Totals.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var part = Totals()
                        for _ in 0..<2_500 {
                            let link = try await connection.link(index: 1, statistics: false)
                            part.messages += 1
                            part.checksum &+= UInt64(link.mtu ?? 0)
                        }
                        return part
                    }
                }
                var sum = Totals()
                for try await part in group {
                    sum.messages += part.messages
                    sum.checksum &+= part.checksum
                }
                return sum
            }
        default:
            totals = try await dumpTyped(connection.linkDump()) { message in
                let link = try Link(decoding: message)
                return UInt64(UInt32(bitPattern: link.index)) &+ UInt64(link.mtu ?? 0) &+ UInt64(link.name.utf8.count)
            }
        }
    } catch {
        fail("\(error)")
    }
    times.append(Double((clock.now - start) / .nanoseconds(1)) / 1e9)
}
times.sort()
func seconds(_ value: Double) -> String {
    let micro = Int((value * 1e6).rounded())
    let fraction = String(micro % 1_000_000)
    return "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
}
print("nlbench \(table) msgs=\(totals.messages) best_s=\(seconds(times[0])) median_s=\(seconds(times[times.count / 2])) checksum=\(totals.checksum) vmhwm_kib=\(peakResidentKiB())")
