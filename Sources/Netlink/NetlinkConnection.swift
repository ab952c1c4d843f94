import NetlinkCore
import SystemPackage

/// A netlink connection: a socket, its reader thread and the request engine.
///
/// Many tasks may share one connection. Each request gets a sequence number (starting at a random
/// value, never 0, wrapping safely) and its replies are matched by sequence and port. A request
/// that asks for an acknowledgement gets it, or a `NetlinkError` with the kernel's extended ack
/// and the offset resolved to the attribute of the request (the request's bytes are kept until its
/// reply, since with `NETLINK_CAP_ACK` the kernel echoes nothing).
///
/// Dumps stream with bounded memory: the reader stops reading while the consumer is behind, and
/// the kernel, whose dumps are driven by reads, waits. The kernel runs one dump per socket at a
/// time (a second gets `EBUSY`), so dumps queue; a cancelled dump is drained to its end and
/// discarded before the next starts. `NLM_F_DUMP_INTR` is reported, never returned as complete.
///
/// Replies and events never mix: by default a connection joins no group (`subscribe(groups:configuration:)`
/// opens a separate socket for events, as iproute2 does — an overrun drops acknowledgements too).
/// A connection configured with groups turns `NETLINK_PKTINFO` on and routes every multicast
/// datagram to ``events``, including the notification of our own change that arrives, with our
/// sequence number, before our acknowledgement.
///
/// On `ENOBUFS` every request in flight fails at once with `NetlinkError/Code/replyLost`: its
/// reply may have been dropped and the outcome is unknown.
///
/// No blocking system call runs on Swift's concurrency pool: the reader is a thread of its own,
/// waiting in `poll(2)`.
public final class NetlinkConnection: Sendable {
    /// How a connection is set up.
    public struct Configuration: Sendable {
        /// Ask for extended-ack TLVs (`NETLINK_EXT_ACK`). Default: on.
        public var extendedAcknowledgements = true
        /// Do not echo requests in errors (`NETLINK_CAP_ACK`); the engine keeps the request's bytes.
        /// Default: on.
        public var capAcknowledgements = true
        /// Strict checking of dump requests (`NETLINK_GET_STRICT_CHK`). Default: off.
        public var strictChecking = false
        /// The receive buffer to ask for, or `nil` for the system default.
        public var receiveBufferSize: Int?
        /// Use `SO_RCVBUFFORCE` for ``receiveBufferSize`` (falls back to `SO_RCVBUF` where not permitted).
        public var forceReceiveBuffer = true
        /// Multicast groups to join on this socket (opt-in to one socket for requests and events).
        public var groups: [UInt32] = []
        /// Also receive notifications of every namespace that has an ID here (`NETLINK_LISTEN_ALL_NSID`).
        public var listenAllNamespaceIDs = false
        /// How many event datagrams may wait for the consumer.
        public var eventBufferCapacity = 1_024
        /// Whether a full event buffer pauses reading (the kernel then reports an overrun: for
        /// subscription sockets) or drops events and reports an overrun in their place (for a socket
        /// that also carries requests, whose acknowledgements must keep flowing).
        public var pauseReadingWhenEventsBacklogged = false
        /// How long a request waits for its reply by default.
        public var requestTimeout: Duration = .seconds(30)
        /// How long a dump may go without receiving anything (while its consumer keeps up).
        public var dumpIdleTimeout: Duration = .seconds(30)
        /// How many datagrams of a dump may wait for the consumer before the reader pauses.
        public var dumpBufferCapacity = 8
        /// Where requests go: the kernel by default, or a user-space peer's port.
        ///
        /// The socket is `connect()`ed to it, so the kernel refuses unicast from every other port
        /// (the sender gets `ECONNREFUSED`): forged unicast never takes the receive-buffer room the
        /// replies need. Multicast still arrives, and its sender is still checked. A connection
        /// whose ``trustedPeers`` name other ports than the peer's is left unconnected, so that
        /// their unicast can arrive.
        public var peer: NetlinkAddress = .kernel
        /// User-space ports whose datagrams are accepted (the kernel always is).
        public var trustedPeers: Set<UInt32> = []
        /// Whether the socket is `connect()`ed to ``peer`` (the default). A tool that lists netlink
        /// sockets and shows its own as the tool it stands in for does (`nlctl ss`: ss's socket is
        /// unconnected) may leave it unconnected; every datagram's sender is checked either way.
        public var connectsToPeer = true
        /// The first sequence number (a test hook); random when `nil`.
        public var initialSequence: UInt32?
        /// Who reads the socket: a reader thread of the connection's own (the default), or the task
        /// that waits (see ``Reading``).
        public var reading: Reading = .readerThread

