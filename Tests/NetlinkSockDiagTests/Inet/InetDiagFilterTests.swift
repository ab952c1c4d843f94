import Glibc
import Netlink
import NetlinkCore
import NetlinkSockDiag
import Testing

/// What the kernel's filter sees of a socket (`struct inet_diag_entry`).
struct FilterEntry: CustomStringConvertible {
    var family: AddressFamily
    var sourcePort: UInt16, destinationPort: UInt16
    var source: [UInt8], destination: [UInt8]     // 4 or 16 bytes
    var interface: UInt32 = 0
    var mark: UInt32 = 0
    var cgroup: UInt64 = 0
    var autoBound = false

    init(family: AddressFamily, sourcePort: UInt16, destinationPort: UInt16, source: [UInt8], destination: [UInt8],
         interface: UInt32 = 0, mark: UInt32 = 0, cgroup: UInt64 = 0, autoBound: Bool = false) {
        (self.family, self.sourcePort, self.destinationPort, self.source, self.destination) = (family, sourcePort, destinationPort, source, destination)
        (self.interface, self.mark, self.cgroup, self.autoBound) = (interface, mark, cgroup, autoBound)
    }

    init(_ socket: InetSocket) {
        self.init(family: socket.family, sourcePort: socket.id.sourcePort, destinationPort: socket.id.destinationPort,
                  source: socket.id.source.bytes, destination: socket.id.destination.bytes,
                  interface: socket.id.interface, mark: socket.mark ?? 0, cgroup: socket.cgroupID ?? 0)
    }

    var description: String { "\(family) \(source):\(sourcePort) → \(destination):\(destinationPort) dev \(interface) mark \(mark)" }
}

/// The filter's meaning, written from the enum (not from the bytecode).
func holds(_ filter: InetDiagFilter, for e: FilterEntry) -> Bool {
    func compare(_ c: InetDiagFilter.Comparison, _ value: UInt16, _ port: UInt16) -> Bool {
        switch c {
        case .greaterOrEqual: value >= port
        case .lessOrEqual: value <= port
        case .equal: value == port
        }
    }
    func inPrefix(_ prefix: IPPrefix?, _ address: [UInt8]) -> Bool {
        guard let prefix else { return true }
        var address = address
        // An IPv4 condition also matches a v4-mapped IPv6 socket address (the kernel's rule).
        if prefix.family == .inet, e.family == .inet6 {
            guard address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF else { return false }
            address = Array(address[12...])
        } else if prefix.family != e.family {
            return false
        }
        guard let found = IPAddress.from(address) else { return false }
        return prefix.length == 0 || prefix.contains(found)
    }
    switch filter {
    case .sourcePort(let c, let port): return compare(c, e.sourcePort, port)
    case .destinationPort(let c, let port): return compare(c, e.destinationPort, port)
    case .source(let prefix, let port): return (port == nil || port == e.sourcePort) && inPrefix(prefix, e.source)
    case .destination(let prefix, let port): return (port == nil || port == e.destinationPort) && inPrefix(prefix, e.destination)
    case .device(let index): return e.interface == index
    case .mark(let value, let mask): return e.mark & mask == value
    case .cgroup(let id): return e.cgroup == id
    case .autoBound: return e.autoBound
    case .and(let a, let b): return holds(a, for: e) && holds(b, for: e)
    case .or(let a, let b): return holds(a, for: e) || holds(b, for: e)
    case .not(let a): return !holds(a, for: e)
    }
}

extension IPAddress {
    static func from(_ bytes: [UInt8]) -> IPAddress? {
        if bytes.count == 4 { return .v4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3])) }
        return IPv6Address(bytes: bytes).map { .v6($0) }
    }
}

