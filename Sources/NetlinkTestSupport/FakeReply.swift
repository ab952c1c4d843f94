import NetlinkCore
import SystemPackage

/// One step of the fake kernel's answer to a request (or of what it sends unprompted).
///
/// Replies that answer a request carry its sequence number and port ID in their header, as the
/// kernel's do. Steps are delivered in order; ``delay(_:)`` holds back the steps after it.
public enum FakeReply: Sendable {
    /// One message of the given type and payload (the bytes after `nlmsghdr`), in its own datagram.
    case message(type: NetlinkMessageType, flags: NetlinkMessageFlags = [], payload: [UInt8])
    /// An acknowledgement (`NLMSG_ERROR` with error 0), with an optional extended ack (a warning).
    case ack(NetlinkExtendedAck? = nil)
    /// An error reply: `NLMSG_ERROR` with `-errno`, an optional extended ack, and the request's
    /// payload echoed unless `capped`.
    case error(Errno, NetlinkExtendedAck? = nil, capped: Bool = false)
    /// Messages flagged `NLM_F_MULTI`, packed into datagrams of at most `datagramSize` bytes as the
    /// kernel packs a dump (without the final `NLMSG_DONE`: add ``done(error:extendedAck:interrupted:)``).
    case multipart(type: NetlinkMessageType, payloads: [[UInt8]], flags: NetlinkMessageFlags = [], datagramSize: Int = 32_768)
    /// The end of a dump: `NLMSG_DONE` with an error code (0: success), an optional extended ack,
    /// and `NLM_F_DUMP_INTR` when `interrupted`.
    case done(error: Int32 = 0, extendedAck: NetlinkExtendedAck? = nil, interrupted: Bool = false)
    /// A whole dump: ``multipart(type:payloads:flags:datagramSize:)`` then ``done(error:extendedAck:interrupted:)``;
    /// `interrupted` sets `NLM_F_DUMP_INTR` on every message and on DONE.
    case dump(type: NetlinkMessageType, payloads: [[UInt8]], doneError: Int32 = 0, extendedAck: NetlinkExtendedAck? = nil, interrupted: Bool = false)
    /// A multicast notification on `group`, from the kernel. Its header carries `sequence` and
    /// `portID` (a kernel notification caused by a request carries the requester's).
    case event(group: UInt32, type: NetlinkMessageType, flags: NetlinkMessageFlags = [], payload: [UInt8], sequence: UInt32 = 0, portID: UInt32 = 0)
    /// Raw bytes as one datagram from `sender` (port 0: the kernel), on `group` if multicast:
    /// garbage, truncated messages, forged messages from another port.
    case datagram([UInt8], sender: NetlinkAddress = .kernel, group: UInt32? = nil)
    /// A receive-buffer overrun (`ENOBUFS`) reported to the reader.
    case overrun
    /// Waits before delivering the steps that follow.
    case delay(Duration)
    /// Nothing: the request goes unanswered.
    case silence
}

/// A request the fake kernel received: one message of a datagram sent to it.
public struct FakeRequest: Sendable, Hashable {
    /// The message header.
    public var header: NetlinkMessageHeader
    /// The payload: the bytes after `nlmsghdr`.
    public var payload: [UInt8]
    /// The whole message, header included.
    public var bytes: [UInt8]
    /// Where it was sent.
    public var destination: NetlinkAddress

    /// The message type.
    public var type: NetlinkMessageType { header.type }
    /// The message flags.
    public var flags: NetlinkMessageFlags { header.flags }

    /// Whether the request is a dump (`NLM_F_DUMP`).
    public var isDump: Bool { header.flags.isSuperset(of: .dump) }

    /// The offset, from the start of this request's `nlmsghdr`, of the first top-level attribute of
    /// `type` after a family header of `fixedHeaderSize` bytes: what the kernel puts in
    /// `NLMSGERR_ATTR_OFFS` when it rejects that attribute.
    public func offset(ofAttribute type: UInt16, fixedHeaderSize: Int) -> UInt32? {
        guard let message = try? NetlinkMessage(bytes.span.bytes),
            var attributes = try? message.attributes(afterFixedHeader: fixedHeaderSize)
        else { return nil }
        while let attribute = try? attributes.next() {
            if attribute.type == type { return UInt32(attribute.offset) }
        }
        return nil
    }

    /// The top-level attributes after a family header of `fixedHeaderSize` bytes, as (type, payload) pairs.
    public func attributes(fixedHeaderSize: Int) -> [(type: UInt16, payload: [UInt8])] {
        guard let message = try? NetlinkMessage(bytes.span.bytes),
            var attributes = try? message.attributes(afterFixedHeader: fixedHeaderSize)
        else { return [] }
        var out: [(type: UInt16, payload: [UInt8])] = []
        while let attribute = try? attributes.next() { out.append((attribute.type, attribute.bytes())) }
        return out
    }
}
