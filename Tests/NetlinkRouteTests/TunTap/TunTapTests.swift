import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import SystemPackage
import Testing

@Suite("tun/tap: /dev/net/tun, IFLA_TUN_* decoding")
struct TunTapTests {
    // MARK: Codec

    /// IFLA_INFO_DATA of a tap as the kernel sends it: every IFLA_TUN_* decodes.
    @Test func decodesKindData() throws {
        let data: [UInt8] = [
            8, 0, 1, 0, 0xE8, 0x03, 0, 0,       // IFLA_TUN_OWNER 1000
            8, 0, 2, 0, 100, 0, 0, 0,           // IFLA_TUN_GROUP 100
            5, 0, 3, 0, 2, 0, 0, 0,             // IFLA_TUN_TYPE IFF_TAP
            5, 0, 4, 0, 0, 0, 0, 0,             // IFLA_TUN_PI 0
            5, 0, 5, 0, 1, 0, 0, 0,             // IFLA_TUN_VNET_HDR 1
            5, 0, 6, 0, 1, 0, 0, 0,             // IFLA_TUN_PERSIST 1
            5, 0, 7, 0, 1, 0, 0, 0,             // IFLA_TUN_MULTI_QUEUE 1
            8, 0, 8, 0, 0, 0, 0, 0,             // IFLA_TUN_NUM_QUEUES 0
            8, 0, 9, 0, 0, 0, 0, 0,             // IFLA_TUN_NUM_DISABLED_QUEUES 0
            8, 0, 99, 0, 1, 2, 3, 4,            // unknown: skipped
        ]
        let device = try TunTapDevice(index: 7, name: "tp0", hardwareType: 1, kindData: data)
        #expect(device.mode == .tap)
        #expect(device.owner == 1000)
        #expect(device.group == 100)
        #expect(device.packetInformation == false)
        #expect(device.virtioNetHeader == true)
        #expect(device.persistent == true)
        #expect(device.multiQueue == true)
        #expect(device.queues == 0)
        #expect(device.disabledQueues == 0)
        #expect(device.flags == [.tap, .noPacketInformation, .virtioNetHeader, .persist, .multiQueue])
    }

    /// A u8 attribute of the wrong size and an attribute running past the end are typed errors.
    @Test(arguments: [
        [UInt8]([8, 0, 3, 0, 2, 0, 0, 0]),      // IFLA_TUN_TYPE as 4 bytes
        [5, 0, 1, 0, 1, 0, 0, 0],               // IFLA_TUN_OWNER as 1 byte
        [12, 0, 3, 0, 2, 0, 0, 0],              // length past the end
        [3, 0, 3, 0],                           // length below the header
    ])
    func malformedKindData(_ data: [UInt8]) {
        #expect(throws: NetlinkDecodingError.self) { try TunTapDevice(index: 1, name: "x", kindData: data) }
    }

    /// The TUNSETIFF flags of the options: IFF_NO_PI unless `pi`, as ip sends them.
    @Test func optionFlags() {
        var options = TunTapOptions(mode: .tun)
        #expect(options.flags.rawValue == 0x1001)
        options.packetInformation = true
        options.virtioNetHeader = true
        options.multiQueue = true
        options.oneQueue = true
        #expect(options.flags.rawValue == 0x0001 | 0x4000 | 0x0100 | 0x2000)
        #expect(TunTapOptions(mode: .tap).flags.rawValue == 0x1002)
    }

    /// A name the ioctl would cut is refused before any system call (no connection needed).
    @Test(arguments: ["", "sixteen-bytes-xx", "nul\u{0}name"])
    func refusesBadNames(_ name: String) throws {
        let kernel = try NetlinkConnection(transport: FakeNetlinkKernel())
        do {
            try kernel.createTunTap(TunTapOptions(mode: .tun, name: name))
            Issue.record("no error for \(name.debugDescription)")
        } catch {
            #expect(error.errno == .invalidArgument)
            #expect(error.systemCall == "ioctl(TUNSETIFF)")
            #expect(error.detail != nil)
        }
    }

    // MARK: Against the kernel

