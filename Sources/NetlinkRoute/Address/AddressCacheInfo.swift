import NetlinkCore

/// The lifetimes and time stamps of an address, `struct ifa_cacheinfo` (16 bytes, host byte order),
/// the payload of `IFA_CACHEINFO`.
///
/// ```text
/// +-------------------+-------------------+-------------------+-------------------+
/// | ifa_prefered (u32)| ifa_valid (u32)   | cstamp (u32)      | tstamp (u32)      |
/// +-------------------+-------------------+-------------------+-------------------+
/// ```
///
/// Lifetimes are in seconds, ``forever`` (`INFINITY_LIFE_TIME`, 0xFFFFFFFF) meaning no end; in a
/// dump they are what remains. The stamps are in hundredths of a second since boot.
public struct AddressCacheInfo: Hashable, Sendable {
    /// The size on the wire: 16.
    public static let size = 16
    /// The lifetime that never ends: 0xFFFFFFFF (`INFINITY_LIFE_TIME` in the kernel).
    public static let forever: UInt32 = 0xFFFF_FFFF

    /// `ifa_prefered`: seconds the address stays preferred (then it is deprecated).
    public var preferredLifetime: UInt32
    /// `ifa_valid`: seconds the address stays valid (then it is removed).
    public var validLifetime: UInt32
    /// `cstamp`: when the address was created, in hundredths of a second since boot.
    public var created: UInt32
    /// `tstamp`: when the address was last updated, in hundredths of a second since boot.
    public var updated: UInt32

    /// Creates a value.
    public init(preferredLifetime: UInt32 = forever, validLifetime: UInt32 = forever, created: UInt32 = 0, updated: UInt32 = 0) {
        self.preferredLifetime = preferredLifetime
        self.validLifetime = validLifetime
        self.created = created
        self.updated = updated
    }

    /// Reads the payload of an `IFA_CACHEINFO` attribute.
    /// - Throws: `NetlinkDecodingError/Code/attributeSizeMismatch` unless it is exactly 16 bytes.
    public init(decoding attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        let payload = attribute.payload
        guard payload.byteCount == Self.size else {
            throw NetlinkDecodingError(
                .attributeSizeMismatch, offset: attribute.offset, attributeType: attribute.type,
                expected: Self.size, actual: payload.byteCount, context: "struct ifa_cacheinfo")
        }
        preferredLifetime = payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self)  // host order
        validLifetime = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)  // host order
        created = payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self)  // host order
        updated = payload.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self)  // host order
    }

    /// The 16 bytes, host order.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(Self.size)
        for word in [preferredLifetime, validLifetime, created, updated] {
            withUnsafeBytes(of: word) { result.append(contentsOf: $0) }
        }
        return result
    }

    /// Whether the address never stops being valid.
    public var isValidForever: Bool { validLifetime == Self.forever }
    /// Whether the address never stops being preferred.
    public var isPreferredForever: Bool { preferredLifetime == Self.forever }
}
