import NetlinkCore

/// A request for inet sockets (`struct inet_diag_req_v2`, 56 bytes): family, protocol, the
/// extensions to report, the states, and the socket ID for an exact lookup.
///
/// ```text
///  0 sdiag_family u8  1 sdiag_protocol u8  2 idiag_ext u8  3 pad u8  4 idiag_states u32  8 id (48)
/// ```
/// A protocol above 255 (MPTCP, 262) goes as `INET_DIAG_REQ_PROTOCOL` with `sdiag_protocol` 0.
public struct InetDiagRequest: Hashable, Sendable {
    /// `sizeof(struct inet_diag_req_v2)`.
    public static let size = 56
    /// `IPPROTO_TCP` (6), `IPPROTO_UDP` (17), `IPPROTO_UDPLITE` (136), `IPPROTO_MPTCP` (262), `IPPROTO_RAW` (255).
    public enum IPProtocol {
        public static let tcp: UInt32 = 6
        public static let udp: UInt32 = 17
        public static let udpLite: UInt32 = 136
        public static let raw: UInt32 = 255
        public static let mptcp: UInt32 = 262
        public static let sctp: UInt32 = 132
        public static let dccp: UInt32 = 33
    }

    /// `sdiag_family`: `.inet` or `.inet6`.
    public var family: AddressFamily
    /// The protocol (``IPProtocol``).
    public var `protocol`: UInt32
    /// `idiag_ext`.
    public var extensions: InetDiagAttribute.Extensions
    /// `idiag_states`.
    public var states: TCPStates
    /// `id`: for an exact lookup; zeros for a dump.
    public var id: InetSocketID
    /// A filter the kernel applies while it dumps (`INET_DIAG_REQ_BYTECODE`).
    public var filter: InetDiagFilter?

    /// Creates a request (a dump of every socket in `states` by default).
    public init(
        family: AddressFamily, protocol: UInt32, states: TCPStates = .all, extensions: InetDiagAttribute.Extensions = [], id: InetSocketID? = nil,
        filter: InetDiagFilter? = nil
    ) {
        self.filter = filter
        self.family = family
        self.protocol = `protocol`
        self.states = states
        self.extensions = extensions
        let any: IPAddress = family == .inet6 ? .v6(IPv6Address(high: 0, low: 0)) : .v4(IPv4Address(0))
        self.id = id ?? InetSocketID(source: any, destination: any, cookie: InetSocketID.noCookie)
    }

    /// Writes the header, the filter's bytecode (`INET_DIAG_REQ_BYTECODE`) and, for a protocol
    /// above 255, `INET_DIAG_REQ_PROTOCOL`.
    /// - Throws: `NetlinkEncodingError` for a filter program too long.
    public func encode(into b: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        b.append(family.rawValue)
        b.append(`protocol` <= 255 ? UInt8(`protocol`) : 0)
        b.append(extensions.rawValue)
        b.append(UInt8(0))
        b.append(states.rawValue)
        id.encode(into: &b)
        if let filter { try b.appendAttribute(InetDiagAttribute.requestBytecode, bytes: try filter.bytecode()) }
        if `protocol` > 255 { try b.appendAttribute(InetDiagAttribute.requestProtocol, uint32: `protocol`, .host) }
    }
}
