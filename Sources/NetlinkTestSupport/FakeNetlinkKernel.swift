import Foundation
import NetlinkCore
import SystemPackage

/// A fake kernel: a `NetlinkTransport` that receives requests and answers from a script.
///
/// Tests of the request engine and of every family run against it without privileges, and so can
/// users' own programs.
///
/// ```swift
/// let kernel = FakeNetlinkKernel()
/// kernel.on(type: NetlinkMessageType(18)) { request in          // RTM_GETLINK
///     [.dump(type: NetlinkMessageType(16), payloads: [lo, eth0])]
/// }
/// kernel.on(type: NetlinkMessageType(16)) { request in          // RTM_NEWLINK
///     [.error(.invalidArgument, NetlinkExtendedAck(message: "Attribute failed policy validation",
///         offset: request.offset(ofAttribute: 3, fixedHeaderSize: 16)))]
/// }
/// kernel.inject([.event(group: 1, type: NetlinkMessageType(16), payload: link)])
/// ```
///
/// Handlers are tried newest first; the first whose matcher accepts a request answers it. A request
/// no handler takes gets the ``unhandledReply`` (by default an ACK when `NLM_F_ACK` is set, else
/// `-EOPNOTSUPP`, as the kernel answers an unknown type). Every request is recorded in ``requests``.
///
/// Replies are queued and handed out by ``receive(into:timeout:)`` in order, each step at the time
/// its ``FakeReply/delay(_:)`` allows. ``wakeUp()`` interrupts a blocked receive.
public final class FakeNetlinkKernel: NetlinkTransport, @unchecked Sendable {
    /// A scripted answer: a matcher and the replies it produces.
    public typealias Handler = @Sendable (FakeRequest) -> [FakeReply]

    private struct Pending {
        var due: ContinuousClock.Instant
        var item: Item
    }

    private enum Item {
        case datagram([UInt8], NetlinkDatagramInfo)
        case overrun
    }

    private let condition = NSCondition()
    // All state below is guarded by `condition`.
    private var handlers: [(matcher: @Sendable (FakeRequest) -> Bool, handler: Handler)] = []
    private var queue: [Pending] = []
    private var recorded: [FakeRequest] = []
    private var wakeRequested = false
    private var isClosed = false
    private var defaultReply: Handler

    /// The port ID this transport pretends the kernel assigned to it.
    public let localAddress: NetlinkAddress

    /// Creates a fake kernel for a socket whose port ID is `portID`.
    public init(portID: UInt32 = 4242, groups: UInt32 = 0) {
        localAddress = NetlinkAddress(portID: portID, groups: groups)
        defaultReply = { request in
            request.flags.contains(.acknowledge) ? [.ack()] : [.error(.notSupported)]
        }
    }

    /// Every request received so far, in order.
    public var requests: [FakeRequest] {
        condition.lock()
        defer { condition.unlock() }
        return recorded
    }

    /// What a request no handler takes receives. By default an ACK when it asks for one, else `-EOPNOTSUPP`.
    public var unhandledReply: Handler {
        get {
            condition.lock()
            defer { condition.unlock() }
            return defaultReply
        }
        set {
            condition.lock()
            defaultReply = newValue
            condition.unlock()
        }
    }

    /// Answers requests that `matcher` accepts with what `handler` returns.
    public func on(_ matcher: @escaping @Sendable (FakeRequest) -> Bool, reply handler: @escaping Handler) {
        condition.lock()
        handlers.append((matcher, handler))
        condition.unlock()
    }

    /// Answers requests of message type `type` with what `handler` returns.
    public func on(type: NetlinkMessageType, reply handler: @escaping Handler) {
        on({ $0.type == type }, reply: handler)
    }

    /// Queues steps that are not answers to a request (events, garbage, overruns): sequence and
    /// port of ``FakeReply/message(type:flags:payload:)`` and similar steps are 0.
    public func inject(_ replies: [FakeReply]) {
        condition.lock()
        enqueue(replies, answering: nil)
        condition.broadcast()
        condition.unlock()
    }

    /// The number of datagrams queued and not yet received.
    public var pendingDatagrams: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    // MARK: NetlinkTransport

    /// Receives a datagram of requests and queues the script's answers (the kernel's port only).
    public func send(_ datagram: [UInt8], to destination: NetlinkAddress) throws(NetlinkError) {
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { throw NetlinkError(.closed, errno: .badFileDescriptor) }
        var messages = NetlinkMessages(datagram.span.bytes)
        var parsed: [FakeRequest] = []
        while true {
            do {
                guard let message = try messages.next() else { break }
                parsed.append(FakeRequest(
                    header: message.header, payload: message.payload.withUnsafeBytes { Array($0) },
                    bytes: message.copyBytes(), destination: destination))
            } catch {
                // The kernel drops a malformed datagram silently; so does the fake.
                break
            }
        }
        for request in parsed {
            recorded.append(request)
            guard destination.isKernel else { continue }
            let handler = handlers.last(where: { $0.matcher(request) })?.handler ?? defaultReply
            enqueue(handler(request), answering: request)
        }
        condition.broadcast()
    }