        /// Who reads the socket.
        public enum Reading: Sendable, Hashable {
            /// A thread of the connection's own reads replies and events as they come and hands them
            /// to the waiting tasks: any number of tasks may use the connection at once, and events
            /// are read (and counted, and overruns noticed) while nobody waits for them.
            case readerThread
            /// No thread of its own: a task that waits for a reply, a dump's next datagram or an
            /// event reads the socket itself, on its own thread, which blocks meanwhile (at most the
            /// request's timeout). Several tasks may still share the connection — one reads, the
            /// others block until it is done, then find their answers read or read in turn — but the
            /// mode is made for a program that does one thing at a time, such as a command-line
            /// tool: a request then costs no thread hand-off at all (a `sendmsg` and the `recvmsg`s
            /// of its answer), and opening the connection starts no thread. Nothing is read while
            /// nobody waits, and a dump's reading never pauses (its consumer reads it).
            case callingThread
        }
        /// Who sends single requests (`execute`, `get`, `executeBatch`) when a reader thread
        /// reads: that thread (the default), or the task's own thread (see ``Sending``). Dumps and
        /// batches are always sent by the reader thread; with ``Reading/callingThread`` the caller
        /// sends everything.
        public var sending: Sending = .readerThread

        /// Who sends single requests, for ``Reading/readerThread``.
        ///
        /// The kernel does the work of a request inside `sendmsg`, and most rtnetlink changes take
        /// the RTNL lock, one for the whole host: while another process changes links in any
        /// namespace, or a namespace is being torn down, the call blocks. Measured on this
        /// project's machine (a Linux 6.18 kernel, 2 cores), `RTM_NEWLINK` setting an MTU in a
        /// private namespace: median 9 µs, but up to 5 ms while another process added and deleted
        /// 400 veth pairs, and up to 7.3 ms (99th percentile 0.34 ms) while 40 other namespaces
        /// were made and torn down.
        public enum Sending: Sendable, Hashable {
            /// The reader thread sends: the task's thread (one of Swift's few concurrency-pool
            /// threads) never waits for the RTNL lock. The price is a hand-off to one thread: on the
            /// same machine, 10,000 sequential `RTM_GETLINK` requests from a task on the pool took
            /// 0.49–0.51 s (best of 5) against 0.27–0.29 s sent by the task and 0.10 s with
            /// ``Reading/callingThread`` (`nlbench -r 5 requests`); from 4 tasks sharing the
            /// connection 0.21–0.27 s against 0.11–0.14 s (`nlbench -r 5 requests-4`), the kernel's
            /// work for every request then being done on the one reader thread.
            case readerThread
            /// The task's thread sends (the request's `sendmsg`, then the task waits for its reply
            /// without blocking): the fastest under concurrency, for programs that know the
            /// requests they make do not wait for the RTNL lock (reads such as `RTM_GETLINK` do not,
            /// on this kernel) or that can afford a pool thread blocking meanwhile.
            case callingThread
        }
        /// Creates the default configuration.
        public init() {}
    }

