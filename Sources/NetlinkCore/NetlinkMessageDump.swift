import SystemPackage

/// What a family tells the debug dump about its messages: names, kinds, the size of the fixed
/// header before the attributes, and attribute names. Every member has a default, so an empty
/// conformance dumps any family with numbers and hex.
public protocol NetlinkFamilySchema: Sendable {
    /// The C name of a message type of the family (`RTM_NEWLINK`), or `nil`.
    func messageTypeName(_ type: NetlinkMessageType) -> String?
    /// The kind of a message type, which decides how flags 0x100–0x800 print.
    func requestKind(_ type: NetlinkMessageType) -> NetlinkRequestKind
    /// The size of the fixed family header that precedes the attributes of `type` (0 for none).
    func fixedHeaderSize(_ type: NetlinkMessageType) -> Int
    /// The attribute names of messages of `type`, or `nil`.
    func attributeNaming(_ type: NetlinkMessageType) -> (any NetlinkAttributeNaming)?
    /// Whether the payload of `type` is a structure without attributes (audit, the connector,
    /// whose events are `NLMSG_DONE` messages): shown whole in hex rather than read as attributes
    /// (or as `NLMSG_DONE`'s error code). Never asked for `NLMSG_ERROR`.
    func hasOpaquePayload(_ type: NetlinkMessageType) -> Bool
}

extension NetlinkFamilySchema {
    public func messageTypeName(_ type: NetlinkMessageType) -> String? { nil }
    public func requestKind(_ type: NetlinkMessageType) -> NetlinkRequestKind { .other }
    public func fixedHeaderSize(_ type: NetlinkMessageType) -> Int { 0 }
    public func attributeNaming(_ type: NetlinkMessageType) -> (any NetlinkAttributeNaming)? { nil }
    public func hasOpaquePayload(_ type: NetlinkMessageType) -> Bool { false }
}

/// A schema that knows nothing: numbers and hex.
public struct UnknownFamilySchema: NetlinkFamilySchema {
    /// Creates the schema.
    public init() {}
}

/// A readable rendering of netlink messages, for tests, error reports and `--debug`.
///
/// ```text
/// RTM_NEWLINK (16) len=52 flags=REQUEST|ACK|EXCL|CREATE seq=1 port=0
///   family header (16 bytes): 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
///   [3] IFLA_IFNAME len=10: 76 65 74 68 30 00  "veth0."
///   [18|N] IFLA_LINKINFO len=16:
///     [1] IFLA_INFO_KIND len=9: 76 65 74 68 00  "veth."
/// NLMSG_ERROR (2) len=36 flags=CAPPED|ACK_TLVS seq=1 port=4242
///   error: -22 (Invalid argument)
///   request: type=16 len=52 flags=0x605 seq=1 port=4242
///   extended ack: message="..." offset=36
/// ```
///
/// `[N]` marks `NLA_F_NESTED`, `[O]` `NLA_F_NET_BYTEORDER`. Control messages (`NLMSG_ERROR`,
/// `NLMSG_DONE`) are decoded; malformed parts are shown with their error and the remaining bytes
/// in hex. Rendering never traps, whatever the input.
public struct NetlinkMessageDump: Sendable {
    /// The family's names and layouts.
    public var schema: any NetlinkFamilySchema
    /// The most payload bytes shown in hex per item; the rest is counted.
    public var maximumHexBytes: Int

    /// Creates a dumper for a family.
    public init(schema: any NetlinkFamilySchema = UnknownFamilySchema(), maximumHexBytes: Int = 256) {
        self.schema = schema
        self.maximumHexBytes = maximumHexBytes
    }

    /// Renders every message of a datagram, one block each; a malformed tail is reported and shown in hex.
    public func render(datagram: RawSpan) -> String {
        var out = ""
        var messages = NetlinkMessages(datagram)
        while true {
            let offset = messages.offset
            do {
                guard let message = try messages.next() else { break }
                render(message, into: &out)
            } catch {
                out += "malformed at offset \(offset): \(error)\n"
                out += "  " + hex(datagram.extracting(min(offset, datagram.byteCount)..<datagram.byteCount)) + "\n"
                break
            }
        }
        return out
    }

    /// Renders one message.
    public func render(_ message: borrowing NetlinkMessage) -> String {
        var out = ""
        render(message, into: &out)
        return out
    }

