import NetlinkCore

/// The message types and shared constants of `NETLINK_SOCK_DIAG` (`<linux/sock_diag.h>`): one
/// request type for every socket family, the socket's family the first byte of its header.
public enum SockDiag {
    /// `SOCK_DIAG_BY_FAMILY` (20): the request (a dump, or an exact lookup) and its replies.
    public static let byFamily = NetlinkMessageType(20)
    /// `SOCK_DESTROY` (21): close a socket by its ID (`CAP_NET_ADMIN`).
    public static let destroy = NetlinkMessageType(21)
}

/// A TCP state (`TCP_ESTABLISHED` 1 … `TCP_NEW_SYN_RECV` 12), as `ss` names it; the bit `1 <<
/// state` is its place in a request's state mask.
public struct TCPState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let established = TCPState(rawValue: 1)
    public static let synSent = TCPState(rawValue: 2)
    public static let synReceived = TCPState(rawValue: 3)
    public static let finWait1 = TCPState(rawValue: 4)
    public static let finWait2 = TCPState(rawValue: 5)
    public static let timeWait = TCPState(rawValue: 6)
    public static let close = TCPState(rawValue: 7)
    public static let closeWait = TCPState(rawValue: 8)
    public static let lastAck = TCPState(rawValue: 9)
    public static let listen = TCPState(rawValue: 10)
    public static let closing = TCPState(rawValue: 11)
    public static let newSynReceived = TCPState(rawValue: 12)

    /// ss's names (`sstate_name`): ESTAB, SYN-SENT, …, UNCONN for a closed (unconnected) socket.
    public var description: String {
        let names = ["UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK",
                     "LISTEN", "CLOSING", "NEW-SYN-RECV"]
        return Int(rawValue) < names.count ? names[Int(rawValue)] : "UNKNOWN(\(rawValue))"
    }
}

/// A set of TCP states (`idiag_states`, `udiag_states`: bit `1 << state`).
public struct TCPStates: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// One state.
    public init(_ state: TCPState) { rawValue = 1 << UInt32(state.rawValue) }
    /// Every state (ss's `all`).
    public static let all = TCPStates(rawValue: 0xFFFF_FFFF)
    /// `LISTEN` alone (ss `-l`).
    public static let listening = TCPStates(.listen)
}

/// What a sock_diag dump answered: the sockets (an array, or a ``SockDiagStream``), or the
/// kernel's "no such diag handler" (`ENOENT`, in the `DONE` for RAW/SCTP/DCCP, as an error for
/// vsock/XDP/SMC) — this kernel lacks that kind of socket's diagnostics: a typed answer, distinct
/// from `EPERM` and from a failed dump (those throw).
public enum SockDiagAnswer<Sockets: Sendable>: Sendable {
    /// The sockets.
    case sockets(Sockets)
    /// `ENOENT`: no diag handler for this family or protocol.
    case notSupported(NetlinkError)

    /// The sockets, or `nil` for no handler.
    public var sockets: Sockets? {
        if case .sockets(let values) = self { return values }
        return nil
    }
}

/// The multicast groups of `NETLINK_SOCK_DIAG` (`SKNLGRP_*`): a socket's destruction (every TCP or
/// UDP socket freed in the namespace, `SOCK_DESTROY` or not), as `ss -E` watches. Joining needs
/// `CAP_NET_ADMIN`.
public enum SockDiagGroup {
    /// `SKNLGRP_INET_TCP_DESTROY`.
    public static let tcp4Destroy: UInt32 = 1
    /// `SKNLGRP_INET_UDP_DESTROY`.
    public static let udp4Destroy: UInt32 = 2
    /// `SKNLGRP_INET6_TCP_DESTROY`.
    public static let tcp6Destroy: UInt32 = 3
    /// `SKNLGRP_INET6_UDP_DESTROY`.
    public static let udp6Destroy: UInt32 = 4
    /// The four.
    public static let allDestroy: [UInt32] = [tcp4Destroy, udp4Destroy, tcp6Destroy, udp6Destroy]
}
