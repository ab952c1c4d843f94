import NetlinkCore

/// A streaming, pipelined batch of change requests on one connection: many messages in few
/// `sendmsg` calls, with every message's outcome matched to it by sequence number.
///
/// Messages are encoded straight into the datagram being filled (no per-message allocation). A
/// datagram is sent when it reaches ``Options/datagramSize`` bytes (or ``Options/window``
/// messages), when ``flush()`` or ``finish()`` is called; before a send, the batch waits until
/// at most ``Options/window`` messages are in flight, so the replies always fit in the receive
/// buffer. Each message has its own sequence number, so each error names the message that caused
/// it; outcomes are handed out in the order the messages were appended by ``nextCompleted()``.
///
/// ```swift
/// let batch = NetlinkBatch(connection: connection, options: .init(acknowledgements: .errorsOnly))
/// for route in routes {
///     try await batch.append(type: RouteMessageType.newRoute, flags: [.create, .exclusive], fixedHeaderSize: 12) {
///         try route.encode(into: &$0, for: .add)
///     }
///     while let (index, result) = batch.nextCompleted() { ... }
/// }
/// try await batch.finish()
/// while let (index, result) = batch.nextCompleted() { ... }
/// ```
///
/// The kernel handles the messages of a datagram one after the other, in order, so a message may
/// depend on an earlier one (a nexthop, then a route using it).
///
/// A reply that may have been lost (the socket overran: `ENOBUFS`) fails every message whose
/// outcome is not known yet with `NetlinkError/Code/replyLost`; a datagram whose replies do not
/// all arrive within ``Options/timeout`` fails its unanswered messages with
/// `NetlinkError/Code/timedOut`. Nothing waits forever.
///
/// One task uses a batch at a time (it is not `Sendable`); the connection may serve other
/// requests meanwhile.
public final class NetlinkBatch {
    /// Which messages ask the kernel for an acknowledgement.
    public enum Acknowledgements: Sendable {
        /// Every message (`NLM_F_ACK`): each success comes back with its warning, if any, and the
        /// replies before it (`NLM_F_ECHO`). Each acknowledgement costs the kernel a datagram.
        case every
        /// Only the last message of each datagram; the others are answered only when they fail
        /// (the kernel always reports an error). The last message's reply comes after every error
        /// of its datagram, so once it arrives the messages without an error succeeded. Much less
        /// for the kernel to send; success warnings and echoes of the other messages are not seen.
        case errorsOnly
    }

    /// How a batch sends.
    public struct Options: Sendable {
        /// The most bytes per datagram (`sendmsg`); a larger single message is sent alone.
        public var datagramSize: Int
        /// The most messages whose outcome is not known yet. Each reply the kernel queues costs
        /// receive-buffer space (about 800 bytes each), so this bounds what must fit there.
        public var window: Int
        /// Which messages ask for an acknowledgement.
        public var acknowledgements: Acknowledgements
        /// How long a datagram's replies may take, from its send; the connection's
        /// ``NetlinkConnection/Configuration/requestTimeout`` when `nil`.
        public var timeout: Duration?

        /// Creates options: 64 KiB datagrams, 1,024 messages in flight and acknowledgements for
        /// errors only — the fastest measured (the former defaults, 128 and an acknowledgement per
        /// message, loaded routes 2.3 times slower). A batch asks its connection's socket for room
        /// for a window of replies (``NetlinkBatch/init(connection:options:)``).
        public init(
            datagramSize: Int = 65_536, window: Int = 1_024, acknowledgements: Acknowledgements = .errorsOnly,
            timeout: Duration? = nil
        ) {
            self.datagramSize = datagramSize
            self.window = window
            self.acknowledgements = acknowledgements
            self.timeout = timeout
        }
    }

    let core: ConnectionCore
    /// The connection, kept open while the batch lives (a batch of a connection nobody else holds
    /// would otherwise fail every message with `closed`).
    private let connection: NetlinkConnection
    /// The options the batch was made with.
    public let options: Options
    let state = BatchState()
    private var builder: NetlinkMessageBuilder
    private var offsets: [Int] = []
    private var fixedHeaderSizes: [Int] = []
    private var firstUnsent = 0
    private var nextToHandOut = 0

