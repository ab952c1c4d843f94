#if canImport(Glibc)
import Glibc
#endif
import GenericFuzzChecks

/// The decoder this process fuzzes, chosen once in `LLVMFuzzerInitialize` before any input runs.
nonisolated(unsafe) var selectedDecoder: GenericFuzzChecks.Decoder? = nil

/// libFuzzer's initialization hook: the decoder from `--decoder=NAME` or `FUZZ_GENERIC_DECODER`;
/// without one, or with an unknown name, exits with status 2 and the list of decoders.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    var name: String? = nil
    if let arguments = argv.pointee {
        for index in 0..<Int(argc.pointee) {
            guard let argument = arguments[index].map({ String(cString: $0) }) else { continue }
            if argument.hasPrefix("--decoder=") { name = String(argument.dropFirst("--decoder=".count)) }
        }
    }
    if name == nil, let environment = getenv("FUZZ_GENERIC_DECODER") { name = String(cString: environment) }
    let names = GenericFuzzChecks.Decoder.allCases.map(\.rawValue).joined(separator: ", ")
    guard let name, let decoder = GenericFuzzChecks.Decoder(rawValue: name) else {
        printError("FuzzGeneric: choose a decoder with --decoder=NAME or FUZZ_GENERIC_DECODER=NAME (\(names))")
        exit(2)
    }
    selectedDecoder = decoder
    printError("FuzzGeneric: decoder \(decoder.rawValue)")
    return 0
}

/// Writes a line to the standard error (descriptor 2).
func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// The libFuzzer entry point of `FuzzGeneric`: a property that does not hold traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let decoder = selectedDecoder else { fatalError("FuzzGeneric: LLVMFuzzerInitialize did not run") }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var failure: (any Error)? = nil
    do {
        try decoder.check(input.bytes)
    } catch {
        failure = error
    }
    if let failure { fatalError("FuzzGeneric --decoder=\(decoder.rawValue): \(failure)") }
    return 0
}
