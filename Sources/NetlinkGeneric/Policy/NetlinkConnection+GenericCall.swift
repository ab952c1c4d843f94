import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Sends command `command` to any generic netlink family by name — a do request acknowledged, or
    /// a dump — with `attributes` as given, and decodes every reply by the kernel's own policy of
    /// that command (``GenericDynamicMessage``): the dynamic client, for families this project has
    /// no module for.
    /// - Parameters:
    ///   - name: The family's name.
    ///   - command: `genlmsghdr.cmd`.
    ///   - version: `genlmsghdr.version`; the family's own version by default.
    ///   - dump: Whether to ask with `NLM_F_DUMP`.
    ///   - attributes: The request's attributes (encoded, after the genl header and the family's
    ///     own header, which is sent zeroed).
    /// - Throws: `NetlinkError`: the kernel's refusal with its extended ack (the offset resolved
    ///   past the headers), `ENOENT` for an unknown family.
    public func genericCall(
        family name: String, command: UInt8, version: UInt8? = nil, dump: Bool = false, attributes: [UInt8] = []
    ) async throws(NetlinkError) -> [GenericDynamicMessage] {
        let family = try await genericFamily(named: name)
        // A family without operations that have policies answers CTRL_CMD_GETPOLICY with an error:
        // its attributes then read as binary.
        let policies = (try? await genericPolicies(family: name)) ?? GenericPolicies([])
        let entry = policies.operations.first { $0.command == UInt32(command) }
        let policy = dump ? entry?.dumpPolicy : entry?.doPolicy
        let headerSize = Int(family.headerSize)
        let build: (inout NetlinkMessageBuilder) throws -> Void = { b in
            b.appendZeros(headerSize)
            b.append(bytes: attributes)
        }
        let interfaceVersion = version ?? UInt8(truncatingIfNeeded: family.version)
        let decode = { (m: borrowing NetlinkMessage) throws(NetlinkDecodingError) -> GenericDynamicMessage in
            try GenericDynamicMessage(decoding: m, headerSize: headerSize, policies: policies, policy: policy)
        }
        if dump {
            return try await dumpAll(type: NetlinkMessageType(family.id), fixedHeaderSize: GenericNetlinkHeader.size + headerSize) { b in
                GenericNetlinkHeader(command: command, version: interfaceVersion).encode(into: &b)
                try build(&b)
            } decode: { message in
                message.type.rawValue == family.id ? try decode(message) : nil
            }
        }
        let answer = try await genericExecute(family: family.id, command: command, version: interfaceVersion, headerSize: headerSize, build)
        var messages: [GenericDynamicMessage] = []
        do {
            try answer.forEachReply { message in
                if message.type.rawValue == family.id { messages.append(try decode(message)) }
            }
        } catch {
            throw NetlinkError(.malformedReply, sequence: answer.sequence, decodingError: error as? NetlinkDecodingError)
        }
        return messages
    }
}
