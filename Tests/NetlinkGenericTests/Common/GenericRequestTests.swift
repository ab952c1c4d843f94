import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import SystemPackage
import Testing

/// The generic request API on families this project has no module for yet, resolved by name.
@Suite("Generic requests", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct GenericRequestTests {
    /// netdev's device dump (`NETDEV_CMD_DEV_GET` 1): its replies carry no `NLM_F_MULTI`, only its
    /// `DONE` does; the dump still returns every device (a new namespace: lo, index 1).
    @Test func netdevDumpWithoutMultiFlag() async throws {
        let (_, connection) = try await genericTestConnection()
        let netdev = try await connection.genericFamily(named: "netdev")
        var indexes: [UInt32] = []
        var multiFlags = 0
        for try await datagram in connection.genericDump(family: netdev.id, command: 1) {
            try datagram.forEachMessage { message in
                guard message.type.rawValue == netdev.id else { return }
                if message.header.flags.contains(.multipart) { multiFlags += 1 }
                var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
                while let attribute = try attributes.next() {
                    if attribute.type == 1 { indexes.append(try attribute.uint32(.host)) }  // NETDEV_A_DEV_IFINDEX
                }
            }
        }
        #expect(indexes == [1])
        print("netdev dump replies with NLM_F_MULTI: \(multiFlags) of \(indexes.count)")

        // The same device asked for with a do request; an unknown one: the kernel's ENODEV.
        let answer = try await connection.genericExecute(family: netdev.id, command: 1) { b in
            try b.appendAttribute(1, uint32: 1, .host)
        }
        #expect(answer.replies.count == 1)
        let error = await #expect(throws: NetlinkError.self) {
            try await connection.genericExecute(family: netdev.id, command: 1) { b in try b.appendAttribute(1, uint32: 999, .host) }
        }
        #expect(error?.errno == Errno(rawValue: ENODEV))
    }
}
