import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkSockDiag

/// `ss` (iproute2 6.1) over sock_diag: `nlctl [-n NETNS] [-j] ss [OPTIONS] [state S] [exclude S]
/// [FILTER]`. The tables are ss's (TCP, UDP, MPTCP, unix, netlink, packet), read with the
/// library's dumps; the filter (``SSFilter``) goes to the kernel as bytecode and is checked again
/// on each socket, as ss does; the text is ss's, column for column (``SSTable``), the errors and
/// exit statuses are ss's. `-j` prints one JSON object per socket (ss has no JSON).
///
/// Not built, said on one line with status 1: `-p`, `-T`, `-i`, `-s`, `-b`, `-D`, `--tipcinfo`,
/// `--inet-sockopt`, `-Z`/`-z` where SELinux is on, and the tables this kernel has no diag for
/// (RAW, DCCP, SCTP, vsock, TIPC, XDP; ss reads `/proc/net/raw` for RAW).
enum SSTool: NlctlTool {
    static let name = "ss"

    static let usage = """
        nlctl ss: ss 6.1 over sock_diag
        Usage: ss [ OPTIONS ] [ FILTER ]
           -h --help, -V --version, -n --numeric, -r --resolve, -a --all, -l --listening,
           -o --options, -e --extended, -m --memory, -E --events, -K --kill, -H --no-header,
           -O --oneline, -N --net NETNS, --tos, --cgroup
           -4 -6 -0 -t -M -u -x -w -d -S, -f --family FAMILY, -A --query QUERY[,QUERY], -F --filter FILE
           FILTER := [ state STATE ] [ exclude STATE ] [ EXPRESSION ]
           EXPRESSION: sport, dport, src, dst, dev, fwmark, cgroup, autobound; =, !=, <, <=, >, >=;
                       and, or, not, ( )
        """

