// What the benchmarks measure: walking a datagram's messages, walking their attributes, and
// decoding each message into a small plain struct. Each function takes one datagram as a RawSpan
// (the ~Escapable views of NetlinkCore live only inside these functions) and folds what it reads
// into a `WalkTotals`, so the optimizer cannot drop the reads.

import NetlinkCore

/// What a walk saw: counts to check against the dump, and a checksum of the values read.
struct WalkTotals {
    /// Data messages (not NLMSG_DONE).
    var messages = 0
    /// NLMSG_DONE messages.
    var doneMessages = 0
    /// Attributes, nested ones included.
    var attributes = 0
    /// Everything read, folded together.
    var checksum: UInt64 = 0

    @inline(__always)
    mutating func fold(_ value: UInt64) {
        checksum = (checksum &+ value) &* 0x9E37_79B9_7F4A_7C15
    }
}

// MARK: Iterate messages

/// Reads the type, flags and sequence number of every message of `datagram`.
@inline(never)
func walkMessages(_ datagram: RawSpan, into totals: inout WalkTotals) throws(NetlinkDecodingError) {
    var messages = NetlinkMessages(datagram)
    while let message = try messages.next() {
        if message.type == .done {
            totals.doneMessages += 1
            continue
        }
        totals.messages += 1
        totals.fold(UInt64(message.type.rawValue) << 48 | UInt64(message.flags.rawValue) << 32 | UInt64(message.sequence))
    }
}

// MARK: Iterate messages and attributes

/// Which attributes of a table nest others. rtnetlink mostly nests without NLA_F_NESTED
/// (`nla_nest_start_noflag`), so a reader needs the schema; the flag is honoured as well.
enum NestingSchema {
    case routes, links, addresses

    /// Whether attribute `type` under `parent` (nil at the top level) holds attributes.
    @inline(__always)
    func isNested(_ type: UInt16, parent: UInt16?) -> Bool {
        switch self {
        case .routes, .addresses:
            return false
        case .links:
            switch parent {
            case nil: return type == 18 || type == 26 || type == 43  // IFLA_LINKINFO, IFLA_AF_SPEC, IFLA_XDP
            case 26: return true  // IFLA_AF_SPEC: one nest per address family
            default: return false
            }
        }
    }
}

/// Reads every message of `datagram` and every attribute in it, nested ones included: integers
/// by their size (u8, u16, u32, u64), the length of anything else.
@inline(never)
func walkMessagesAndAttributes(
    _ datagram: RawSpan, fixedHeaderLength: Int, schema: NestingSchema, into totals: inout WalkTotals
) throws(NetlinkDecodingError) {
    var messages = NetlinkMessages(datagram)
    while let message = try messages.next() {
        if message.type == .done {
            totals.doneMessages += 1
            continue
        }
        totals.messages += 1
        totals.fold(UInt64(message.type.rawValue) << 48 | UInt64(message.flags.rawValue) << 32 | UInt64(message.sequence))
        try walkAttributes(message.attributes(afterFixedHeader: fixedHeaderLength), parent: nil, schema: schema, into: &totals)
    }
}

private func walkAttributes(
    _ attributes: consuming NetlinkAttributes, parent: UInt16?, schema: NestingSchema, into totals: inout WalkTotals
) throws(NetlinkDecodingError) {
    while let attribute = try attributes.next() {
        totals.attributes += 1
        if attribute.isNested || schema.isNested(attribute.type, parent: parent) {
            try walkAttributes(attribute.nested(), parent: attribute.type, schema: schema, into: &totals)
            continue
        }
        switch attribute.payload.byteCount {
        case 1: totals.fold(UInt64(try attribute.uint8()))
        case 2: totals.fold(UInt64(try attribute.uint16(.host)))
        case 4: totals.fold(UInt64(try attribute.uint32(.host)))
        case 8: totals.fold(try attribute.uint64(.host))
        default: totals.fold(UInt64(attribute.payload.byteCount))
        }
    }
}

// MARK: Decode typed

/// An IPv4 route, as a caller of a route dump would keep it.
struct Route: Sendable, Hashable {
    var destination = IPv4Address(0)
    var destinationPrefixLength: UInt8 = 0
    var table: UInt32 = 0
    var outputInterface: UInt32 = 0
    var routeProtocol: UInt8 = 0
}

/// A link, with what `ip link` prints first.
struct Link: Sendable, Hashable {
    var index: Int32 = 0
    var name = ""
    var mtu: UInt32 = 0
    var operationalState: UInt8 = 0
    var address: MACAddress? = nil
    var kind: String? = nil
    var receivedBytes: UInt64 = 0
    var transmittedBytes: UInt64 = 0
}

/// An IPv4 address on an interface.
struct InterfaceAddress: Sendable, Hashable {
    var interfaceIndex: UInt32 = 0
    var prefixLength: UInt8 = 0
    var address = IPv4Address(0)
    var local = IPv4Address(0)
    var label = ""
    var flags: UInt32 = 0
}

