import Glibc
import KernelFeatures
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkUevent
import Testing

/// Kernel uevents: the parser on golden and malformed bytes; the monitor against the kernel in a
/// private namespace (a veth pair's add and remove events, as this kernel sends them) and against
/// forged datagrams from a root process (dropped and counted, never delivered).
@Suite("uevents")
struct UeventTests {
    static let veth = Array("add@/devices/virtual/net/v1\0ACTION=add\0DEVPATH=/devices/virtual/net/v1\0SUBSYSTEM=net\0INTERFACE=v1\0IFINDEX=2\0SEQNUM=1922481\0".utf8)

    @Test func goldenBytes() throws {
        let event = try Uevent(datagram: Self.veth)
        #expect(event.action == "add" && event.devicePath == "/devices/virtual/net/v1" && event.subsystem == "net")
        #expect(event.interface == "v1" && event.interfaceIndex == 2 && event.sequenceNumber == 1_922_481 && event.deviceType == nil)
        #expect(event.properties.map(\.key) == ["ACTION", "DEVPATH", "SUBSYSTEM", "INTERFACE", "IFINDEX", "SEQNUM"])
        #expect(event.datagram == Self.veth, "the datagram rebuilt byte for byte")
        // A value that is not UTF-8 is kept as bytes.
        let odd = try Uevent(datagram: Array("change@/x\0NAME=".utf8) + [0xFF, 0xFE] + [0])
        #expect(odd.value("NAME") == [0xFF, 0xFE] && odd.headerAction == Array("change".utf8))
        // So is a key (found by FuzzUevent: a key repaired as text did not rebuild the datagram).
        let badKey = Array("add@/x\0K".utf8) + [0xC1] + Array("=1\0".utf8)
        let keyed = try Uevent(datagram: badKey)
        #expect(keyed.properties.first?.keyBytes == [UInt8(ascii: "K"), 0xC1] && keyed.datagram == badKey)
        let block = try Uevent(datagram: Array("add@/devices/b\0ACTION=add\0DEVNAME=sda\0DEVTYPE=disk\0MAJOR=8\0MINOR=0\0DRIVER=sd\0".utf8))
        #expect(block.deviceName == "sda" && block.deviceType == "disk" && block.major == 8 && block.minor == 0 && block.driver == "sd")
    }

