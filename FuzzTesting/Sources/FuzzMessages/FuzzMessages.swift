import FuzzChecks

/// The libFuzzer entry point of `FuzzMessages` (see `FuzzChecks.Target.messages`).
///
/// This file is the whole target: no `main`, libFuzzer's own runs the loop. A property that does
/// not hold traps, which is how libFuzzer learns of it and saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    // The failure is kept and reported after the `do`: a trap inside the `catch` would end the
    // span's scope there, which the lifetime checker refuses.
    var failure: (any Error)? = nil
    do {
        try FuzzChecks.Target.messages.check(input.bytes)
    } catch {
        failure = error
    }
    if let failure { fatalError("FuzzMessages: \(failure)") }
    return 0
}
