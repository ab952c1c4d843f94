import NetlinkCore

/// `TLS_INFO_*` of a kTLS socket (`<linux/tls.h>`), in ``UpperLayerProtocolInfo/tls``.
public struct TLSInfo: Hashable, Sendable {
    /// `TLS_INFO_VERSION`: `TLS_1_2_VERSION` 0x0303, `TLS_1_3_VERSION` 0x0304.
    public var version: UInt16?
    /// `TLS_INFO_CIPHER`: `TLS_CIPHER_AES_GCM_128` 51, `TLS_CIPHER_AES_GCM_256` 52, ...
    public var cipher: UInt16?
    /// `TLS_INFO_TXCONF` and `TLS_INFO_RXCONF`: `TLS_CONF_BASE` 1, `SW` 2, `HW` 3, `HW_RECORD` 4.
    public var transmitConfiguration: UInt16?, receiveConfiguration: UInt16?
    /// `TLS_INFO_ZC_RO_TX` (zero-copy sendfile) and `TLS_INFO_RX_NO_PAD`: flags.
    public var zeroCopyReadOnlyTransmit = false, receiveNoPadding = false

    /// The attribute numbers.
    public enum Attribute {
        public static let version: UInt16 = 1, cipher: UInt16 = 2, transmitConfiguration: UInt16 = 3, receiveConfiguration: UInt16 = 4
        public static let zeroCopyReadOnlyTransmit: UInt16 = 5, receiveNoPadding: UInt16 = 6
    }

    public init(version: UInt16? = nil, cipher: UInt16? = nil, transmitConfiguration: UInt16? = nil, receiveConfiguration: UInt16? = nil,
                zeroCopyReadOnlyTransmit: Bool = false, receiveNoPadding: Bool = false) {
        (self.version, self.cipher, self.transmitConfiguration, self.receiveConfiguration) = (version, cipher, transmitConfiguration, receiveConfiguration)
        (self.zeroCopyReadOnlyTransmit, self.receiveNoPadding) = (zeroCopyReadOnlyTransmit, receiveNoPadding)
    }

    /// Decodes the nest's payload.
    public init(_ payload: [UInt8]) throws(NetlinkDecodingError) {
        var attributes = NetlinkAttributes(payload.span.bytes)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case Attribute.version: version = try attribute.uint16(.host)
            case Attribute.cipher: cipher = try attribute.uint16(.host)
            case Attribute.transmitConfiguration: transmitConfiguration = try attribute.uint16(.host)
            case Attribute.receiveConfiguration: receiveConfiguration = try attribute.uint16(.host)
            case Attribute.zeroCopyReadOnlyTransmit: zeroCopyReadOnlyTransmit = true
            case Attribute.receiveNoPadding: receiveNoPadding = true
            default: break
            }
        }
    }
}

/// One `struct tcp_diag_md5sig` of `INET_DIAG_MD5SIG`: a TCP-MD5 (RFC 2385) key of a socket, sent
/// to `CAP_NET_ADMIN` only (``InetSocket/md5Keys``).
public struct TCPMD5Key: Hashable, Sendable {
    /// The peer prefix the key applies to.
    public var address: IPAddress
    public var prefixLength: UInt8
    /// The key's bytes (`tcpm_keylen` of them).
    public var key: [UInt8]

    public init(address: IPAddress, prefixLength: UInt8, key: [UInt8]) {
        (self.address, self.prefixLength, self.key) = (address, prefixLength, key)
    }

    /// `sizeof(struct tcp_diag_md5sig)`: family, prefix length, key length (u16), four address
    /// words, 80 key bytes.
    public static let size = 100
    /// `TCP_MD5SIG_MAXKEYLEN`.
    public static let maximumKeyLength = 80

    /// The keys in an attribute's payload; `nil` when it is not a whole number of structures, or a
    /// family or key length is out of range.
    public static func keys(_ payload: [UInt8]) -> [TCPMD5Key]? {
        guard payload.count % size == 0 else { return nil }
        var keys: [TCPMD5Key] = []
        for start in stride(from: 0, to: payload.count, by: size) {
            let length = Int(payload[start + 2]) | Int(payload[start + 3]) << 8
            let addressBytes = Array(payload[(start + 4)..<(start + 20)])
            let address: IPAddress
            switch payload[start] {
            case 2: address = .v4(IPv4Address(addressBytes[0], addressBytes[1], addressBytes[2], addressBytes[3]))    // AF_INET
            case 10: address = .v6(IPv6Address(addressBytes.span.bytes))                                            // AF_INET6
            default: return nil
            }
            guard length <= maximumKeyLength else { return nil }
            keys.append(TCPMD5Key(address: address, prefixLength: payload[start + 1], key: Array(payload[(start + 20)..<(start + 20 + length)])))
        }
        return keys
    }
}
