import NetlinkCore

/// What a family's policy allows for one attribute (`CTRL_CMD_GETPOLICY`): the same
/// `NL_POLICY_TYPE_ATTR_*` description an extended ack carries, `NetlinkAttributePolicy` of
/// NetlinkCore, with its type named and the checks the kernel makes with it.
extension NetlinkAttributePolicy {
    /// `NL_POLICY_TYPE_ATTR_TYPE`, named.
    public var attributeType: GenericAttributeType? { type.map(GenericAttributeType.init(rawValue:)) }

    /// Whether `payload`, the payload of an attribute this policy governs, passes the checks the
    /// kernel's `nla_validate` makes that this description states: the size of a fixed-size type
    /// (at least that size, as without strict validation: an operation that validates strictly
    /// also refuses a longer one), the ranges, the lengths, the masks. `nil` when it passes, else why not.
    public func check(_ payload: [UInt8]) -> String? {
        func unsignedValue() -> UInt64 {
            payload.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        func signedValue() -> Int64 {
            let raw = unsignedValue()
            let bits = payload.count * 8
            return bits >= 64 ? Int64(bitPattern: raw) : Int64(bitPattern: raw << UInt64(64 - bits)) >> Int64(64 - bits)
        }
        let fixed: [GenericAttributeType: Int] = [.flag: 0, .u8: 1, .u16: 2, .u32: 4, .u64: 8, .s8: 1, .s16: 2, .s32: 4, .s64: 8, .bitfield32: 8]
        if let type = attributeType, let size = fixed[type] {
            if type == .flag ? payload.count != 0 : payload.count < size { return "\(type) needs \(size) bytes, got \(payload.count)" }
        }
        if let type = attributeType, type == .uint || type == .sint, payload.count != 4 && payload.count != 8 {
            return "\(type) needs 4 or 8 bytes, got \(payload.count)"
        }
        if let type = attributeType, [.u8, .u16, .u32, .u64, .uint].contains(type) {
            let value = unsignedValue()
            if let minimumUnsigned, value < minimumUnsigned { return "\(value) is below \(minimumUnsigned)" }
            if let maximumUnsigned, value > maximumUnsigned { return "\(value) is above \(maximumUnsigned)" }
            if let mask, value & ~mask != 0 { return "\(value) sets bits outside the mask 0x\(String(mask, radix: 16))" }
        }
        if let type = attributeType, [.s8, .s16, .s32, .s64, .sint].contains(type) {
            let value = signedValue()
            if let minimumSigned, value < minimumSigned { return "\(value) is below \(minimumSigned)" }
            if let maximumSigned, value > maximumSigned { return "\(value) is above \(maximumSigned)" }
        }
        if let type = attributeType, [.binary, .string, .nulString].contains(type) {
            var length = payload.count
            if type == .nulString {
                guard let nul = payload.firstIndex(of: 0) else { return "NUL_STRING without its NUL" }
                length = nul
            } else if type == .string, payload.last == 0 {
                length -= 1
            }
            if let minimumLength, length < Int(minimumLength) { return "length \(length) is below \(minimumLength)" }
            if let maximumLength, length > Int(maximumLength) { return "length \(length) is above \(maximumLength)" }
        }
        if attributeType == .bitfield32, let bitfield32Mask, payload.count >= 8 {
            let selector = UInt32(payload[4]) | UInt32(payload[5]) << 8 | UInt32(payload[6]) << 16 | UInt32(payload[7]) << 24
            if selector & ~bitfield32Mask != 0 { return "selector 0x\(String(selector, radix: 16)) outside the mask 0x\(String(bitfield32Mask, radix: 16))" }
        }
        return nil
    }
}

/// One message of a `CTRL_CMD_GETPOLICY` dump, as the kernel sends it: the family, then either
/// which policies operations use (`CTRL_ATTR_OP_POLICY`) or the policy of attributes
/// (`CTRL_ATTR_POLICY` > policy index > attribute type > `NetlinkAttributePolicy`).
public struct GenericPolicyMessage: Hashable, Sendable {
    /// `CTRL_ATTR_FAMILY_ID`.
    public var familyID: UInt16?
    /// `CTRL_ATTR_OP_POLICY`: per operation (the nest's type, the command — the kernel writes 0 for
    /// a dump-only operation, as Linux 6.18 does), the policy of its do and of its dump.
    public var operations: [OperationPolicy]
    /// `CTRL_ATTR_POLICY`: per policy index, the attributes it describes, in the kernel's order.
    public var policies: [Policy]

