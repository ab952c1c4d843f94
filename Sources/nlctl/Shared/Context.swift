import Netlink
import NetlinkCore
import NetlinkRoute

/// What every command shares: the options, the printer, and the connection to the namespace.
final class Context {
    let options: GlobalOptions
    /// The printer of the command (replaced per event by `monitor -j`, one JSON object per line).
    var printer: Printer
    private var cachedConnection: NetlinkConnection?
    private var cachedLinks: [Int32: Link]?
    /// Whether the link map was dumped for the current command (a batch keeps it across lines,
    /// and a name it does not know makes it dump again before saying the device does not exist).
    private var linksFresh = false
    /// A pipelined batch's collector: change requests go there instead of to the kernel.
    var collector: ChangeCollector?
    /// The receive buffer to ask for when the connection opens (a batch wants room for its replies).
    var receiveBufferSize: Int?
    /// Who reads the connection's socket: the command's own thread (one request at a time, no
    /// thread hand-offs), unless a command that runs tasks side by side (`monitor mirror`) asks
    /// for a reader thread before it connects.
    var reading: NetlinkConnection.Configuration.Reading = .callingThread

    init(options: GlobalOptions, output: BufferedOutput) {
        self.options = options
        printer = Printer(json: options.json, pretty: options.pretty, oneline: options.oneline, output: output)
        printer.enableColor(options.color)
    }

    /// The namespace of `-n NAME`, or `nil` for the caller's.
    lazy var namespace: Result<NetworkNamespace?, CommandError> = {
        guard let name = options.namespace else { return .success(nil) }
        do throws(NetlinkError) {
            return .success(try ProcessNamespace.named(name))
        } catch {
            return .failure(CommandError(
                "Cannot open network namespace \"\(name)\": \(error.errno?.description ?? error.iproute2Description)", status: 255))
        }
    }()

    /// A generic netlink connection in `namespace`, read on the calling thread (one request at a
    /// time), joined to `groups`: in the parser fuzz target's sandbox, its fake kernel — never a
    /// real socket.
    static func genericConnection(namespace: NetworkNamespace?, groups: [UInt32] = []) throws(NetlinkError) -> NetlinkConnection {
        var configuration = NetlinkConnection.Configuration()
        configuration.reading = .callingThread
        configuration.groups = groups
        if let sandboxed = try Sandbox.connection(configuration: configuration) { return sandboxed }
        return try NetlinkConnection(family: .generic, namespace: namespace, configuration: configuration)
    }

    /// The receive buffer of a request socket when nothing asks for more: iproute2's (1 MiB).
    static let requestReceiveBuffer = 1 << 20

    /// The rtnetlink connection (opened on first use, in the `-n` namespace).
    func connection() throws(CommandError) -> NetlinkConnection {
        if let cachedConnection { return cachedConnection }
        let namespace = try namespace.get()
        do throws(NetlinkError) {
            var configuration = NetlinkConnection.Configuration()
            configuration.strictChecking = true
            // iproute2's rtnl_open asks for 1 MiB with SO_RCVBUF (capped by rmem_max); a pipelined
            // batch asks for more, forced where permitted.
            configuration.receiveBufferSize = receiveBufferSize ?? Self.requestReceiveBuffer
            configuration.forceReceiveBuffer = receiveBufferSize != nil
            configuration.reading = reading
            let connection: NetlinkConnection
            if let sandboxed = try Sandbox.connection(configuration: configuration) {
                connection = sandboxed
            } else {
                connection = try NetlinkConnection(family: .route, namespace: namespace, configuration: configuration)
            }
            cachedConnection = connection
            return connection
        } catch {
            throw CommandError("Cannot open netlink socket: \(error.errno?.description ?? error.iproute2Description)", status: 1)
        }
    }

    /// Every link by index, dumped once per command (iproute2's `ll_map`). Names resolve inside
    /// the namespace. A map kept from an earlier command of a batch (``ageLinks()``) serves name
    /// lookups only: what a command prints of links comes from a dump of its own.
    func links() async throws(CommandError) -> [Int32: Link] {
        if let cachedLinks, linksFresh { return cachedLinks }
        let connection = try connection()
        do throws(NetlinkError) {
            let all = try await connection.links()
            var map: [Int32: Link] = [:]
            for link in all { map[link.index] = link }
            cachedLinks = map
            linksFresh = true
            return map
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
    }

    /// The index of the link called `name` in the namespace (never the host's `if_nametoindex`).
    func index(ofLink name: String) async throws(CommandError) -> Int32? {
        // By bytes: names unique in the kernel are unique here, whatever the dictionary's order.
        // A map kept from an earlier command of the batch answers (as ip's cache does) when it
        // knows the name; otherwise the links are dumped again before the name is called unknown.
        let bytes = name.rawBytes
        if let cachedLinks, let found = cachedLinks.first(where: { $0.value.isNamed(rawBytes: bytes) }) {
            return found.key
        }
        if cachedLinks != nil && linksFresh { return nil }
        return try await links().first { $0.value.isNamed(rawBytes: bytes) }?.key
    }

    /// The name of link `index`, or `ifN` like iproute2. A link the map does not know yet (a
    /// monitor event that arrives before the link's own) is asked for, as `ll_index_to_name` does.
    func name(ofLink index: Int32) async -> String {
        if let link = try? await links()[index] { return link.name }
        if let connection = try? connection(), let link = try? await connection.link(index: index) {
            update(link: link)
            return link.name
        }
        return "if\(index)"
    }

    /// ip's netns map: the names of /run/netns by the ID this namespace gives them (the first
    /// name in directory order for an ID), made once, when a link to be printed as text names a
    /// peer namespace by ID.
    private(set) var namespaceNamesByID: [Int32: String]?

    /// Makes ``namespaceNamesByID`` if one of `links` has a peer namespace ID and the output is text.
    func loadNamespaceNames(for links: some Sequence<Link>) async {
        guard namespaceNamesByID == nil, !options.json, links.contains(where: { ($0.linkNamespaceID ?? -1) >= 0 }) else { return }
        _ = await namespaceNames()
    }

    /// ``namespaceNamesByID``, made on first use (ip's `netns_map_init`; a kernel error for a name
    /// is printed, as ip prints it, and the name left out).
    func namespaceNames() async -> [Int32: String] {
        if let namespaceNamesByID { return namespaceNamesByID }
        var names: [Int32: String] = [:]
        for name in NetworkNamespace.names() {
            if let id = await NetnsCommand.namespaceID(of: name, context: self), names[id] == nil { names[id] = name }
        }
        namespaceNamesByID = names
        return names
    }

    func invalidateLinks() { cachedLinks = nil }

    /// Keeps the link map for the next command but makes it dump again on an unknown name.
    func ageLinks() { linksFresh = false }

    /// Keeps the link map current from events (`monitor`).
    func update(link: Link) { cachedLinks?[link.index] = link }

    /// Forgets a deleted link (`monitor`).
    func remove(linkIndex: Int32) { cachedLinks?[linkIndex] = nil }

    /// Keeps a namespace handle open until the command ends (its descriptor is sent to the kernel).
    private var retained: [NetworkNamespace] = []
    func retain(_ namespace: NetworkNamespace) { retained.append(namespace) }
}
