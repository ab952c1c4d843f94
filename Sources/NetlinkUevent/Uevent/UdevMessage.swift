/// udev's re-broadcast of a device event (multicast group 2 of `NETLINK_KOBJECT_UEVENT`, sent by
/// udevd after its rules ran), libudev's binary format (systemd's
/// `struct monitor_netlink_header`): a 40-byte header, then `KEY=VALUE` strings.
///
/// ```text
///  0 "libudev\0"  8 magic 0xfeedcafe (big-endian)  12 header_size  16 properties_off  20 properties_len
/// 24 filter_subsystem_hash  28 filter_devtype_hash  32 filter_tag_bloom_hi  36 filter_tag_bloom_lo
///    (the four filter words big-endian; the sizes and offsets in host order)
/// ```
/// Decoded read-only: the filter words are kept as sent, the properties in order, as bytes.
public struct UdevMessage: Hashable, Sendable {
    /// The properties (`ACTION`, `DEVPATH`, `SUBSYSTEM`, `SEQNUM`, `USEC_INITIALIZED`, and what
    /// udev's rules added), in the sender's order.
    public var properties: [Uevent.Property]
    /// The header's filter words (MurmurHash2 of the subsystem and device type, the tags' bloom
    /// filter), as the sender computed them.
    public var subsystemHash: UInt32, deviceTypeHash: UInt32, tagBloomHigh: UInt32, tagBloomLow: UInt32

    /// The header's size and magic.
    public static let headerSize = 40, magic: UInt32 = 0xFEED_CAFE
    public static let prefix: [UInt8] = Array("libudev\0".utf8)

    public init(properties: [Uevent.Property], subsystemHash: UInt32 = 0, deviceTypeHash: UInt32 = 0, tagBloomHigh: UInt32 = 0, tagBloomLow: UInt32 = 0) {
        self.properties = properties
        (self.subsystemHash, self.deviceTypeHash, self.tagBloomHigh, self.tagBloomLow) = (subsystemHash, deviceTypeHash, tagBloomHigh, tagBloomLow)
    }

    /// Reads one datagram of group 2: a value or a ``UeventDecodingError``, never a trap.
    public init(datagram bytes: some Collection<UInt8>) throws(UeventDecodingError) {
        let data = Array(bytes)
        guard data.starts(with: Self.prefix) else { throw UeventDecodingError(.notLibudev, offset: 0) }
        guard data.count >= Self.headerSize else { throw UeventDecodingError(.libudevHeaderCut, offset: data.count) }
        func host(_ offset: Int) -> UInt32 { data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) } }
        func big(_ offset: Int) -> UInt32 { UInt32(bigEndian: host(offset)) }
        guard big(8) == Self.magic else { throw UeventDecodingError(.libudevMagic, offset: 8) }
        let headerSize = Int(host(12)), offset = Int(host(16)), length = Int(host(20))
        guard headerSize >= Self.headerSize, offset >= Self.headerSize, offset <= data.count, length <= data.count - offset else {
            throw UeventDecodingError(.libudevProperties, offset: 16)
        }
        (subsystemHash, deviceTypeHash, tagBloomHigh, tagBloomLow) = (big(24), big(28), big(32), big(36))
        properties = []
        var start = offset
        let end = offset + length
        while start < end {
            let stop = data[start..<end].firstIndex(of: 0) ?? end
            let string = data[start..<stop]
            if !string.isEmpty {
                guard let equals = string.firstIndex(of: UInt8(ascii: "=")), equals > string.startIndex else {
                    throw UeventDecodingError(.propertyWithoutKey, offset: start)
                }
                properties.append(Uevent.Property(keyBytes: Array(string[..<equals]), value: Array(string[(equals + 1)...])))
            }
            start = stop + 1
        }
    }

    /// The event as a ``Uevent``: the header made of `ACTION` and `DEVPATH` (empty when absent),
    /// the same properties — the accessors (`action`, `subsystem`, `sequenceNumber`...) read them.
    public var uevent: Uevent {
        let action = properties.first { $0.keyBytes == Array("ACTION".utf8) }?.value ?? []
        let path = properties.first { $0.keyBytes == Array("DEVPATH".utf8) }?.value ?? []
        return Uevent(headerAction: action, headerPath: path, properties: properties)
    }

    /// The datagram udevd would send (header, then the properties, each NUL-terminated).
    public var datagram: [UInt8] {
        var body: [UInt8] = []
        for property in properties { body += property.keyBytes + [UInt8(ascii: "=")] + property.value + [0] }
        var bytes = Self.prefix
        func host(_ value: UInt32) { withUnsafeBytes(of: value) { bytes += $0 } }
        func big(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
        big(Self.magic)
        host(UInt32(Self.headerSize))
        host(UInt32(Self.headerSize))
        host(UInt32(body.count))
        big(subsystemHash); big(deviceTypeHash); big(tagBloomHigh); big(tagBloomLow)
        return bytes + body
    }
}
