import Netlink
import NetlinkCore

/// The routes of a dump, decoded and filtered as they arrive: an `AsyncSequence` of ``Route``
/// whose memory stays bounded by one datagram's routes, whatever the size of the table.
///
/// Made by `NetlinkConnection/routeStream(filter:)`. Each route passes ``RouteFilter/matches(_:)``
/// in user space, whether or not the kernel filtered. Stopping early drains the rest of the dump.
public struct RouteStream: AsyncSequence, Sendable {
    /// Each element is a decoded route.
    public typealias Element = Route
    /// The errors of the dump and of decoding.
    public typealias Failure = NetlinkError

    /// The dump underneath: its `NetlinkDump/wasInterrupted` and `NetlinkDump/sequence`.
    public let dump: NetlinkDump
    /// The filter every route passes.
    public let filter: RouteFilter

    init(dump: NetlinkDump, filter: RouteFilter) {
        self.dump = dump
        self.filter = filter
    }

    /// Iterates the routes.
    ///
    /// Each route is decoded when it is asked for, straight from the datagram in hand, into one
    /// slot that the iterator keeps: no array of routes is built, no new value is built and copied
    /// per route, and taking the next route from the datagram is a plain (inlined) call.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline var datagrams: NetlinkDump.AsyncIterator
        @usableFromInline let filter: RouteFilter
        /// The bytes of the datagram being read (empty between datagrams), their length, the
        /// offset of the next message, and the dump's sequence number.
        @usableFromInline var storage: [UInt8] = []
        @usableFromInline var length = 0
        @usableFromInline var position = 0
        @usableFromInline var sequence: UInt32?
        /// The route last decoded, overwritten by the next one.
        @usableFromInline var slot = Route(family: AddressFamily.unspecified)

        @usableFromInline
        init(datagrams: NetlinkDump.AsyncIterator, filter: RouteFilter) {
            self.datagrams = datagrams
            self.filter = filter
        }

        /// The next route, or `nil` at the end of the dump.
        /// - Throws: the dump's `NetlinkError`, or `NetlinkError/Code/malformedReply` for a route
        ///   that does not decode.
        @inlinable
        public mutating func next() async throws(NetlinkError) -> Route? {
            try await next(isolation: nil)
        }

        /// The next route, or `nil` at the end of the dump.
        ///
        /// Inlinable so that taking a route from the datagram in hand is a plain call in the
        /// caller's code, not an asynchronous one: only the step to the next datagram suspends.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> Route? {
            while true {
                if position < length {
                    var at = position
                    let found: Bool
                    do {
                        // The bytes go as the array (a read of `storage`), not as a span (which would
                        // borrow the whole iterator while `slot` is written).
                        found = try Self.nextRoute(
                            storage, length: length, position: &at, sequence: sequence, filter: filter, into: &slot)
                    } catch {
                        position = length
                        throw error
                    }
                    position = at
                    if found { return slot }
                }
                guard let datagram = try await datagrams.next(isolation: actor) else {
                    storage = []
                    length = 0
                    slot = Route(family: AddressFamily.unspecified)  // lets go of the last route's details
                    return nil
                }
                storage = datagram.storage
                length = datagram.length
                position = 0
                sequence = datagram.sequence
            }
        }

        /// Decodes into `route` the next route of the datagram in `storage` (of `length` bytes) from
        /// `position` that passes `filter`; `false` at the end of the datagram. `position` moves
        /// past what was read.
        @usableFromInline
        static func nextRoute(
            _ storage: borrowing [UInt8], length: Int, position: inout Int, sequence: UInt32?, filter: borrowing RouteFilter,
            into route: inout Route
        ) throws(NetlinkError) -> Bool {
            let bytes = storage.span.bytes
            while position < length {
                var cursor = NetlinkMessages(bytes.extracting(position..<length))
                do throws(NetlinkDecodingError) {
                    guard let message = try cursor.next() else {
                        position = length
                        return false
                    }
                    position += cursor.offset
                    // As NetlinkDatagram.forEachMessage: data messages of this dump only.
                    if message.type != RouteMessageType.newRoute { continue }
                    if let sequence, message.sequence != sequence { continue }
                    try route.decode(message)
                    if filter.matches(route) { return true }
                } catch {
                    position = length
                    throw NetlinkError(.malformedReply, sequence: sequence, decodingError: error)
                }
            }
            return false
        }
    }

    /// Starts the dump (when the first route is asked for).
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(datagrams: dump.makeAsyncIterator(), filter: filter)
    }
}
