import NetlinkCore

/// The attributes of unix sock_diag (`<linux/unix_diag.h>`): numbered from 0.
public enum UnixDiagAttribute {
    /// `UNIX_DIAG_NAME` (0): the bound name (a path, or `\0` and an abstract name).
    public static let name: UInt16 = 0
    /// `UNIX_DIAG_VFS` (1): `struct unix_diag_vfs` (inode u32, device u32).
    public static let vfs: UInt16 = 1
    /// `UNIX_DIAG_PEER` (2): u32, the peer's inode.
    public static let peer: UInt16 = 2
    /// `UNIX_DIAG_ICONS` (3): u32 array, the inodes of pending connections.
    public static let icons: UInt16 = 3
    /// `UNIX_DIAG_RQLEN` (4): `struct unix_diag_rqlen` (receive queue u32, send queue u32).
    public static let queueLengths: UInt16 = 4
    /// `UNIX_DIAG_MEMINFO` (5): u32 array (`SK_MEMINFO_*`).
    public static let memoryInfo: UInt16 = 5
    /// `UNIX_DIAG_SHUTDOWN` (6): u8.
    public static let shutdown: UInt16 = 6
    /// `UNIX_DIAG_UID` (7): u32.
    public static let uid: UInt16 = 7

    /// What a request asks to be shown (`udiag_show`, `UDIAG_SHOW_*`).
    public struct Show: OptionSet, Hashable, Sendable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let name = Show(rawValue: 0x01)
        public static let vfs = Show(rawValue: 0x02)
        public static let peer = Show(rawValue: 0x04)
        public static let icons = Show(rawValue: 0x08)
        public static let queueLengths = Show(rawValue: 0x10)
        public static let memoryInfo = Show(rawValue: 0x20)
        public static let uid = Show(rawValue: 0x40)
        /// Everything.
        public static let all = Show(rawValue: 0x7F)
    }
}
