import KernelFeatures
import NetlinkCore
import NetlinkTestSupport
import SystemPackage
import Testing

/// What a receive produced, copied out of the reusable buffer.
struct Received {
    var info: NetlinkDatagramInfo
    var bytes: [UInt8]

    /// (type, flags, sequence, port) of each message.
    var messages: [(type: UInt16, flags: UInt16, seq: UInt32, pid: UInt32)] {
        var out: [(UInt16, UInt16, UInt32, UInt32)] = []
        var it = NetlinkMessages(bytes.span.bytes)
        while let m = try? it.next() { out.append((m.type.rawValue, m.flags.rawValue, m.sequence, m.portID)) }
        return out
    }
}

func receiveDatagram(_ kernel: FakeNetlinkKernel, timeout: Duration = .seconds(2)) throws -> Received? {
    var buffer: [UInt8] = []
    switch try kernel.receive(into: &buffer, timeout: timeout) {
    case .datagram(let info): return Received(info: info, bytes: Array(buffer[0..<info.length]))
    default: return nil
    }
}

func request(type: UInt16, flags: NetlinkMessageFlags, seq: UInt32, port: UInt32 = 4242, _ body: (inout NetlinkMessageBuilder) throws -> Void = { _ in }) throws -> [UInt8] {
    var b = NetlinkMessageBuilder()
    try b.message(type: NetlinkMessageType(type), flags: flags, sequence: seq, portID: port, body)
    return b.bytes
}

@Suite("Fake kernel")
struct FakeNetlinkKernelTests {
    /// An unhandled request with NLM_F_ACK gets an ACK carrying its sequence and port.
    @Test func defaultAck() throws {
        let kernel = FakeNetlinkKernel(portID: 77)
        try kernel.send(request(type: 16, flags: [.request, .acknowledge], seq: 5, port: 77), to: .kernel)
        let reply = try #require(try receiveDatagram(kernel))
        #expect(reply.info.sender == .kernel)
        let ack = try NetlinkErrorMessage(decoding: NetlinkMessage(reply.bytes.span.bytes))
        #expect(ack.isAcknowledgement)
        #expect(ack.requestHeader.sequence == 5)
        #expect(reply.messages.first?.seq == 5)
        #expect(reply.messages.first?.pid == 77)
        #expect(kernel.requests.count == 1)
    }

    /// Without NLM_F_ACK an unknown request gets -EOPNOTSUPP.
    @Test func defaultError() throws {
        let kernel = FakeNetlinkKernel()
        try kernel.send(request(type: 99, flags: [.request], seq: 1), to: .kernel)
        let reply = try #require(try receiveDatagram(kernel))
        let error = try NetlinkErrorMessage(decoding: NetlinkMessage(reply.bytes.span.bytes))
        #expect(error.error == -Errno.notSupported.rawValue)
    }

    /// A scripted dump is packed into datagrams of at most 32 KiB and ends in DONE, all with the request's sequence.
    @Test func dumpIsPackedAndEndsInDone() throws {
        let kernel = FakeNetlinkKernel()
        let payload = [UInt8](repeating: 0xAB, count: 1_000)
        kernel.on(type: NetlinkMessageType(18)) { _ in [.dump(type: NetlinkMessageType(16), payloads: Array(repeating: payload, count: 100))] }
        try kernel.send(request(type: 18, flags: [.request, .dump], seq: 9), to: .kernel)
        var messages = 0
        var sawDone = false
        var datagrams = 0
        while let reply = try receiveDatagram(kernel, timeout: .milliseconds(100)) {
            datagrams += 1
            #expect(reply.bytes.count <= 32_768)
            for m in reply.messages {
                #expect(m.seq == 9)
                if m.type == 3 { sawDone = true } else {
                    #expect(m.type == 16)
                    #expect(m.flags & 0x2 != 0)
                    messages += 1
                }
            }
        }
        #expect(messages == 100)
        #expect(sawDone)
        #expect(datagrams == 5)  // 100 × 1,016 bytes in 32 KiB datagrams: 4 full + 1 partial, DONE in its own
    }

