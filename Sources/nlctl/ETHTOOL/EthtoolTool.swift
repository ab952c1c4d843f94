import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric

/// `ethtool` (6.1) where it speaks netlink: `nlctl [-n NETNS] [-j] ethtool [--debug N] [--json]
/// [-I] MODE DEVNAME [ARGS]`. The modes built are ethtool's netlink ones — `DEVNAME` (settings),
/// `-k/-K`, `-l/-L`, `-g/-G`, `-c/-C`, `-a/-A`, `-T`, `--show-eee`, `--show-fec`,
/// `--show-priv-flags`, `-S --all-groups|--groups`, `--monitor` — with ethtool's text, messages and exit statuses. `-j` (or
/// `--json`) prints JSON for every one of them (ethtool 6.1 has it for `-k`, `-a` and `--show-fec`,
/// whose keys are kept). A mode ethtool runs over ioctl (`-i`, `-S`, `-d`, …) or that is not built
/// says so on one line and exits 1. `DEVNAME` `*` dumps every device, as ethtool does.
enum EthtoolTool: NlctlTool {
    static let name = "ethtool"

    /// What a mode does.
    enum Mode {
        case settings, showFeatures, setFeatures, showChannels, setChannels, showRings, setRings
        case showCoalesce, setCoalesce, showPause, setPause, timestamping, showEEE, showFEC, showPrivateFlags, setPrivateFlags, setFEC, setEEE, showModule, statistics
        case help, version
        case notBuilt(String)
    }

    /// ethtool's option table (`args[]`): the spellings of each mode, in ethtool's order.
    static let modes: [(spellings: [String], mode: Mode)] = [
        (["-s", "--change"], .notBuilt("-s (link settings changes)")),
        (["-a", "--show-pause"], .showPause), (["-A", "--pause"], .setPause),
        (["-c", "--show-coalesce"], .showCoalesce), (["-C", "--coalesce"], .setCoalesce),
        (["-g", "--show-ring"], .showRings), (["-G", "--set-ring"], .setRings),
        (["-k", "--show-features", "--show-offload"], .showFeatures), (["-K", "--features", "--offload"], .setFeatures),
        (["-i", "--driver"], .notBuilt("-i (driver information: ioctl in ethtool 6.1)")),
        (["-d", "--register-dump"], .notBuilt("-d (ioctl)")), (["-e", "--eeprom-dump"], .notBuilt("-e (ioctl)")),
        (["-E", "--change-eeprom"], .notBuilt("-E (ioctl)")), (["-r", "--negotiate"], .notBuilt("-r (ioctl)")),
        (["-p", "--identify"], .notBuilt("-p (ioctl)")), (["-t", "--test"], .notBuilt("-t (ioctl)")),
        (["-S", "--statistics"], .statistics),
        (["--phy-statistics"], .notBuilt("--phy-statistics (ioctl)")),
        (["-n", "-u", "--show-nfc", "--show-ntuple"], .notBuilt("-n (ioctl)")),
        (["-N", "-U", "--config-nfc", "--config-ntuple"], .notBuilt("-N (ioctl)")),
        (["-T", "--show-time-stamping"], .timestamping),
        (["-x", "--show-rxfh-indir", "--show-rxfh"], .notBuilt("-x (ioctl)")),
        (["-X", "--set-rxfh-indir", "--rxfh"], .notBuilt("-X (ioctl)")), (["-f", "--flash"], .notBuilt("-f (ioctl)")),
        (["-P", "--show-permaddr"], .notBuilt("-P (permanent address)")),
        (["-w", "--get-dump"], .notBuilt("-w (ioctl)")), (["-W", "--set-dump"], .notBuilt("-W (ioctl)")),
        (["-l", "--show-channels"], .showChannels), (["-L", "--set-channels"], .setChannels),
        (["--show-priv-flags"], .showPrivateFlags), (["--set-priv-flags"], .setPrivateFlags),
        (["-m", "--dump-module-eeprom", "--module-info"], .notBuilt("-m (module EEPROM)")),
        (["--show-eee"], .showEEE), (["--set-eee"], .setEEE),
        (["--set-phy-tunable"], .notBuilt("--set-phy-tunable (ioctl)")), (["--get-phy-tunable"], .notBuilt("--get-phy-tunable (ioctl)")),
        (["--get-tunable"], .notBuilt("--get-tunable (ioctl)")), (["--set-tunable"], .notBuilt("--set-tunable (ioctl)")),
        (["--reset"], .notBuilt("--reset (ioctl)")), (["--show-fec"], .showFEC), (["--set-fec"], .setFEC),
        (["-Q", "--per-queue"], .notBuilt("-Q (ioctl)")), (["--cable-test"], .notBuilt("--cable-test")),
        (["--cable-test-tdr"], .notBuilt("--cable-test-tdr")), (["--show-tunnels"], .notBuilt("--show-tunnels")),
        (["--show-module"], .showModule), (["--set-module"], .notBuilt("--set-module")),
        (["-h", "--help"], .help), (["--version"], .version),
    ]

