import NetlinkCore

extension IPAddress {
    /// `AF_INET` (2) or `AF_INET6` (10).
    var rtnetlinkFamily: UInt8 {
        switch self {
        case .v4: 2
        case .v6: 10
        }
    }
}
