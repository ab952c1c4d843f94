import Netlink
import NetlinkCore

/// The SELinux notifications of a connection subscribed to `SELNLGRP_AVC`: an `AsyncSequence` of
/// ``SELinuxEvent`` (and overruns), made by `NetlinkConnection.selinuxEvents()`. Only the kernel's
/// datagrams arrive (the engine drops others). Where SELinux is not active nothing ever arrives.
public struct SELinuxEvents: AsyncSequence, Sendable {
    public typealias Failure = NetlinkError

    /// An element: an event, or an overrun (events were lost).
    public enum Element: Hashable, Sendable {
        case event(SELinuxEvent)
        case overrun(drops: UInt32?)
    }

    public let connection: NetlinkConnection

    /// The notifications of `connection`, which must already be subscribed to `SELNLGRP_AVC` (a
    /// test's fake kernel, or a connection opened with that group).
    public init(connection: NetlinkConnection) { self.connection = connection }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var events: NetlinkEvents.AsyncIterator
        var pending: [SELinuxEvent] = []

        public mutating func next() async throws(NetlinkError) -> Element? {
            try await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> Element? {
            while true {
                if !pending.isEmpty { return .event(pending.removeFirst()) }
                switch try await events.next(isolation: actor) {
                case nil: return nil
                case .overrun(let drops)?: return .overrun(drops: drops)
                case .notification(let datagram)?:
                    var decoded: [SELinuxEvent] = []
                    do {
                        try datagram.forEachMessage { message in
                            if let event = try SELinuxEvent(decoding: message) { decoded.append(event) }
                        }
                    } catch let error as NetlinkError {
                        throw error
                    } catch {
                        throw NetlinkError(.malformedReply, decodingError: error as? NetlinkDecodingError, detail: "a SELinux notification")
                    }
                    pending = decoded
                }
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(events: connection.events.makeAsyncIterator())
    }
}

extension NetlinkConnection {
    /// A connection of family `NetlinkFamily.selinux` subscribed to `SELNLGRP_AVC` (unprivileged
    /// users may listen): its notifications as ``SELinuxEvent``s.
    public func selinuxEvents() async throws(NetlinkError) -> SELinuxEvents {
        SELinuxEvents(connection: try await subscribe(groups: [SELinuxEvent.avcGroup]))
    }
}
