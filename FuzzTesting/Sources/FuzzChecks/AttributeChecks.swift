import NetlinkCore

extension FuzzChecks {
    /// An attribute as the round trip compares it: type, flags, and either the payload bytes or,
    /// for an attribute flagged `NLA_F_NESTED` whose payload parses to the end as attributes
    /// (within the depth limit), the attributes it holds.
    struct AttributeNode: Hashable {
        enum Content: Hashable {
            case leaf([UInt8])
            case nest([AttributeNode])
        }

        /// The type without flags.
        var type: UInt16
        var nestedFlag: Bool
        var byteOrderFlag: Bool
        var content: Content

        /// Whether the builder's public calls can write this node so that it decodes to itself.
        ///
        /// They cannot write `NLA_F_NET_BYTEORDER` except on integers of 2, 4 or 8 bytes, nor both
        /// flags at once, and a nest (flagged, but holding raw bytes) is padded to four bytes
        /// inside its length, as `nla_nest_end` does.
        var isExactlyEncodable: Bool {
            switch content {
            case .nest(let children):
                return !byteOrderFlag && children.allSatisfy(\.isExactlyEncodable)
            case .leaf(let payload):
                switch (nestedFlag, byteOrderFlag) {
                case (false, false): return true
                case (false, true): return [2, 4, 8].contains(payload.count)
                case (true, false): return payload.count % NetlinkAlignment.boundary == 0
                case (true, true): return false
                }
            }
        }

        /// The `nla_len` the builder will write for this node, or `nil` when a nest in it exceeds
        /// 65,535 bytes (the builder must then refuse).
        var encodedLength: Int? {
            switch content {
            case .nest(let children):
                var total = NetlinkAttribute.headerSize
                for child in children {
                    guard let length = child.encodedLength else { return nil }
                    total += NetlinkAlignment.align(length)
                }
                return total <= Int(UInt16.max) ? total : nil
            case .leaf(let payload):
                if nestedFlag {
                    let total = NetlinkAttribute.headerSize + NetlinkAlignment.align(payload.count)
                    return total <= Int(UInt16.max) ? total : nil
                }
                return NetlinkAttribute.headerSize + payload.count
            }
        }
    }

    /// How the first byte of an `FuzzAttributes` input is read.
    struct AttributeInputSelector {
        var byte: UInt8
        /// The depth the stream is read at: 0, 1, or at and near the limit, so that the limit is
        /// reached by small inputs.
        var startDepth: Int {
            [0, 1, NetlinkAttributes.maximumDepth - 2, NetlinkAttributes.maximumDepth][Int(byte & 3)]
        }
        /// Whether flag-free leaves of an aligned size are written with `appendNested(setNestedFlag: false)`
        /// and signed integer calls are used for byte-order leaves.
        var alternateCalls: Bool { byte & 4 != 0 }
        /// The family-header size of the request built around the stream for offset resolution.
        var fixedHeaderSize: Int { [0, 4, 16, 3][Int(byte >> 3 & 3)] }
    }

    static let attributeNames = NetlinkAttributeNameTable(
        topLevel: [1: "FUZZ_A", 2: "FUZZ_B", 3: "FUZZ_NEST"],
        nested: [[3]: [1: "FUZZ_NEST_A"], [3, 1]: [2: "FUZZ_NEST_A_B"]])