    @Test(arguments: [
        ([UInt8](), UeventDecodingError.Code.empty), (Array("add@/x".utf8), .unterminatedString), (Array("add/x\0".utf8), .noHeader),
        (Array("add@/x\0NOEQUALS\0".utf8), .propertyWithoutKey), (Array("add@/x\0=value\0".utf8), .propertyWithoutKey),
        (Array("libudev\0".utf8) + [0xFE, 0xED, 0xCA, 0xFE], .libudevMessage), (Array("add@/x\0A=1".utf8), .unterminatedString),
    ])
    func malformed(_ bytes: [UInt8], _ code: UeventDecodingError.Code) {
        #expect(throws: UeventDecodingError.self) { try Uevent(datagram: bytes) }
        do {
            _ = try Uevent(datagram: bytes)
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    /// Collects the uevents of subsystem net until `count` arrived or `seconds` passed.
    static func netEvents(_ monitor: UeventMonitor, count: Int, seconds: Int = 5) throws -> [Uevent] {
        var events: [Uevent] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        while events.count < count, ContinuousClock.now < deadline {
            if case .uevent(let event)? = try monitor.receive(timeout: .milliseconds(200)), event.subsystem == "net" { events.append(event) }
        }
        return events
    }

    @Test(.enabled(if: KernelFeatures.privateNamespaces.present, "needs CAP_SYS_ADMIN to create a private network namespace (run as root)"))
    func vethPairAddedAndRemoved() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let monitor = try await UeventMonitor(namespace: namespace)
        defer { monitor.close() }
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        try await route.createVethPair(name: "v0", peerName: "v1")
        let added = try Self.netEvents(monitor, count: 2)
        #expect(Set(added.compactMap(\.interface)) == ["v0", "v1"] && added.allSatisfy { $0.action == "add" && $0.interfaceIndex != nil }, "\(added)")
        #expect(added.allSatisfy { $0.devicePath.hasPrefix("/devices/virtual/net/v") && $0.sequenceNumber != nil })
        try await route.deleteLink(named: "v0")
        let removed = try Self.netEvents(monitor, count: 2)
        #expect(Set(removed.compactMap(\.interface)) == ["v0", "v1"] && removed.allSatisfy { $0.action == "remove" }, "\(removed)")
        let sequence = (added + removed).compactMap(\.sequenceNumber)
        #expect(sequence == sequence.sorted(), "SEQNUM grows: \(sequence)")
    }

    /// A root process of the namespace sends uevent-shaped datagrams to group 1: the kernel lets it
    /// (udev's CVE-2009-1185); the monitor drops each (its sender is not port 0) and counts it.
    @Test(.enabled(if: KernelFeatures.privateNamespaces.present, "needs CAP_SYS_ADMIN to create a private network namespace (run as root)"))
    func forgedUeventsAreDropped() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let monitor = try await UeventMonitor(namespace: namespace)
        defer { monitor.close() }
        let forger = try await NetlinkSocket.open(family: .kobjectUevent, namespace: namespace)
        let forged = Array("add@/devices/virtual/net/evil\0ACTION=add\0DEVPATH=/devices/virtual/net/evil\0SUBSYSTEM=net\0SEQNUM=1\0".utf8)
        for _ in 0..<50 { try forger.sendMulticast(forged, groups: UeventMonitor.kernelGroup) }
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        try await route.createVethPair(name: "v0", peerName: "v1")
        let events = try Self.netEvents(monitor, count: 2)
        #expect(events.count == 2 && !events.contains { $0.devicePath.hasSuffix("evil") }, "\(events)")
        #expect(monitor.droppedUntrustedCount == 50, "dropped: \(monitor.droppedUntrustedCount)")
    }

    /// `next()`: the same events from a task, the blocking receive on a thread of its own.
    @Test(.enabled(if: KernelFeatures.privateNamespaces.present, "needs CAP_SYS_ADMIN to create a private network namespace (run as root)"))
    func nextFromATask() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let monitor = try await UeventMonitor(namespace: namespace)
        defer { monitor.close() }
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        try await route.createVethPair(name: "v0", peerName: "v1")
        var names: Set<String> = []
        while names.count < 2 {
            if case .uevent(let event) = try await monitor.next(), event.subsystem == "net", let name = event.interface { names.insert(name) }
        }
        #expect(names == ["v0", "v1"])
    }

    /// `next()` after a burst: every event queued meanwhile comes out once (read by the calling
    /// task, no thread each), then it waits for the next one as before.
    @Test(.enabled(if: KernelFeatures.privateNamespaces.present, "needs CAP_SYS_ADMIN to create a private network namespace (run as root)"))
    func nextAfterABurst() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        // A buffer for the whole burst (each veth end also brings its queues' uevents).
        let monitor = try await UeventMonitor(namespace: namespace, receiveBufferSize: 4 << 20)
        defer { monitor.close() }
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        for pair in 0..<10 { try await route.createVethPair(name: "a\(pair)", peerName: "b\(pair)") }
        /// The interface of the next `net` `add` uevent (nil at an overrun), within ten seconds.
        func nextAdded() async throws -> String? {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                switch try await monitor.next() {
                case .uevent(let event) where event.subsystem == "net" && event.action == "add": return event.interface
                case .overrun: return nil
                default: continue
                }
            }
            return nil
        }
        var added: [String] = []
        for _ in 0..<20 {
            guard let name = try await nextAdded() else { break }
            added.append(name)
        }
        #expect(added.count == 20)
        #expect(Set(added) == Set((0..<10).flatMap { ["a\($0)", "b\($0)"] }))
        // Nothing queued now: the next one is waited for (a link made after a pause).
        async let late = nextAdded()
        try await Task.sleep(for: .milliseconds(100))
        try await route.createLink(name: "late", kind: "ifb")
        #expect(try await late == "late")
    }
}

