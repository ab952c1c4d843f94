import Netlink
import NetlinkCore
import NetlinkGeneric

/// `ethtool --monitor [ --all | -s | -k | -g | -l | -c | -a | --show-eee | --show-priv-flags ...
/// ] [ DEVNAME | * ]`: the family's `monitor` group, each notification printed as the matching
/// show command prints it (after a blank line), until stopped; "listening..." first, as ethtool.
enum EthtoolMonitor {
    /// ethtool's `monitor_opts[]`: which option selects which notifications (`--all` or none: all).
    static let options: [(spellings: [String], commands: [UInt8])] = [
        (["", "--all"], []),
        (["-s", "--change"], [Ethtool.Reply.linkInfoNotification, Ethtool.Reply.linkModesNotification, Ethtool.Reply.wakeOnLANNotification, Ethtool.Reply.debugNotification]),
        (["-k", "--show-features", "--show-offload", "-K", "--features", "--offload"], [Ethtool.Reply.featuresNotification]),
        (["--show-priv-flags", "--set-priv-flags"], [Ethtool.Reply.privateFlagsNotification]),
        (["-g", "--show-ring", "-G", "--set-ring"], [Ethtool.Reply.ringsNotification]),
        (["-l", "--show-channels", "-L", "--set-channels"], [Ethtool.Reply.channelsNotification]),
        (["-c", "--show-coalesce", "-C", "--coalesce"], [Ethtool.Reply.coalesceNotification]),
        (["-a", "--show-pause", "-A", "--pause"], [Ethtool.Reply.pauseNotification]),
        (["--show-eee", "--set-eee"], [Ethtool.Reply.eeeNotification]),
        (["--show-fec", "--set-fec"], [Ethtool.Reply.fecNotification]),
        (["--show-module", "--set-module"], [Ethtool.Reply.moduleNotification]),
    ]

    static func run(_ words: [String], session: EthtoolSession) async -> Int32 {
        var rest = words[...]
        var option = ""
        if let first = rest.first, first.hasPrefix("-") {
            option = first
            rest.removeFirst()
        }
        guard let selected = options.first(where: { $0.spellings.contains(option) }) else {
            printError("monitoring for option '\(rest.first ?? "(null)")' not supported")
            return 1
        }
        let device = rest.first.flatMap { $0 == "*" ? nil : $0 }
        let events: NetlinkConnection
        let names: EthtoolStringSet
        let linkModes: EthtoolStringSet
        do throws(NetlinkError) {
            names = try await session.connection.ethtoolStringSet(Ethtool.StringSetID.features, familyID: session.familyID)
            linkModes = try await session.connection.ethtoolStringSet(Ethtool.StringSetID.linkModes, familyID: session.familyID)
            var configuration = NetlinkConnection.Configuration()
            configuration.reading = .callingThread
            events = try await session.connection.subscribe(genericFamily: Ethtool.familyName, group: Ethtool.monitorGroupName, configuration: configuration)
        } catch {
            session.report(error)
            return 1
        }
        session.output.write("listening...\n")
        session.output.flush()
        let printer = session.printer
        do {
            for try await event in events.events {
                guard case .notification(let datagram) = event else { continue }
                try datagram.forEachMessage { message in
                    guard message.type.rawValue == session.familyID,
                          let command = try? GenericNetlinkHeader(decoding: message).command,
                          selected.commands.isEmpty || selected.commands.contains(command),
                          let decoded = try? EthtoolEvent(decoding: message)
                    else { return }
                    if let device, decoded.device.name.rawBytes != device.rawBytes { return }
                    print(decoded, names: names, linkModes: linkModes, session: session)
                    printer.flush()
                }
            }
        } catch {
            printError("\(error)")
            return 1
        }
        return 0
    }

    /// One notification, as the show command prints a reply of a dump (a blank line first).
    static func print(_ event: EthtoolEvent, names: EthtoolStringSet, linkModes: EthtoolStringSet, session: EthtoolSession) {
        let printer = session.printer
        var settings = EthtoolSettingsCommand.SettingsText(device: event.device.name)
        switch event {
        case .linkInfo(let value): settings.add(value)
        case .linkModes(let value): settings.add(value)
        case .wakeOnLAN(let value): settings.add(wakeOnLAN: value)
        case .debug(let value): settings.add(debug: value)
        case .features(let value): _ = EthtoolFeaturesCommand.print(value, layout: EthtoolFeaturesCommand.Layout(names), inDump: true, session: session)
        case .channels(let value): EthtoolParametersCommand.printChannels(value, inDump: true, printer: printer)
        case .rings(let value): EthtoolParametersCommand.printRings(value, inDump: true, printer: printer)
        case .coalesce(let value): EthtoolParametersCommand.printCoalesce(value, inDump: true, printer: printer)
        case .pause(let value): EthtoolPauseCommand.print(value, negotiated: nil, inDump: true, printer: printer)
        case .privateFlags(let value): _ = EthtoolSettingsCommand.printPrivateFlags(value, inDump: true, printer: printer)
        case .eee(let value): _ = EthtoolSettingsCommand.printEEE(value, inDump: true, printer: printer)
        case .fec(let value): _ = EthtoolSettingsCommand.printFEC(value, names: linkModes, inDump: true, printer: printer)
        // ethtool 6.1 prints cable tests and modules too; this kernel's devices (veth, tap, …) have
        // neither, and their notifications are not typed here: said so once, not dropped silently.
        case .module(let value): EthtoolSettingsCommand.printModule(value, inDump: true, printer: printer)
        case .other(let command, let device):
            printer.text("\nnotification \(command) for \(device.name) (not decoded by nlctl)\n")
        }
        if !settings.text.isEmpty { printer.text(settings.text) }
    }
}
