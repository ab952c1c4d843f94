import NetlinkCore

/// The device a request is about (`ETHTOOL_A_HEADER_DEV_INDEX` or `ETHTOOL_A_HEADER_DEV_NAME`).
public enum EthtoolDevice: Hashable, Sendable {
    /// By interface index.
    case index(UInt32)
    /// By name (its bytes, as `String.rawBytes`).
    case name(String)

    /// Writes the request header nest `type` (1 for every message but statistics, 2 there).
    public func encodeHeader(_ type: UInt16 = EthtoolAttribute.header, flags: EthtoolRequestFlags = [], into builder: inout NetlinkMessageBuilder) throws {
        try builder.appendNested(type) { b in
            switch self {
            case .index(let index): try b.appendAttribute(EthtoolAttribute.Header.deviceIndex, uint32: index, .host)
            case .name(let name): try b.appendAttribute(EthtoolAttribute.Header.deviceName, string: name)
            }
            if !flags.isEmpty { try b.appendAttribute(EthtoolAttribute.Header.flags, uint32: flags.rawValue, .host) }
        }
    }
}

/// The device a reply or notification is about: its header nest (`ETHTOOL_A_HEADER_*`).
public struct EthtoolDeviceHeader: Hashable, Sendable {
    /// `ETHTOOL_A_HEADER_DEV_INDEX`.
    public var index: UInt32
    /// `ETHTOOL_A_HEADER_DEV_NAME`, as bytes kept in a `String(rawBytes:)` string.
    public var name: String

    /// Creates a header value.
    public init(index: UInt32, name: String) {
        self.index = index
        self.name = name
    }

    /// Decodes a header nest.
    public init(decoding attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        var index: UInt32 = 0
        var name = ""
        var fields = try attribute.nested()
        while let f = try fields.next() {
            switch f.type {
            case EthtoolAttribute.Header.deviceIndex: index = try f.uint32(.host)
            case EthtoolAttribute.Header.deviceName: name = f.string()
            default: continue
            }
        }
        self.init(index: index, name: name)
    }
}

/// What an ethtool get answers for one device: the value, or the typed refusal a device or a
/// user's rights give — not a failure of the caller.
public enum EthtoolAnswer<Value: Sendable>: Sendable {
    /// The reply.
    case value(Value)
    /// `EOPNOTSUPP`: the device has no such operation ("this device does not support rings").
    case notSupported(NetlinkError)
    /// `EPERM`: the request needs `CAP_NET_ADMIN` (WoL, module EEPROM as non-root).
    case notPermitted(NetlinkError)

    /// The value, or `nil` for a refusal.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// The value, or the refusal as the error it was.
    public func get() throws(NetlinkError) -> Value {
        switch self {
        case .value(let value): return value
        case .notSupported(let error), .notPermitted(let error): throw error
        }
    }

    /// Sorts an error into a refusal, or returns `nil` for any other failure.
    public static func refusal(_ error: NetlinkError) -> Self? {
        switch error.errno?.rawValue {
        case 95: return .notSupported(error)     // EOPNOTSUPP
        case 1: return .notPermitted(error)      // EPERM
        default: return nil
        }
    }
}

/// Reads the attributes of an ethtool reply: the genl header, then each attribute once (the first
/// of a repeated type counts), the header nest decoded on the way.
enum EthtoolReplyReader {
    static func read(
        _ message: borrowing NetlinkMessage, header: UInt16 = EthtoolAttribute.header,
        _ each: (borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> Void
    ) throws(NetlinkDecodingError) -> (command: UInt8, device: EthtoolDeviceHeader) {
        var device = EthtoolDeviceHeader(index: 0, name: "")
        let genl = try GenericNetlinkHeader.forEachAttribute(of: message) { attribute throws(NetlinkDecodingError) in
            if attribute.type == header {
                device = try EthtoolDeviceHeader(decoding: attribute)
            } else {
                try each(attribute)
            }
        }
        return (genl.command, device)
    }

    /// A u8 attribute read as a boolean (any non-zero is true, as the kernel documents).
    static func bool(_ attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> Bool {
        try attribute.uint8() != 0
    }
}