    /// Counters of what the engine dropped or noticed.
    public struct Statistics: Hashable, Sendable {
        /// Datagrams from untrusted senders, dropped before decoding (here and in the socket).
        public var droppedUntrusted: Int
        /// Replies whose sequence matched no request in flight (late, or for cancelled requests).
        public var unmatchedReplies: Int
        /// Receive-buffer overruns reported by the socket.
        public var overruns: Int
        /// Event datagrams dropped because the event buffer was full (a socket carrying requests).
        public var droppedEvents: Int
        /// Multicast datagrams received on a connection that does not deliver events.
        public var unexpectedEvents: Int
        /// Elements handed to ``NetlinkConnection/events`` so far (notifications and overruns), in
        /// order: the first element has position 0, and ``deliveredEvents`` is the position of the next.
        public var deliveredEvents: Int
    }

    let core: ConnectionCore
    /// The socket, when the connection runs on a real one (not a test transport).
    public let socket: NetlinkSocket?
    /// The namespace the connection was opened in, if one was given.
    public let namespace: NetworkNamespace?
    /// The protocol, when opened by family.
    public let family: NetlinkFamily?

    /// Opens a socket of `family` (in `namespace`, or the caller's) and starts its reader thread
    /// (unless ``Configuration/reading`` says ``Configuration/Reading/callingThread``).
    ///
    /// In another namespace, the calling thread waits while a dedicated thread enters it and makes
    /// the socket (about the time of a thread's creation); from async code, the `async` overload
    /// of this initializer suspends the task instead.
    public convenience init(
        family: NetlinkFamily, namespace: NetworkNamespace? = nil, configuration: Configuration = Configuration()
    ) throws(NetlinkError) {
        let socket = try NetlinkSocket(family: family, namespace: namespace, peer: Self.connectedPeer(configuration))
        try self.init(socket: socket, namespace: namespace, family: family, configuration: configuration)
    }

    /// Opens a socket of `family` (in `namespace`, or the caller's) and starts its reader thread,
    /// like the synchronous overload; in another namespace the task is suspended, not its thread
    /// blocked, while a dedicated thread enters it.
    public convenience init(
        family: NetlinkFamily, namespace: NetworkNamespace? = nil, configuration: Configuration = Configuration()
    ) async throws(NetlinkError) {
        let socket = try await NetlinkSocket.open(family: family, namespace: namespace, peer: Self.connectedPeer(configuration))
        try self.init(socket: socket, namespace: namespace, family: family, configuration: configuration)
    }

    /// The peer to connect a new socket to as it is made (no window for other senders' unicast),
    /// unless other ports are trusted too (see Configuration.peer).
    private static func connectedPeer(_ configuration: Configuration) -> NetlinkAddress? {
        configuration.connectsToPeer && configuration.trustedPeers.isSubset(of: [configuration.peer.portID]) ? configuration.peer : nil
    }

    /// Sets the socket up as `configuration` says (closing it on failure) and starts the engine.
    private convenience init(
        socket: NetlinkSocket, namespace: NetworkNamespace?, family: NetlinkFamily, configuration: Configuration
    ) throws(NetlinkError) {
        do {
            if configuration.extendedAcknowledgements { try socket.setOption(.extendedAcknowledgement, true) }
            if configuration.capAcknowledgements { try socket.setOption(.capAcknowledgement, true) }
            if configuration.strictChecking { try socket.setOption(.strictChecking, true) }
            if let size = configuration.receiveBufferSize {
                _ = try socket.setReceiveBufferSize(size, force: configuration.forceReceiveBuffer)
            }
            if !configuration.groups.isEmpty || configuration.listenAllNamespaceIDs {
                try socket.setOption(.packetInfo, true)
            }
            for group in configuration.groups { try socket.joinGroup(group) }
            if configuration.listenAllNamespaceIDs { try socket.setOption(.listenAllNamespaceIDs, true) }
            socket.trustedPeers = configuration.trustedPeers
            socket.carriesRequests = !configuration.pauseReadingWhenEventsBacklogged
        } catch {
            socket.close()
            throw error
        }
        try self.init(transport: socket, socket: socket, namespace: namespace, family: family, configuration: configuration)
    }

