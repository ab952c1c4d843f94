import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl stats`: `ip stats show` (iproute2 6.1) for the `link` group, through `RTM_GETSTATS`.
/// Like ip, the words are not abbreviated (`show`, not `sh`).
///
/// Only `group link` (`IFLA_STATS_LINK_64`) is implemented; the other groups of `ip stats`
/// (`xstats`, `xstats_slave`, `offload`, `afstats`) and `ip stats set` are refused with a clear
/// error, as is `show` without a group (which in ip means every group).
enum StatsCommand {
    static let usage = """
        Usage: nlctl stats help
               nlctl stats show [ dev DEV ] [ group GROUP [ subgroup SUBGROUP [ suite SUITE ] ... ] ... ] ...
        GROUP := { link }
        (ip's other groups, xstats | xstats_slave | offload | afstats, and "stats set" are not implemented)
        """

    /// The top-level groups ip knows.
    static let ipGroups = ["link", "xstats", "xstats_slave", "offload", "afstats"]

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await show(&words, context: context)
            return
        }
        if command == "show" {
            try await show(&words, context: context)
        } else if command == "help" {
            throw CommandError(usage, status: 0)
        } else if command == "set" {
            throw CommandError("Error: \"stats set\" is not implemented in nlctl.", status: 1)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl stats help\".", status: 1)
        }
    }

    static func show(_ words: inout Words, context: Context) async throws(CommandError) {
        var device: String?
        var groups: [String] = []
        while let word = words.next() {
            if word == "dev" {
                let name = try words.argument(of: word)
                if device != nil { throw CommandError.garbage(name, object: "stats") }
                device = name
            } else if word == "group" {
                let name = try words.argument(of: word)
                guard ipGroups.contains(name) else {
                    throw CommandError("Error: no group named \(name) found inside top-level", status: 22)
                }
                groups.append(name)
            } else if word == "subgroup", let group = groups.last {
                let name = try words.argument(of: word)
                throw CommandError("Error: subgroup \(name) requested inside leaf group \(group)", status: 22)
            } else if word == "help" {
                throw CommandError(usage, status: 0)
            } else {
                throw CommandError("What is \"\(word)\"?\n" + usage, status: 22)
            }
        }
        guard !groups.isEmpty else {
            throw CommandError("Error: nlctl stats show needs \"group link\" (the other groups of ip stats are not implemented).", status: 1)
        }
        if let other = groups.first(where: { $0 != "link" }) {
            throw CommandError("Error: group \(other) is not implemented in nlctl (only group link).", status: 1)
        }

        let connection = try context.connection()
        let links = try await context.links()
        var deviceIndex: Int32?
        if let device {
            guard let index = try await context.index(ofLink: device) else { throw CommandError.cannotFindDevice(device) }
            deviceIndex = index
        }
        var reports: [LinkStatisticsReport]
        do throws(NetlinkError) {
            if let deviceIndex {
                reports = [try await connection.linkStatistics(index: deviceIndex, filter: .link64)]
            } else {
                reports = try await connection.allLinkStatistics(filter: .link64)
            }
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        reports.sort { $0.index < $1.index }

        let printer = context.printer
        printer.begin()
        for report in reports {
            guard let statistics = report.link64 else { continue }
            let index = Int32(bitPattern: report.index)
            let name = links[index]?.name ?? "if\(index)"
            printer.openObject()
            printer.signed("ifindex", Int64(index), text: "\(index): ")
            printer.string("ifname", name, text: name + ": ")
            printer.string("group", "link", text: "group link")
            printer.newline()
            // ip stats shows the error lines from one -s (ip link needs two).
            LinkStatisticsFormat.print(statistics, carrierChanges: nil, level: context.options.statistics + 1, printer: printer)
            printer.closeObject()
            printer.text("\n")
            if device == nil { printer.text("\n") }
        }
        printer.finish()
    }
}
