import ConnectorFuzzChecks

/// The libFuzzer entry point of `FuzzConnector`: connector datagrams, process events (see
/// `ConnectorFuzzChecks`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        try ConnectorFuzzChecks.check(input)
    } catch {
        fatalError("FuzzConnector: \(error)")
    }
    return 0
}