    /// Runs the engine on any transport, for example the fake kernel of `NetlinkTestSupport`.
    public convenience init(transport: any NetlinkTransport, configuration: Configuration = Configuration()) throws(NetlinkError) {
        try self.init(transport: transport, socket: transport as? NetlinkSocket, namespace: nil, family: nil, configuration: configuration)
    }

    private init(
        transport: any NetlinkTransport, socket: NetlinkSocket?, namespace: NetworkNamespace?, family: NetlinkFamily?,
        configuration: Configuration
    ) throws(NetlinkError) {
        self.socket = socket
        self.namespace = namespace
        self.family = family
        core = ConnectionCore(transport: transport, configuration: configuration)
        if configuration.reading == .readerThread { try core.startReader() }
    }

    deinit { core.close() }

    /// The local address: the port ID the kernel assigned.
    public var localAddress: NetlinkAddress { core.transport.localAddress }

    /// The configuration the connection was opened with.
    public var configuration: Configuration { core.configuration }

    /// What the engine dropped or noticed so far.
    public var statistics: Statistics { core.statistics() }

    /// The number of requests and dumps in flight or queued (0 when idle).
    public var pendingCount: Int { core.pendingCount() }

    /// Closes the connection: requests in flight fail with `NetlinkError/Code/closed`, the reader ends.
    public func close() { core.close() }

    // MARK: Requests

    /// Sends a request that asks for an acknowledgement (`NLM_F_REQUEST | NLM_F_ACK` are added to
    /// `flags`) and waits for it.
    ///
    /// - Parameters:
    ///   - type: The message type.
    ///   - flags: Flags to add (`.create`, `.exclusive`, `.replace`, `.echo` ...).
    ///   - fixedHeaderSize: The size of the family header `build` writes first, to resolve
    ///     extended-ack offsets.
    ///   - timeout: How long to wait; the configuration's ``Configuration/requestTimeout`` by default.
    ///   - build: Writes the payload: the family header and the attributes.
    /// - Returns: The acknowledgement, with a warning if the kernel gave one, and the messages that
    ///   answered before it (the reply of a GET, or `NLM_F_ECHO` notifications).
    /// - Throws: `NetlinkError`: the kernel's error (`NetlinkError/Code/kernelError`),
    ///   `NetlinkError/Code/timedOut`, `NetlinkError/Code/replyLost`, `NetlinkError/Code/cancelled`...
    @discardableResult
    nonisolated(nonsending) public func execute(
        type: NetlinkMessageType, flags: NetlinkMessageFlags = [], fixedHeaderSize: Int = 0, timeout: Duration? = nil,
        _ build: (inout NetlinkMessageBuilder) throws -> Void = { _ in }
    ) async throws(NetlinkError) -> NetlinkAcknowledgement {
        let bytes = try Self.encodeRequest(type: type, flags: flags.union([.request, .acknowledge]), build)
        return try await core.execute(bytes: bytes, fixedHeaderSize: fixedHeaderSize, timeout: timeout ?? core.configuration.requestTimeout)
    }

    /// Sends a request that the kernel answers with one message (a `GET` without `NLM_F_DUMP`),
    /// without `NLM_F_ACK`, as iproute2 sends them: done when the answer arrives, which
    /// ``NetlinkAcknowledgement/replies`` holds, or with the kernel's error. Saves the
    /// acknowledgement's datagram (and its reads) of ``execute(type:flags:fixedHeaderSize:timeout:_:)``.
    /// Not for requests that may be answered by nothing but an acknowledgement (a change, a `SET`):
    /// without one, those would wait for their timeout.
    @discardableResult
    nonisolated(nonsending) public func get(
        type: NetlinkMessageType, flags: NetlinkMessageFlags = [], fixedHeaderSize: Int = 0, timeout: Duration? = nil,
        _ build: (inout NetlinkMessageBuilder) throws -> Void = { _ in }
    ) async throws(NetlinkError) -> NetlinkAcknowledgement {
        let bytes = try Self.encodeRequest(type: type, flags: flags.union(.request).subtracting(.acknowledge), build)
        return try await core.execute(
            bytes: bytes, fixedHeaderSize: fixedHeaderSize, timeout: timeout ?? core.configuration.requestTimeout, endsAtReply: true)
    }

