import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import SystemPackage
import Testing

/// The `SEG6` family against the kernel: the tunnel source read, set and read back; the HMAC dump
/// either lists keys or, without `CONFIG_IPV6_SEG6_HMAC` (this kernel), answers ENOTSUPP (524).
@Suite("SEG6", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct SEG6Tests {
    @Test func tunnelSourceAndHMAC() async throws {
        let (_, connection) = try await genericTestConnection()
        #expect(try await connection.seg6TunnelSource() == IPv6Address(high: 0, low: 0))
        let address = try #require(IPv6Address("fd00::5"))
        try await connection.setSEG6TunnelSource(address)
        #expect(try await connection.seg6TunnelSource() == address)
        do throws(NetlinkError) {
            let keys = try await connection.seg6HMACKeys()
            print("SEG6 HMAC: supported, \(keys.count) keys")
            #expect(keys.isEmpty)
        } catch {
            print("SEG6 HMAC: not built into this kernel (\(error))")
            #expect(error.errno?.rawValue == 524)
        }
    }
}
