import Glibc
import Netlink
import NetlinkCore
import NetlinkSockDiag

/// One socket as ss prints it: the columns' text and, for `-j`, the same fields as JSON (built
/// only then).
struct SSLine {
    var netid: String
    var state: String
    var receiveQueue: Int64
    var sendQueue: Int64
    /// The address column's text with its delimiter (`ADDR:`, `NAME `), and the port column's.
    var local: [UInt8], localPort: [UInt8]
    var peer: [UInt8], peerPort: [UInt8]
    /// The text of the extra column (`-e`, `-o`, `-m` ...).
    var extra: [UInt8] = []
    /// Whether the JSON fields are kept (`-j`).
    var wantsJSON: Bool
    /// The JSON object's fields after the columns'.
    var json: [(String, JSONValue)] = []
    var jsonAddresses: [(String, JSONValue)] = []

    init(netid: String, state: String, receiveQueue: Int64, sendQueue: Int64, local: [UInt8], localPort: some StringProtocol, peer: [UInt8],
         peerPort: some StringProtocol, wantsJSON: Bool) {
        self.init(netid: netid, state: state, receiveQueue: receiveQueue, sendQueue: sendQueue, local: local, localPortBytes: Array(localPort.utf8),
                  peer: peer, peerPortBytes: Array(peerPort.utf8), wantsJSON: wantsJSON)
    }

    init(netid: String, state: String, receiveQueue: Int64, sendQueue: Int64, local: [UInt8], localPortBytes: [UInt8], peer: [UInt8],
         peerPortBytes: [UInt8], wantsJSON: Bool) {
        (self.netid, self.state, self.receiveQueue, self.sendQueue) = (netid, state, receiveQueue, sendQueue)
        (self.local, self.localPort, self.peer, self.peerPort, self.wantsJSON) = (local, localPortBytes, peer, peerPortBytes, wantsJSON)
    }

    /// A JSON field, evaluated only for `-j`.
    mutating func add(_ key: String, _ value: @autoclosure () -> JSONValue) {
        if wantsJSON { json.append((key, value())) }
    }

    /// JSON fields, evaluated only for `-j`.
    mutating func addMany(_ fields: @autoclosure () -> [(String, JSONValue)]) {
        if wantsJSON { json += fields() }
    }

    /// The JSON fields of the address columns, evaluated only for `-j`.
    mutating func addresses(_ fields: @autoclosure () -> [(String, JSONValue)]) {
        if wantsJSON { jsonAddresses = fields() }
    }
}

extension SSSession {
    /// ss's `sock_state_print` and `sock_addr_print`, or a JSON object.
    func emit(_ line: SSLine) {
        if json {
            var writer = JSONWriter(pretty: false)
            writer.startObject()
            writer.name("netid")
            writer.value(.string(line.netid))
            writer.name("state")
            writer.value(.string(line.state))
            writer.name("recv_q")
            writer.value(.signed(line.receiveQueue))
            writer.name("send_q")
            writer.value(.signed(line.sendQueue))
            for (key, value) in line.jsonAddresses + line.json {
                writer.name(key)
                if case .string(let text) = value, text.containsRawBytes {
                    writer.value(bytes: text.rawBytes)
                } else {
                    writer.value(value)
                }
            }
            writer.endObject()
            jsonObjects.append(String(decoding: writer.bytes, as: UTF8.self))
            return
        }
        table.set(.netid)
        table.out(line.netid)
        table.set(.state)
        table.out(line.state)
        table.set(.receiveQueue)
        table.out { Self.appendLeftPadded(line.receiveQueue, to: &$0) }
        table.set(.sendQueue)
        table.out { Self.appendLeftPadded(line.sendQueue, to: &$0) }
        table.set(.localAddress)
        table.out(bytes: line.local)
        table.next()
        table.out(bytes: line.localPort)
        table.next()
        table.out(bytes: line.peer)
        table.next()
        table.out(bytes: line.peerPort)
        table.next()
        table.out(bytes: line.extra)
    }

    /// ss's `proc_ctx_print` for `-p`: ` users:(...)` (and the holders as JSON).
    func usersText(_ inode: UInt32, into line: inout SSLine) -> String {
        guard let processes else { return "" }
        let text = processes.users(inode)
        guard !text.isEmpty else { return "" }
        if json, let holders = processes.holders[inode] {
            let objects = holders.map { "{\"command\":\(Self.jsonString($0.task)),\"pid\":\($0.pid),\"fd\":\($0.fd)}" }
            line.add("users", .number("[" + objects.joined(separator: ",") + "]"))
        }
        return String(rawBytes: text)
    }