    /// Sends one message and waits for nothing: for a family that answers on a multicast group
    /// (the connector acknowledges a proc-events subscription that way), or a message that has no
    /// answer. `flags` are sent as given (no `NLM_F_ACK` is added); the sequence number is the
    /// engine's next, never one in flight.
    ///
    /// - Returns: The message's sequence number.
    /// - Throws: `NetlinkError/Code/encodingFailed`, or the `sendmsg` error
    ///   (`NetlinkError/Code/systemCallFailed`: `ECONNREFUSED` when no kernel socket of the family
    ///   lives in the connection's namespace, `EPERM`...).
    @discardableResult
    public func send(
        type: NetlinkMessageType, flags: NetlinkMessageFlags = [.request], _ build: (inout NetlinkMessageBuilder) throws -> Void = { _ in }
    ) throws(NetlinkError) -> UInt32 {
        try core.sendUnanswered(bytes: try Self.encodeRequest(type: type, flags: flags, build))
    }

    /// One request message (sequence and port 0: the engine patches the sequence in); what `build`
    /// throws becomes ``NetlinkError/Code/encodingFailed`` (a `NetlinkError` it throws stays itself).
    static func encodeRequest(
        type: NetlinkMessageType, flags: NetlinkMessageFlags, _ build: (inout NetlinkMessageBuilder) throws -> Void
    ) throws(NetlinkError) -> [UInt8] {
        var builder = NetlinkMessageBuilder()
        do {
            try builder.message(type: type, flags: flags, sequence: 0, portID: 0, build)
        } catch let error as NetlinkEncodingError {
            throw NetlinkError(.encodingFailed, encodingError: error)
        } catch let error as NetlinkError {
            throw error
        } catch {
            throw NetlinkError(.encodingFailed, detail: "\(error)")
        }
        return builder.bytes
    }

    /// Sends several messages in one datagram (a batch) and waits for each one's acknowledgement.
    ///
    /// Each message gets its own sequence number; the result has one entry per message, in order:
    /// its acknowledgement or its error.
    nonisolated(nonsending) public func executeBatch(
        _ messages: [(type: NetlinkMessageType, flags: NetlinkMessageFlags, fixedHeaderSize: Int, build: (inout NetlinkMessageBuilder) throws -> Void)],
        timeout: Duration? = nil
    ) async throws(NetlinkError) -> [Result<NetlinkAcknowledgement, NetlinkError>] {
        var encoded: [(bytes: [UInt8], fixedHeaderSize: Int)] = []
        for message in messages {
            var builder = NetlinkMessageBuilder()
            do {
                try builder.message(type: message.type, flags: message.flags.union([.request, .acknowledge]), message.build)
            } catch let error as NetlinkEncodingError {
                throw NetlinkError(.encodingFailed, encodingError: error)
            } catch {
                throw NetlinkError(.encodingFailed, detail: "\(error)")
            }
            encoded.append((builder.bytes, message.fixedHeaderSize))
        }
        return try await core.executeBatch(encoded, timeout: timeout ?? core.configuration.requestTimeout)
    }

