import NetlinkCore

/// A connector callback's address, `struct cb_id { __u32 idx; __u32 val; }` (`<linux/connector.h>`):
/// the kernel service a `NETLINK_CONNECTOR` message is for. The index is also the multicast group
/// the service sends on.
public struct ConnectorID: Hashable, Sendable, CustomStringConvertible {
    public var index: UInt32
    public var value: UInt32

    public init(index: UInt32, value: UInt32) {
        self.index = index
        self.value = value
    }

    /// `CN_IDX_PROC`/`CN_VAL_PROC`: process events (`<linux/cn_proc.h>`).
    public static let processEvents = ConnectorID(index: 1, value: 1)
    /// `CN_IDX_CIFS`/`CN_VAL_CIFS`.
    public static let cifs = ConnectorID(index: 2, value: 1)
    /// `CN_W1_IDX`/`CN_W1_VAL`: 1-Wire.
    public static let oneWire = ConnectorID(index: 3, value: 1)
    /// `CN_IDX_V86D`/`CN_VAL_V86D_UVESAFB`.
    public static let uvesafb = ConnectorID(index: 4, value: 1)
    /// `CN_DST_IDX`/`CN_DST_VAL`.
    public static let distributedStorage = ConnectorID(index: 6, value: 1)
    /// `CN_IDX_DM`/`CN_VAL_DM_USERSPACE_LOG`: device-mapper's userspace log.
    public static let deviceMapperLog = ConnectorID(index: 7, value: 1)
    /// `CN_IDX_DRBD`/`CN_VAL_DRBD`.
    public static let drbd = ConnectorID(index: 8, value: 1)
    /// `CN_KVP_IDX`/`CN_KVP_VAL`: Hyper-V key-value pairs.
    public static let hyperVKeyValue = ConnectorID(index: 9, value: 1)
    /// `CN_VSS_IDX`/`CN_VSS_VAL`: Hyper-V volume shadow copy.
    public static let hyperVShadowCopy = ConnectorID(index: 10, value: 1)
    /// `CN_NETLINK_USERS`: the highest index plus one; indexes from here are free for users.
    public static let firstUserIndex: UInt32 = 11

    public var description: String { "\(index):\(value)" }
}

/// `struct cn_msg` (`<linux/connector.h>`), the payload of every `NETLINK_CONNECTOR` message: the
/// callback it is for, a sequence and acknowledgement number of the service's own (not the netlink
/// header's), flags, and `len` bytes of data. The kernel sends it with the netlink type
/// `NLMSG_DONE`.
public struct ConnectorMessage: Hashable, Sendable {
    public var id: ConnectorID
    public var sequence: UInt32
    public var acknowledgement: UInt32
    public var flags: UInt16
    public var data: [UInt8]

    /// The size of the fixed part, `sizeof(struct cn_msg)`.
    public static let headerSize = 20
    /// `CONNECTOR_MAX_MSG_SIZE`: the kernel refuses longer data.
    public static let maximumDataSize = 16_384

    public init(id: ConnectorID, sequence: UInt32 = 0, acknowledgement: UInt32 = 0, flags: UInt16 = 0, data: [UInt8] = []) {
        self.id = id
        self.sequence = sequence
        self.acknowledgement = acknowledgement
        self.flags = flags
        self.data = data
    }

    /// Decodes the payload of a connector message. `len` must fit in what the message carries.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        let base = message.offset + NetlinkMessageHeader.size
        guard payload.byteCount >= Self.headerSize else {
            throw NetlinkDecodingError(.truncatedStructure, offset: base, expected: Self.headerSize, actual: payload.byteCount, context: "struct cn_msg")
        }
        let length = Int(payload.unsafeLoadUnaligned(fromByteOffset: 16, as: UInt16.self))
        guard length <= payload.byteCount - Self.headerSize else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: base + Self.headerSize, expected: length, actual: payload.byteCount - Self.headerSize,
                context: "struct cn_msg data (len)")
        }
        id = ConnectorID(
            index: payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self),
            value: payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self))
        sequence = payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self)
        acknowledgement = payload.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self)
        flags = payload.unsafeLoadUnaligned(fromByteOffset: 18, as: UInt16.self)
        data = payload.extracting(Self.headerSize..<(Self.headerSize + length)).withUnsafeBytes { Array($0) }
    }

    /// Writes the message's payload (the `cn_msg` and its data) into a message being built.
    /// - Throws: `NetlinkEncodingError` when the data is longer than ``maximumDataSize``.
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        guard data.count <= Self.maximumDataSize else {
            throw NetlinkEncodingError(.valueOutOfRange, size: data.count, limit: Self.maximumDataSize)
        }
        builder.append(id.index)
        builder.append(id.value)
        builder.append(sequence)
        builder.append(acknowledgement)
        builder.append(UInt16(data.count))
        builder.append(flags)
        builder.append(bytes: data)
    }
}
