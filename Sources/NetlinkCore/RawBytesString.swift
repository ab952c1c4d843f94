/// Linux names are byte strings: interface and alternative names, aliases, address labels, network
/// namespace and file names need not be UTF-8, and two names that Swift's `String ==` calls equal
/// (canonically equivalent, "café" in NFC and in NFD) are two different names to the kernel.
///
/// The library's `String` names keep every byte. A name from the kernel (or from a command line) is
/// decoded with ``Swift/String/init(rawBytes:)``: its UTF-8 text as it is, and each byte that is not
/// part of a well-formed UTF-8 sequence as one of 256 private-use scalars, U+10FF00 + the byte's value
/// (the "raw-byte scalars"). ``Swift/String/rawBytes`` gives the exact bytes back, and every name the
/// library sends to the kernel is encoded that way, so a name read from the kernel and handed back
/// reaches it unchanged. To be exact both ways, a well-formed UTF-8 sequence that itself encodes a
/// raw-byte scalar (bytes `F4 8F BC..BF 80..BF`, which no real name contains) is decoded byte by byte.
///
/// Compare names with their bytes (``Swift/String/rawBytes``, or ``Swift/String/hasRawBytes(_:)``),
/// never with `==`.
extension String {
    /// The first raw-byte scalar: the byte `b` that is not UTF-8 is decoded as U+10FF00 + `b`.
    public static let rawByteScalarBase: UInt32 = 0x10FF00

    /// Decodes a name's bytes, keeping every byte (see the extension's discussion).
    public init(rawBytes bytes: some Collection<UInt8>) {
        // The common case, ASCII, straight from contiguous storage.
        let ascii = bytes.withContiguousStorageIfAvailable { buffer -> String? in
            var high: UInt8 = 0
            for byte in buffer { high |= byte }
            return high < 0x80 ? String(decoding: buffer, as: UTF8.self) : nil
        }
        if let ascii, let text = ascii {
            self = text
            return
        }
        self.init(decodingRawBytes: Array(bytes))
    }

    private init(decodingRawBytes array: [UInt8]) {
        // Well-formed UTF-8 without a 0xF4 lead byte is taken as it is.
        if !array.contains(0xF4), let text = String(validating: array, as: UTF8.self) {
            self = text
            return
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(array.count + 8)
        var index = 0
        while index < array.count {
            let length = Self.wellFormedUTF8Length(array, at: index)
            if length > 0 && !(length == 4 && array[index] == 0xF4 && array[index + 1] == 0x8F && array[index + 2] >= 0xBC) {
                utf8.append(contentsOf: array[index..<index + length])
                index += length
            } else {
                let byte = array[index]
                utf8.append(0xF4)
                utf8.append(0x8F)
                utf8.append(0xBC | (byte >> 6))
                utf8.append(0x80 | (byte & 0x3F))
                index += 1
            }
        }
        self.init(decoding: utf8, as: UTF8.self)
    }

    /// The bytes this string stands for: its UTF-8, with each raw-byte scalar as its byte.
    public var rawBytes: [UInt8] {
        let utf8 = self.utf8
        guard utf8.contains(0xF4) else { return Array(utf8) }
        return Self.rawBytes(fromUTF8: Array(utf8))
    }

    /// How many bytes ``rawBytes`` has, without making the array when the string is plain UTF-8.
    public var rawByteCount: Int {
        let utf8 = self.utf8
        return utf8.contains(0xF4) ? rawBytes.count : utf8.count
    }

    /// Whether this string holds a raw-byte scalar (a byte that is not UTF-8): when it does not,
    /// its ``rawBytes`` are its UTF-8.
    public var containsRawBytes: Bool {
        let utf8 = self.utf8
        guard utf8.contains(0xF4) else { return false }
        return Self.rawBytes(fromUTF8: Array(utf8)).count != utf8.count
    }

    /// Whether this name's bytes are `bytes` (the comparison to use for names: `==` on `String`
    /// is canonical equivalence).
    public func hasRawBytes(_ bytes: some Collection<UInt8>) -> Bool {
        let utf8 = self.utf8
        if !utf8.contains(0xF4) { return utf8.elementsEqual(bytes) }
        return rawBytes.elementsEqual(bytes)
    }

    /// Calls `body` with this string's ``rawBytes`` as a NUL-terminated C string: for a path or a
    /// pattern made of names (`/run/netns/NAME`), which C functions take as bytes.
    public func withRawBytesCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        if !utf8.contains(0xF4) { return try withCString(body) }
        var bytes = rawBytes
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    private static func rawBytes(fromUTF8 utf8: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            if utf8[index] == 0xF4, index + 3 < utf8.count, utf8[index + 1] == 0x8F, utf8[index + 2] >= 0xBC {
                bytes.append(((utf8[index + 2] & 0x03) << 6) | (utf8[index + 3] & 0x3F))
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return bytes
    }

    /// The length of the well-formed UTF-8 sequence at `index` of `bytes` (1 to 4), or 0 when the
    /// byte there does not start one (a stray continuation byte, an overlong form, a surrogate, a
    /// scalar past U+10FFFF, or a truncated sequence) — the Unicode standard's table 3-7.
    public static func wellFormedUTF8Length(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            let (minimum, maximum) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= minimum && byte <= maximum else { return 0 }
        }
        return length
    }
}
