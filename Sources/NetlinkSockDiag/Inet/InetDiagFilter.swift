import NetlinkCore

/// A socket filter the kernel runs while it dumps (`INET_DIAG_REQ_BYTECODE`): conditions on ports,
/// addresses, device, mark and cgroup, combined with and, or, not — compiled into the kernel's
/// bytecode (`struct inet_diag_bc_op` programs) and checked locally with the kernel's own audit
/// rules (``audit(_:)``) before it is sent, so that no program built here is refused.
///
/// A program accepts a socket when it runs off its end, and rejects it when it jumps four bytes
/// past it; each op jumps `yes` bytes when its condition holds and `no` bytes when not (a `JMP`
/// always takes `no`).
public indirect enum InetDiagFilter: Hashable, Sendable {
    /// A comparison of a port: `sport >= N` and the like.
    public enum Comparison: Hashable, Sendable {
        case greaterOrEqual, lessOrEqual, equal
    }

    /// The source (local) port compared with `port`.
    case sourcePort(Comparison, UInt16)
    /// The destination (remote) port compared with `port`.
    case destinationPort(Comparison, UInt16)
    /// The source address in `prefix` — any address of either family when `nil` (an
    /// `AF_UNSPEC` condition) — and, when given, its port equal to `port`. An IPv4 prefix also
    /// holds for an IPv4-mapped address of an IPv6 socket (the kernel's rule).
    case source(IPPrefix?, port: UInt16? = nil)
    /// The destination address in `prefix` (`nil`: any) and port.
    case destination(IPPrefix?, port: UInt16? = nil)
    /// Bound to the device of index `index` (`INET_DIAG_BC_DEV_COND`).
    case device(UInt32)
    /// `mark & mask == value` (`INET_DIAG_BC_MARK_COND`; `CAP_NET_ADMIN`).
    case mark(UInt32, mask: UInt32)
    /// In the cgroup v2 of ID `id` (`INET_DIAG_BC_CGROUP_COND`).
    case cgroup(UInt64)
    /// A port the kernel chose (`INET_DIAG_BC_AUTO`: ss's `autobound`).
    case autoBound
    /// Both.
    case and(InetDiagFilter, InetDiagFilter)
    /// Either.
    case or(InetDiagFilter, InetDiagFilter)
    /// Not.
    case not(InetDiagFilter)

    /// `INET_DIAG_BC_*`.
    enum Code {
        static let jump: UInt8 = 1, sourceGE: UInt8 = 2, sourceLE: UInt8 = 3, destinationGE: UInt8 = 4, destinationLE: UInt8 = 5
        static let auto: UInt8 = 6, sourceCondition: UInt8 = 7, destinationCondition: UInt8 = 8, device: UInt8 = 9, mark: UInt8 = 10
        static let sourceEQ: UInt8 = 11, destinationEQ: UInt8 = 12, cgroup: UInt8 = 13
    }

    /// One op: code, yes (u8), no (u16).
    static func op(_ code: UInt8, yes: Int, no: Int) -> [UInt8] {
        [code, UInt8(yes)] + native(UInt16(truncatingIfNeeded: no))
    }

    /// Operands are in the host's byte order (the kernel compares them with native integers).
    static func native<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    /// The program: runs off its end when the filter holds, jumps four bytes past it when not.
    /// - Throws: `NetlinkEncodingError` (`valueOutOfRange`) for a program too long for the
    ///   16-bit jumps (beyond 65,535 bytes).
    public func bytecode() throws(NetlinkEncodingError) -> [UInt8] {
        let code = compile()
        guard code.count <= 0xFFFF - 8 else { throw NetlinkEncodingError(.valueOutOfRange, size: code.count, limit: 0xFFFF - 8) }
        return code
    }

    private func compile() -> [UInt8] {
        switch self {
        case .sourcePort(let comparison, let port), .destinationPort(let comparison, let port):
            let source = if case .sourcePort = self { true } else { false }
            let code: UInt8 = switch comparison {
            case .greaterOrEqual: source ? Code.sourceGE : Code.destinationGE
            case .lessOrEqual: source ? Code.sourceLE : Code.destinationLE
            case .equal: source ? Code.sourceEQ : Code.destinationEQ
            }
            return Self.op(code, yes: 8, no: 12) + [0, 0] + Self.native(port)
        case .source(let prefix, let port), .destination(let prefix, let port):
            let isSource = if case .source = self { true } else { false }
            let address = prefix?.address.bytes ?? []
            let family = prefix?.family.rawValue ?? 0
            let condition = [family, prefix?.length ?? 0, 0, 0] + Self.native(port.map { UInt32($0) } ?? UInt32.max) + address
            let length = 4 + condition.count
            return Self.op(isSource ? Code.sourceCondition : Code.destinationCondition, yes: length, no: length + 4) + condition
        case .device(let index):
            return Self.op(Code.device, yes: 8, no: 12) + Self.native(index)
        case .mark(let value, let mask):
            return Self.op(Code.mark, yes: 12, no: 16) + Self.native(value) + Self.native(mask)
        case .cgroup(let id):
            return Self.op(Code.cgroup, yes: 12, no: 16) + Self.native(id)
        case .autoBound:
            return Self.op(Code.auto, yes: 4, no: 8)
        case .and(let a, let b):
            var first = a.compile()
            let second = b.compile()
            Self.relocate(&first, by: second.count)
            return first + second
        case .or(let a, let b):
            let first = a.compile()
            let second = b.compile()
            return first + Self.op(Code.jump, yes: 4, no: second.count + 4) + second
        case .not(let a):
            return a.compile() + Self.op(Code.jump, yes: 4, no: 8)
        }
    }

    /// Makes the jumps of `code` to its reject position (its end plus four) go `by` bytes further,
    /// to the reject position of a longer program that continues after it.
    private static func relocate(_ code: inout [UInt8], by distance: Int) {
        var offset = 0
        while offset + 4 <= code.count {
            let reject = code.count - offset + 4
            if Self.no(code, at: offset) == reject { code.replaceSubrange(offset + 2..<offset + 4, with: native(UInt16(truncatingIfNeeded: reject + distance))) }
            offset += Self.size(of: code, at: offset)
        }
    }

    /// The `no` jump of the op at `offset`.
    private static func no(_ code: [UInt8], at offset: Int) -> Int {
        Int(code[offset + 2..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) })
    }

    /// The length of the op at `offset` with its operands.
    private static func size(of code: [UInt8], at offset: Int) -> Int {
        switch code[offset] {
        case Code.sourceGE, Code.sourceLE, Code.destinationGE, Code.destinationLE, Code.sourceEQ, Code.destinationEQ, Code.device: 8
        case Code.mark, Code.cgroup: 12
        case Code.sourceCondition, Code.destinationCondition:
            code[offset + 4] == AddressFamily.inet6.rawValue ? 28 : code[offset + 4] == AddressFamily.inet.rawValue ? 16 : 12
        default: 4
        }
    }

    /// The kernel's `inet_diag_bc_audit`: each op's operands complete and valid (address family
    /// and prefix length), each `yes` and `no` a multiple of four at least the op's size, at most
    /// four past the end, and each `no` landing on an op. `nil` when the program passes, else why not.
    /// (The kernel also refuses a mark condition with `EPERM` to a sender without `CAP_NET_ADMIN`.)
    public static func audit(_ code: [UInt8]) -> String? {
        guard code.count >= 4 else { return "a program shorter than one op" }
        var offset = 0
        var starts = Set<Int>()
        var jumps: [(from: Int, to: Int)] = []
        while offset < code.count {
            guard offset + 4 <= code.count else { return "a truncated op at \(offset)" }
            starts.insert(offset)
            let remaining = code.count - offset
            var minimum = 4
            switch code[offset] {
            case 0, Code.jump, Code.auto: break
            case Code.sourceGE, Code.sourceLE, Code.destinationGE, Code.destinationLE, Code.sourceEQ, Code.destinationEQ, Code.device:
                minimum = 8
            case Code.mark, Code.cgroup: minimum = 12
            case Code.sourceCondition, Code.destinationCondition:
                guard remaining >= 12 else { return "a host condition cut short at \(offset)" }
                let family = code[offset + 4], length = Int(code[offset + 5])
                let addressBytes = family == AddressFamily.inet.rawValue ? 4 : family == AddressFamily.inet6.rawValue ? 16 : family == 0 ? 0 : -1
                guard addressBytes >= 0 else { return "host condition of family \(family) at \(offset)" }
                guard length <= addressBytes * 8 else { return "prefix length \(length) at \(offset)" }
                minimum = 12 + addressBytes
            default: return "unknown op \(code[offset]) at \(offset)"
            }
            guard remaining >= minimum else { return "op \(code[offset]) at \(offset) needs \(minimum) bytes" }
            let yes = Int(code[offset + 1]), no = Self.no(code, at: offset)
            if code[offset] != 0 {
                guard no >= minimum, no <= remaining + 4, no % 4 == 0 else { return "no = \(no) at \(offset)" }
                if no < remaining { jumps.append((offset, offset + no)) }
            }
            guard yes >= minimum, yes <= remaining + 4, yes % 4 == 0 else { return "yes = \(yes) at \(offset)" }
            offset += yes
        }
        guard offset == code.count else { return "the last op jumps past the end" }
        for jump in jumps where !starts.contains(jump.to) { return "a jump from \(jump.from) into an op's operands" }
        return nil
    }
}
