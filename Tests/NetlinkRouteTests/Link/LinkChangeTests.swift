import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// The link changes a container network plugin makes, through the connection's named calls:
/// bridge and veth made, a port enslaved and released, renamed, given an address and an MTU, set up
/// and down, and moved to another namespace (the index it has there returned). Every change is read
/// back from the kernel.
@Suite("Link changes on the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct LinkChangeTests {
    @Test func plugInAVethAndMoveIt() async throws {
        let (_, connection) = try routeTestConnection()
        try await connection.createLink(name: "br0", kind: "bridge")
        try await connection.createVethPair(name: "host0", peerName: "ctr0")
        let bridge = try await connection.link(named: "br0")
        var host = try await connection.link(named: "host0")

        try await connection.setMaster(ofLink: host.index, to: bridge.index)
        #expect(try await connection.link(index: host.index).masterIndex == bridge.index)
        try await connection.removeMaster(ofLink: host.index)
        #expect(try await connection.link(index: host.index).masterIndex == nil)

        try await connection.setLink(index: host.index, mtu: 1400)
        try await connection.setLink(index: host.index, address: [0x02, 0x00, 0x5e, 0x10, 0x20, 0x30])
        try await connection.renameLink(index: host.index, to: "veth-host")
        try await connection.setLink(index: host.index, up: true)
        host = try await connection.link(index: host.index)
        #expect(host.name == "veth-host")
        #expect(host.mtu == 1400)
        #expect(host.address == [0x02, 0x00, 0x5e, 0x10, 0x20, 0x30])
        #expect(host.isUp)

        // A link that is up: older kernels refuse the rename (EBUSY, name kept), newer ones rename it
        // (this one does); either way the kernel's answer and the name read back agree.
        do throws(NetlinkError) {
            try await connection.renameLink(index: host.index, to: "veth-up")
            print("renaming a link that is up: allowed by this kernel")
            #expect(try await connection.link(index: host.index).name == "veth-up")
        } catch {
            print("renaming a link that is up: refused by this kernel (\(error))")
            #expect(error.errno == .resourceBusy)
            #expect(try await connection.link(index: host.index).name == "veth-host")
        }
        // A 16-byte name is refused before sending.
        let long = await #expect(throws: NetlinkError.self) { try await connection.renameLink(index: host.index, to: "sixteen-bytes-xx") }
        #expect(long?.code == .encodingFailed)
        try await connection.setLink(index: host.index, up: false)
        #expect(try await !connection.link(index: host.index).isUp)

        // Moved: gone here, found there under the returned index (the same number, free there).
        let peer = try await connection.link(named: "ctr0")
        let container = try await NetworkNamespace.createPrivate()
        let newIndex = try await connection.moveLink(index: peer.index, to: container)
        #expect(newIndex == peer.index)
        let inside = try await NetlinkConnection(family: .route, namespace: container)
        #expect(try await inside.link(index: newIndex).name == "ctr0")
        #expect(try await !connection.links().contains { $0.name == "ctr0" })

        // Moved into a namespace where its number is taken (a bridge made there with that
        // index): the kernel gives it another, and that is the one returned.
        try await connection.createVethPair(name: "second0", peerName: "second1")
        let second = try await connection.link(named: "second1")
        var blocker = LinkSettings()
        blocker.name = "taken"
        blocker.index = second.index
        blocker.kind = .other("bridge")
        try await inside.addLink(blocker)
        #expect(try await inside.link(named: "taken").index == second.index)
        let moved = try await connection.moveLink(index: second.index, to: container)
        #expect(moved != second.index)
        #expect(try await inside.link(index: moved).name == "second1")
    }
}
