#if canImport(Glibc)
import Glibc
#endif

/// What every decoder-choosing fuzz executable (`FuzzRoute`, `FuzzGeneric`, `FuzzSockDiag`) does
/// around its checks: pick the decoder once from `--decoder=NAME` (libFuzzer leaves arguments
/// starting with `--` to the initialization hook) or an environment variable, and turn a property
/// that does not hold into a trap, which is how libFuzzer learns of it and saves the input.
public enum FuzzDriver {
    /// The decoder named on the command line or in `variable`; without one, or with an unknown
    /// name, exits with status 2 and the list of decoders, so that a script cannot fuzz the wrong
    /// decoder unknowingly.
    public static func chooseDecoder<D: RawRepresentable & CaseIterable>(
        _: D.Type, target: String, variable: String,
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
    ) -> D where D.RawValue == String {
        var name: String? = nil
        if let arguments = argv.pointee {
            for index in 0..<Int(argc.pointee) {
                guard let argument = arguments[index].map({ String(cString: $0) }) else { continue }
                if argument.hasPrefix("--decoder=") { name = String(argument.dropFirst("--decoder=".count)) }
            }
        }
        if name == nil, let environment = getenv(variable) { name = String(cString: environment) }
        let names = D.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name, let decoder = D(rawValue: name) else {
            printError("\(target): choose a decoder with --decoder=NAME or \(variable)=NAME (\(names))")
            exit(2)
        }
        printError("\(target): decoder \(decoder.rawValue)")
        return decoder
    }

    /// Runs `check` on one input; a thrown property failure traps with the target and decoder named.
    public static func run(target: String, decoder: String, _ data: UnsafePointer<UInt8>, _ size: Int, _ check: (RawSpan) throws -> Void) {
        let input = UnsafeRawBufferPointer(start: data, count: size)
        var failure: (any Error)? = nil
        do {
            try check(input.bytes)
        } catch {
            failure = error
        }
        if let failure { fatalError("\(target) --decoder=\(decoder): \(failure)") }
    }

    /// Writes a line to the standard error (descriptor 2).
    public static func printError(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
