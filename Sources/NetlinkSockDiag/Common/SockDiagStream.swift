import Netlink
import NetlinkCore

/// The sockets of a sock_diag dump, decoded as they arrive: an `AsyncSequence` whose memory stays
/// bounded by one datagram's sockets (about 29.5 KiB of replies), whatever the number of sockets.
///
/// Made by ``Netlink/NetlinkConnection/inetSocketStream(_:)`` (and the unix, netlink and packet
/// ones), which waits for the first datagram so that a kernel without this kind of socket's
/// diagnostics is a ``SockDiagAnswer/notSupported(_:)`` before anything is iterated. Iterate it
/// once; stopping early drains the rest of the dump.
///
/// A sock_diag dump is not a snapshot and carries no `NLM_F_DUMP_INTR`: one that runs while
/// sockets are opened and closed — in any namespace — can miss some (measured here: 2 of 600
/// listeners that stayed open, in 2 of 18 dumps made beside other tests' socket churn). A caller
/// that needs every socket reads twice and compares, or looks up by ID.
public struct SockDiagStream<Element: Sendable>: AsyncSequence, Sendable {
    /// The errors of the dump and of decoding.
    public typealias Failure = NetlinkError

    /// The started dump: its iterator and the decoded sockets of the first datagram.
    final class Start: @unchecked Sendable {     // used by one iteration only (iterate once)
        var datagrams: NetlinkDump.AsyncIterator
        let first: [Element]
        init(datagrams: NetlinkDump.AsyncIterator, first: [Element]) {
            self.datagrams = datagrams
            self.first = first
        }
    }

    let start: Start
    let decode: @Sendable (borrowing NetlinkMessage) throws -> Element?

    /// Starts `dump` and reads its first datagram: `.notSupported` when the kernel answers
    /// `ENOENT` (no diag handler), else the stream.
    static func begin(
        _ dump: NetlinkDump, decode: @escaping @Sendable (borrowing NetlinkMessage) throws -> Element?
    ) async throws(NetlinkError) -> SockDiagAnswer<SockDiagStream<Element>> {
        var datagrams = dump.makeAsyncIterator()
        let first: NetlinkDatagram?
        do {
            first = try await datagrams.next()
        } catch where error.errno?.rawValue == 2 {   // ENOENT
            return .notSupported(error)
        }
        let sockets = try first.map { datagram throws(NetlinkError) in try decoded(datagram, decode) } ?? []
        return .sockets(SockDiagStream(start: Start(datagrams: datagrams, first: sockets), decode: decode))
    }

    /// The sockets of one datagram.
    static func decoded(
        _ datagram: NetlinkDatagram, _ decode: (borrowing NetlinkMessage) throws -> Element?, reuse: [Element] = []
    ) throws(NetlinkError) -> [Element] {
        var sockets = reuse
        do {
            try datagram.forEachMessage { message in
                if let socket = try decode(message) { sockets.append(socket) }
            }
        } catch let error as NetlinkError {
            throw error
        } catch let error as NetlinkDecodingError {
            throw NetlinkError(.malformedReply, sequence: datagram.sequence, decodingError: error)
        } catch {
            throw NetlinkError(.malformedReply, sequence: datagram.sequence, detail: "\(error)")
        }
        return sockets
    }

    /// Iterates the sockets.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let start: Start
        let decode: @Sendable (borrowing NetlinkMessage) throws -> Element?
        var pending: [Element]
        var next = 0

        /// The next socket, or `nil` at the end of the dump.
        public mutating func next() async throws(NetlinkError) -> Element? {
            try await next(isolation: nil)
        }

        /// The next socket, or `nil` at the end of the dump.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> Element? {
            while true {
                if next < pending.count {
                    next += 1
                    return pending[next - 1]
                }
                pending.removeAll(keepingCapacity: true)
                next = 0
                guard let datagram = try await start.datagrams.next(isolation: actor) else { return nil }
                pending = try SockDiagStream.decoded(datagram, decode, reuse: pending)
            }
        }
    }

    /// The iterator (the first datagram's sockets first).
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(start: start, decode: decode, pending: start.first)
    }

    /// The same sockets a datagram at a time (about 240 inet sockets each): one suspension per
    /// datagram instead of one per socket, for a consumer that handles many sockets fast (a
    /// table printer). Iterate either the stream or its batches, once.
    public var batches: Batches { Batches(stream: self) }

    /// The sockets of each datagram, in order; empty arrays are skipped.
    public struct Batches: AsyncSequence, Sendable {
        public typealias Element = [SockDiagStream.Element]
        public typealias Failure = NetlinkError
        let stream: SockDiagStream

        /// Iterates the batches.
        public struct AsyncIterator: AsyncIteratorProtocol {
            let start: Start
            let decode: @Sendable (borrowing NetlinkMessage) throws -> SockDiagStream.Element?
            var first: [SockDiagStream.Element]?

            /// The next datagram's sockets, or `nil` at the end of the dump.
            public mutating func next() async throws(NetlinkError) -> [SockDiagStream.Element]? {
                try await next(isolation: nil)
            }

            /// The next datagram's sockets, or `nil` at the end of the dump.
            public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> [SockDiagStream.Element]? {
                if let batch = first {
                    first = nil
                    if !batch.isEmpty { return batch }
                }
                while let datagram = try await start.datagrams.next(isolation: actor) {
                    let batch = try SockDiagStream.decoded(datagram, decode)
                    if !batch.isEmpty { return batch }
                }
                return nil
            }
        }

        /// The iterator (the first datagram's sockets first).
        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(start: stream.start, decode: stream.decode, first: stream.start.first)
        }
    }
}