    /// Starts a streaming, pipelined batch of change requests on this connection: messages are
    /// encoded into datagrams of up to ``NetlinkBatch/Options/datagramSize`` bytes, at most
    /// ``NetlinkBatch/Options/window`` in flight, each outcome matched to its message (see ``NetlinkBatch``).
    public func batch(options: NetlinkBatch.Options = NetlinkBatch.Options()) -> NetlinkBatch {
        NetlinkBatch(connection: self, options: options)
    }

    /// Starts a dump (`NLM_F_REQUEST | NLM_F_DUMP` are added to `flags`): an `AsyncSequence` of the
    /// datagrams of the answer, which ends at `NLMSG_DONE`.
    ///
    /// The request is sent when the iteration starts, after any dump ahead of it on this socket.
    /// Stopping the iteration early (or cancelling its task) drains the rest of the dump.
    ///
    /// ```swift
    /// for try await datagram in connection.dump(type: RTM_GETLINK, fixedHeaderSize: 16, { $0.appendZeros(16) }) {
    ///     try datagram.forEachMessage { message in ... }
    /// }
    /// ```
    /// - Parameters:
    ///   - type: The request's message type (`RTM_GETLINK` ...).
    ///   - flags: Flags besides `NLM_F_REQUEST | NLM_F_DUMP`.
    ///   - fixedHeaderSize: The size of the family header `build` writes first.
    ///   - build: Writes the request's payload.
    ///   - acceptInterrupted: When `false` (default), a dump flagged `NLM_F_DUMP_INTR` throws
    ///     `NetlinkError/Code/dumpInterrupted` at its end; when `true` it ends normally and
    ///     ``NetlinkDump/wasInterrupted`` says so.
    public func dump(
        type: NetlinkMessageType, flags: NetlinkMessageFlags = [], fixedHeaderSize: Int = 0,
        acceptInterrupted: Bool = false, _ build: (inout NetlinkMessageBuilder) throws -> Void = { _ in }
    ) -> NetlinkDump {
        var builder = NetlinkMessageBuilder()
        var failure: NetlinkError?
        do {
            try builder.message(type: type, flags: flags.union([.request, .dump]), build)
        } catch let error as NetlinkEncodingError {
            failure = NetlinkError(.encodingFailed, encodingError: error)
        } catch {
            failure = NetlinkError(.encodingFailed, detail: "\(error)")
        }
        let state = DumpState(
            request: builder.bytes, fixedHeaderSize: fixedHeaderSize,
            capacity: max(1, core.configuration.dumpBufferCapacity), acceptInterrupted: acceptInterrupted)
        if let failure { state.finish(.failure(failure)) }
        return NetlinkDump(connection: self, state: state)
    }

    /// Dumps and decodes every message with `decode`, retrying up to `retries` times when the kernel
    /// flags the dump interrupted (`NLM_F_DUMP_INTR`).
    ///
    /// - Returns: The decoded values of a dump that was not interrupted.
    /// - Throws: `NetlinkError/Code/dumpInterrupted` when every try was interrupted, or the dump's error.
    nonisolated(nonsending) public func dumpAll<T>(
        type: NetlinkMessageType, flags: NetlinkMessageFlags = [], fixedHeaderSize: Int = 0, retries: Int = 3,
        _ build: (inout NetlinkMessageBuilder) throws -> Void = { _ in },
        decode: (borrowing NetlinkMessage) throws -> T?
    ) async throws(NetlinkError) -> [T] {
        try await retryingInterruptedDumps(retries: retries) { () async throws(NetlinkError) in
            var values: [T] = []
            let response = dump(type: type, flags: flags, fixedHeaderSize: fixedHeaderSize, acceptInterrupted: true, build)
            do {
                for try await datagram in response {
                    try datagram.forEachMessage { message in
                        if let value = try decode(message) { values.append(value) }
                    }
                }
            } catch let error as NetlinkError {
                throw error
            } catch let error as NetlinkDecodingError {
                throw NetlinkError(.malformedReply, decodingError: error)
            } catch {
                throw NetlinkError(.malformedReply, detail: "\(error)")
            }
            return (values, response.wasInterrupted)
        }
    }

