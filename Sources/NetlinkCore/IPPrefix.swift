/// Why a text is not a prefix: what ``IPv4Prefix/init(parsing:)``, ``IPv6Prefix/init(parsing:)`` and
/// ``IPPrefix/init(parsing:)`` throw.
public struct IPPrefixParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text given.
    public var text: String
    /// What is wrong with it.
    public var reason: String

    /// Creates an error.
    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    /// `invalid prefix "TEXT": REASON`.
    public var description: String { "invalid prefix \"\(text)\": \(reason)" }
}

/// Splits `ADDRESS[/LENGTH]` and reads the length: decimal digits only, at most `bits`; no slash
/// means `bits` (one host).
private func splitPrefix(_ text: some StringProtocol, bits: UInt8) throws(IPPrefixParseError) -> (Substring, UInt8) {
    let whole = Substring(text)
    guard let slash = whole.firstIndex(of: "/") else { return (whole, bits) }
    let digits = whole[whole.index(after: slash)...]
    guard !digits.isEmpty, digits.utf8.count <= 3, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        let length = UInt8(digits), length <= bits
    else {
        throw IPPrefixParseError(text: String(text), reason: "the length must be a number from 0 to \(bits)")
    }
    return (whole[..<slash], length)
}

/// An IPv4 address with a prefix length (`10.88.0.2/16`): an interface's address and its subnet,
/// or a route's destination. The address keeps its host bits (``masked`` clears them).
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The address, host bits included.
    public var address: IPv4Address
    /// The prefix length, 0 to 32.
    public private(set) var length: UInt8

    /// Creates a prefix, or `nil` when `length` is over 32.
    public init?(address: IPv4Address, length: UInt8) {
        guard length <= 32 else { return nil }
        self.address = address
        self.length = length
    }

    /// Parses `A.B.C.D/LENGTH` (or `A.B.C.D`, a /32), or `nil`.
    public init?(_ text: some StringProtocol) {
        guard let parsed = try? IPv4Prefix(parsing: text) else { return nil }
        self = parsed
    }

    /// Parses `A.B.C.D/LENGTH` (or `A.B.C.D`, a /32).
    /// - Throws: ``IPPrefixParseError`` saying what is wrong.
    public init(parsing text: some StringProtocol) throws(IPPrefixParseError) {
        let (addressText, length) = try splitPrefix(text, bits: 32)
        guard let address = IPv4Address(addressText) else {
            throw IPPrefixParseError(text: String(text), reason: "\"\(addressText)\" is not an IPv4 address")
        }
        self.address = address
        self.length = length
    }

    /// A prefix from a literal; a literal that is not one is a programming error and traps. (So is
    /// `T("literal")`, which Swift reads as the literal `"literal" as T`; text known only at run
    /// time goes through the failable or the throwing initializer.)
    public init(stringLiteral value: String) {
        do { try self.init(parsing: value) } catch { preconditionFailure("\(error)") }
    }

    /// The mask of ``length`` bits (`255.255.0.0` for /16).
    public var mask: IPv4Address { IPv4Address(length == 0 ? 0 : UInt32.max << (32 - UInt32(length))) }

    /// The network: the address with its host bits cleared (`10.88.0.0/16`).
    public var masked: IPv4Prefix {
        var network = self
        network.address = IPv4Address(address.value & mask.value)
        return network
    }

    /// Whether `other` is inside this prefix.
    public func contains(_ other: IPv4Address) -> Bool { other.value & mask.value == address.value & mask.value }

    /// `A.B.C.D/LENGTH`.
    public var description: String { "\(address)/\(length)" }
}

