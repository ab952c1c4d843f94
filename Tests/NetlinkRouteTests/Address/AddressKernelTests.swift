import Netlink
import NetlinkCore
import NetlinkRoute
import SystemPackage
import Testing

private let v4 = AddressFamily.inet
private let v6 = AddressFamily.inet6


/// Creates an ifb link called `name`, sets it up, and returns its index.
private func upLink(_ connection: NetlinkConnection, _ name: String) async throws -> Int32 {
    try await connection.createLink(name: name, kind: "ifb")
    let index = try await connection.link(named: name).index
    try await connection.setLink(index: index, up: true)
    return index
}

extension AddressTests {
    /// Against the kernel, each test in a private namespace of its own.
    @Suite("Addresses against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// `ip address add 192.0.2.1/24 brd + label a0:web`: everything reads back.
        @Test func ipv4WithBroadcastAndLabel() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upLink(connection, "a0")
            try await connection.addAddress(
                InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: index, broadcast: .hostBitsSet, label: "a0:web"))
            let addresses = try await connection.addresses(family: v4, index: index)
            #expect(addresses.count == 1)
            let address = try #require(addresses.first)
            #expect(address.family == v4)
            #expect(address.prefixLength == 24)
            #expect(address.index == index)
            #expect(address.scope == .universe)
            #expect(address.local == ip("192.0.2.1"))
            #expect(address.address == ip("192.0.2.1"))
            #expect(address.broadcast == ip("192.0.2.255"))
            #expect(address.label == "a0:web")
            #expect(address.flags == [.permanent])
            #expect(address.cacheInfo?.isValidForever == true)
            #expect(address.protocol == nil || address.protocol == .unspecified)
        }

        /// `ip address add 10.0.0.1 peer 10.0.0.2/32`: IFA_LOCAL is ours, IFA_ADDRESS the peer.
        @Test func ipv4WithPeer() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upLink(connection, "p0")
            try await connection.addAddress(InterfaceAddressRequest(ip("10.0.0.1"), prefixLength: 32, index: index, peer: ip("10.0.0.2")))
            let address = try #require(try await connection.addresses(family: v4, index: index).first)
            #expect(address.local == ip("10.0.0.1"))
            #expect(address.address == ip("10.0.0.2"))
            #expect(address.peer == ip("10.0.0.2"))
            #expect(address.prefixLength == 32)
            #expect(address.broadcast == nil)
            // Deleting what the dump returned works for a peer address too.
            try await connection.deleteAddress(address)
            #expect(try await connection.addresses(family: v4, index: index).isEmpty)
        }

        /// IPv6 with nodad and noprefixroute: 0x200 only survives in the u32 IFA_FLAGS; no DAD, so
        /// not tentative. A protocol and a metric read back.
        @Test func ipv6NoDADNoPrefixRoute() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upLink(connection, "s0")
            try await connection.addAddress(
                InterfaceAddressRequest(
                    ip("2001:db8::1"), prefixLength: 64, index: index, flags: [.noDAD, .noPrefixRoute],
                    protocol: AddressProtocol(rawValue: 42)))
            let addresses = try await connection.addresses(family: v6, index: index)
            let address = try #require(addresses.first { $0.address == ip("2001:db8::1") })
            #expect(address.prefixLength == 64)
            #expect(address.flags.contains(.noPrefixRoute))
            #expect(address.flags.rawValue & 0x200 == 0x200)
            #expect(address.flags.contains(.noDAD))
            #expect(address.flags.contains(.permanent))
            #expect(!address.flags.contains(.tentative))
            #expect(address.scope == .universe)
            #expect(address.protocol == AddressProtocol(rawValue: 42))
            // IPv6 dumps send IFA_ADDRESS only.
            #expect(address.local == nil)
            // The kernel's own link-local address of an up link.
            #expect(addresses.contains { $0.scope == .link && $0.protocol == .kernelLinkLocal })
        }

        /// Lifetimes go out in IFA_CACHEINFO and come back (remaining) in it; replace changes them.
        @Test func lifetimesAndReplace() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upLink(connection, "l0")
            for (family, text, prefix) in [(v4, "192.0.2.10", UInt8(24)), (v6, "2001:db8::10", UInt8(64))] {
                let request = InterfaceAddressRequest(
                    ip(text), prefixLength: prefix, index: index, flags: family == v6 ? [.noDAD] : [],
                    validLifetime: 1000, preferredLifetime: 500, metric: 300)
                try await connection.addAddress(request)
                let added = try #require(try await connection.addresses(family: family, index: index).first { $0.localAddress == ip(text) })
                let info = try #require(added.cacheInfo)
                #expect((990...1000).contains(info.validLifetime))
                #expect((490...500).contains(info.preferredLifetime))
                #expect(!added.flags.contains(.permanent))
                #expect(added.priority == 300)

                var longer = request
                longer.validLifetime = 5000
                longer.preferredLifetime = 4000
                longer.metric = 400
                try await connection.replaceAddress(longer)
                let replaced = try #require(try await connection.addresses(family: family, index: index).first { $0.localAddress == ip(text) })
                #expect((4990...5000).contains(replaced.cacheInfo?.validLifetime ?? 0))
                #expect((3990...4000).contains(replaced.cacheInfo?.preferredLifetime ?? 0))
                #expect(replaced.priority == 400)
                #expect(try await connection.addresses(family: family, index: index).filter { $0.localAddress == ip(text) }.count == 1)

                // Back to forever.
                var forever = request
                forever.validLifetime = nil
                forever.preferredLifetime = nil
                forever.metric = nil
                try await connection.replaceAddress(forever)
                let permanent = try #require(try await connection.addresses(family: family, index: index).first { $0.localAddress == ip(text) })
                #expect(permanent.cacheInfo?.isValidForever == true)
                #expect(permanent.flags.contains(.permanent))
            }
        }

        /// Delete by request and by dumped value; deleting it again is EADDRNOTAVAIL.
        @Test func deleteAndDeleteMissing() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upLink(connection, "d0")
            let v4Request = InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: index)
            let v6Request = InterfaceAddressRequest(ip("2001:db8::1"), prefixLength: 64, index: index, flags: [.noDAD])
            try await connection.addAddress(v4Request)
            try await connection.addAddress(v6Request)
            try await connection.deleteAddress(v4Request)
            let global = try #require(try await connection.addresses(family: v6, index: index).first { $0.address == ip("2001:db8::1") })
            try await connection.deleteAddress(global)
            #expect(try await connection.addresses(index: index).allSatisfy { $0.scope == .link })

            let missing4 = await #expect(throws: NetlinkError.self) { try await connection.deleteAddress(v4Request) }
            #expect(missing4?.code == .kernelError)
            #expect(missing4?.errno == .addressNotAvailable)
            let missing6 = await #expect(throws: NetlinkError.self) { try await connection.deleteAddress(v6Request) }
            #expect(missing6?.errno == .addressNotAvailable)
            print("delete missing IPv4: \(missing4.map { "\($0)" } ?? "-") | IPv6: \(missing6.map { "\($0)" } ?? "-")")
        }

        /// Flush deletes everything of one family, or all, and says how many.
        @Test func flush() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upLink(connection, "f0")
            let other = try await upLink(connection, "f1")
            for text in ["192.0.2.1", "192.0.2.2", "198.51.100.1"] {
                try await connection.addAddress(InterfaceAddressRequest(ip(text), prefixLength: 24, index: index))
            }
            for text in ["2001:db8::1", "2001:db8:1::1"] {
                try await connection.addAddress(InterfaceAddressRequest(ip(text), prefixLength: 64, index: index, flags: [.noDAD]))
            }
            try await connection.addAddress(InterfaceAddressRequest(ip("203.0.113.1"), prefixLength: 24, index: other))
            #expect(try await connection.addresses(family: v4, index: index).filter { $0.flags.contains(.secondary) }.count == 1)

            #expect(try await connection.flushAddresses(index: index, family: v4) == 3)
            #expect(try await connection.addresses(family: v4, index: index).isEmpty)
            let ipv6 = try await connection.addresses(family: v6, index: index)
            #expect(ipv6.count == 3)  // two global, one link-local
            #expect(try await connection.flushAddresses(index: index) == ipv6.count)
            #expect(try await connection.addresses(index: index).isEmpty)
            // The other link keeps its address.
            #expect(try await connection.addresses(index: other).map(\.localAddress).contains(ip("203.0.113.1")))
            #expect(try await connection.flushAddresses(index: index) == 0)
        }

        /// The index filter is right with and without strict checking; with it, the kernel filters
        /// (and refuses an index with no link).
        @Test(arguments: [false, true]) func listFilteredByIndex(strict: Bool) async throws {
            var configuration = NetlinkConnection.Configuration()
            configuration.strictChecking = strict
            let (_, connection) = try routeTestConnection(configuration: configuration)
            let a = try await upLink(connection, "x0")
            let b = try await upLink(connection, "x1")
            try await connection.addAddress(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: a))
            try await connection.addAddress(InterfaceAddressRequest(ip("198.51.100.1"), prefixLength: 24, index: b))
            try await connection.addAddress(InterfaceAddressRequest(ip("2001:db8::b"), prefixLength: 64, index: b, flags: [.noDAD]))

            #expect(try await connection.addresses(family: v4, index: a).map(\.localAddress) == [ip("192.0.2.1")])
            #expect(try await connection.addresses(family: v4, index: b).map(\.localAddress) == [ip("198.51.100.1")])
            let onB = try await connection.addresses(index: b)
            #expect(onB.allSatisfy { $0.index == b })
            #expect(Set(onB.compactMap(\.localAddress)).isSuperset(of: [ip("198.51.100.1"), ip("2001:db8::b")]))
            let all = try await connection.addresses()
            #expect(Set(all.map(\.index)).isSuperset(of: [a, b]))

            // The streamed dump: with strict checking, the kernel already filtered by index.
            var indices = Set<Int32>()
            for try await datagram in connection.addressDump(family: v4, index: a) {
                try datagram.forEachMessage { message in indices.insert(try InterfaceAddress(decoding: message).index) }
            }
            if strict { #expect(indices == [a]) } else { #expect(indices.isSuperset(of: [a, b])) }

            if strict {
                let error = await #expect(throws: NetlinkError.self) { try await connection.addresses(family: v4, index: 999) }
                print("strict dump of index 999: \(error.map { "\($0) errno=\(String(describing: $0.errno))" } ?? "-")")
                #expect(error?.errno == .operationNotSupportedByDevice)
            } else {
                #expect(try await connection.addresses(family: v4, index: 999).isEmpty)
            }
        }

        /// Adding an address twice is EEXIST; replace on it is fine.
        @Test func addExisting() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upLink(connection, "e0")
            for request in [
                InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: index),
                InterfaceAddressRequest(ip("2001:db8::1"), prefixLength: 64, index: index, flags: [.noDAD]),
            ] {
                try await connection.addAddress(request)
                let error = await #expect(throws: NetlinkError.self) { try await connection.addAddress(request) }
                #expect(error?.code == .kernelError)
                #expect(error?.errno == .fileExists)
                print("add existing \(request.address): \(error.map { "\($0)" } ?? "-")")
                try await connection.replaceAddress(request)
            }
        }

        /// A prefix of 33 on IPv4 (and 129 on IPv6) is refused by the kernel.
        @Test func badPrefix() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upLink(connection, "b0")
            let error = await #expect(throws: NetlinkError.self) {
                try await connection.addAddress(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 33, index: index))
            }
            #expect(error?.code == .kernelError)
            #expect(error?.errno == .invalidArgument)
            print("prefix 33: \(error.map { "\($0) message=\(String(describing: $0.message))" } ?? "-")")
            let error6 = await #expect(throws: NetlinkError.self) {
                try await connection.addAddress(InterfaceAddressRequest(ip("2001:db8::1"), prefixLength: 129, index: index))
            }
            #expect(error6?.errno == .invalidArgument)
            print("prefix 129: \(error6.map { "\($0) message=\(String(describing: $0.message))" } ?? "-")")
            // A valid lifetime of 0 is refused too.
            let lifetime = await #expect(throws: NetlinkError.self) {
                try await connection.addAddress(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: index, validLifetime: 0))
            }
            print("valid_lft 0: \(lifetime.map { "\($0) errno=\(String(describing: $0.errno))" } ?? "-")")
            // A missing interface.
            let device = await #expect(throws: NetlinkError.self) {
                try await connection.addAddress(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: 999))
            }
            print("index 999: \(device.map { "\($0) errno=\(String(describing: $0.errno))" } ?? "-")")
            #expect(device?.errno == .operationNotSupportedByDevice)
        }
    }
}
