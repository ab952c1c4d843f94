import Netlink
import NetlinkCore

/// A notification of the sock_diag destroy groups (``SockDiagGroup``).
public enum InetSocketEvent: Sendable {
    /// A TCP or UDP socket was freed: its last state, addresses and `INET_DIAG_PROTOCOL`.
    case destroyed(InetSocket)
    /// The receive buffer overran: events were lost (see `NetlinkEvent.overrun`).
    case overrun(drops: UInt32?)
}

/// The destroy notifications of a connection that joined the sock_diag groups: an
/// `AsyncSequence` of ``InetSocketEvent``, made by
/// ``Netlink/NetlinkConnection/inetSocketEvents(groups:)``. Only the kernel's datagrams arrive
/// (the engine drops others).
public struct InetSocketEvents: AsyncSequence, Sendable {
    /// The errors of the subscription and of decoding.
    public typealias Failure = NetlinkError

    /// The subscribed connection.
    public let connection: NetlinkConnection

    /// Iterates the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var decoded: NetlinkDecodedEvents<InetSocket>.AsyncIterator

        /// The next event; `nil` when the connection is closed.
        public mutating func next() async throws(NetlinkError) -> InetSocketEvent? {
            try await next(isolation: nil)
        }

        /// The next event; `nil` when the connection is closed.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> InetSocketEvent? {
            switch try await decoded.next(isolation: actor) {
            case nil: nil
            case .event(let socket)?: .destroyed(socket)
            case .overrun(let drops)?: .overrun(drops: drops)
            }
        }
    }

    /// The iterator: one consumer at a time.
    public func makeAsyncIterator() -> AsyncIterator {
        let events = NetlinkDecodedEvents<InetSocket>(connection: connection, context: "a sock_diag destroy notification") { message throws(NetlinkDecodingError) in
            message.type == SockDiag.byFamily ? try InetSocket(decoding: message) : nil
        }
        return AsyncIterator(decoded: events.makeAsyncIterator())
    }
}
