import Netlink
import NetlinkCore

/// The links of a dump, decoded and filtered as they arrive: an `AsyncSequence` of ``Link`` whose
/// memory stays bounded by one datagram's links, whatever the number of links.
///
/// Made by `NetlinkConnection/linkStream(filter:family:)`. Each link passes
/// ``LinkFilter/matches(_:kernelFiltered:)``, told whether its message carried
/// `NLM_F_DUMP_FILTERED`. Stopping early drains the rest of the dump.
public struct LinkStream: AsyncSequence, Sendable {
    /// Each element is a decoded link.
    public typealias Element = Link
    /// The errors of the dump and of decoding.
    public typealias Failure = NetlinkError

    /// The dump underneath: its `NetlinkDump/wasInterrupted` and `NetlinkDump/sequence`.
    public let dump: NetlinkDump
    /// The filter every link passes.
    public let filter: LinkFilter

    init(dump: NetlinkDump, filter: LinkFilter) {
        self.dump = dump
        self.filter = filter
    }

    /// Iterates the links.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var datagrams: NetlinkDump.AsyncIterator
        let filter: LinkFilter
        var pending: [Link] = []
        var next = 0

        /// The next link, or `nil` at the end of the dump.
        public mutating func next() async throws(NetlinkError) -> Link? {
            try await next(isolation: nil)
        }

        /// The next link, or `nil` at the end of the dump.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> Link? {
            while true {
                if next < pending.count {
                    next += 1
                    return pending[next - 1]
                }
                pending.removeAll(keepingCapacity: true)
                next = 0
                guard let datagram = try await datagrams.next(isolation: actor) else { return nil }
                pending = try LinkStream.links(in: datagram, filter: filter, reuse: pending)
            }
        }
    }

    /// Starts the dump (when the first link is asked for).
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(datagrams: dump.makeAsyncIterator(), filter: filter)
    }

    /// The `RTM_NEWLINK` messages of a datagram that decode and pass `filter`.
    static func links(in datagram: NetlinkDatagram, filter: LinkFilter, reuse: [Link] = []) throws(NetlinkError) -> [Link] {
        var links = reuse
        do {
            try datagram.forEachMessage { message in
                guard message.type == RouteMessageType.newLink else { return }
                let link = try Link(decoding: message)
                if filter.matches(link, kernelFiltered: message.flags.contains(.dumpFiltered)) { links.append(link) }
            }
        } catch let error as NetlinkError {
            throw error
        } catch let error as NetlinkDecodingError {
            throw NetlinkError(.malformedReply, sequence: datagram.sequence, decodingError: error)
        } catch {
            throw NetlinkError(.malformedReply, sequence: datagram.sequence, detail: "\(error)")
        }
        return links
    }
}
