/// A kernel uevent (`NETLINK_KOBJECT_UEVENT`, multicast group 1): what `kobject_uevent_env`
/// broadcasts when a device is added, removed, changed, moved, bound... — not a netlink message but
/// NUL-terminated strings:
///
/// ```text
/// add@/devices/virtual/net/v1\0ACTION=add\0DEVPATH=/devices/virtual/net/v1\0SUBSYSTEM=net\0
/// INTERFACE=v1\0IFINDEX=2\0SEQNUM=1922481\0
/// ```
///
/// The properties are kept in the kernel's order, their values as bytes (a device name need not be
/// UTF-8); the accessors read the common ones. `Uevent(datagram:)` takes any bytes: a value or a
/// ``UeventDecodingError``, never a trap.
public struct Uevent: Hashable, Sendable {
    /// One `KEY=VALUE` of the event.
    public struct Property: Hashable, Sendable {
        /// The key's bytes as sent (the kernel's are ASCII; a forged or future one need not be).
        public var keyBytes: [UInt8]
        public var value: [UInt8]
        public init(keyBytes: [UInt8], value: [UInt8]) { (self.keyBytes, self.value) = (keyBytes, value) }
        public init(key: String, value: [UInt8]) { self.init(keyBytes: Array(key.utf8), value: value) }
        /// The key as text (invalid UTF-8 repaired).
        public var key: String { String(decoding: keyBytes, as: UTF8.self) }
        /// The value as text (invalid UTF-8 repaired).
        public var text: String { String(decoding: value, as: UTF8.self) }
    }

    /// The header's two parts, `ACTION@DEVPATH`, as sent.
    public var headerAction: [UInt8], headerPath: [UInt8]
    /// The properties in the kernel's order.
    public var properties: [Property]

    public init(headerAction: [UInt8], headerPath: [UInt8], properties: [Property]) {
        (self.headerAction, self.headerPath, self.properties) = (headerAction, headerPath, properties)
    }

    /// The bytes of property `key`, or `nil`.
    public func value(_ key: String) -> [UInt8]? {
        let bytes = Array(key.utf8)
        return properties.first { $0.keyBytes == bytes }?.value
    }
    /// Property `key` as text, or `nil`.
    public func text(_ key: String) -> String? { value(key).map { String(decoding: $0, as: UTF8.self) } }

    /// `ACTION` (else the header's): add, remove, change, move, online, offline, bind, unbind.
    public var action: String { text("ACTION") ?? String(decoding: headerAction, as: UTF8.self) }
    /// `DEVPATH` (else the header's), below /sys.
    public var devicePath: String { text("DEVPATH") ?? String(decoding: headerPath, as: UTF8.self) }
    /// `SUBSYSTEM`: net, queues, block, tty...
    public var subsystem: String? { text("SUBSYSTEM") }
    /// `DEVTYPE`: disk, partition, bridge, wlan...
    public var deviceType: String? { text("DEVTYPE") }
    /// `SEQNUM`: the kernel's event counter (one for all namespaces).
    public var sequenceNumber: UInt64? { text("SEQNUM").flatMap { UInt64($0) } }
    /// `INTERFACE` and `IFINDEX` of a network device.
    public var interface: String? { text("INTERFACE") }
    public var interfaceIndex: Int32? { text("IFINDEX").flatMap { Int32($0) } }
    /// `DEVNAME` (below /dev), `MAJOR` and `MINOR` of a device node; `DRIVER` of a bind.
    public var deviceName: String? { text("DEVNAME") }
    public var major: UInt32? { text("MAJOR").flatMap { UInt32($0) } }
    public var minor: UInt32? { text("MINOR").flatMap { UInt32($0) } }
    public var driver: String? { text("DRIVER") }

    /// Reads one datagram of group 1.
    public init(datagram bytes: some Collection<UInt8>) throws(UeventDecodingError) {
        let data = Array(bytes)
        if data.starts(with: Array("libudev\0".utf8)) { throw UeventDecodingError(.libudevMessage, offset: 0) }
        var strings: [(offset: Int, bytes: ArraySlice<UInt8>)] = []
        var start = 0
        while start < data.count {
            guard let end = data[start...].firstIndex(of: 0) else { throw UeventDecodingError(.unterminatedString, offset: start) }
            strings.append((start, data[start..<end]))
            start = end + 1
        }
        guard let header = strings.first else { throw UeventDecodingError(.empty, offset: 0) }
        guard let at = header.bytes.firstIndex(of: UInt8(ascii: "@")) else { throw UeventDecodingError(.noHeader, offset: 0) }
        headerAction = Array(header.bytes[..<at])
        headerPath = Array(header.bytes[(at + 1)...])
        properties = []
        properties.reserveCapacity(strings.count - 1)
        for string in strings.dropFirst() {
            guard let equals = string.bytes.firstIndex(of: UInt8(ascii: "=")), equals > string.bytes.startIndex else {
                throw UeventDecodingError(.propertyWithoutKey, offset: string.offset)
            }
            properties.append(Property(keyBytes: Array(string.bytes[..<equals]), value: Array(string.bytes[(equals + 1)...])))
        }
    }

    /// The datagram the kernel would send for this event (header, then each property).
    public var datagram: [UInt8] {
        var bytes = headerAction + [UInt8(ascii: "@")] + headerPath + [0]
        for property in properties { bytes += property.keyBytes + [UInt8(ascii: "=")] + property.value + [0] }
        return bytes
    }
}

/// Why a datagram is not a kernel uevent.
public struct UeventDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// No bytes.
        case empty
        /// A string without its terminating NUL.
        case unterminatedString
        /// The first string is not `ACTION@DEVPATH`.
        case noHeader
        /// A property that is not `KEY=VALUE` with a key.
        case propertyWithoutKey
        /// udev's re-broadcast (group 2: the `libudev` header and its binary layout), not the
        /// kernel's: read it with ``UdevMessage``.
        case libudevMessage
        /// ``UdevMessage``: the datagram does not start with `libudev\0`.
        case notLibudev
        /// ``UdevMessage``: shorter than the 40-byte header.
        case libudevHeaderCut
        /// ``UdevMessage``: the magic is not 0xfeedcafe.
        case libudevMagic
        /// ``UdevMessage``: the header's size or the properties' offset or length is out of the datagram.
        case libudevProperties
    }

    public var code: Code
    /// Where in the datagram.
    public var offset: Int

    public init(_ code: Code, offset: Int) { (self.code, self.offset) = (code, offset) }

    public var description: String {
        switch code {
        case .empty: "an empty uevent"
        case .unterminatedString: "a uevent string without its NUL at offset \(offset)"
        case .noHeader: "a uevent without its ACTION@DEVPATH header"
        case .propertyWithoutKey: "a uevent property that is not KEY=VALUE at offset \(offset)"
        case .libudevMessage: "a libudev message (udev's group 2), not a kernel uevent"
        case .notLibudev: "not a libudev message (no libudev header)"
        case .libudevHeaderCut: "a libudev message shorter than its 40-byte header"
        case .libudevMagic: "a libudev message without the magic 0xfeedcafe"
        case .libudevProperties: "a libudev message whose properties lie outside it"
        }
    }
}
