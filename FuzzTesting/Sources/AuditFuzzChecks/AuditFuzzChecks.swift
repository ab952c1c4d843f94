import NetlinkAudit
import NetlinkCore
import NetlinkSELinux

/// The properties `FuzzAudit` checks on any bytes taken as one `NETLINK_AUDIT` (or
/// `NETLINK_SELINUX`) datagram (also run by `AuditCorpusReplayTests` on the corpus): each message
/// decodes — as `AuditStatus`, `AuditFeatures`, `AuditRule`, `AuditRecord`, `SELinuxEvent` —
/// totally and deterministically; a decoded rule
/// re-encodes to bytes that decode to itself; a decoded status re-encodes to its whole words (at
/// most 44 bytes).
public enum AuditFuzzChecks {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static let maximumInputSize = 65_536

    /// What each message of the datagram decodes to, as text (for comparing two decodings).
    public static func decode(_ bytes: [UInt8]) -> [String] {
        var results: [String] = []
        var messages = NetlinkMessages(bytes.span.bytes)
        while true {
            let next: NetlinkMessage?
            do { next = try messages.next() } catch { results.append("stop: \(error)"); break }
            guard let message = next else { break }
            results.append("\(Result { () throws(NetlinkDecodingError) in try AuditStatus(decoding: message) })")
            results.append("\(Result { () throws(NetlinkDecodingError) in try AuditFeatures(decoding: message) })")
            results.append("\(Result { () throws(NetlinkDecodingError) in try AuditRule(decoding: message) })")
            let record = AuditRecord(decoding: message)
            results.append("\(String(describing: record)) \(String(describing: record?.stamp)) \(record?.body.count ?? -1)")
            results.append("\(Result { () throws(NetlinkDecodingError) in try SELinuxEvent(decoding: message) })")
        }
        return results
    }

    public static func check(_ input: [UInt8]) throws {
        let bytes = Array(input.prefix(maximumInputSize))
        guard decode(bytes) == decode(bytes) else { throw Failure(description: "audit: two decodings differ") }
        var messages = NetlinkMessages(bytes.span.bytes)
        while true {
            let next: NetlinkMessage?
            do { next = try messages.next() } catch { break }
            guard let message = next else { break }
            if let rule = try? AuditRule(decoding: message) {
                var builder = NetlinkMessageBuilder()
                try builder.message(type: message.type, flags: [], sequence: 0, portID: 0) { body in try rule.encode(into: &body) }
                let encoded = builder.bytes
                var again = NetlinkMessages(encoded.span.bytes)
                guard let copy = try again.next(), (try? AuditRule(decoding: copy)) == rule else {
                    throw Failure(description: "audit: a rule does not survive encoding: \(rule)")
                }
            }
            if let status = try? AuditStatus(decoding: message) {
                var builder = NetlinkMessageBuilder()
                status.encode(into: &builder)
                let payload = message.payload.withUnsafeBytes { Array($0) }
                let known = min(payload.count / 4 * 4, AuditStatus.size)   // whole words: a partial one is not decoded
                guard Array(builder.bytes.prefix(known)) == Array(payload.prefix(known)) else {
                    throw Failure(description: "audit: a status does not re-encode to its bytes: \(status)")
                }
            }
        }
    }
}
