import NetlinkCore

/// One attribute of any generic netlink message, decoded by the type the kernel's own policy
/// gives its number (`CTRL_CMD_GETPOLICY`): a family this project has no module for — or a newer
/// kernel's attributes of one it has — still reads as a typed tree. Policies carry types, not
/// names: an attribute is known by its number.
public struct GenericDynamicAttribute: Hashable, Sendable {
    /// The attribute type (flags masked off).
    public var type: UInt16
    /// Its value.
    public var value: GenericDynamicValue

    /// Creates an attribute.
    public init(type: UInt16, value: GenericDynamicValue) {
        self.type = type
        self.value = value
    }
}

/// A value of ``GenericDynamicAttribute``, by the policy's type.
public indirect enum GenericDynamicValue: Hashable, Sendable {
    /// `NLA_FLAG`.
    case flag
    /// `NLA_U8` … `NLA_U64`, `NLA_UINT`: the value and its width in bytes.
    case unsigned(UInt64, bytes: Int)
    /// `NLA_S8` … `NLA_S64`, `NLA_SINT`.
    case signed(Int64, bytes: Int)
    /// `NLA_STRING`, `NLA_NUL_STRING`: up to the first NUL.
    case string(String)
    /// `NLA_BINARY`, or a number the policy does not know.
    case binary([UInt8])
    /// `NLA_NESTED`: the inner attributes, decoded by the nested policy.
    case nested([GenericDynamicAttribute])
    /// `NLA_NESTED_ARRAY`: each element's index and attributes.
    case nestedArray([GenericDynamicAttribute])
    /// `NLA_BITFIELD32`: value and selector.
    case bitfield32(value: UInt32, selector: UInt32)
    /// A payload that does not fit the policy's type (a u32 of 3 bytes): kept, with the reason.
    case malformed([UInt8], reason: String)

    /// The kind's name as the text and JSON outputs show it.
    public var kindName: String {
        switch self {
        case .flag: "flag"
        case .unsigned(_, let bytes): bytes == 0 ? "uint" : "u\(bytes * 8)"
        case .signed(_, let bytes): bytes == 0 ? "sint" : "s\(bytes * 8)"
        case .string: "string"
        case .binary: "binary"
        case .nested: "nested"
        case .nestedArray: "nested-array"
        case .bitfield32: "bitfield32"
        case .malformed: "malformed"
        }
    }
}

/// A message of any generic netlink family, decoded by its policy: the genl header and the typed
/// attribute tree.
public struct GenericDynamicMessage: Hashable, Sendable {
    /// `genlmsghdr.cmd`.
    public var command: UInt8
    /// `genlmsghdr.version`.
    public var version: UInt8
    /// The attributes after the genl header.
    public var attributes: [GenericDynamicAttribute]

    /// Decodes `message` (its family's own header, of `headerSize` bytes, skipped) by policy
    /// `policy` of `policies` (the request's: see `NetlinkConnection.genericCall(family:command:version:dump:attributes:)`).
    /// Policies describe what a family accepts: an attribute that only replies carry reads as
    /// binary (its size shows its width). Nothing is guessed from other operations' policies — a
    /// family's attribute numbers mean different things in different messages (netdev's 3 is a
    /// device's u64 XDP features and a queue's u32 type).
    /// - Throws: `NetlinkDecodingError` when the genl header is missing or an attribute overruns.
    public init(decoding message: borrowing NetlinkMessage, headerSize: Int = 0, policies: GenericPolicies, policy: UInt32?) throws(NetlinkDecodingError) {
        let header = try GenericNetlinkHeader(decoding: message)
        command = header.command
        version = header.version
        let fixed = GenericNetlinkHeader.size + headerSize
        var bytes: [UInt8] = []
        let payload = message.payload
        guard payload.byteCount >= fixed else {
            throw NetlinkDecodingError(.truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: fixed, actual: payload.byteCount,
                                       context: "a family header")
        }
        payload.withUnsafeBytes { raw in bytes = Array(raw[fixed...]) }
        attributes = try policies.decodeAttributes(bytes, policy: policy)
    }
}

extension GenericPolicies {
    /// Decodes attributes by policy `index` (nil, or a number it lacks: binary), nests by their
    /// nested policies, to a depth of 16.
    /// - Throws: `NetlinkDecodingError` for an attribute whose length overruns its container.
    public func decodeAttributes(_ bytes: [UInt8], policy index: UInt32?) throws(NetlinkDecodingError) -> [GenericDynamicAttribute] {
        try decode(bytes, rules: index.flatMap { policies[$0] }, depth: 0)
    }

    private func decode(_ bytes: [UInt8], policy index: UInt32?, depth: Int) throws(NetlinkDecodingError) -> [GenericDynamicAttribute] {
        try decode(bytes, rules: index.flatMap { policies[$0] }, depth: depth)
    }

