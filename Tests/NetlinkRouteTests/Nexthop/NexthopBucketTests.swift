import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

@Suite("Nexthop buckets: RTM_*NEXTHOPBUCKET, NHA_RES_BUCKET_*")
struct NexthopBucketTests {
    /// A bucket as the kernel dumps it: nhmsg, NHA_ID, NHA_RES_BUCKET { index, idle time, nexthop }.
    @Test func decodesKernelMessage() throws {
        let bucket = try NexthopBucket(decoding: try NetlinkMessage(message(type: 116, payload: [
            0x00, 0x00, 0x00, 0x00,     // nh_family AF_UNSPEC, scope, protocol, reserved
            0x08, 0x00, 0x00, 0x00,     // nh_flags RTNH_F_OFFLOAD
            0x08, 0x00, 0x01, 0x00,     // NHA_ID
            0x0A, 0x00, 0x00, 0x00,     //   10
            0x24, 0x00, 0x0D, 0x80,     // NHA_RES_BUCKET | NLA_F_NESTED
            0x06, 0x00, 0x01, 0x00,     //   NHA_RES_BUCKET_INDEX
            0x03, 0x00, 0x00, 0x00,     //     3, padded
            0x0C, 0x00, 0x02, 0x00,     //   NHA_RES_BUCKET_IDLE_TIME
            0x0F, 0x20, 0, 0, 0, 0, 0, 0, //   8207 ticks
            0x08, 0x00, 0x03, 0x00,     //   NHA_RES_BUCKET_NH_ID
            0x02, 0x00, 0x00, 0x00,     //     2
            0x04, 0x00, 0x63, 0x00,     //   an unknown nested attribute: skipped
        ]).span.bytes))
        #expect(bucket.groupID == 10)
        #expect(bucket.index == 3)
        #expect(bucket.idleTime == 8207)
        #expect(bucket.idleSeconds == 82.07)
        #expect(bucket.nexthopID == 2)
        #expect(bucket.flags == .offload)
        let wrongSize = #expect(throws: NetlinkDecodingError.self) {
            try NexthopBucket(decoding: try NetlinkMessage(message(type: 116, payload: [
                0, 0, 0, 0, 0, 0, 0, 0, 0x0C, 0x00, 0x0D, 0x80, 0x08, 0x00, 0x01, 0x00, 3, 0, 0, 0,
            ]).span.bytes))
        }
        #expect(wrongSize?.code == .attributeSizeMismatch)
    }

    /// The requests as ip builds them: the dump's filter (NHA_OIF, NHA_MASTER, NHA_ID, then the
    /// nested NHA_RES_BUCKET_NH_ID), and the get without NLM_F_ACK (NHA_ID, nested index).
    @Test func encodesRequests() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.getNexthopBucket) { request in
            let payload: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 1, 0, 10, 0, 0, 0, 12, 0, 0x0D, 0x80, 6, 0, 1, 0, 5, 0, 0, 0]
            return request.flags.contains(.root)
                ? [.dump(type: RouteMessageType.newNexthopBucket, payloads: [payload])]
                : [.message(type: RouteMessageType.newNexthopBucket, payload: payload)]
        }
        let connection = try NetlinkConnection(transport: kernel)
        let all = try await connection.nexthopBuckets(NexthopBucketFilter(groupID: 10, nexthopID: 2, interfaceIndex: 3, master: 4))
        #expect(all == [NexthopBucket(groupID: 10, index: 5)])
        #expect(try await connection.nexthopBucket(groupID: 10, index: 5) == NexthopBucket(groupID: 10, index: 5))
        let requests = kernel.requests
        try #require(requests.count == 2)
        #expect(requests[0].payload == [
            0, 0, 0, 0, 0, 0, 0, 0,     // nhmsg
            8, 0, 5, 0, 3, 0, 0, 0,     // NHA_OIF 3
            8, 0, 10, 0, 4, 0, 0, 0,    // NHA_MASTER 4
            8, 0, 1, 0, 10, 0, 0, 0,    // NHA_ID 10
            12, 0, 0x0D, 0x80,          // NHA_RES_BUCKET | NLA_F_NESTED
            8, 0, 3, 0, 2, 0, 0, 0,     //   NHA_RES_BUCKET_NH_ID 2
        ])
        #expect(requests[1].flags == [.request])
        #expect(requests[1].payload == [
            0, 0, 0, 0, 0, 0, 0, 0,
            8, 0, 1, 0, 10, 0, 0, 0,    // NHA_ID 10
            12, 0, 0x0D, 0x80,          // NHA_RES_BUCKET | NLA_F_NESTED
            6, 0, 1, 0, 5, 0, 0, 0,     //   NHA_RES_BUCKET_INDEX 5, padded
        ])
    }

    /// A resilient group's request bytes, as ip sends `nexthop add id 10 group 1/2 type resilient
    /// buckets 8 idle_timer 120`: NHA_RES_GROUP nested (with NLA_F_NESTED), the timer in ticks;
    /// decoding them gives the value back.
    @Test func resilientGroupBytes() throws {
        let group = Nexthop.resilientGroup(id: 10, members: [NexthopGroupMember(id: 1), NexthopGroupMember(id: 2)], buckets: 8, idleTimer: 12_000)
        var builder = NetlinkMessageBuilder()
        try group.encode(into: &builder)
        #expect(builder.bytes == [
            0, 0, 0, 0, 0, 0, 0, 0,                 // nhmsg, AF_UNSPEC
            8, 0, 1, 0, 10, 0, 0, 0,                // NHA_ID 10
            20, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0,    // NHA_GROUP 1 (weight 1)
            2, 0, 0, 0, 0, 0, 0, 0,                 //   2 (weight 1)
            6, 0, 3, 0, 1, 0, 0, 0,                 // NHA_GROUP_TYPE resilient, padded
            20, 0, 12, 0x80,                        // NHA_RES_GROUP | NLA_F_NESTED
            6, 0, 1, 0, 8, 0, 0, 0,                 //   NHA_RES_GROUP_BUCKETS 8, padded
            8, 0, 2, 0, 0xE0, 0x2E, 0, 0,           //   NHA_RES_GROUP_IDLE_TIMER 12000
        ])
        var message = NetlinkMessageBuilder()
        try message.message(type: RouteMessageType.newNexthop, flags: [], sequence: 1, portID: 0) { b in try group.encode(into: &b) }
        #expect(try Nexthop(decoding: try NetlinkMessage(message.bytes.span.bytes)) == group)
    }

    /// Against the kernel, each test in a private namespace of its own.
    @Suite("Nexthop buckets against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// A resilient group of two nexthops: its buckets, split between them, by dump and by get;
        /// the filters; the kernel's refusals of a plain nexthop, a missing group and an index past the end.
        @Test func resilientGroupBuckets() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upVethPair(connection, "b0")
            try await connection.addNexthop(Nexthop(id: 1, interfaceIndex: index, family: .inet))
            try await connection.addNexthop(Nexthop(id: 2, interfaceIndex: index, family: .inet))
            let members = [NexthopGroupMember(id: 1), NexthopGroupMember(id: 2)]
            // Without a bucket count the kernel refuses a resilient group.
            let noBuckets = await #expect(throws: NetlinkError.self) { try await connection.addNexthop(.group(id: 10, members: members, type: .resilient)) }
            #expect(noBuckets?.message == "Number of buckets not specified for nexthop group insertion")
            try await connection.addNexthop(.resilientGroup(id: 10, members: members, buckets: 8, idleTimer: 12_000))
            let group = try await connection.nexthop(id: 10)
            #expect(group.groupType == .resilient)
            #expect(group.resilient?.buckets == 8)
            #expect(group.resilient?.idleTimer == 12_000)
            #expect(group.resilient?.unbalancedTimer == 0)
            #expect(group.resilient?.unbalancedTime != nil)
            // What a dump gives back can be replaced as is (the reply-only unbalanced time is not sent).
            try await connection.replaceNexthop(group)
            let buckets = try await connection.nexthopBuckets()
            #expect(buckets.count == 8)
            #expect(buckets.allSatisfy { $0.groupID == 10 && $0.idleTime != nil })
            #expect(buckets.compactMap(\.index) == (0..<buckets.count).map { UInt16($0) })
            #expect(buckets.filter { $0.nexthopID == 1 }.count == buckets.count / 2)
            let ofTwo = try await connection.nexthopBuckets(NexthopBucketFilter(nexthopID: 2))
            #expect(ofTwo.count == buckets.count / 2 && ofTwo.allSatisfy { $0.nexthopID == 2 })
            #expect(try await connection.nexthopBuckets(NexthopBucketFilter(groupID: 10, interfaceIndex: index)).count == buckets.count)
            let one = try await connection.nexthopBucket(groupID: 10, index: 1)
            #expect(one.index == 1 && one.nexthopID == buckets[1].nexthopID)

            let plain = await #expect(throws: NetlinkError.self) { try await connection.nexthopBucket(groupID: 1, index: 0) }
            #expect(plain?.message == "Not a nexthop group")
            let past = await #expect(throws: NetlinkError.self) { try await connection.nexthopBucket(groupID: 10, index: UInt16(buckets.count)) }
            #expect(past?.message == "Bucket index out of bounds")
            let missing = await #expect(throws: NetlinkError.self) { try await connection.nexthopBuckets(NexthopBucketFilter(groupID: 99)) }
            #expect(missing?.errno == .noSuchFileOrDirectory)
        }
    }
}
