import Glibc
import Netlink
import NetlinkCore
import NetlinkUevent
import Synchronization

/// `udevadm monitor` (systemd 252) where it speaks netlink: `nlctl [-n NETNS] [-j] udevadm monitor
/// [--kernel] [--udev] [--property] [--subsystem-match=SUBSYSTEM[/DEVTYPE]]`. Kernel uevents
/// (group 1) are printed as udevadm prints them:
///
/// ```text
/// KERNEL[64661.522381] add      /devices/virtual/net/v1 (net)
/// ACTION=add                    (with --property, then an empty line)
/// ```
/// (`%-6s[SEC.USEC] %-8s DEVPATH (SUBSYSTEM)`, the time `CLOCK_MONOTONIC` at receipt). udev's own
/// events (group 2, libudev's binary format, sent by a running udevd, trusted as udevadm trusts
/// them: from a root sender) are listened to with `--udev` or by default, as udevadm does, and
/// printed as `UDEV  [SEC.USEC] ...`. `-j`: one
/// object per event and line (`source`, `timestamp`, `action`, `devpath`, `subsystem`, `devtype`,
/// `seqnum`, `properties`). SIGINT or SIGTERM ends it with status 0, as udevadm.
enum UdevadmTool: NlctlTool {
    static let name = "udevadm"
    static let version = "252"

    static let monitorUsage = """
        udevadm monitor [OPTIONS]

        Listen to kernel and udev events.

          -h --help                                Show this help
          -V --version                             Show package version
          -p --property                            Print the event properties
          -k --kernel                              Print kernel uevents
          -u --udev                                Print udev events
          -s --subsystem-match=SUBSYSTEM[/DEVTYPE] Filter events by subsystem
          -t --tag-match=TAG                       Filter events by tag
        """

    /// What `udevadm monitor`'s options ask for.
    struct Options: Equatable {
        var kernel = false, udev = false, properties = false
        /// `-s`: subsystem and optional device type; an event passes when it matches one.
        var subsystems: [(subsystem: String, deviceType: String?)] = []
        /// `-t`: udev events pass when they carry one of these tags (kernel events are not filtered).
        var tags: [String] = []
        static func == (a: Options, b: Options) -> Bool {
            a.kernel == b.kernel && a.udev == b.udev && a.properties == b.properties && a.tags == b.tags
                && a.subsystems.map { "\($0.subsystem)/\($0.deviceType ?? "")" } == b.subsystems.map { "\($0.subsystem)/\($0.deviceType ?? "")" }
        }
    }

    enum Parsed: Equatable {
        case monitor(Options)
        case exit(message: String, status: Int32, toStandardOutput: Bool)
    }

    /// udevadm's verbs that are not netlink (sysfs, udevd's control socket, the hwdb).
    static let otherVerbs = ["info", "trigger", "settle", "control", "test", "test-builtin", "hwdb", "wait", "lock", "verify", "cat"]

    static func parse(_ arguments: [String]) -> Parsed {
        guard let verb = arguments.first else {
            return .exit(message: "udevadm: missing command verb (nlctl builds `udevadm monitor`).", status: 1, toStandardOutput: false)
        }
        if verb == "--version" || verb == "-V" || verb == "version" { return .exit(message: version, status: 0, toStandardOutput: true) }
        if otherVerbs.contains(verb) {
            return .exit(message: "nlctl udevadm: \(verb) is not built (it reads sysfs or talks to udevd, not netlink); only monitor is.", status: 1, toStandardOutput: false)
        }
        guard verb == "monitor" else { return .exit(message: "Unknown command verb \(verb).", status: 1, toStandardOutput: false) }
        return parseMonitor(Array(arguments.dropFirst()))
    }

