import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

/// Alternative names through `RTM_NEWLINKPROP`/`RTM_DELLINKPROP`: the request's bytes, and the
/// kernel's answers in a private namespace.
@Suite("Link alternative names")
struct AlternativeNameTests {
    /// ip's request: `ifinfomsg` with the index, then one `IFLA_PROP_LIST` (nested flag) holding
    /// an `IFLA_ALT_IFNAME` per name; add with `NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND`.
    @Test func requestBytes() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.newLinkProperty) { _ in [.ack()] }
        kernel.on(type: RouteMessageType.deleteLinkProperty) { _ in [.ack()] }
        let connection = try NetlinkConnection(transport: kernel)
        try await connection.addAlternativeNames(["ab", "cde"], toLinkAt: 7)
        try await connection.deleteAlternativeNames(["ab"], fromLinkAt: 7)
        let sent = kernel.requests
        try #require(sent.count == 2)
        #expect(sent[0].flags == [.request, .acknowledge, .exclusive, .create, .append])
        #expect(sent[1].flags == [.request, .acknowledge])
        let header: [UInt8] = [0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(sent[0].payload == header + [20, 0, 52, 0x80, 7, 0, 53, 0, 0x61, 0x62, 0, 0, 8, 0, 53, 0, 0x63, 0x64, 0x65, 0])
        #expect(sent[1].payload == header + [12, 0, 52, 0x80, 7, 0, 53, 0, 0x61, 0x62, 0, 0])
    }

    @Test(.enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    func kernelKeepsThem() async throws {
        guard await linkKindsPresent(["bridge"]) else { return }
        let (_, connection) = try routeTestConnection()
        var bridge = LinkSettings()
        bridge.name = "br0"
        bridge.kind = .other("bridge")
        try await connection.addLink(bridge)
        let index = try await connection.link(named: "br0").index
        try await connection.addAlternativeNames(["first-alternative", "second"], toLinkAt: index)
        #expect(try await connection.link(index: index).alternativeNames == ["first-alternative", "second"])
        #expect(try await connection.link(named: "second").index == index, "a link is found by an alternative name")
        await #expect(throws: NetlinkError.self) { try await connection.addAlternativeNames(["second"], toLinkAt: index) }
        try await connection.deleteAlternativeNames(["first-alternative"], fromLinkAt: index)
        #expect(try await connection.link(index: index).alternativeNames == ["second"])
        do {
            try await connection.deleteAlternativeNames(["absent"], fromLinkAt: index)
            Issue.record("deleting a name the link lacks succeeded")
        } catch {
            #expect(error.errno?.rawValue == ENOENT, "\(error)")
        }
    }
}