/// The kernel's `inet_diag_bc_run`, op by op: accepts when the program runs off its end.
func runBytecode(_ code: [UInt8], on e: FilterEntry) -> Bool {
    func u16(_ at: Int) -> Int { Int(code[at..<at + 2].withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }) }
    func u32(_ at: Int) -> UInt32 { code[at..<at + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } }
    func matches(_ address: [UInt8], _ condition: [UInt8], bits: Int) -> Bool {
        for bit in 0..<bits where (address[bit / 8] ^ condition[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
        return true
    }
    var offset = 0
    var length = code.count
    while length > 0 {
        var yes = true
        switch code[offset] {
        case 1: yes = false
        case 2: yes = Int(e.sourcePort) >= u16(offset + 6)
        case 3: yes = Int(e.sourcePort) <= u16(offset + 6)
        case 4: yes = Int(e.destinationPort) >= u16(offset + 6)
        case 5: yes = Int(e.destinationPort) <= u16(offset + 6)
        case 6: yes = e.autoBound
        case 7, 8:
            let source = code[offset] == 7
            let family = code[offset + 4], bits = Int(code[offset + 5]), port = Int32(bitPattern: u32(offset + 8))
            let address = source ? e.source : e.destination
            let condition = Array(code[(offset + 12)...].prefix(family == 2 ? 4 : 16))
            if port != -1, port != Int32(source ? e.sourcePort : e.destinationPort) { yes = false; break }
            if family != 0, family != e.family.rawValue {
                if e.family == .inet6, family == 2, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF,
                   matches(Array(address[12...]), condition, bits: bits) { break }
                yes = false
                break
            }
            if bits == 0 || matches(address, condition, bits: bits) { break }
            yes = false
        case 9: yes = u32(offset + 4) == e.interface
        case 10: yes = e.mark & u32(offset + 8) == u32(offset + 4)
        case 11: yes = Int(e.sourcePort) == u16(offset + 6)
        case 12: yes = Int(e.destinationPort) == u16(offset + 6)
        case 13: yes = code[(offset + 4)..<(offset + 12)].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } == e.cgroup
        default: break
        }
        let step = yes ? Int(code[offset + 1]) : u16(offset + 2)
        offset += step
        length -= step
    }
    return length == 0
}

/// A filter drawn at random from `generator`, `depth` levels of and/or/not at most.
func randomFilter(_ g: inout some RandomNumberGenerator, depth: Int) -> InetDiagFilter {
    let ports: [UInt16] = [0, 22, 80, 4_040, 4_041, 65_535]
    let prefixes: [IPPrefix] = ["127.0.0.0/8", "127.0.0.1/32", "10.0.0.0/8", "0.0.0.0/0", "::1/128", "::/0", "fe80::/10", "::ffff:127.0.0.1/128"]
    let comparisons: [InetDiagFilter.Comparison] = [.greaterOrEqual, .lessOrEqual, .equal]
    let leaf = depth == 0 || Int.random(in: 0..<3, using: &g) == 0
    if leaf {
        switch Int.random(in: 0..<9, using: &g) {
        case 0: return .sourcePort(comparisons.randomElement(using: &g)!, ports.randomElement(using: &g)!)
        case 1: return .destinationPort(comparisons.randomElement(using: &g)!, ports.randomElement(using: &g)!)
        case 2: return .source(Bool.random(using: &g) ? nil : prefixes.randomElement(using: &g)!, port: Bool.random(using: &g) ? ports.randomElement(using: &g) : nil)
        case 3: return .destination(Bool.random(using: &g) ? nil : prefixes.randomElement(using: &g)!, port: Bool.random(using: &g) ? ports.randomElement(using: &g) : nil)
        case 4: return .device(UInt32.random(in: 0...2, using: &g))
        case 5: return .mark(UInt32.random(in: 0...3, using: &g), mask: [0xFF, 1, 0xFFFF_FFFF].randomElement(using: &g)!)
        case 6: return .cgroup(UInt64.random(in: 0...2, using: &g))
        case 7: return .autoBound
        default: return .not(randomFilter(&g, depth: 0))
        }
    }
    switch Int.random(in: 0..<3, using: &g) {
    case 0: return .and(randomFilter(&g, depth: depth - 1), randomFilter(&g, depth: depth - 1))
    case 1: return .or(randomFilter(&g, depth: depth - 1), randomFilter(&g, depth: depth - 1))
    default: return .not(randomFilter(&g, depth: depth - 1))
    }
}

/// A deterministic generator (SplitMix64), so that a failure repeats.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The compiler, without a kernel: every program passes the kernel's audit rules, and running it as
/// the kernel does gives the filter's meaning, for random filters on random sockets.
@Suite("inet_diag bytecode filter")
struct InetDiagFilterTests {
    static func entries(_ g: inout SplitMix) -> [FilterEntry] {
        let v4: [[UInt8]] = [[127, 0, 0, 1], [10, 1, 2, 3], [0, 0, 0, 0], [192, 168, 0, 1]]
        let v6: [[UInt8]] = [IPv6Address("::1")!.bytes, IPv6Address("::")!.bytes, IPv6Address("fe80::1")!.bytes, IPv6Address("::ffff:127.0.0.1")!.bytes,
                             IPv6Address("::ffff:10.0.0.1")!.bytes]
        let ports: [UInt16] = [0, 22, 80, 4_040, 4_041, 65_535, 1_234]
        return (0..<40).map { _ in
            let six = Bool.random(using: &g)
            return FilterEntry(family: six ? .inet6 : .inet, sourcePort: ports.randomElement(using: &g)!, destinationPort: ports.randomElement(using: &g)!,
                               source: (six ? v6 : v4).randomElement(using: &g)!, destination: (six ? v6 : v4).randomElement(using: &g)!,
                               interface: UInt32.random(in: 0...2, using: &g), mark: UInt32.random(in: 0...3, using: &g),
                               cgroup: UInt64.random(in: 0...2, using: &g), autoBound: Bool.random(using: &g))
        }
    }

