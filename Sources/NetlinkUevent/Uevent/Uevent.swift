#if canImport(Glibc)
import Glibc
#endif

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

    /// The event's bytes, as the kernel sends them (`datagram`): decoding keeps the datagram and
    /// the places of its strings, so that a decode costs two allocations, not two a property.
    private var storage: [UInt8]
    /// For each property: where its key starts, where its `=` is, where its NUL is.
    private var places: [Place]
    private struct Place: Hashable, Sendable {
        var key: UInt32, equals: UInt32, end: UInt32
    }
    /// Where the header's `@` is (the header ends at the first NUL).
    private var at: Int

    public init(headerAction: [UInt8], headerPath: [UInt8], properties: [Property]) {
        var bytes = headerAction + [UInt8(ascii: "@")] + headerPath + [0]
        var places: [Place] = []
        places.reserveCapacity(properties.count)
        for property in properties {
            let key = bytes.count
            bytes += property.keyBytes + [UInt8(ascii: "=")] + property.value + [0]
            places.append(Place(key: UInt32(key), equals: UInt32(key + property.keyBytes.count), end: UInt32(bytes.count - 1)))
        }
        (storage, self.places, at) = (bytes, places, headerAction.count)
    }

    /// The header's two parts, `ACTION@DEVPATH`, as sent.
    public var headerAction: [UInt8] { Array(storage[..<at]) }
    public var headerPath: [UInt8] { Array(storage[(at + 1)..<(storage.firstIndex(of: 0) ?? storage.count)]) }

    /// The properties in the kernel's order (made on each access: ``forEachProperty(_:)`` and
    /// ``value(_:)`` read them in place).
    public var properties: [Property] {
        places.map { Property(keyBytes: Array(storage[Int($0.key)..<Int($0.equals)]), value: Array(storage[Int($0.equals + 1)..<Int($0.end)])) }
    }

    /// How many properties the event has.
    public var propertyCount: Int { places.count }

    /// Calls `body` with each property's key and value, in order, in place (no copy).
    public func forEachProperty(_ body: (_ key: ArraySlice<UInt8>, _ value: ArraySlice<UInt8>) throws -> Void) rethrows {
        for place in places {
            try body(storage[Int(place.key)..<Int(place.equals)], storage[Int(place.equals + 1)..<Int(place.end)])
        }
    }

    /// The bytes of property `key`, or `nil`.
    public func value(_ key: String) -> [UInt8]? {
        var key = key
        return key.withUTF8 { wanted -> [UInt8]? in
            for place in places where Int(place.equals - place.key) == wanted.count {
                if storage[Int(place.key)..<Int(place.equals)].elementsEqual(wanted) {
                    return Array(storage[Int(place.equals + 1)..<Int(place.end)])
                }
            }
            return nil
        }
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
        guard data.count < Int(UInt32.max) else { throw UeventDecodingError(.unterminatedString, offset: 0) }
        if data.starts(with: UdevMessage.prefix) { throw UeventDecodingError(.libudevMessage, offset: 0) }
        guard !data.isEmpty else { throw UeventDecodingError(.empty, offset: 0) }
        if data.last != 0 { throw UeventDecodingError(.unterminatedString, offset: (data.lastIndex(of: 0) ?? -1) + 1) }
        var places: [Place] = []
        places.reserveCapacity(16)   // a kernel uevent has 6 to 15 properties: one allocation
        var header: Int?
        var start = 0
        let outcome = data.withUnsafeBufferPointer { buffer -> UeventDecodingError? in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            while start < buffer.count {
                // memchr, as a C reader scans: the string's NUL, then its separator before it.
                guard let nul = memchr(base + start, 0, buffer.count - start) else {
                    return UeventDecodingError(.unterminatedString, offset: start)
                }
                let end = base.distance(to: UnsafeRawPointer(nul))
                let separator = header == nil ? Int32(UInt8(ascii: "@")) : Int32(UInt8(ascii: "="))
                let equals = memchr(base + start, separator, end - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? -1
                if header == nil {
                    guard equals >= 0 else { return UeventDecodingError(.noHeader, offset: 0) }
                    header = equals
                } else {
                    guard equals > start else { return UeventDecodingError(.propertyWithoutKey, offset: start) }
                    places.append(Place(key: UInt32(start), equals: UInt32(equals), end: UInt32(end)))
                }
                start = end + 1
            }
            return nil
        }
        if let outcome { throw outcome }
        (storage, self.places, at) = (data, places, header!)
    }

    /// The datagram the kernel would send for this event (header, then each property).
    public var datagram: [UInt8] { storage }

    public static func == (a: Uevent, b: Uevent) -> Bool { a.storage == b.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
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
