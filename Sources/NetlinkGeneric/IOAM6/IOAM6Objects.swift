import NetlinkCore

/// An IOAM namespace of this node (`IOAM6_CMD_DUMP_NAMESPACES`): `ip ioam namespace show`.
///
/// Decode → encode → decode gives the same value.
public struct IOAM6Namespace: Hashable, Sendable {
    /// `IOAM6_ATTR_NS_ID`.
    public var id: UInt16
    /// `IOAM6_ATTR_NS_DATA`.
    public var data: UInt32?
    /// `IOAM6_ATTR_NS_DATA_WIDE`.
    public var wideData: UInt64?
    /// `IOAM6_ATTR_SC_ID`: the schema attached, if any.
    public var schemaID: UInt32?

    /// Creates a namespace value.
    public init(id: UInt16, data: UInt32? = nil, wideData: UInt64? = nil, schemaID: UInt32? = nil) {
        self.id = id
        self.data = data
        self.wideData = wideData
        self.schemaID = schemaID
    }

    /// Decodes a dump reply; the first of a repeated attribute counts.
    /// - Throws: `NetlinkDecodingError`, also for a reply without `IOAM6_ATTR_NS_ID`.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var value = IOAM6Namespace(id: 0)
        var id: UInt16?
        _ = try GenericNetlinkHeader.forEachAttribute(of: message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case IOAM6Attribute.namespaceID: id = try a.uint16(.host)
            case IOAM6Attribute.namespaceData: value.data = try a.uint32(.host)
            case IOAM6Attribute.namespaceWideData: value.wideData = try a.uint64(.host)
            case IOAM6Attribute.schemaID: value.schemaID = try a.uint32(.host)
            default: return
            }
        }
        guard let id else { throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "an IOAM6 namespace without IOAM6_ATTR_NS_ID") }
        value.id = id
        self = value
    }

    /// Writes the attributes of `IOAM6_CMD_ADD_NAMESPACE` (the schema, set apart, is not sent).
    public func encode(into b: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        try b.appendAttribute(IOAM6Attribute.namespaceID, uint16: id, .host)
        if let data { try b.appendAttribute(IOAM6Attribute.namespaceData, uint32: data, .host) }
        if let wideData { try b.appendAttribute(IOAM6Attribute.namespaceWideData, uint64: wideData, .host) }
        if let schemaID { try b.appendAttribute(IOAM6Attribute.schemaID, uint32: schemaID, .host) }
    }
}

/// An IOAM schema (`IOAM6_CMD_DUMP_SCHEMAS`): `ip ioam schema show`.
///
/// Decode → encode → decode gives the same value.
public struct IOAM6Schema: Hashable, Sendable {
    /// `IOAM6_ATTR_SC_ID`.
    public var id: UInt32
    /// `IOAM6_ATTR_SC_DATA` (the kernel pads it to four bytes).
    public var data: [UInt8]
    /// `IOAM6_ATTR_NS_ID`: the namespace it is attached to, if any.
    public var namespaceID: UInt16?

    /// Creates a schema value.
    public init(id: UInt32, data: [UInt8], namespaceID: UInt16? = nil) {
        self.id = id
        self.data = data
        self.namespaceID = namespaceID
    }

    /// Decodes a dump reply; the first of a repeated attribute counts.
    /// - Throws: `NetlinkDecodingError`, also for a reply without its ID or data.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        var id: UInt32?
        var data: [UInt8]?
        var namespaceID: UInt16?
        _ = try GenericNetlinkHeader.forEachAttribute(of: message) { a throws(NetlinkDecodingError) in
            switch a.type {
            case IOAM6Attribute.schemaID: id = try a.uint32(.host)
            case IOAM6Attribute.schemaData: data = a.bytes()
            case IOAM6Attribute.namespaceID: namespaceID = try a.uint16(.host)
            default: return
            }
        }
        guard let id, let data else {
            throw NetlinkDecodingError(.invalidValue, offset: message.offset, context: "an IOAM6 schema without IOAM6_ATTR_SC_ID or IOAM6_ATTR_SC_DATA")
        }
        self.init(id: id, data: data, namespaceID: namespaceID)
    }

    /// Writes the attributes of `IOAM6_CMD_ADD_SCHEMA` (and the namespace, if any).
    public func encode(into b: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        try b.appendAttribute(IOAM6Attribute.schemaID, uint32: id, .host)
        try b.appendAttribute(IOAM6Attribute.schemaData, bytes: data)
        if let namespaceID { try b.appendAttribute(IOAM6Attribute.namespaceID, uint16: namespaceID, .host) }
    }
}
