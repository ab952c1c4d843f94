#if canImport(Glibc)
import Glibc
#endif
import RouteFuzzChecks

/// The decoder this process fuzzes, chosen once in `LLVMFuzzerInitialize` before any input runs.
nonisolated(unsafe) var selectedDecoder: RouteFuzzChecks.Decoder? = nil

/// libFuzzer's initialization hook: picks the decoder from the argument `--decoder=NAME` (libFuzzer
/// leaves arguments starting with `--` to this hook) or else the environment variable
/// `FUZZ_ROUTE_DECODER`. Without one, or with an unknown name, the process exits with status 2
/// and the list of decoders, so that a script cannot fuzz the wrong decoder unknowingly.
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
    if name == nil, let environment = getenv("FUZZ_ROUTE_DECODER") { name = String(cString: environment) }
    let names = RouteFuzzChecks.Decoder.allCases.map(\.rawValue).joined(separator: ", ")
    guard let name, let decoder = RouteFuzzChecks.Decoder(rawValue: name) else {
        printError("FuzzRoute: choose a decoder with --decoder=NAME or FUZZ_ROUTE_DECODER=NAME (\(names))")
        exit(2)
    }
    selectedDecoder = decoder
    printError("FuzzRoute: decoder \(decoder.rawValue)")
    return 0
}

/// Writes a line to the standard error (descriptor 2).
func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// The libFuzzer entry point of `FuzzRoute` (see `RouteFuzzChecks.Decoder`). A property that does
/// not hold traps, which is how libFuzzer learns of it and saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let decoder = selectedDecoder else { fatalError("FuzzRoute: LLVMFuzzerInitialize did not run") }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var failure: (any Error)? = nil
    do {
        try decoder.check(input.bytes)
    } catch {
        failure = error
    }
    if let failure { fatalError("FuzzRoute --decoder=\(decoder.rawValue): \(failure)") }
    return 0
}
