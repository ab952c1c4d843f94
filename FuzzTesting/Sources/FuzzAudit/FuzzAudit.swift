import AuditFuzzChecks

/// The libFuzzer entry point of `FuzzAudit`: audit datagrams — status, features, rules, records
/// (see `AuditFuzzChecks`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        try AuditFuzzChecks.check(input)
    } catch {
        fatalError("FuzzAudit: \(error)")
    }
    return 0
}
