import NetlinkCore

/// One path of a multipath route: an entry of `RTA_MULTIPATH`, `struct rtnexthop` and the
/// attributes that follow it.
///
/// `RTA_MULTIPATH` is an array, not a nest: each entry is an 8-byte header (host byte order)
/// followed by its own attributes, `rtnh_len` covering both; the next entry starts at
/// `RTNH_ALIGN(rtnh_len)`.
///
/// ```text
/// +----------------+------------+-----------+
/// | rtnh_len (u16) | rtnh_flags | rtnh_hops |   hops: weight − 1
/// +----------------+------------+-----------+
/// |         rtnh_ifindex (s32)              |
/// +-----------------------------------------+
/// | RTA_GATEWAY / RTA_VIA / RTA_FLOW ...    |   up to rtnh_len
/// +-----------------------------------------+
/// ```
///
/// ```c
/// #define RTNH_OK(rtnh,len) ((rtnh)->rtnh_len >= sizeof(struct rtnexthop) && \
///                            ((int)(rtnh)->rtnh_len) <= (len))
/// #define RTNH_NEXT(rtnh)   ((struct rtnexthop*)(((char*)(rtnh)) + RTNH_ALIGN((rtnh)->rtnh_len)))
/// ```
/// Where `RTNH_OK` stops silently, ``decodeMultipath(_:)`` throws: an `rtnh_len` of 0 (which would
/// loop forever with `RTNH_NEXT`) or below 8, or past the end of the attribute.
public struct RouteNexthop: Hashable, Sendable {
    /// The size of `struct rtnexthop`: 8.
    public static let headerSize = 8

    /// The gateway (`RTA_GATEWAY` inside the entry), of the route's family.
    public var gateway: IPAddress?
    /// A gateway of another family (`RTA_VIA` inside the entry).
    public var via: RouteVia?
    /// `rtnh_ifindex`: the output interface (0: resolved by the kernel from the gateway).
    public var outputIndex: Int32
    /// The weight, `rtnh_hops + 1`: 1 to 256. Traffic is shared in proportion to the weights.
    public var weight: Int
    /// `rtnh_flags`.
    public var flags: RouteNexthopFlags
    /// The realms (`RTA_FLOW` inside the entry), IPv4 only.
    public var flow: UInt32?
    /// The lightweight tunnel type (`RTA_ENCAP_TYPE` inside the entry).
    public var encapsulationType: UInt16?
    /// The lightweight tunnel's parameters (`RTA_ENCAP` inside the entry): its nested attributes.
    public var encapsulation: [UInt8]?

    /// Creates a nexthop.
    public init(
        gateway: IPAddress? = nil, via: RouteVia? = nil, outputIndex: Int32 = 0, weight: Int = 1,
        flags: RouteNexthopFlags = []
    ) {
        self.gateway = gateway
        self.via = via
        self.outputIndex = outputIndex
        self.weight = weight
        self.flags = flags
    }