    @Test func compiledProgramsMeanTheFilterAndPassTheAudit() throws {
        var g = SplitMix(state: 0x5EED)
        let sockets = Self.entries(&g)
        for round in 0..<3_000 {
            let filter = randomFilter(&g, depth: 4)
            let code = try filter.bytecode()
            #expect(InetDiagFilter.audit(code) == nil, "round \(round): \(filter) → \(code): \(InetDiagFilter.audit(code) ?? "")")
            for e in sockets where runBytecode(code, on: e) != holds(filter, for: e) {
                Issue.record("round \(round): \(filter) on \(e): the program says \(runBytecode(code, on: e)), the filter \(holds(filter, for: e))")
                return
            }
        }
    }

    /// The layout of single ops, byte for byte (host byte order operands: this machine is little-endian).
    @Test func singleOpsByteForByte() throws {
        #expect(try InetDiagFilter.destinationPort(.equal, 80).bytecode() == [12, 8, 12, 0, 0, 0, 80, 0])
        #expect(try InetDiagFilter.sourcePort(.greaterOrEqual, 0x1234).bytecode() == [2, 8, 12, 0, 0, 0, 0x34, 0x12])
        #expect(try InetDiagFilter.source("10.0.0.0/8").bytecode() == [7, 16, 20, 0, 2, 8, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 10, 0, 0, 0])
        #expect(try InetDiagFilter.destination("::1/128", port: 22).bytecode() == [8, 28, 32, 0, 10, 128, 0, 0, 22, 0, 0, 0] + IPv6Address("::1")!.bytes)
        #expect(try InetDiagFilter.source(nil, port: 22).bytecode() == [7, 12, 16, 0, 0, 0, 0, 0, 22, 0, 0, 0], "AF_UNSPEC: no address")
        #expect(try InetDiagFilter.and(.source(nil), .device(1)).bytecode() == [7, 12, 24, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 9, 8, 12, 0, 1, 0, 0, 0])
        #expect(try InetDiagFilter.not(.autoBound).bytecode() == [6, 4, 8, 0, 1, 4, 8, 0])
        // or: the first true jumps over the second to the end.
        #expect(try InetDiagFilter.or(.device(1), .device(2)).bytecode() == [9, 8, 12, 0, 1, 0, 0, 0, 1, 4, 12, 0, 9, 8, 12, 0, 2, 0, 0, 0])
        // and: the first's rejection goes past the second too.
        #expect(try InetDiagFilter.and(.device(1), .device(2)).bytecode() == [9, 8, 20, 0, 1, 0, 0, 0, 9, 8, 12, 0, 2, 0, 0, 0])
    }

    @Test func auditRefusesWhatTheKernelRefuses() {
        let refused: [(String, [UInt8])] = [
            ("empty", []),
            ("unknown op", [99, 4, 8, 0]),
            ("port op cut short", [2, 4, 8, 0]),
            ("yes not a multiple of four", [9, 6, 12, 0, 1, 0, 0, 0]),
            ("yes past the end", [9, 16, 12, 0, 1, 0, 0, 0]),
            ("no past the end plus four", [9, 8, 16, 0, 1, 0, 0, 0]),
            ("a jump into an operand", [1, 4, 8, 0, 9, 8, 12, 0, 1, 0, 0, 0]),
            ("IPv4 prefix of 33 bits", [7, 16, 20, 0, 2, 33, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 10, 0, 0, 0]),
            ("host condition of family 7", [7, 16, 20, 0, 7, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 10, 0, 0, 0]),
            ("IPv6 condition without its address", [7, 16, 20, 0, 10, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]),
            ("the last op jumps four past the end", [9, 12, 12, 0, 1, 0, 0, 0]),
        ]
        for (why, code) in refused { #expect(InetDiagFilter.audit(code) != nil, "\(why)") }
        #expect(InetDiagFilter.audit([0, 4, 0, 0]) == nil, "a NOP (its no is not checked)")
    }

    @Test func tooLongAProgramIsAnErrorNotATrap() {
        var filter = InetDiagFilter.destination("::1/128")
        for _ in 0..<2_400 { filter = .or(filter, .destination("::2/128")) }     // 2,401 × 28 + 4 × 2,400 bytes
        #expect(throws: NetlinkEncodingError.self) { try filter.bytecode() }
    }
}

/// The kernel runs our programs: a dump filtered in the kernel returns exactly the sockets the
/// filter means, and a malformed program is refused with EINVAL.
@Suite("inet_diag bytecode filter, kernel", .enabled(if: SockDiagKernelAccess.available, SockDiagKernelAccess.reason))
struct InetDiagFilterKernelTests {
    @Test func kernelFiltersAsTheFilterMeans() async throws {
        let space = try await SockDiagNamespace()
        let fds = try await space.inside { () -> [Int32] in
            var fds: [Int32] = []
            for port: UInt16 in [4_040, 4_041, 4_042] { fds.append(boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: false, port: port, listen: true)) }
            let client = connectedSocket(port: 4_040)
            fds += [client, accept(fds[0], nil, nil)]
            fds.append(boundSocket(type: Int32(SOCK_STREAM.rawValue), v6: true, port: 4_043, listen: true))
            var mark: UInt32 = 7
            setsockopt(fds[1], SOL_SOCKET, SO_MARK, &mark, socklen_t(MemoryLayout<UInt32>.size))
            _ = "lo".withCString { setsockopt(fds[2], SOL_SOCKET, SO_BINDTODEVICE, $0, 3) }
            return fds
        }
        defer { for fd in fds { close(fd) } }