/// udev's re-broadcast (libudev's format, group 2): golden bytes as udevd lays them out, the
/// header's checks, and the monitor's trust — a root sender on group 2 only.
@Suite("udev messages")
struct UdevMessageTests {
    /// `libudev\0`, magic, sizes, the subsystem hash of "net" (MurmurHash2), no device type, a bloom.
    static func golden(_ body: [UInt8], headerSize: UInt32 = 40, offset: UInt32 = 40, length: UInt32? = nil, magic: UInt32 = 0xFEED_CAFE) -> [UInt8] {
        var bytes = Array("libudev\0".utf8)
        func host(_ value: UInt32) { withUnsafeBytes(of: value) { bytes += $0 } }
        func big(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
        big(magic); host(headerSize); host(offset); host(length ?? UInt32(body.count))
        big(0x7E2E_8B1E); big(0); big(0x0000_1000); big(0x0100_0020)
        return bytes + body
    }

    static let body = Array("ACTION=add\0DEVPATH=/devices/virtual/net/u0\0SUBSYSTEM=net\0SEQNUM=4242\0TAGS=:mytag:\0".utf8)

    @Test func decodesAndRebuilds() throws {
        let message = try UdevMessage(datagram: Self.golden(Self.body))
        #expect(message.properties.map(\.key) == ["ACTION", "DEVPATH", "SUBSYSTEM", "SEQNUM", "TAGS"])
        #expect(message.subsystemHash == 0x7E2E_8B1E && message.deviceTypeHash == 0 && message.tagBloomHigh == 0x1000 && message.tagBloomLow == 0x0100_0020)
        let uevent = message.uevent
        #expect(uevent.action == "add" && uevent.devicePath == "/devices/virtual/net/u0" && uevent.subsystem == "net" && uevent.sequenceNumber == 4242)
        #expect(message.datagram == Self.golden(Self.body))
        #expect(throws: UeventDecodingError.self) { _ = try Uevent(datagram: Self.golden(Self.body)) }   // not a kernel uevent
    }

    @Test(arguments: [
        (Array("add@/x\0".utf8), UeventDecodingError.Code.notLibudev),
        (Array(golden(body).prefix(30)), .libudevHeaderCut),
        (golden(body, magic: 0xFEED_CAFF), .libudevMagic),
        (golden(body, headerSize: 8), .libudevProperties),
        (golden(body, offset: 4000), .libudevProperties),
        (golden(body, length: 4000), .libudevProperties),
        (golden(Array("=novalue\0".utf8)), .propertyWithoutKey),
    ] as [([UInt8], UeventDecodingError.Code)])
    func malformed(_ bytes: [UInt8], _ code: UeventDecodingError.Code) {
        do {
            let message = try UdevMessage(datagram: bytes)
            Issue.record("decoded: \(message)")
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    /// A root process of the namespace sends udev's message on group 2 and a forged uevent on
    /// group 1: the monitor of both groups gets the first, drops the second and counts it.
    @Test(.enabled(if: KernelFeatures.privateNamespaces.present, "needs CAP_SYS_ADMIN to create a private network namespace (run as root)"))
    func rootSenderOnTheUdevGroupOnly() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let monitor = try await UeventMonitor(namespace: namespace, groups: UeventMonitor.kernelGroup | UeventMonitor.udevGroup)
        defer { monitor.close() }
        let sender = try await NetlinkSocket.open(family: .kobjectUevent, namespace: namespace)
        try sender.sendMulticast(Array("add@/devices/virtual/net/evil\0ACTION=add\0DEVPATH=/devices/virtual/net/evil\0SUBSYSTEM=net\0SEQNUM=1\0".utf8),
                                 groups: UeventMonitor.kernelGroup)
        try sender.sendMulticast(Self.golden(Self.body), groups: UeventMonitor.udevGroup)
        var seen: [UeventMonitor.Event] = []
        while seen.isEmpty, let event = try monitor.receive(timeout: .seconds(2)) { seen.append(event) }
        #expect(seen == [.udev(try UdevMessage(datagram: Self.golden(Self.body)))])
        #expect(monitor.droppedUntrustedCount == 1)
    }
}
