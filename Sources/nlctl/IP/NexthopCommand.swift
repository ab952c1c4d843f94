import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl nexthop`: the commands of `ip nexthop` (iproute2 6.1's `ipnexthop.c` grammar and output).
enum NexthopCommand {
    static let usage = """
        Usage: nlctl nexthop { list | flush } [ protocol ID ] SELECTOR
               nlctl nexthop { add | replace } id ID NH [ protocol ID ]
               nlctl nexthop { get | del } id ID
               nlctl nexthop bucket list BUCKET_SELECTOR
               nlctl nexthop bucket get id ID index INDEX
        SELECTOR := [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ] [ groups ] [ fdb ]
        BUCKET_SELECTOR := SELECTOR | [ nhid ID ]
        NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ] |
                group GROUP [ fdb ] [ type TYPE [ RES_PARAMS ] ] }
        GROUP := [ <id[,weight]>/<id[,weight]>/... ]
        TYPE := { mpath | resilient }
        RES_PARAMS := [ buckets BUCKETS ] [ idle_timer IDLE ] [ unbalanced_timer UNBALANCED ]
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await list(&words, context: context, flush: false)
            return
        }
        if matches(command, "add") {
            try await modify(&words, context: context, replace: false)
        } else if matches(command, "replace") {
            try await modify(&words, context: context, replace: true)
        } else if matches(command, "delete") {
            try await delete(&words, context: context)
        } else if matches(command, "list") || matches(command, "lst") || matches(command, "show") {
            try await list(&words, context: context, flush: false)
        } else if matches(command, "get") {
            try await get(&words, context: context)
        } else if matches(command, "flush") {
            try await list(&words, context: context, flush: true)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else if matches(command, "bucket") {
            try await NexthopBucketCommand.run(&words, context: context)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl nexthop help\".", status: 255)
        }
    }

    static func parseID(_ text: String) throws(CommandError) -> UInt32 {
        guard let id = InetText.unsigned(text) else { throw CommandError.invalidArgument(text, "invalid id value") }
        return id
    }

    static func family(_ context: Context) -> AddressFamily {
        switch context.options.family {
        case .inet: 2
        case .inet6: 10
        default: 0
        }
    }

    // MARK: show, flush

    static func list(_ words: inout Words, context: Context, flush: Bool) async throws(CommandError) {
        var index: Int32?
        var master: Int32?
        var groups = false
        var fdb = false
        var proto: UInt8?
        while let word = words.next() {
            if matches(word, "dev") {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "Device does not exist\n") }
                index = found
            } else if matches(word, "groups") {
                groups = true
            } else if matches(word, "master") {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "Device does not exist\n") }
                master = found
            } else if word == "vrf" {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name), try await context.links()[found]?.kind == "vrf" else {
                    throw CommandError.invalidArgument(name, "Invalid VRF\n")
                }
                master = found
            } else if word == "fdb" {
                fdb = true
            } else if matches(word, "id") {
                let id = try parseID(try words.argument(of: word))
                if flush {
                    try await deleteID(id, context: context, status: 1)
                } else {
                    try await printOne(id, context: context)
                }
                return
            } else if matches(word, "protocol") {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= 255 else { throw CommandError.invalidArgument(text, "invalid protocol value") }
                proto = UInt8(value)
            } else if matches(word, "help") {
                throw CommandError(usage, status: 255)
            } else {
                throw CommandError.invalidArgument(word, "")
            }
        }
        let connection = try context.connection()
        let requestFamily = family(context)
        var all: [Entry]
        do throws(NetlinkError) {
            all = try await connection.dumpAll(type: RouteMessageType.getNexthop, fixedHeaderSize: NexthopMessage.size, { b in
                NexthopMessage(family: requestFamily).encode(into: &b)
                if let index { try b.appendAttribute(NexthopAttribute.outputInterface, uint32: UInt32(bitPattern: index), .host) }
                if groups { try b.appendFlagAttribute(NexthopAttribute.groups) }
                if let master { try b.appendAttribute(NexthopAttribute.master, uint32: UInt32(bitPattern: master), .host) }
                if fdb { try b.appendFlagAttribute(NexthopAttribute.fdb) }
            }) { message in
                message.type == RouteMessageType.newNexthop ? try Entry(decoding: message) : nil
            }
        } catch {
            throw CommandError.netlink(error, status: 2)
        }
        if let proto { all = all.filter { $0.nexthop.protocol == proto } }
        if flush {
            var count = 0
            for entry in all {
                do throws(NetlinkError) {
                    try await connection.deleteNexthop(id: entry.nexthop.id)
                    count += 1
                } catch where error.errno == .noSuchFileOrDirectory {
                    // Gone with its last member: ip counts it all the same.
                    count += 1
                } catch {
                    throw CommandError.netlink(error, status: 1)
                }
            }
            // Plain text, with -j too.
            context.printer.output.write(count == 0 ? "Nothing to flush\n" : "Flushed \(count) nexthops\n")
            context.printer.output.flush()
            return
        }
        let printer = context.printer
        printer.begin()
        for entry in all { await printNexthop(entry, context: context) }
        printer.finish()
    }

    static func printOne(_ id: UInt32, context: Context) async throws(CommandError) {
        let connection = try context.connection()
        var found: Entry?
        do throws(NetlinkError) {
            let ack = try await connection.execute(type: RouteMessageType.getNexthop, fixedHeaderSize: NexthopMessage.size) { b in
                NexthopMessage().encode(into: &b)
                try b.appendAttribute(NexthopAttribute.id, uint32: id, .host)
            }
            do {
                try ack.forEachReply { message in
                    if message.type == RouteMessageType.newNexthop { found = try Entry(decoding: message) }
                }
            } catch {
                throw NetlinkError(.malformedReply, detail: "\(error)")
            }
        } catch {
            throw CommandError.netlink(error, status: 2)
        }
        guard let found else { return }
        context.printer.begin()
        await printNexthop(found, context: context)
        context.printer.finish()
    }

    static func get(_ words: inout Words, context: Context) async throws(CommandError) {
        var id: UInt32 = 0
        while let word = words.next() {
            guard word == "id" else { throw CommandError(usage, status: 255) }
            id = try parseID(try words.argument(of: word))
        }
        if id == 0 { throw CommandError(usage, status: 255) }
        try await printOne(id, context: context)
    }

    static func deleteID(_ id: UInt32, context: Context, status: Int32) async throws(CommandError) {
        let header = NexthopMessage(family: family(context))
        try await context.submit(ChangeRequest(
            type: RouteMessageType.deleteNexthop, flags: [], fixedHeaderSize: NexthopMessage.size, failureStatus: status
        ) { b in
            header.encode(into: &b)
            if id != 0 { try b.appendAttribute(NexthopAttribute.id, uint32: id, .host) }
        })
    }

    static func delete(_ words: inout Words, context: Context) async throws(CommandError) {
        var id: UInt32 = 0
        while let word = words.next() {
            if word == "id" {
                id = try parseID(try words.argument(of: word))
            } else if matches(word, "help") {
                throw CommandError(usage, status: 255)
            } else {
                throw CommandError.invalidArgument(word, "")
            }
        }
        try await deleteID(id, context: context, status: 2)
    }

    // MARK: add, replace

    static func modify(_ words: inout Words, context: Context, replace: Bool) async throws(CommandError) {
        var header = NexthopMessage(family: family(context))
        var id: UInt32?
        var gateway: IPAddress?
        var device: Int32?
        var blackhole = false
        var group: [(UInt32, UInt8)]?
        var groupType: UInt16?
        var fdb = false
        var encapsulation: (type: UInt16, attributes: [UInt8])?
        var buckets: UInt16?
        var idleTimer: UInt32?
        var unbalancedTimer: UInt32?
        while let word = words.next() {
            if groupType == 1 && word == "buckets" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value <= UInt32(UInt16.max) else {
                    throw CommandError.invalidArgument(text, "invalid buckets value")
                }
                buckets = UInt16(value)
            } else if groupType == 1 && word == "idle_timer" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value < UInt32.max / 100 else {
                    throw CommandError.invalidArgument(text, "invalid idle timer value")
                }
                idleTimer = value * 100
            } else if groupType == 1 && word == "unbalanced_timer" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), value < UInt32.max / 100 else {
                    throw CommandError.invalidArgument(text, "invalid unbalanced timer value")
                }
                unbalancedTimer = value * 100
            } else if word == "id" {
                id = try parseID(try words.argument(of: word))
            } else if word == "dev" {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "Device does not exist\n") }
                device = found
            } else if word == "via" {
                let text = try words.argument(of: word)
                guard let address = AddressModify.parseAddress(text, family: header.family) else {
                    throw CommandError("Error: \(AddressModify.familyName(header.family)) address is expected rather than \"\(text)\".", status: 1, endsBatch: true)
                }
                if header.family == 0 { header.family = address.bytes.count == 4 ? 2 : 10 }
                gateway = address
            } else if word == "blackhole" {
                blackhole = true
            } else if word == "fdb" {
                fdb = true
            } else if word == "onlink" {
                header.flags.insert(.onlink)
            } else if word == "group" {
                let text = try words.argument(of: word)
                group = try parseGroup(text)
            } else if word == "type" {
                let text = try words.argument(of: word)
                switch text {
                case "mpath": groupType = 0
                case "resilient": groupType = 1
                default: throw CommandError.invalidArgument(text, "\"type\" value is invalid\n")
                }
            } else if matches(word, "protocol") {
                let text = try words.argument(of: word)
                guard let value = Names.protocols.number(text), value <= 255 else { throw CommandError.invalidArgument(text, "\"protocol\" value is invalid\n") }
                header.protocol = UInt8(value)
            } else if word == "encap" {
                encapsulation = try await EncapParse.parse(&words, context: context)
            } else if matches(word, "help") {
                throw CommandError(usage, status: 255)
            } else {
                throw CommandError.invalidArgument(word, "")
            }
        }
        // A device or a blackhole without a gateway is IPv4 unless -6 says otherwise.
        if header.family == 0 && (device != nil || blackhole) { header.family = 2 }
        let requestHeader = header
        try await context.submit(ChangeRequest(
            type: RouteMessageType.newNexthop, flags: replace ? [.create, .replace] : [.create, .exclusive],
            fixedHeaderSize: NexthopMessage.size
        ) { b in
            requestHeader.encode(into: &b)
            if let id { try b.appendAttribute(NexthopAttribute.id, uint32: id, .host) }
            if let device { try b.appendAttribute(NexthopAttribute.outputInterface, uint32: UInt32(bitPattern: device), .host) }
            if let gateway { try b.appendAttribute(NexthopAttribute.gateway, ip: gateway) }
            if let encapsulation {
                try b.appendNested(NexthopAttribute.encapsulation, encoded: encapsulation.attributes)
                try b.appendAttribute(NexthopAttribute.encapsulationType, uint16: encapsulation.type, .host)
            }
            if blackhole { try b.appendFlagAttribute(NexthopAttribute.blackhole) }
            if let group {
                var bytes: [UInt8] = []
                for (member, weight) in group {
                    withUnsafeBytes(of: member) { bytes += $0 }
                    bytes += [weight, 0, 0, 0]
                }
                try b.appendAttribute(NexthopAttribute.group, bytes: bytes)
            }
            if let groupType { try b.appendAttribute(NexthopAttribute.groupType, uint16: groupType, .host) }
            if groupType == 1 {
                try b.appendNested(NexthopAttribute.resilientGroup) { b in
                    if let buckets { try b.appendAttribute(1, uint16: buckets, .host) }
                    if let idleTimer { try b.appendAttribute(2, uint32: idleTimer, .host) }
                    if let unbalancedTimer { try b.appendAttribute(3, uint32: unbalancedTimer, .host) }
                }
            }
            if fdb { try b.appendFlagAttribute(NexthopAttribute.fdb) }
        })
    }

    /// `id[,weight]/id[,weight]...`: the weight is sent less one.
    static func parseGroup(_ text: String) throws(CommandError) -> [(UInt32, UInt8)] {
        // ip reports the text cut at the first '/' (strtok has written there).
        let shown = String(text.prefix { $0 != "/" })
        let invalid = CommandError.invalidArgument(shown, "\"group\" value is invalid\n")
        var members: [(UInt32, UInt8)] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: false) {
            let fields = part.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
            guard let id = InetText.unsigned(String(fields[0])) else { throw invalid }
            var weight: UInt32 = 1
            if fields.count == 2 {
                guard let value = InetText.unsigned(String(fields[1])), value >= 1, value <= 256 else {
                    throw CommandError.invalidArgument(String(fields[1]), "\"weight\" is invalid\n")
                }
                weight = value
            }
            members.append((id, UInt8(weight - 1)))
        }
        return members
    }

    // MARK: output

    /// `print_nexthop`.
    static func printNexthop(_ entry: Entry, context: Context) async {
        let nexthop = entry.nexthop
        let printer = context.printer
        let details = context.options.details > 0
        printer.openObject()
        printer.unsigned("id", UInt64(nexthop.id), text: "id \(nexthop.id) ")
        if nexthop.isGroup {
            printer.text("group ")
            printer.openArray("group")
            for (position, member) in nexthop.group.enumerated() {
                printer.openObject()
                printer.unsigned("id", UInt64(member.id), text: (position > 0 ? "/" : "") + "\(member.id)")
                if member.weight != 1 {
                    printer.unsigned("weight", UInt64(member.weight), text: ",\(member.weight)")
                }
                printer.closeObject()
            }
            printer.closeArray()
            printer.text(" ")
        }
        if let resilient = entry.resilient {
            printer.string("type", "resilient", text: "type resilient ")
            printer.openObject("resilient_args")
            printer.unsigned("buckets", UInt64(resilient.buckets ?? 0), text: "buckets \(resilient.buckets ?? 0) ")
            printClockTicks("idle_timer", UInt64(resilient.idleTimer ?? 0), printer: printer)
            printClockTicks("unbalanced_timer", UInt64(resilient.unbalancedTimer ?? 0), printer: printer)
            printClockTicks("unbalanced_time", resilient.unbalancedTime ?? 0, printer: printer)
            printer.closeObject()
        }
        if nexthop.encapsulation != nil {
            let links = (try? await context.links()) ?? [:]
            EncapFormat.print(type: nexthop.encapsulationType, nexthop.encapsulation, printer: printer, links: links, statistics: context.options.statistics > 0)
        }
        if let gateway = nexthop.gateway {
            printer.string("gateway", HostNames.text(gateway), text: "via \(HostNames.text(gateway)) ")
        }
        if let index = nexthop.interfaceIndex {
            let name = await context.name(ofLink: index)
            printer.string("dev", name, text: "dev \(name) ")
        }
        if nexthop.scope != 0 || details {
            let scope = Names.scopes.name(UInt32(nexthop.scope))
            printer.string("scope", scope, text: "scope \(scope) ")
        }
        if nexthop.isBlackhole {
            printer.field("blackhole", .null, text: "blackhole ")
        }
        if nexthop.protocol != 0 || details {
            let name = Names.protocols.name(UInt32(nexthop.protocol))
            printer.string("protocol", name, text: "proto \(name) ")
        }
        // ip's print_rt_flags, as for routes (its order: dead, onlink, pervasive ...).
        RouteCommand.printFlags(nexthop.flags.rawValue, printer: printer)
        if nexthop.isFDB {
            printer.field("fdb", .null, text: "fdb")
        }
        printer.closeObject()
        printer.endLine()
    }

    /// ip's `__jiffies_to_tv` and `print_tv`: clock ticks (hundredths of a second) as seconds with
    /// `%g`, in text and JSON (`idle_timer 100`, `idle_time 83.11`).
    static func printClockTicks(_ key: String, _ ticks: UInt64, printer: Printer) {
        let microseconds = ticks &* 10_000
        let seconds = Double(microseconds / 1_000_000) + Double(microseconds % 1_000_000) / 1_000_000
        let text = SSTCPInfo.format("%g", seconds)
        printer.field(key, .number(text), text: key + " " + text + " ")
    }

    /// A nexthop as listed (the library's model keeps everything ip prints, the resilient
    /// parameters included).
    struct Entry {
        var nexthop: Nexthop
        var resilient: NexthopResilientParameters? { nexthop.resilient }

        init(decoding message: borrowing NetlinkMessage) throws {
            nexthop = try Nexthop(decoding: message)
        }
    }
}
