import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The IPv6 address-label table, in the kernel's order (longest prefixes first; like
    /// `ip addrlabel list`): a dump of `RTM_GETADDRLABEL`.
    /// - Parameters:
    ///   - family: `AF_INET6` (10); the kernel refuses other families (`EOPNOTSUPP`).
    ///   - retries: How many times an interrupted dump (`NLM_F_DUMP_INTR`) is started again.
    public func addressLabels(family: AddressFamily = 10, retries: Int = 3) async throws(NetlinkError) -> [AddressLabel] {
        try await dumpAll(type: RouteMessageType.getAddressLabel, fixedHeaderSize: AddressLabelMessage.size, retries: retries, { b in
            AddressLabelMessage(family: family).encode(into: &b)
        }) { message in
            message.type == RouteMessageType.newAddressLabel ? try AddressLabel(decoding: message) : nil
        }
    }

    /// Adds an entry to the address-label table (`RTM_NEWADDRLABEL` with `NLM_F_CREATE |
    /// NLM_F_EXCL`, like `ip addrlabel add`).
    /// - Throws: the kernel's error: `EEXIST` for a prefix (and interface) already labelled,
    ///   `EINVAL` for a reserved label or a prefix length over 128, `ENODEV` for no such interface.
    public func addAddressLabel(_ entry: AddressLabel) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.newAddressLabel, flags: [.create, .exclusive], fixedHeaderSize: AddressLabelMessage.size) { b in
            try entry.encode(into: &b)
        }
    }

    /// Removes the entry for `entry`'s prefix and interface (`RTM_DELADDRLABEL`, like
    /// `ip addrlabel del`); the kernel does not compare the label.
    /// - Throws: the kernel's error: `ESRCH` when no entry has that prefix and interface.
    public func deleteAddressLabel(_ entry: AddressLabel) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.deleteAddressLabel, fixedHeaderSize: AddressLabelMessage.size) { b in
            try entry.encode(into: &b)
        }
    }
}