    /// getopt_long over `monitor`'s options (clusters, `-sARG`, `--opt=ARG`, unique long prefixes;
    /// other words are ignored, as udevadm ignores them).
    static func parseMonitor(_ arguments: [String]) -> Parsed {
        var options = Options()
        let long: [(name: String, short: Character, argument: Bool)] = [
            ("property", "p", false), ("environment", "e", false), ("kernel", "k", false), ("udev", "u", false),
            ("subsystem-match", "s", true), ("tag-match", "t", true), ("version", "V", false), ("help", "h", false),
        ]
        var index = 0
        func fail(_ text: String) -> Parsed { .exit(message: "monitor: " + text, status: 1, toStandardOutput: false) }
        func apply(_ short: Character, _ argument: String?) -> Parsed? {
            switch short {
            case "p", "e": options.properties = true
            case "k": options.kernel = true
            case "u": options.udev = true
            case "s":
                let parts = argument!.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                options.subsystems.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : nil))
            case "t": options.tags.append(argument!)
            case "V": return .exit(message: version, status: 0, toStandardOutput: true)
            case "h": return .exit(message: monitorUsage, status: 0, toStandardOutput: true)
            default: break
            }
            return nil
        }
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" { break }
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
                let candidates = long.filter { $0.name.hasPrefix(name) }
                guard let option = candidates.first(where: { $0.name == name }) ?? (candidates.count == 1 ? candidates.first : nil), !name.isEmpty else {
                    return fail(candidates.count > 1 ? "option '\(word)' is ambiguous" : "unrecognized option '\(word)'")
                }
                var argument = inline
                if option.argument, argument == nil {
                    guard index < arguments.count else { return fail("option '--\(option.name)' requires an argument") }
                    argument = arguments[index]
                    index += 1
                } else if !option.argument, inline != nil {
                    return fail("option '--\(option.name)' doesn't allow an argument")
                }
                if let parsed = apply(option.short, argument) { return parsed }
            } else if word.hasPrefix("-"), word.count > 1 {
                var letters = Substring(word.dropFirst())
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    guard let option = long.first(where: { $0.short == letter }) else { return fail("invalid option -- '\(letter)'") }
                    var argument: String?
                    if option.argument {
                        if !letters.isEmpty {
                            argument = String(letters)
                            letters = ""
                        } else {
                            guard index < arguments.count else { return fail("option requires an argument -- '\(letter)'") }
                            argument = arguments[index]
                            index += 1
                        }
                    }
                    if let parsed = apply(letter, argument) { return parsed }
                }
            }
        }
        if !options.kernel && !options.udev { (options.kernel, options.udev) = (true, true) }
        return .monitor(options)
    }

    static func run(_ arguments: [String], options toolOptions: ToolOptions, output: BufferedOutput) async -> Int32 {
        let options: Options
        switch parse(arguments) {
        case .exit(let message, let status, let toStandardOutput):
            if toStandardOutput { output.write(message + "\n"); output.flush() } else { printError(message) }
            return status
        case .monitor(let parsed): options = parsed
        }
        let (opened, namespace) = toolOptions.openNamespace(refusingSandboxFor: "udevadm monitor")
        guard opened else { return 1 }
        let monitor: UeventMonitor
        do throws(NetlinkError) {
            let groups = (options.kernel ? UeventMonitor.kernelGroup : 0) | (options.udev ? UeventMonitor.udevGroup : 0)
            monitor = try await UeventMonitor(namespace: namespace, groups: groups, receiveBufferSize: 128 * 1024 * 1024)
        } catch {
            printError("Failed to create netlink socket: \(error.errno?.description ?? error.iproute2Description)")
            return 1
        }
        if !toolOptions.json {
            output.write("monitor will print the received events for:\n")
            if options.udev { output.write("UDEV - the event which udev sends out after rule processing\n") }
            if options.kernel { output.write("KERNEL - the kernel uevent\n") }
            output.write("\n")
            output.flush()
        }
        func print(_ uevent: Uevent, source: String) {
            guard passes(uevent, options.subsystems) else { return }
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            if toolOptions.json {
                output.write(bytes: json(uevent, source: source, time: time))
            } else {
                output.write(bytes: text(uevent, source: source, time: time, properties: options.properties))
            }
            output.flush()
        }
        stopRequested.store(false, ordering: .relaxed)
        signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
        while !stopRequested.load(ordering: .relaxed) {
            let event: UeventMonitor.Event?
            do throws(NetlinkError) {
                event = try monitor.receive(timeout: .milliseconds(200))
            } catch {
                printError("Failed to receive device event: \(error.errno?.description ?? error.iproute2Description)")
                return 1
            }
            switch event {
            case nil: continue
            case .overrun?: printError("nlctl udevadm: the kernel dropped uevents (the socket's receive buffer overran)")
            case .malformed(let error)?:
                printError("nlctl udevadm: a datagram that is not a uevent: \(error)")
            case .uevent(let uevent)?:
                print(uevent, source: "KERNEL")
            case .udev(let message)?:
                guard passes(tags: message.uevent, options.tags) else { continue }
                print(message.uevent, source: "UDEV")
            }
        }
        monitor.close()
        return 0
    }

    /// udevadm's subsystem filter: none, or one `SUBSYSTEM[/DEVTYPE]` equal to the event's.
    static func passes(_ uevent: Uevent, _ filters: [(subsystem: String, deviceType: String?)]) -> Bool {
        if filters.isEmpty { return true }
        return filters.contains { filter in
            uevent.subsystem == filter.subsystem && (filter.deviceType == nil || uevent.deviceType == filter.deviceType)
        }
    }

    /// udevadm's tag filter (udev events only): none, or one of the tags in `TAGS` (`:a:b:`).
    static func passes(tags uevent: Uevent, _ tags: [String]) -> Bool {
        if tags.isEmpty { return true }
        let present = Set((uevent.value("TAGS") ?? []).split(separator: UInt8(ascii: ":")).map { Array($0) })
        return tags.contains { present.contains(Array($0.utf8)) }
    }

    /// `SEC.USEC` of a monotonic time.
    static func timestamp(_ time: timespec) -> String {
        let micro = String(time.tv_nsec / 1000)
        return "\(time.tv_sec)." + String(repeating: "0", count: 6 - micro.count) + micro
    }

    /// `KERNEL[SEC.USEC] ACTION   DEVPATH (SUBSYSTEM)` (`UDEV  [...]` for udev's) and, with
    /// `properties`, each `KEY=VALUE` and an empty line. Bytes as the sender sent them.
    static func text(_ uevent: Uevent, source: String = "KERNEL", time: timespec, properties: Bool) -> [UInt8] {
        var line = Array((source + String(repeating: " ", count: max(0, 6 - source.count)) + "[\(timestamp(time))] ").utf8)
        let action = uevent.value("ACTION") ?? uevent.headerAction
        line += action
        if action.count < 8 { line += [UInt8](repeating: UInt8(ascii: " "), count: 8 - action.count) }
        line += [UInt8(ascii: " ")] + (uevent.value("DEVPATH") ?? uevent.headerPath) + Array(" (".utf8)
        line += (uevent.value("SUBSYSTEM") ?? Array("(null)".utf8)) + Array(")\n".utf8)
        if properties {
            for property in printedOrder(uevent.properties) { line += property.keyBytes + [UInt8(ascii: "=")] + property.value + [10] }
            line.append(10)
        }
        return line
    }

    /// The properties as udevadm 252 prints them, after libudev rebuilt the device from them: in
    /// the order received, but `DEVNAME` under `/dev/`, `MAJOR` then `MINOR` (only with a
    /// `MAJOR`) after the others, and last `DEVLINKS`, `TAGS`, `CURRENT_TAGS` — which libudev
    /// rebuilds from sets: with several links or tags its order may differ from the sender's,
    /// kept here.
    static func printedOrder(_ properties: [Uevent.Property]) -> [Uevent.Property] {
        func key(_ text: String) -> [UInt8] { Array(text.utf8) }
        let major = key("MAJOR"), minor = key("MINOR"), devname = key("DEVNAME")
        let rebuilt = [key("DEVLINKS"), key("TAGS"), key("CURRENT_TAGS")]
        var out: [Uevent.Property] = []
        for property in properties where property.keyBytes != major && property.keyBytes != minor && !rebuilt.contains(property.keyBytes) {
            if property.keyBytes == devname, !(property.value == key("/dev") || property.value.starts(with: key("/dev/"))) {
                out.append(Uevent.Property(keyBytes: devname, value: key("/dev/") + property.value))
            } else {
                out.append(property)
            }
        }
        if let majorValue = properties.last(where: { $0.keyBytes == major }) {
            out.append(majorValue)
            if let minorValue = properties.last(where: { $0.keyBytes == minor }) { out.append(minorValue) }
        }
        for name in rebuilt { if let property = properties.last(where: { $0.keyBytes == name }) { out.append(property) } }
        return out
    }

    static func json(_ uevent: Uevent, source: String = "KERNEL", time: timespec) -> [UInt8] {
        var writer = JSONWriter(pretty: false)
        writer.startObject()
        writer.name("source")
        writer.value(.string(source))
        writer.name("timestamp")
        writer.value(.number(timestamp(time)))
        writer.name("action")
        writer.value(bytes: uevent.value("ACTION") ?? uevent.headerAction)
        writer.name("devpath")
        writer.value(bytes: uevent.value("DEVPATH") ?? uevent.headerPath)
        if let subsystem = uevent.value("SUBSYSTEM") { writer.name("subsystem"); writer.value(bytes: subsystem) }
        if let deviceType = uevent.value("DEVTYPE") { writer.name("devtype"); writer.value(bytes: deviceType) }
        if let sequence = uevent.sequenceNumber { writer.name("seqnum"); writer.value(.unsigned(sequence)) }
        writer.name("properties")
        writer.startObject()
        for property in uevent.properties {
            writer.name(property.key)
            writer.value(bytes: property.value)
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes + [10]
    }
}

/// Set by SIGINT/SIGTERM during `nlctl udevadm monitor`.
let stopRequested = Atomic<Bool>(false)
