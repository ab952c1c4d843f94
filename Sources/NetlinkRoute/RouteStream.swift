import Netlink
import NetlinkCore

/// The routes of a dump, decoded and filtered as they arrive: an `AsyncSequence` of ``Route``
/// whose memory stays bounded by one datagram's routes, whatever the size of the table.
///
/// Made by ``NetlinkConnection/routeStream(filter:)``. Each route passes ``RouteFilter/matches(_:)``
/// in user space, whether or not the kernel filtered. Stopping early drains the rest of the dump.
public struct RouteStream: AsyncSequence, Sendable {
    /// Each element is a decoded route.
    public typealias Element = Route
    /// The errors of the dump and of decoding.
    public typealias Failure = NetlinkError

    /// The dump underneath: its ``NetlinkDump/wasInterrupted`` and ``NetlinkDump/sequence``.
    public let dump: NetlinkDump
    /// The filter every route passes.
    public let filter: RouteFilter

    init(dump: NetlinkDump, filter: RouteFilter) {
        self.dump = dump
        self.filter = filter
    }

    /// Iterates the routes.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var datagrams: NetlinkDump.AsyncIterator
        let filter: RouteFilter
        var pending: [Route] = []
        var next = 0

        /// The next route, or `nil` at the end of the dump.
        /// - Throws: the dump's ``NetlinkError``, or ``NetlinkError/Code/malformedReply`` for a route
        ///   that does not decode.
        public mutating func next() async throws(NetlinkError) -> Route? {
            try await next(isolation: nil)
        }

        /// The next route, or `nil` at the end of the dump.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> Route? {
            while true {
                if next < pending.count {
                    next += 1
                    return pending[next - 1]
                }
                pending.removeAll(keepingCapacity: true)
                next = 0
                guard let datagram = try await datagrams.next(isolation: actor) else { return nil }
                pending = try RouteStream.routes(in: datagram, filter: filter, reuse: pending)
            }
        }
    }

    /// Starts the dump (when the first route is asked for).
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(datagrams: dump.makeAsyncIterator(), filter: filter)
    }

    /// The `RTM_NEWROUTE` messages of a datagram that decode and pass `filter`.
    static func routes(in datagram: NetlinkDatagram, filter: RouteFilter, reuse: [Route] = []) throws(NetlinkError) -> [Route] {
        var routes = reuse
        do {
            try datagram.forEachMessage { message in
                guard message.type == RouteMessageType.newRoute else { return }
                let route = try Route(decoding: message)
                if filter.matches(route) { routes.append(route) }
            }
        } catch let error as NetlinkError {
            throw error
        } catch let error as NetlinkDecodingError {
            throw NetlinkError(.malformedReply, sequence: datagram.sequence, decodingError: error)
        } catch {
            throw NetlinkError(.malformedReply, sequence: datagram.sequence, detail: "\(error)")
        }
        return routes
    }
}
