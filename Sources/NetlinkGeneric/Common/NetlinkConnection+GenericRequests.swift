import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Sends a request to any generic netlink family and waits for its acknowledgement: the
    /// message type is the family's ID, the payload `genlmsghdr` (command, version) then what
    /// `build` writes (the family's own header, if any, and the attributes).
    ///
    /// An extended ack's offset is resolved past the genl header (and `headerSize` more bytes), so
    /// the error names the attribute of the request it points at.
    /// - Parameters:
    ///   - family: The family's ID (from ``genericFamily(named:)``).
    ///   - command: `genlmsghdr.cmd`.
    ///   - version: `genlmsghdr.version` (the family's interface version; 1 for most).
    ///   - headerSize: The size of the family's own header that `build` writes first (0 for most).
    ///   - flags: Flags besides `NLM_F_REQUEST | NLM_F_ACK`.
    ///   - timeout: How long to wait; the connection's request timeout by default.
    ///   - build: Writes what follows the genl header (the family's header, the attributes).
    /// - Returns: The acknowledgement with the messages that came before it (a `do` command's reply).
    @discardableResult
    nonisolated(nonsending) public func genericExecute(
        family: UInt16, command: UInt8, version: UInt8 = 1, headerSize: Int = 0, flags: NetlinkMessageFlags = [],
        timeout: Duration? = nil, _ build: (inout NetlinkMessageBuilder) throws -> Void = { _ in }
    ) async throws(NetlinkError) -> NetlinkAcknowledgement {
        try await execute(
            type: NetlinkMessageType(family), flags: flags, fixedHeaderSize: GenericNetlinkHeader.size + headerSize, timeout: timeout
        ) { b in
            GenericNetlinkHeader(command: command, version: version).encode(into: &b)
            try build(&b)
        }
    }

    /// Dumps a command of any generic netlink family (`NLM_F_DUMP`): the datagrams of the answer,
    /// up to `NLMSG_DONE` — also from families whose dump replies lack `NLM_F_MULTI` (netdev).
    /// - Parameters: as ``genericExecute(family:command:version:headerSize:flags:timeout:_:)``.
    public func genericDump(
        family: UInt16, command: UInt8, version: UInt8 = 1, headerSize: Int = 0, flags: NetlinkMessageFlags = [],
        acceptInterrupted: Bool = false, _ build: (inout NetlinkMessageBuilder) throws -> Void = { _ in }
    ) -> NetlinkDump {
        dump(
            type: NetlinkMessageType(family), flags: flags, fixedHeaderSize: GenericNetlinkHeader.size + headerSize,
            acceptInterrupted: acceptInterrupted
        ) { b in
            GenericNetlinkHeader(command: command, version: version).encode(into: &b)
            try build(&b)
        }
    }

    /// `id`, or the ID of the family named `name`, asked of the controller: for the typed
    /// families' calls, whose `familyID` parameter saves the question.
    func genericFamilyID(_ id: UInt16?, named name: String) async throws(NetlinkError) -> UInt16 {
        if let id { return id }
        return try await genericFamily(named: name).id
    }
}

extension NetlinkAcknowledgement {
    /// The first reply of message type `type` that `decode` makes a value of (`nil`: not this one),
    /// for a `get` answered by one message.
    /// - Throws: `NetlinkError` with `NetlinkError/Code/malformedReply`: for a reply `decode`
    ///   finds malformed, or, naming `what`, when no reply gives a value.
    func firstReply<T>(
        ofType type: UInt16, missing what: String, _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> T?
    ) throws(NetlinkError) -> T {
        var found: T?
        do {
            try forEachReply { message in
                if found == nil, message.type.rawValue == type { found = try decode(message) }
            }
        } catch {
            throw NetlinkError(.malformedReply, sequence: sequence, decodingError: error as? NetlinkDecodingError)
        }
        guard let found else { throw NetlinkError(.malformedReply, sequence: sequence, detail: "no \(what) in the reply") }
        return found
    }
}
