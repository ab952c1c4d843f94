import NetlinkCore

/// The fixed header of every generic netlink message, `struct genlmsghdr` of
/// `<linux/genetlink.h>`: the command and the family's interface version, padded to four bytes.
///
/// ```text
/// +--------+---------+-----------------+
/// | cmd    | version | reserved (u16)  |   attributes follow at GENL_HDRLEN = 4 (then the
/// +--------+---------+-----------------+   family's own header, CTRL_ATTR_HDRSIZE bytes, if any)
/// ```
///
/// The message type (`nlmsg_type`) of a generic message is the family's ID, which the kernel
/// assigns at registration: resolve it by name (``GenericFamily``), never hard-code it — except
/// the controller's own, ``GenericNetlink/controllerID``.
public struct GenericNetlinkHeader: Hashable, Sendable {
    /// `GENL_HDRLEN`: 4.
    public static let size = 4

    /// `cmd`: the family's command.
    public var command: UInt8
    /// `version`: the family's interface version the message is written for.
    public var version: UInt8
    /// `reserved`: zero when sent; kept when decoded.
    public var reserved: UInt16

    /// Creates a header.
    public init(command: UInt8, version: UInt8 = 1, reserved: UInt16 = 0) {
        self.command = command
        self.version = version
        self.reserved = reserved
    }

    /// Reads the header at the start of a message's payload.
    /// - Throws: `NetlinkDecodingError` when the payload is shorter than 4 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: Self.size, actual: payload.byteCount,
                context: "struct genlmsghdr")
        }
        command = payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self)
        version = payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self)
        reserved = payload.unsafeLoadUnaligned(fromByteOffset: 2, as: UInt16.self)
    }

    /// Writes the 4 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(command)
        builder.append(version)
        builder.append(reserved)
    }
}

extension GenericNetlinkHeader {
    /// Reads a message's genl header, then calls `each` with each attribute after it once: the
    /// first of a repeated type counts, as the typed families decode.
    /// - Returns: The genl header.
    static func forEachAttribute(
        of message: borrowing NetlinkMessage, _ each: (borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> Void
    ) throws(NetlinkDecodingError) -> GenericNetlinkHeader {
        let header = try GenericNetlinkHeader(decoding: message)
        var seenLow: UInt64 = 0
        var seenHigh = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: size)
        while let attribute = try attributes.next() {
            if attribute.type < 64 {
                let bit: UInt64 = 1 << UInt64(attribute.type)
                guard seenLow & bit == 0 else { continue }
                seenLow |= bit
            } else {
                guard seenHigh.insert(attribute.type).inserted else { continue }
            }
            try each(attribute)
        }
        return header
    }
}

/// Constants of generic netlink shared by every family (`<linux/genetlink.h>`).
public enum GenericNetlink {
    /// `GENL_ID_CTRL` (0x10): the controller's family ID, the only fixed one.
    public static let controllerID = NetlinkMessageType(0x10)
    /// `GENL_NAMSIZ` (16): a family's name, with its NUL, fits in this many bytes.
    public static let familyNameSize = 16
    /// The controller's multicast group `notify` (`GENL_ID_CTRL`, 0x10): families and groups that
    /// come and go.
    public static let controllerNotifyGroup: UInt32 = 0x10
}
