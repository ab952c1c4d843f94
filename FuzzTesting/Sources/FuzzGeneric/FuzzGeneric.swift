import FuzzDriver
import GenericFuzzChecks

/// The decoder this process fuzzes, chosen once in `LLVMFuzzerInitialize` before any input runs.
nonisolated(unsafe) var selectedDecoder: GenericFuzzChecks.Decoder? = nil

/// libFuzzer's initialization hook: the decoder from `--decoder=NAME` or `FUZZ_GENERIC_DECODER`.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    selectedDecoder = FuzzDriver.chooseDecoder(GenericFuzzChecks.Decoder.self, target: "FuzzGeneric", variable: "FUZZ_GENERIC_DECODER", argc, argv)
    return 0
}

/// The libFuzzer entry point of `FuzzGeneric` (see `GenericFuzzChecks.Decoder`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let decoder = selectedDecoder else { fatalError("FuzzGeneric: LLVMFuzzerInitialize did not run") }
    FuzzDriver.run(target: "FuzzGeneric", decoder: decoder.rawValue, data, size) { input in try decoder.check(input) }
    return 0
}
