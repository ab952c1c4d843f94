import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl nexthop bucket`: ip 6.1's `ip nexthop bucket { list | get }` (`ipnexthop.c`): the buckets
/// of resilient groups, filtered by the kernel, in ip's words, errors and exit statuses.
enum NexthopBucketCommand {
    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await list(&words, context: context)
            return
        }
        if matches(command, "list") || matches(command, "show") || matches(command, "lst") {
            try await list(&words, context: context)
        } else if matches(command, "get") {
            try await get(&words, context: context)
        } else if matches(command, "help") {
            throw CommandError(NexthopCommand.usage, status: 255)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl nexthop help\".", status: 255)
        }
    }

    static func list(_ words: inout Words, context: Context) async throws(CommandError) {
        var filter = NexthopBucketFilter()
        while let word = words.next() {
            if matches(word, "dev") {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "Device does not exist\n") }
                filter.interfaceIndex = found
            } else if matches(word, "master") {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name) else { throw CommandError.invalidArgument(name, "Device does not exist\n") }
                filter.master = found
            } else if matches(word, "vrf") {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name), try await context.links()[found]?.kind == "vrf" else {
                    throw CommandError.invalidArgument(name, "Invalid VRF\n")
                }
                filter.master = found
            } else if word == "id" {
                filter.groupID = try NexthopCommand.parseID(try words.argument(of: word))
            } else if word == "nhid" {
                filter.nexthopID = try NexthopCommand.parseID(try words.argument(of: word))
            } else if matches(word, "help") {
                throw CommandError(NexthopCommand.usage, status: 255)
            } else {
                throw CommandError.invalidArgument(word, "")
            }
        }
        // ip sends 0 as "no filter" (its filter fields are 0 when unset).
        if filter.groupID == 0 { filter.groupID = nil }
        if filter.nexthopID == 0 { filter.nexthopID = nil }
        let connection = try context.connection()
        let buckets: [NexthopBucket]
        do throws(NetlinkError) {
            buckets = try await connection.nexthopBuckets(filter, family: NexthopCommand.family(context))
        } catch {
            throw dumpFailure(error)
        }
        let printer = context.printer
        printer.begin()
        for bucket in buckets { printBucket(bucket, printer: printer) }
        printer.finish()
    }

    /// ip's `rtnl_dump_done`: a dump that ends in `ENOENT` or `EOPNOTSUPP` without the kernel's
    /// message says only "Dump terminated"; others print the error first.
    static func dumpFailure(_ error: NetlinkError) -> CommandError {
        let quiet = error.code == .dumpFailed && error.message == nil
            && (error.errno == .noSuchFileOrDirectory || error.errno == .notSupported)
        return CommandError((quiet ? "" : error.iproute2Description + "\n") + "Dump terminated", status: 2)
    }

    static func get(_ words: inout Words, context: Context) async throws(CommandError) {
        var id: UInt32 = 0
        var index: UInt16?
        while let word = words.next() {
            if word == "id" {
                id = try NexthopCommand.parseID(try words.argument(of: word))
            } else if word == "index" {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text), let narrow = UInt16(exactly: value) else {
                    throw CommandError.invalidArgument(text, "invalid bucket index value")
                }
                index = narrow
            } else {
                throw CommandError(NexthopCommand.usage, status: 255)
            }
        }
        guard id != 0, let index else { throw CommandError(NexthopCommand.usage, status: 255) }
        let connection = try context.connection()
        let bucket: NexthopBucket
        do throws(NetlinkError) {
            bucket = try await connection.nexthopBucket(groupID: id, index: index, family: NexthopCommand.family(context))
        } catch {
            throw CommandError.netlink(error, status: 2)
        }
        context.printer.begin()
        printBucket(bucket, printer: context.printer)
        context.printer.finish()
    }

    /// ip's `print_nexthop_bucket`.
    static func printBucket(_ bucket: NexthopBucket, printer: Printer) {
        printer.openObject()
        printer.unsigned("id", UInt64(bucket.groupID), prefix: "id ")
        printer.openObject("bucket")
        if let index = bucket.index { printer.unsigned("index", UInt64(index), prefix: "index ") }
        if let idle = bucket.idleTime { NexthopCommand.printClockTicks("idle_time", idle, printer: printer) }
        if let nexthop = bucket.nexthopID { printer.unsigned("nhid", UInt64(nexthop), prefix: "nhid ") }
        printer.closeObject()
        RouteCommand.printFlags(bucket.flags.rawValue, printer: printer)
        printer.endLine()
        printer.closeObject()
    }
}
