import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// `AUDIT_GET`: the audit status (a connection of family `NetlinkFamily.audit`; needs
    /// `CAP_AUDIT_CONTROL`, else `EPERM`). The state is the host's in every network namespace: read it,
    /// and change it (`AUDIT_SET`) only on purpose.
    public func auditStatus() async throws(NetlinkError) -> AuditStatus {
        try await auditGet(AuditMessageType.get, size: 0) { message throws(NetlinkDecodingError) in try AuditStatus(decoding: message) }
    }

    /// `AUDIT_GET_FEATURE`: the feature bits (loginuid immutable, only-unset loginuid) and their locks.
    public func auditFeatures() async throws(NetlinkError) -> AuditFeatures {
        try await auditGet(AuditMessageType.getFeature, size: AuditFeatures.size) { message throws(NetlinkDecodingError) in
            try AuditFeatures(decoding: message)
        }
    }

    /// `AUDIT_SET`: changes the status fields whose `AuditStatus.Field` bits are in
    /// `status.mask` (acknowledged; `EPERM` without `CAP_AUDIT_CONTROL`). This changes the host's
    /// audit state in every network namespace: never in a test against the real kernel.
    public func setAuditStatus(_ status: AuditStatus) async throws(NetlinkError) {
        try await execute(type: AuditMessageType.set, fixedHeaderSize: AuditStatus.size) { builder in status.encode(into: &builder) }
    }

    /// `AUDIT_SET_FEATURE`: sets the feature bits of `features.mask` to their values in
    /// `features.features`, and locks those of `features.lock` (until reboot).
    public func setAuditFeatures(_ features: AuditFeatures) async throws(NetlinkError) {
        try await execute(type: AuditMessageType.setFeature, fixedHeaderSize: AuditFeatures.size) { builder in features.encode(into: &builder) }
    }

    /// A `GET` of the audit family: sent without `NLM_F_ACK` (the kernel acknowledges before its
    /// audit thread answers), done at the answer of `type`.
    private func auditGet<T>(
        _ type: NetlinkMessageType, size: Int, _ decode: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> T
    ) async throws(NetlinkError) -> T {
        let ack = try await get(type: type, fixedHeaderSize: size) { b in b.appendZeros(size) }
        return try ack.firstReply(missing: "no answer of type \(type.rawValue)") { message throws(NetlinkDecodingError) in
            message.type == type ? try decode(message) : nil
        }
    }
}
