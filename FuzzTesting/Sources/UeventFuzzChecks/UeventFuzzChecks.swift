import NetlinkUevent

/// The properties `FuzzUevent` checks on any bytes (also run by `UeventCorpusReplayTests` on the
/// corpus): `Uevent(datagram:)` and `UdevMessage(datagram:)` are total and deterministic; a decoded
/// uevent rebuilds the bytes it came from (`datagram`) and decodes from them to itself; a decoded
/// udev message's rebuilt bytes decode to itself; the accessors answer without trapping.
public enum UeventFuzzChecks {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Inputs are cut to 64 KiB (a uevent is at most 2 KiB: UEVENT_BUFFER_SIZE).
    public static let maximumInputSize = 65_536

    public static func check(_ input: [UInt8]) throws {
        let bytes = Array(input.prefix(maximumInputSize))
        let first = Result { () throws(UeventDecodingError) in try Uevent(datagram: bytes) }
        let second = Result { () throws(UeventDecodingError) in try Uevent(datagram: bytes) }
        guard first == second else { throw Failure(description: "uevent: two decodings differ: \(first) \(second)") }
        let udev = Result { () throws(UeventDecodingError) in try UdevMessage(datagram: bytes) }
        let udevAgain = Result { () throws(UeventDecodingError) in try UdevMessage(datagram: bytes) }
        guard udev == udevAgain else {
            throw Failure(description: "udev: two decodings differ")
        }
        if case .success(let message) = udev {
            guard (try? UdevMessage(datagram: message.datagram)) == message else { throw Failure(description: "udev: the rebuilt bytes decode differently: \(message)") }
            _ = (message.uevent.action, message.uevent.subsystem, message.uevent.sequenceNumber)
        }
        guard case .success(let event) = first else { return }
        guard event.datagram == bytes else { throw Failure(description: "uevent: the event does not rebuild its bytes: \(event)") }
        guard (try? Uevent(datagram: event.datagram)) == event else { throw Failure(description: "uevent: the rebuilt bytes decode differently") }
        _ = (event.action, event.devicePath, event.subsystem, event.deviceType, event.sequenceNumber, event.interface, event.interfaceIndex,
             event.deviceName, event.major, event.minor, event.driver, event.properties.map(\.text))
    }
}
