import NetlinkCore

/// A record of the kernel's audit log, as the multicast group `AUDIT_NLGRP_READLOG` carries it:
/// its type (`AUDIT_SYSCALL`, `AUDIT_CONFIG_CHANGE`, ...) and its text,
/// `audit(SECONDS.MILLISECONDS:SERIAL): key=value ...`, kept as bytes (paths and commands are
/// the bytes the kernel saw, or hex).
public struct AuditRecord: Hashable, Sendable {
    /// The message type (1100 and above; `AUDIT_EOE`, 1320, ends a multi-record event).
    public var type: UInt16
    /// The text, without the NUL bytes some kernels add at the end.
    public var text: [UInt8]

    public init(type: UInt16, text: [UInt8]) {
        self.type = type
        self.text = text
    }

    /// Decodes a record; `nil` for a message below 1100 (the control range: answers to requests,
    /// not records).
    public init?(decoding message: borrowing NetlinkMessage) {
        guard message.type.rawValue >= 1100 else { return nil }
        type = message.type.rawValue
        var bytes = message.payload.withUnsafeBytes { Array($0) }
        while bytes.last == 0 { bytes.removeLast() }
        text = bytes
    }

    /// The event's stamp from the `audit(SECONDS.MILLISECONDS:SERIAL): ` prefix: records with
    /// the same serial belong to one event. `nil` when the text has no such prefix.
    public var stamp: (seconds: UInt64, milliseconds: UInt16, serial: UInt64)? {
        let prefix = Array("audit(".utf8)
        guard text.starts(with: prefix) else { return nil }
        var index = prefix.count
        func number() -> UInt64? {
            let start = index
            var value: UInt64 = 0
            while index < text.count, text[index] >= 0x30, text[index] <= 0x39 {
                let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                value = product &+ UInt64(text[index] - 0x30)
                index += 1
            }
            return index > start ? value : nil
        }
        guard let seconds = number(), index < text.count, text[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        guard let milliseconds = number(), milliseconds < 1000, index < text.count, text[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        guard let serial = number(), index + 1 < text.count, text[index] == UInt8(ascii: ")"), text[index + 1] == UInt8(ascii: ":") else { return nil }
        return (seconds, UInt16(milliseconds), serial)
    }

    /// The text after the stamp (`key=value ...`), or the whole text without one.
    public var body: [UInt8] {
        guard stamp != nil, let colon = text.firstIndex(of: UInt8(ascii: ")")) else { return text }
        var start = colon + 2
        if start < text.count, text[start] == UInt8(ascii: " ") { start += 1 }
        return Array(text[min(start, text.count)...])
    }

    /// `AUDIT_EOE`.
    public static let endOfEvent: UInt16 = 1320
}