    /// Runs `dumpOnce` — one whole dump made with `acceptInterrupted: true`, returning its result
    /// and whether the kernel flagged it `NLM_F_DUMP_INTR` — until a try is not interrupted, at
    /// most `retries + 1` times. The policy of ``dumpAll(type:flags:fixedHeaderSize:retries:_:decode:)``,
    /// for typed dumps built on other readers.
    ///
    /// - Throws: `NetlinkError/Code/dumpInterrupted` when every try was interrupted, or what
    ///   `dumpOnce` throws.
    nonisolated(nonsending) public func retryingInterruptedDumps<T>(
        retries: Int, _ dumpOnce: () async throws(NetlinkError) -> (value: T, interrupted: Bool)
    ) async throws(NetlinkError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            let (value, interrupted) = try await dumpOnce()
            if !interrupted { return value }
            if attempt > retries {
                throw NetlinkError(.dumpInterrupted, detail: "\(attempt) tries, each interrupted")
            }
        }
    }

    // MARK: Events

    /// The events of the groups this connection joined (``Configuration/groups``): one consumer at a time.
    public var events: NetlinkEvents { NetlinkEvents(connection: self) }

    /// The receive buffer a subscription asks for when its configuration names none: 8 MiB,
    /// forced (`SO_RCVBUFFORCE`) where permitted, else as much as `net.core.rmem_max` allows. A
    /// burst of changes (a route table loaded, links flapping) queues notifications faster than
    /// any consumer reads them; with the system default (about 208 KiB) a subscription lost 379 of
    /// 1,509 route notifications at 2,000 changes. iproute2's monitor asks for 1 MiB.
    public static let subscriptionReceiveBufferSize = 8 << 20

    /// Opens a separate socket in the same namespace that joins `groups`, with `NETLINK_PKTINFO` on,
    /// for events only — the default way to watch, so that an overrun never drops a reply.
    ///
    /// - Parameters:
    ///   - groups: The groups to join (any number up to the family's maximum).
    ///   - configuration: Its configuration; ``Configuration/pauseReadingWhenEventsBacklogged`` is
    ///     set, and a ``Configuration/receiveBufferSize`` of `nil` asks for
    ///     ``subscriptionReceiveBufferSize`` (give `0` for the system default).
    ///
    /// In another namespace the calling thread waits while a thread enters it; from async code the
    /// `async` overload suspends the task instead.
    public func subscribe(groups: [UInt32], configuration: Configuration = Configuration()) throws(NetlinkError) -> NetlinkConnection {
        let (family, configuration) = try subscription(groups: groups, configuration)
        return try NetlinkConnection(family: family, namespace: namespace, configuration: configuration)
    }

    /// Opens the subscription socket like the synchronous overload; in another namespace the task
    /// is suspended, its thread free, while a thread enters it.
    public func subscribe(groups: [UInt32], configuration: Configuration = Configuration()) async throws(NetlinkError) -> NetlinkConnection {
        let (family, configuration) = try subscription(groups: groups, configuration)
        return try await NetlinkConnection(family: family, namespace: namespace, configuration: configuration)
    }

    private func subscription(groups: [UInt32], _ configuration: Configuration) throws(NetlinkError) -> (NetlinkFamily, Configuration) {
        guard let family else {
            throw NetlinkError(.systemCallFailed, errno: .notSupported, detail: "subscribe needs a connection opened by family")
        }
        var configuration = configuration
        configuration.groups = groups
        configuration.pauseReadingWhenEventsBacklogged = true
        switch configuration.receiveBufferSize {
        case nil: configuration.receiveBufferSize = Self.subscriptionReceiveBufferSize
        case 0?: configuration.receiveBufferSize = nil
        default: break
        }
        return (family, configuration)
    }
}

