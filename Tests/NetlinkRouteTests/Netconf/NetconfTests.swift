import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

private let v4 = AddressFamily.inet
private let v6 = AddressFamily.inet6

private func decode(_ bytes: [UInt8]) throws -> Netconf {
    let view = try NetlinkMessage(bytes.span.bytes)
    return try Netconf(decoding: view)
}

/// Reads a file with open/read on the calling thread (for /proc/sys/net, whose view follows the
/// thread's network namespace).
private func readFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard count >= 0 else { return nil }
    return String(decoding: buffer[0..<count], as: UTF8.self).trimmingSuffix()
}

private func writeFile(_ path: String, _ text: String) -> Bool {
    let fd = open(path, O_WRONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
}

/// The entries of a directory.
private func listDirectory(_ path: String) -> Set<String> {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names = Set<String>()
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.insert(name) }
    }
    return names
}

extension String {
    fileprivate func trimmingSuffix() -> String {
        var text = self
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return text
    }
}

@Suite("Netconf: netconfmsg, NETCONFA_*")
struct NetconfTests {
    /// An IPv4 netconf message as the kernel sends it: the 1-byte header padded to 4, then s32 attributes.
    @Test func decodesNetconfMessage() throws {
        let payload: [UInt8] = [
            0x02, 0x00, 0x00, 0x00,     // ncm_family AF_INET, padding to NLMSG_ALIGN(1)
            0x08, 0x00, 0x01, 0x00,     // NETCONFA_IFINDEX
            0xFF, 0xFF, 0xFF, 0xFF,     //   -1: NETCONFA_IFINDEX_ALL
            0x08, 0x00, 0x02, 0x00,     // NETCONFA_FORWARDING
            0x01, 0x00, 0x00, 0x00,     //   1
            0x08, 0x00, 0x03, 0x00,     // NETCONFA_RP_FILTER
            0x02, 0x00, 0x00, 0x00,     //   2
            0x08, 0x00, 0x04, 0x00,     // NETCONFA_MC_FORWARDING
            0x00, 0x00, 0x00, 0x00,     //   0
            0x08, 0x00, 0x08, 0x00,     // NETCONFA_BC_FORWARDING
            0x00, 0x00, 0x00, 0x00,     //   0
            0x08, 0x00, 0x05, 0x00,     // NETCONFA_PROXY_NEIGH
            0x00, 0x00, 0x00, 0x00,     //   0
            0x08, 0x00, 0x06, 0x00,     // NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN
            0x01, 0x00, 0x00, 0x00,     //   1
            0x08, 0x00, 0x63, 0x00,     // attribute 99 (unknown)
            0x07, 0x00, 0x00, 0x00,     //   skipped
        ]
        let netconf = try decode(message(type: 80, payload: payload))
        #expect(netconf.family == v4)
        #expect(netconf.index == NetconfAttribute.indexAll)
        #expect(netconf.isAll)
        #expect(!netconf.isDefault)
        #expect(netconf.forwarding == 1)
        #expect(netconf.reversePathFilter == 2)
        #expect(netconf.multicastForwarding == 0)
        #expect(netconf.broadcastForwarding == 0)
        #expect(netconf.proxyNeighbor == 0)
        #expect(netconf.ignoreRoutesWithLinkDown == 1)
        #expect(netconf.input == nil)
    }

    /// `nlmsg_len` 17: the header alone, as `nlmsg_put(..., sizeof(struct netconfmsg))` makes it.
    @Test func decodesBareHeader() throws {
        let netconf = try decode(message(type: 80, payload: [0x0A]))
        #expect(netconf == Netconf(family: v6))
    }

