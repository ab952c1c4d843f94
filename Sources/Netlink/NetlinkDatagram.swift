import NetlinkCore

/// One received datagram, owned: its bytes and where it came from.
///
/// Messages are read in place with ``messages`` (a cursor of views, no copy); ``forEachMessage(_:)``
/// visits only the data messages of a dump (it skips `NLMSG_NOOP`, `NLMSG_DONE` and `NLMSG_ERROR`).
public struct NetlinkDatagram: Sendable {
    /// The storage; the datagram is its first ``length`` bytes.
    public let storage: [UInt8]
    /// The length of the datagram.
    public let length: Int
    /// Sender, group, credentials and namespace ID.
    public let info: NetlinkDatagramInfo
    /// For a reply, the sequence number of the request it answers.
    public let sequence: UInt32?

    /// Creates a datagram from bytes.
    public init(storage: [UInt8], length: Int? = nil, info: NetlinkDatagramInfo? = nil, sequence: UInt32? = nil) {
        self.storage = storage
        self.length = min(length ?? storage.count, storage.count)
        self.info = info ?? NetlinkDatagramInfo(length: self.length)
        self.sequence = sequence
    }

    /// The bytes of the datagram.
    public var bytes: RawSpan {
        @_lifetime(borrow self)
        get { storage.span.bytes.extracting(0..<length) }
    }

    /// A cursor over every message of the datagram.
    public var messages: NetlinkMessages {
        @_lifetime(borrow self)
        get { NetlinkMessages(bytes) }
    }

    /// Calls `body` for each data message (type ≥ `NLMSG_MIN_TYPE`) of the datagram that belongs to
    /// ``sequence`` (all of them for an event).
    /// - Throws: a `NetlinkError` with `NetlinkError/Code/malformedReply` when the datagram does
    ///   not parse, or what `body` throws.
    public func forEachMessage(_ body: (borrowing NetlinkMessage) throws -> Void) throws {
        var cursor = NetlinkMessages(storage.span.bytes.extracting(0..<length))
        while true {
            let message: NetlinkMessage?
            do {
                message = try cursor.next()
            } catch {
                throw NetlinkError(.malformedReply, sequence: sequence, decodingError: error)
            }
            guard let message else { return }
            if message.type.isControl { continue }
            if let sequence, message.sequence != sequence { continue }
            try body(message)
        }
    }
}

/// An event from a subscription: a notification datagram, or the news that some were lost.
public enum NetlinkEvent: Sendable {
    /// A multicast datagram (one or more notifications). ``NetlinkDatagram/info`` has the group and
    /// the namespace ID (`nil` for the listener's own namespace).
    case notification(NetlinkDatagram)
    /// The receive buffer overran (`ENOBUFS`), or the event buffer was full: events were lost.
    /// A mirror of kernel state must re-dump.
    ///
    /// `drops` is how many messages the kernel dropped for this socket since the previous overrun
    /// event (`SK_MEMINFO_DROPS` of `SO_MEMINFO`, as a difference), so the sum over a connection's
    /// overrun events equals the kernel's counter: the kernel raises `ENOBUFS` once per congestion
    /// episode and keeps dropping until the queue has drained, and the drops after the `ENOBUFS`
    /// arrive in a further overrun event once the queue is seen empty. `nil` when unknown (a test
    /// transport) or when the connection's own event buffer was full (events it dropped itself,
    /// counted in ``NetlinkConnection/Statistics/droppedEvents``).
    case overrun(drops: UInt32?)
}

/// The acknowledgement of a request: success, perhaps with a warning, and any replies that came first.
public struct NetlinkAcknowledgement: Sendable {
    /// The extended-ack message of a successful acknowledgement: a warning.
    public var warning: String?
    /// The full extended ack, if any.
    public var extendedAck: NetlinkExtendedAck? {
        get { extendedAckBox?.value }
        set { extendedAckBox = newValue.map(ExtendedAckBox.init) }
    }
    /// The extended ack out of line: rare, and a couple of hundred bytes that every acknowledgement
    /// (and every `Result` carrying one) would otherwise move around.
    private var extendedAckBox: ExtendedAckBox?
    private final class ExtendedAckBox: Sendable {
        let value: NetlinkExtendedAck
        init(_ value: NetlinkExtendedAck) { self.value = value }
    }
    /// Messages that answered the request before its acknowledgement (a GET's reply, or an
    /// `NLM_F_ECHO` notification), each copied whole.
    public var replies: [[UInt8]]
    /// The sequence number the request was sent with.
    public var sequence: UInt32
    /// How many elements the connection's ``NetlinkConnection/events`` had been handed when this
    /// acknowledgement was read (``NetlinkConnection/Statistics/deliveredEvents`` at that moment).
    ///
    /// On a connection that both requests and listens, the socket's queue is in kernel order, so
    /// every notification queued before the acknowledgement has a position below this value, and
    /// every one after it a position at or above it: a barrier that orders replies and events.
    public var eventsDelivered: Int = 0

    /// Creates an acknowledgement.
    public init(
        warning: String? = nil, extendedAck: NetlinkExtendedAck? = nil, replies: [[UInt8]] = [], sequence: UInt32,
        eventsDelivered: Int = 0
    ) {
        self.warning = warning
        self.replies = replies
        self.sequence = sequence
        self.eventsDelivered = eventsDelivered
        self.extendedAck = extendedAck
    }

    /// The first reply `decode` answers a value for — the answer of a `GET`.
    /// - Throws: `NetlinkError.Code.malformedReply` with the decoding error when a reply does not
    ///   parse or decode, or naming `missing` (`"no RTM_NEWLINK in the reply"`) when none answers.
    public func firstReply<T>(missing: String, _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> T?) throws(NetlinkError) -> T {
        for reply in replies {
            do throws(NetlinkDecodingError) {
                let message = try NetlinkMessage(reply.span.bytes)
                if let value = try decode(message) { return value }
            } catch {
                throw NetlinkError(.malformedReply, sequence: sequence, decodingError: error)
            }
        }
        throw NetlinkError(.malformedReply, sequence: sequence, detail: missing)
    }

    /// Calls `body` with each reply message.
    public func forEachReply(_ body: (borrowing NetlinkMessage) throws -> Void) throws {
        for reply in replies {
            let message: NetlinkMessage
            do {
                message = try NetlinkMessage(reply.span.bytes)
            } catch {
                throw NetlinkError(.malformedReply, sequence: sequence, decodingError: error)
            }
            try body(message)
        }
    }
}