    /// The attribute-stream check.
    ///
    /// The first byte selects the depth the stream is read at, which builder calls are used, and a
    /// family-header size; the rest is an attribute stream. The attributes before the first error
    /// decode into a tree `t0`; the builder writes it and the bytes decode into `t1`, which is
    /// written (with the other choice of calls) and decoded into `t2`. Then:
    /// - the builder's bytes always decode to the end, with as many attributes as were written;
    /// - every node the builder can write exactly comes back equal, and every other node comes back
    ///   repaired as documented in ``requireRepaired(_:_:)``, for `t0 -> t1` and `t1 -> t2`;
    /// - a tree with a nest over 65,535 bytes is refused with `nestTooLarge` and rolled back.
    /// Finally, ``NetlinkAttributePath/resolve(offset:inRequest:fixedHeaderSize:)`` is asked about
    /// offsets all over a request built around the stream.
    static func checkAttributes(_ input: RawSpan) throws {
        let selector = AttributeInputSelector(byte: input.byteCount > 0 ? input.unsafeLoad(as: UInt8.self) : 0)
        let stream = input.extracting(min(1, input.byteCount)..<input.byteCount)
        let depth = selector.startDepth

        let t0 = try decodeTree(NetlinkAttributes(stream, baseOffset: 0, depth: depth), expectedOffset: 0).nodes
        if let t1 = try roundTrip(t0, depth: depth, alternateCalls: selector.alternateCalls) {
            try requireRepaired(t0, t1)
            guard let t2 = try roundTrip(t1, depth: depth, alternateCalls: !selector.alternateCalls) else {
                throw Failure("the builder refused to write again what it wrote")
            }
            try requireRepaired(t1, t2)
        }
        try checkResolve(stream, selector: selector)
    }

    /// Writes `nodes` and decodes the bytes at `depth`; `nil` when a nest is too large to write,
    /// after checking that the builder refused it and rolled it back.
    static func roundTrip(_ nodes: [AttributeNode], depth: Int, alternateCalls: Bool) throws -> [AttributeNode]? {
        var builder = NetlinkMessageBuilder(capacity: 256)
        let fits = nodes.allSatisfy { $0.encodedLength != nil }
        do {
            try encode(nodes, into: &builder, alternateCalls: alternateCalls)
            try require(fits, "the builder wrote a nest over 65,535 bytes")
        } catch let error as NetlinkEncodingError {
            try require(!fits && error.code == .nestTooLarge, "the builder refused a tree that fits: \(error)")
            // The refused nest was rolled back: what remains decodes to the nodes before it.
            let kept = nodes.prefix { $0.encodedLength != nil }.count
            let rest = try withSpan(of: builder.bytes) { span in
                try decodeTree(NetlinkAttributes(span, baseOffset: 0, depth: depth), expectedOffset: 0)
            }
            try require(rest.error == nil && rest.nodes.count == kept, "a refused nest left bytes behind")
            return nil
        }
        let decoded = try withSpan(of: builder.bytes) { span in
            try decodeTree(NetlinkAttributes(span, baseOffset: 0, depth: depth), expectedOffset: 0)
        }
        try require(decoded.error == nil, "the builder's bytes do not decode: \(decoded.error.map { "\($0)" } ?? "")")
        try require(decoded.nodes.count == nodes.count, "\(nodes.count) attributes written, \(decoded.nodes.count) read")
        return decoded.nodes
    }

    /// `written` is what `original` became through the builder: equal when the builder can write
    /// it exactly; otherwise repaired in the one way ``encode(_:into:alternateCalls:)`` does:
    /// - a nest flagged `NLA_F_NET_BYTEORDER` loses that flag; its children are compared in turn;
    /// - a leaf flagged `NLA_F_NET_BYTEORDER` alone, not of 2, 4 or 8 bytes, loses the flag;
    /// - a leaf flagged `NLA_F_NESTED` (whose bytes did not parse, or lay too deep) keeps only that
    ///   flag and is padded with zeros to four bytes inside the nest's length; the padded bytes
    ///   may now parse as attributes, which are then whatever they are.
    static func requireRepaired(_ original: [AttributeNode], _ written: [AttributeNode]) throws {
        try require(original.count == written.count, "\(original.count) attributes became \(written.count)")
        for (before, after) in zip(original, written) {
            if before.isExactlyEncodable {
                try require(after == before, "attribute \(before.type) changed in the round trip")
                continue
            }
            try require(after.type == before.type, "attribute type \(before.type) became \(after.type)")
            switch before.content {
            case .nest(let children):
                guard case .nest(let writtenChildren) = after.content, after.nestedFlag, !after.byteOrderFlag else {
                    throw Failure("nest \(before.type) was not written as a nest")
                }
                try requireRepaired(children, writtenChildren)
            case .leaf(let payload) where !before.nestedFlag:
                try require(
                    after == AttributeNode(type: before.type, nestedFlag: false, byteOrderFlag: false, content: .leaf(payload)),
                    "leaf \(before.type) with an unwritable byte-order flag was not written as plain bytes")
            case .leaf(let payload):
                try require(after.nestedFlag && !after.byteOrderFlag, "flagged leaf \(before.type) lost NLA_F_NESTED")
                if case .leaf(let writtenPayload) = after.content {
                    let padded = payload + repeatElement(0, count: NetlinkAlignment.align(payload.count) - payload.count)
                    try require(writtenPayload == padded, "flagged leaf \(before.type) was not padded with zeros")
                }
            }
        }
    }