func decodeRoute(_ message: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> Route {
    let header = try message.fixedHeader(as: RouteMessageHeader.self)
    var route = Route(destinationPrefixLength: header.destinationLength, table: UInt32(header.table), routeProtocol: header.routeProtocol)
    var attributes = try message.attributes(afterFixedHeader: MemoryLayout<RouteMessageHeader>.size)
    while let attribute = try attributes.next() {
        switch attribute.type {
        case 1: route.destination = try attribute.ipv4Address()  // RTA_DST
        case 4: route.outputInterface = try attribute.uint32(.host)  // RTA_OIF
        case 15: route.table = try attribute.uint32(.host)  // RTA_TABLE
        default: break
        }
    }
    return route
}

func decodeLink(_ message: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> Link {
    let header = try message.fixedHeader(as: InterfaceInfoMessageHeader.self)
    var link = Link(index: header.index)
    var attributes = try message.attributes(afterFixedHeader: MemoryLayout<InterfaceInfoMessageHeader>.size)
    while let attribute = try attributes.next() {
        switch attribute.type {
        case 3: link.name = try attribute.nulTerminatedString()  // IFLA_IFNAME
        case 4: link.mtu = try attribute.uint32(.host)  // IFLA_MTU
        case 16: link.operationalState = try attribute.uint8()  // IFLA_OPERSTATE
        case 1 where attribute.payload.byteCount == 6: link.address = try attribute.macAddress()  // IFLA_ADDRESS
        case 23:  // IFLA_STATS64: rx_bytes and tx_bytes are the third and fourth u64
            guard attribute.payload.byteCount >= 32 else { break }
            link.receivedBytes = attribute.payload.unsafeLoadUnaligned(fromByteOffset: 16, as: UInt64.self)
            link.transmittedBytes = attribute.payload.unsafeLoadUnaligned(fromByteOffset: 24, as: UInt64.self)
        case 18:  // IFLA_LINKINFO
            var info = try attribute.nested()
            while let item = try info.next() {
                if item.type == 1 { link.kind = try item.nulTerminatedString() }  // IFLA_INFO_KIND
            }
        default: break
        }
    }
    return link
}

func decodeAddress(_ message: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> InterfaceAddress {
    let header = try message.fixedHeader(as: InterfaceAddressMessageHeader.self)
    var address = InterfaceAddress(interfaceIndex: header.index, prefixLength: header.prefixLength, flags: UInt32(header.flags))
    var attributes = try message.attributes(afterFixedHeader: MemoryLayout<InterfaceAddressMessageHeader>.size)
    while let attribute = try attributes.next() {
        switch attribute.type {
        case 1: address.address = try attribute.ipv4Address()  // IFA_ADDRESS
        case 2: address.local = try attribute.ipv4Address()  // IFA_LOCAL
        case 3: address.label = try attribute.nulTerminatedString()  // IFA_LABEL
        case 8: address.flags = try attribute.uint32(.host)  // IFA_FLAGS
        default: break
        }
    }
    return address
}

/// Decodes every route of `datagram` and hands each to the caller's consumer (here: folded into the totals).
@inline(never)
func decodeRoutes(_ datagram: RawSpan, into totals: inout WalkTotals) throws(NetlinkDecodingError) {
    var messages = NetlinkMessages(datagram)
    while let message = try messages.next() {
        switch message.type.rawValue {
        case 24:  // RTM_NEWROUTE
            let route = try decodeRoute(message)
            totals.messages += 1
            totals.fold(UInt64(route.destination.value) ^ UInt64(route.outputInterface) << 32 ^ UInt64(route.table) << 40)
        case NetlinkMessageType.done.rawValue:
            totals.doneMessages += 1
        default:
            break
        }
    }
}

@inline(never)
func decodeLinks(_ datagram: RawSpan, into totals: inout WalkTotals) throws(NetlinkDecodingError) {
    var messages = NetlinkMessages(datagram)
    while let message = try messages.next() {
        switch message.type.rawValue {
        case 16:  // RTM_NEWLINK
            let link = try decodeLink(message)
            totals.messages += 1
            totals.fold(UInt64(link.name.utf8.count) ^ UInt64(link.mtu) << 8 ^ UInt64(UInt32(bitPattern: link.index)) << 32)
            totals.fold((link.address?.value ?? 0) ^ link.receivedBytes ^ UInt64(link.kind?.utf8.count ?? 0))
        case NetlinkMessageType.done.rawValue:
            totals.doneMessages += 1
        default:
            break
        }
    }
}

@inline(never)
func decodeAddresses(_ datagram: RawSpan, into totals: inout WalkTotals) throws(NetlinkDecodingError) {
    var messages = NetlinkMessages(datagram)
    while let message = try messages.next() {
        switch message.type.rawValue {
        case 20:  // RTM_NEWADDR
            let address = try decodeAddress(message)
            totals.messages += 1
            totals.fold(UInt64(address.address.value) ^ UInt64(address.label.utf8.count) << 32 ^ UInt64(address.prefixLength) << 40)
        case NetlinkMessageType.done.rawValue:
            totals.doneMessages += 1
        default:
            break
        }
    }
}
