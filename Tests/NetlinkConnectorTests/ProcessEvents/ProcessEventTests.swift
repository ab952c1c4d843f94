import Netlink
import NetlinkConnector
import NetlinkCore
import NetlinkTestSupport
import Testing

/// Bytes of a process event as the kernel sends it: `struct cn_msg` for `CN_IDX_PROC`, then
/// `struct proc_event` (what, cpu, timestamp, then the union, always 24 bytes: the kernel sends
/// `sizeof(struct proc_event)`).
func processEventPayload(what: UInt32, cpu: UInt32 = 1, timestamp: UInt64 = 0x0102_0304_0506_0708, acknowledgement: UInt32 = 0, words: [UInt32] = [], tail: [UInt8] = []) -> [UInt8] {
    var event: [UInt8] = []
    func put<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8]) { withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) } }
    put(what, into: &event)
    put(cpu, into: &event)
    put(timestamp, into: &event)
    for word in words { put(word, into: &event) }
    event += tail
    event += [UInt8](repeating: 0, count: max(0, 40 - event.count))
    var payload: [UInt8] = []
    for word in [UInt32(1), 1, 0, acknowledgement] { put(word, into: &payload) }
    put(UInt16(event.count), into: &payload)
    put(UInt16(0), into: &payload)
    return payload + event
}

@Suite("Process events: codec")
struct ProcessEventTests {
    static func decode(_ payload: [UInt8]) throws -> ProcessEvent? {
        var builder = NetlinkMessageBuilder()
        try builder.message(type: .done, flags: [], sequence: 0, portID: 0) { $0.append(bytes: payload) }
        let bytes = builder.bytes
        var messages = NetlinkMessages(bytes.span.bytes)
        guard let message = try messages.next() else { return nil }
        return try ProcessEvent(decoding: message)
    }

    @Test func everyKindFromGoldenBytes() throws {
        let sh = ProcessThread(pid: 31098, tgid: 31098)
        let parent = ProcessThread(pid: 30962, tgid: 30962)
        // The exit of `sh -c 'exit 3'` as this kernel sent it: status 0x300, exit_signal SIGCHLD.
        #expect(try Self.decode(processEventPayload(what: 0x8000_0000, words: [31098, 31098, 0x300, 17, 30962, 30962]))
            == ProcessEvent(detail: .exit(sh, status: 0x300, signal: 17, parent: parent), cpu: 1, timestamp: 0x0102_0304_0506_0708))
        #expect(try Self.decode(processEventPayload(what: 1, words: [30962, 30962, 31098, 31098]))?.detail == .fork(parent: parent, child: sh))
        #expect(try Self.decode(processEventPayload(what: 2, words: [31098, 31098]))?.detail == .exec(sh))
        #expect(try Self.decode(processEventPayload(what: 4, words: [31098, 31098, 1000, 0]))?.detail == .uid(sh, real: 1000, effective: 0))
        #expect(try Self.decode(processEventPayload(what: 0x40, words: [31098, 31098, 100, 101]))?.detail == .gid(sh, real: 100, effective: 101))
        #expect(try Self.decode(processEventPayload(what: 0x80, words: [31098, 31098]))?.detail == .sid(sh))
        #expect(try Self.decode(processEventPayload(what: 0x100, words: [31098, 31098, 0, 0]))?.detail == .ptrace(sh, tracer: ProcessThread(pid: 0, tgid: 0)))
        #expect(try Self.decode(processEventPayload(what: 0x200, words: [31099, 31098], tail: Array("worker\u{1}".utf8) + [0, 9, 9]))?.detail
            == .comm(ProcessThread(pid: 31099, tgid: 31098), name: Array("worker\u{1}".utf8)))
        #expect(try Self.decode(processEventPayload(what: 0x4000_0000, words: [31098, 31098, 30962, 30962]))?.detail == .coredump(sh, parent: parent))
        #expect(try Self.decode(processEventPayload(what: 0, acknowledgement: 6, words: [1]))?.detail == .acknowledgement(errno: 1))
        let unknown = try Self.decode(processEventPayload(what: 0x400, words: [7]))
        #expect(unknown?.detail == .unknown(what: 0x400, data: [7, 0, 0, 0] + [UInt8](repeating: 0, count: 20)))
        #expect(unknown?.kind == ProcessEventKinds(rawValue: 0x400))
        #expect(ProcessThread(pid: 31099, tgid: 31098).description == "31098/31099")
        #expect(sh.description == "31098")
    }

    @Test func otherConnectorServicesAreSkipped() throws {
        var payload = processEventPayload(what: 1, words: [1, 1, 2, 2])
        payload[0] = 7  // CN_IDX_DM
        #expect(try Self.decode(payload) == nil)
    }

    @Test func truncationsAreErrors() throws {
        // cn_msg cut short; len past the message; proc_event header cut; a fork with 8 bytes of data.
        #expect(throws: NetlinkDecodingError.self) { try Self.decode([1, 0, 0, 0, 1, 0, 0, 0]) }
        var long = processEventPayload(what: 1, words: [1, 1, 2, 2])
        long[16] = 0xff
        #expect(throws: NetlinkDecodingError.self) { try Self.decode(long) }
        var header = Array(processEventPayload(what: 1).prefix(20 + 12))
        header[16] = 12
        #expect(throws: NetlinkDecodingError.self) { try Self.decode(header) }
        var fork = Array(processEventPayload(what: 1, words: [1, 1, 2, 2]).prefix(20 + 16 + 8))
        fork[16] = 24
        #expect(throws: NetlinkDecodingError.self) { try Self.decode(fork) }
    }

    @Test func requestsAsTheKernelReadsThem() throws {
        var builder = NetlinkMessageBuilder()
        try ProcessEventsRequest(.listen).connectorMessage(acknowledgement: 0x0a0b_0c0d).encode(into: &builder)
        #expect(builder.bytes == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x0d, 0x0c, 0x0b, 0x0a, 4, 0, 0, 0, 1, 0, 0, 0])
        builder = NetlinkMessageBuilder()
        try ProcessEventsRequest(.listen, kinds: [.exec, .nonzeroExit]).connectorMessage(acknowledgement: 0).encode(into: &builder)
        #expect(builder.bytes == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0x20])
        builder = NetlinkMessageBuilder()
        try ProcessEventsRequest(.ignore).connectorMessage(acknowledgement: 0).encode(into: &builder)
        #expect(Array(builder.bytes.suffix(4)) == [2, 0, 0, 0])
        builder = NetlinkMessageBuilder()
        #expect(throws: NetlinkEncodingError.self) {
            try ConnectorMessage(id: .processEvents, data: [UInt8](repeating: 0, count: ConnectorMessage.maximumDataSize + 1)).encode(into: &builder)
        }
    }
}
