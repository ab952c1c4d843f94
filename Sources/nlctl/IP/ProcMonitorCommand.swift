import Glibc
import Netlink
import NetlinkConnector
import NetlinkCore

/// `nlctl [-j] [-t|-ts] monitor proc [ KIND ... ]`: the kernel's process events (the connector's
/// `CN_IDX_PROC`), one line each, until killed. No tool of iproute2 has them (`ip monitor proc` is
/// an error there); the words are nlctl's, the JSON keys the kernel's field names
/// (`<linux/cn_proc.h>`):
///
/// ```text
/// fork parent 30962 child 31098
/// exec 31098
/// uid 31098 ruid 1000 euid 0                  gid 31098 rgid 100 egid 100
/// sid 31098
/// ptrace 31098 tracer 30962                   ptrace 31098 detached
/// comm 31098/31099 worker                     (a thread other than the leader: TGID/PID)
/// coredump 31098 parent 30962
/// exit 31098 code 3 parent 30962              exit 31098 signal 9 core parent 30962
/// ```
/// An exit whose `exit_signal` is not SIGCHLD (nor -1, a thread's) adds `exit_signal N`. With
/// `-t`/`-ts` each line starts with the event's time since boot, `[SECONDS.MICROSECONDS]`. `-j`:
/// one object per line — `event`, `cpu`, `timestamp_ns`, then `process_pid`, `process_tgid`,
/// `parent_pid`, `child_pid`, `ruid`, `euid`, `rgid`, `egid`, `tracer_pid`, `comm`, `exit_code`,
/// `exit_signal` ... as the event has them. KINDs (`fork exec uid gid sid ptrace comm coredump exit
/// nonzero-exit`, default all) filter, in the kernel where it can (Linux 6.6). Overruns print as
/// `nlctl monitor`'s do.
///
/// The connector answers only in the initial network, user and PID namespaces, and only
/// `CAP_NET_ADMIN`: elsewhere the kernel's reason is one line on standard error, status 1.
enum ProcMonitorCommand {
    static let usage = """
        Usage: nlctl monitor proc [ KIND ... ]
        KIND := fork | exec | uid | gid | sid | ptrace | comm | coredump | exit | nonzero-exit | all
        """