/// An IPv6 address with a prefix length (`2001:db8::1/64`). The address keeps its host bits
/// (``masked`` clears them).
public struct IPv6Prefix: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The address, host bits included.
    public var address: IPv6Address
    /// The prefix length, 0 to 128.
    public private(set) var length: UInt8

    /// Creates a prefix, or `nil` when `length` is over 128.
    public init?(address: IPv6Address, length: UInt8) {
        guard length <= 128 else { return nil }
        self.address = address
        self.length = length
    }

    /// Parses `ADDRESS/LENGTH` (or `ADDRESS`, a /128), or `nil`.
    public init?(_ text: some StringProtocol) {
        guard let parsed = try? IPv6Prefix(parsing: text) else { return nil }
        self = parsed
    }

    /// Parses `ADDRESS/LENGTH` (or `ADDRESS`, a /128).
    /// - Throws: ``IPPrefixParseError`` saying what is wrong.
    public init(parsing text: some StringProtocol) throws(IPPrefixParseError) {
        let (addressText, length) = try splitPrefix(text, bits: 128)
        guard let address = IPv6Address(addressText) else {
            throw IPPrefixParseError(text: String(text), reason: "\"\(addressText)\" is not an IPv6 address")
        }
        self.address = address
        self.length = length
    }

    /// A prefix from a literal; a literal that is not one is a programming error and traps. (So is
    /// `T("literal")`, which Swift reads as the literal `"literal" as T`; text known only at run
    /// time goes through the failable or the throwing initializer.)
    public init(stringLiteral value: String) {
        do { try self.init(parsing: value) } catch { preconditionFailure("\(error)") }
    }

    /// The network: the address with its host bits cleared (`2001:db8::/64`).
    public var masked: IPv6Prefix {
        var network = self
        let (high, low) = Self.masks(length)
        network.address = IPv6Address(high: address.high & high, low: address.low & low)
        return network
    }

    /// Whether `other` is inside this prefix.
    public func contains(_ other: IPv6Address) -> Bool {
        let (high, low) = Self.masks(length)
        return other.high & high == address.high & high && other.low & low == address.low & low
    }

    private static func masks(_ length: UInt8) -> (UInt64, UInt64) {
        let bits = Int(length)
        let high: UInt64 = bits == 0 ? 0 : bits >= 64 ? .max : .max << (64 - bits)
        let low: UInt64 = bits <= 64 ? 0 : bits == 128 ? .max : .max << (128 - bits)
        return (high, low)
    }

    /// `ADDRESS/LENGTH`, the address as `ip` prints it.
    public var description: String { "\(address)/\(length)" }
}

/// An IPv4 or IPv6 prefix: an address and a length, as `ip` takes them (`10.88.0.2/16`,
/// `2001:db8::/32`).
public enum IPPrefix: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// An IPv4 prefix.
    case v4(IPv4Prefix)
    /// An IPv6 prefix.
    case v6(IPv6Prefix)

    /// Creates a prefix, or `nil` when `length` is longer than the address.
    public init?(address: IPAddress, length: UInt8) {
        switch address {
        case .v4(let a):
            guard let p = IPv4Prefix(address: a, length: length) else { return nil }
            self = .v4(p)
        case .v6(let a):
            guard let p = IPv6Prefix(address: a, length: length) else { return nil }
            self = .v6(p)
        }
    }

    /// Parses either form (IPv6 when the text has a colon), or `nil`.
    public init?(_ text: some StringProtocol) {
        guard let parsed = try? IPPrefix(parsing: text) else { return nil }
        self = parsed
    }

    /// Parses either form: IPv6 when the text has a colon.
    /// - Throws: ``IPPrefixParseError`` saying what is wrong.
    public init(parsing text: some StringProtocol) throws(IPPrefixParseError) {
        self = text.contains(":") ? .v6(try IPv6Prefix(parsing: text)) : .v4(try IPv4Prefix(parsing: text))
    }

    /// A prefix from a literal; a literal that is not one is a programming error and traps. (So is
    /// `T("literal")`, which Swift reads as the literal `"literal" as T`; text known only at run
    /// time goes through the failable or the throwing initializer.)
    public init(stringLiteral value: String) {
        do { try self.init(parsing: value) } catch { preconditionFailure("\(error)") }
    }

    /// The address, host bits included.
    public var address: IPAddress {
        switch self {
        case .v4(let p): .v4(p.address)
        case .v6(let p): .v6(p.address)
        }
    }

    /// The prefix length.
    public var length: UInt8 {
        switch self {
        case .v4(let p): p.length
        case .v6(let p): p.length
        }
    }

    /// ``AddressFamily/inet`` or ``AddressFamily/inet6``.
    public var family: AddressFamily { address.family }

    /// The network: the address with its host bits cleared.
    public var masked: IPPrefix {
        switch self {
        case .v4(let p): .v4(p.masked)
        case .v6(let p): .v6(p.masked)
        }
    }

    /// Whether `other` is inside this prefix (always false for an address of the other family).
    public func contains(_ other: IPAddress) -> Bool {
        switch (self, other) {
        case (.v4(let p), .v4(let a)): p.contains(a)
        case (.v6(let p), .v6(let a)): p.contains(a)
        default: false
        }
    }

    /// `ADDRESS/LENGTH`.
    public var description: String {
        switch self {
        case .v4(let p): p.description
        case .v6(let p): p.description
        }
    }
}
