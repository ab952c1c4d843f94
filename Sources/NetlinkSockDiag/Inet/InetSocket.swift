import NetlinkCore

/// An inet socket as sock_diag reports it (`struct inet_diag_msg`, 72 bytes, then attributes).
///
/// ```text
///  0 family u8  1 state u8  2 timer u8  3 retrans u8  4 id (48)  52 expires u32  56 rqueue u32
/// 60 wqueue u32  64 uid u32  68 inode u32
/// ```
/// Attributes this type does not name are kept in ``otherAttributes``, never fatal.
public struct InetSocket: Hashable, Sendable {
    /// `sizeof(struct inet_diag_msg)`.
    public static let size = 72

    /// `idiag_family`.
    public var family: AddressFamily
    /// `idiag_state`.
    public var state: TCPState
    /// `idiag_timer`: 0 none, 1 retransmit, 2 keepalive, 3 TIME-WAIT, 4 zero window probe.
    public var timer: UInt8
    /// `idiag_retrans`.
    public var retransmits: UInt8
    /// `id`.
    public var id: InetSocketID
    /// `idiag_expires`, milliseconds.
    public var expires: UInt32
    /// `idiag_rqueue`: bytes to read (listening: the accept queue).
    public var receiveQueue: UInt32
    /// `idiag_wqueue`: bytes unsent or unacknowledged (listening: the backlog).
    public var sendQueue: UInt32
    /// `idiag_uid`.
    public var uid: UInt32
    /// `idiag_inode`.
    public var inode: UInt32

    /// `INET_DIAG_SHUTDOWN`.
    public var shutdown: UInt8?
    /// `INET_DIAG_CONG`.
    public var congestion: String?
    /// `INET_DIAG_TOS`.
    public var tos: UInt8?
    /// `INET_DIAG_TCLASS`.
    public var trafficClass: UInt8?
    /// `INET_DIAG_SKV6ONLY`.
    public var v6Only: Bool?
    /// `INET_DIAG_PROTOCOL`.
    public var `protocol`: UInt8?
    /// `INET_DIAG_MARK` (root only).
    public var mark: UInt32?
    /// `INET_DIAG_CLASS_ID`.
    public var classID: UInt32?
    /// `INET_DIAG_CGROUP_ID`.
    public var cgroupID: UInt64?
    /// `INET_DIAG_SKMEMINFO`: the `SK_MEMINFO_*` counters in order.
    public var socketMemory: [UInt32]?
    /// `INET_DIAG_SOCKOPT`: the socket's IP options (sent by the kernel for every inet socket).
    public var socketOptions: InetSocketOptions?
    /// `INET_DIAG_INFO`: `struct tcp_info` as the kernel sent it (it grows with each kernel).
    public var tcpInfo: [UInt8]?
    /// Every other attribute, by type: kept as bytes.
    public var otherAttributes: [UInt16: [UInt8]] = [:]

    /// Decodes a reply (the first of a repeated attribute counts).
    /// - Throws: `NetlinkDecodingError` for a header shorter than 72 bytes, a family other than
    ///   IPv4 or IPv6, or a malformed attribute.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let fixed = try InetSocketSummary(fixedPartOf: message)
        (family, state, timer, retransmits, id) = (fixed.family, fixed.state, fixed.timer, fixed.retransmits, fixed.id)
        (expires, receiveQueue, sendQueue, uid, inode) = (fixed.expires, fixed.receiveQueue, fixed.sendQueue, fixed.uid, fixed.inode)
        var seen: UInt64 = 0            // attribute types below 64 seen (no allocation per socket)
        var seenAbove: Set<UInt16> = []
        var attributes = try message.attributes(afterFixedHeader: Self.size)
        while let a = try attributes.next() {
            if a.type < 64 {
                guard seen & (1 << UInt64(a.type)) == 0 else { continue }
                seen |= 1 << UInt64(a.type)
            } else {
                guard seenAbove.insert(a.type).inserted else { continue }
            }
            switch a.type {
            case InetDiagAttribute.shutdown: shutdown = try a.uint8()
            case InetDiagAttribute.congestion: congestion = a.string()
            case InetDiagAttribute.tos: tos = try a.uint8()
            case InetDiagAttribute.trafficClass: trafficClass = try a.uint8()
            case InetDiagAttribute.v6Only: v6Only = try a.uint8() != 0
            case InetDiagAttribute.protocol: `protocol` = try a.uint8()
            case InetDiagAttribute.mark: mark = try a.uint32(.host)
            case InetDiagAttribute.classID: classID = try a.uint32(.host)
            case InetDiagAttribute.cgroupID: cgroupID = try a.uint64(.host)
            case InetDiagAttribute.socketMemoryInfo:
                socketMemory = a.payload.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self) } }
            case InetDiagAttribute.info: tcpInfo = a.bytes()
            case InetDiagAttribute.socketOptions where a.payload.byteCount >= 2:
                socketOptions = InetSocketOptions(rawValue: a.payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt16.self))
            default: otherAttributes[a.type] = a.bytes()
            }
        }
    }
}

