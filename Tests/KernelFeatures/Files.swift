import Glibc

/// The whole content of the file at `path` as text (bytes that are not UTF-8 repaired), or `nil`
/// when it cannot be opened.
public func readWholeFile(_ path: String) -> String? {
    readWholeFileBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

/// The bytes of a file, or `nil` when it cannot be opened.
public func readWholeFileBytes(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        bytes += chunk[0..<n]
    }
    return bytes
}

/// Writes `text` to `path` (created or truncated); whether it was written.
public func writeWholeFile(_ path: String, _ text: String) -> Bool {
    guard let file = fopen(path, "w") else { return false }
    defer { fclose(file) }
    return fputs(text, file) >= 0
}

/// Writes `bytes` to `path` (created or truncated); whether all were written.
public func writeWholeFile(_ path: String, bytes: [UInt8]) -> Bool {
    guard let file = fopen(path, "w") else { return false }
    defer { fclose(file) }
    return bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) } == bytes.count
}