    /// The receive-buffer room asked for each message of the window: a reply (an error with its
    /// extended ack, or an acknowledgement) takes about 800 bytes of the socket's buffer.
    public static let receiveBufferPerMessage = 1_024

    /// Creates an empty batch on `connection`.
    ///
    /// When the connection runs on a socket with the system's default receive buffer (its
    /// configuration names none) and that is smaller than a window of replies (``Options/window``
    /// × ``receiveBufferPerMessage``), the socket is asked for that much (forced where permitted,
    /// else up to `net.core.rmem_max`). A buffer the configuration names is kept. A reply that
    /// does not fit fails its messages with `NetlinkError/Code/replyLost`, it is never mistaken.
    public init(connection: NetlinkConnection, options: Options = Options()) {
        core = connection.core
        self.connection = connection
        var options = options
        options.datagramSize = max(options.datagramSize, NetlinkMessageHeader.size)
        options.window = max(options.window, 1)
        self.options = options
        builder = NetlinkMessageBuilder(capacity: options.datagramSize + 1_024)
        let wanted = options.window * Self.receiveBufferPerMessage
        if connection.configuration.receiveBufferSize == nil, let socket = connection.socket,
            let current = try? socket.receiveBufferSize(), current < wanted
        {
            _ = try? socket.setReceiveBufferSize(wanted, force: true)
        }
    }

    /// The number of messages appended so far (the index the next one gets).
    public private(set) var count = 0

    /// The number of messages sent whose outcome is not known yet.
    public var inFlight: Int { core.withLock { state.unresolved } }

    /// Appends a request (`NLM_F_REQUEST` is added to `flags`, and `NLM_F_ACK` as the
    /// ``Options/acknowledgements`` say) to the datagram being filled, sending the datagram first
    /// when this message would not fit.
    ///
    /// - Parameters:
    ///   - type: The message type.
    ///   - flags: Flags to add (`.create`, `.exclusive`, `.replace` ...).
    ///   - fixedHeaderSize: The size of the family header `build` writes first, to resolve
    ///     extended-ack offsets of an error to an attribute.
    ///   - build: Writes the payload.
    /// - Returns: The message's index: 0 for the first message of the batch, then 1, 2 ...
    /// - Throws: `NetlinkError/Code/encodingFailed` if `build` throws (nothing is appended, the
    ///   index is not used); a failed send; `NetlinkError/Code/cancelled`.
    @discardableResult
    nonisolated(nonsending) public func append(
        type: NetlinkMessageType, flags: NetlinkMessageFlags = [], fixedHeaderSize: Int = 0,
        _ build: (inout NetlinkMessageBuilder) throws -> Void
    ) async throws(NetlinkError) -> Int {
        let start = try encode(type: type, flags: flags, build)
        var messageStart = NetlinkAlignment.align(start)
        if builder.count > options.datagramSize && !offsets.isEmpty {
            // The message does not fit: send the datagram without it, then start the next with it.
            let message = Array(builder.bytes[messageStart...])
            builder.truncate(to: start)
            try await sendDatagram()
            messageStart = builder.count
            builder.append(bytes: message)
        }
        let index = record(at: messageStart, fixedHeaderSize: fixedHeaderSize)
        if builder.count >= options.datagramSize || offsets.count >= options.window {
            try await sendDatagram()
        }
        return index
    }

    /// Appends a request as ``append(type:flags:fixedHeaderSize:_:)`` does when that sends nothing:
    /// the datagram being filled has room for it (with 1 KiB to spare beforehand) and neither it nor
    /// the window is full afterwards. Otherwise nothing is appended and the result is `nil`: call
    /// ``append(type:flags:fixedHeaderSize:_:)``. Never waits (no suspension point), which makes
    /// it cheaper per message; the datagrams sent are the same.
    ///
    /// - Returns: The message's index, or `nil` when it needs ``append(type:flags:fixedHeaderSize:_:)``.
    /// - Throws: `NetlinkError/Code/encodingFailed` if `build` throws (nothing is appended).
    public func appendWithoutSending(
        type: NetlinkMessageType, flags: NetlinkMessageFlags = [], fixedHeaderSize: Int = 0,
        _ build: (inout NetlinkMessageBuilder) throws -> Void
    ) throws(NetlinkError) -> Int? {
        guard builder.count + 1_024 <= options.datagramSize, offsets.count + 1 < options.window else { return nil }
        let start = try encode(type: type, flags: flags, build)
        if builder.count >= options.datagramSize {
            // A send is due (or the message does not fit): the general append decides.
            builder.truncate(to: start)
            return nil
        }
        return record(at: NetlinkAlignment.align(start), fixedHeaderSize: fixedHeaderSize)
    }