    static func run(_ arguments: [String], options toolOptions: ToolOptions, output: BufferedOutput) async -> Int32 {
        var options: SSOptions
        do throws(SSOptions.Refusal) {
            options = try SSOptions(arguments)
        } catch {
            printError(error.message)
            if error.usage { printError(usage) }
            return error.status
        }
        if options.help {
            output.write(usage + "\n")
            return 0
        }
        if options.version {
            output.write("ss utility, iproute2-6.1.0\n")
            return 0
        }
        if Sandbox.isOn, options.diagFile != nil || options.events {
            printError("nlctl: ss \(options.events ? "-E (waits for events)" : "-D (writes a file)") is not run in the sandbox")
            return 1
        }
        if options.context > 0 {
            if access("/sys/fs/selinux/enforce", F_OK) != 0 {
                printError("ss: SELinux is not enabled.")
                return 1
            }
            return notBuilt("-Z/-z (SELinux contexts)")
        }
        for (set, what) in [(options.bpf, "-b (bpf filters)"),
                            (options.tipcInfo, "--tipcinfo")] where set {
            // (-D is built: it writes the raw TCP dump, below.)
            return notBuilt(what)
        }

        // The namespace: nlctl's -n, or ss's -N (which wins, as ss switches after nlctl would have).
        let namespace: NetworkNamespace?
        do throws(NetlinkError) {
            if let name = options.namespace ?? toolOptions.namespace {
                namespace = try ProcessNamespace.named(name)
            } else {
                namespace = nil
            }
        } catch {
            printError("Cannot open network namespace \"\(options.namespace ?? toolOptions.namespace ?? "")\": \(error.errno?.description ?? "\(error)")")
            return 1
        }

        if options.summary {
            output.write(await SSSummary.text(namespace: namespace))
            if options.selection.doDefault && options.words.isEmpty && options.filterFile == nil { return 0 }
        }

        // state / exclude words, before the expression.
        var words = options.words[...]
        var sawStates = false
        while let word = words.first, word == "state" || word == "exclude" || word == "excl" {
            words.removeFirst()
            guard let name = words.popFirst() else {
                printError("Command line is not complete. Try option \"help\"")
                return 255
            }
            guard let bits = SSSelection.scanState(name) else {
                printError("ss: wrong state name: \(name)")
                return 255
            }
            if word == "state" {
                if !sawStates { options.stateFilter = 0 }
                options.stateFilter |= bits
            } else {
                if !sawStates { options.stateFilter = SSSelection.allStates }
                options.stateFilter &= ~bits
            }
            sawStates = true
        }
        var selection = options.selection
        if selection.doDefault {
            options.stateFilter = options.stateFilter != 0 ? options.stateFilter : SSSelection.connected
            _ = selection.parse(tableName: "all")
        }
        if options.stateFilter != 0 { selection.states = options.stateFilter }
        selection.mergeDefaults()
        if selection.tables.isEmpty {
            printError("ss: no socket tables to show with such filter.")
            return 0
        }
        if selection.families.isEmpty {
            printError("ss: no families to show with such filter.")
            return 0
        }
        if selection.states == 0 {
            printError("ss: no socket states to show with such filter.")
            return 0
        }

        SSCgroups.mountVisible = namespace == nil
        if let file = options.diagFile {
            guard selection.tables.contains(.tcp) else {
                printError("ss: tcpdiag dump requested and no tcp in filter.")
                return 0
            }
            let dumper = SSSession(options: options, json: false, namespace: namespace, output: output)
            dumper.selection = selection
            return await dumper.writeRawDump(to: file)
        }
        let session = SSSession(options: options, json: toolOptions.json, namespace: namespace, output: output)
        // The expression: the words left, then the lines of -F FILE.
        var expression = Array(words)
        if let file = options.filterFile {
            guard let lines = readFilterFile(file) else { return 255 }
            expression += lines
        }
        if !expression.isEmpty { await session.loadLinks() }     // names of devices (`dev`, `link:P:DEV`), as ss resolves them
        var parser = SSFilterParser(expression, environment: SSFilterParser.Environment(
            preferredFamily: selection.preferredFamily, tcp: selection.tables.contains(.tcp), udp: selection.tables.contains(.udp),
            interfaceIndex: { name in session.interfaceIndex(name) }, cgroupID: { path in SSCgroups.id(ofPath: path) },
            hostAddresses: Sandbox.isOn ? { _, _ in [] } : { SSFilterParser.Environment.resolver($0, $1) }))    // the sandbox sends nothing to a name server
        do throws(SSFilterError) {
            session.filter = try parser.parse()
        } catch {
            printError(error.message)
            if error.usage { printError(usage) }
            return error.status
        }
        if let family = parser.familySwitch {
            selection.families = [family.rawValue]
            selection.preferredFamily = family
        }
        session.selection = selection
        session.table.disabled[SSTable.Column.netid.rawValue] = selection.tables.count <= 1
        session.table.disabled[SSTable.Column.state.rawValue] = selection.states & (selection.states &- 1) == 0
        return await session.run()
    }

    static func notBuilt(_ what: String) -> Int32 {
        printError("nlctl ss: \(what) is not built")
        return 1
    }

    /// `-F FILE` (`-` for standard input): its lines, less those starting with `#` or `0` (ss's
    /// lexer skips both); `nil` after ss's message when it cannot be opened.
    static func readFilterFile(_ path: String) -> [String]? {
        let file: UnsafeMutablePointer<FILE>? = path.hasPrefix("-") ? fdopen(0, "r") : fopen(path, "r")
        guard let file else {
            printError("fopen filter file: \(String(cString: strerror(errno)))")
            return nil
        }
        var lines: [String] = []
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        while getline(&line, &capacity, file) > 0, let line {
            var text = String(cString: line)
            if text.hasSuffix("\n") { text.removeLast() }
            if text.hasPrefix("#") || text.hasPrefix("0") { continue }
            lines.append(text)
        }
        free(line)
        if !path.hasPrefix("-") { fclose(file) }
        return lines
    }
}