/// `struct inet_diag_sockopt` (`INET_DIAG_SOCKOPT`): the bits of an inet socket's options, in the
/// order of the structure's bitfields (first byte: recverr … nodefrag; second: bind_address_no_port,
/// recverr_rfc4884, defer_connect).
public struct InetSocketOptions: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// `IP_RECVERR`.
    public static let receiveErrors = InetSocketOptions(rawValue: 1 << 0)
    /// A connection-oriented socket (`is_icsk`).
    public static let connectionOriented = InetSocketOptions(rawValue: 1 << 1)
    /// `IP_FREEBIND`.
    public static let freeBind = InetSocketOptions(rawValue: 1 << 2)
    /// `IP_HDRINCL`.
    public static let headerIncluded = InetSocketOptions(rawValue: 1 << 3)
    /// `IP_MULTICAST_LOOP`.
    public static let multicastLoop = InetSocketOptions(rawValue: 1 << 4)
    /// `IP_TRANSPARENT`.
    public static let transparent = InetSocketOptions(rawValue: 1 << 5)
    /// `IP_MULTICAST_ALL`.
    public static let multicastAll = InetSocketOptions(rawValue: 1 << 6)
    /// `IP_NODEFRAG`.
    public static let noDefragment = InetSocketOptions(rawValue: 1 << 7)
    /// `IP_BIND_ADDRESS_NO_PORT`.
    public static let bindAddressNoPort = InetSocketOptions(rawValue: 1 << 8)
    /// `IP_RECVERR_RFC4884`.
    public static let receiveErrorsRFC4884 = InetSocketOptions(rawValue: 1 << 9)
    /// `TCP_DEFER_ACCEPT`-style deferred connect (`defer_connect`).
    public static let deferConnect = InetSocketOptions(rawValue: 1 << 10)
}

/// The congestion control's own information (asked with `InetDiagAttribute.Extensions.congestionInfo`):
/// what the socket's algorithm reports, if it reports anything (cubic and reno do not).
public enum CongestionInfo: Hashable, Sendable {
    /// `struct tcpvegas_info` (`INET_DIAG_VEGASINFO`; also Westwood's and other RTT-based ones).
    case vegas(Vegas)
    /// `struct tcp_dctcp_info` (`INET_DIAG_DCTCPINFO`).
    case dctcp(DCTCP)
    /// `struct tcp_bbr_info` (`INET_DIAG_BBRINFO`).
    case bbr(BBR)

    /// `struct tcpvegas_info`.
    public struct Vegas: Hashable, Sendable {
        public var enabled: UInt32, rttCount: UInt32, rtt: UInt32, minimumRTT: UInt32
    }

    /// `struct tcp_dctcp_info`.
    public struct DCTCP: Hashable, Sendable {
        public var enabled: UInt16, congestionExperiencedState: UInt16, alpha: UInt32, ackedBytesECN: UInt32, ackedBytesTotal: UInt32
    }