    /// `-h`: the modes built (ethtool 6.1's own help lists its ioctl ones too).
    static let help = """
        nlctl ethtool: ethtool 6.1's netlink modes
        Usage:
                ethtool [ FLAGS ] DEVNAME\tDisplay standard information about device
                ethtool [ FLAGS ] -a|--show-pause DEVNAME\tShow pause options
                ethtool [ FLAGS ] -A|--pause DEVNAME [ autoneg on|off ] [ rx on|off ] [ tx on|off ]
                ethtool [ FLAGS ] -c|--show-coalesce DEVNAME\tShow coalesce options
                ethtool [ FLAGS ] -C|--coalesce DEVNAME [ PARAMETER N|on|off ]...
                ethtool [ FLAGS ] -g|--show-ring DEVNAME\tQuery RX/TX ring parameters
                ethtool [ FLAGS ] -G|--set-ring DEVNAME [ rx N ] [ rx-mini N ] [ rx-jumbo N ] [ tx N ] [ rx-buf-len N ] [ cqe-size N ] [ tx-push on|off ]
                ethtool [ FLAGS ] -k|--show-features|--show-offload DEVNAME\tGet state of protocol offload and other features
                ethtool [ FLAGS ] -K|--features|--offload DEVNAME FEATURE on|off ...
                ethtool [ FLAGS ] -l|--show-channels DEVNAME\tQuery Channels
                ethtool [ FLAGS ] -L|--set-channels DEVNAME [ rx N ] [ tx N ] [ other N ] [ combined N ]
                ethtool [ FLAGS ] -T|--show-time-stamping DEVNAME\tShow time stamping capabilities
                ethtool [ FLAGS ] -S|--statistics DEVNAME --all-groups | --groups GROUP...
                ethtool [ FLAGS ] --show-eee DEVNAME\tShow EEE settings
                ethtool [ FLAGS ] --set-eee DEVNAME [ eee on|off ] [ tx-lpi on|off ] [ tx-timer N ]
                ethtool [ FLAGS ] --show-fec DEVNAME\tShow FEC settings
                ethtool [ FLAGS ] --set-fec DEVNAME encoding auto|off|rs|baser|llrs [...]
                ethtool [ FLAGS ] --show-priv-flags DEVNAME\tQuery private flags
                ethtool [ FLAGS ] --show-module DEVNAME\tShow transceiver module settings
                ethtool [ FLAGS ] --set-priv-flags DEVNAME FLAG on|off ...
                ethtool --monitor [ --all | -s | -k | -g | -l | -c | -a | --show-eee | --show-fec | --show-priv-flags ] [ DEVNAME | * ]
        FLAGS:
                --debug N, --json (or nlctl -j: JSON for every mode), -I|--include-statistics
        DEVNAME * reads every device (one dump). The ioctl modes of ethtool 6.1 (-i, -S DEVNAME alone, -d, -e, …) are not built.

        """

