import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import SystemPackage

/// `nlctl [-n NETNS] [-j] raw --family FAMILY --type TYPE [--flags LIST] [--dump] [--header HEX]
/// [--command CMD [--version V]] [--attribute TYPE:FORMAT:VALUE ...] [--socket raw|dgram]
/// [--seq N] [--timeout SECONDS] [--groups G,...] [--listen]`: one message of any family, built from its parts, sent to the
/// kernel; every datagram of the answer printed with the library's message dump, until the
/// acknowledgement, the error, the dump's `NLMSG_DONE`, or `--timeout` seconds of silence (for a
/// message nothing answers). No reference tool does this; the words are nlctl's:
///
/// ```text
/// $ nlctl raw --family route --type RTM_GETLINK --header '00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00'
/// RTM_NEWLINK (16) len=1320 flags=0 seq=1 port=4017
///   family header (16 bytes): 00 00 04 03 01 00 00 00 49 00 01 00 00 00 00 00
///   [3] len=7: 6c 6f 00  "lo."
///   ...
/// NLMSG_ERROR (2) len=36 flags=0x100 seq=1 port=4017
///   error: 0 (ACK)
///   ...
/// ```
/// `-j`: one object per message (`type`, `type_name`, `flags`, `seq`, `port`, `payload` in hex,
/// `error` for `NLMSG_ERROR`). Exit status: 0 when the answer ended well (an acknowledgement, a
/// dump's `NLMSG_DONE` of 0, or silence); 2 with the kernel's error — also for a family this
/// kernel lacks, `nlctl raw: NETLINK_CRYPTO (21) is not supported by this kernel`; 1 when a system
/// call failed; 255 for bad arguments.
enum RawTool: NlctlTool {
    static let name = "raw"

    static let usage = """
        Usage: nlctl [ -n NETNS ] [ -j ] raw --family FAMILY --type TYPE [ OPTIONS ]
        FAMILY := route | usersock | sock_diag | xfrm | selinux | audit | fib_lookup | connector |
                  netfilter | kobject_uevent | generic | ... | NETLINK_NAME | NUMBER
        TYPE := NUMBER | NLMSG_NOOP | NLMSG_ERROR | NLMSG_DONE | RTM_NAME (route)
                | GENERIC_FAMILY_NAME (generic: its ID, asked of nlctrl)
        OPTIONS := --flags FLAG[,FLAG...]   request ack echo root match atomic dump replace excl
                                            create append nonrec capped ack-tlvs, or a NUMBER
                                            (default request,ack; request,dump with --dump)
                   --dump                   NLM_F_DUMP
                   --header HEX             the family header's bytes (spaces and colons allowed)
                   --command CMD [ --version V ]   generic: struct genlmsghdr (version 1 by default)
                   --attribute TYPE:FORMAT:VALUE   FORMAT := u8 | u16 | u32 | u64 | s8 | s16 | s32
                                            | s64 | be16 | be32 | be64 | string | bytes | flag
                                            | ipv4 | ipv6 | mac; TYPE a NUMBER, +N for nested
                   --socket raw | dgram     SOCK_RAW (default) or SOCK_DGRAM
                   --seq N                  the sequence number (default 1)
                   --groups G[,G...]        join these multicast groups first
                   --listen                 send nothing: print what arrives (with --groups)
                   --timeout SECONDS        silence that ends the wait (default 1)
        """

    /// One attribute of `--attribute`.
    struct Attribute: Equatable {
        var type: UInt16
        var payload: [UInt8]
    }

    /// What the command line asks for.
    struct Request: Equatable {
        var family: NetlinkFamily
        /// A number, or a generic family's name to look up.
        var type: TypeWord
        var flags: NetlinkMessageFlags?
        var dump = false
        var header: [UInt8] = []
        var command: UInt8?
        var version: UInt8 = 1
        var attributes: [Attribute] = []
        var socketType: NetlinkSocketType = .raw
        var sequence: UInt32 = 1
        var timeout: Duration = .seconds(1)
        /// `--groups`: joined before anything is sent.
        var groups: [UInt32] = []
        /// `--listen`: nothing is sent; what arrives is printed.
        var listen = false

        enum TypeWord: Equatable {
            case number(UInt16)
            case genericFamily(String)
        }

