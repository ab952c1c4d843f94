import NetlinkCore

/// The `IOAM6` generic netlink family (`<linux/ioam6_genl.h>`): In-situ OAM for IPv6 — the
/// namespaces a node belongs to (with their data) and the opaque schemas attached to them. `ip
/// ioam`. Changes need `CAP_NET_ADMIN`.
public enum IOAM6 {
    /// `IOAM6_GENL_NAME`.
    public static let familyName = "IOAM6"
    /// `IOAM6_GENL_VERSION` (1).
    public static let version: UInt8 = 1
    /// `IOAM6_CMD_ADD_NAMESPACE` (1).
    public static let addNamespace: UInt8 = 1
    /// `IOAM6_CMD_DEL_NAMESPACE` (2).
    public static let deleteNamespace: UInt8 = 2
    /// `IOAM6_CMD_DUMP_NAMESPACES` (3).
    public static let dumpNamespaces: UInt8 = 3
    /// `IOAM6_CMD_ADD_SCHEMA` (4).
    public static let addSchema: UInt8 = 4
    /// `IOAM6_CMD_DEL_SCHEMA` (5).
    public static let deleteSchema: UInt8 = 5
    /// `IOAM6_CMD_DUMP_SCHEMAS` (6).
    public static let dumpSchemas: UInt8 = 6
    /// `IOAM6_CMD_NS_SET_SCHEMA` (7).
    public static let setNamespaceSchema: UInt8 = 7
    /// `IOAM6_MAX_SCHEMA_DATA_LEN`: 1,020 bytes.
    public static let maximumSchemaData = 255 * 4
}

/// The attributes of the `IOAM6` family (`IOAM6_ATTR_*`).
public enum IOAM6Attribute {
    /// `IOAM6_ATTR_NS_ID` (1): u16.
    public static let namespaceID: UInt16 = 1
    /// `IOAM6_ATTR_NS_DATA` (2): u32.
    public static let namespaceData: UInt16 = 2
    /// `IOAM6_ATTR_NS_DATA_WIDE` (3): u64.
    public static let namespaceWideData: UInt16 = 3
    /// `IOAM6_ATTR_SC_ID` (4): u32.
    public static let schemaID: UInt16 = 4
    /// `IOAM6_ATTR_SC_DATA` (5): binary, up to ``IOAM6/maximumSchemaData`` bytes.
    public static let schemaData: UInt16 = 5
    /// `IOAM6_ATTR_SC_NONE` (6): flag, detach the schema.
    public static let schemaNone: UInt16 = 6
}