/// The answer to a dump: the datagrams, in order, until `NLMSG_DONE`.
///
/// Iterate it once. After the end, ``wasInterrupted`` tells whether the kernel flagged the dump
/// `NLM_F_DUMP_INTR`.
public final class NetlinkDump: AsyncSequence, Sendable {
    public typealias Element = NetlinkDatagram
    public typealias Failure = NetlinkError

    let core: ConnectionCore
    let state: DumpState
    /// Kept open while the dump or its iteration lives (`for try await d in NetlinkConnection(...).dump(...)`
    /// would otherwise close it at once).
    let connection: NetlinkConnection?

    init(connection: NetlinkConnection, state: DumpState) {
        self.core = connection.core
        self.connection = connection
        self.state = state
    }

    deinit {
        // The iterator, if one was made, owns the dump's fate (its token abandons it when dropped).
        if !core.withLock({ state.hasIterator }) { core.abandon(state) }
    }

    /// Whether the kernel flagged the dump as inconsistent (`NLM_F_DUMP_INTR`), so far.
    public var wasInterrupted: Bool { core.withLock { state.interrupted } }

    /// The sequence number the dump was sent with, once sent.
    public var sequence: UInt32? { core.withLock { state.sent ? state.sequence : nil } }

    /// Iterates the datagrams of the dump; dropping it early drains the dump.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let token: IterationToken

        /// The next datagram, or `nil` after `NLMSG_DONE`.
        public mutating func next() async throws(NetlinkError) -> NetlinkDatagram? {
            try await token.core.next(token.state)
        }

        /// The next datagram, or `nil` after `NLMSG_DONE`.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> NetlinkDatagram? {
            try await token.core.next(token.state)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        core.withLock { state.hasIterator = true }
        return AsyncIterator(token: IterationToken(core: core, state: state, connection: connection))
    }

    /// Calls `body` with each message of the dump, datagram by datagram, as they arrive (the
    /// dump's own `NLMSG_DONE` and errors are the engine's). A `NetlinkError` that `body` throws ends
    /// the dump as itself; any other error as `NetlinkError.Code.malformedReply`, with the decoding
    /// error when it is one.
    public func forEachMessage(_ body: (borrowing NetlinkMessage) throws -> Void) async throws(NetlinkError) {
        for try await datagram in self {
            do {
                try datagram.forEachMessage(body)
            } catch let error as NetlinkError {
                throw error
            } catch {
                throw NetlinkError(.malformedReply, sequence: datagram.sequence, decodingError: error as? NetlinkDecodingError)
            }
        }
    }
}

/// Cancels the dump when the iteration is abandoned early.
final class IterationToken: Sendable {
    let core: ConnectionCore
    let state: DumpState
    let connection: NetlinkConnection?
    init(core: ConnectionCore, state: DumpState, connection: NetlinkConnection?) {
        self.core = core
        self.state = state
        self.connection = connection
    }
    deinit { core.abandon(state) }
}

/// The events of a connection that joined groups: an `AsyncSequence` of ``NetlinkEvent`` with a
/// bounded buffer. An overrun is an element, and the stream goes on.
public struct NetlinkEvents: AsyncSequence, Sendable {
    public typealias Element = NetlinkEvent
    public typealias Failure = NetlinkError
    /// The connection, kept open while the events or their iteration live: a loop over
    /// `try connection.subscribe(...).events` (or `routeEvents`) holds no other reference to it.
    let connection: NetlinkConnection
    var core: ConnectionCore { connection.core }

    /// Iterates the events; one consumer at a time.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let connection: NetlinkConnection
        var core: ConnectionCore { connection.core }

        /// The next event, or `nil` once the connection is closed or the consuming task is cancelled.
        public mutating func next() async throws(NetlinkError) -> NetlinkEvent? {
            try await core.nextEvent()
        }

        /// The next event, or `nil` once the connection is closed or the consuming task is cancelled.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> NetlinkEvent? {
            try await core.nextEvent()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(connection: connection) }
}