    static func parse(_ words: inout Words) throws(CommandError) -> ProcessEventKinds {
        var kinds: ProcessEventKinds = []
        while let word = words.next() {
            if word == "help" { throw CommandError(usage, status: 0) }
            if word == "all" {
                kinds = .all
            } else if let kind = ProcessEventKinds.names.first(where: { $0.name == word })?.kind {
                kinds.insert(kind)
            } else {
                throw CommandError("Argument \"\(word)\" is unknown, try \"nlctl monitor proc help\".", status: 255)
            }
        }
        return kinds.isEmpty ? .all : kinds
    }

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        let kinds = try parse(&words)
        let namespace = try context.namespace.get()
        let events: ProcessEvents
        do throws(NetlinkError) {
            let connection = try await NetlinkConnection(family: .connector, namespace: namespace)
            defer { connection.close() }
            events = try await connection.processEvents(kinds)
        } catch {
            throw CommandError("nlctl monitor proc: " + describe(error), status: 1)
        }
        defer { events.connection.close() }
        let output = context.printer.output
        let json = context.options.json
        let timestamps = context.options.timestamp || context.options.timestampShort
        do {
            for try await element in events {
                switch element {
                case .overrun(let drops):
                    if json {
                        output.write("{\"event\":\"overrun\"" + (drops.map { ",\"drops\":\($0)" } ?? "") + "}\n")
                    } else {
                        output.write("Overrun: events were lost" + (drops.map { " (\($0) dropped)" } ?? "") + "\n")
                    }
                case .event(let event):
                    output.write(bytes: json ? Self.json(event) : Self.text(event, timestamp: timestamps))
                }
                output.flush()
            }
        } catch {
            throw CommandError("nlctl monitor proc: " + describe(error), status: 1)
        }
    }

    /// The reason in the kernel's and the library's words: `DETAIL: ERRNO TEXT`.
    static func describe(_ error: NetlinkError) -> String {
        let reason = error.errno?.description ?? error.iproute2Description
        return error.detail.map { "\($0): \(reason)" } ?? reason
    }

    static func text(_ event: ProcessEvent, timestamp: Bool) -> [UInt8] {
        var line = ""
        if timestamp {
            let micro = String(event.timestamp % 1_000_000_000 / 1000)
            line = "[\(event.timestamp / 1_000_000_000)." + String(repeating: "0", count: 6 - micro.count) + micro + "] "
        }
        var bytes: [UInt8] = []
        switch event.detail {
        case .acknowledgement(let code): line += "acknowledgement \(code)"
        case .fork(let parent, let child): line += "fork parent \(parent) child \(child)"
        case .exec(let thread): line += "exec \(thread)"
        case .uid(let thread, let real, let effective): line += "uid \(thread) ruid \(real) euid \(effective)"
        case .gid(let thread, let real, let effective): line += "gid \(thread) rgid \(real) egid \(effective)"
        case .sid(let thread): line += "sid \(thread)"
        case .ptrace(let thread, let tracer): line += tracer.tgid == 0 ? "ptrace \(thread) detached" : "ptrace \(thread) tracer \(tracer)"
        case .comm(let thread, let name):
            line += "comm \(thread) "
            bytes = name
        case .coredump(let thread, let parent): line += "coredump \(thread) parent \(parent)"
        case .exit(let thread, let status, let signal, let parent):
            line += "exit \(thread) " + (status & 0x7f == 0 ? "code \(status >> 8 & 0xff)" : "signal \(status & 0x7f)" + (status & 0x80 != 0 ? " core" : ""))
            if signal != UInt32(SIGCHLD) && signal != UInt32.max { line += " exit_signal \(Int32(bitPattern: signal))" }
            line += " parent \(parent)"
        case .unknown(let what, let data):
            line += "event 0x" + String(what, radix: 16) + " " + LinkDetailsFormat.hexString(data)
        }
        return Array(line.utf8) + bytes + [10]
    }

    static func json(_ event: ProcessEvent) -> [UInt8] {
        var writer = JSONWriter(pretty: false)
        writer.startObject()
        func field(_ name: String, _ value: JSONValue) {
            writer.name(name)
            writer.value(value)
        }
        func thread(_ prefix: String, _ thread: ProcessThread) {
            field(prefix + "_pid", .signed(Int64(thread.pid)))
            field(prefix + "_tgid", .signed(Int64(thread.tgid)))
        }
        let kind = ProcessEventKinds.names.first { $0.kind == event.kind }?.name
        field("event", .string(kind ?? "0x" + String(event.kind.rawValue, radix: 16)))
        field("cpu", .unsigned(UInt64(event.cpu)))
        field("timestamp_ns", .unsigned(event.timestamp))
        switch event.detail {
        case .acknowledgement(let code): field("err", .unsigned(UInt64(code)))
        case .fork(let parent, let child):
            thread("parent", parent)
            thread("child", child)
        case .exec(let process), .sid(let process): thread("process", process)
        case .uid(let process, let real, let effective):
            thread("process", process)
            field("ruid", .unsigned(UInt64(real)))
            field("euid", .unsigned(UInt64(effective)))
        case .gid(let process, let real, let effective):
            thread("process", process)
            field("rgid", .unsigned(UInt64(real)))
            field("egid", .unsigned(UInt64(effective)))
        case .ptrace(let process, let tracer):
            thread("process", process)
            thread("tracer", tracer)
        case .comm(let process, let name):
            thread("process", process)
            writer.name("comm")
            writer.value(bytes: name)
        case .coredump(let process, let parent):
            thread("process", process)
            thread("parent", parent)
        case .exit(let process, let status, let signal, let parent):
            thread("process", process)
            field("exit_code", .unsigned(UInt64(status)))
            field("exit_signal", .signed(Int64(Int32(bitPattern: signal))))
            thread("parent", parent)
        case .unknown(_, let data):
            field("data", .string(LinkDetailsFormat.hexString(data)))
        }
        writer.endObject()
        return writer.bytes + [10]
    }
}
