import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl netconf`: the commands of `ip netconf` (iproute2 6.1's `ipnetconf.c` grammar and output).
enum NetconfCommand {
    static let usage = "Usage: nlctl netconf show [ dev STRING ]"

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let command = words.next() else {
            try await show(&words, context: context)
            return
        }
        if matches(command, "show") || matches(command, "lst") || matches(command, "list") {
            try await show(&words, context: context)
        } else if matches(command, "help") {
            throw CommandError(usage, status: 255)
        } else {
            throw CommandError("Command \"\(command)\" is unknown, try \"nlctl netconf help\".", status: 255)
        }
    }

    static func show(_ words: inout Words, context: Context) async throws(CommandError) {
        var index: Int32?
        // ip ignores any word but `dev NAME`.
        while let word = words.next() {
            if word == "dev" {
                let name = try words.argument(of: word)
                guard let found = try await context.index(ofLink: name) else { throw CommandError.noSuchDevice(name) }
                index = found
            }
        }
        let family: AddressFamily
        switch context.options.family {
        case .inet: family = 2
        case .inet6: family = 10
        case .mpls: family = 28
        case .unspecified: family = 0
        case .link, .bridge:
            context.printer.begin()
            context.printer.finish()
            return
        }
        let connection = try context.connection()
        if let index, family != 0 {
            // ip asks for the one entry (RTM_GETNETCONF) and prints its reply as a monitor would: as
            // text, even with -j.
            let entry: Netconf
            do throws(NetlinkError) {
                entry = try await connection.netconf(family: family, index: index)
            } catch {
                throw CommandError.netlink(error, status: 2)
            }
            let text = Printer(json: false, pretty: false, oneline: context.options.oneline, output: context.printer.output)
            text.enableColor(context.options.color)
            await printNetconf(entry, printer: text, context: context)
            text.finish()
            return
        }
        var all: [Netconf]
        do throws(NetlinkError) {
            all = try await connection.netconfs(family: family)
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        if let index { all = all.filter { $0.index == index } }
        let printer = context.printer
        printer.begin()
        for entry in all {
            await printNetconf(entry, printer: printer, context: context)
        }
        printer.finish()
    }

    static func familyName(_ family: AddressFamily) -> String {
        switch family {
        case 2: "inet"
        case 10: "inet6"
        case 28: "mpls"
        case 7: "bridge"
        default: "\(family.rawValue)"
        }
    }

    /// `print_netconf`: one object per family and interface.
    static func printNetconf(_ entry: Netconf, printer: Printer, context: Context) async {
        printer.openObject()
        let family = familyName(entry.family)
        printer.string("family", family, text: family + " ")
        if let index = entry.index {
            let name: String
            switch index {
            case NetconfAttribute.indexAll: name = "all"
            case NetconfAttribute.indexDefault: name = "default"
            default: name = await context.name(ofLink: index)
            }
            printer.colored(.interfaceName) { printer.string("interface", name, text: name + " ") }
        }
        func onOff(_ key: String, _ value: Int32?) {
            guard let value else { return }
            printer.field(key, .bool(value != 0), text: "\(key) \(value != 0 ? "on" : "off") ")
        }
        onOff("forwarding", entry.forwarding)
        if let filter = entry.reversePathFilter {
            switch filter {
            case 0: printer.string("rp_filter", "off", text: "rp_filter off ")
            case 1: printer.string("rp_filter", "strict", text: "rp_filter strict ")
            case 2: printer.string("rp_filter", "loose", text: "rp_filter loose ")
            default:
                let value = UInt32(bitPattern: filter)
                printer.unsigned("rp_filter", UInt64(value), text: "rp_filter \(value) ")
            }
        }
        onOff("mc_forwarding", entry.multicastForwarding)
        onOff("proxy_neigh", entry.proxyNeighbor)
        onOff("ignore_routes_with_linkdown", entry.ignoreRoutesWithLinkDown)
        onOff("input", entry.input)
        printer.closeObject()
        printer.endLine()
    }
}
