import NetlinkCore

/// The attributes and extensions of inet sock_diag (`<linux/inet_diag.h>`).
public enum InetDiagAttribute {
    /// `INET_DIAG_REQ_BYTECODE` (1): a filter program, in a request.
    public static let requestBytecode: UInt16 = 1
    /// `INET_DIAG_REQ_PROTOCOL` (3): u32, a protocol beyond a byte (`IPPROTO_MPTCP`, 262).
    public static let requestProtocol: UInt16 = 3

    /// `INET_DIAG_MEMINFO` (1): `struct inet_diag_meminfo` (four u32).
    public static let memoryInfo: UInt16 = 1
    /// `INET_DIAG_INFO` (2): `struct tcp_info` (its length grows with the kernel).
    public static let info: UInt16 = 2
    /// `INET_DIAG_CONG` (4): string, the congestion control algorithm.
    public static let congestion: UInt16 = 4
    /// `INET_DIAG_TOS` (5): u8.
    public static let tos: UInt16 = 5
    /// `INET_DIAG_TCLASS` (6): u8.
    public static let trafficClass: UInt16 = 6
    /// `INET_DIAG_SKMEMINFO` (7): u32 array (`SK_MEMINFO_*`).
    public static let socketMemoryInfo: UInt16 = 7
    /// `INET_DIAG_SHUTDOWN` (8): u8, `RCV_SHUTDOWN` 1 | `SEND_SHUTDOWN` 2.
    public static let shutdown: UInt16 = 8
    /// `INET_DIAG_PROTOCOL` (10): u8.
    public static let `protocol`: UInt16 = 10
    /// `INET_DIAG_SKV6ONLY` (11): u8.
    public static let v6Only: UInt16 = 11
    /// `INET_DIAG_MARK` (15): u32 (`CAP_NET_ADMIN` only).
    public static let mark: UInt16 = 15
    /// `INET_DIAG_CLASS_ID` (17): u32.
    public static let classID: UInt16 = 17
    /// `INET_DIAG_CGROUP_ID` (21): u64.
    public static let cgroupID: UInt16 = 21
    /// `INET_DIAG_VEGASINFO` (3): `struct tcpvegas_info` (``CongestionInfo/vegas(_:)``).
    public static let vegasInfo: UInt16 = 3
    /// `INET_DIAG_DCTCPINFO` (9): `struct tcp_dctcp_info` (``CongestionInfo/dctcp(_:)``).
    public static let dctcpInfo: UInt16 = 9
    /// `INET_DIAG_BBRINFO` (16): `struct tcp_bbr_info` (``CongestionInfo/bbr(_:)``).
    public static let bbrInfo: UInt16 = 16
    /// `INET_DIAG_MD5SIG` (18): `struct tcp_diag_md5sig` array (``TCPMD5Key``).
    public static let md5Signature: UInt16 = 18
    /// `INET_DIAG_ULP_INFO` (19): the upper-layer protocol's nest (``UpperLayerProtocolInfo``).
    public static let upperLayerProtocolInfo: UInt16 = 19
    /// `INET_DIAG_SOCKOPT`: `struct inet_diag_sockopt` (``InetSocketOptions``).
    public static let socketOptions: UInt16 = 22

    /// The extensions a request asks for (`idiag_ext`: bit `1 << (attribute - 1)`).
    public struct Extensions: OptionSet, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// `INET_DIAG_MEMINFO`.
        public static let memoryInfo = Extensions(rawValue: 1 << 0)
        /// `INET_DIAG_INFO`.
        public static let info = Extensions(rawValue: 1 << 1)
        /// `INET_DIAG_VEGASINFO` (also DCTCP and BBR info).
        public static let congestionInfo = Extensions(rawValue: 1 << 2)
        /// `INET_DIAG_CONG`.
        public static let congestion = Extensions(rawValue: 1 << 3)
        /// `INET_DIAG_TOS`.
        public static let tos = Extensions(rawValue: 1 << 4)
        /// `INET_DIAG_TCLASS` (also the class ID).
        public static let trafficClass = Extensions(rawValue: 1 << 5)
        /// `INET_DIAG_SKMEMINFO`.
        public static let socketMemoryInfo = Extensions(rawValue: 1 << 6)
        /// `INET_DIAG_SHUTDOWN`.
        public static let shutdown = Extensions(rawValue: 1 << 7)
    }
}
