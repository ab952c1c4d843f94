import NetlinkCore

/// One string set of `ETHTOOL_MSG_STRSET_GET` (`ETHTOOL_A_STRINGSET_*`): the names of a bitset's
/// bits (features, link modes, WoL modes, message classes, …) or of a driver's statistics.
public struct EthtoolStringSet: Hashable, Sendable {
    /// `ETHTOOL_A_STRINGSET_ID` (`ETH_SS_*`, ``Ethtool/StringSetID``).
    public var id: UInt32
    /// `ETHTOOL_A_STRINGSET_COUNT`.
    public var count: Int
    /// The strings by index (`ETHTOOL_A_STRING_INDEX` → `ETHTOOL_A_STRING_VALUE`); empty when only
    /// counts were asked for.
    public var strings: [String]

    /// Creates a string set.
    public init(id: UInt32, count: Int, strings: [String]) {
        self.id = id
        self.count = count
        self.strings = strings
    }

    /// String `index`, or `nil` past the end (or when the kernel sent none for it).
    public subscript(index: Int) -> String? {
        index >= 0 && index < strings.count ? strings[index] : nil
    }

    /// The index of the string `name` (its bytes compared), if any.
    public func index(of name: String) -> Int? {
        let bytes = name.rawBytes
        return strings.firstIndex { $0.rawBytes == bytes }
    }

    /// Decodes the string sets of a `ETHTOOL_MSG_STRSET_GET_REPLY`, with the device it is about
    /// (index 0 and no name for the global sets).
    /// - Throws: `NetlinkDecodingError` for a malformed reply, or a string index over 65,535.
    public static func decode(_ message: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> (device: EthtoolDeviceHeader, sets: [EthtoolStringSet]) {
        var sets: [EthtoolStringSet] = []
        let (_, device) = try EthtoolReplyReader.read(message) { attribute throws(NetlinkDecodingError) in
            guard attribute.type == EthtoolAttribute.StringSet.stringSets else { return }
            var list = try attribute.nested()
            while let one = try list.next() {
                guard one.type == EthtoolAttribute.StringSet.stringSet else { continue }
                sets.append(try EthtoolStringSet(decodingSet: one))
            }
        }
        return (device, sets)
    }

    private init(decodingSet attribute: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        var id: UInt32 = 0
        var count = 0
        var strings: [String] = []
        var fields = try attribute.nested()
        while let f = try fields.next() {
            switch f.type {
            case EthtoolAttribute.StringSet.id: id = try f.uint32(.host)
            case EthtoolAttribute.StringSet.count: count = Int(try f.uint32(.host))
            case EthtoolAttribute.StringSet.strings:
                var list = try f.nested()
                while let string = try list.next() {
                    guard string.type == EthtoolAttribute.StringSet.string else { continue }
                    var index: Int?
                    var value = ""
                    var parts = try string.nested()
                    while let p = try parts.next() {
                        switch p.type {
                        case EthtoolAttribute.StringSet.stringIndex: index = Int(try p.uint32(.host))
                        case EthtoolAttribute.StringSet.stringValue: value = p.string()
                        default: continue
                        }
                    }
                    guard let index, index <= 0xFFFF else {
                        throw NetlinkDecodingError(.invalidValue, offset: string.offset, attributeType: string.type, context: "an ethtool string without a valid index")
                    }
                    if strings.count <= index { strings += repeatElement("", count: index + 1 - strings.count) }
                    strings[index] = value
                }
            default: continue
            }
        }
        self.init(id: id, count: count, strings: strings)
    }
}