    /// Encodes one request at the end of the buffer (flags as the options say); on failure the
    /// buffer is left as it was. Returns where the message began.
    private func encode(
        type: NetlinkMessageType, flags: NetlinkMessageFlags, _ build: (inout NetlinkMessageBuilder) throws -> Void
    ) throws(NetlinkError) -> Int {
        var messageFlags = flags.union(.request)
        if options.acknowledgements == .every { messageFlags.insert(.acknowledge) }
        let start = builder.count
        do {
            try builder.message(type: type, flags: messageFlags, build)
        } catch let error as NetlinkEncodingError {
            builder.truncate(to: start)
            throw NetlinkError(.encodingFailed, encodingError: error)
        } catch let error as NetlinkError {
            builder.truncate(to: start)
            throw error
        } catch {
            builder.truncate(to: start)
            throw NetlinkError(.encodingFailed, detail: "\(error)")
        }
        return start
    }

    /// Records an appended message that starts at `offset` and returns its index in the batch.
    private func record(at offset: Int, fixedHeaderSize: Int) -> Int {
        offsets.append(offset)
        fixedHeaderSizes.append(fixedHeaderSize)
        count += 1
        return count - 1
    }

    /// Sends the messages appended and not sent yet (waiting for room in the window first).
    nonisolated(nonsending) public func flush() async throws(NetlinkError) {
        try await sendDatagram()
    }

    /// Sends what is left and waits until every message sent has its outcome (an acknowledgement,
    /// an error, or a lost or timed-out reply).
    ///
    /// - Throws: A failed send, or `NetlinkError/Code/cancelled` (the messages in flight then
    ///   fail with `NetlinkError/Code/cancelled`).
    nonisolated(nonsending) public func finish() async throws(NetlinkError) {
        try await sendDatagram()
        try await core.waitForBatch(state, atMost: 0)
    }

    /// The outcome of the oldest message not handed out yet, if it is known: its index and its
    /// acknowledgement or error. Never waits; outcomes come in index order.
    public func nextCompleted() -> (index: Int, result: Result<NetlinkAcknowledgement, NetlinkError>)? {
        guard nextToHandOut < firstUnsent else { return nil }
        let result = core.withLock { () -> Result<NetlinkAcknowledgement, NetlinkError>? in
            state.takeOutcome(of: nextToHandOut)
        }
        guard let result else { return nil }
        defer { nextToHandOut += 1 }
        return (nextToHandOut, result)
    }

    /// Hands out at once the outcomes of the oldest messages not handed out yet, as long as each
    /// is a plain success (acknowledged, or passed by a datagram's barrier, with no warning,
    /// extended ack or replies), up to `limit` of them. Never waits. Cheaper than one
    /// ``nextCompleted()`` per message when most succeed; the first message that is not a plain
    /// success (or whose outcome is not known yet) is left for ``nextCompleted()``.
    ///
    /// - Returns: How many messages were handed out (their indices follow the last handed out).
    public func skipSucceeded(atMost limit: Int) -> Int {
        let limit = min(limit, firstUnsent - nextToHandOut)
        guard limit > 0 else { return 0 }
        let taken = core.withLock { state.takeSuccesses(from: nextToHandOut, atMost: limit) }
        nextToHandOut += taken
        return taken
    }

    /// How many messages were handed out as successes by ``takeFailures()`` and ``failures()``.
    public private(set) var succeeded = 0