/// One run of ss: the connection, the selection, the filter, the columns.
final class SSSession {
    let options: SSOptions
    let json: Bool
    let namespace: NetworkNamespace?
    let output: BufferedOutput
    var selection = SSSelection()
    var filter: SSFilter?
    var table: SSTable
    var jsonObjects: [String] = []
    /// `-p`/`-T`: the socket holders, from one pass over /proc (as ss's, which makes it before the
    /// first dump); ready before the first socket is printed (``processesReady()``).
    var processes: SSProcesses?
    /// The pass over /proc while it runs: started first, it runs beside a TCP or UDP dump the
    /// reader thread reads ahead (the kernel's work for both at once, on both cores), and is
    /// awaited before that dump's first socket is printed.
    private var pendingScan: Task<SSProcesses, Never>?
    private(set) var links: [UInt32: [UInt8]]?
    private var services: [UInt32: [UInt8]] = [:]
    private var connection: NetlinkConnection?
    /// `net.ipv4.ip_local_port_range` of the namespace (ss's `is_ephemeral`, for `autobound`).
    lazy var ephemeralPorts: ClosedRange<Int64> = readEphemeralRange()

    init(options: SSOptions, json: Bool, namespace: NetworkNamespace?, output: BufferedOutput) {
        self.options = options
        self.json = json
        self.namespace = namespace
        self.output = output
        table = SSTable(output: output, screenWidth: SSTable.terminalWidth())
    }

    func diagConnection() throws(NetlinkError) -> NetlinkConnection {
        if let connection { return connection }
        let opened = try makeDiagConnection()
        connection = opened
        return opened
    }

    /// A new sock_diag connection in the namespace, read by its own reader thread: the kernel
    /// fills a dump's next datagram inside `recvmsg`, so that thread's reading runs on one core
    /// while this one decodes and prints the datagram before (with 20,002 TCP sockets, `ss -tan`
    /// took 42 ms instead of 66 ms read on the calling thread; `perf stat -r 20`).
    func makeDiagConnection() throws(NetlinkError) -> NetlinkConnection {
        var configuration = NetlinkConnection.Configuration()
        // (In the fuzz target's sandbox the calling thread reads, as before: a reader thread's
        // allocations outlive each input, and libFuzzer then scans the heap for leaks every time.)
        configuration.reading = Sandbox.isOn ? .callingThread : .readerThread
        // With -p, the whole dump may be read while the pass over /proc runs.
        if pendingScan != nil { configuration.dumpBufferCapacity = 1 << 20 }
        configuration.connectsToPeer = false     // its own line in `-A netlink` as ss's: peer `*`
        let opened: NetlinkConnection
        if let sandboxed = try Sandbox.connection(configuration: configuration) {
            opened = sandboxed
        } else {
            opened = try NetlinkConnection(family: .sockDiag, namespace: namespace, configuration: configuration)
        }
        return opened
    }

    /// Waits for the pass over /proc, if one runs; every path that prints a socket comes here first.
    func processesReady() async {
        guard let scan = pendingScan else { return }
        processes = await scan.value
        pendingScan = nil
    }

    func run() async -> Int32 {
        let status = await show()
        await processesReady()  // never left running (an early error, nothing printed)
        return status
    }

    private func show() async -> Int32 {
        if options.processes > 0 || options.threads > 0 {
            let threads = options.threads > 0
            pendingScan = Task { await SSProcesses.scan(threads: threads) }
            // Only the TCP and UDP dumps are read ahead beside it; anything else waits for it now.
            let inetOnly = selection.tables.isSubset(of: [.tcp, .udp]) && !options.events && !options.kill
                && getenv("TCPDIAG_FILE") == nil && !Sandbox.isOn
            if !inetOnly { await processesReady() }
        }
        if options.header && !json { table.header() }
        // -E -j: one object per line as the sockets go (no array around a stream).
        if options.events { return await followEvents() }
        if json { output.write("[") }
        defer {
            if json {
                output.write(jsonObjects.isEmpty ? "]\n" : "\n" + jsonObjects.joined(separator: ",\n") + "\n]\n")
            } else {
                table.render()
            }
        }
        do throws(NetlinkError) {
            if selection.has(.netlink), selection.states & SSSelection.close != 0, selection.tables.contains(.netlink) { try await showNetlink() }
            if selection.has(.packet), selection.states & SSSelection.close != 0,
               selection.tables.contains(.packetRaw) || selection.tables.contains(.packetDatagram) { try await showPacket() }
            if selection.has(.unix), !selection.tables.isDisjoint(with: [.unixStream, .unixDatagram, .unixSeqpacket]) { try await showUnix() }
            for (table, number) in [(SSSelection.Table.raw, UInt32(255)), (.udp, 17), (.tcp, 6), (.dccp, 33), (.sctp, 132)]
            where selection.tables.contains(table) {
                guard selection.has(.inet) || selection.has(.inet6) else { continue }
                guard try await showInet(protocol: number) else { return 1 }
            }
            for table in [SSSelection.Table.vsockStream, .vsockDatagram, .tipc, .xdp] where selection.tables.contains(table) {
                // ss asks; this kernel has no diag for them (EPROTONOSUPPORT/ENOENT): nothing is shown.
                _ = table
            }
            if selection.tables.contains(.mptcp), selection.has(.inet) || selection.has(.inet6) {
                guard try await showInet(protocol: InetDiagRequest.IPProtocol.mptcp) else { return 1 }
            }
        } catch {
            printError("nlctl ss: \(error.errno?.description ?? "\(error)")")
            return 1
        }
        return 0
    }