    @Suite("tun/tap against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// Create a tun and a tap with options in a private namespace; list them through the
        /// library; delete them through rtnetlink. The host namespace never sees the names.
        @Test func createListDelete() async throws {
            let hostNames = try await hostLinkNames()
            #expect(!hostNames.contains("nltun7") && !hostNames.contains("nltap7"))
            let (_, connection) = try routeTestConnection()

            var tun = TunTapOptions(mode: .tun, name: "nltun7")
            tun.packetInformation = true
            tun.owner = 1234
            await #expect(try connection.createTunTap(tun) == "nltun7")
            var tap = TunTapOptions(mode: .tap, name: "nltap7")
            tap.virtioNetHeader = true
            tap.multiQueue = true
            tap.group = 4321
            await #expect(try connection.createTunTap(tap) == "nltap7")
            // A kernel-chosen name: the first free tun%d.
            await #expect(try connection.createTunTap(TunTapOptions(mode: .tun)) == "tun0")
            await #expect(try connection.createTunTap(TunTapOptions(mode: .tap)) == "tap0")

            let devices = try await connection.tunTapDevices()
            #expect(devices.map(\.name) == ["nltun7", "nltap7", "tun0", "tap0"])
            let t = try #require(devices.first { $0.name == "nltun7" })
            #expect(t.mode == .tun)
            #expect(t.hardwareType == 65534)       // ARPHRD_NONE
            #expect(t.packetInformation == true)
            #expect(t.virtioNetHeader == false)
            #expect(t.multiQueue == false)
            #expect(t.persistent == true)
            #expect(t.owner == 1234)
            #expect(t.group == nil)
            let p = try #require(devices.first { $0.name == "nltap7" })
            #expect(p.mode == .tap)
            #expect(p.hardwareType == 1)            // ARPHRD_ETHER
            #expect(p.packetInformation == false)
            #expect(p.virtioNetHeader == true)
            #expect(p.multiQueue == true)
            #expect(p.persistent == true)
            #expect(p.owner == nil)
            #expect(p.group == 4321)
            // The plain link dump sees them as kind "tun".
            let links = try await connection.links()
            #expect(links.filter { $0.kind == "tun" }.map(\.name) == ["nltun7", "nltap7", "tun0", "tap0"])

            try await connection.deleteLink(named: "nltun7")
            try await connection.deleteLink(named: "tun0")
            #expect(try await connection.tunTapDevices().map(\.name) == ["nltap7", "tap0"])
            // Released as ip tuntap del does: TUNSETIFF + TUNSETPERSIST(0).
            var release = TunTapOptions(mode: .tap, name: "nltap7")
            release.virtioNetHeader = true
            release.multiQueue = true
            try await connection.releaseTunTap(release)
            // The device goes when the last reference to its file goes: a child that another test
            // is spawning at that moment holds one between its fork and its exec (O_CLOEXEC), so
            // the removal can come a moment after our close (seen once under ASan).
            var remaining = try await connection.tunTapDevices().map(\.name)
            let settle = ContinuousClock.now.advanced(by: .seconds(5))
            while remaining != ["tap0"], ContinuousClock.now < settle {
                try await Task.sleep(for: .milliseconds(20))
                remaining = try await connection.tunTapDevices().map(\.name)
            }
            #expect(remaining == ["tap0"])
            #expect(try await hostLinkNames() == hostNames)
        }

        /// sysfs's tun_flags, read through a sysfs of the namespace's own: one_queue (which netlink
        /// lacks) included, the devices of the host not seen, and the host's mounts unchanged.
        @Test func sysfsFlags() async throws {
            let mountsBefore = try mountCount()
            #expect(mountsBefore >= 1)
            let (_, connection) = try routeTestConnection()
            var options = TunTapOptions(mode: .tun, name: "oq0")
            options.oneQueue = true
            options.packetInformation = true
            try await connection.createTunTap(options)
            try await connection.createTunTap(TunTapOptions(mode: .tap, name: "plain0"))
            let flags = try await connection.tunTapSysfsFlags(names: ["oq0", "plain0", "lo", "nosuch0"])
            #expect(flags["oq0"] == [.tun, .oneQueue, .persist])
            #expect(flags["plain0"] == [.tap, .noPacketInformation, .persist])
            #expect(flags["lo"] == nil)         // not a tun: no tun_flags
            #expect(flags["nosuch0"] == nil)
            // The netlink view agrees, without one_queue.
            let devices = try await connection.tunTapDevices()
            #expect(devices.first { $0.name == "oq0" }?.flags == [.tun, .persist])
            #expect(try mountCount() == mountsBefore)
        }

        /// EBUSY for a name that exists (tun/tap or not), EINVAL for a name the kernel refuses
        /// and for releasing with the wrong mode; nothing is left behind by a failure.
        @Test func errors() async throws {
            let (_, connection) = try routeTestConnection()
            try await connection.createTunTap(TunTapOptions(mode: .tun, name: "busy0"))
            for (options, errno) in [
                (TunTapOptions(mode: .tun, name: "busy0"), Errno.resourceBusy),
                (TunTapOptions(mode: .tap, name: "busy0"), .resourceBusy),
                (TunTapOptions(mode: .tun, name: "lo"), .resourceBusy),
                (TunTapOptions(mode: .tun, name: "a/b"), .invalidArgument),
            ] {
                do {
                    try await connection.createTunTap(options)
                    Issue.record("created \(options.name ?? "")")
                } catch {
                    #expect(error.code == .systemCallFailed)
                    #expect(error.errno == errno, "\(options.name ?? "")")
                    #expect(error.systemCall == "ioctl(TUNSETIFF)")
                    #expect(error.description == "ioctl(TUNSETIFF): " + errno.description)
                }
            }
            do {
                try await connection.releaseTunTap(TunTapOptions(mode: .tap, name: "busy0"))
                Issue.record("released a tun as a tap")
            } catch {
                #expect(error.errno == .invalidArgument)
            }
            // Only busy0 and lo: the failed attempts left nothing.
            #expect(try await connection.links().map(\.name).sorted() == ["busy0", "lo"])
        }
    }
}

/// The names of the host namespace's links (read only).
private func hostLinkNames() async throws -> [String] {
    let host = try await NetlinkConnection(family: .route)
    defer { host.close() }
    return try await host.links().map(\.name).sorted()
}


/// The sysfs mounts this process sees (to check that none was added in the host's view; other
/// mounts come and go with the namespaces of concurrent tests).
private func mountCount() throws -> Int {
    guard let file = fopen("/proc/self/mountinfo", "r") else { throw SetupError.cannotRead }
    defer { fclose(file) }
    var text: [UInt8] = []
    while true {
        let c = fgetc(file)
        if c == EOF { break }
        text.append(UInt8(truncatingIfNeeded: c))
    }
    return String(decoding: text, as: UTF8.self).split(separator: "\n").filter { $0.contains(" - sysfs ") }.count
}

private enum SetupError: Error { case cannotRead }