    /// Errors carry the extended ack and echo the payload unless capped; the offset helper finds the attribute.
    @Test func errorWithExtendedAck() throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: NetlinkMessageType(16)) { request in
            [.error(.invalidArgument, NetlinkExtendedAck(message: "Attribute failed policy validation", offset: request.offset(ofAttribute: 3, fixedHeaderSize: 16)))]
        }
        let bytes = try request(type: 16, flags: [.request, .acknowledge], seq: 3) { b in
            b.appendZeros(16)
            try b.appendAttribute(4, uint32: 1500, .host)
            try b.appendAttribute(3, string: "a-name-that-is-too-long")
        }
        try kernel.send(bytes, to: .kernel)
        let reply = try #require(try receiveDatagram(kernel))
        let decoded = try NetlinkErrorMessage(decoding: NetlinkMessage(reply.bytes.span.bytes))
        #expect(decoded.error == -22)
        #expect(!decoded.isCapped)
        #expect(decoded.requestPayload == Array(bytes[16...]))
        #expect(decoded.extendedAck?.offset == 40)
        let error = try #require(NetlinkError.kernelReply(decoded, request: bytes, fixedHeaderSize: 16))
        #expect(error.attributePath?.types == [3])
        #expect(error.description == "Error: Attribute failed policy validation.")
    }

    /// A DONE carrying an error and a message, as a strict link dump with a bare header gets.
    @Test func dumpEndingInError() throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: NetlinkMessageType(18)) { _ in
            [.done(error: -22, extendedAck: NetlinkExtendedAck(message: "Invalid header for link dump"))]
        }
        try kernel.send(request(type: 18, flags: [.request, .dump], seq: 1), to: .kernel)
        let reply = try #require(try receiveDatagram(kernel))
        let done = try NetlinkDoneMessage(decoding: NetlinkMessage(reply.bytes.span.bytes))
        #expect(NetlinkError.dumpDone(done)?.description == "Error: Invalid header for link dump.")
    }

    /// Events are multicast from the kernel: groups ≤ 32 set the sender's group bit, all carry PKTINFO's group.
    @Test func eventsCarryTheirGroup() throws {
        let kernel = FakeNetlinkKernel()
        kernel.inject([
            .event(group: 1, type: NetlinkMessageType(16), payload: [UInt8](repeating: 0, count: 16)),
            .event(group: 38, type: NetlinkMessageType(16), payload: [UInt8](repeating: 0, count: 16), sequence: 5, portID: 4242),
        ])
        let first = try #require(try receiveDatagram(kernel))
        #expect(first.info.group == 1)
        #expect(first.info.sender.groups == 1)
        #expect(first.info.isMulticast)
        let second = try #require(try receiveDatagram(kernel))
        #expect(second.info.group == 38)
        #expect(second.info.sender.groups == 0)
        #expect(second.messages.first?.pid == 4242)  // a notification caused by our request carries our port
    }

    /// Garbage and forged datagrams arrive as given, with their sender.
    @Test func garbageAndForgedSenders() throws {
        let kernel = FakeNetlinkKernel()
        kernel.inject([.datagram([1, 2, 3], sender: NetlinkAddress(portID: 31337), group: nil), .overrun])
        let forged = try #require(try receiveDatagram(kernel))
        #expect(forged.bytes == [1, 2, 3])
        #expect(forged.info.sender.portID == 31337)
        var buffer: [UInt8] = []
        #expect(try kernel.receive(into: &buffer, timeout: .seconds(1)) == .overrun)
    }

    /// Delays hold back later replies; silence answers nothing; a timeout returns timedOut.
    @Test func delaysAndSilence() throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: NetlinkMessageType(30)) { _ in [.silence] }
        kernel.on(type: NetlinkMessageType(31)) { _ in [.delay(.milliseconds(200)), .ack()] }
        try kernel.send(request(type: 30, flags: [.request, .acknowledge], seq: 1), to: .kernel)
        var buffer: [UInt8] = []
        #expect(try kernel.receive(into: &buffer, timeout: .milliseconds(50)) == .timedOut)
        try kernel.send(request(type: 31, flags: [.request, .acknowledge], seq: 2), to: .kernel)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try kernel.receive(into: &buffer, timeout: .milliseconds(20)) == .timedOut)
        let reply = try #require(try receiveDatagram(kernel))
        #expect(clock.now - start >= .milliseconds(190))
        #expect(reply.messages.first?.seq == 2)
    }

    /// wakeUp interrupts a receive blocked with no timeout; close makes later calls fail.
    @Test func wakeUpAndClose() async throws {
        let kernel = FakeNetlinkKernel()
        // The blocked receive runs on a thread of its own, not the cooperative pool (see onOwnThread).
        async let woken = onOwnThread { () -> NetlinkReceiveResult? in
            var buffer: [UInt8] = []
            return try? kernel.receive(into: &buffer, timeout: nil)
        }
        try await Task.sleep(for: .milliseconds(50))
        kernel.wakeUp()
        #expect(await woken == .wokenUp)
        kernel.close()
        var buffer: [UInt8] = []
        let error = #expect(throws: NetlinkError.self) { try kernel.receive(into: &buffer, timeout: .seconds(1)) }
        #expect(error?.code == .closed)
        #expect(throws: NetlinkError.self) { try kernel.send([], to: .kernel) }
    }

    /// A batch of several requests in one datagram is answered request by request, in order.
    @Test func batchedRequests() throws {
        let kernel = FakeNetlinkKernel()
        var b = NetlinkMessageBuilder()
        for seq in UInt32(1)...3 {
            try b.message(type: NetlinkMessageType(24), flags: [.request, .acknowledge], sequence: seq, portID: 4242) { _ in }
        }
        try kernel.send(b.bytes, to: .kernel)
        var seqs: [UInt32] = []
        while let reply = try receiveDatagram(kernel, timeout: .milliseconds(50)) { seqs += reply.messages.map(\.seq) }
        #expect(seqs == [1, 2, 3])
        #expect(kernel.requests.map(\.header.sequence) == [1, 2, 3])
    }

    /// Replies to a large datagram grow the caller's buffer rather than truncating.
    @Test func growsTheBuffer() throws {
        let kernel = FakeNetlinkKernel()
        let big = [UInt8](repeating: 7, count: 200_000)
        kernel.inject([.message(type: NetlinkMessageType(16), payload: big)])
        var buffer = [UInt8](repeating: 0, count: 16)
        guard case .datagram(let info) = try kernel.receive(into: &buffer, timeout: .seconds(1)) else {
            Issue.record("no datagram")
            return
        }
        #expect(info.length == 200_016)
        #expect(buffer.count >= 200_016)
        #expect(buffer[200_015] == 7)
    }
}