    /// `struct tcp_bbr_info`: the bandwidth estimate (bytes per second), the minimum RTT (µs) and
    /// the gains (fixed point, 256 = 1.0).
    public struct BBR: Hashable, Sendable {
        public var bandwidth: UInt64, minimumRTT: UInt32, pacingGain: UInt32, congestionWindowGain: UInt32
    }

    /// Decodes the attribute of type `type` (3, 9 or 16) from its payload; a shorter payload than
    /// the structure (an older kernel's) is read as far as it goes, the rest 0.
    public init?(type: UInt16, payload: [UInt8]) {
        var bytes = payload
        if bytes.count < 20 { bytes += [UInt8](repeating: 0, count: 20 - bytes.count) }
        func u32(_ offset: Int) -> UInt32 { bytes[offset..<(offset + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } }
        func u16(_ offset: Int) -> UInt16 { bytes[offset..<(offset + 2)].withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) } }
        switch type {
        case InetDiagAttribute.vegasInfo: self = .vegas(Vegas(enabled: u32(0), rttCount: u32(4), rtt: u32(8), minimumRTT: u32(12)))
        case InetDiagAttribute.dctcpInfo:
            self = .dctcp(DCTCP(enabled: u16(0), congestionExperiencedState: u16(2), alpha: u32(4), ackedBytesECN: u32(8), ackedBytesTotal: u32(12)))
        case InetDiagAttribute.bbrInfo:
            self = .bbr(BBR(bandwidth: UInt64(u32(4)) << 32 | UInt64(u32(0)), minimumRTT: u32(8), pacingGain: u32(12), congestionWindowGain: u32(16)))
        default: return nil
        }
    }
}

extension InetSocket {
    /// The congestion control's information, from whichever of `INET_DIAG_VEGASINFO`,
    /// `INET_DIAG_DCTCPINFO` or `INET_DIAG_BBRINFO` the kernel sent (kept in ``otherAttributes``).
    public var congestionInfo: CongestionInfo? {
        for type in [InetDiagAttribute.bbrInfo, InetDiagAttribute.dctcpInfo, InetDiagAttribute.vegasInfo] {
            if let payload = otherAttributes[type] { return CongestionInfo(type: type, payload: payload) }
        }
        return nil
    }
}

/// `struct mptcp_info`: what an MPTCP socket (protocol 262) sends as `INET_DIAG_INFO` instead of
/// `struct tcp_info` (``InetSocket/mptcpInfo``). A shorter one (an older kernel's) is read as far as
/// it goes, the rest 0.
public struct MPTCPInfo: Hashable, Sendable {
    public var subflows: UInt8, addAddressSignal: UInt8, addAddressAccepted: UInt8
    public var subflowsMaximum: UInt8, addAddressSignalMaximum: UInt8, addAddressAcceptedMaximum: UInt8
    /// `MPTCP_INFO_FLAG_FALLBACK` 1, `MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED` 2.
    public var flags: UInt32
    public var token: UInt32
    public var writeSequence: UInt64, sendUnacknowledged: UInt64, receiveNext: UInt64
    public var localAddressesUsed: UInt8, localAddressesMaximum: UInt8, checksumEnabled: UInt8

    /// The offsets and size of the 6.1 structure (checked against `<linux/mptcp.h>`).
    public enum Offset {
        public static let flags = 8, token = 12, writeSequence = 16, sendUnacknowledged = 24, receiveNext = 32, localAddressesUsed = 40
        public static let size61 = 48
    }

