import NetlinkConnector
import NetlinkCore

/// The properties `FuzzConnector` checks on any bytes taken as one `NETLINK_CONNECTOR` datagram
/// (also run by `ConnectorCorpusReplayTests` on the corpus): decoding each message as a
/// `ConnectorMessage` and a `ProcessEvent` is total and deterministic; a decoded `cn_msg`
/// re-encodes to the bytes it came from; an event's accessors answer without trapping.
public enum ConnectorFuzzChecks {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static let maximumInputSize = 65_536

    /// The decodings of the datagram's messages (`nil` for one that is not a process event).
    public static func decode(_ bytes: [UInt8]) -> [Result<ProcessEvent?, NetlinkDecodingError>] {
        var results: [Result<ProcessEvent?, NetlinkDecodingError>] = []
        var messages = NetlinkMessages(bytes.span.bytes)
        while true {
            let next: NetlinkMessage?
            do { next = try messages.next() } catch { break }
            guard let message = next else { break }
            results.append(Result { () throws(NetlinkDecodingError) in try ProcessEvent(decoding: message) })
        }
        return results
    }

    public static func check(_ input: [UInt8]) throws {
        let bytes = Array(input.prefix(maximumInputSize))
        let first = decode(bytes)
        guard first == decode(bytes) else { throw Failure(description: "connector: two decodings differ") }
        var messages = NetlinkMessages(bytes.span.bytes)
        while true {
            let next: NetlinkMessage?
            do { next = try messages.next() } catch { break }
            guard let message = next else { break }
            guard let connector = try? ConnectorMessage(decoding: message) else { continue }
            var builder = NetlinkMessageBuilder()
            try connector.encode(into: &builder)
            let payload = message.payload.withUnsafeBytes { Array($0) }
            guard builder.bytes == Array(payload.prefix(ConnectorMessage.headerSize + connector.data.count)) else {
                throw Failure(description: "connector: cn_msg does not re-encode to its bytes: \(connector)")
            }
        }
        for case .success(let event?) in first {
            _ = (event.kind, event.thread?.description, event.cpu, event.timestamp)
        }
    }
}
