import NetlinkCore

/// Attributes of namespace-ID messages (`NETNSA_*` of `<linux/net_namespace.h>`).
public enum NamespaceIDAttribute {
    /// `NETNSA_NSID` (1): s32, the ID.
    public static let id: UInt16 = 1
    /// `NETNSA_PID` (2): u32, a process in the namespace.
    public static let pid: UInt16 = 2
    /// `NETNSA_FD` (3): u32, a descriptor of the namespace.
    public static let fd: UInt16 = 3
    /// `NETNSA_TARGET_NSID` (4): s32, in a request: answer as seen from the namespace with this ID
    /// (instead of the connection's).
    public static let targetID: UInt16 = 4
    /// `NETNSA_CURRENT_NSID` (5): s32, in an answer to a request with ``targetID``: the ID the
    /// connection's namespace gives the same namespace (-1: none).
    public static let currentID: UInt16 = 5
}
