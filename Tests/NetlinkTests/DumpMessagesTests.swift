import Netlink
import NetlinkCore
import NetlinkTestSupport
import Testing

/// `NetlinkDump.forEachMessage`: every message of every datagram in order; the body's own
/// `NetlinkError` ends it as itself, another error as `malformedReply`, and the kernel's error in
/// `NLMSG_DONE` as the dump's error.
@Suite("NetlinkDump.forEachMessage")
struct DumpMessagesTests {
    static func kernel(done error: Int32 = 0) -> FakeNetlinkKernel {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: NetlinkMessageType(18)) { _ in
            [.multipart(type: NetlinkMessageType(16), payloads: (0..<40).map { [UInt8($0), 0, 0, 0] }, datagramSize: 100), .done(error: error)]
        }
        return kernel
    }

    @Test func everyMessageInOrder() async throws {
        let connection = try NetlinkConnection(transport: Self.kernel())
        var seen: [UInt8] = []
        try await connection.dump(type: NetlinkMessageType(18)).forEachMessage { message in
            seen.append(message.payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        }
        #expect(seen == (0..<40).map { UInt8($0) })
    }

    @Test func errorsEndIt() async throws {
        struct Other: Error {}
        let connection = try NetlinkConnection(transport: Self.kernel())
        let own = await #expect(throws: NetlinkError.self) {
            try await connection.dump(type: NetlinkMessageType(18)).forEachMessage { _ in throw NetlinkError(.cancelled) }
        }
        #expect(own?.code == .cancelled)
        let other = await #expect(throws: NetlinkError.self) {
            try await connection.dump(type: NetlinkMessageType(18)).forEachMessage { _ in throw Other() }
        }
        #expect(other?.code == .malformedReply)
        let failing = try NetlinkConnection(transport: Self.kernel(done: -95))
        let kernelError = await #expect(throws: NetlinkError.self) {
            try await failing.dump(type: NetlinkMessageType(18)).forEachMessage { _ in }
        }
        #expect(kernelError?.errno == .notSupported)
    }
}
