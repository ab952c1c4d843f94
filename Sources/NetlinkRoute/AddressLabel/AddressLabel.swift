import NetlinkCore

/// The fixed header of address-label messages, `struct ifaddrlblmsg` (12 bytes, host byte order).
///
/// ```text
/// +--------+--------+--------+--------+
/// | family | resvd  | preflen| flags  |   ifal_family, __ifal_reserved, ifal_prefixlen, ifal_flags
/// +--------+--------+--------+--------+
/// |           index (u32)             |   ifal_index: 0 for a label of every interface
/// +-----------------------------------+
/// |          sequence (u32)           |   ifal_seq: the table's generation, in the kernel's replies
/// +-----------------------------------+
/// ```
public struct AddressLabelMessage: Hashable, Sendable {
    /// The size on the wire: 12.
    public static let size = 12

    /// `ifal_family`: `AF_INET6` (10), the only family with address labels.
    public var family: AddressFamily
    /// `ifal_prefixlen`: the prefix's length in bits.
    public var prefixLength: UInt8
    /// `ifal_flags`: unused by the kernel (0).
    public var flags: UInt8
    /// `ifal_index`: the interface the label applies to, or 0 for every interface.
    public var index: UInt32
    /// `ifal_seq`: the label table's sequence number when the kernel answered (replies only).
    public var sequence: UInt32

    /// Creates a header.
    public init(family: AddressFamily = 10, prefixLength: UInt8 = 0, flags: UInt8 = 0, index: UInt32 = 0, sequence: UInt32 = 0) {
        self.family = family
        self.prefixLength = prefixLength
        self.flags = flags
        self.index = index
        self.sequence = sequence
    }

    /// Reads the header at the start of an address-label message's payload.
    /// - Throws: `NetlinkDecodingError/Code/truncatedStructure` when the payload is shorter than 12 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + 16, expected: Self.size, actual: payload.byteCount,
                context: "struct ifaddrlblmsg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        prefixLength = payload.unsafeLoad(fromByteOffset: 2, as: UInt8.self)
        flags = payload.unsafeLoad(fromByteOffset: 3, as: UInt8.self)
        index = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)  // host order
        sequence = payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self)  // host order
    }

    /// Writes the 12 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.append(UInt8(0))
        builder.append(prefixLength)
        builder.append(flags)
        builder.append(index)
        builder.append(sequence)
    }
}

/// Address-label attribute types (`IFAL_*` of `<linux/if_addrlabel.h>`).
public enum AddressLabelAttribute {
    /// `IFAL_ADDRESS` (1): the prefix's address, 16 bytes (`struct in6_addr`).
    public static let address: UInt16 = 1
    /// `IFAL_LABEL` (2): u32, the label; `0xFFFFFFFF` is reserved (`IPV6_ADDR_LABEL_DEFAULT`).
    public static let label: UInt16 = 2
}

/// One entry of the IPv6 address-label table (RFC 6724's policy table, `ip addrlabel`): addresses
/// in `address/prefixLength` (on interface `index`, or any when 0) get `label`, which source
/// address selection prefers to match between source and destination.
///
/// The kernel has no notifications for this table; ``sequence`` changes whenever it changes.
public struct AddressLabel: Hashable, Sendable {
    /// The family: `AF_INET6` (10).
    public var family: AddressFamily
    /// The prefix's address (`IFAL_ADDRESS`); `nil` when the message had none.
    public var address: IPAddress?
    /// The prefix's length in bits.
    public var prefixLength: UInt8
    /// The interface the entry applies to; 0 for every interface.
    public var index: UInt32
    /// The label (`IFAL_LABEL`); `nil` when the message had none, or one of another size.
    public var label: UInt32?
    /// The table's sequence number when the kernel answered (`ifal_seq`).
    public var sequence: UInt32

    /// Creates an entry: the label `label` for `address/prefixLength` on interface `index` (0: every one).
    public init(address: IPv6Address, prefixLength: UInt8, label: UInt32, index: UInt32 = 0) {
        family = 10
        self.address = .v6(address)
        self.prefixLength = prefixLength
        self.index = index
        self.label = label
        sequence = 0
    }

    /// Decodes an `RTM_NEWADDRLABEL` message. Unknown attributes are skipped, as is an `IFAL_LABEL`
    /// of a size other than 4 (iproute2 ignores it too).
    /// - Throws: `NetlinkDecodingError` for a short header, a malformed attribute, or an
    ///   `IFAL_ADDRESS` of neither 4 nor 16 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try AddressLabelMessage(decoding: message)
        family = header.family
        prefixLength = header.prefixLength
        index = header.index
        sequence = header.sequence
        var attributes = try message.attributes(afterFixedHeader: AddressLabelMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case AddressLabelAttribute.address: address = try attribute.ipAddress()
            case AddressLabelAttribute.label: if attribute.payload.byteCount == 4 { label = try attribute.uint32(.host) }
            default: continue
            }
        }
    }

    /// Writes this entry as the payload of an `RTM_NEWADDRLABEL` or `RTM_DELADDRLABEL` request, in
    /// iproute2's order: the header, `IFAL_LABEL` (when set), `IFAL_ADDRESS` (when set).
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        AddressLabelMessage(family: family, prefixLength: prefixLength, index: index).encode(into: &builder)
        if let label { try builder.appendAttribute(AddressLabelAttribute.label, uint32: label, .host) }
        if let address { try builder.appendAttribute(AddressLabelAttribute.address, ip: address) }
    }
}

/// Names of the address-label attributes, for error paths and debug dumps.
public struct AddressLabelAttributeNames: NetlinkAttributeNaming {
    /// Creates the table.
    public init() {}

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        guard parents.isEmpty else { return nil }
        return [1: "IFAL_ADDRESS", 2: "IFAL_LABEL"][type]
    }
}
