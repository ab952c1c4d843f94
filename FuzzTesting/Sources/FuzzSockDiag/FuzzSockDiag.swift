import FuzzDriver
import SockDiagFuzzChecks

/// The decoder this process fuzzes, chosen once in `LLVMFuzzerInitialize` before any input runs.
nonisolated(unsafe) var selectedDecoder: SockDiagFuzzChecks.Decoder? = nil

/// libFuzzer's initialization hook: the decoder from `--decoder=NAME` or `FUZZ_SOCKDIAG_DECODER`.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    selectedDecoder = FuzzDriver.chooseDecoder(SockDiagFuzzChecks.Decoder.self, target: "FuzzSockDiag", variable: "FUZZ_SOCKDIAG_DECODER", argc, argv)
    return 0
}

/// The libFuzzer entry point of `FuzzSockDiag` (see `SockDiagFuzzChecks.Decoder`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let decoder = selectedDecoder else { fatalError("FuzzSockDiag: LLVMFuzzerInitialize did not run") }
    FuzzDriver.run(target: "FuzzSockDiag", decoder: decoder.rawValue, data, size) { input in try decoder.check(input) }
    return 0
}
