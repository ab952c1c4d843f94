import Netlink
import NetlinkCore
import Synchronization

/// A listener on `NETLINK_KOBJECT_UEVENT`: the kernel's uevents of group 1 (``kernelGroup``) in one
/// network namespace — a network device's in its own namespace; other devices' (block, tty...) in
/// every namespace owned by the initial user namespace. Unprivileged users may listen.
///
/// Only the kernel is trusted: a datagram whose sender is not port 0 (a root process forging a
/// uevent, udev's CVE-2009-1185) is dropped before decoding and counted in
/// ``droppedUntrustedCount``. A receive-buffer overrun (`ENOBUFS`: the kernel dropped uevents) is an
/// event of its own, ``Event/overrun``; a datagram that is not a uevent is ``Event/malformed(_:)``.
/// udev's own group (``udevGroup``) can be joined: its messages — libudev's binary format, sent by
/// udevd after its rules ran — are ``Event/udev(_:)``, accepted as libudev accepts them: from a
/// user-space sender whose credentials say root, on group 2 only (a user-space datagram on the
/// kernel's group is dropped and counted, whoever sent it).
public final class UeventMonitor: Sendable {
    /// What one receive brings.
    public enum Event: Hashable, Sendable {
        case uevent(Uevent)
        /// udev's re-broadcast of an event (group 2).
        case udev(UdevMessage)
        /// The socket overran: the kernel dropped uevents (how many is not known).
        case overrun
        /// A datagram from the kernel that is not a uevent.
        case malformed(UeventDecodingError)
    }

    /// The kernel's group (`UEVENT_KERNEL`... group 1) and udev's re-broadcast (group 2).
    public static let kernelGroup: UInt32 = 1, udevGroup: UInt32 = 2

    /// The socket (family `NetlinkFamily.kobjectUevent`).
    public let socket: NetlinkSocket

    /// Joins `groups` (a bit mask: ``kernelGroup`` by default) in `namespace` (the caller's by
    /// default); `receiveBufferSize` asks for a larger buffer against storms (root may exceed
    /// `rmem_max`).
    public init(namespace: NetworkNamespace? = nil, groups: UInt32 = UeventMonitor.kernelGroup, receiveBufferSize: Int? = nil) async throws(NetlinkError) {
        socket = try await NetlinkSocket.open(family: .kobjectUevent, namespace: namespace, groups: groups)
        if let receiveBufferSize { _ = try socket.setReceiveBufferSize(receiveBufferSize) }
        if groups & UeventMonitor.udevGroup != 0 {
            try socket.setPassCredentials(true)
            socket.trustsRootSenders = true
        }
    }

    private let forgedKernelEvents = Atomic<Int>(0)

    /// Datagrams dropped: from senders other than the kernel (or, on udev's group, root), and
    /// user-space datagrams on the kernel's group.
    public var droppedUntrustedCount: Int { socket.droppedUntrustedCount + forgedKernelEvents.load(ordering: .relaxed) }

    /// Waits for the next event on the calling thread (blocking: a thread of the caller's own, not
    /// one of Swift's pool); `nil` after `timeout` or ``wakeUp()``.
    public func receive(timeout: Duration?) throws(NetlinkError) -> Event? {
        // One buffer for every receive (32 KiB zeroed per event cost as much as the rest of it);
        // the lock is held by the one caller that receives.
        try receiveBuffer.withLock { (buffer: inout [UInt8]) throws(NetlinkError) -> Event? in
            try receive(into: &buffer) { buffer throws(NetlinkError) in try socket.receive(into: &buffer, timeout: timeout) }
        }
    }

    private let receiveBuffer = Mutex<[UInt8]>([UInt8](repeating: 0, count: NetlinkSocket.minimumReceiveBufferSize))

    /// The next event that `read` brings (datagrams from untrusted senders skipped); `nil` when it
    /// brings none.
    private func receive(
        into buffer: inout [UInt8], _ read: (inout [UInt8]) throws(NetlinkError) -> NetlinkReceiveResult?
    ) throws(NetlinkError) -> Event? {
        while true {
            guard let result = try read(&buffer) else { return nil }
            switch result {
            case .datagram(let info):
                let bytes = buffer[0..<info.length]
                if info.sender.portID != 0 {
                    // A root sender, trusted for udev's group only.
                    // The group: PKTINFO's, else the sender address's group bit (groups 1-32).
                    guard info.group == Self.udevGroup || info.sender.groups == 1 << (Self.udevGroup - 1) else {
                        forgedKernelEvents.add(1, ordering: .relaxed)
                        continue
                    }
                }
                do throws(UeventDecodingError) {
                    if bytes.starts(with: UdevMessage.prefix) { return .udev(try UdevMessage(datagram: bytes)) }
                    return .uevent(try Uevent(datagram: bytes))
                } catch {
                    return .malformed(error)
                }
            case .overrun: return .overrun
            case .wokenUp, .timedOut: return nil
            }
        }
    }

    /// The next event: one already queued is read at once by the calling task; otherwise it is
    /// waited for on a thread of its own while the task is suspended.
    public func next() async throws(NetlinkError) -> Event {
        // In a storm the next uevent is usually queued already: no thread for it (a thread per
        // event was most of the cost of reading uevents from a task).
        let queued = try receiveBuffer.withLockIfAvailable { (buffer: inout [UInt8]) throws(NetlinkError) -> Event? in
            try receive(into: &buffer) { buffer throws(NetlinkError) in try socket.receiveIfQueued(into: &buffer) }
        }
        if let queued, let event = queued { return event }
        while true {
            let event = try await DedicatedThread.run(name: "uevent") { () throws(NetlinkError) -> Event? in
                try self.receive(timeout: .seconds(1))
            }
            if let event { return event }
            if socket.isClosed { throw NetlinkError(.closed) }
            if Task.isCancelled { throw NetlinkError(.cancelled) }
        }
    }

    /// Makes a blocked ``receive(timeout:)`` return `nil`.
    public func wakeUp() { socket.wakeUp() }

    /// Closes the socket.
    public func close() { socket.close() }
}
