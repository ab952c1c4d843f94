import NetlinkCore

/// A thread and the process it belongs to, as the kernel names them in a process event
/// (`__kernel_pid_t` pairs): `pid` is the thread's ID, `tgid` its thread group's — the process ID
/// `ps` shows. Both as seen from the initial PID namespace.
public struct ProcessThread: Hashable, Sendable, CustomStringConvertible {
    public var pid: Int32
    public var tgid: Int32

    public init(pid: Int32, tgid: Int32) {
        self.pid = pid
        self.tgid = tgid
    }

    /// `tgid` for a process's main thread, else `tgid/pid`.
    public var description: String { pid == tgid ? "\(tgid)" : "\(tgid)/\(pid)" }
}

/// The kinds of process events, `enum proc_cn_event` (`what`): one bit each, so that a set of
/// them is a subscription's filter (``ProcessEventsRequest``).
public struct ProcessEventKinds: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `PROC_EVENT_FORK`.
    public static let fork = ProcessEventKinds(rawValue: 0x0000_0001)
    /// `PROC_EVENT_EXEC`.
    public static let exec = ProcessEventKinds(rawValue: 0x0000_0002)
    /// `PROC_EVENT_UID`.
    public static let uid = ProcessEventKinds(rawValue: 0x0000_0004)
    /// `PROC_EVENT_GID`.
    public static let gid = ProcessEventKinds(rawValue: 0x0000_0040)
    /// `PROC_EVENT_SID`.
    public static let sid = ProcessEventKinds(rawValue: 0x0000_0080)
    /// `PROC_EVENT_PTRACE`.
    public static let ptrace = ProcessEventKinds(rawValue: 0x0000_0100)
    /// `PROC_EVENT_COMM`.
    public static let comm = ProcessEventKinds(rawValue: 0x0000_0200)
    /// `PROC_EVENT_NONZERO_EXIT` — newer than the 6.1 headers (Linux 6.6): a filter bit only, no
    /// event has it; a filter with it (and without ``exit``) passes the exits whose code is not 0.
    public static let nonzeroExit = ProcessEventKinds(rawValue: 0x2000_0000)
    /// `PROC_EVENT_COREDUMP`.
    public static let coredump = ProcessEventKinds(rawValue: 0x4000_0000)
    /// `PROC_EVENT_EXIT`.
    public static let exit = ProcessEventKinds(rawValue: 0x8000_0000)
    /// `PROC_EVENT_ALL` (Linux 6.6): every kind.
    public static let all: ProcessEventKinds = [.fork, .exec, .uid, .gid, .sid, .ptrace, .comm, .nonzeroExit, .coredump, .exit]

    /// The kinds by their lower-case names (`fork`, `exec`, `uid`, `gid`, `sid`, `ptrace`, `comm`,
    /// `nonzero-exit`, `coredump`, `exit`), in bit order.
    public static let names: [(name: String, kind: ProcessEventKinds)] = [
        ("fork", .fork), ("exec", .exec), ("uid", .uid), ("gid", .gid), ("sid", .sid), ("ptrace", .ptrace),
        ("comm", .comm), ("nonzero-exit", .nonzeroExit), ("coredump", .coredump), ("exit", .exit),
    ]
}

