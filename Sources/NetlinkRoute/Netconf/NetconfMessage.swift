import NetlinkCore

/// The fixed header of netconf messages, `struct netconfmsg`: one byte, the family, padded to four.
///
/// ```text
/// +--------+--------+--------+--------+
/// | family | pad    | pad    | pad    |   ncm_family; attributes start at NLMSG_ALIGN(1) = 4
/// +--------+--------+--------+--------+
/// ```
///
/// `sizeof(struct netconfmsg)` is 1; the kernel starts the attributes at `NLMSG_ALIGN(1)` = 4, in
/// its replies as in the requests it parses. Decoding needs only the one byte.
public struct NetconfMessage: Hashable, Sendable {
    /// The size on the wire, padding included: 4.
    public static let size = 4
    /// The size of the C structure: 1.
    public static let structureSize = 1

    /// `ncm_family`: `AF_INET` (2), `AF_INET6` (10), `AF_MPLS` (28), or `AF_UNSPEC` (0) in a dump of all.
    public var family: AddressFamily

    /// Creates a header.
    public init(family: AddressFamily = 0) {
        self.family = family
    }

    /// Reads the header at the start of a netconf message's payload.
    /// - Throws: `NetlinkDecodingError/Code/truncatedStructure` when the payload is empty.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.structureSize else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + 16, expected: Self.structureSize, actual: payload.byteCount,
                context: "struct netconfmsg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
    }

    /// Writes the 4 bytes: the family and 3 bytes of padding.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.appendZeros(3)
    }
}