    /// Decodes a run of attributes into trees, checking offsets; stops at the first error.
    static func decodeTree(
        _ attributes: consuming NetlinkAttributes, expectedOffset: Int
    ) throws -> (nodes: [AttributeNode], error: NetlinkDecodingError?) {
        var nodes: [AttributeNode] = []
        var position = expectedOffset
        while true {
            let attribute: NetlinkAttribute
            do throws(NetlinkDecodingError) {
                guard let next = try attributes.next() else { break }
                attribute = next
            } catch {
                try require(error.offset == position, "attribute error at \(error.offset ?? -1), expected \(position)")
                return (nodes, error)
            }
            try require(attribute.offset == position, "attribute offset \(attribute.offset), expected \(position)")
            position += NetlinkAlignment.align(attribute.length)
            var children: [AttributeNode]? = nil
            if attribute.isNested, let inner = try? attribute.nested() {
                let decoded = try decodeTree(inner, expectedOffset: attribute.offset + NetlinkAttribute.headerSize)
                if decoded.error == nil { children = decoded.nodes }
            }
            nodes.append(
                AttributeNode(
                    type: attribute.type, nestedFlag: attribute.isNested, byteOrderFlag: attribute.isNetworkByteOrder,
                    content: children.map { .nest($0) } ?? .leaf(attribute.bytes())))
        }
        return (nodes, nil)
    }

    /// Writes trees with the builder's public calls (see ``AttributeNode/isExactlyEncodable``).
    static func encode(_ nodes: [AttributeNode], into b: inout NetlinkMessageBuilder, alternateCalls: Bool) throws {
        for node in nodes {
            switch node.content {
            case .nest(let children):
                try b.appendNested(node.type, setNestedFlag: true) { b in
                    try encode(children, into: &b, alternateCalls: alternateCalls)
                }
            case .leaf(let payload):
                if node.nestedFlag {
                    try b.appendNested(node.type, setNestedFlag: true) { b in b.append(bytes: payload) }
                } else if node.byteOrderFlag, [2, 4, 8].contains(payload.count) {
                    // The calls take a value and store it big-endian with NLA_F_NET_BYTEORDER:
                    // pass the value whose big-endian bytes are the payload.
                    try appendNetworkOrder(node.type, payload, signed: alternateCalls, into: &b)
                } else if alternateCalls, !node.byteOrderFlag, payload.count % NetlinkAlignment.boundary == 0 {
                    try b.appendNested(node.type, setNestedFlag: false) { b in b.append(bytes: payload) }
                } else {
                    try b.appendAttribute(node.type, bytes: payload)
                }
            }
        }
    }

    private static func appendNetworkOrder(
        _ type: UInt16, _ payload: [UInt8], signed: Bool, into b: inout NetlinkMessageBuilder
    ) throws(NetlinkEncodingError) {
        func raw<T: FixedWidthInteger>(_: T.Type) -> T { payload.withUnsafeBytes { $0.loadUnaligned(as: T.self) } }
        switch (payload.count, signed) {
        case (2, false): try b.appendAttribute(type, uint16: UInt16(bigEndian: raw(UInt16.self)), .fromAttributeFlag)
        case (2, true): try b.appendAttribute(type, int16: Int16(bigEndian: raw(Int16.self)), .fromAttributeFlag)
        case (4, false): try b.appendAttribute(type, uint32: UInt32(bigEndian: raw(UInt32.self)), .fromAttributeFlag)
        case (4, true): try b.appendAttribute(type, int32: Int32(bigEndian: raw(Int32.self)), .fromAttributeFlag)
        case (8, false): try b.appendAttribute(type, uint64: UInt64(bigEndian: raw(UInt64.self)), .fromAttributeFlag)
        default: try b.appendAttribute(type, int64: Int64(bigEndian: raw(Int64.self)), .fromAttributeFlag)
        }
    }

