import FuzzDriver
import RouteFuzzChecks

/// The decoder this process fuzzes, chosen once in `LLVMFuzzerInitialize` before any input runs.
nonisolated(unsafe) var selectedDecoder: RouteFuzzChecks.Decoder? = nil

/// libFuzzer's initialization hook: the decoder from `--decoder=NAME` or `FUZZ_ROUTE_DECODER`.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    selectedDecoder = FuzzDriver.chooseDecoder(RouteFuzzChecks.Decoder.self, target: "FuzzRoute", variable: "FUZZ_ROUTE_DECODER", argc, argv)
    return 0
}

/// The libFuzzer entry point of `FuzzRoute` (see `RouteFuzzChecks.Decoder`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let decoder = selectedDecoder else { fatalError("FuzzRoute: LLVMFuzzerInitialize did not run") }
    FuzzDriver.run(target: "FuzzRoute", decoder: decoder.rawValue, data, size) { input in try decoder.check(input) }
    return 0
}