    @Test func malformed() throws {
        #expect(#expect(throws: NetlinkDecodingError.self) { try decode(message(type: 80, payload: [])) }?.code == .truncatedStructure)
        let short = #expect(throws: NetlinkDecodingError.self) {
            try decode(message(type: 80, payload: [2, 0, 0, 0, 6, 0, 1, 0, 0xFF, 0xFF, 0, 0]))
        }
        #expect(short?.code == .attributeSizeMismatch)
        #expect(short?.attributeType == NetconfAttribute.index)
    }

    /// The request of `ip netconf show dev lo`: netconfmsg padded to 4, then NETCONFA_IFINDEX.
    @Test func encodesGetRequest() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.getNetconf) { request in
            [.message(type: RouteMessageType.newNetconf, payload: [request.payload[0], 0, 0, 0, 8, 0, 1, 0, 0xFE, 0xFF, 0xFF, 0xFF, 8, 0, 2, 0, 1, 0, 0, 0]), .ack()]
        }
        let connection = try NetlinkConnection(transport: kernel)
        let netconf = try await connection.netconf(family: v6, index: NetconfAttribute.indexDefault)
        #expect(netconf.family == v6)
        #expect(netconf.isDefault)
        #expect(netconf.forwarding == 1)
        let request = try #require(kernel.requests.first)
        #expect(request.flags == [.request, .acknowledge])
        #expect(request.payload == [
            0x0A, 0x00, 0x00, 0x00,     // ncm_family AF_INET6, padding
            0x08, 0x00, 0x01, 0x00,     // NETCONFA_IFINDEX
            0xFE, 0xFF, 0xFF, 0xFF,     //   -2: NETCONFA_IFINDEX_DEFAULT
        ])
        #expect(NetconfAttributeNames().attributeName(1, parents: []) == "NETCONFA_IFINDEX")
    }

    /// Against the kernel, each test in a private namespace of its own.
    @Suite("Netconf against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// A dump of a fresh namespace: all, default and lo for IPv4 and IPv6; AF_UNSPEC has both.
        @Test func dumpFreshNamespace() async throws {
            let (_, connection) = try routeTestConnection()
            for family in [v4, v6] {
                let all = try await connection.netconfs(family: family)
                #expect(all.allSatisfy { $0.family == family })
                #expect(Set(all.compactMap(\.index)) == [NetconfAttribute.indexAll, NetconfAttribute.indexDefault, 1])
                #expect(all.allSatisfy { $0.forwarding != nil })
            }
            let v4all = try await connection.netconfs(family: v4)
            #expect(v4all.allSatisfy { $0.reversePathFilter != nil && $0.broadcastForwarding != nil })
            let v6all = try await connection.netconfs(family: v6)
            #expect(v6all.allSatisfy { $0.reversePathFilter == nil })
            let both = try await connection.netconfs()
            #expect(Set(both.map(\.family)).isSuperset(of: [v4, v6]))
        }

        /// Get all/default/per-index for IPv4 and IPv6; each matches the dump and /proc/sys read in
        /// the namespace; a change written to /proc/sys in the namespace shows in netconf.
        @Test func getMatchesProcInsideNamespace() async throws {
            let (namespace, connection) = try routeTestConnection()
            try await connection.createLink(name: "n0", kind: "ifb")
            let index = try await connection.link(named: "n0").index

            // The thread sees the private namespace's /proc/sys/net: only all, default, lo, n0.
            let conf = try await namespace.perform { listDirectory("/proc/sys/net/ipv4/conf") }
            try #require(conf == ["all", "default", "lo", "n0"], "not the private namespace's /proc/sys/net")

            for (family, dir) in [(v4, "ipv4"), (v6, "ipv6")] {
                let dumped = try await connection.netconfs(family: family)
                for (name, idx) in [("all", NetconfAttribute.indexAll), ("default", NetconfAttribute.indexDefault), ("lo", Int32(1)), ("n0", index)] {
                    let got = try await connection.netconf(family: family, index: idx)
                    #expect(got.index == idx)
                    #expect(got.family == family)
                    #expect(dumped.contains(got), "\(dir) \(name): dump and get differ")
                    let proc = try await namespace.perform { readFile("/proc/sys/net/\(dir)/conf/\(name)/forwarding") }
                    #expect(proc == got.forwarding.map { "\($0)" }, "\(dir) \(name) forwarding")
                    if family == v4 {
                        let rp = try await namespace.perform { readFile("/proc/sys/net/ipv4/conf/\(name)/rp_filter") }
                        #expect(rp == got.reversePathFilter.map { "\($0)" }, "rp_filter \(name)")
                    }
                }
            }

            // Turn forwarding on in the namespace (only there: this thread has setns'ed into it).
            let wrote = try await namespace.perform { writeFile("/proc/sys/net/ipv4/conf/all/forwarding", "1\n") }
            try #require(wrote)
            #expect(try await connection.netconf(family: v4, index: NetconfAttribute.indexAll).forwarding == 1)
            #expect(try await connection.netconf(family: v4, index: index).forwarding == 1)
            let written = try await namespace.perform { readFile("/proc/sys/net/ipv4/conf/all/forwarding") }
            #expect(written == "1")
            let wrote6 = try await namespace.perform { writeFile("/proc/sys/net/ipv6/conf/n0/forwarding", "1\n") }
            try #require(wrote6)
            #expect(try await connection.netconf(family: v6, index: index).forwarding == 1)
            #expect(try await connection.netconf(family: v6, index: NetconfAttribute.indexAll).forwarding == 0)
        }

        /// A get for an index with no link, or without NETCONFA_IFINDEX, is refused (no ext-ack message).
        @Test func errors() async throws {
            let (_, connection) = try routeTestConnection()
            for family in [v4, v6] {
                let error = await #expect(throws: NetlinkError.self) { try await connection.netconf(family: family, index: 999) }
                #expect(error?.code == .kernelError)
                // IPv4 answers ENODEV; IPv6 leaves its initial -EINVAL in place (inet6_netconf_get_devconf).
                #expect(error?.errno == (family == v4 ? .operationNotSupportedByDevice : .invalidArgument))
                print("netconf family \(family) index 999: \(error.map { "\($0)" } ?? "-")")
                let missing = await #expect(throws: NetlinkError.self) {
                    try await connection.execute(type: RouteMessageType.getNetconf, fixedHeaderSize: NetconfMessage.size) { b in
                        NetconfMessage(family: family).encode(into: &b)
                    }
                }
                #expect(missing?.errno == .invalidArgument)
                print("netconf family \(family) without NETCONFA_IFINDEX: \(missing.map { "\($0)" } ?? "-")")
            }
        }

        /// With strict checking the dump request must be exactly the padded netconfmsg.
        @Test func strictDump() async throws {
            var configuration = NetlinkConnection.Configuration()
            configuration.strictChecking = true
            let (_, connection) = try routeTestConnection(configuration: configuration)
            #expect(try await connection.netconfs(family: v4).count == 3)
            let error = await #expect(throws: NetlinkError.self) {
                for try await _ in connection.dump(type: RouteMessageType.getNetconf, { b in
                    NetconfMessage(family: v4).encode(into: &b)
                    try b.appendAttribute(NetconfAttribute.index, int32: 1, .host)
                }) {}
            }
            print("strict netconf dump with an attribute: \(error.map { "\($0) errno=\(String(describing: $0.errno))" } ?? "-")")
            #expect(error?.errno == .invalidArgument)
        }
    }
}