/// One message of the process events connector, `struct proc_event` (`<linux/cn_proc.h>`): what
/// happened to which process, on which CPU, when.
public struct ProcessEvent: Hashable, Sendable {
    /// What happened.
    public enum Detail: Hashable, Sendable {
        /// `PROC_EVENT_NONE`: the kernel's answer to a listen or ignore request — `errno` 0 for
        /// success (the connector multicasts it to every listener).
        case acknowledgement(errno: UInt32)
        /// `PROC_EVENT_FORK`: `parent` created `child` (a process, or a thread when `child.pid !=
        /// child.tgid`).
        case fork(parent: ProcessThread, child: ProcessThread)
        /// `PROC_EVENT_EXEC`.
        case exec(ProcessThread)
        /// `PROC_EVENT_UID`: the real and effective user IDs after the change.
        case uid(ProcessThread, real: UInt32, effective: UInt32)
        /// `PROC_EVENT_GID`: the real and effective group IDs after the change.
        case gid(ProcessThread, real: UInt32, effective: UInt32)
        /// `PROC_EVENT_SID`: the process started a session.
        case sid(ProcessThread)
        /// `PROC_EVENT_PTRACE`: `tracer` attached; a tracer of pid 0 means detached.
        case ptrace(ProcessThread, tracer: ProcessThread)
        /// `PROC_EVENT_COMM`: the thread's new name (`comm`, up to 15 bytes; the bytes as the kernel
        /// has them, up to the first NUL).
        case comm(ProcessThread, name: [UInt8])
        /// `PROC_EVENT_COREDUMP`.
        case coredump(ProcessThread, parent: ProcessThread)
        /// `PROC_EVENT_EXIT`: `status` is the wait status (`exit_code`: the code shifted left by 8,
        /// or the signal that killed it), `signal` the one the parent gets (`exit_signal`, -1 as
        /// 0xffffffff for a thread other than the leader).
        case exit(ProcessThread, status: UInt32, signal: UInt32, parent: ProcessThread)
        /// A kind this library does not know (a newer kernel's): its number and data.
        case unknown(what: UInt32, data: [UInt8])
    }

    /// The event.
    public var detail: Detail
    /// The CPU it happened on.
    public var cpu: UInt32
    /// When, in nanoseconds since boot (`CLOCK_MONOTONIC`).
    public var timestamp: UInt64

    public init(detail: Detail, cpu: UInt32, timestamp: UInt64) {
        self.detail = detail
        self.cpu = cpu
        self.timestamp = timestamp
    }

    /// The size of `struct proc_event` before its union.
    public static let headerSize = 16

    /// The kind (`what`) of the event: one bit of ``ProcessEventKinds``; empty for an
    /// acknowledgement.
    public var kind: ProcessEventKinds {
        switch detail {
        case .acknowledgement: []
        case .fork: .fork
        case .exec: .exec
        case .uid: .uid
        case .gid: .gid
        case .sid: .sid
        case .ptrace: .ptrace
        case .comm: .comm
        case .coredump: .coredump
        case .exit: .exit
        case .unknown(let what, _): ProcessEventKinds(rawValue: what)
        }
    }

    /// The thread the event is about; `nil` for an acknowledgement or an unknown kind (the
    /// child, for a fork).
    public var thread: ProcessThread? {
        switch detail {
        case .acknowledgement, .unknown: nil
        case .fork(_, let child): child
        case .exec(let thread), .uid(let thread, _, _), .gid(let thread, _, _), .sid(let thread), .ptrace(let thread, _),
            .comm(let thread, _), .coredump(let thread, _), .exit(let thread, _, _, _):
            thread
        }
    }

