import NetlinkCore

/// An ethtool bitset (`ETHTOOL_A_BITSET_*`): features, link modes, WoL modes, message classes,
/// timestamping flags and private flags all travel as one.
///
/// The kernel writes it in one of two forms, chosen by the request's
/// ``EthtoolRequestFlags/compactBitsets``:
/// ```text
/// compact:  SIZE (u32 bits)  VALUE (u32 words)  MASK (u32 words)        NOMASK flag instead of MASK
/// verbose:  SIZE  BITS { BIT { INDEX u32, NAME string, VALUE flag } ... }  for a list (value only)
/// ```
/// Both decode into the same value. A bitset with a mask (``mask`` non-`nil`) says which bits the
/// value covers (features: the bits that exist; link modes: the supported ones); a list
/// (``mask`` `nil`, `NOMASK`) is the value alone. The verbose form also carries the bits' names
/// (``names``), so a verbose reply needs no string set.
///
/// Decode → encode (``encodeCompact(_:into:)``) → decode gives the same size, value and mask.
public struct EthtoolBitset: Hashable, Sendable {
    /// `ETHTOOL_A_BITSET_SIZE`: the number of bits.
    public var size: Int
    /// The value's bits, 32 per word, bit `i` in `value[i / 32] & (1 << (i % 32))`.
    public var value: [UInt32]
    /// The mask's words; `nil` for a list (`ETHTOOL_A_BITSET_NOMASK`).
    public var mask: [UInt32]?
    /// The names the verbose form gave, by bit index (empty for the compact form).
    public var names: [Int: String]

    /// Creates a bitset of `size` bits; the words are padded or cut to `(size + 31) / 32`.
    public init(size: Int, value: [UInt32] = [], mask: [UInt32]? = nil, names: [Int: String] = [:]) {
        let bits = max(size, 0)
        let words = (bits + 31) / 32
        self.size = bits
        self.value = Self.fit(value, words: words, size: bits)
        self.mask = mask.map { Self.fit($0, words: words, size: bits) }
        self.names = names
    }

    private static func fit(_ words: [UInt32], words count: Int, size: Int) -> [UInt32] {
        var result = words
        if result.count > count {
            result.removeLast(result.count - count)
        } else if result.count < count {
            result.append(contentsOf: repeatElement(0, count: count - result.count))
        }
        if size % 32 != 0, !result.isEmpty { result[count - 1] &= ~UInt32(0) >> (32 - UInt32(size % 32)) }
        return result
    }

    /// Whether bit `index` is set in the value (`false` past the size).
    public subscript(index: Int) -> Bool {
        guard index >= 0, index < size else { return false }
        return value[index / 32] & (1 << UInt32(index % 32)) != 0
    }

    /// Whether bit `index` is in the mask (every bit of a list is).
    public func inMask(_ index: Int) -> Bool {
        guard index >= 0, index < size else { return false }
        guard let mask else { return true }
        return mask[index / 32] & (1 << UInt32(index % 32)) != 0
    }

    /// How many bits of the value are set.
    public var setCount: Int { value.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The indexes of the value's set bits, in order.
    public var setBits: [Int] { (0..<size).filter { self[$0] } }

    /// The indexes of the mask's bits (all bits for a list), in order.
    public var maskBits: [Int] { (0..<size).filter { inMask($0) } }

    /// Sets or clears bit `index` of the value (and adds it to the mask, if there is one).
    /// Does nothing past the size.
    public mutating func set(_ index: Int, _ on: Bool) {
        guard index >= 0, index < size else { return }
        let bit: UInt32 = 1 << UInt32(index % 32)
        if on { value[index / 32] |= bit } else { value[index / 32] &= ~bit }
        if mask != nil { mask![index / 32] |= bit }
    }

    /// Decodes a bitset attribute in either form.
    /// - Throws: `NetlinkDecodingError` for a bitset without `ETHTOOL_A_BITSET_SIZE`, with a size
    ///   over the kernel's limit (`ETHNL_MAX_BITSET_SIZE`, 32,767), with words shorter than the
    ///   size, or with a verbose bit past the size or without index.
    public init(decoding attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        var noMask = false
        var size: Int?
        var valueWords: [UInt32]?
        var maskWords: [UInt32]?
        var verbose: [(index: Int, name: String?, on: Bool)] = []
        var hasBits = false
        var attributes = try attribute.nested()
        while let a = try attributes.next() {
            switch a.type {
            case EthtoolAttribute.Bitset.noMask: noMask = true
            case EthtoolAttribute.Bitset.size:
                let bits = try a.uint32(.host)
                guard bits <= 0x7FFF else {
                    throw NetlinkDecodingError(.invalidValue, offset: a.offset, attributeType: a.type, context: "an ethtool bitset of \(bits) bits")
                }
                size = Int(bits)
            case EthtoolAttribute.Bitset.value: valueWords = Self.words(a)
            case EthtoolAttribute.Bitset.mask: maskWords = Self.words(a)
            case EthtoolAttribute.Bitset.bits:
                hasBits = true
                var bits = try a.nested()
                while let bit = try bits.next() {
                    guard bit.type == EthtoolAttribute.Bitset.bit else { continue }
                    var index: Int?
                    var name: String?
                    var on = false
                    var fields = try bit.nested()
                    while let f = try fields.next() {
                        switch f.type {
                        case EthtoolAttribute.Bitset.bitIndex: index = Int(try f.uint32(.host))
                        case EthtoolAttribute.Bitset.bitName: name = f.string()
                        case EthtoolAttribute.Bitset.bitValue: on = try f.flag()
                        default: continue
                        }
                    }
                    guard let index else {
                        throw NetlinkDecodingError(.invalidValue, offset: bit.offset, attributeType: bit.type, context: "an ethtool bitset bit without its index")
                    }
                    verbose.append((index, name, on))
                }
            default: continue
            }
        }
        guard let size else {
            throw NetlinkDecodingError(.invalidValue, offset: attribute.offset, attributeType: attribute.type, context: "an ethtool bitset without ETHTOOL_A_BITSET_SIZE")
        }
        let words = (size + 31) / 32
        if hasBits || valueWords == nil {
            var result = EthtoolBitset(size: size, value: [], mask: noMask ? nil : [])
            for bit in verbose {
                guard bit.index < size else {
                    throw NetlinkDecodingError(.invalidValue, offset: attribute.offset, attributeType: attribute.type, context: "ethtool bit \(bit.index) of a \(size)-bit set")
                }
                // A list names the set bits; with a mask, the listed bits are the mask and the
                // VALUE flag says which are set.
                result.set(bit.index, noMask || bit.on)
                if let name = bit.name { result.names[bit.index] = name }
            }
            self = result
            return
        }
        guard let valueWords, valueWords.count >= words, noMask || (maskWords?.count ?? 0) >= words else {
            throw NetlinkDecodingError(.invalidValue, offset: attribute.offset, attributeType: attribute.type, context: "an ethtool bitset whose words are shorter than its \(size) bits")
        }
        self.init(size: size, value: valueWords, mask: noMask ? nil : maskWords)
    }

    private static func words(_ attribute: borrowing NetlinkAttribute) -> [UInt32] {
        attribute.payload.withUnsafeBytes { raw in
            [UInt32](unsafeUninitializedCapacity: raw.count / 4) { buffer, initialized in
                for index in 0..<(raw.count / 4) { buffer[index] = raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self) }
                initialized = raw.count / 4
            }
        }
    }

