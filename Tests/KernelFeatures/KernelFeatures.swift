import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import SystemPackage
import Synchronization

/// What one kernel feature probe found: present or absent, and the kernel's own words for it.
///
/// Tests that depend on an optional kernel feature ask here first and then check what the kernel must
/// do either way (with the feature: its behaviour; without it: the kernel's documented refusal). A probe
/// asks the kernel through a channel other than the code under test where one exists (a `/proc` file
/// rather than the dump the test checks), so a wrong answer of the library cannot make both agree.
public struct KernelFeature: Sendable, CustomStringConvertible {
    /// What was probed, e.g. "link kind vxlan".
    public let name: String
    /// Whether this kernel offers it.
    public let present: Bool
    /// How the probe knew: the file that exists or not, the kernel's error, the socket call's answer.
    public let evidence: String
    /// The kernel's errno when the probe's answer was an error (absent or otherwise).
    public let errno: Errno?

    public var description: String { "\(name): \(present ? "present" : "absent") (\(evidence))" }
}

/// The kernel features the tests depend on, each probed once per test process and printed when it is
/// first asked for (`kernel feature: NAME: present|absent (EVIDENCE)`), so a test log says which
/// answers the run checked. ``report()`` probes them all.
///
/// What each probe means and what a test checks without the feature is listed in the README
/// ("Kernel features the tests use").
public enum KernelFeatures {
    private static let cache = Mutex<[String: KernelFeature]>([:])

    /// Returns the cached answer for `name`, probing (and printing) once.
    private static func cached(_ name: String, _ probe: () -> KernelFeature) -> KernelFeature {
        if let known = cache.withLock({ $0[name] }) { return known }
        return store(probe())
    }

    /// The same for a probe that talks to the kernel over netlink.
    private static func cached(_ name: String, _ probe: () async -> KernelFeature) async -> KernelFeature {
        if let known = cache.withLock({ $0[name] }) { return known }
        return store(await probe())
    }

    /// Keeps the first answer for a name (two tasks may probe at once) and prints it.
    private static func store(_ feature: KernelFeature) -> KernelFeature {
        let name = feature.name
        let first = cache.withLock { table -> Bool in
            if table[name] != nil { return false }
            table[name] = feature
            return true
        }
        if first { printProbe(feature) }
        return cache.withLock { $0[name]! }
    }

    private static func printProbe(_ feature: KernelFeature) {
        var line = Array("kernel feature: \(feature)\n".utf8)
        _ = line.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Whether a file exists (`access(F_OK)`).
    private static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Whether this process may create private network namespaces (`unshare(CLONE_NEWNET)`: needs
    /// `CAP_SYS_ADMIN`) — a privilege rather than a kernel feature; the kernel suites skip without it
    /// and say why (as root in CI they run).
    public static var privateNamespaces: KernelFeature {
        cached("private network namespaces") {
            do throws(NetlinkError) {
                _ = try NetworkNamespace.createPrivate()
                return KernelFeature(name: "private network namespaces", present: true, evidence: "unshare(CLONE_NEWNET) succeeded", errno: nil)
            } catch {
                return KernelFeature(name: "private network namespaces", present: false, evidence: "\(error)", errno: error.errno)
            }
        }
    }

    /// IPv4 multicast routing (`CONFIG_IP_MROUTE`): the kernel has `/proc/net/ip_mr_vif`, adds a default
    /// rule of family `RTNL_FAMILY_IPMR` (128) to every namespace and answers a family-128 rule dump;
    /// without it that dump is refused with `EAFNOSUPPORT`.
    public static var ipv4MulticastRouting: KernelFeature {
        cached("IPv4 multicast routing") {
            let path = "/proc/net/ip_mr_vif"
            let present = exists(path)
            return KernelFeature(name: "IPv4 multicast routing", present: present, evidence: "\(path) \(present ? "exists" : "missing")", errno: nil)
        }
    }

    /// IPv6 multicast routing (`CONFIG_IPV6_MROUTE`): `/proc/net/ip6_mr_vif`, rules of family
    /// `RTNL_FAMILY_IP6MR` (129).
    public static var ipv6MulticastRouting: KernelFeature {
        cached("IPv6 multicast routing") {
            let path = "/proc/net/ip6_mr_vif"
            let present = exists(path)
            return KernelFeature(name: "IPv6 multicast routing", present: present, evidence: "\(path) \(present ? "exists" : "missing")", errno: nil)
        }
    }

    /// Loadable modules (`CONFIG_MODULES`): `/proc/modules`. Without them nothing is loaded on demand,
    /// so a missing link kind, qdisc or genl family stays missing.
    public static var loadableModules: KernelFeature {
        cached("loadable modules") {
            let present = exists("/proc/modules")
            return KernelFeature(name: "loadable modules", present: present, evidence: "/proc/modules \(present ? "exists" : "missing")", errno: nil)
        }
    }

    /// Whether `socket(AF_NETLINK, SOCK_RAW, family)` succeeds: `EPROTONOSUPPORT` means the kernel has
    /// no such netlink family.
    public static func netlinkFamily(_ family: NetlinkFamily) -> KernelFeature {
        cached("netlink family \(family.rawValue)") {
            let name = "netlink family \(family.rawValue)"
            do throws(NetlinkError) {
                let socket = try NetlinkSocket(family: family)
                socket.close()
                return KernelFeature(name: name, present: true, evidence: "socket() succeeded", errno: nil)
            } catch {
                return KernelFeature(name: name, present: error.errno != .protocolNotSupported,
                                     evidence: "socket(): \(error)", errno: error.errno)
            }
        }
    }

    /// Whether this kernel creates links of `kind` (`rtnl_link_ops` registered): probed with an
    /// `RTM_NEWLINK` of that kind and no data in a private namespace. The kernel answers a kind it does
    /// not know with `EOPNOTSUPP` "Unknown device type" (nothing is loaded without modules); any other
    /// answer, even a refusal of the missing data, means the kind exists.
    public static func linkKind(_ kind: String) async -> KernelFeature {
        await cached("link kind \(kind)") { () async -> KernelFeature in
            let name = "link kind \(kind)"
            do throws(NetlinkError) {
                let namespace = try await NetworkNamespace.createPrivate()
                let connection = try await NetlinkConnection(family: .route, namespace: namespace)
                defer { connection.close() }
                var settings = LinkSettings()
                settings.name = "probe0"
                settings.kind = .other(kind)
                do throws(NetlinkError) {
                    try await connection.addLink(settings)
                    return KernelFeature(name: name, present: true, evidence: "RTM_NEWLINK acknowledged", errno: nil)
                } catch {
                        let unknown = error.errno == .notSupported && (error.message ?? "").contains("Unknown device type")
                    return KernelFeature(name: name, present: !unknown, evidence: "RTM_NEWLINK: \(error)", errno: error.errno)
                }
            } catch {
                return KernelFeature(name: name, present: false, evidence: "could not probe: \(error)", errno: error.errno)
            }
        }
    }

    /// The link kinds the suites create, and the ones this project's machines are known to lack.
    public static let linkKindsOfInterest = ["veth", "bridge", "vxlan", "macvlan", "macvtap", "ifb", "dummy", "vlan", "bond", "vrf", "gre", "wireguard"]

    /// Every probe, evaluated (and so printed) now.
    public static func report() async -> [KernelFeature] {
        var all = [privateNamespaces, ipv4MulticastRouting, ipv6MulticastRouting, loadableModules] + NetlinkFamily.allKnown.map(netlinkFamily)
        for kind in linkKindsOfInterest { all.append(await linkKind(kind)) }
        return all
    }
}