    /// Which policies an operation uses.
    public struct OperationPolicy: Hashable, Sendable {
        /// The command (the nest's type).
        public var command: UInt32
        /// `CTRL_ATTR_POLICY_DO`.
        public var doPolicy: UInt32?
        /// `CTRL_ATTR_POLICY_DUMP`.
        public var dumpPolicy: UInt32?
        /// Creates an entry.
        public init(command: UInt32, doPolicy: UInt32? = nil, dumpPolicy: UInt32? = nil) {
            self.command = command
            self.doPolicy = doPolicy
            self.dumpPolicy = dumpPolicy
        }
    }

    /// Attributes of one policy.
    public struct Policy: Hashable, Sendable {
        /// The policy's index in this dump.
        public var index: UInt32
        /// The attributes: type and what the policy allows.
        public var attributes: [(type: UInt16, policy: NetlinkAttributePolicy)]

        /// Creates an entry.
        public init(index: UInt32, attributes: [(type: UInt16, policy: NetlinkAttributePolicy)]) {
            self.index = index
            self.attributes = attributes
        }

        public static func == (a: Policy, b: Policy) -> Bool {
            a.index == b.index && a.attributes.count == b.attributes.count
                && zip(a.attributes, b.attributes).allSatisfy { $0.type == $1.type && $0.policy == $1.policy }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(index)
            for attribute in attributes {
                hasher.combine(attribute.type)
                hasher.combine(attribute.policy)
            }
        }
    }

    /// Creates a message value.
    public init(familyID: UInt16? = nil, operations: [OperationPolicy] = [], policies: [Policy] = []) {
        self.familyID = familyID
        self.operations = operations
        self.policies = policies
    }

    /// Decodes one message of the dump (the first of a repeated top-level attribute counts, as
    /// iproute2 reads them; nest types lose `NLA_F_NESTED`; inside one attribute's description,
    /// `NetlinkAttributePolicy(decoding:)` keeps the last of a repeated field).
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        _ = try GenericNetlinkHeader(decoding: message)
        self.init()
        var seen = Set<UInt16>()
        var attributes = try message.attributes(afterFixedHeader: GenericNetlinkHeader.size)
        while let attribute = try attributes.next() {
            guard seen.insert(attribute.type).inserted else { continue }
            switch attribute.type {
            case ControllerAttribute.familyID: familyID = try attribute.uint16(.host)
            case ControllerAttribute.operationPolicy:
                var nests = try attribute.nested()
                while let nest = try nests.next() {
                    var entry = OperationPolicy(command: UInt32(nest.type))
                    var fields = try nest.nested()
                    var fieldsSeen = Set<UInt16>()
                    while let field = try fields.next() {
                        guard fieldsSeen.insert(field.type).inserted else { continue }
                        switch field.type {
                        case PolicyAttribute.Operation.do: entry.doPolicy = try field.uint32(.host)
                        case PolicyAttribute.Operation.dump: entry.dumpPolicy = try field.uint32(.host)
                        default: continue
                        }
                    }
                    operations.append(entry)
                }
            case ControllerAttribute.policy:
                var nests = try attribute.nested()
                while let nest = try nests.next() {
                    var policy = Policy(index: UInt32(nest.type), attributes: [])
                    var inner = try nest.nested()
                    while let item = try inner.next() {
                        policy.attributes.append((item.type, try NetlinkAttributePolicy(decoding: try item.nested())))
                    }
                    policies.append(policy)
                }
            default:
                continue
            }
        }
    }

