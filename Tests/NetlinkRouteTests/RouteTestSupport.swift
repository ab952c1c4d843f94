import KernelFeatures
import Netlink
import NetlinkRoute
import NetlinkCore
import Testing

/// Whether this process may create network namespaces; kernel tests skip with ``reason`` otherwise.
enum RouteKernelAccess {
    static let available: Bool = KernelFeatures.privateNamespaces.present
    static let reason: Comment = "needs CAP_SYS_ADMIN and CAP_NET_ADMIN to create a private network namespace (run as root)"
}

/// Whether this kernel creates links of every kind in `kinds` (probed once and printed by
/// `KernelFeatures`, with an `RTM_NEWLINK` of that kind). For a missing kind this checks the kernel's
/// answer instead: `EOPNOTSUPP` with the extended-ack message "Unknown device type", as the library
/// reports it; the caller then leaves out what needs the kind.
func linkKindsPresent(_ kinds: [String], sourceLocation: SourceLocation = #_sourceLocation) async -> Bool {
    var allPresent = true
    for kind in kinds {
        let feature = await KernelFeatures.linkKind(kind)
        guard !feature.present else { continue }
        allPresent = false
        #expect(feature.errno == .notSupported && feature.evidence.contains("Unknown device type"), "\(feature)", sourceLocation: sourceLocation)
    }
    return allPresent
}

/// A connection in a new private namespace (with `lo` only, down).
func routeTestConnection(configuration: NetlinkConnection.Configuration = .init()) throws -> (NetworkNamespace, NetlinkConnection) {
    let namespace = try NetworkNamespace.createPrivate()
    return (namespace, try NetlinkConnection(family: .route, namespace: namespace, configuration: configuration))
}

/// `AF_INET`.
let inet = AddressFamily.inet
/// `AF_INET6`.
let inet6 = AddressFamily.inet6

/// An address from text, for tests (traps on a typo in the test itself).
func ip(_ text: String) -> IPAddress { IPAddress(text)! }

/// A whole message as the kernel sends it in a dump: `nlmsghdr` (length, `type`, `flags`
/// (default NLM_F_MULTI), sequence 1, port 0), then `payload`.
func message(type: UInt16, flags: UInt16 = 0x2, payload: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = []
    withUnsafeBytes(of: UInt32(16 + payload.count)) { bytes += $0 }
    withUnsafeBytes(of: type) { bytes += $0 }
    withUnsafeBytes(of: flags) { bytes += $0 }
    bytes += [1, 0, 0, 0, 0, 0, 0, 0]
    return bytes + payload
}
