import NetlinkCore

/// One audit rule, `struct audit_rule_data` (`<linux/audit.h>`), as `AUDIT_LIST_RULES` answers
/// and `AUDIT_ADD_RULE`/`AUDIT_DEL_RULE` take it: the list it filters (`flags`), the action, the
/// system calls it matches (a 2,048-bit mask), and its fields — each a field number, an operator
/// and a number, or for the string fields (paths, keys, security labels, executables) bytes of
/// `buf`.
public struct AuditRule: Hashable, Sendable {
    /// `AUDIT_FILTER_*`: the list the rule is on.
    public struct List: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let user = List(rawValue: 0), task = List(rawValue: 1), entry = List(rawValue: 2), watch = List(rawValue: 3)
        public static let exit = List(rawValue: 4), exclude = List(rawValue: 5), filesystem = List(rawValue: 6), uringExit = List(rawValue: 7)
    }

    /// `AUDIT_NEVER`, `AUDIT_POSSIBLE`, `AUDIT_ALWAYS`.
    public struct Action: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let never = Action(rawValue: 0), possible = Action(rawValue: 1), always = Action(rawValue: 2)
    }

    /// A field of the rule: `fields[i]`, `fieldflags[i]` (the operator), `values[i]` — or, for a
    /// string field, the bytes `values[i]` long taken from `buf` in order.
    public struct Field: Hashable, Sendable {
        public var field: UInt32
        /// `AUDIT_EQUAL` (0x40000000), `AUDIT_NOT_EQUAL` (0x30000000), `AUDIT_BIT_MASK` ...
        public var `operator`: UInt32
        public enum Value: Hashable, Sendable {
            case number(UInt32)
            case bytes([UInt8])
        }
        public var value: Value

        public init(field: UInt32, operator: UInt32, value: Value) {
            self.field = field
            self.operator = `operator`
            self.value = value
        }

        /// The fields whose value is a string in `buf`: the subject's and object's security
        /// labels (13–17, 19–23), `AUDIT_WATCH` (105), `AUDIT_DIR` (107), `AUDIT_EXE` (112),
        /// `AUDIT_FILTERKEY` (210).
        public static let stringFields: Set<UInt32> = [13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 105, 107, 112, 210]

        /// `AUDIT_EQUAL`.
        public static let equal: UInt32 = 0x4000_0000
    }

    public var list: List
    /// Flags above the list number (`AUDIT_FILTER_PREPEND`, 0x10).
    public var listFlags: UInt32
    public var action: Action
    /// `mask[AUDIT_BITMASK_SIZE]`: bit N of word N/32 is system call N.
    public var systemCallMask: [UInt32]
    public var fields: [Field]

    /// `AUDIT_BITMASK_SIZE`, `AUDIT_MAX_FIELDS`, and the size before `buf`.
    public static let maskWords = 64, maximumFields = 64, fixedSize = 1040

    public init(list: List, listFlags: UInt32 = 0, action: Action, systemCallMask: [UInt32] = [UInt32](repeating: 0, count: 64), fields: [Field] = []) {
        self.list = list
        self.listFlags = listFlags
        self.action = action
        self.systemCallMask = systemCallMask
        self.fields = fields
    }

    /// Whether system call `number` is in the mask.
    public func matchesSystemCall(_ number: Int) -> Bool {
        guard number >= 0, number < Self.maskWords * 32, number / 32 < systemCallMask.count else { return false }
        return systemCallMask[number / 32] & (1 << UInt32(number % 32)) != 0
    }

    /// Decodes an `AUDIT_LIST_RULES` answer's payload.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        let base = message.offset + NetlinkMessageHeader.size
        guard payload.byteCount >= Self.fixedSize else {
            throw NetlinkDecodingError(.truncatedStructure, offset: base, expected: Self.fixedSize, actual: payload.byteCount, context: "struct audit_rule_data")
        }
        func word(_ index: Int) -> UInt32 { payload.unsafeLoadUnaligned(fromByteOffset: 4 * index, as: UInt32.self) }
        let flags = word(0)
        list = List(rawValue: flags & 0x0f)
        listFlags = flags & ~0x0f
        action = Action(rawValue: word(1))
        let count = Int(word(2))
        guard count <= Self.maximumFields else {
            throw NetlinkDecodingError(.invalidValue, offset: base + 8, expected: Self.maximumFields, actual: count, context: "audit_rule_data.field_count")
        }
        systemCallMask = (0..<Self.maskWords).map { word(3 + $0) }
        let bufferLength = Int(word(259))
        guard bufferLength <= payload.byteCount - Self.fixedSize else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: base + Self.fixedSize, expected: bufferLength, actual: payload.byteCount - Self.fixedSize, context: "audit_rule_data.buf")
        }
        var cursor = Self.fixedSize
        var decoded: [Field] = []
        for index in 0..<count {
            let field = word(67 + index), value = word(131 + index), op = word(195 + index)
            if Field.stringFields.contains(field) {
                let length = Int(value)
                guard length <= Self.fixedSize + bufferLength - cursor else {
                    throw NetlinkDecodingError(
                        .truncatedStructure, offset: base + cursor, expected: length, actual: Self.fixedSize + bufferLength - cursor,
                        context: "audit_rule_data.buf (field \(field))")
                }
                decoded.append(Field(field: field, operator: op, value: .bytes(payload.extracting(cursor..<(cursor + length)).withUnsafeBytes { Array($0) })))
                cursor += length
            } else {
                decoded.append(Field(field: field, operator: op, value: .number(value)))
            }
        }
        fields = decoded
    }

    /// Writes `struct audit_rule_data` and its `buf`, for `AUDIT_ADD_RULE` or `AUDIT_DEL_RULE`.
    /// - Throws: `NetlinkEncodingError` for more than 64 fields, a mask of more than 64 words, or a
    ///   string field given a number (or the reverse).
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        guard fields.count <= Self.maximumFields else { throw NetlinkEncodingError(.valueOutOfRange, size: fields.count, limit: Self.maximumFields) }
        guard systemCallMask.count <= Self.maskWords else { throw NetlinkEncodingError(.valueOutOfRange, size: systemCallMask.count, limit: Self.maskWords) }
        var numbers = [UInt32](repeating: 0, count: 260)
        var buffer: [UInt8] = []
        numbers[0] = list.rawValue | listFlags
        numbers[1] = action.rawValue
        numbers[2] = UInt32(fields.count)
        for (index, word) in systemCallMask.enumerated() { numbers[3 + index] = word }
        for (index, field) in fields.enumerated() {
            numbers[67 + index] = field.field
            numbers[195 + index] = field.operator
            switch (field.value, Field.stringFields.contains(field.field)) {
            case (.number(let value), false): numbers[131 + index] = value
            case (.bytes(let bytes), true):
                numbers[131 + index] = UInt32(bytes.count)
                buffer += bytes
            default: throw NetlinkEncodingError(.valueOutOfRange, attributeType: UInt16(truncatingIfNeeded: field.field))
            }
        }
        numbers[259] = UInt32(buffer.count)
        for word in numbers { builder.append(word) }
        builder.append(bytes: buffer)
    }
}