    /// ethtool's `exit_bad_args`.
    static func badArguments() -> Int32 {
        printError("ethtool: bad command line argument(s)\nFor more information run ethtool -h")
        return 1
    }

    static func run(_ arguments: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        var rest = arguments[...]
        var json = options.json
        var statistics = false
        while let word = rest.first {
            if word == "--debug" {
                rest.removeFirst()
                guard let value = rest.first, !value.isEmpty, EthtoolSession.parseNumber(value) != nil else { return badArguments() }
                rest.removeFirst()
            } else if word == "--json" {
                json = true
                rest.removeFirst()
            } else if word == "--include-statistics" || word == "-I" {
                statistics = true
                rest.removeFirst()
            } else {
                break
            }
        }
        if rest.first == "--monitor" {
            rest.removeFirst()
            guard let session = await EthtoolSession(options: options, json: json, statistics: statistics, output: output) else { return 1 }
            return await EthtoolMonitor.run(Array(rest), session: session)
        }
        guard let first = rest.first else { return badArguments() }
        var mode = Mode.settings
        if let found = modes.first(where: { $0.spellings.contains(first) }) {
            mode = found.mode
            rest.removeFirst()
        } else if first.hasPrefix("-") {
            return badArguments()
        }
        switch mode {
        case .help:
            output.write(help)
            output.flush()
            return 0
        case .version:
            output.write("ethtool version 6.1\n")
            output.flush()
            return 0
        case .notBuilt(let what):
            printError("nlctl: ethtool \(what): not implemented (nlctl's ethtool speaks netlink only; see `nlctl ethtool -h`)")
            return 1
        default: break
        }
        guard let device = rest.first else { return badArguments() }
        rest.removeFirst()
        if device.rawBytes.count >= 128 {
            printError("device name '\(device)' longer than 127 characters")
            return 1
        }
        guard let session = await EthtoolSession(options: options, json: json, statistics: statistics, output: output) else { return 1 }
        session.deviceName = device
        let words = Array(rest)
        switch mode {
        case .settings: return await EthtoolSettingsCommand.show(words, session: session)
        case .showFeatures: return await EthtoolFeaturesCommand.show(words, session: session)
        case .setFeatures: return await EthtoolFeaturesCommand.set(words, session: session)
        case .showChannels: return await EthtoolParametersCommand.showChannels(words, session: session)
        case .setChannels: return await EthtoolParametersCommand.set(EthtoolParametersCommand.channelWords, option: "-L", words, session: session)
        case .showRings: return await EthtoolParametersCommand.showRings(words, session: session)
        case .setRings: return await EthtoolParametersCommand.set(EthtoolParametersCommand.ringWords, option: "-G", words, session: session)
        case .showCoalesce: return await EthtoolParametersCommand.showCoalesce(words, session: session)
        case .setCoalesce: return await EthtoolParametersCommand.set(EthtoolParametersCommand.coalesceWords, option: "-C", words, session: session)
        case .showPause: return await EthtoolPauseCommand.show(words, session: session)
        case .setPause: return await EthtoolPauseCommand.set(words, session: session)
        case .timestamping: return await EthtoolSettingsCommand.timestamping(words, session: session)
        case .showEEE: return await EthtoolSettingsCommand.eee(words, session: session)
        case .showFEC: return await EthtoolSettingsCommand.fec(words, session: session)
        case .showPrivateFlags: return await EthtoolSettingsCommand.privateFlags(words, session: session)
        case .statistics: return await EthtoolStatisticsCommand.show(words, session: session)
        case .setPrivateFlags: return await EthtoolSettingsCommand.setPrivateFlags(words, session: session)
        case .setFEC: return await EthtoolSettingsCommand.setFEC(words, session: session)
        case .setEEE: return await EthtoolSettingsCommand.setEEE(words, session: session)
        case .showModule: return await EthtoolSettingsCommand.module(words, session: session)
        case .help, .version, .notBuilt: return 1
        }
    }
}

