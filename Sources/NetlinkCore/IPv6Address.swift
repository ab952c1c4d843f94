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
        let text = Array(String(string).utf8)
        guard !text.isEmpty, text.count <= 45 else { return nil }
        var gap: Int? = nil
        for i in 0..<(text.count - 1) where text[i] == UInt8(ascii: ":") && text[i + 1] == UInt8(ascii: ":") {
            if let first = gap, i != first { return nil }  // a second "::" (":::" is caught below)
            if gap == nil { gap = i }
        }
        func groups(_ part: ArraySlice<UInt8>, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let pieces = part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            var out: [UInt16] = []
            for (index, piece) in pieces.enumerated() {
                if piece.contains(UInt8(ascii: ".")) {
                    guard allowIPv4Tail, index == pieces.count - 1,
                        let v4 = IPv4Address(String(decoding: piece, as: UTF8.self))
                    else { return nil }
                    out += [UInt16(v4.value >> 16), UInt16(v4.value & 0xFFFF)]
                    continue
                }
                guard (1...4).contains(piece.count) else { return nil }
                var value: UInt16 = 0
                for c in piece {
                    let digit: UInt8
                    switch c {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
                    default: return nil
                    }
                    value = value << 4 | UInt16(digit)
                }
                out.append(value)
            }
            return out
        }
        let all: [UInt16]
        if let gap {
            let headPart = text[0..<gap]
            let tailPart = text[(gap + 2)...]
            if tailPart.first == UInt8(ascii: ":") { return nil }  // ":::"
            guard let head = groups(headPart, allowIPv4Tail: false),
                let tail = groups(tailPart, allowIPv4Tail: true),
                head.count + tail.count <= 7
            else { return nil }
            all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let every = groups(text[...], allowIPv4Tail: true), every.count == 8 else { return nil }
            all = every
        }
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
                if !out.hasSuffix(":") { out += ":" }
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
