import Netlink
import NetlinkCore

/// One typed rtnetlink notification, or the news that notifications were lost.
///
/// The elements of ``RouteEvents``. Every message of every received datagram becomes exactly one
/// event: a decoded object, ``unrecognized(_:)`` for a message type this library does not model,
/// or ``undecodable(_:error:)`` with the decoder's error — never silently dropped.
///
/// ```swift
/// for try await event in try connection.routeEvents([.link, .route]) {
///     switch event {
///     case .link(let change) where change.isDeletion: print("gone:", change.object.name)
///     case .route(let change): print(change.action, change.object.destinationDescription)
///     case .overrun: print("events were lost: re-dump")
///     default: break
///     }
/// }
/// ```
public enum RouteEvent: Sendable {
    /// `RTM_NEWLINK` / `RTM_DELLINK` (group `RTNLGRP_LINK`).
    case link(RouteChange<Link>)
    /// `RTM_NEWADDR` / `RTM_DELADDR` (groups `RTNLGRP_IPV4_IFADDR`, `RTNLGRP_IPV6_IFADDR`).
    case address(RouteChange<InterfaceAddress>)
    /// `RTM_NEWROUTE` / `RTM_DELROUTE` (groups `RTNLGRP_IPV4_ROUTE`, `RTNLGRP_IPV6_ROUTE`, ...).
    ///
    /// IPv6 notifies an appended multipath leg as `RTM_NEWROUTE` with `NLM_F_APPEND` carrying only
    /// the new legs, and a replacement with `NLM_F_REPLACE` (see ``RouteEventOrigin/flags``).
    case route(RouteChange<Route>)
    /// `RTM_NEWNEIGH` / `RTM_DELNEIGH` (group `RTNLGRP_NEIGH`).
    case neighbor(RouteChange<Neighbor>)
    /// `RTM_NEWRULE` / `RTM_DELRULE` (groups `RTNLGRP_IPV4_RULE`, `RTNLGRP_IPV6_RULE`).
    case rule(RouteChange<Rule>)
    /// `RTM_NEWNEXTHOP` / `RTM_DELNEXTHOP` (group `RTNLGRP_NEXTHOP`).
    case nexthop(RouteChange<Nexthop>)
    /// `RTM_NEWNETCONF` / `RTM_DELNETCONF` (groups `RTNLGRP_IPV4_NETCONF`, `RTNLGRP_IPV6_NETCONF`, ...).
    case netconf(RouteChange<Netconf>)
    /// `RTM_NEWNSID` / `RTM_DELNSID` (group `RTNLGRP_NSID`).
    case namespaceID(RouteChange<NamespaceIDAssignment>)
    /// The receive buffer overran (`ENOBUFS`) or the event buffer was full: notifications were
    /// lost, and the kernel drops every further one until the queue has been drained. A copy of
    /// kernel state must re-dump. `drops` is how many messages the kernel dropped since the
    /// previous overrun (see `NetlinkEvent/overrun(drops:)`: the sum over the stream is the
    /// kernel's counter), `nil` when unknown.
    case overrun(drops: UInt32?)
    /// A well-formed message of a type this library does not model (a group joined by number,
    /// a message type newer than this code), kept whole.
    case unrecognized(RouteRawMessage)
    /// A message that did not decode, kept whole, with the decoder's error. When the datagram's
    /// framing itself is broken, ``RouteRawMessage/bytes`` holds the rest of the datagram from the
    /// bad header on, and ``RouteRawMessage/type`` is `nil`.
    case undecodable(RouteRawMessage, error: NetlinkDecodingError)

    /// Where the notification came from; `nil` for ``overrun(drops:)``.
    public var origin: RouteEventOrigin? {
        switch self {
        case .link(let change): change.origin
        case .address(let change): change.origin
        case .route(let change): change.origin
        case .neighbor(let change): change.origin
        case .rule(let change): change.origin
        case .nexthop(let change): change.origin
        case .netconf(let change): change.origin
        case .namespaceID(let change): change.origin
        case .overrun: nil
        case .unrecognized(let raw), .undecodable(let raw, _): raw.origin
        }
    }
}

/// Whether a notification announces an object (new or changed) or its removal.
public enum RouteChangeAction: Hashable, Sendable {
    /// `RTM_NEW*`: the object was created or changed; it is its state now.
    case new
    /// `RTM_DEL*`: the object was removed; it is its last state.
    case deleted
}

/// A created, changed or removed object, as the kernel announced it.
public struct RouteChange<Object: Sendable>: Sendable {
    /// New (or changed) or deleted.
    public var action: RouteChangeAction
    /// The object, decoded by its model's decoder.
    public var object: Object
    /// Where and how the notification came.
    public var origin: RouteEventOrigin

    /// Creates a change.
    public init(action: RouteChangeAction, object: Object, origin: RouteEventOrigin) {
        self.action = action
        self.object = object
        self.origin = origin
    }

    /// Whether the object was removed (`RTM_DEL*`).
    public var isDeletion: Bool { action == .deleted }
}

