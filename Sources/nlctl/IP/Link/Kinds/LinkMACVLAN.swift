import NetlinkRoute

/// `nlctl link add NAME link PARENT type { macvlan | macvtap } ARGS`: iproute2 6.1's macvlan
/// options (`macvlan_parse_opt`): mode, flags, the source-mode address list and the broadcast
/// queue, with ip's messages and exit statuses.
enum LinkMACVLAN {
    static func usage(_ kind: String) -> String {
        """
        Usage: ... \(kind) mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]

        MODE: private | vepa | bridge | passthru | source
        MODE_FLAG: null | nopromisc | nodst
        MODE_OPTS: for mode "source":
        \tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }
        BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]
        """
    }

    static func parse(_ kind: String, _ words: inout Words) throws(CommandError) -> LinkSettings.Kind {
        var mode: MACVLANMode?
        var options = MACVLANOptions()
        var flags: UInt16 = 0
        var flagsGiven = false
        while let word = words.next() {
            if matches(word, "mode") {
                let name = try words.argument(of: word)
                mode = MACVLANMode(name)
                if mode == nil {
                    throw CommandError(
                        "Error: argument of \"mode\" must be \"private\", \"vepa\", \"bridge\", \"passthru\" or \"source\", not \"\(name)\"",
                        status: 1)
                }
            } else if matches(word, "flag") {
                let name = try words.argument(of: word)
                switch name {
                case "nopromisc": flags |= 1
                case "nodst": flags |= 2
                case "null": break
                default:
                    throw CommandError("Error: argument of \"flag\" must be \"nopromisc\", \"nodst\" or \"null\", not \"\(name)\"", status: 1)
                }
                flagsGiven = true
            } else if matches(word, "macaddr") {
                let operation = try words.argument(of: word)
                switch operation {
                case "add", "del":
                    let text = try words.argument(of: operation)
                    let address = try hardwareAddress(text)
                    options.sourceAddressChanges.append(operation == "add" ? .add(address) : .delete(address))
                case "set":
                    // Takes the following words while they are hardware addresses.
                    var addresses: [[UInt8]] = []
                    while let text = words.current, let address = LinkModify.hardwareAddress(text), address.count == 6 {
                        addresses.append(address)
                        _ = words.next()
                    }
                    options.sourceAddressChanges.append(.set(addresses))
                case "flush":
                    options.sourceAddressChanges.append(.flush)
                default:
                    throw CommandError(usage(kind), status: 1)
                }
            } else if matches(word, "nopromisc") {
                flags |= 1
                flagsGiven = true
            } else if matches(word, "bcqueuelen") {
                let text = try words.argument(of: word)
                guard let value = InetText.unsigned(text) else {
                    throw CommandError("Error: argument of \"bcqueuelen\" must be a positive integer [0-4294967295], not \"\(text)\"", status: 1)
                }
                options.broadcastQueueLength = value
            } else if matches(word, "help") {
                throw CommandError(usage(kind), status: 1)
            } else {
                throw CommandError("\(kind): unknown option \"\(word)\"?\n" + usage(kind), status: 1)
            }
        }
        if flagsGiven {
            if flags & 1 != 0 && mode != .passthru {
                throw CommandError("\(kind): nopromisc flag only valid in passthru mode\n" + usage(kind), status: 1)
            }
            options.flags = flags
        }
        return .macvlan(tap: kind == "macvtap", mode: mode, options: options)
    }

    /// A 6-byte hardware address, or ip's message (exit status 1; a valid address of another
    /// length fails silently, as ip's does).
    static func hardwareAddress(_ text: String) throws(CommandError) -> [UInt8] {
        guard let address = LinkModify.hardwareAddress(text) else { throw CommandError.invalidHardwareAddress(text) }
        guard address.count == 6 else { throw CommandError("", status: 1) }
        return address
    }
}
