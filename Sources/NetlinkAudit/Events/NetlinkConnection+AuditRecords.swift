import Netlink
import NetlinkCore

/// The kernel's audit records from the `AUDIT_NLGRP_READLOG` group: an `AsyncSequence` of
/// ``AuditRecord`` and overruns, made by `NetlinkConnection.auditRecords()`.
public typealias AuditRecords = NetlinkDecodedEvents<AuditRecord>

extension NetlinkDecodedEvents where Event == AuditRecord {
    /// The records of `connection`, which must already have joined `AUDIT_NLGRP_READLOG` (a
    /// test's fake kernel, or a subscription).
    public init(connection: NetlinkConnection) {
        self.init(connection: connection, context: "an audit record") { message throws(NetlinkDecodingError) in
            AuditRecord(decoding: message)
        }
    }
}

extension NetlinkConnection {
    /// Joins `AUDIT_NLGRP_READLOG` (read only, "best effort": records are dropped rather than
    /// waited for): the kernel's audit records as they are logged. Needs `CAP_NET_ADMIN` and
    /// `CAP_AUDIT_READ`; the kernel multicasts its records in the initial network namespace only.
    /// Nothing about the audit state changes.
    public func auditRecords() async throws(NetlinkError) -> AuditRecords {
        AuditRecords(connection: try await subscribe(groups: [AuditMessageType.readLogGroup]))
    }
}
