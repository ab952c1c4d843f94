/// A netlink socket address, `struct sockaddr_nl`: a port ID and a multicast group mask.
///
/// ```c
/// struct sockaddr_nl {
///     __kernel_sa_family_t nl_family;  /* AF_NETLINK */
///     unsigned short       nl_pad;     /* zero */
///     __u32                nl_pid;     /* port ID */
///     __u32                nl_groups;  /* multicast groups mask */
/// };
/// ```
/// The kernel's address is port 0. As a sender address from `recvmsg`, `nl_groups` is the group
/// bit of a multicast message — but only for groups 1–32; above 32 it is 0 and only
/// `NETLINK_PKTINFO` names the group.
public struct NetlinkAddress: Hashable, Sendable, CustomStringConvertible {
    /// The port ID (`nl_pid`): 0 for the kernel.
    public var portID: UInt32
    /// The multicast group mask (`nl_groups`).
    public var groups: UInt32

    /// Creates an address.
    public init(portID: UInt32, groups: UInt32 = 0) {
        self.portID = portID
        self.groups = groups
    }

    /// The kernel: port 0, no groups.
    public static let kernel = NetlinkAddress(portID: 0)

    /// Whether this is the kernel's port (0).
    public var isKernel: Bool { portID == 0 }

    public var description: String { "port \(portID)" + (groups != 0 ? " groups 0x\(String(groups, radix: 16))" : "") }
}

/// The credentials passed with a datagram (`SCM_CREDENTIALS`, `struct ucred`).
public struct NetlinkCredentials: Hashable, Sendable {
    /// The sending process ID.
    public var pid: Int32
    /// The sending user ID.
    public var uid: UInt32
    /// The sending group ID.
    public var gid: UInt32

    /// Creates credentials.
    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}

/// What came with a datagram besides its bytes: who sent it and on which group.
public struct NetlinkDatagramInfo: Hashable, Sendable {
    /// The number of bytes of the datagram.
    public var length: Int
    /// The sender address from `recvmsg`: port 0 is the kernel. The only proof of origin.
    public var sender: NetlinkAddress
    /// The multicast group it was sent to (`NETLINK_PKTINFO`), or `nil` for unicast / when unknown.
    public var group: UInt32?
    /// The sender's credentials (`SO_PASSCRED`), if passed.
    public var credentials: NetlinkCredentials?
    /// The namespace ID of the sender's namespace (`NETLINK_LISTEN_ALL_NSID`), or `nil` for the
    /// listener's own namespace.
    public var namespaceID: Int32?

    /// Creates the information of a datagram.
    public init(
        length: Int, sender: NetlinkAddress = .kernel, group: UInt32? = nil,
        credentials: NetlinkCredentials? = nil, namespaceID: Int32? = nil
    ) {
        self.length = length
        self.sender = sender
        self.group = group
        self.credentials = credentials
        self.namespaceID = namespaceID
    }

    /// Whether the datagram was multicast: a group from PKTINFO, or a group bit in the sender address.
    public var isMulticast: Bool { (group ?? 0) != 0 || sender.groups != 0 }
}

/// The outcome of one receive on a ``NetlinkTransport``.
public enum NetlinkReceiveResult: Hashable, Sendable {
    /// A datagram arrived; its bytes are the first `info.length` bytes of the buffer.
    case datagram(NetlinkDatagramInfo)
    /// The socket's receive buffer overran (`ENOBUFS`): messages were dropped. The socket goes on.
    case overrun
    /// ``NetlinkTransport/wakeUp()`` was called.
    case wokenUp
    /// The timeout passed with nothing to read.
    case timedOut
}

/// A datagram transport that speaks netlink: the real socket of the `Netlink` module, or the fake
/// kernel of `NetlinkTestSupport`.
///
/// The request engine runs on it: one reader thread calls ``receive(into:timeout:)`` in a loop,
/// any thread may ``send(_:to:)``, and ``wakeUp()`` interrupts a blocked receive (a blocked `recv`
/// on a netlink socket cannot be woken otherwise).
public protocol NetlinkTransport: AnyObject, Sendable {
    /// The local address: the port ID assigned by the kernel (or chosen), and the groups bound.
    var localAddress: NetlinkAddress { get }

    /// Sends one datagram (one or more messages).
    /// - Throws: ``NetlinkError`` with ``NetlinkError/Code/systemCallFailed`` when the send fails.
    func send(_ datagram: [UInt8], to destination: NetlinkAddress) throws(NetlinkError)

    /// Waits for the next datagram and writes it at the start of `buffer`, growing the buffer when
    /// the datagram is larger (never truncating it).
    ///
    /// - Parameters:
    ///   - buffer: Reused between calls; its count is at least the datagram's length afterwards.
    ///   - timeout: How long to wait, or `nil` to wait until something happens.
    /// - Returns: What happened.
    func receive(into buffer: inout [UInt8], timeout: Duration?) throws(NetlinkError) -> NetlinkReceiveResult

    /// The next datagram if one is already queued, without waiting: `nil` when none is (a
    /// pending wake-up may be returned). The default asks ``receive(into:timeout:)`` with a zero timeout.
    func receiveIfQueued(into buffer: inout [UInt8]) throws(NetlinkError) -> NetlinkReceiveResult?

    /// Makes a blocked or the next ``receive(into:timeout:)`` return ``NetlinkReceiveResult/wokenUp``.
    func wakeUp()

    /// Closes the transport; later calls fail with ``NetlinkError/Code/closed``.
    func close()
}

extension NetlinkTransport {
    public func receiveIfQueued(into buffer: inout [UInt8]) throws(NetlinkError) -> NetlinkReceiveResult? {
        let result = try receive(into: &buffer, timeout: .zero)
        return result == .timedOut ? nil : result
    }
}