/// One run of `nlctl ethtool`: the connection in the `-n` namespace, the family's ID, the output,
/// and ethtool's ways of reporting errors.
final class EthtoolSession {
    let connection: NetlinkConnection
    let familyID: UInt16
    let json: Bool
    let statistics: Bool
    let output: BufferedOutput
    let printer: Printer
    var deviceName = ""

    init?(options: ToolOptions, json: Bool, statistics: Bool, output: BufferedOutput) async {
        guard let connection = GenlControl.connection(options: options) else { return nil }
        do throws(NetlinkError) {
            familyID = try await connection.ethtoolFamilyID()
        } catch {
            // ethtool's netlink_init: without the family, netlink is not there for it.
            printError("netlink interface initialization failed")
            return nil
        }
        self.connection = connection
        self.json = json
        self.statistics = statistics
        self.output = output
        printer = Printer(json: json, pretty: true, oneline: false, output: output)
    }

    /// The device of the command line: `*` is every device (a dump).
    var isWildcard: Bool { deviceName == "*" }
    var device: EthtoolDevice { .name(deviceName) }

    /// ethtool's `nlsock_process_ack`: the extended ack's message (with its offset), then
    /// `perror("netlink error")`.
    func report(_ error: NetlinkError) {
        if let message = error.extendedAck?.message {
            if let offset = error.extendedAck?.offset {
                printError("netlink error: \(message) (offset \(offset))")
            } else {
                printError("netlink error: \(message)")
            }
        }
        if let errno = error.errno {
            printError("netlink error: \(errno.description)")
        } else {
            printError("netlink error: \(error)")
        }
    }

    /// "unexpected parameter" for a get given more words, ethtool's check; `nil` when there are none.
    func unexpected(_ words: [String]) -> Int32? {
        guard let word = words.first else { return nil }
        printError("ethtool: unexpected parameter '\(word)'")
        return 1
    }

    /// A get of the device, or of every device for `*` (each reply after a blank line, as
    /// ethtool's dumps print them): `print` prints one reply. Errors are reported as ethtool
    /// reports them; the status is ethtool's (1 on error).
    func get<T: Sendable>(
        _ command: UInt8, flags: EthtoolRequestFlags = [], decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> T,
        print: (T, _ inDump: Bool) async -> Bool
    ) async -> Int32 {
        printer.begin()
        defer { printer.finish() }
        if isWildcard {
            do throws(NetlinkError) {
                let all = try await connection.ethtoolDump(command, flags: flags, familyID: familyID, decode: decode)
                for value in all { _ = await print(value, true) }
                return 0
            } catch {
                report(error)
                return 1
            }
        }
        do throws(NetlinkError) {
            switch try await connection.ethtoolGet(command, device: device, flags: flags, familyID: familyID, decode: decode) {
            case .value(let value): return await print(value, false) ? 0 : 1
            case .notSupported(let error), .notPermitted(let error):
                report(error)
                return 1
            }
        } catch {
            report(error)
            return 1
        }
    }

    /// ethtool's `parse_u32`: decimal, or hexadecimal after `0x`; `strtoul`'s leading blanks and sign.
    static func parseNumber(_ text: String, maximum: UInt64 = 0xFFFF_FFFF) -> UInt64? {
        var body = Substring(text)
        var base = 10
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            body = body.dropFirst(2)
            base = 16
        }
        while let c = body.first, c == " " || c == "\t" || c == "\n" { body.removeFirst() }
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body.removeFirst()
        }
        if base == 10, body.hasPrefix("0x") || body.hasPrefix("0X") {
            // strtoul with base 10 stops at the x: the rest is garbage.
            return nil
        }
        guard !body.isEmpty, let magnitude = UInt64(body, radix: base) else { return nil }
        let value = negative ? 0 &- magnitude : magnitude
        return value <= maximum ? value : nil
    }
}