    /// Hands out the next queued datagram once it is due.
    public func receive(into buffer: inout [UInt8], timeout: Duration?) throws(NetlinkError) -> NetlinkReceiveResult {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        condition.lock()
        defer { condition.unlock() }
        while true {
            if isClosed { throw NetlinkError(.closed, errno: .badFileDescriptor) }
            if wakeRequested {
                wakeRequested = false
                return .wokenUp
            }
            let now = clock.now
            if let first = queue.first, first.due <= now {
                queue.removeFirst()
                switch first.item {
                case .overrun:
                    return .overrun
                case .datagram(let bytes, let info):
                    if buffer.count < bytes.count {
                        buffer = [UInt8](repeating: 0, count: max(bytes.count, 32_768))
                    }
                    buffer.withUnsafeMutableBytes { dst in
                        bytes.withUnsafeBytes { src in dst.copyMemory(from: src) }
                    }
                    return .datagram(info)
                }
            }
            var wakeAt = deadline
            if let first = queue.first { wakeAt = min(wakeAt ?? first.due, first.due) }
            if let wakeAt {
                if wakeAt <= now { return .timedOut }
                let seconds = Double((wakeAt - now) / .nanoseconds(1)) / 1e9
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
            } else {
                condition.wait()
            }
        }
    }

    /// Interrupts a blocked receive.
    public func wakeUp() {
        condition.lock()
        wakeRequested = true
        condition.broadcast()
        condition.unlock()
    }

    /// Closes the fake socket: later calls fail with `closed`.
    public func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        condition.unlock()
    }

    // MARK: Building replies

    /// Turns reply steps into queued datagrams. Called with the lock held.
    private func enqueue(_ replies: [FakeReply], answering request: FakeRequest?) {
        let sequence = request?.header.sequence ?? 0
        let port = request?.header.portID ?? 0
        var due = max(ContinuousClock.now, queue.last?.due ?? ContinuousClock.now)
        func push(_ build: (inout NetlinkMessageBuilder) throws -> Void, info: NetlinkDatagramInfo = NetlinkDatagramInfo(length: 0)) {
            var builder = NetlinkMessageBuilder()
            do {
                try build(&builder)
            } catch {
                preconditionFailure("FakeNetlinkKernel could not encode a scripted reply: \(error)")
            }
            var info = info
            info.length = builder.count
            queue.append(Pending(due: due, item: .datagram(builder.bytes, info)))
        }
        for reply in replies {
            switch reply {
            case .message(let type, let flags, let payload):
                push { b in
                    try b.message(type: type, flags: flags, sequence: sequence, portID: port) { $0.append(bytes: payload) }
                }
            case .ack(let extendedAck):
                let header = request?.header ?? NetlinkMessageHeader(length: 16, type: .noop)
                push { b in
                    try NetlinkErrorMessage(error: 0, requestHeader: header, isCapped: true, extendedAck: extendedAck)
                        .encode(into: &b, sequence: sequence, portID: port)
                }
            case .error(let errno, let extendedAck, let capped):
                let header = request?.header ?? NetlinkMessageHeader(length: 16, type: .noop)
                let echoed = capped ? [] : (request?.payload ?? [])
                push { b in
                    try NetlinkErrorMessage(
                        error: -errno.rawValue, requestHeader: header, requestPayload: echoed,
                        isCapped: capped, extendedAck: extendedAck
                    ).encode(into: &b, sequence: sequence, portID: port)
                }
            case .multipart(let type, let payloads, let flags, let datagramSize):
                enqueueMultipart(type: type, payloads: payloads, flags: flags.union(.multipart), datagramSize: datagramSize,
                                 sequence: sequence, port: port, due: due)
            case .done(let error, let extendedAck, let interrupted):
                push { b in
                    try NetlinkDoneMessage(error: error, extendedAck: extendedAck, isInterrupted: interrupted)
                        .encode(into: &b, sequence: sequence, portID: port)
                }
            case .dump(let type, let payloads, let doneError, let extendedAck, let interrupted):
                let flags: NetlinkMessageFlags = interrupted ? [.multipart, .dumpInterrupted] : [.multipart]
                enqueueMultipart(type: type, payloads: payloads, flags: flags, datagramSize: 32_768,
                                 sequence: sequence, port: port, due: due)
                push { b in
                    try NetlinkDoneMessage(error: doneError, extendedAck: extendedAck, isInterrupted: interrupted)
                        .encode(into: &b, sequence: sequence, portID: port)
                }
            case .event(let group, let type, let flags, let payload, let eventSequence, let eventPort):
                let groupsBit: UInt32 = (1...32).contains(group) ? 1 << (group - 1) : 0
                push({ b in
                    try b.message(type: type, flags: flags, sequence: eventSequence, portID: eventPort) { $0.append(bytes: payload) }
                }, info: NetlinkDatagramInfo(length: 0, sender: NetlinkAddress(portID: 0, groups: groupsBit), group: group))
            case .datagram(let bytes, let sender, let group):
                queue.append(Pending(due: due, item: .datagram(bytes, NetlinkDatagramInfo(length: bytes.count, sender: sender, group: group))))
            case .overrun:
                queue.append(Pending(due: due, item: .overrun))
            case .delay(let duration):
                due = due.advanced(by: duration)
            case .silence:
                continue
            }
        }
    }

    private func enqueueMultipart(
        type: NetlinkMessageType, payloads: [[UInt8]], flags: NetlinkMessageFlags, datagramSize: Int,
        sequence: UInt32, port: UInt32, due: ContinuousClock.Instant
    ) {
        var builder = NetlinkMessageBuilder(capacity: datagramSize)
        func flush() {
            guard builder.count > 0 else { return }
            queue.append(Pending(due: due, item: .datagram(builder.bytes, NetlinkDatagramInfo(length: builder.count))))
            builder.removeAll()
        }
        for payload in payloads {
            let size = NetlinkMessageHeader.space(payload: payload.count)
            if builder.count > 0, builder.count + size > datagramSize { flush() }
            do {
                try builder.message(type: type, flags: flags, sequence: sequence, portID: port) { $0.append(bytes: payload) }
            } catch {
                preconditionFailure("FakeNetlinkKernel could not encode a scripted reply: \(error)")
            }
        }
        flush()
    }
}