    /// Every offset of attributes up to this many bytes is resolved; beyond, ``resolveSpread``
    /// evenly spread ones (each resolution walks the attributes from the start: the work grows as
    /// the square of the size).
    static let resolveEveryOffsetUpTo = 128
    static let resolveSpread = 32

    /// Builds a request around the stream (header, a family header of the selected size, the
    /// stream) and resolves offsets across it: never a trap, and every answer consistent.
    static func checkResolve(_ stream: RawSpan, selector: AttributeInputSelector) throws {
        let fixed = selector.fixedHeaderSize
        let length = NetlinkMessageHeader.size + stream.byteCount
        guard length <= Int(UInt32.max) else { return }
        var request = NetlinkMessageHeader(
            length: UInt32(length), type: NetlinkMessageType(0x10 + UInt16(selector.byte >> 5)),
            flags: [.request, .acknowledge], sequence: 1
        ).bytes
        request += copy(stream)
        let attributesStart = NetlinkMessageHeader.size + NetlinkAlignment.align(fixed)
        // The edges of each region, then the attributes: every offset, or evenly spread ones.
        var offsets = [Int.min, -1, 0, NetlinkMessageHeader.size - 1, NetlinkMessageHeader.size, attributesStart - 1]
        let attributeBytes = length - attributesStart
        let step = attributeBytes <= resolveEveryOffsetUpTo ? 1 : attributeBytes / resolveSpread
        offsets += stride(from: attributesStart, to: length, by: step)
        offsets += [length - 1, length, Int.max]
        try withSpan(of: request) { span in
            // The description of an attribute path depends on its components alone, not on the
            // byte within the attribute: it is rendered once per run of offsets with the same
            // components (each rendering allocates several strings, the dearest part of the check).
            var described: [NetlinkAttributePath.Component]? = nil
            for offset in offsets {
                let path = NetlinkAttributePath.resolve(offset: offset, inRequest: span, fixedHeaderSize: fixed)
                if let path, path.region != .attribute || path.components != described {
                    _ = path.description()
                    _ = path.description(naming: attributeNames)
                    described = path.region == .attribute ? path.components : nil
                }
                if offset < 0 || offset >= length {
                    try require(path == nil, "resolve(\(offset)) outside a request of \(length) bytes gave \(String(describing: path))")
                } else if offset < NetlinkMessageHeader.size {
                    try require(path?.region == .messageHeader(byte: offset), "resolve(\(offset)) in the message header")
                } else if offset < attributesStart {
                    try require(
                        path?.region == .familyHeader(byte: offset - NetlinkMessageHeader.size), "resolve(\(offset)) in the family header")
                } else if let path {
                    try require(path.region == .attribute && !path.components.isEmpty, "resolve(\(offset)) gave an empty path")
                    var previous = attributesStart - NetlinkAttribute.headerSize
                    for component in path.components {
                        try require(
                            component.offset >= previous + NetlinkAttribute.headerSize && component.offset <= offset,
                            "resolve(\(offset)): component offsets \(path.components.map(\.offset))")
                        try require(component.type <= NetlinkAttribute.typeMask, "resolve(\(offset)): type with flags")
                        previous = component.offset
                    }
                    try require(
                        path.byteInAttribute >= 0 && previous + path.byteInAttribute == offset,
                        "resolve(\(offset)): last component at \(previous), byte \(path.byteInAttribute)")
                    try require(path.types == path.components.map(\.type), "types")
                }
            }
        }
    }
}