extension RouteChange: Equatable where Object: Equatable {}
extension RouteChange: Hashable where Object: Hashable {}

/// The envelope of a notification: its header fields and the datagram's sender information.
public struct RouteEventOrigin: Hashable, Sendable {
    /// The message type (`RTM_NEWROUTE` ...).
    public var type: NetlinkMessageType
    /// The header flags. Route notifications carry the request's `NLM_F_CREATE`, `NLM_F_REPLACE`,
    /// `NLM_F_APPEND` (IPv6: an appended multipath leg); link notifications carry none.
    public var flags: NetlinkMessageFlags
    /// The header's sequence number: that of the request that caused the change for route
    /// notifications, 0 for link notifications. Proves nothing about the sender.
    public var sequence: UInt32
    /// The header's port ID: the requester's for route notifications. Proves nothing about the sender.
    public var portID: UInt32
    /// The multicast group the datagram was sent to (`NETLINK_PKTINFO`), when known.
    public var group: UInt32?
    /// The namespace ID of the namespace the notification comes from, as seen by the listener
    /// (with `NETLINK_LISTEN_ALL_NSID`); `nil` for the listener's own namespace.
    public var namespaceID: Int32?

    /// Creates an origin.
    public init(
        type: NetlinkMessageType, flags: NetlinkMessageFlags = [], sequence: UInt32 = 0, portID: UInt32 = 0,
        group: UInt32? = nil, namespaceID: Int32? = nil
    ) {
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
        self.group = group
        self.namespaceID = namespaceID
    }
}

/// A message kept whole: one the library does not model, or one that did not decode.
public struct RouteRawMessage: Hashable, Sendable {
    /// The message type, or `nil` when the message header itself could not be read.
    public var type: NetlinkMessageType?
    /// The bytes of the message, header included (or the rest of the datagram when its framing is broken).
    public var bytes: [UInt8]
    /// Where it came from (with type 0 when the header could not be read).
    public var origin: RouteEventOrigin

    /// Creates a raw message.
    public init(type: NetlinkMessageType?, bytes: [UInt8], origin: RouteEventOrigin) {
        self.type = type
        self.bytes = bytes
        self.origin = origin
    }
}

extension RouteEvent {
    /// Decodes every message of a notification datagram into events, in order, appending them to
    /// `events`. Never throws and never drops a message: what does not decode becomes
    /// ``undecodable(_:error:)``, what is not modelled ``unrecognized(_:)``; `NLMSG_NOOP` is skipped.
    public static func decode(_ datagram: NetlinkDatagram, into events: inout [RouteEvent]) {
        var cursor = datagram.messages
        while true {
            let message: NetlinkMessage?
            do {
                message = try cursor.next()
            } catch {
                let start = min(cursor.offset, datagram.length)
                let rest = Array(datagram.storage[start..<datagram.length])
                let origin = RouteEventOrigin(
                    type: NetlinkMessageType(0), group: datagram.info.group, namespaceID: datagram.info.namespaceID)
                events.append(.undecodable(RouteRawMessage(type: nil, bytes: rest, origin: origin), error: error))
                return
            }
            guard let message else { return }
            if message.type.rawValue == 1 { continue }  // NLMSG_NOOP
            events.append(decode(message, info: datagram.info))
        }
    }

    /// Decodes one notification message (its sender information in `info`).
    public static func decode(_ message: borrowing NetlinkMessage, info: NetlinkDatagramInfo) -> RouteEvent {
        let origin = RouteEventOrigin(
            type: message.type, flags: message.flags, sequence: message.sequence, portID: message.portID,
            group: info.group, namespaceID: info.namespaceID)
        let action: RouteChangeAction = message.type.rawValue & 3 == 1 ? .deleted : .new
        do throws(NetlinkDecodingError) {
            switch message.type.rawValue {
            case 16, 17:
                return .link(RouteChange(action: action, object: try Link(decoding: message), origin: origin))
            case 20, 21:
                return .address(RouteChange(action: action, object: try InterfaceAddress(decoding: message), origin: origin))
            case 24, 25:
                return .route(RouteChange(action: action, object: try Route(decoding: message), origin: origin))
            case 28, 29:
                return .neighbor(RouteChange(action: action, object: try Neighbor(decoding: message), origin: origin))
            case 32, 33:
                return .rule(RouteChange(action: action, object: try Rule(decoding: message), origin: origin))
            case 80, 81:
                return .netconf(RouteChange(action: action, object: try Netconf(decoding: message), origin: origin))
            case 88, 89:
                return .namespaceID(RouteChange(action: action, object: try NamespaceIDAssignment(decoding: message), origin: origin))
            case 104, 105:
                return .nexthop(RouteChange(action: action, object: try Nexthop(decoding: message), origin: origin))
            default:
                return .unrecognized(RouteRawMessage(type: message.type, bytes: message.copyBytes(), origin: origin))
            }
        } catch {
            return .undecodable(RouteRawMessage(type: message.type, bytes: message.copyBytes(), origin: origin), error: error)
        }
    }
}