    /// Writes the genl header and the attributes as the kernel's controller does.
    public func encode(into b: inout NetlinkMessageBuilder) throws {
        GenericNetlinkHeader(command: ControllerCommand.getPolicy, version: 2).encode(into: &b)
        if let familyID { try b.appendAttribute(ControllerAttribute.familyID, uint16: familyID, .host) }
        if !operations.isEmpty {
            try b.appendNested(ControllerAttribute.operationPolicy) { b in
                for entry in operations {
                    try b.appendNested(UInt16(truncatingIfNeeded: entry.command)) { b in
                        if let doPolicy = entry.doPolicy { try b.appendAttribute(PolicyAttribute.Operation.do, uint32: doPolicy, .host) }
                        if let dumpPolicy = entry.dumpPolicy { try b.appendAttribute(PolicyAttribute.Operation.dump, uint32: dumpPolicy, .host) }
                    }
                }
            }
        }
        if !policies.isEmpty {
            try b.appendNested(ControllerAttribute.policy) { b in
                for policy in policies {
                    try b.appendNested(UInt16(truncatingIfNeeded: policy.index)) { b in
                        for attribute in policy.attributes {
                            try b.appendNested(attribute.type) { b in try attribute.policy.encode(into: &b) }
                        }
                    }
                }
            }
        }
    }
}

/// A family's policies, assembled from a `CTRL_CMD_GETPOLICY` dump: which policy each operation's
/// do and dump use, and each policy's attributes — the tree a request is checked against.
public struct GenericPolicies: Hashable, Sendable {
    /// The family's ID.
    public var familyID: UInt16?
    /// Per operation, in the kernel's order (see ``GenericPolicyMessage/operations`` on command 0).
    public var operations: [GenericPolicyMessage.OperationPolicy]
    /// Per policy index, per attribute type.
    public var policies: [UInt32: [UInt16: NetlinkAttributePolicy]]

    /// Assembles the messages of one dump.
    public init(_ messages: [GenericPolicyMessage]) {
        familyID = messages.lazy.compactMap(\.familyID).first
        operations = messages.flatMap(\.operations)
        var policies: [UInt32: [UInt16: NetlinkAttributePolicy]] = [:]
        for message in messages {
            for policy in message.policies {
                for attribute in policy.attributes where policies[policy.index]?[attribute.type] == nil {
                    policies[policy.index, default: [:]][attribute.type] = attribute.policy
                }
            }
        }
        self.policies = policies
    }

    /// The policy of `command`'s do request (or dump, with `dump`), when the kernel named one.
    public func policy(of command: UInt32, dump: Bool = false) -> [UInt16: NetlinkAttributePolicy]? {
        guard let entry = operations.first(where: { $0.command == command }),
            let index = dump ? entry.dumpPolicy : entry.doPolicy
        else { return nil }
        return policies[index]
    }

    /// Checks a request's attributes (after its genl header) against `policy` as the kernel's
    /// strict validation would: each attribute known to the policy (an unknown type is refused
    /// under strict validation), its payload passing `NetlinkAttributePolicy.check(_:)`, nests
    /// checked against their nested policy. Returns the problems, with the attribute path; empty
    /// when the request passes.
    public func violations(of attributes: [UInt8], policy index: UInt32) -> [String] {
        var problems: [String] = []
        check(attributes, policy: index, path: [], depth: 0, into: &problems)
        return problems
    }

    private func check(_ bytes: [UInt8], policy index: UInt32, path: [UInt16], depth: Int, into problems: inout [String]) {
        guard depth < 16, let policy = policies[index] else {
            if depth < 16 { problems.append("\(path): no policy \(index)") }
            return
        }
        var offset = 0
        while offset + 4 <= bytes.count {
            let length = Int(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
            let type = (UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8) & NetlinkAttribute.typeMask
            guard length >= 4, offset + length <= bytes.count else {
                problems.append("\(path + [type]): malformed attribute (length \(length))")
                return
            }
            let payload = Array(bytes[(offset + 4)..<(offset + length)])
            let here = path + [type]
            if let rule = policy[type] {
                if let problem = rule.check(payload) { problems.append("\(here): \(problem)") }
                if rule.attributeType == .nested, let inner = rule.policyIndex {
                    check(payload, policy: inner, path: here, depth: depth + 1, into: &problems)
                } else if rule.attributeType == .nestedArray, let inner = rule.policyIndex {
                    var at = 0
                    while at + 4 <= payload.count {
                        let itemLength = Int(UInt16(payload[at]) | UInt16(payload[at + 1]) << 8)
                        guard itemLength >= 4, at + itemLength <= payload.count else { break }
                        check(Array(payload[(at + 4)..<(at + itemLength)]), policy: inner, path: here, depth: depth + 1, into: &problems)
                        at += (itemLength + 3) & ~3
                    }
                }
            } else {
                problems.append("\(here): not in policy \(index)")
            }
            offset += (length + 3) & ~3
        }
    }
}