        var all: [InetSocket] = []
        for family: AddressFamily in [.inet, .inet6] {
            all += try #require(try await space.connection.inetSockets(InetDiagRequest(family: family, protocol: InetDiagRequest.IPProtocol.tcp)).sockets)
        }
        #expect(all.count == 6, "\(all)")
        #expect(all.contains { $0.mark == 7 } && all.contains { $0.id.interface == 1 }, "the marked and the bound sockets: \(all)")
        let cgroup = all.first?.cgroupID ?? 0

        let filters: [InetDiagFilter] = [
            .sourcePort(.equal, 4_040), .destinationPort(.equal, 4_040), .not(.sourcePort(.equal, 4_040)),
            .and(.sourcePort(.greaterOrEqual, 4_041), .sourcePort(.lessOrEqual, 4_042)),
            .or(.sourcePort(.equal, 4_040), .destinationPort(.equal, 4_040)),
            .source("127.0.0.1/32"), .source("127.0.0.0/8", port: 4_041), .destination("10.0.0.0/8"), .source("::/0"),
            .not(.source("::/0")), .source(nil, port: 4_041), .not(.destination(nil)), .device(1), .device(0), .mark(7, mask: 0xFF), .not(.mark(0, mask: 0xFFFF_FFFF)),
            .cgroup(cgroup), .cgroup(cgroup &+ 12_345),
            .or(.and(.sourcePort(.equal, 4_042), .device(1)), .not(.or(.source("127.0.0.1/32"), .destinationPort(.equal, 4_040)))),
        ]
        for filter in filters {
            var got: [InetSocket] = []
            for family: AddressFamily in [.inet, .inet6] {
                got += try #require(try await space.connection.inetSockets(
                    InetDiagRequest(family: family, protocol: InetDiagRequest.IPProtocol.tcp, filter: filter)).sockets)
            }
            let expected = all.filter { holds(filter, for: FilterEntry($0)) }
            #expect(Set(got.map(\.id)) == Set(expected.map(\.id)), "\(filter): kernel \(got.map(\.id)), meaning \(expected.map(\.id))")
        }
    }

    /// The kernel refuses a program that fails its audit with EINVAL, as ``InetDiagFilter/audit(_:)`` does.
    @Test func malformedProgramIsRefused() async throws {
        let space = try await SockDiagNamespace()
        for code: [UInt8] in [[99, 4, 8, 0], [9, 8, 16, 0, 1, 0, 0, 0], [1, 4, 8, 0, 9, 8, 12, 0, 1, 0, 0, 0]] {
            #expect(InetDiagFilter.audit(code) != nil)
            let request = InetDiagRequest(family: .inet, protocol: InetDiagRequest.IPProtocol.tcp)
            do {
                _ = try await space.connection.dumpAll(type: SockDiag.byFamily, fixedHeaderSize: InetDiagRequest.size) { b in
                    try request.encode(into: &b)
                    try b.appendAttribute(InetDiagAttribute.requestBytecode, bytes: code)
                } decode: { _ in nil as Int? }
                Issue.record("\(code) accepted")
            } catch {
                #expect(error.errno?.rawValue == EINVAL, "\(code): \(error)")
            }
        }
    }
}