    /// The failures among the outcomes known so far and not handed out yet, in index order; the
    /// successes before them are handed out and counted in ``succeeded``. Never waits: call it
    /// between appends to report failures as they come, then ``failures()`` at the end.
    ///
    /// ```swift
    /// for route in routes {
    ///     try await batch.add(route)
    ///     for (index, error) in batch.takeFailures() { print("route \(index): \(error)") }
    /// }
    /// for (index, error) in try await batch.failures() { print("route \(index): \(error)") }
    /// ```
    public func takeFailures() -> [(index: Int, error: NetlinkError)] {
        var failed: [(index: Int, error: NetlinkError)] = []
        while true {
            succeeded += skipSucceeded(atMost: Int.max)
            guard let (index, result) = nextCompleted() else { return failed }
            switch result {
            case .success: succeeded += 1
            case .failure(let error): failed.append((index, error))
            }
        }
    }

    /// Sends everything, waits for every outcome, and returns the failures not handed out yet, in
    /// index order (the successes are counted in ``succeeded``).
    nonisolated(nonsending) public func failures() async throws(NetlinkError) -> [(index: Int, error: NetlinkError)] {
        try await finish()
        return takeFailures()
    }

    /// Sends everything, waits for every outcome, and returns those not handed out yet, in order.
    nonisolated(nonsending) public func results() async throws(NetlinkError) -> [Result<NetlinkAcknowledgement, NetlinkError>] {
        try await finish()
        var all: [Result<NetlinkAcknowledgement, NetlinkError>] = []
        while let (_, result) = nextCompleted() { all.append(result) }
        return all
    }

    nonisolated(nonsending) private func sendDatagram() async throws(NetlinkError) {
        guard !offsets.isEmpty else { return }
        let messages = offsets.count
        if Task.isCancelled { throw NetlinkError(.cancelled) }
        try await core.waitForBatch(state, atMost: max(0, options.window - messages))
        var bytes = builder.bytes
        if options.acknowledgements == .errorsOnly, let last = offsets.last {
            // The last message is the datagram's barrier: its reply follows every error before it.
            bytes.withUnsafeMutableBytes { raw in
                let flags = raw.loadUnaligned(fromByteOffset: last + 6, as: UInt16.self)
                raw.storeBytes(of: flags | NetlinkMessageFlags.acknowledge.rawValue, toByteOffset: last + 6, as: UInt16.self)
            }
        }
        let datagram = BatchDatagram(
            owner: state, firstIndex: firstUnsent, bytes: bytes, offsets: offsets, fixedHeaderSizes: fixedHeaderSizes,
            acknowledgesEach: options.acknowledgements == .every,
            timeout: options.timeout ?? core.configuration.requestTimeout)
        firstUnsent += messages
        builder = NetlinkMessageBuilder(capacity: options.datagramSize + 1_024)
        offsets.removeAll(keepingCapacity: true)
        fixedHeaderSizes.removeAll(keepingCapacity: true)
        core.sendBatch(datagram)
    }

    deinit {
        core.abandonBatch(state)
    }
}

/// The shared part of a ``NetlinkBatch``: its datagrams from send until handed out. Guarded by the core's lock.
final class BatchState: @unchecked Sendable {
    /// Datagrams sent and not completely handed out, in order.
    var datagrams: [BatchDatagram] = []
    var firstDatagram = 0
    /// Messages sent whose outcome is not known.
    var unresolved = 0
    var waiter: CheckedContinuation<Void, Never>?
    var waitLimit = 0
    var cancelled = false

    /// Takes the outcome of message `index` if known (`index` is the next to hand out).
    func takeOutcome(of index: Int) -> Result<NetlinkAcknowledgement, NetlinkError>? {
        while firstDatagram < datagrams.count {
            let datagram = datagrams[firstDatagram]
            let position = index - datagram.firstIndex
            if position >= datagram.count {
                firstDatagram += 1
                continue
            }
            guard position >= 0, let outcome = datagram.outcome(at: position) else { return nil }
            if position == datagram.count - 1 {
                firstDatagram += 1
            }
            if firstDatagram > 64 && firstDatagram * 2 > datagrams.count {
                datagrams.removeFirst(firstDatagram)
                firstDatagram = 0
            }
            return outcome
        }
        return nil
    }
}