    /// A JSON string of bytes.
    static func jsonString(_ bytes: [UInt8]) -> String {
        var writer = JSONWriter(pretty: false)
        writer.value(bytes: bytes)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `%-6d`, written in place.
    static func appendLeftPadded(_ value: Int64, to buffer: inout [UInt8]) {
        let start = buffer.count
        ByteText.append(signed: value, to: &buffer)
        let written = buffer.count - start
        if written < 6 { buffer.append(contentsOf: repeatElement(UInt8(32), count: 6 - written)) }
    }

    /// `%-6d`.
    static func leftPadded(_ value: Int64) -> String {
        let text = String(value)
        return text.count >= 6 ? text : text + String(repeating: " ", count: 6 - text.count)
    }

    /// ss's `print_ms_timer`.
    static func msTimer(_ timeout: UInt32) -> String {
        var seconds = Int(timeout / 1000)
        let minutes = seconds / 60
        seconds %= 60
        var milliseconds = Int(timeout % 1000)
        var text = ""
        if minutes > 0 {
            milliseconds = 0
            text = "\(minutes)min"
            if minutes > 9 { seconds = 0 }
        }
        if seconds > 0 {
            if seconds > 9 { milliseconds = 0 }
            text += "\(seconds)" + (milliseconds > 0 ? "." : "sec")
        }
        if milliseconds > 0 {
            let digits = String(milliseconds)
            text += String(repeating: "0", count: max(0, 3 - digits.count)) + digits + "ms"
        }
        return text
    }

    /// ss's `print_skmeminfo`: ` skmem:(r,rb,t,tb,f,w,o[,bl][,d])`.
    static func skmem(_ words: [UInt32]) -> String {
        guard words.count >= 7 else { return "" }
        var text = " skmem:(r\(words[0]),rb\(words[1]),t\(words[2]),tb\(words[3]),f\(words[4]),w\(words[5]),o\(words[6])"
        if words.count >= 8 { text += ",bl\(words[7])" }
        if words.count >= 9 { text += ",d\(words[8])" }
        return text + ")"
    }

    static func skmemJSON(_ words: [UInt32]) -> JSONValue {
        let keys = ["r", "rb", "t", "tb", "f", "w", "o", "bl", "d"]
        let fields = zip(keys, words).map { "\"\($0)\":\($1)" }.joined(separator: ",")
        return .number("{\(fields)}")
    }

    /// `%#x`: `0` for zero.
    static func alternateHex(_ value: UInt32) -> String { value == 0 ? "0" : "0x" + String(value, radix: 16) }

    // MARK: inet

    /// ss's `inet_show_netlink` for one protocol: IPv4 then IPv6 (one of them with a preferred
    /// family), each socket checked by the filter in user space too, killed first with `-K`.
    /// `false` after an error ss reports and stops at.
    func showInet(protocol number: UInt32) async throws(NetlinkError) -> Bool {
        if number == 6, let file = getenv("TCPDIAG_FILE") { return await showFile(String(cString: file)) }
        let connection = try diagConnection()
        let extensions = requestExtensions
        var families: [AddressFamily] = selection.preferredFamily == .inet6 ? [.inet6] : [.inet]
        if families == [.inet], selection.preferredFamily != .inet { families.append(.inet6) }
        // With both families (and nothing to destroy), the IPv6 dump runs on a second socket while
        // the IPv4 one is read and printed: the kernel walks its tables for each on its own core.
        // (Its sockets are printed after the IPv4 ones, as ss prints them.)
        var prefetched: Task<Result<SockDiagAnswer<[InetSocket]>, NetlinkError>, Never>?
        if families.count == 2, !options.kill, !Sandbox.isOn {
            let second = try makeDiagConnection()
            let request = InetDiagRequest(family: .inet6, protocol: number, states: TCPStates(rawValue: selection.states), extensions: extensions,
                                          filter: filter?.inetFilter)
            prefetched = Task.detached {
                do throws(NetlinkError) {
                    return .success(try await second.inetSockets(request))
                } catch {
                    return .failure(error)
                }
            }
        }
        let result: Result<Bool, NetlinkError>
        do throws(NetlinkError) {
            result = .success(try await showInet(protocol: number, families: families, connection: connection, extensions: extensions, prefetched: prefetched))
        } catch {
            result = .failure(error)
        }
        // The prefetch ends before this returns, on every path (already awaited when its sockets
        // were printed): a task left running would outlive the command (and its memory the
        // process's leak check).
        prefetched?.cancel()
        _ = await prefetched?.value
        return try result.get()
    }

    private func showInet(
        protocol number: UInt32, families: [AddressFamily], connection: NetlinkConnection, extensions: InetDiagAttribute.Extensions,
        prefetched: Task<Result<SockDiagAnswer<[InetSocket]>, NetlinkError>, Never>?
    ) async throws(NetlinkError) -> Bool {
        for family in families {
            if family == .inet6, let prefetched {
                guard case .sockets(let sockets) = try await prefetched.value.get() else { return true }
                await processesReady()
                if links == nil, sockets.contains(where: { $0.id.interface != 0 }) { await loadLinks() }
                for socket in sockets where selection.has(socket.family) {
                    if let filter, !filter.matches(Self.filterView(socket), ephemeral: ephemeralPorts) { continue }
                    printInetSocket(socket, protocol: number)
                }
                continue
            }
            let request = InetDiagRequest(family: family, protocol: number, states: TCPStates(rawValue: selection.states), extensions: extensions,
                                          filter: filter?.inetFilter)
            if plainText, filter == nil, !options.kill {
                // The columns alone: only each socket's fixed part is decoded.
                let answer = try await connection.inetSocketSummaryStream(request)
                await processesReady()  // the request is out and the reader thread reads ahead
                guard case .sockets(let stream) = answer else { return await notSupported(protocol: number, prefetched: prefetched) }
                for try await batch in stream.batches {
                    if links == nil, batch.contains(where: { $0.id.interface != 0 }) { await loadLinks() }
                    for socket in batch where selection.has(socket.family) { printPlainInetSocket(socket, protocol: number) }
                }
                continue
            }
            let answer = try await connection.inetSocketStream(request)
            await processesReady()  // the request is out and the reader thread reads ahead
            guard case .sockets(let stream) = answer else { return await notSupported(protocol: number, prefetched: prefetched) }
            var victims: [InetSocket] = []
            for try await batch in stream.batches {
                if links == nil, batch.contains(where: { $0.id.interface != 0 }) { await loadLinks() }
                for socket in batch where selection.has(socket.family) {
                    if let filter, !filter.matches(Self.filterView(socket), ephemeral: ephemeralPorts) { continue }
                    if options.kill {
                        victims.append(socket)
                        continue
                    }
                    printInetSocket(socket, protocol: number)
                }
            }
            for socket in victims {
                do {
                    try await connection.destroyInetSocket(socket, protocol: number)
                } catch where error.errno?.rawValue == EOPNOTSUPP || error.errno?.rawValue == ENOENT {
                    continue
                } catch {
                    // ss's perror; its retry with the old TCPDIAG request on the same socket then
                    // reads the first dump's NLMSG_DONE, still queued, and stops: one line, nothing
                    // more of this protocol (IPv6 included), status 0.
                    printError("SOCK_DESTROY answers: \(error.errno?.description ?? "\(error)")")
                    return true
                }
                await showInetSocket(socket, protocol: number)
            }
        }
        return true
    }

    /// A protocol the kernel has no diag handler for (ENOENT): ss's fallbacks.
    private func notSupported(protocol number: UInt32, prefetched: Task<Result<SockDiagAnswer<[InetSocket]>, NetlinkError>, Never>?) async -> Bool {
        prefetched?.cancel()  // awaited by the caller
        if number == 255 { return await showRawFromProc() }
        if number == InetDiagRequest.IPProtocol.dccp { printError("RTNETLINK answers: Invalid argument") }
        return true
    }

    /// The extensions ss asks for (`-m`, `-i`, `--tos`).
    var requestExtensions: InetDiagAttribute.Extensions {
        var extensions: InetDiagAttribute.Extensions = []
        if options.memory { extensions.formUnion([.memoryInfo, .socketMemoryInfo]) }
        if options.info { extensions.formUnion([.info, .congestionInfo, .congestion]) }
        if options.tos { extensions.formUnion([.tos, .trafficClass]) }
        return extensions
    }

    /// `-D FILE` (`-` and anything starting with it: standard output): the TCP dump's datagrams as
    /// they arrive, IPv4 then IPv6 (one of them with a preferred family), without a filter — ss's
    /// `inet_show_netlink` with a dump file. Status 0.
    func writeRawDump(to path: String) async -> Int32 {
        let file: UnsafeMutablePointer<FILE>? = path.hasPrefix("-") ? fdopen(1, "w") : fopen(path, "w")
        guard let file else {
            printError("fopen dump file: \(String(cString: strerror(errno)))")
            return 255
        }
        defer { fflush(file); if !path.hasPrefix("-") { fclose(file) } }
        var families: [AddressFamily] = selection.preferredFamily == .inet6 ? [.inet6] : [.inet]
        if families == [.inet], selection.preferredFamily != .inet { families.append(.inet6) }
        do throws(NetlinkError) {
            let connection = try diagConnection()
            for family in families {
                let request = InetDiagRequest(family: family, protocol: 6, states: TCPStates(rawValue: selection.states), extensions: requestExtensions)
                for try await datagram in connection.dump(type: SockDiag.byFamily, fixedHeaderSize: InetDiagRequest.size, { b in try request.encode(into: &b) }) {
                    let length = (datagram.length + 3) & ~3
                    let bytes = datagram.storage.prefix(datagram.length) + [UInt8](repeating: 0, count: length - datagram.length)
                    _ = Array(bytes).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
                }
                // ss writes the NLMSG_DONE datagram too: the reader stops at it.
                let done: [UInt8] = [20, 0, 0, 0, 3, 0, 2, 0, 0x40, 0xE2, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0]
                _ = done.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            }
        } catch {
            printError("nlctl ss: \(error.errno?.description ?? "\(error)")")
            return 1
        }
        return 0
    }

    /// `TCPDIAG_FILE`: TCP sockets read from a file of netlink messages (as `-D` writes them)
    /// instead of the kernel, up to the first `NLMSG_DONE` (ss's `tcp_show_netlink_file`): no
    /// state or family selection, the filter in user space only.
    func showFile(_ path: String) async -> Bool {
        guard let bytes = ProcFiles.bytes(path) else {
            printError("fopen($TCPDIAG_FILE): \(String(cString: strerror(errno)))")
            return false
        }
        var offset = 0
        while true {
            guard offset + 16 <= bytes.count else {
                Self.writeError("Unexpected EOF reading $TCPDIAG_FILE")
                return true
            }
            let length = Int(bytes[offset..<(offset + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
            let type = bytes[(offset + 4)..<(offset + 6)].withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }
            let total = 16 + ((max(length, 16) - 16 + 3) & ~3)
            guard offset + total <= bytes.count else {
                Self.writeError("Unexpected EOF reading $TCPDIAG_FILE")
                return true
            }
            if type == 3 { return true }      // NLMSG_DONE
            if type == 2 {                     // NLMSG_ERROR
                if length < 36 {
                    printError("ERROR truncated")
                } else {
                    let code = bytes[(offset + 16)..<(offset + 20)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
                    printError("TCPDIAG answered: \(String(cString: strerror(-code)))")
                }
                return true
            }
            let message = Array(bytes[offset..<(offset + min(total, max(length, 16)))])
            var socket: InetSocket?
            try? NetlinkDatagram(storage: message).forEachMessage { m in socket = try InetSocket(decoding: m) }
            offset += total
            guard let socket else { continue }
            if let filter, !filter.matches(Self.filterView(socket), ephemeral: ephemeralPorts) { continue }
            await showInetSocket(socket, protocol: 6)
        }
    }

    /// Standard error without a newline (ss's fprintf without one).
    static func writeError(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    static func filterView(_ socket: InetSocket) -> SSFilter.Socket {
        SSFilter.Socket(family: socket.family, localPort: Int64(socket.id.sourcePort), remotePort: Int64(socket.id.destinationPort),
                        local: socket.id.source.bytes, remote: socket.id.destination.bytes, interface: socket.id.interface,
                        mark: socket.mark ?? 0, cgroup: socket.cgroupID ?? 0)
    }

    /// ss's `inet_show_sock` (the interface names read first where needed).
    func showInetSocket(_ socket: InetSocket, protocol dumped: UInt32) async {
        if socket.id.interface != 0 { await loadLinks() }
        printInetSocket(socket, protocol: dumped)
    }

    /// The columns alone (no -e, -o, -m, -i, --tos, --cgroup, -j), and -p's holders: written in
    /// place from the socket's fixed part (``plainText``).
    func printPlainInetSocket(_ socket: InetSocketSummary, protocol dumped: UInt32) {
        let number = socket.protocol.map(UInt32.init) ?? dumped
        let v6only = socket.family == .inet6 ? (socket.v6Only ?? false) : false
        table.set(.netid)
        table.out(Self.protocolName(number))
        table.set(.state)
        table.out(Self.stateName(socket.state.rawValue))
        table.set(.receiveQueue)
        table.out { Self.appendLeftPadded(Int64(Int32(bitPattern: socket.receiveQueue)), to: &$0) }
        table.set(.sendQueue)
        table.out { Self.appendLeftPadded(Int64(Int32(bitPattern: socket.sendQueue)), to: &$0) }
        table.set(.localAddress)
        table.out { self.appendAddress(socket.id.source, v6only: v6only, interface: socket.id.interface, to: &$0) }
        table.next()
        table.out { self.appendService(socket.id.sourcePort, protocol: number, to: &$0) }
        table.next()
        table.out { self.appendAddress(socket.id.destination, v6only: v6only, interface: 0, to: &$0) }
        table.next()
        table.out { self.appendService(socket.id.destinationPort, protocol: number, to: &$0) }
        table.next()
        if let processes { table.out { processes.appendUsers(socket.inode, to: &$0) } }
    }

    /// ss's `inet_show_sock`, once the interface names are known (``loadLinks()``).
    func printInetSocket(_ socket: InetSocket, protocol dumped: UInt32) {
        if plainText { return printPlainInetSocket(socket.summary, protocol: dumped) }
        let number = socket.protocol.map(UInt32.init) ?? dumped
        let v6only = socket.family == .inet6 ? (socket.v6Only ?? false) : false
        var line = SSLine(netid: Self.protocolName(number), state: Self.stateName(socket.state.rawValue),
                          receiveQueue: Int64(Int32(bitPattern: socket.receiveQueue)), sendQueue: Int64(Int32(bitPattern: socket.sendQueue)),
                          local: [], localPortBytes: service(socket.id.sourcePort, protocol: number),
                          peer: [], peerPortBytes: service(socket.id.destinationPort, protocol: number), wantsJSON: json)
        line.local = address(socket.id.source, v6only: v6only, interface: socket.id.interface) + [UInt8(ascii: ":")]
        line.peer = address(socket.id.destination, v6only: v6only, interface: 0) + [UInt8(ascii: ":")]
        line.addresses([("local_address", .string(socket.id.source.description)), ("local_port", .unsigned(UInt64(socket.id.sourcePort))),
                              ("peer_address", .string(socket.id.destination.description)), ("peer_port", .unsigned(UInt64(socket.id.destinationPort)))])
        if json, socket.id.interface != 0 { line.jsonAddresses.append(("interface", .string(String(rawBytes: interfaceName(socket.id.interface))))) }
        var extra = usersText(socket.inode, into: &line)
        if options.showOptions, socket.timer != 0 {
            let names = ["off", "on", "keepalive", "timewait", "persist", "unknown"]
            let timer = names[min(Int(socket.timer), 5)]
            extra += " timer:(\(timer),\(Self.msTimer(socket.expires)),\(socket.retransmits))"
            line.add("timer", .number("{\"name\":\"\(timer)\",\"expires_ms\":\(socket.expires),\"retransmits\":\(socket.retransmits)}"))
        }
        if options.details > 0 {
            if socket.uid != 0 { extra += " uid:\(socket.uid)" }
            extra += " ino:\(socket.inode) sk:" + String(socket.id.cookie, radix: 16)
            line.addMany([("uid", .unsigned(UInt64(socket.uid))), ("inode", .unsigned(UInt64(socket.inode))),
                          ("cookie", .string(String(socket.id.cookie, radix: 16)))])
            if let mark = socket.mark, mark != 0 {
                extra += " fwmark:0x" + String(mark, radix: 16)
                line.add("fwmark", .unsigned(UInt64(mark)))
            }
            if let cgroup = socket.cgroupID, cgroup != 0 {
                extra += " cgroup:" + SSCgroups.path(of: cgroup)
                line.add("cgroup", .string(SSCgroups.path(of: cgroup)))
            }
            if socket.family == .inet6, let only = socket.v6Only {
                extra += " v6only:\(only ? 1 : 0)"
                line.add("v6only", .bool(only))
            }
            if let shutdown = socket.shutdown {
                extra += " " + (shutdown & 1 != 0 ? "-" : "<") + "-" + (shutdown & 2 != 0 ? "-" : ">")
                line.add("shutdown", .unsigned(UInt64(shutdown)))
            }
        }
        if options.tos {
            if let tos = socket.tos {
                extra += " tos:" + Self.alternateHex(UInt32(tos))
                line.add("tos", .unsigned(UInt64(tos)))
            }
            if let trafficClass = socket.trafficClass {
                extra += " tclass:" + Self.alternateHex(UInt32(trafficClass))
                line.add("tclass", .unsigned(UInt64(trafficClass)))
            }
            if let classID = socket.classID {
                extra += " class_id:" + Self.alternateHex(classID)
                line.add("class_id", .unsigned(UInt64(classID)))
            }
        }
        if options.cgroup, let cgroup = socket.cgroupID {
            extra += " cgroup:" + SSCgroups.path(of: cgroup)
            if options.details == 0 || cgroup == 0 { line.add("cgroup", .string(SSCgroups.path(of: cgroup))) }
        }
        if options.inetSockopt, let flags = socket.socketOptions {
            extra += options.oneline ? " inet-sockopt: (" : "\n\tinet-sockopt: ("
            let names: [(InetSocketOptions, String)] = [(.receiveErrors, " recverr"), (.connectionOriented, " is_icsk"), (.freeBind, " freebind"),
                                                        (.headerIncluded, " hdrincl"), (.multicastLoop, " mc_loop"), (.transparent, " transparent"),
                                                        (.multicastAll, " mc_all"), (.noDefragment, " nodefrag"), (.bindAddressNoPort, " bind_addr_no_port"),
                                                        (.receiveErrorsRFC4884, " recverr_rfc4884"), (.deferConnect, " defer_connect")]
            for (flag, name) in names where flags.contains(flag) { extra += name }
            extra += ")"
            line.add("inet_sockopt", .unsigned(UInt64(flags.rawValue)))
        }
        if options.memory || (options.info && number != 17) {
            if !options.oneline { extra += "\n\t" }
            if number == InetDiagRequest.IPProtocol.mptcp {
                extra += SSTCPInfo.mptcpText(socket)
            } else {
                extra += SSTCPInfo.text(socket, showOptions: options.showOptions, numeric: options.numeric,
                                        host: { address in (self.options.resolve ? Self.hostName(address) : nil) ?? address.description },
                                        direct: { text in if !self.json { self.output.write(text) } })
            }
            if let words = socket.socketMemory { line.add("skmem", Self.skmemJSON(words)) }
            if options.info, let info = socket.tcpInfo {
                line.add(number == InetDiagRequest.IPProtocol.mptcp ? "mptcp_info" : "tcp_info", .string(info.map { Self.hex2($0) }.joined()))
            }
            if options.info, let keys = socket.md5Keys, !keys.isEmpty {
                let texts = keys.map { key in Self.jsonString(Array(("\(key.address)/\(key.prefixLength)=" + SSTCPInfo.escaped(key.key)).utf8)) }
                line.add("md5keys", .number("[" + texts.joined(separator: ",") + "]"))
            }
            if options.info, let name = socket.upperLayerProtocol?.name { line.add("tcp_ulp", .string(name)) }
        }
        line.extra = extra.rawBytes
        emit(line)
    }

    static func hex2(_ byte: UInt8) -> String { byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }

    /// ss's `inet_addr_print` address: IPv4 as it is; IPv6 `*` for any (unless v6only), else in
    /// brackets; `%NAME` for a bound interface. With `-r`, the host's name where it resolves.
    func address(_ address: IPAddress, v6only: Bool, interface: UInt32) -> [UInt8] {
        var text: [UInt8]
        switch address {
        case .v4(let v4):
            if options.resolve, let name = Self.hostName(address) {
                text = Array(name.utf8)
            } else {
                text = []
                text.reserveCapacity(24)
                ByteText.append(v4, to: &text)
            }
        case .v6(let v6):
            if !v6only, v6 == IPv6Address(bytes: [UInt8](repeating: 0, count: 16))! {
                text = [UInt8(ascii: "*")]
            } else {
                let shown = (options.resolve ? Self.hostName(address) : nil) ?? v6.description
                text = Array((shown.contains(":") ? "[\(shown)]" : shown).utf8)
            }
        }
        if interface != 0 { text += [UInt8(ascii: "%")] + interfaceName(interface) }
        return text
    }

    /// `address(...)` and its `:`, appended.
    func appendAddress(_ address: IPAddress, v6only: Bool, interface: UInt32, to buffer: inout [UInt8]) {
        if case .v4(let v4) = address, !options.resolve, interface == 0 {
            ByteText.append(v4, to: &buffer)
        } else {
            buffer += self.address(address, v6only: v6only, interface: interface)
        }
        buffer.append(UInt8(ascii: ":"))
    }

    /// `service(...)`, appended (numbers without an array of their own).
    func appendService(_ port: UInt16, protocol number: UInt32, to buffer: inout [UInt8]) {
        if port != 0, options.numeric || number == 255 {
            ByteText.append(decimal: UInt64(port), to: &buffer)
        } else {
            buffer += service(port, protocol: number)
        }
    }

    /// Whether an inet socket's line is its columns alone.
    var plainText: Bool {
        !json && !options.showOptions && options.details == 0 && !options.memory && !options.info && !options.tos && !options.cgroup && !options.inetSockopt
    }

    /// iproute2's `resolve_address` (`gethostbyaddr`).
    static func hostName(_ address: IPAddress) -> String? { HostNames.lookup(address) }

    static func protocolName(_ number: UInt32) -> String {
        switch number {
        case 0: "raw"
        case 17: "udp"
        case 6: "tcp"
        case 262: "mptcp"
        case 132: "sctp"
        case 33: "dccp"
        case 58: "icmp6"
        default: "???"
        }
    }

    static func stateName(_ state: UInt8) -> String {
        let names = ["UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN",
                     "CLOSING"]
        return Int(state) < names.count ? names[Int(state)] : "UNKNOWN"
    }

    // MARK: RAW from /proc

    /// ss's `raw_show` fallback: this kernel has no RAW diag, so ss reads `/proc/net/raw` and
    /// `/proc/net/raw6` (of the namespace). Each line is checked by the filter and printed as a
    /// socket of protocol 0 whose "port" is its IP protocol (named unless `-n`).
    func showRawFromProc() async -> Bool {
        for (family, file) in [(AddressFamily.inet, "raw"), (.inet6, "raw6")] where selection.has(family) {
            guard let bytes = (try? await ProcFiles.net([file], namespace: namespace))?.first ?? nil else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            for row in text.split(separator: "\n").dropFirst() {
                guard let socket = Self.procRawSocket(row, family: family),
                      selection.states & (1 << UInt32(socket.state)) != 0 else { continue }
                if let filter, !filter.matches(SSFilter.Socket(family: family, localPort: Int64(socket.localPort), remotePort: Int64(socket.remotePort),
                                                               local: socket.local.bytes, remote: socket.remote.bytes),
                                               ephemeral: ephemeralPorts) { continue }
                var line = SSLine(netid: "raw", state: Self.stateName(socket.state), receiveQueue: socket.receiveQueue, sendQueue: socket.sendQueue,
                                  local: address(socket.local, v6only: false, interface: 0) + [UInt8(ascii: ":")],
                                  localPort: rawProtocol(socket.localPort),
                                  peer: address(socket.remote, v6only: false, interface: 0) + [UInt8(ascii: ":")],
                                  peerPort: rawProtocol(socket.remotePort), wantsJSON: json)
                line.addresses([("local_address", .string(socket.local.description)), ("protocol", .unsigned(UInt64(socket.localPort))),
                                      ("peer_address", .string(socket.remote.description))])
                line.extra = usersText(socket.inode, into: &line).rawBytes
                // No -e details: ss's dgram_show_line counts eight conversions where it wants nine
                // and so never prints the options it reads; -o has no timer here.
                emit(line)
            }
        }
        return true
    }

    /// iproute2's `inet_proto_n2a` for a raw socket's port: `*` for 0, the protocol's name unless `-n`.
    func rawProtocol(_ number: UInt16) -> String {
        if number == 0 { return "*" }
        if !options.numeric, let entry = getprotobynumber(Int32(number)) { return String(cString: entry.pointee.p_name) }
        return String(number)
    }

    struct ProcSocket {
        var local: IPAddress, localPort: UInt16, remote: IPAddress, remotePort: UInt16
        var state: UInt8, sendQueue: Int64, receiveQueue: Int64, uid: UInt32, inode: UInt32, pointer: String
    }

    /// A line of `/proc/net/raw{,6}`: `sl local:port remote:port st tx:rx tr:when retr uid timeout inode ref pointer drops`.
    static func procRawSocket(_ row: Substring, family: AddressFamily) -> ProcSocket? {
        let fields = row.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 12 else { return nil }
        func endpoint(_ field: Substring) -> (IPAddress, UInt16)? {
            let parts = field.split(separator: ":")
            guard parts.count == 2, let port = UInt16(parts[1], radix: 16) else { return nil }
            let hex = Array(parts[0])
            var bytes: [UInt8] = []
            // Each 32-bit word in host order (little-endian here), as the kernel prints it with %08X.
            for word in stride(from: 0, to: hex.count, by: 8) {
                guard let value = UInt32(String(hex[word..<min(word + 8, hex.count)]), radix: 16) else { return nil }
                bytes += withUnsafeBytes(of: value) { Array($0) }
            }
            let address: IPAddress? = bytes.count == 4 ? .v4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3])) : IPv6Address(bytes: bytes).map { .v6($0) }
            return address.map { ($0, port) }
        }
        guard let (local, localPort) = endpoint(fields[1]), let (remote, remotePort) = endpoint(fields[2]),
              let state = UInt8(fields[3], radix: 16) else { return nil }
        let queues = fields[4].split(separator: ":")
        guard queues.count == 2, let tx = Int64(queues[0], radix: 16), let rx = Int64(queues[1], radix: 16),
              let uid = UInt32(fields[7]), let inode = UInt32(fields[9]) else { return nil }
        let pointer = String(UInt64(fields[11], radix: 16) ?? 0, radix: 16)
        return ProcSocket(local: local, localPort: localPort, remote: remote, remotePort: remotePort, state: state, sendQueue: tx, receiveQueue: rx,
                          uid: uid, inode: inode, pointer: pointer)
    }

    static func readWholeFile(_ path: String) -> String? {
        ProcFiles.bytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: unix

    /// ss's `unix_show_netlink` and `unix_show_sock`.
    func showUnix() async throws(NetlinkError) {
        let connection = try diagConnection()
        var show: UnixDiagAttribute.Show = [.name, .peer, .queueLengths]
        if options.memory { show.insert(.memoryInfo) }
        if options.details > 0 { show.formUnion([.vfs, .icons]) }
        guard case .sockets(let stream) = try await connection.unixSocketStream(UnixDiagRequest(states: TCPStates(rawValue: selection.states), show: show))
        else { return }
        for try await socket in stream {
            let table: SSSelection.Table = switch Int32(socket.type) {
            case Int32(SOCK_STREAM.rawValue): .unixStream
            case Int32(SOCK_SEQPACKET.rawValue): .unixSeqpacket
            default: .unixDatagram
            }
            guard selection.tables.contains(table) else { continue }
            let name = socket.name.map(Self.unixName)
            if let filter, !filter.matches(SSFilter.Socket(family: .unix, localPort: Int64(socket.inode), remotePort: Int64(socket.peer ?? 0),
                                                           localName: name), ephemeral: ephemeralPorts) { continue }
            let queues = socket.queueLengths
            var line = SSLine(netid: table == .unixStream ? "u_str" : table == .unixSeqpacket ? "u_seq" : "u_dgr",
                              state: Self.stateName(socket.state.rawValue),
                              receiveQueue: Int64(Int32(bitPattern: queues?.receive ?? 0)), sendQueue: Int64(Int32(bitPattern: queues?.send ?? 0)),
                              local: (name ?? [UInt8(ascii: "*")]) + [32], localPort: String(socket.inode),
                              peer: [UInt8(ascii: "*"), 32], peerPort: String(socket.peer ?? 0), wantsJSON: json)
            line.addresses([("local_address", .string(name.map { String(rawBytes: $0) } ?? "*")), ("local_port", .unsigned(UInt64(socket.inode))),
                                  ("peer_address", .string("*")), ("peer_port", .unsigned(UInt64(socket.peer ?? 0)))])
            var extra = usersText(socket.inode, into: &line)
            if options.memory, let words = socket.memory {
                extra += Self.skmem(words)
                line.add("skmem", Self.skmemJSON(words))
            }
            if options.details > 0 {
                if let shutdown = socket.shutdown {
                    extra += " " + (shutdown & 1 != 0 ? "-" : "<") + "-" + (shutdown & 2 != 0 ? "-" : ">")
                    line.add("shutdown", .unsigned(UInt64(shutdown)))
                }
                if let vfs = socket.vfs {
                    let device = UInt64(vfs.device)
                    let major = (device >> 8) & 0xFFF | (device >> 32) & ~0xFFF
                    let minor = device & 0xFF | (device >> 12) & ~0xFF
                    extra += " ino:\(vfs.inode) dev:\(major)/\(minor)"
                    line.addMany([("vfs_inode", .unsigned(UInt64(vfs.inode))), ("vfs_device", .string("\(major)/\(minor)"))])
                }
                if let pending = socket.pendingConnections {
                    extra += " peers:" + pending.map { " \($0)" }.joined()
                    line.add("peers", .number("[" + pending.map(String.init).joined(separator: ",") + "]"))
                }
            }
            line.extra = extra.rawBytes
            emit(line)
        }
    }

    /// The name as ss prints it: an abstract name's NULs as `@`; a path up to its first NUL.
    static func unixName(_ raw: [UInt8]) -> [UInt8] {
        guard let first = raw.first else { return [] }
        if first == 0 { return raw.map { $0 == 0 ? UInt8(ascii: "@") : $0 } }
        return Array(raw.prefix { $0 != 0 })
    }

    // MARK: netlink

    /// ss's `netlink_show_netlink` and `netlink_show_one`.
    func showNetlink() async throws(NetlinkError) {
        let connection = try diagConnection()
        let sockets = try await connection.netlinkSockets(NetlinkDiagRequest(protocol: 0xFF, show: [.groups, .memoryInfo]))
        for socket in sockets {
            let pid = Int32(bitPattern: socket.portID)
            if let filter, !filter.matches(SSFilter.Socket(family: .netlink, localPort: Int64(pid), remotePort: -1,
                                                           local: withUnsafeBytes(of: UInt32(socket.protocol)) { Array($0) }),
                                           ephemeral: ephemeralPorts) { continue }
            let memory = socket.memory ?? []
            let protocolName = options.numeric ? String(socket.protocol) : Self.netlinkProtocolName(socket.protocol)
            var line = SSLine(netid: "nl", state: "UNCONN", receiveQueue: Int64(Int32(bitPattern: memory.first ?? 0)),
                              sendQueue: Int64(Int32(bitPattern: memory.count > 2 ? memory[2] : 0)),
                              local: Array(protocolName.utf8) + [UInt8(ascii: ":")], localPort: processName(pid), peer: [], peerPort: "", wantsJSON: json)
            if socket.state == 1 {
                line.peer = Array("\(Int32(bitPattern: socket.destinationGroup)):".utf8)
                line.peerPort = Array(String(Int32(bitPattern: socket.destinationPortID)).utf8)
            } else {
                line.peer = [UInt8(ascii: "*")]
            }
            line.addresses([("protocol", .unsigned(UInt64(socket.protocol))), ("port_id", .signed(Int64(pid)))])
            if socket.state == 1 {
                if json { line.jsonAddresses += [("peer_group", .unsigned(UInt64(socket.destinationGroup))), ("peer_port_id", .unsigned(UInt64(socket.destinationPortID)))] }
            }
            var extra = ""
            if options.details > 0 {
                let groups = socket.groups?.first ?? 0
                extra += " sk=0 cb=0 groups=0x" + Self.hex8(groups)
                line.add("groups", .unsigned(UInt64(groups)))
            }
            if options.memory {
                extra += "\t" + Self.skmem(memory)
                line.add("skmem", Self.skmemJSON(memory))
            }
            line.extra = extra.rawBytes
            emit(line)
        }
    }

    static func hex8(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// The netlink port's owner as ss names it: `*` for -1, `kernel` for 0, `COMM/PID` from
    /// `/proc/PID/stat` for a process (with `-n`, or when none, the number).
    func processName(_ pid: Int32) -> String {
        if pid == -1 { return "*" }
        if options.numeric { return String(pid) }
        if pid == 0 { return "kernel" }
        if pid > 0, let stat = Self.readFile("/proc/\(pid)/stat"), let open = stat.firstIndex(of: "("),
           let close = stat[open...].firstIndex(of: ")") {
            return String(stat[stat.index(after: open)..<close].prefix(63)) + "/\(pid)"
        }
        return String(pid)
    }

    /// iproute2's `nl_proto_n2a` table.
    static func netlinkProtocolName(_ number: UInt8) -> String {
        netlinkProtocolNames[number] ?? String(number)
    }

    /// iproute2's `nl_proto_n2a` names.
    static let netlinkProtocolNames: [UInt8: String] = [
        0: "rtnl", 1: "unused", 2: "usersock", 3: "fw", 4: "tcpdiag", 5: "nflog", 6: "xfrm", 7: "selinux", 8: "iscsi", 9: "audit", 10: "fiblookup",
        11: "connector", 12: "nft", 13: "ip6fw", 14: "dec-rt", 15: "uevent", 16: "genl", 18: "scsi-trans", 19: "ecryptfs", 20: "rdma", 21: "crypto",
    ]

    // MARK: packet

    /// ss's `packet_show_netlink` and `packet_show_sock`.
    func showPacket() async throws(NetlinkError) {
        let connection = try diagConnection()
        let sockets = try await connection.packetSockets(PacketDiagRequest(show: [.info, .memoryInfo, .filter, .rings, .fanout]))
        for socket in sockets {
            guard let memory = socket.memory else { continue }
            let index = socket.interfaceIndex ?? 0
            if let filter, !filter.matches(SSFilter.Socket(family: .packet, localPort: Int64(index),
                                                           local: withUnsafeBytes(of: UInt32(socket.protocolNumber)) { Array($0) },
                                                           packetProtocolZero: socket.protocolNumber & 0xFF == 0),
                                           ephemeral: ephemeralPorts) { continue }
            if index != 0 { await loadLinks() }
            let raw = Int32(socket.type) == Int32(SOCK_RAW.rawValue)
            var line = SSLine(netid: raw ? "p_raw" : "p_dgr", state: "UNCONN", receiveQueue: Int64(Int32(bitPattern: memory.first ?? 0)), sendQueue: 0,
                              local: Array(Self.linkProtocolName(socket.protocolNumber, numeric: options.numeric).utf8) + [UInt8(ascii: ":")],
                              localPort: index == 0 ? "*" : String(rawBytes: interfaceName(index)), peer: [UInt8(ascii: "*")], peerPort: "", wantsJSON: json)
            line.addresses([("protocol", .unsigned(UInt64(socket.protocolNumber))), ("interface", .string(index == 0 ? "*" : String(rawBytes: interfaceName(index))))])
            var extra = usersText(socket.inode, into: &line)
            if options.details > 0 {
                if let uid = socket.uid, uid != 0 { extra += " uid:\(uid)" }
                extra += " ino:\(socket.inode) sk:" + String(socket.cookie, radix: 16)
                line.addMany([("uid", .unsigned(UInt64(socket.uid ?? 0))), ("inode", .unsigned(UInt64(socket.inode)))])
                if let info = socket.info {
                    extra += (options.oneline ? " " : "\n\t") + "ver:\(Int32(bitPattern: info.version)) cpy_thresh:\(Int32(bitPattern: info.copyThreshold)) flags( "
                    let names = [(UInt32(1), "running"), (2, " auxdata"), (4, " origdev"), (8, " vnethdr"), (16, " loss")]
                    for (bit, name) in names where info.flags & bit != 0 { extra += name }
                    if info.flags == 0 { extra += "0" }
                    extra += " )"
                }
                if let fanout = socket.fanout {
                    let types = ["hash", "lb", "cpu", "roll", "random", "qm"]
                    let type = Int(fanout >> 16 & 0xFF)
                    extra += (options.oneline ? " " : "\n\t") + "fanout(id:\(fanout & 0xFFFF),type:" + (type < types.count ? types[type] : "0x\(String(type, radix: 16))")
                    if fanout >> 16 & 0x1000 != 0 { extra += ",defrag" }
                    if fanout >> 16 & 0x8000 != 0 { extra += ",rollover" }
                    extra += ")"
                }
            }
            if options.memory {
                extra += Self.skmem(memory)
                line.add("skmem", Self.skmemJSON(memory))
            }
            line.extra = extra.rawBytes
            emit(line)
        }
    }

    /// iproute2's `ll_proto_n2a`: `*` for ETH_P_ALL (ss's own rule), the name, or `[N]`.
    /// iproute2's `llproto_names`.
    static let linkProtocolNames: [UInt16: String] = [
        0x0060: "loop", 0x0200: "pup", 0x0201: "pupat", 0x0800: "ip", 0x0805: "x25", 0x0806: "arp", 0x08FF: "bpq", 0x0A00: "ieeepup",
        0x0A01: "ieeepupat", 0x6000: "dec", 0x6001: "dna_dl", 0x6002: "dna_rc", 0x6003: "dna_rt", 0x6004: "lat", 0x6005: "diag", 0x6006: "cust",
        0x6007: "sca", 0x8035: "rarp", 0x809B: "atalk", 0x80F3: "aarp", 0x8137: "ipx", 0x86DD: "ipv6", 0x8863: "ppp_disc", 0x8864: "ppp_ses",
        0x884C: "atmmpoa", 0x8884: "atmfate", 0x0001: "802_3", 0x0002: "ax25", 0x0004: "802_2", 0x0005: "snap", 0x0006: "ddcmp",
        0x0007: "wan_ppp", 0x0008: "ppp_mp", 0x0009: "localtalk", 0x000C: "can", 0x0010: "ppptalk", 0x0011: "tr_802_2", 0x0015: "mobitex",
        0x0016: "control", 0x0017: "irda", 0x0018: "econet", 0x88CA: "tipc", 0x8892: "profinet", 0x88A2: "aoe", 0x88A4: "ethercat",
        0x8100: "802.1Q", 0x88A8: "802.1ad", 0x8847: "mpls_uc", 0x8848: "mpls_mc", 0x6558: "teb", 0x88CC: "LLDP",
    ]

    /// The numbers of ``linkProtocolNames`` by their names in ASCII lower case (`ll_proto_a2n`'s
    /// `strcasecmp`).
    static let linkProtocolNumbers: [String: UInt16] = Dictionary(
        uniqueKeysWithValues: linkProtocolNames.map { (asciiLowercased($0.value), $0.key) })

    /// `name` with A-Z as a-z and every other byte kept.
    static func asciiLowercased(_ name: String) -> String {
        String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    static func linkProtocolName(_ number: UInt16, numeric: Bool) -> String {
        if number == 3 { return "*" }
        if !numeric, let name = linkProtocolNames[number] { return name }
        return "[\(number)]"
    }

    // MARK: events

    /// `ss -E`: the destroy groups of the selected tables and families, each socket printed as it
    /// is freed (rendered at once, as ss renders per event).
    func followEvents() async -> Int32 {
        var groups: [UInt32] = []
        if selection.has(.inet), selection.tables.contains(.tcp) { groups.append(SockDiagGroup.tcp4Destroy) }
        if selection.has(.inet), selection.tables.contains(.udp) { groups.append(SockDiagGroup.udp4Destroy) }
        if selection.has(.inet6), selection.tables.contains(.tcp) { groups.append(SockDiagGroup.tcp6Destroy) }
        if selection.has(.inet6), selection.tables.contains(.udp) { groups.append(SockDiagGroup.udp6Destroy) }
        guard !groups.isEmpty else { return 0 }
        do throws(NetlinkError) {
            // The header stays in the columns until the first event renders (as ss's does).
            let events = try await diagConnection().inetSocketEvents(groups: groups)
            for try await event in events {
                // Every event renders, shown or not (ss's generic_show_sock): the first one prints
                // the header even when its socket is filtered out.
                if case .destroyed(let socket) = event, selection.has(socket.family),
                   filter.map({ $0.matches(Self.filterView(socket), ephemeral: ephemeralPorts) }) ?? true {
                    await showInetSocket(socket, protocol: 263)
                }
                if json {
                    if !jsonObjects.isEmpty { output.write(jsonObjects.joined(separator: "\n") + "\n") }
                    jsonObjects.removeAll()
                } else {
                    table.render()
                }
                output.flush()
            }
        } catch {
            printError("nlctl ss: \(error.errno?.description ?? "\(error)")")
            return 1
        }
        return 0
    }
}

/// cgroup v2 paths by ID (iproute2's `cg_id_to_path`): the tree of the cgroup2 mount walked once;
/// `unreachable:ID` (hexadecimal) for an ID not found, and on a host without cgroup2 — without
/// ss's "Failed to find cgroup2 mount" on standard error for every socket.
///
/// In a namespace (`-N`, nlctl's `-n`) the mount is not looked for: ss switches namespaces with
/// iproute2's `netns_switch`, which enters a new mount namespace with a fresh /sys where no cgroup2
/// is mounted, so ss prints `unreachable:ID` there; nlctl prints the same.
enum SSCgroups {
    nonisolated(unsafe) private static var paths: [UInt64: String]?
    /// Whether the cgroup2 mount is looked for (not in another namespace).
    nonisolated(unsafe) static var mountVisible = true

    static func path(of id: UInt64) -> String {
        if paths == nil { paths = walk() }
        return paths?[id] ?? "unreachable:" + String(id, radix: 16)
    }

    /// The ID of the cgroup at `path` (relative to the cgroup2 mount, or absolute under it).
    static func id(ofPath path: String) -> UInt64? {
        guard let mount = mountPoint() else { return nil }
        let full = path.hasPrefix(mount) ? path : mount + (path.hasPrefix("/") ? path : "/" + path)
        return handleID(full)
    }

    private static func mountPoint() -> String? {
        guard mountVisible, let text = SSSession.readWholeFile("/proc/mounts") else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 3, fields[2] == "cgroup2" { return String(fields[1]) }
        }
        return nil
    }

    /// A cgroup2 directory's ID: its inode number (kernfs gives each node its 64-bit ID as inode).
    private static func handleID(_ path: String) -> UInt64? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return UInt64(status.st_ino)
    }

    private static func walk() -> [UInt64: String] {
        guard let mount = mountPoint() else { return [:] }
        var found: [UInt64: String] = [:]
        var pending = [mount]
        while let directory = pending.popLast(), found.count < 100_000 {
            if let id = handleID(directory) {
                let relative = String(directory.dropFirst(mount.count))
                found[id] = relative.isEmpty ? "/" : relative
            }
            guard let stream = opendir(directory) else { continue }
            while let entry = readdir(stream) {
                let name = directoryEntryName(entry)
                if entry.pointee.d_type == UInt8(DT_DIR), name != ".", name != ".." { pending.append(directory + "/" + name) }
            }
            closedir(stream)
        }
        return found
    }
}
