import Netlink
import NetlinkCore

/// nlctl without the system, for the parser fuzz target (`FuzzTesting/Sources/FuzzNlctl`, which
/// compiles nlctl's `Shared/` and `IP/` folders itself).
///
/// With ``transport`` set, every netlink connection runs on the transport it makes (a fake kernel)
/// instead of a socket, and the commands that act outside netlink are refused with one line and
/// status 1: `netns` (mounts and files under /run/netns), `tuntap` (/dev/net/tun, which makes real
/// devices), `monitor` (waits for events) and `-batch FILE` (reads any file; batch text is fuzzed
/// through ``BatchRunner/run(_:)`` directly). Unset — always, in nlctl itself — nothing changes.
enum Sandbox {
    /// Makes the transport of each new connection; `nil` outside the fuzz target.
    nonisolated(unsafe) static var transport: (@Sendable () -> any NetlinkTransport)?
    /// The connections made on ``transport`` since the last ``closeAll()``.
    nonisolated(unsafe) private static var opened: [NetlinkConnection] = []

    static var isOn: Bool { transport != nil }

    /// A connection on the sandbox's transport.
    static func connection(configuration: NetlinkConnection.Configuration) throws(NetlinkError) -> NetlinkConnection? {
        guard let transport else { return nil }
        let connection = try NetlinkConnection(transport: transport(), configuration: configuration)
        opened.append(connection)
        return connection
    }

    /// Closes every connection made since the last call (their reader threads end).
    static func closeAll() {
        for connection in opened { connection.close() }
        opened.removeAll()
    }

    /// Refuses what the sandbox does not run.
    static func refuse(_ what: String) throws(CommandError) {
        if isOn { throw CommandError("nlctl: \(what) is not run in the sandbox", status: 1) }
    }
}