extension BatchState {
    /// Takes the plain successes among messages `index ..< index + limit` up to the first other
    /// outcome (or unknown one); returns how many (`index` is the next to hand out).
    func takeSuccesses(from index: Int, atMost limit: Int) -> Int {
        var taken = 0
        while taken < limit && firstDatagram < datagrams.count {
            let datagram = datagrams[firstDatagram]
            var position = index + taken - datagram.firstIndex
            if position >= datagram.count {
                firstDatagram += 1
                continue
            }
            guard position >= 0 else { break }
            while taken < limit && position < datagram.count && datagram.status[position] == 1 {
                taken += 1
                position += 1
            }
            guard position == datagram.count else { break }
            firstDatagram += 1
        }
        if firstDatagram > 64 && firstDatagram * 2 > datagrams.count {
            datagrams.removeFirst(firstDatagram)
            firstDatagram = 0
        }
        return taken
    }
}

/// One datagram of a batch in flight: messages `firstIndex ..< firstIndex + count`, sent with the
/// sequence numbers `base ..< base + count`. Guarded by the core's lock.
final class BatchDatagram: @unchecked Sendable {
    let owner: BatchState
    let firstIndex: Int
    var bytes: [UInt8]
    let offsets: [Int]
    let fixedHeaderSizes: [Int]
    let acknowledgesEach: Bool
    let timeout: Duration
    var base: UInt32 = 0
    /// Handed to the kernel (a registered datagram may wait for the reader to send it).
    var sent = false
    var deadline: ContinuousClock.Instant = .now
    /// 0: no outcome yet; 1: plain success; 2: see `special`.
    var status: [UInt8]
    /// The outcomes other than a plain success, boxed (a `Result` of an error is a large value:
    /// the table then moves pointers, not errors).
    var special: [Int: SpecialOutcome] = [:]
    var replies: [Int: [[UInt8]]] = [:]
    var resolved = 0

    init(
        owner: BatchState, firstIndex: Int, bytes: [UInt8], offsets: [Int], fixedHeaderSizes: [Int],
        acknowledgesEach: Bool, timeout: Duration
    ) {
        self.owner = owner
        self.firstIndex = firstIndex
        self.bytes = bytes
        self.offsets = offsets
        self.fixedHeaderSizes = fixedHeaderSizes
        self.acknowledgesEach = acknowledgesEach
        self.timeout = timeout
        status = [UInt8](repeating: 0, count: offsets.count)
    }

    var count: Int { offsets.count }
    var isResolved: Bool { resolved == count }

    /// Whether `sequence` is one of this datagram's.
    func contains(_ sequence: UInt32) -> Bool { sequence &- base < UInt32(count) }

    func outcome(at position: Int) -> Result<NetlinkAcknowledgement, NetlinkError>? {
        switch status[position] {
        case 0: return nil
        case 1: return .success(NetlinkAcknowledgement(warning: nil, extendedAck: nil, replies: [], sequence: base &+ UInt32(position)))
        default: return special[position]?.result
        }
    }

    /// The bytes of message `position` (to resolve an extended-ack offset).
    func request(at position: Int) -> [UInt8] {
        let start = offsets[position]
        let length = bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: start, as: UInt32.self)) }
        return Array(bytes[start..<min(bytes.count, start + length)])
    }

    /// Records an outcome; returns whether it was new.
    @discardableResult
    func resolve(_ position: Int, _ result: Result<NetlinkAcknowledgement, NetlinkError>?) -> Bool {
        guard status[position] == 0 else { return false }
        if let result {
            status[position] = 2
            special[position] = SpecialOutcome(result)
        } else {
            status[position] = 1
        }
        resolved += 1
        owner.unresolved -= 1
        return true
    }

    /// Fails every message without an outcome with `error` (its sequence set per message).
    func failUnresolved(_ error: NetlinkError) {
        for position in 0..<count where status[position] == 0 {
            var error = error
            error.sequence = base &+ UInt32(position)
            resolve(position, .failure(error))
        }
    }
}

/// An outcome of a batch message other than a plain success.
final class SpecialOutcome: @unchecked Sendable {
    let result: Result<NetlinkAcknowledgement, NetlinkError>
    init(_ result: Result<NetlinkAcknowledgement, NetlinkError>) { self.result = result }
}
