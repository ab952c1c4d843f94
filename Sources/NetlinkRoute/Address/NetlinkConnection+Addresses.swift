import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Streams the addresses: a dump of `RTM_GETADDR` whose messages decode with
    /// ``InterfaceAddress/init(decoding:)``.
    ///
    /// The request names `family` and `index` in its `ifaddrmsg`; the kernel filters by index only
    /// when the connection has `NetlinkConnection/Configuration/strictChecking` on, so the
    /// consumer filters too. Address dumps are flagged interrupted under churn: this stream throws
    /// `NetlinkError/Code/dumpInterrupted` at its end then; ``addresses(family:index:retries:)`` retries.
    public func addressDump(family: AddressFamily? = nil, index: Int32? = nil, acceptInterrupted: Bool = false) -> NetlinkDump {
        dump(type: RouteMessageType.getAddress, fixedHeaderSize: InterfaceAddressMessage.size, acceptInterrupted: acceptInterrupted) { b in
            InterfaceAddressMessage(family: family ?? 0, index: UInt32(bitPattern: index ?? 0)).encode(into: &b)
        }
    }

    /// The addresses of one family and interface, or of all (`ip address show`).
    ///
    /// Filters in user space as well as in the kernel, so the answer is the same with or without
    /// strict checking. An interrupted dump is retried up to `retries` times.
    /// - Parameters:
    ///   - family: `AddressFamily.inet`, `AddressFamily.inet6`, or `nil` for all.
    ///   - index: The interface, or `nil` for all.
    ///   - retries: How many times an interrupted dump (`NLM_F_DUMP_INTR`) is started again.
    /// - Throws: `NetlinkError`; with strict checking, `ENODEV` for an index with no interface.
    public func addresses(family: AddressFamily? = nil, index: Int32? = nil, retries: Int = 5) async throws(NetlinkError) -> [InterfaceAddress] {
        try await dumpAll(type: RouteMessageType.getAddress, fixedHeaderSize: InterfaceAddressMessage.size, retries: retries, { b in
            InterfaceAddressMessage(family: family ?? 0, index: UInt32(bitPattern: index ?? 0)).encode(into: &b)
        }) { message in
            guard message.type == RouteMessageType.newAddress else { return nil }
            let address = try InterfaceAddress(decoding: message)
            if let family, address.family != family { return nil }
            if let index, address.index != index { return nil }
            return address
        }
    }

    /// Adds an address (`RTM_NEWADDR` with `NLM_F_CREATE | NLM_F_EXCL`, like `ip address add`).
    /// - Throws: the kernel's error: `EEXIST` when the address is already there, `EINVAL` for a bad
    ///   prefix length or lifetime, `ENODEV` for an index with no interface.
    public func addAddress(_ request: InterfaceAddressRequest) async throws(NetlinkError) {
        try await execute(.addAddress(request))
    }

    /// Adds an address, or changes the one that matches (`RTM_NEWADDR` with `NLM_F_CREATE |
    /// NLM_F_REPLACE`, like `ip address replace`): lifetimes, metric, flags.
    public func replaceAddress(_ request: InterfaceAddressRequest) async throws(NetlinkError) {
        try await execute(.replaceAddress(request))
    }

    /// Deletes an address (`RTM_DELADDR`, like `ip address del`).
    ///
    /// IPv4 matches the local address, the label when given and the prefix; IPv6 matches the
    /// address and the prefix length.
    /// - Throws: the kernel's error: `EADDRNOTAVAIL` when no address matches.
    public func deleteAddress(_ request: InterfaceAddressRequest) async throws(NetlinkError) {
        try await execute(.deleteAddress(request))
    }

    /// Deletes an address found by a dump.
    public func deleteAddress(_ existing: InterfaceAddress) async throws(NetlinkError) {
        try await deleteAddress(try InterfaceAddressRequest(naming: existing))
    }

    /// Deletes every address of one family and interface, or of all (`ip address flush`).
    ///
    /// Dumps, then deletes each address, secondaries first (deleting an IPv4 primary also deletes
    /// its secondaries, unless `promote_secondaries` is set); an address already gone
    /// (`EADDRNOTAVAIL`) is not counted. Repeats, up to `rounds` times, while a dump still finds
    /// addresses and the last round deleted some. IPv6 link-local addresses go too, as with `ip`
    /// (the kernel adds one again when the link next comes up).
    /// - Returns: How many addresses were deleted.
    @discardableResult
    public func flushAddresses(index: Int32?, family: AddressFamily? = nil, rounds: Int = 10) async throws(NetlinkError) -> Int {
        var deleted = 0
        for _ in 0..<max(1, rounds) {
            // Only IP addresses can be named in a request.
            let found = try await addresses(family: family, index: index).filter { $0.localAddress != nil }
            if found.isEmpty { break }
            let ordered = found.filter { $0.flags.contains(.secondary) } + found.filter { !$0.flags.contains(.secondary) }
            var progress = false
            for address in ordered {
                do {
                    try await deleteAddress(address)
                    deleted += 1
                    progress = true
                } catch where error.code == .kernelError && error.errno == .addressNotAvailable {
                    continue
                }
            }
            if !progress { break }
        }
        return deleted
    }
}