    /// Writes the bitset as attribute `type` in the compact form (a list gets `NOMASK`).
    public func encodeCompact(_ type: UInt16, into builder: inout NetlinkMessageBuilder) throws {
        try builder.appendNested(type) { b in
            if mask == nil { try b.appendFlagAttribute(EthtoolAttribute.Bitset.noMask) }
            try b.appendAttribute(EthtoolAttribute.Bitset.size, uint32: UInt32(size), .host)
            try b.appendAttribute(EthtoolAttribute.Bitset.value, bytes: Self.bytes(value))
            if let mask { try b.appendAttribute(EthtoolAttribute.Bitset.mask, bytes: Self.bytes(mask)) }
        }
    }

    private static func bytes(_ words: [UInt32]) -> [UInt8] {
        words.withUnsafeBytes { Array($0) }
    }
}

/// A change of some bits of a bitset, by name or index, as a set request sends it: the verbose
/// form with a mask, so that only the bits listed change (`ethtool -K DEV gro on`).
public struct EthtoolBitChanges: Hashable, Sendable {
    /// One bit: by its index or by its name in the set's string set.
    public enum Bit: Hashable, Sendable {
        /// `ETHTOOL_A_BITSET_BIT_INDEX`.
        case index(UInt32)
        /// `ETHTOOL_A_BITSET_BIT_NAME` (the kernel looks it up; an unknown one: "bit name not found").
        case name(String)
    }

    /// The bits and their new values, in the order they are sent.
    public var changes: [(bit: Bit, on: Bool)]

    /// Creates a change list.
    public init(_ changes: [(bit: Bit, on: Bool)] = []) { self.changes = changes }

    /// Adds one change.
    public mutating func set(_ bit: Bit, _ on: Bool) { changes.append((bit, on)) }

    public static func == (a: Self, b: Self) -> Bool {
        a.changes.count == b.changes.count && zip(a.changes, b.changes).allSatisfy { $0.bit == $1.bit && $0.on == $1.on }
    }

    public func hash(into hasher: inout Hasher) {
        for change in changes {
            hasher.combine(change.bit)
            hasher.combine(change.on)
        }
    }

    /// Writes the bits that are on as a list (verbose, `NOMASK`): a selection such as the
    /// statistics groups to report.
    public func encodeList(_ type: UInt16, into builder: inout NetlinkMessageBuilder) throws {
        try builder.appendNested(type) { b in
            try b.appendFlagAttribute(EthtoolAttribute.Bitset.noMask)
            try b.appendNested(EthtoolAttribute.Bitset.bits) { b in
                for change in changes where change.on {
                    try b.appendNested(EthtoolAttribute.Bitset.bit) { b in
                        switch change.bit {
                        case .index(let index): try b.appendAttribute(EthtoolAttribute.Bitset.bitIndex, uint32: index, .host)
                        case .name(let name): try b.appendAttribute(EthtoolAttribute.Bitset.bitName, string: name)
                        }
                    }
                }
            }
        }
    }

    /// Writes the changes as bitset attribute `type` (verbose, with a mask: bits not listed keep
    /// their value).
    public func encode(_ type: UInt16, into builder: inout NetlinkMessageBuilder) throws {
        try builder.appendNested(type) { b in
            try b.appendNested(EthtoolAttribute.Bitset.bits) { b in
                for change in changes {
                    try b.appendNested(EthtoolAttribute.Bitset.bit) { b in
                        switch change.bit {
                        case .index(let index): try b.appendAttribute(EthtoolAttribute.Bitset.bitIndex, uint32: index, .host)
                        case .name(let name): try b.appendAttribute(EthtoolAttribute.Bitset.bitName, string: name)
                        }
                        if change.on { try b.appendFlagAttribute(EthtoolAttribute.Bitset.bitValue) }
                    }
                }
            }
        }
    }
}