    /// Decodes the data of a connector message of ``ConnectorID/processEvents``: `bytes` is
    /// `struct proc_event`, `baseOffset` its place in the datagram (for errors).
    public init(decoding bytes: [UInt8], baseOffset: Int = 0) throws(NetlinkDecodingError) {
        guard bytes.count >= Self.headerSize else {
            throw NetlinkDecodingError(.truncatedStructure, offset: baseOffset, expected: Self.headerSize, actual: bytes.count, context: "struct proc_event")
        }
        func word(_ index: Int) -> UInt32 {
            bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: Self.headerSize + 4 * index, as: UInt32.self) }  // host order
        }
        func thread(_ index: Int) -> ProcessThread {
            ProcessThread(pid: Int32(bitPattern: word(index)), tgid: Int32(bitPattern: word(index + 1)))
        }
        let what = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt32.self) }
        cpu = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self) }
        timestamp = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        let dataSize = bytes.count - Self.headerSize
        let (needed, name): (Int, String) = switch what {
        case 0: (4, "ack")
        case ProcessEventKinds.fork.rawValue: (16, "struct fork_proc_event")
        case ProcessEventKinds.exec.rawValue: (8, "struct exec_proc_event")
        case ProcessEventKinds.uid.rawValue, ProcessEventKinds.gid.rawValue: (16, "struct id_proc_event")
        case ProcessEventKinds.sid.rawValue: (8, "struct sid_proc_event")
        case ProcessEventKinds.ptrace.rawValue: (16, "struct ptrace_proc_event")
        case ProcessEventKinds.comm.rawValue: (24, "struct comm_proc_event")
        case ProcessEventKinds.coredump.rawValue: (16, "struct coredump_proc_event")
        case ProcessEventKinds.exit.rawValue: (24, "struct exit_proc_event")
        default: (0, "")
        }
        guard dataSize >= needed else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: baseOffset + Self.headerSize, expected: needed, actual: dataSize, context: name)
        }
        switch what {
        case 0: detail = .acknowledgement(errno: word(0))
        case ProcessEventKinds.fork.rawValue: detail = .fork(parent: thread(0), child: thread(2))
        case ProcessEventKinds.exec.rawValue: detail = .exec(thread(0))
        case ProcessEventKinds.uid.rawValue: detail = .uid(thread(0), real: word(2), effective: word(3))
        case ProcessEventKinds.gid.rawValue: detail = .gid(thread(0), real: word(2), effective: word(3))
        case ProcessEventKinds.sid.rawValue: detail = .sid(thread(0))
        case ProcessEventKinds.ptrace.rawValue: detail = .ptrace(thread(0), tracer: thread(2))
        case ProcessEventKinds.comm.rawValue:
            let comm = bytes[(Self.headerSize + 8)..<(Self.headerSize + 24)]
            detail = .comm(thread(0), name: Array(comm.prefix { $0 != 0 }))
        case ProcessEventKinds.coredump.rawValue: detail = .coredump(thread(0), parent: thread(2))
        case ProcessEventKinds.exit.rawValue: detail = .exit(thread(0), status: word(2), signal: word(3), parent: thread(4))
        default: detail = .unknown(what: what, data: Array(bytes[Self.headerSize...]))
        }
    }

    /// Decodes a netlink message of `NETLINK_CONNECTOR`: `nil` when it is not for
    /// ``ConnectorID/processEvents`` (another connector service's).
    public init?(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let connector = try ConnectorMessage(decoding: message)
        guard connector.id == .processEvents else { return nil }
        try self.init(decoding: connector.data, baseOffset: message.offset + NetlinkMessageHeader.size + ConnectorMessage.headerSize)
    }

    /// The acknowledgement number the kernel answers a listen request whose connector
    /// acknowledgement number was `acknowledgement` with (`cn_msg.ack + 1`).
    public static func answer(to acknowledgement: UInt32) -> UInt32 { acknowledgement &+ 1 }
}

/// A request to the process events connector: `PROC_CN_MCAST_LISTEN` or `PROC_CN_MCAST_IGNORE`,
/// with a filter of kinds (`struct proc_input`, Linux 6.6) or without (the 4-byte operation every
/// kernel takes, which asks for every kind and is acknowledged).
public struct ProcessEventsRequest: Hashable, Sendable {
    /// `enum proc_cn_mcast_op`.
    public enum Operation: UInt32, Sendable {
        case listen = 1
        case ignore = 2
    }

    public var operation: Operation
    /// The kinds to receive; `nil` sends the operation alone.
    public var kinds: ProcessEventKinds?

    public init(_ operation: Operation, kinds: ProcessEventKinds? = nil) {
        self.operation = operation
        self.kinds = kinds
    }

    /// The connector message: `acknowledgement` comes back, plus one, in the kernel's answer
    /// (which a filtering listener does not receive: the kernel's filter drops it).
    public func connectorMessage(acknowledgement: UInt32) -> ConnectorMessage {
        var data: [UInt8] = []
        withUnsafeBytes(of: operation.rawValue) { data.append(contentsOf: $0) }
        if let kinds { withUnsafeBytes(of: kinds.rawValue) { data.append(contentsOf: $0) } }
        return ConnectorMessage(id: .processEvents, acknowledgement: acknowledgement, data: data)
    }
}
