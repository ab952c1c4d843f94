import Glibc
import KernelFeatures
import Netlink
import NetlinkCore
import Testing

/// Every kernel feature probe the suites use (`Tests/KernelFeatures`), evaluated and printed, so each
/// test log names the kernel it ran on. A probe's "absent" must be the kernel's documented refusal,
/// never an unexplained failure: a netlink family the kernel lacks is `EPROTONOSUPPORT` at `socket()`,
/// a link kind it lacks is `EOPNOTSUPP` "Unknown device type".
@Suite("Kernel features", .enabled(if: KernelAccess.available, KernelAccess.reason))
struct KernelFeatureTests {
    @Test func everyProbeAnswersDefinitely() async {
        let features = await KernelFeatures.report()
        for feature in features {
            print("kernel feature: \(feature)")
            guard !feature.present else { continue }
            if feature.name.hasPrefix("netlink family") {
                #expect(feature.errno == .protocolNotSupported, "\(feature)")
            } else if feature.name.hasPrefix("link kind") {
                #expect(feature.errno == .notSupported && feature.evidence.contains("Unknown device type"), "\(feature)")
            } else if feature.name != "private network namespaces" {
                #expect(feature.errno == nil && feature.evidence.hasSuffix("missing"), "\(feature)")
            }
        }
        // The families every kernel of this project's kind has, whatever its configuration.
        for family in [NetlinkFamily.route, .generic, .userSocket] {
            #expect(KernelFeatures.netlinkFamily(family).present, "\(family)")
        }
    }

    /// Multicast routing's two probes (`/proc/net/ip_mr_vif` and `ip6_mr_vif`) agree with the
    /// namespace's own `/proc` view: a private namespace shows the same files.
    @Test func multicastRoutingProbeMatchesANewNamespace() throws {
        let namespace = try NetworkNamespace.createPrivate()
        let seen = try namespace.perform { () throws(NetlinkError) -> [Bool] in
            [access("/proc/thread-self/net/ip_mr_vif", F_OK) == 0, access("/proc/thread-self/net/ip6_mr_vif", F_OK) == 0]
        }
        #expect(seen == [KernelFeatures.ipv4MulticastRouting.present, KernelFeatures.ipv6MulticastRouting.present])
    }
}
