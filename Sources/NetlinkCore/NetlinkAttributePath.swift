/// Where an extended-ack offset points in the request we sent: the message header, the family
/// header, or an attribute — with the chain of nests that leads to it.
///
/// The kernel's `NLMSGERR_ATTR_OFFS` counts bytes from the start of the request's `nlmsghdr`. With
/// `NETLINK_CAP_ACK` the kernel echoes no payload, so the request's own bytes are needed to make
/// sense of it: keep them until the reply.
///
/// ```swift
/// let path = NetlinkAttributePath.resolve(offset: 36, inRequest: request, fixedHeaderSize: 16)
/// path?.description(naming: RouteAttributeNames())   // "IFLA_IFNAME"
/// ```
public struct NetlinkAttributePath: Hashable, Sendable {
    /// The part of the request the offset falls in.
    public enum Region: Hashable, Sendable {
        /// The 16-byte `nlmsghdr`, at this byte of it.
        case messageHeader(byte: Int)
        /// The fixed family header (`ifinfomsg`, `rtmsg`, ...), at this byte of it.
        case familyHeader(byte: Int)
        /// An attribute, named by ``NetlinkAttributePath/components``.
        case attribute
    }

    /// One attribute on the path: its type (flags masked off) and its offset in the request.
    public struct Component: Hashable, Sendable {
        /// The attribute type, without `NLA_F_NESTED` / `NLA_F_NET_BYTEORDER`.
        public var type: UInt16
        /// The offset of the attribute header from the start of the request's `nlmsghdr`.
        public var offset: Int
        /// Creates a component.
        public init(type: UInt16, offset: Int) {
            self.type = type
            self.offset = offset
        }
    }

    /// The part of the request the offset falls in.
    public var region: Region
    /// The attributes from the outermost to the one the offset points at (empty outside the attributes).
    public var components: [Component]
    /// How far into the last attribute the offset points (0: at its header, the usual case).
    public var byteInAttribute: Int

    /// Creates a path.
    public init(region: Region, components: [Component] = [], byteInAttribute: Int = 0) {
        self.region = region
        self.components = components
        self.byteInAttribute = byteInAttribute
    }

    /// The types along the path, outermost first.
    public var types: [UInt16] { components.map(\.type) }

    /// Resolves an extended-ack offset against the bytes of a request.
    ///
    /// Descends into an attribute when the offset falls inside its payload and the payload parses
    /// as attributes that contain it (nests sent without `NLA_F_NESTED` included).
    ///
    /// - Parameters:
    ///   - offset: The offset from the start of the request's `nlmsghdr`.
    ///   - request: The request's bytes, starting at its `nlmsghdr` (one message).
    ///   - fixedHeaderSize: The size of the family header before the attributes (0 for none).
    /// - Returns: The path, or `nil` when the offset lies outside the request or the request is malformed.
    public static func resolve(offset: Int, inRequest request: RawSpan, fixedHeaderSize: Int) -> NetlinkAttributePath? {
        guard let message = try? NetlinkMessage(request), offset >= 0, offset < message.length else { return nil }
        if offset < NetlinkMessageHeader.size { return NetlinkAttributePath(region: .messageHeader(byte: offset)) }
        let attributesStart = NetlinkMessageHeader.size + NetlinkAlignment.align(fixedHeaderSize)
        if offset < attributesStart {
            return NetlinkAttributePath(region: .familyHeader(byte: offset - NetlinkMessageHeader.size))
        }
        guard let attributes = try? message.attributes(afterFixedHeader: fixedHeaderSize) else { return nil }
        var components: [Component] = []
        var byteInAttribute = 0
        guard descend(attributes, to: offset, into: &components, byteInAttribute: &byteInAttribute) else { return nil }
        return NetlinkAttributePath(region: .attribute, components: components, byteInAttribute: byteInAttribute)
    }

    private static func descend(
        _ attributes: consuming NetlinkAttributes, to offset: Int, into path: inout [Component], byteInAttribute: inout Int
    ) -> Bool {
        while let attribute = try? attributes.next() {
            let start = attribute.offset
            let end = start + attribute.length
            guard offset >= start, offset < end else { continue }
            path.append(Component(type: attribute.type, offset: start))
            byteInAttribute = offset - start
            if offset >= start + NetlinkAttribute.headerSize, attribute.payload.byteCount >= NetlinkAttribute.headerSize,
                let inner = try? attribute.nested(), innerParses(attribute)
            {
                var nested: [Component] = []
                var innerByte = 0
                if descend(inner, to: offset, into: &nested, byteInAttribute: &innerByte) {
                    path += nested
                    byteInAttribute = innerByte
                }
            }
            return true
        }
        return false
    }

    /// Whether the payload of `attribute` is a well-formed run of attributes.
    private static func innerParses(_ attribute: borrowing NetlinkAttribute) -> Bool {
        guard var inner = try? attribute.nested() else { return false }
        do {
            while try inner.next() != nil {}
            return true
        } catch {
            return false
        }
    }

    /// The path with names from `naming` where it knows them, numbers elsewhere, joined by ` > `
    /// (`IFLA_LINKINFO > IFLA_INFO_DATA > attribute 7`).
    public func description(naming: (any NetlinkAttributeNaming)? = nil) -> String {
        switch region {
        case .messageHeader(let byte): return "message header (byte \(byte))"
        case .familyHeader(let byte): return "family header (byte \(byte))"
        case .attribute:
            var parents: [UInt16] = []
            var names: [String] = []
            for component in components {
                names.append(naming?.attributeName(component.type, parents: parents) ?? "attribute \(component.type)")
                parents.append(component.type)
            }
            return names.joined(separator: " > ")
        }
    }
}

/// Names attribute types for messages: how a family tells ``NetlinkAttributePath`` and
/// ``NetlinkMessageDump`` that attribute 3 of a link message is `IFLA_IFNAME`.
public protocol NetlinkAttributeNaming: Sendable {
    /// The name of attribute `type` nested under the attributes `parents` (outermost first; empty at
    /// the top level), or `nil` when unknown.
    func attributeName(_ type: UInt16, parents: [UInt16]) -> String?

    /// Whether attribute `type` under `parents` holds nested attributes (for dumps of nests sent
    /// without `NLA_F_NESTED`). The default says no.
    func isNested(_ type: UInt16, parents: [UInt16]) -> Bool
}

extension NetlinkAttributeNaming {
    /// Only `NLA_F_NESTED` marks a nest.
    public func isNested(_ type: UInt16, parents: [UInt16]) -> Bool { false }
}

/// A naming built from a table: top-level names and nested names by parent type.
public struct NetlinkAttributeNameTable: NetlinkAttributeNaming {
    /// Names of the top-level attributes.
    public var topLevel: [UInt16: String]
    /// Names of nested attributes, by the chain of parent types.
    public var nested: [[UInt16]: [UInt16: String]]

    /// Creates a table.
    public init(topLevel: [UInt16: String], nested: [[UInt16]: [UInt16: String]] = [:]) {
        self.topLevel = topLevel
        self.nested = nested
    }

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        parents.isEmpty ? topLevel[type] : nested[parents]?[type]
    }

    public func isNested(_ type: UInt16, parents: [UInt16]) -> Bool {
        nested[parents + [type]] != nil
    }
}