    private func render(_ message: borrowing NetlinkMessage, into out: inout String) {
        let type = message.type
        let kind: NetlinkRequestKind = type == .error || type == .done ? .acknowledgement : schema.requestKind(type)
        let name = type.isControl ? type.description : (schema.messageTypeName(type) ?? "type")
        out += "\(name) (\(type.rawValue)) len=\(message.length) flags=\(message.flags.description(for: kind))"
        out += " seq=\(message.sequence) port=\(message.portID)\n"
        if type != .error && schema.hasOpaquePayload(type) {
            let payload = message.payload
            if payload.byteCount > 0 { out += "  payload (\(payload.byteCount) bytes): \(hex(payload))\n" }
            return
        }
        switch type {
        case .error:
            do {
                let decoded = try NetlinkErrorMessage(decoding: message)
                out += "  error: \(decoded.error)" + (decoded.error == 0 ? " (ACK)" : " (\(Errno(rawValue: decoded.error == Int32.min ? Int32.max : -decoded.error)))") + "\n"
                let h = decoded.requestHeader
                out += "  request: type=\(h.type.rawValue) len=\(h.length) flags=0x\(String(h.flags.rawValue, radix: 16)) seq=\(h.sequence) port=\(h.portID)\n"
                if !decoded.requestPayload.isEmpty {
                    out += "  request payload (\(decoded.requestPayload.count) bytes): \(hex(decoded.requestPayload.span.bytes))\n"
                }
                if let ack = decoded.extendedAck { out += "  extended ack: \(describe(ack))\n" }
            } catch {
                out += "  malformed: \(error)\n  \(hex(message.payload))\n"
            }
        case .done:
            do {
                let decoded = try NetlinkDoneMessage(decoding: message)
                out += "  error: \(decoded.error)\n"
                if let ack = decoded.extendedAck { out += "  extended ack: \(describe(ack))\n" }
            } catch {
                out += "  malformed: \(error)\n  \(hex(message.payload))\n"
            }
        default:
            let fixed = type.isControl ? 0 : schema.fixedHeaderSize(type)
            let payload = message.payload

            if fixed > 0 {
                let shown = min(fixed, payload.byteCount)
                out += "  family header (\(fixed) bytes): \(hex(payload.extracting(0..<shown)))\n"
                if shown < fixed {
                    out += "  malformed: family header cut short (\(shown) of \(fixed) bytes)\n"
                    return
                }
            }
            guard let attributes = try? message.attributes(afterFixedHeader: fixed) else { return }
            renderAttributes(attributes, parents: [], naming: schema.attributeNaming(type), indent: "  ", into: &out)
        }
    }

    private func renderAttributes(
        _ attributes: consuming NetlinkAttributes, parents: [UInt16], naming: (any NetlinkAttributeNaming)?,
        indent: String, into out: inout String
    ) {
        while true {
            do {
                guard let attribute = try attributes.next() else { return }
                let flags = (attribute.isNested ? "|N" : "") + (attribute.isNetworkByteOrder ? "|O" : "")
                let name = naming?.attributeName(attribute.type, parents: parents).map { " " + $0 } ?? ""
                out += "\(indent)[\(attribute.type)\(flags)]\(name) len=\(attribute.length)"
                let nested = attribute.isNested || (naming?.isNested(attribute.type, parents: parents) ?? false)
                if nested, let inner = try? attribute.nested() {
                    out += ":\n"
                    renderAttributes(inner, parents: parents + [attribute.type], naming: naming, indent: indent + "  ", into: &out)
                } else if attribute.payload.byteCount == 0 {
                    out += "\n"
                } else {
                    out += ": \(hex(attribute.payload))  \"\(printable(attribute.payload))\"\n"
                }
            } catch {
                out += "\(indent)malformed: \(error)\n"
                return
            }
        }
    }

    private func describe(_ ack: NetlinkExtendedAck) -> String {
        var parts: [String] = []
        if let m = ack.message { parts.append("message=\"\(m)\"") }
        if let o = ack.offset { parts.append("offset=\(o)") }
        if let c = ack.cookie { parts.append("cookie=\(hex(c.span.bytes))") }
        if let p = ack.policy { parts.append("policy=\(p)") }
        if let t = ack.missingType { parts.append("missing-type=\(t)") }
        if let n = ack.missingNest { parts.append("missing-nest=\(n)") }
        return parts.isEmpty ? "(empty)" : parts.joined(separator: " ")
    }

    private func hex(_ bytes: RawSpan) -> String {
        let shown = min(bytes.byteCount, maximumHexBytes)
        var out = ""
        out.reserveCapacity(shown * 3)
        let digits = Array("0123456789abcdef".utf8)
        for i in 0..<shown {
            let byte = bytes.unsafeLoad(fromByteOffset: i, as: UInt8.self)
            if i > 0 { out.unicodeScalars.append(" ") }
            out.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
            out.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0xF)]))
        }
        if bytes.byteCount > shown { out += " ... (\(bytes.byteCount) bytes)" }
        return out
    }

    private func printable(_ bytes: RawSpan) -> String {
        let shown = min(bytes.byteCount, maximumHexBytes)
        var out = ""
        for i in 0..<shown {
            let byte = bytes.unsafeLoad(fromByteOffset: i, as: UInt8.self)
            out.unicodeScalars.append(byte >= 0x20 && byte < 0x7F ? Unicode.Scalar(byte) : ".")
        }
        return out
    }
}