        /// The flags sent.
        var effectiveFlags: NetlinkMessageFlags {
            var flags = self.flags ?? (dump ? [.request] : [.request, .acknowledge])
            if dump { flags.formUnion(.dump) }
            return flags
        }

        /// The message, its type known.
        func bytes(type: NetlinkMessageType) throws -> [UInt8] {
            var builder = NetlinkMessageBuilder()
            try builder.message(type: type, flags: effectiveFlags, sequence: sequence, portID: 0) { body in
                if let command { body.append(bytes: [command, version, 0, 0]) }
                body.append(bytes: header)
                body.padToAlignment()
                for attribute in attributes { try body.appendAttribute(attribute.type, bytes: attribute.payload) }
            }
            return builder.bytes
        }
    }

    enum Parsed: Equatable {
        case send(Request)
        case exit(message: String, status: Int32, toStandardOutput: Bool)
    }

    /// The families by name: the C names without `NETLINK_`, lower-cased, and a few synonyms.
    static func family(_ word: String) -> NetlinkFamily? {
        if let number = InetText.unsigned(word) { return number < 32 ? NetlinkFamily(Int32(number)) : nil }
        var name = word.lowercased()
        if name.hasPrefix("netlink_") { name.removeFirst("netlink_".count) }
        let synonyms: [String: NetlinkFamily] = [
            "inet_diag": .sockDiag, "sockdiag": .sockDiag, "uevent": .kobjectUevent, "genl": .generic, "rtnetlink": .route,
            "nfnetlink": .netfilter, "fib": .fibLookup, "cn": .connector,
        ]
        if let family = synonyms[name] { return family }
        return NetlinkFamily.allKnown.first { $0.description.lowercased() == "netlink_" + name }
    }

    static let controlTypes: [String: UInt16] = ["NLMSG_NOOP": 1, "NLMSG_ERROR": 2, "NLMSG_DONE": 3, "NLMSG_OVERRUN": 4]

    static let flagNames: [(String, UInt16)] = [
        ("request", 0x1), ("multi", 0x2), ("ack", 0x4), ("echo", 0x8), ("dump-intr", 0x10), ("dump-filtered", 0x20),
        ("root", 0x100), ("match", 0x200), ("atomic", 0x400), ("dump", 0x300),
        ("replace", 0x100), ("excl", 0x200), ("create", 0x400), ("append", 0x800),
        ("nonrec", 0x100), ("bulk", 0x200), ("capped", 0x100), ("ack-tlvs", 0x200),
    ]

