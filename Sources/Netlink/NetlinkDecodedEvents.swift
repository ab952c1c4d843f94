import NetlinkCore

/// The events of a subscribed connection, each message decoded into a family's event type: an
/// `AsyncSequence` of ``Element`` — an event, or an overrun (events were lost). A family's event
/// sequence is this type with its decoder (`SELinuxEvents`, `ProcessEvents`), which sees every
/// message of each datagram, control types included (the connector sends its events as
/// `NLMSG_DONE`); messages the decoder answers `nil` for (a type a newer kernel added, another subscriber's acknowledgement) are
/// skipped. A message that does not decode ends the iteration with
/// `NetlinkError/Code/malformedReply` naming `context`.
public struct NetlinkDecodedEvents<Event: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = NetlinkError

    /// An element: an event, or an overrun (the kernel dropped events; `drops` is the count the
    /// socket reported, where it did).
    public enum Element: Sendable {
        case event(Event)
        case overrun(drops: UInt32?)
    }

    /// Decodes one message: the event, or `nil` to skip it.
    public typealias Decoder = @Sendable (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> Event?

    /// The subscribed connection (kept open while the sequence lives).
    public let connection: NetlinkConnection
    let decode: Decoder
    let context: String

    /// The events of `connection`, which must already have joined the family's groups.
    ///
    /// - Parameters:
    ///   - connection: The subscribed connection.
    ///   - context: What a message is, for the error of one that does not decode ("a SELinux
    ///     notification").
    ///   - decode: Decodes one message, or answers `nil` to skip it.
    public init(connection: NetlinkConnection, context: String, decode: @escaping Decoder) {
        self.connection = connection
        self.context = context
        self.decode = decode
    }

    /// Iterates the events: one consumer at a time.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var events: NetlinkEvents.AsyncIterator
        let decode: Decoder
        let context: String
        var pending: [Event] = []
        var position = 0

        /// The next element; `nil` once the connection is closed or the consuming task is cancelled.
        public mutating func next() async throws(NetlinkError) -> Element? {
            try await next(isolation: nil)
        }

        /// The next element; `nil` once the connection is closed or the consuming task is cancelled.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> Element? {
            while true {
                if position < pending.count {
                    position += 1
                    return .event(pending[position - 1])
                }
                pending.removeAll(keepingCapacity: true)
                position = 0
                switch try await events.next(isolation: actor) {
                case nil: return nil
                case .overrun(let drops)?: return .overrun(drops: drops)
                case .notification(let datagram)?: try decodeAll(datagram)
                }
            }
        }

        private mutating func decodeAll(_ datagram: NetlinkDatagram) throws(NetlinkError) {
            var messages = datagram.messages
            do throws(NetlinkDecodingError) {
                while let message = try messages.next() {
                    if let event = try decode(message) { pending.append(event) }
                }
            } catch {
                pending.removeAll(keepingCapacity: true)
                throw NetlinkError(.malformedReply, decodingError: error, detail: context)
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(events: connection.events.makeAsyncIterator(), decode: decode, context: context)
    }
}

extension NetlinkDecodedEvents.Element: Equatable where Event: Equatable {}
extension NetlinkDecodedEvents.Element: Hashable where Event: Hashable {}