    // MARK: Names

    /// ss's `ll_index_to_name`: the interface's name in the namespace, or `ifN` (the names are
    /// read once, by ``loadLinks()``).
    func interfaceName(_ index: UInt32) -> [UInt8] {
        links?[index] ?? Array("if\(index)".utf8)
    }

    /// ss's `ll_name_to_index` (a name, or `ifN`); `nil` for none.
    func interfaceIndex(_ name: String) -> UInt32? {
        let bytes = name.rawBytes
        if let found = links?.first(where: { $0.value == bytes }) { return found.key }
        if name.hasPrefix("if"), let index = UInt32(name.dropFirst(2)), links?[index] == nil { return index }
        return nil
    }

    /// The interfaces of the namespace by index (ss's `ll_init_map`), once.
    func loadLinks() async {
        guard links == nil else { return }
        links = [:]
        guard !Sandbox.isOn else { return }
        do throws(NetlinkError) {
            // Read on this thread and closed before the dumps: no reader thread keeps the socket
            // alive, so it is out of the kernel's table (and of `-A netlink` listings) at once.
            var configuration = NetlinkConnection.Configuration()
            configuration.reading = .callingThread
            let route = try await NetlinkConnection(family: .route, namespace: namespace, configuration: configuration)
            defer { route.close() }
            var names: [UInt32: [UInt8]] = [:]
            for link in try await route.links() { names[UInt32(bitPattern: link.index)] = link.name.rawBytes }
            links = names
        } catch {
            links = [:]
        }
    }

    /// ss's `resolve_service`: `*` for 0, the service name of the table's protocol unless `-n`.
    func service(_ port: UInt16, protocol number: UInt32) -> [UInt8] {
        if port == 0 { return [UInt8(ascii: "*")] }
        if options.numeric || number == 255 {
            var bytes: [UInt8] = []
            ByteText.append(decimal: UInt64(port), to: &bytes)
            return bytes
        }
        // ss's __resolve_service: a port of the ephemeral range is not looked up.
        if ephemeralPorts.contains(Int64(port)) { return Array(String(port).utf8) }
        let key = UInt32(port) | (number << 16)
        if let known = services[key] { return known }
        let protocolName = number == 17 ? "udp" : number == 132 ? "sctp" : "tcp"
        let name = getservbyport(Int32(UInt16(port).bigEndian), protocolName).map { String(cString: $0.pointee.s_name) } ?? String(port)
        services[key] = Array(name.utf8)
        return Array(name.utf8)
    }

    private func readEphemeralRange() -> ClosedRange<Int64> {
        let path = "/proc/sys/net/ipv4/ip_local_port_range"     // per namespace: the reading thread's
        let text: String? = if let namespace {
            (try? namespace.perform { () throws(NetlinkError) -> String? in SSSession.readFile(path) }) ?? nil
        } else {
            Self.readFile(path)
        }
        let numbers = (text ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int64($0) }
        guard numbers.count == 2, numbers[0] <= numbers[1] else { return 1_024...4_999 }   // ss's fallback
        return numbers[0]...numbers[1]
    }

    static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, 256, file) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