    static func parse(_ arguments: [String]) -> Parsed {
        var family: NetlinkFamily?
        var typeText: String?
        var request = Request(family: .route, type: .number(0))
        var index = 0
        func fail(_ text: String) -> Parsed { .exit(message: "nlctl raw: " + text, status: 255, toStandardOutput: false) }
        while index < arguments.count {
            var word = arguments[index]
            index += 1
            if word == "-h" || word == "--help" || word == "help" { return .exit(message: usage, status: 0, toStandardOutput: true) }
            var inline: String?
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                inline = String(word[word.index(after: equals)...])
                word = String(word[..<equals])
            }
            if word == "--dump" || word == "--listen" {
                guard inline == nil else { return fail("option '\(word)' takes no value") }
                if word == "--dump" { request.dump = true } else { request.listen = true }
                continue
            }
            let options = ["--family", "--type", "--flags", "--header", "--command", "--version", "--attribute", "--socket", "--seq", "--timeout", "--groups"]
            guard options.contains(word) else { return fail("unknown option \"\(word)\"; try \"nlctl raw help\"") }
            let value: String
            if let inline {
                value = inline
            } else {
                guard index < arguments.count else { return fail("option \"\(word)\" needs a value") }
                value = arguments[index]
                index += 1
            }
            switch word {
            case "--family":
                guard let found = Self.family(value) else { return fail("\"\(value)\" is not a netlink family (a name such as route or generic, or a number below 32)") }
                family = found
            case "--type": typeText = value
            case "--flags":
                var flags: UInt16 = 0
                for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                    if let bit = flagNames.first(where: { $0.0 == part })?.1 {
                        flags |= bit
                    } else if let number = InetText.unsigned(String(part)), let bits = UInt16(exactly: number) {
                        flags |= bits
                    } else {
                        return fail("\"\(part)\" is not a flag (request, ack, echo, root, match, atomic, dump, replace, excl, create, append, nonrec, capped, ack-tlvs, or a number below 65536)")
                    }
                }
                request.flags = NetlinkMessageFlags(rawValue: flags)
            case "--header":
                guard let bytes = hexBytes(value) else { return fail("\"\(value)\" is not hex bytes") }
                request.header = bytes
            case "--command", "--version":
                guard let number = InetText.unsigned(value), let byte = UInt8(exactly: number) else {
                    return fail("\"\(value)\" is not a number from 0 to 255 (\(word))")
                }
                if word == "--command" { request.command = byte } else { request.version = byte }
            case "--attribute":
                switch attribute(value) {
                case .success(let parsed): request.attributes.append(parsed)
                case .failure(let message): return fail(message.text)
                }
            case "--socket":
                switch value {
                case "raw": request.socketType = .raw
                case "dgram": request.socketType = .datagram
                default: return fail("\"\(value)\" is not a socket type (raw or dgram)")
                }
            case "--groups":
                for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let group = InetText.unsigned(String(part)), group > 0 else { return fail("\"\(part)\" is not a multicast group (1 to 4294967295)") }
                    request.groups.append(group)
                }
            case "--seq":
                guard let number = InetText.unsigned(value) else { return fail("\"\(value)\" is not a sequence number (0 to 4294967295)") }
                request.sequence = number
            default:  // --timeout
                guard let seconds = Double(value), seconds.isFinite, seconds >= 0, seconds <= 3600 else {
                    return fail("\"\(value)\" is not a timeout (0 to 3600 seconds)")
                }
                request.timeout = .milliseconds(Int64(seconds * 1000))
            }
        }
        guard let family else { return fail("--family is required; try \"nlctl raw help\"") }
        request.family = family
        if request.listen {
            guard typeText == nil, !request.dump, request.command == nil, request.attributes.isEmpty, request.header.isEmpty else {
                return fail("--listen sends nothing: it takes no --type, --dump, --header, --command or --attribute")
            }
            return .send(request)
        }
        guard let typeText else { return fail("--type is required; try \"nlctl raw help\"") }
        if let number = InetText.unsigned(typeText) {
            guard let type = UInt16(exactly: number) else { return fail("\"\(typeText)\" is not a message type (0 to 65535)") }
            request.type = .number(type)
        } else if let type = controlTypes[typeText] {
            request.type = .number(type)
        } else if family == .route, let type = RawRouteSchema.types.first(where: { $0.value == typeText })?.key {
            request.type = .number(type)
        } else if family == .generic {
            request.type = .genericFamily(typeText)
        } else {
            return fail("\"\(typeText)\" is not a message type of \(family) (give a number)")
        }
        if request.command != nil && family != .generic { return fail("--command builds struct genlmsghdr: it needs --family generic") }
        return .send(request)
    }

    /// `AB CD`, `ab:cd`, `0xabcd`, `abcd`: bytes; `nil` for anything else (an odd digit count).
    static func hexBytes(_ text: String) -> [UInt8]? {
        var digits = text.lowercased().filter { $0 != " " && $0 != ":" }
        if digits.hasPrefix("0x") { digits.removeFirst(2) }
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        var iterator = digits.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let byte = UInt8(String([high, low]), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    struct Message: Error { var text: String }

    /// `TYPE:FORMAT:VALUE`; TYPE `+N` sets `NLA_F_NESTED` (the value is the nest's bytes).
    static func attribute(_ text: String) -> Result<Attribute, Message> {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return .failure(Message(text: "\"\(text)\" is not TYPE:FORMAT:VALUE")) }
        let nested = parts[0].hasPrefix("+")
        guard let number = InetText.unsigned(nested ? String(parts[0].dropFirst()) : parts[0]), number < 0x4000 else {
            return .failure(Message(text: "\"\(parts[0])\" is not an attribute type (0 to 16383, +N for nested)"))
        }
        let type = UInt16(number) | (nested ? 0x8000 : 0)
        let value = parts.count > 2 ? parts[2] : ""
        func bad(_ what: String) -> Result<Attribute, Message> { .failure(Message(text: "\"\(value)\" is not \(what) (attribute \(parts[0]))")) }
        func integer<T: FixedWidthInteger>(_: T.Type, bigEndian: Bool = false) -> Result<Attribute, Message> {
            let parsed: T?
            if T.isSigned {
                parsed = value.hasPrefix("-") ? InetText.unsigned64(String(value.dropFirst())).flatMap { $0 <= UInt64(T.max) + 1 ? T(truncatingIfNeeded: 0 &- Int64(bitPattern: $0)) : nil }
                    : InetText.unsigned64(value).flatMap { T(exactly: $0) }
            } else {
                parsed = InetText.unsigned64(value).flatMap { T(exactly: $0) }
            }
            guard let parsed else { return bad("a number of \(T.bitWidth) bits") }
            let stored = bigEndian ? parsed.bigEndian : parsed
            return .success(Attribute(type: type, payload: withUnsafeBytes(of: stored) { Array($0) }))
        }
        switch parts[1] {
        case "u8": return integer(UInt8.self)
        case "u16": return integer(UInt16.self)
        case "u32": return integer(UInt32.self)
        case "u64": return integer(UInt64.self)
        case "s8": return integer(Int8.self)
        case "s16": return integer(Int16.self)
        case "s32": return integer(Int32.self)
        case "s64": return integer(Int64.self)
        case "be16": return integer(UInt16.self, bigEndian: true)
        case "be32": return integer(UInt32.self, bigEndian: true)
        case "be64": return integer(UInt64.self, bigEndian: true)
        case "string": return .success(Attribute(type: type, payload: Array(value.utf8) + [0]))
        case "bytes":
            guard let bytes = hexBytes(value) else { return bad("hex bytes") }
            return .success(Attribute(type: type, payload: bytes))
        case "flag":
            guard value.isEmpty else { return bad("empty (a flag has no value)") }
            return .success(Attribute(type: type, payload: []))
        case "ipv4":
            guard let address = IPv4Address(value) else { return bad("an IPv4 address") }
            return .success(Attribute(type: type, payload: address.bytes))
        case "ipv6":
            guard let address = IPv6Address(value) else { return bad("an IPv6 address") }
            return .success(Attribute(type: type, payload: address.bytes))
        case "mac":
            guard let address = MACAddress(value) else { return bad("a hardware address") }
            return .success(Attribute(type: type, payload: address.bytes))
        default:
            return .failure(Message(text: "\"\(parts[1])\" is not an attribute format (u8 u16 u32 u64 s8 s16 s32 s64 be16 be32 be64 string bytes flag ipv4 ipv6 mac)"))
        }
    }

    static func run(_ arguments: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        let request: Request
        switch parse(arguments) {
        case .exit(let message, let status, let toStandardOutput):
            if toStandardOutput { output.write(message + "\n"); output.flush() } else { printError(message) }
            return status
        case .send(let parsed): request = parsed
        }
        let (opened, namespace) = options.openNamespace(refusingSandboxFor: "raw")
        guard opened else { return 1 }
        let familyName = "\(request.family) (\(request.family.rawValue))"
        let socket: NetlinkSocket
        do throws(NetlinkError) {
            let bound = request.groups.filter { $0 <= 32 }.reduce(UInt32(0)) { $0 | 1 << ($1 - 1) }
            socket = try await NetlinkSocket.open(family: request.family, type: request.socketType, namespace: namespace, groups: bound)
        } catch {
            if error.errno == .protocolNotSupported {
                printError("nlctl raw: \(familyName) is not supported by this kernel")
                return 2
            }
            printError("nlctl raw: " + (error.detail.map { "\($0): " } ?? "cannot open a \(familyName) socket: ") + (error.errno?.description ?? error.iproute2Description))
            return 1
        }
        defer { socket.close() }
        do throws(NetlinkError) {
            for group in request.groups where group > 32 { try socket.joinGroup(group) }
        } catch {
            printError("nlctl raw: " + (error.detail.map { "\($0): " } ?? "cannot join a group: ") + (error.errno?.description ?? error.iproute2Description))
            return 1
        }
        if request.listen { return receive(request, socket: socket, output: output, json: options.json) }
        let type: NetlinkMessageType
        switch request.type {
        case .number(let number): type = NetlinkMessageType(rawValue: number)
        case .genericFamily(let name):
            do throws(NetlinkError) {
                let connection = try await NetlinkConnection(family: .generic, namespace: namespace)
                defer { connection.close() }
                type = NetlinkMessageType(rawValue: try await connection.genericFamily(named: name).id)
            } catch {
                printError("nlctl raw: no generic netlink family \"\(name)\" here: \(error.errno?.description ?? error.iproute2Description)")
                return 2
            }
        }
        let bytes: [UInt8]
        do {
            bytes = try request.bytes(type: type)
        } catch {
            printError("nlctl raw: the message cannot be built: \(error)")
            return 255
        }
        do throws(NetlinkError) {
            try socket.send(bytes)
        } catch {
            if error.errno == .connectionRefused {
                printError("nlctl raw: no kernel socket of \(familyName) in this namespace answers (sendmsg: Connection refused)")
            } else {
                printError("nlctl raw: sendmsg: \(error.errno?.description ?? error.iproute2Description)")
            }
            return 1
        }
        return receive(request, socket: socket, output: output, json: options.json)
    }

    /// Prints every datagram until the answer ends; the exit status.
    static func receive(_ request: Request, socket: NetlinkSocket, output: BufferedOutput, json: Bool) -> Int32 {
        let dump = NetlinkMessageDump(schema: RawRouteSchema.schema(for: request.family), maximumHexBytes: 4096)
        var buffer: [UInt8] = []
        var kernelError: Int32?
        while true {
            let result: NetlinkReceiveResult
            do throws(NetlinkError) {
                result = try socket.receive(into: &buffer, timeout: request.timeout)
            } catch {
                printError("nlctl raw: recvmsg: \(error.errno?.description ?? error.iproute2Description)")
                return 1
            }
            switch result {
            case .timedOut, .wokenUp: return finish(kernelError)
            case .overrun:
                printError("nlctl raw: the receive buffer overran: messages were lost")
                return 1
            case .datagram(let info):
                let datagram = buffer.span.bytes.extracting(0..<info.length)
                if json { output.write(bytes: jsonLines(datagram, schema: dump.schema)) } else { output.write(dump.render(datagram: datagram)) }
                output.flush()
                var ended = false
                var messages = NetlinkMessages(datagram)
                while let message = try? messages.next() {
                    guard !request.listen, message.sequence == request.sequence else { continue }
                    if message.type == .error, let decoded = try? NetlinkErrorMessage(decoding: message) {
                        if decoded.error != 0 { kernelError = decoded.error }
                        ended = true
                    } else if message.type == .done, request.family != .connector, let decoded = try? NetlinkDoneMessage(decoding: message) {
                        if decoded.error != 0 { kernelError = decoded.error }
                        ended = true
                    }
                }
                if ended { return finish(kernelError) }
            }
        }
    }

    static func finish(_ kernelError: Int32?) -> Int32 {
        guard let kernelError else { return 0 }
        let errno = Errno(rawValue: kernelError == Int32.min ? Int32.max : -kernelError)
        printError("nlctl raw: the kernel answered error \(kernelError) (\(errno))")
        return 2
    }

    static func jsonLines(_ datagram: RawSpan, schema: any NetlinkFamilySchema) -> [UInt8] {
        var out: [UInt8] = []
        var messages = NetlinkMessages(datagram)
        while let message = try? messages.next() {
            var writer = JSONWriter(pretty: false)
            writer.startObject()
            writer.name("type")
            writer.value(.unsigned(UInt64(message.type.rawValue)))
            if let name = message.type.isControl ? message.type.description : schema.messageTypeName(message.type) {
                writer.name("type_name")
                writer.value(.string(name))
            }
            writer.name("flags")
            writer.value(.unsigned(UInt64(message.flags.rawValue)))
            writer.name("seq")
            writer.value(.unsigned(UInt64(message.sequence)))
            writer.name("port")
            writer.value(.unsigned(UInt64(message.portID)))
            if message.type == .error, let decoded = try? NetlinkErrorMessage(decoding: message) {
                writer.name("error")
                writer.value(.signed(Int64(decoded.error)))
                if let text = decoded.extendedAck?.message {
                    writer.name("extack")
                    writer.value(.string(text))
                }
            }
            writer.name("payload")
            writer.value(.string(LinkDetailsFormat.hexString(message.payload.withUnsafeBytes { Array($0) })))
            writer.endObject()
            out += writer.bytes + [10]
        }
        return out
    }
}
