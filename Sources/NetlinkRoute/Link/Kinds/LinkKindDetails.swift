import NetlinkCore

/// The data of a link's kind (`IFLA_LINKINFO` > `IFLA_INFO_DATA`), decoded for the kinds this module
/// knows; any other kind keeps its bytes.
public enum LinkKindDetails: Hashable, Sendable {
    /// A bridge (`IFLA_BR_*`).
    case bridge(BridgeDetails)
    /// A macvlan or macvtap (`IFLA_MACVLAN_*`).
    case macvlan(MACVLANDetails)
    /// A VXLAN (`IFLA_VXLAN_*`).
    case vxlan(VXLANDetails)
    /// A tun or tap (`IFLA_TUN_*`).
    case tun(TunDetails)
    /// A kind without a decoder here (veth, ifb, vlan ...): its raw `IFLA_INFO_DATA` payload.
    case other(kind: LinkKind, data: [UInt8])
}

/// The port data of a link in a master (`IFLA_LINKINFO` > `IFLA_INFO_SLAVE_DATA`).
public enum LinkPortDetails: Hashable, Sendable {
    /// A bridge port (`IFLA_BRPORT_*`).
    case bridge(BridgePortDetails)
    /// A port of another kind of master: the raw `IFLA_INFO_SLAVE_DATA` payload.
    case other(kind: LinkKind, data: [UInt8])
}

extension Link {
    /// Decodes ``kindData`` for ``kind``: `nil` when the link has no kind data.
    ///
    /// Kinds without a decoder give ``LinkKindDetails/other(kind:data:)`` with the bytes unchanged.
    /// - Throws: `NetlinkDecodingError` when the data of a known kind is malformed (a truncated
    ///   attribute, a value of the wrong size); the error's context names the attribute.
    public func kindDetails() throws(NetlinkDecodingError) -> LinkKindDetails? {
        guard let data = kindData else { return nil }
        return try LinkKindDetails(kind: kind ?? LinkKind(rawValue: ""), data: data)
    }

    /// Decodes ``portData`` for ``portKind``: `nil` when the link has no port data.
    /// - Throws: `NetlinkDecodingError` when the data of a known port kind is malformed.
    public func portDetails() throws(NetlinkDecodingError) -> LinkPortDetails? {
        guard let data = portData else { return nil }
        return try LinkPortDetails(kind: portKind ?? LinkKind(rawValue: ""), data: data)
    }
}

extension LinkKindDetails {
    /// Decodes the `IFLA_INFO_DATA` payload `data` of a link of kind `kind`.
    public init(kind: LinkKind, data: [UInt8]) throws(NetlinkDecodingError) {
        switch kind {
        case "bridge": self = .bridge(try BridgeDetails(data))
        case "macvlan", "macvtap": self = .macvlan(try MACVLANDetails(data))
        case "vxlan": self = .vxlan(try VXLANDetails(data))
        case "tun": self = .tun(try TunDetails(data))
        default: self = .other(kind: kind, data: data)
        }
    }
}

extension LinkPortDetails {
    /// Decodes the `IFLA_INFO_SLAVE_DATA` payload `data` of a port of a master of kind `kind`.
    public init(kind: LinkKind, data: [UInt8]) throws(NetlinkDecodingError) {
        switch kind {
        case "bridge": self = .bridge(try BridgePortDetails(data))
        default: self = .other(kind: kind, data: data)
        }
    }
}

/// Runs `body` on each attribute of `data`, adding `what` and the attribute type to any error.
@inline(__always)
func forEachAttribute(
    in data: [UInt8], _ what: String, _ body: (borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> Void
) throws(NetlinkDecodingError) {
    var attributes = NetlinkAttributes(data.span.bytes)
    while true {
        do throws(NetlinkDecodingError) {
            guard let attribute = try attributes.next() else { return }
            let type = attribute.type
            do throws(NetlinkDecodingError) {
                try body(attribute)
            } catch {
                var error = error
                error.attributeType = error.attributeType ?? type
                error.context = "\(what) attribute \(type)" + (error.context.map { " (\($0))" } ?? "")
                throw error
            }
        } catch {
            var error = error
            if error.context == nil { error.context = what }
            throw error
        }
    }
}

extension NetlinkAttribute {
    /// A `u8` used as a boolean: any non-zero value is true.
    func bool8() throws(NetlinkDecodingError) -> Bool { try uint8() != 0 }

    /// A hardware address of any length (6 bytes for Ethernet).
    func hardwareAddress() -> [UInt8] { bytes() }
}