    private func decode(_ bytes: [UInt8], rules: [UInt16: NetlinkAttributePolicy]?, depth: Int) throws(NetlinkDecodingError) -> [GenericDynamicAttribute] {
        var result: [GenericDynamicAttribute] = []
        var offset = 0
        while offset + 4 <= bytes.count {
            let length = Int(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
            let rawType = UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8
            let type = rawType & NetlinkAttribute.typeMask
            guard length >= 4, offset + length <= bytes.count else {
                throw NetlinkDecodingError(.attributeLengthExceedsData, offset: offset, attributeType: type, expected: length, actual: bytes.count - offset,
                                           context: "a generic attribute")
            }
            let payload = Array(bytes[(offset + 4)..<(offset + length)])
            let flaggedNest = rawType & NetlinkAttribute.nestedFlag != 0
            result.append(GenericDynamicAttribute(type: type, value: try value(payload, rule: rules?[type], flaggedNest: flaggedNest, depth: depth)))
            offset += (length + 3) & ~3
        }
        return result
    }

    /// Whether `bytes` is a whole sequence of well-formed attributes (at least one).
    static func isAttributeSequence(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset + 4 <= bytes.count {
            let length = Int(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
            guard length >= 4, offset + length <= bytes.count else { return false }
            offset += (length + 3) & ~3
        }
        return offset >= bytes.count && !bytes.isEmpty
    }

    /// An attribute's value: by its policy rule, except that the kernel's own `NLA_F_NESTED` flag
    /// (set on every nest it writes since Linux 5.2) wins over a rule that says otherwise — a reply
    /// whose attribute space is not the request's (TASKSTATS) then still reads as its structure.
    private func value(_ payload: [UInt8], rule: NetlinkAttributePolicy?, flaggedNest: Bool, depth: Int) throws(NetlinkDecodingError) -> GenericDynamicValue {
        let ruleIsNest = rule?.attributeType == .nested || rule?.attributeType == .nestedArray
        if flaggedNest, !ruleIsNest {
            guard depth < 16 else { return .binary(payload) }
            return .nested(try decode(payload, rules: nil, depth: depth + 1))
        }
        guard let rule, let type = rule.attributeType else { return .binary(payload) }
        // A payload the kernel's own validation would refuse is not what this rule describes (a
        // reply in another attribute space): its structure if it is one, else kept with the reason.
        if let problem = rule.check(payload) {
            if depth < 16, Self.isAttributeSequence(payload), let inner = try? decode(payload, rules: nil, depth: depth + 1) { return .nested(inner) }
            return .malformed(payload, reason: problem)
        }
        func little(_ count: Int) -> UInt64 {
            payload.prefix(count).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        func fixed(_ size: Int) -> Bool { payload.count == size }
        switch type {
        case .flag: return payload.isEmpty ? .flag : .malformed(payload, reason: "a flag with a payload")
        case .u8, .u16, .u32, .u64:
            let size = [GenericAttributeType.u8: 1, .u16: 2, .u32: 4, .u64: 8][type]!
            return fixed(size) ? .unsigned(little(size), bytes: size) : .malformed(payload, reason: "\(type) of \(payload.count) bytes")
        case .s8, .s16, .s32, .s64:
            let size = [GenericAttributeType.s8: 1, .s16: 2, .s32: 4, .s64: 8][type]!
            guard fixed(size) else { return .malformed(payload, reason: "\(type) of \(payload.count) bytes") }
            let shift = UInt64(64 - size * 8)
            return .signed(Int64(bitPattern: little(size) << shift) >> Int64(shift), bytes: size)
        case .uint:
            return fixed(4) || fixed(8) ? .unsigned(little(payload.count), bytes: 0) : .malformed(payload, reason: "uint of \(payload.count) bytes")
        case .sint:
            guard fixed(4) || fixed(8) else { return .malformed(payload, reason: "sint of \(payload.count) bytes") }
            let shift = UInt64(64 - payload.count * 8)
            return .signed(Int64(bitPattern: little(payload.count) << shift) >> Int64(shift), bytes: 0)
        case .string, .nulString:
            // Text ends at its NUL; bytes after it that are not padding mean this is no string
            // (TASKSTATS answers with nests where its requests have strings).
            let text = payload.prefix { $0 != 0 }
            if payload.dropFirst(text.count).contains(where: { $0 != 0 }), depth < 16, Self.isAttributeSequence(payload),
               let inner = try? decode(payload, rules: nil, depth: depth + 1) {
                return .nested(inner)
            }
            return .string(String(rawBytes: text))
        case .bitfield32:
            guard fixed(8) else { return .malformed(payload, reason: "bitfield32 of \(payload.count) bytes") }
            return .bitfield32(value: UInt32(little(4)), selector: UInt32(little(8) >> 32))
        case .nested:
            guard depth < 16 else { return .binary(payload) }
            return .nested(try decode(payload, policy: rule.policyIndex, depth: depth + 1))
        case .nestedArray:
            guard depth < 15 else { return .binary(payload) }
            var elements: [GenericDynamicAttribute] = []
            for element in try decode(payload, policy: nil, depth: depth + 1) {
                guard case .binary(let inner) = element.value else { continue }
                elements.append(GenericDynamicAttribute(type: element.type, value: .nested(try decode(inner, policy: rule.policyIndex, depth: depth + 2))))
            }
            return .nestedArray(elements)
        default:
            return .binary(payload)
        }
    }
}