    /// Decodes the entries of an `RTA_MULTIPATH` attribute, in order. Unknown attributes inside an
    /// entry are skipped.
    ///
    /// - Throws: `NetlinkDecodingError`: `NetlinkDecodingError/Code/truncatedStructure` when
    ///   fewer than 8 bytes are left for an entry header;
    ///   `NetlinkDecodingError/Code/attributeLengthTooSmall` when `rtnh_len` is below 8 (0
    ///   included); `NetlinkDecodingError/Code/attributeLengthExceedsData` when it runs past the
    ///   end; or the error of an attribute inside the entry. Offsets count from the start of the
    ///   message, as the attribute's do.
    public static func decodeMultipath(_ attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> [RouteNexthop] {
        let bytes = attribute.payload
        let base = attribute.offset + NetlinkAttribute.headerSize
        let total = bytes.byteCount
        var nexthops: [RouteNexthop] = []
        var position = 0
        while position < total {
            let remaining = total - position
            guard remaining >= headerSize else {
                throw NetlinkDecodingError(
                    .truncatedStructure, offset: base + position, attributeType: attribute.type,
                    expected: headerSize, actual: remaining, context: "struct rtnexthop")
            }
            // rtnh_len: u16, host byte order.
            let length = Int(bytes.unsafeLoadUnaligned(fromByteOffset: position, as: UInt16.self))
            guard length >= headerSize else {
                throw NetlinkDecodingError(
                    .attributeLengthTooSmall, offset: base + position, attributeType: attribute.type,
                    expected: headerSize, actual: length, context: "rtnh_len of struct rtnexthop")
            }
            guard length <= remaining else {
                throw NetlinkDecodingError(
                    .attributeLengthExceedsData, offset: base + position, attributeType: attribute.type,
                    expected: length, actual: remaining, context: "rtnh_len of struct rtnexthop")
            }
            let flags = bytes.unsafeLoad(fromByteOffset: position + 2, as: UInt8.self)
            let hops = bytes.unsafeLoad(fromByteOffset: position + 3, as: UInt8.self)
            // rtnh_ifindex: s32, host byte order.
            let index = bytes.unsafeLoadUnaligned(fromByteOffset: position + 4, as: Int32.self)
            var nexthop = RouteNexthop(
                outputIndex: index, weight: Int(hops) + 1, flags: RouteNexthopFlags(rawValue: flags))
            var attributes = NetlinkAttributes(
                bytes.extracting((position + headerSize)..<(position + length)),
                baseOffset: base + position + headerSize, depth: attribute.depth + 1)
            while let item = try attributes.next() {
                switch item.type {
                case RouteAttribute.gateway: nexthop.gateway = try item.ipAddress()
                case RouteAttribute.via: nexthop.via = try RouteVia(decoding: item)
                case RouteAttribute.flow: nexthop.flow = try item.uint32(.host)
                case RouteAttribute.encapsulationType: nexthop.encapsulationType = try item.uint16(.host)
                case RouteAttribute.encapsulation: nexthop.encapsulation = item.bytes()
                default: continue
                }
            }
            nexthops.append(nexthop)
            position += NetlinkAlignment.align(length)
        }
        return nexthops
    }

    /// Appends an `RTA_MULTIPATH` attribute holding `nexthops` (without `NLA_F_NESTED`: it is an
    /// array of structures, as `ip` sends it). Each entry carries `rtnh_flags` limited to
    /// ``RouteNexthopFlags/settable``, its gateway (`RTA_GATEWAY`) or via (`RTA_VIA`) and its flow.
    ///
    /// - Throws: `NetlinkEncodingError` when a weight is outside 1...256 (code `valueOutOfRange`) or
    ///   the attribute would exceed 65,535 bytes; the builder is then as before the call.
    public static func encodeMultipath(_ nexthops: [RouteNexthop], into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        do {
            try builder.appendNested(RouteAttribute.multipath, setNestedFlag: false) { b in
                for nexthop in nexthops { try nexthop.encodeEntry(into: &b) }
            }
        } catch let error as NetlinkEncodingError {
            throw error
        } catch {
            throw NetlinkEncodingError(NetlinkEncodingError.Code(rawValue: "valueOutOfRange"), attributeType: RouteAttribute.multipath)
        }
    }

    private func encodeEntry(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        guard (1...256).contains(weight) else {
            throw NetlinkEncodingError(NetlinkEncodingError.Code(rawValue: "valueOutOfRange"), attributeType: RouteAttribute.multipath, size: weight, limit: 256)
        }
        var inner = NetlinkMessageBuilder(capacity: 64)
        if let encapsulationType, let encapsulation {
            try inner.appendNested(RouteAttribute.encapsulation, encoded: encapsulation)
            try inner.appendAttribute(RouteAttribute.encapsulationType, uint16: encapsulationType, .host)
        }
        if let gateway { try inner.appendAttribute(RouteAttribute.gateway, ip: gateway) }
        if let via { try via.encode(into: &inner) }
        if let flow { try inner.appendAttribute(RouteAttribute.flow, uint32: flow, .host) }
        inner.padToAlignment()
        let length = Self.headerSize + inner.count
        guard length <= Int(UInt16.max) else {
            throw NetlinkEncodingError(.nestTooLarge, attributeType: RouteAttribute.multipath, size: length, limit: Int(UInt16.max))
        }
        builder.padToAlignment()
        builder.append(UInt16(length))                              // rtnh_len, host byte order
        builder.append(flags.intersection(.settable).rawValue)      // rtnh_flags
        builder.append(UInt8(weight - 1))                           // rtnh_hops
        builder.append(outputIndex)                                 // rtnh_ifindex, host byte order
        builder.append(bytes: inner.bytes)
    }
}

/// The flags of one nexthop of a multipath route, `rtnh_flags` (`RTNH_F_*` of `<linux/rtnetlink.h>`), a `u8`.
///
/// All of these are in the 6.1 headers.
public struct RouteNexthopFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt8
    /// Creates flags from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `RTNH_F_DEAD` (1): the nexthop is dead.
    public static let dead = RouteNexthopFlags(rawValue: 1)
    /// `RTNH_F_PERVASIVE` (2): recursive gateway lookup.
    public static let pervasive = RouteNexthopFlags(rawValue: 2)
    /// `RTNH_F_ONLINK` (4): the gateway is on the link.
    public static let onlink = RouteNexthopFlags(rawValue: 4)
    /// `RTNH_F_OFFLOAD` (8): offloaded to hardware.
    public static let offload = RouteNexthopFlags(rawValue: 8)
    /// `RTNH_F_LINKDOWN` (16): the device has no carrier.
    public static let linkDown = RouteNexthopFlags(rawValue: 16)
    /// `RTNH_F_UNRESOLVED` (32): unresolved (multicast routing).
    public static let unresolved = RouteNexthopFlags(rawValue: 32)
    /// `RTNH_F_TRAP` (64): traps packets to the CPU.
    public static let trap = RouteNexthopFlags(rawValue: 64)

    /// The flags a request may set (`onlink`, `pervasive`); the others are the kernel's to report.
    public static let settable: RouteNexthopFlags = [.onlink, .pervasive]
}
