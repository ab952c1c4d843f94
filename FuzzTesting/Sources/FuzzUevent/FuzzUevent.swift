import UeventFuzzChecks

/// The libFuzzer entry point of `FuzzUevent`: kernel uevent datagrams (see `UeventFuzzChecks`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        try UeventFuzzChecks.check(input)
    } catch {
        fatalError("FuzzUevent: \(error)")
    }
    return 0
}
