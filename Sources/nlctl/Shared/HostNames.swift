import Glibc
import NetlinkCore

/// Addresses as host names: iproute2's `-r` (`-resolve`). `format_host` asks the resolver
/// (`gethostbyaddr`: /etc/hosts, then DNS as nsswitch.conf says) once per address and keeps the
/// answer, a failure too; an IPv4-mapped IPv6 address is asked as its IPv4 address. Where ip uses
/// `format_host` nlctl uses ``text(_:)``: a full-length route destination or source, gateways
/// (routes, multipath hops, nexthops, rules), `via`, an address's local, peer, broadcast and
/// anycast, a neighbour.
enum HostNames {
    /// Set once from the command line (`ip -r`), before anything is printed.
    nonisolated(unsafe) static var enabled = false
    nonisolated(unsafe) private static var cache: [IPAddress: String?] = [:]

    /// The name of `address` when `-r` was given and the resolver knows one; its text otherwise.
    static func text(_ address: IPAddress) -> String {
        guard enabled else { return address.description }
        return name(address) ?? address.description
    }

    /// The resolver's name for `address` (cached), or nil.
    static func name(_ address: IPAddress) -> String? {
        if let known = cache[address] { return known }
        var asked = address
        if case .v6(let v6) = address {
            let bytes = v6.bytes
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                asked = .v4(IPv4Address(bytes[12], bytes[13], bytes[14], bytes[15]))
            }
        }
        let found = lookup(asked)
        cache[address] = found
        return found
    }

    /// One `gethostbyaddr` (nothing in the fuzz sandbox, which sends nothing to a name server).
    static func lookup(_ address: IPAddress) -> String? {
        guard !Sandbox.isOn else { return nil }
        let bytes = address.bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        guard let entry = bytes.withUnsafeBytes({ gethostbyaddr($0.baseAddress, socklen_t(bytes.count), family) }),
              let name = entry.pointee.h_name else { return nil }
        return String(cString: name)
    }
}