    /// Reads `bytes` (the attribute's payload).
    public init(_ bytes: [UInt8]) {
        var b = bytes
        if b.count < Offset.size61 { b += [UInt8](repeating: 0, count: Offset.size61 - b.count) }
        func u32(_ o: Int) -> UInt32 { b[o..<(o + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } }
        func u64(_ o: Int) -> UInt64 { b[o..<(o + 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }
        (subflows, addAddressSignal, addAddressAccepted) = (b[0], b[1], b[2])
        (subflowsMaximum, addAddressSignalMaximum, addAddressAcceptedMaximum) = (b[3], b[4], b[5])
        (flags, token) = (u32(Offset.flags), u32(Offset.token))
        (writeSequence, sendUnacknowledged, receiveNext) = (u64(Offset.writeSequence), u64(Offset.sendUnacknowledged), u64(Offset.receiveNext))
        (localAddressesUsed, localAddressesMaximum, checksumEnabled) = (b[40], b[41], b[42])
    }
}

/// `INET_DIAG_ULP_INFO`: the socket's upper-layer protocol (`INET_ULP_INFO_NAME`: "mptcp" on an
/// MPTCP subflow, "tls" under kTLS) and its information (an MPTCP subflow's typed; TLS's kept).
public struct UpperLayerProtocolInfo: Hashable, Sendable {
    /// The protocol's name.
    public var name: String?
    /// `INET_ULP_INFO_MPTCP`: the subflow's attributes.
    public var mptcpSubflow: MPTCPSubflowInfo?
    /// `INET_ULP_INFO_TLS`: kTLS's state.
    public var tls: TLSInfo?

    /// Decodes the nest's payload; `nil` when it is malformed.
    public init?(_ payload: [UInt8]) {
        var attributes = NetlinkAttributes(payload.span.bytes)
        do throws(NetlinkDecodingError) {
            while let attribute = try attributes.next() {
                switch attribute.type {
                case 1: name = attribute.string()
                case 2: tls = try TLSInfo(attribute.bytes())
                case 3: mptcpSubflow = try MPTCPSubflowInfo(attribute.bytes())
                default: break
                }
            }
        } catch {
            return nil
        }
    }
}

/// `MPTCP_SUBFLOW_ATTR_*` of a subflow (`<linux/mptcp.h>`).
public struct MPTCPSubflowInfo: Hashable, Sendable {
    public var remoteToken: UInt32?, localToken: UInt32?, relativeWriteSequence: UInt32?
    public var mapSequence: UInt64?, mapSubflowSequence: UInt32?, ssnOffset: UInt32?
    /// `MPTCP_SUBFLOW_ATTR_MAP_DATALEN`: the kernel sends a u16.
    public var mapDataLength: UInt32?
    /// `MPTCP_SUBFLOW_FLAG_*`: MCAP_REM 1, MCAP_LOC 2, JOIN_REM 4, JOIN_LOC 8, BKUP_REM 16,
    /// BKUP_LOC 32, FULLY_ESTABLISHED 64, CONNECTED 128, MAPVALID 256.
    public var flags: UInt32?
    public var remoteID: UInt8?, localID: UInt8?

    init(_ payload: [UInt8]) throws(NetlinkDecodingError) {
        var attributes = NetlinkAttributes(payload.span.bytes)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case 1: remoteToken = try attribute.uint32(.host)
            case 2: localToken = try attribute.uint32(.host)
            case 3: relativeWriteSequence = try attribute.uint32(.host)
            case 4: mapSequence = try attribute.uint64(.host)
            case 5: mapSubflowSequence = try attribute.uint32(.host)
            case 6: ssnOffset = try attribute.uint32(.host)
            case 7: mapDataLength = try UInt32(truncatingIfNeeded: attribute.unsignedInteger(.host))    // u16 (u32 in the header's comment)
            case 8: flags = try attribute.uint32(.host)
            case 9: remoteID = try attribute.uint8()
            case 10: localID = try attribute.uint8()
            default: break
            }
        }
    }
}

extension InetSocket {
    /// `INET_DIAG_INFO` read as `struct mptcp_info` (for a socket of an MPTCP dump).
    public var mptcpInfo: MPTCPInfo? { tcpInfo.map(MPTCPInfo.init) }

    /// `INET_DIAG_MD5SIG` (18), decoded: the socket's TCP-MD5 keys (`CAP_NET_ADMIN` only).
    public var md5Keys: [TCPMD5Key]? {
        otherAttributes[InetDiagAttribute.md5Signature].flatMap(TCPMD5Key.keys)
    }

    /// `INET_DIAG_ULP_INFO`, decoded.
    public var upperLayerProtocol: UpperLayerProtocolInfo? {
        otherAttributes[InetDiagAttribute.upperLayerProtocolInfo].flatMap(UpperLayerProtocolInfo.init)
    }
}
