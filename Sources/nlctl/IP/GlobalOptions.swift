/// The options before the object, with `ip`'s spelling and abbreviation order
/// (`-s` is `-stats`, `-b` is `-batch`, `-br` is `-brief`, `-n` is `-netns`, `-N` is `-Numeric`).
struct GlobalOptions {
    var family: Family = .unspecified
    var statistics = 0
    var details = 0
    var json = false
    var pretty = false
    var brief = false
    var oneline = false
    var timestamp = false
    var timestampShort = false
    var numeric = false
    /// `-h[uman-readable]`: counters with k/M/G... suffixes (`-iec`: powers of 1024, ki/Mi...).
    var humanReadable = false
    var iec = false
    var force = false
    var resolve = false
    var namespace: String?
    var batchFile: String?
    var all = false
    /// `-echo`: changes ask for `NLM_F_ECHO` and print what the kernel echoes.
    var echo = false

    /// `-c[olor][={always|auto|never}]` (ip's default: never).
    var color: Color = .never

    enum Color: Equatable {
        case never, auto, always
    }

    enum Family: Equatable {
        case unspecified, inet, inet6, link, mpls, bridge

        /// ip's `preferred_family`: the `AF_*` number of `-4`, `-6`, `-0`, `-M`, `-B` (0 for none).
        var number: UInt8 {
            switch self {
            case .unspecified: 0
            case .inet: 2
            case .inet6: 10
            case .link: 17
            case .mpls: 28
            case .bridge: 7
            }
        }
    }

    /// ip's `matches_color`: `-c`, `-co` ... `-color`, alone (always) or with `=always`, `=auto`,
    /// `=never`; `nil` for anything else (which is then not a colour option).
    static func color(_ option: String) -> Color? {
        let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = parts.first, name.count > 1, "-color".hasPrefix(name) else { return nil }
        switch parts.count == 2 ? String(parts[1]) : "" {
        case "", "always": return .always
        case "auto": return .auto
        case "never": return .never
        default: return nil
        }
    }

    /// Parses the leading options; returns the words after them.
    static func parse(_ arguments: [String]) throws(CommandError) -> (GlobalOptions, [String]) {
        var options = GlobalOptions()
        var words = Words(arguments)
        while let word = words.current, word.hasPrefix("-"), word != "-" {
            _ = words.next()
            if word == "--" { break }
            var option = word
            if option.hasPrefix("--") { option.removeFirst() }
            if matches(option, "-loops") {
                _ = try words.argument(of: option)
            } else if matches(option, "-family") {
                let name = try words.argument(of: option)
                switch name {
                case "inet": options.family = .inet
                case "inet6": options.family = .inet6
                case "link": options.family = .link
                case "mpls": options.family = .mpls
                case "bridge": options.family = .bridge
                case "help": throw CommandError(usage, status: 0)
                default: throw CommandError.invalidArgument(name, "invalid protocol family")
                }
            } else if option == "-4" {
                options.family = .inet
            } else if option == "-6" {
                options.family = .inet6
            } else if option == "-0" {
                options.family = .link
            } else if option == "-M" {
                options.family = .mpls
            } else if option == "-B" {
                options.family = .bridge
            } else if matches(option, "-human") || matches(option, "-human-readable") {
                options.humanReadable = true
            } else if matches(option, "-iec") {
                options.iec = true
            } else if matches(option, "-stats") || matches(option, "-statistics") {
                options.statistics += 1
            } else if matches(option, "-details") {
                options.details += 1
            } else if matches(option, "-resolve") {
                options.resolve = true
            } else if matches(option, "-oneline") {
                options.oneline = true
            } else if matches(option, "-timestamp") {
                options.timestamp = true
            } else if matches(option, "-tshort") {
                options.timestamp = true
                options.timestampShort = true
            } else if matches(option, "-Version") {
                throw CommandError("nlctl utility, swift-netlink (iproute2 6.1 grammar)", status: 0)
            } else if matches(option, "-force") {
                options.force = true
            } else if matches(option, "-batch") {
                options.batchFile = try words.argument(of: option)
            } else if matches(option, "-brief") {
                options.brief = true
            } else if matches(option, "-json") {
                options.json = true
            } else if matches(option, "-pretty") {
                options.pretty = true
            } else if matches(option, "-rcvbuf") {
                let size = try words.argument(of: option)
                guard InetText.unsigned(size) != nil else { throw CommandError("Invalid rcvbuf size '\(size)'", status: 255) }
            } else if let color = Self.color(option) {
                options.color = color
            } else if matches(option, "-help") {
                throw CommandError(usage, status: 0)
            } else if matches(option, "-netns") {
                options.namespace = try words.argument(of: option)
            } else if matches(option, "-Numeric") {
                options.numeric = true
            } else if matches(option, "-all") {
                options.all = true
            } else if option == "-echo" {
                options.echo = true
            } else {
                throw CommandError("Option \"\(word)\" is unknown, try \"nlctl -help\".", status: 255)
            }
        }
        return (options, words.remaining)
    }

    static let usage = """
        Usage: nlctl [ OPTIONS ] OBJECT { COMMAND | help }
               nlctl [ -force ] -batch filename
               nlctl [ -n[etns] name ] [ -j[son] ] TOOL [ ARGUMENTS ]
        where  TOOL := { ip | \(Tools.planned.map(\.name).joined(separator: " | ")) }
                   (built: \(Tools.built.map { $0.name }.joined(separator: ", ")); the others say "not implemented yet")
        where  OBJECT := { address | link | monitor | neighbor | netconf | netns | nexthop | route | rule |
                   stats | tuntap }
               OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                            -h[uman-readable] | -iec | -j[son] | -p[retty] |
                            -f[amily] { inet | inet6 | mpls | bridge | link } |
                            -4 | -6 | -M | -B | -0 |
                            -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                            -n[etns] name | -N[umeric] | -a[ll] | -br[ief] }
        """
}
