import Netlink
import NetlinkCore
import SystemPackage

/// The kernel's process events (fork, exec, uid, gid, sid, ptrace, comm, coredump, exit): an
/// `AsyncSequence` of ``ProcessEvent`` and overruns, made by
/// `NetlinkConnection.processEvents(_:timeout:)`. Acknowledgements (the connector multicasts every
/// listener's to all) are skipped.
public typealias ProcessEvents = NetlinkDecodedEvents<ProcessEvent>

extension NetlinkDecodedEvents where Event == ProcessEvent {
    /// The process events of `connection`, which must already have joined group `CN_IDX_PROC`
    /// (a test's fake kernel, or a subscription): acknowledgements skipped, and only `kinds` —
    /// filtered here as well as by the kernel, which filters only since Linux 6.6 and only once
    /// asked to.
    public init(connection: NetlinkConnection, kinds: ProcessEventKinds = .all) {
        self.init(connection: connection, context: "a process event") { message throws(NetlinkDecodingError) in
            guard let event = try ProcessEvent(decoding: message) else { return nil }
            return kinds.passes(event) ? event : nil
        }
    }

    /// Sends `PROC_CN_MCAST_LISTEN` on `connection` — already joined to group `CN_IDX_PROC` (a
    /// subscription, or a test's fake kernel) — and waits for the kernel's acknowledgement; then,
    /// for a filter narrower than every kind, sends the filter. The connection is left open on
    /// failure. `NetlinkConnection.processEvents(_:timeout:)` opens the subscription and calls this.
    public static func listen(on connection: NetlinkConnection, kinds: ProcessEventKinds = .all, timeout: Duration = .seconds(2)) async throws(NetlinkError) -> ProcessEvents {
        let token = UInt32.random(in: 1..<UInt32.max)
        try connection.sendProcessEventsRequest(ProcessEventsRequest(.listen), acknowledgement: token)
        switch await NetlinkConnection.acknowledgement(on: connection, answering: token, timeout: timeout) {
        case .acknowledged(0):
            break
        case .acknowledged(let code):
            throw NetlinkError(
                .kernelError, errno: Errno(rawValue: Int32(truncatingIfNeeded: code)),
                detail: code == UInt32(Errno.notPermitted.rawValue)
                    ? "listening to process events needs CAP_NET_ADMIN" : "the process events connector refused to listen")
        case .failed(let error):
            throw error
        case .timedOut:
            throw NetlinkError(
                .timedOut,
                detail: "the process events connector did not acknowledge the listen request within \(timeout) "
                    + "(it ignores processes outside the initial user and PID namespaces)")
        }
        if kinds != .all {
            try connection.sendProcessEventsRequest(ProcessEventsRequest(.listen, kinds: kinds), acknowledgement: 0)
        }
        return ProcessEvents(connection: connection, kinds: kinds)
    }

    /// Asks the kernel to stop sending process events to this subscription
    /// (`PROC_CN_MCAST_IGNORE`; no answer is awaited). Closing the connection does the same on
    /// Linux 6.6 and later; older kernels keep counting a listener that never said so, and keep
    /// producing events for it.
    public func stopListening() throws(NetlinkError) {
        try connection.sendProcessEventsRequest(ProcessEventsRequest(.ignore), acknowledgement: 0)
    }
}

extension ProcessEventKinds {
    /// Whether a subscription to these kinds receives `event`: never an acknowledgement; an exit
    /// with `.exit`, or with `.nonzeroExit` when its status is not 0.
    func passes(_ event: ProcessEvent) -> Bool {
        switch event.detail {
        case .acknowledgement: false
        case .exit(_, let status, _, _): contains(.exit) || (contains(.nonzeroExit) && status != 0)
        default: !intersection(event.kind).isEmpty
        }
    }
}

extension NetlinkConnection {
    /// Subscribes to the kernel's process events: opens a socket joined to group `CN_IDX_PROC` in
    /// this connection's namespace, sends `PROC_CN_MCAST_LISTEN` and waits for the kernel's
    /// acknowledgement; then, for a filter narrower than every kind, sends the filter (Linux 6.6
    /// and later filter in the kernel; the events are filtered here too).
    ///
    /// The kernel side of the connector lives in the initial network namespace only, and answers
    /// only processes of the initial user and PID namespaces, holding `CAP_NET_ADMIN`.
    ///
    /// - Parameters:
    ///   - kinds: The kinds of events wanted.
    ///   - timeout: How long to wait for the acknowledgement.
    /// - Throws: `NetlinkError`: `EPERM` (`NetlinkError/Code/systemCallFailed`) without
    ///   `CAP_NET_ADMIN`; `ECONNREFUSED` outside the initial network namespace;
    ///   `NetlinkError/Code/kernelError` with the acknowledgement's error;
    ///   `NetlinkError/Code/timedOut` when no acknowledgement came (the kernel ignores requests
    ///   from a user or PID namespace other than the initial ones). Each with a `NetlinkError/detail`
    ///   that says why.
    public func processEvents(_ kinds: ProcessEventKinds = .all, timeout: Duration = .seconds(2)) async throws(NetlinkError) -> ProcessEvents {
        guard family == .connector else {
            throw NetlinkError(.systemCallFailed, errno: .invalidArgument, detail: "process events need a connection of family NETLINK_CONNECTOR")
        }
        let subscription: NetlinkConnection
        do {
            subscription = try await subscribe(groups: [ConnectorID.processEvents.index])
        } catch where error.errno == .notPermitted {
            var error = error
            error.detail = "joining the process events group (CN_IDX_PROC) needs CAP_NET_ADMIN"
            throw error
        }
        do {
            return try await ProcessEvents.listen(on: subscription, kinds: kinds, timeout: timeout)
        } catch {
            subscription.close()
            throw error
        }
    }

    /// Sends a request to the process events connector (netlink type `NLMSG_DONE`, as the
    /// connector's users send).
    func sendProcessEventsRequest(_ request: ProcessEventsRequest, acknowledgement: UInt32) throws(NetlinkError) {
        do {
            try send(type: .done, flags: []) { builder in
                try request.connectorMessage(acknowledgement: acknowledgement).encode(into: &builder)
            }
        } catch where error.errno == .connectionRefused {
            var error = error
            error.detail = "the process events connector lives in the initial network namespace only"
            throw error
        }
    }

    enum AcknowledgementOutcome: Sendable {
        case acknowledged(UInt32)
        case failed(NetlinkError)
        case timedOut
    }

    /// Waits for the connector's acknowledgement of the request sent with `token`; the events
    /// read meanwhile (which came before the subscription was confirmed) are dropped.
    static func acknowledgement(on subscription: NetlinkConnection, answering token: UInt32, timeout: Duration) async -> AcknowledgementOutcome {
        let answer = ProcessEvent.answer(to: token)
        return await withTaskGroup(of: AcknowledgementOutcome.self) { group in
            group.addTask {
                var events = subscription.events.makeAsyncIterator()
                do throws(NetlinkError) {
                    while let event = try await events.next() {
                        guard case .notification(let datagram) = event else { continue }
                        var messages = datagram.messages
                        while let message = try? messages.next() {
                            guard let connector = try? ConnectorMessage(decoding: message),
                                connector.id == .processEvents, connector.acknowledgement == answer,
                                case .acknowledgement(let code)? = try? ProcessEvent(decoding: connector.data).detail
                            else { continue }
                            return .acknowledged(code)
                        }
                    }
                } catch {
                    return .failed(error)
                }
                return .timedOut  // cancelled: the other task's timeout came first
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
    }
}
