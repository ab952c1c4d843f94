/// An IPv6 address.
///
/// Stored as two 64-bit numbers, most significant first, so comparisons follow address order.
public struct IPv6Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The upper 64 bits of the address.
    public var high: UInt64
    /// The lower 64 bits of the address.
    public var low: UInt64

    /// Creates an address from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates an address from 16 bytes in network order.
    /// - Precondition: `bytes` has exactly 16 bytes.
    public init(_ bytes: RawSpan) {
        precondition(bytes.byteCount == 16, "an IPv6 address is 16 bytes")
        high = UInt64(bigEndian: bytes.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt64.self))
        low = UInt64(bigEndian: bytes.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    /// Creates an address from 16 bytes in network order, or `nil` for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.init(bytes.span.bytes)
    }

    /// The 16 bytes in network order.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        withUnsafeBytes(of: high.bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: low.bigEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        (0..<8).map { index in
            let half = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> (UInt64(3 - index % 4) * 16))
        }
    }

    /// Parses the text forms of RFC 4291: eight groups, `::` once, and a trailing dotted quad.
    public init?(_ string: some StringProtocol) {
        let text = String(string)
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        var index = 0
        // Leading "::" produces two empty pieces; trailing "::" too.
        while index < pieces.count {
            let piece = pieces[index]
            if piece.isEmpty {
                if sawGap {
                    // Allowed only as the second empty piece of a leading or trailing "::".
                    let leading = index == 1 && pieces[0].isEmpty
                    let trailing = index == pieces.count - 1 && pieces[index - 1].isEmpty
                    guard leading || trailing else { return nil }
                } else {
                    if index == 0 {
                        guard pieces.count > 1, pieces[1].isEmpty else { return nil }
                    }
                    if index == pieces.count - 1, index > 0, !pieces[index - 1].isEmpty { return nil }
                    sawGap = true
                }
                index += 1
                continue
            }
            var groupsHere: [UInt16] = []
            if piece.contains(".") {
                guard index == pieces.count - 1, let v4 = IPv4Address(piece) else { return nil }
                groupsHere = [UInt16(v4.value >> 16), UInt16(v4.value & 0xFFFF)]
            } else {
                guard piece.utf8.count <= 4, let group = UInt16(piece, radix: 16) else { return nil }
                guard piece.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else { return nil }
                groupsHere = [group]
            }
            if sawGap { tail += groupsHere } else { head += groupsHere }
            index += 1
        }
        let count = head.count + tail.count
        if sawGap {
            guard count <= 7 else { return nil }
        } else {
            guard count == 8 else { return nil }
        }
        let all = head + [UInt16](repeating: 0, count: 8 - count) + tail
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        for i in 0..<4 { hi = hi << 16 | UInt64(all[i]) }
        for i in 4..<8 { lo = lo << 16 | UInt64(all[i]) }
        high = hi
        low = lo
    }

    /// The text form `inet_ntop(3)` of glibc prints: lower-case hex, the longest run of two or more
    /// zero groups (the first of equal runs) as `::`, and the IPv4 forms `::a.b.c.d` and
    /// `::ffff:a.b.c.d`.
    public var description: String {
        let words = groups
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for i in 0...8 {
            if i < 8, words[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                let length = i - runStart
                if length > bestLength {
                    bestStart = runStart
                    bestLength = length
                }
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        var out = ""
        var i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLength
                continue
            }
            // An embedded IPv4 address: ::a.b.c.d (compat, not ::1 / ::) or ::ffff:a.b.c.d (mapped).
            if i == 6, bestStart == 0, bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF) {
                let v4 = IPv4Address(UInt32(words[6]) << 16 | UInt32(words[7]))
                out += v4.description
                break
            }
            if !out.isEmpty, !out.hasSuffix(":") { out += ":" }
            out += String(words[i], radix: 16)
            i += 1
        }
        return out
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

/// An IPv4 or IPv6 address.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address.
    case v4(IPv4Address)
    /// An IPv6 address.
    case v6(IPv6Address)

    /// Parses either form; IPv6 when the text contains a colon.
    public init?(_ string: some StringProtocol) {
        if string.contains(":") {
            guard let v6 = IPv6Address(string) else { return nil }
            self = .v6(v6)
        } else {
            guard let v4 = IPv4Address(string) else { return nil }
            self = .v4(v4)
        }
    }

    /// The address bytes in network order: 4 or 16.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a): a.bytes
        case .v6(let a): a.bytes
        }
    }

    /// The text form, as `inet_ntop(3)` prints it.
    public var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }
}
