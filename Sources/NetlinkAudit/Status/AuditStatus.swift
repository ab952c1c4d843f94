import NetlinkCore

/// `struct audit_status`: the audit subsystem's state (the host's, whatever the network namespace),
/// answered to `AUDIT_GET`.
///
/// ```text
///  0 mask  4 enabled  8 failure  12 pid  16 rate_limit  20 backlog_limit  24 lost  28 backlog
/// 32 feature_bitmap (was version)  36 backlog_wait_time  40 backlog_wait_time_actual     (44 bytes)
/// ```
/// An older kernel's shorter structure leaves the fields it lacks `nil`.
public struct AuditStatus: Hashable, Sendable {
    /// `AUDIT_STATUS_*` bits: which fields a `SET` carries.
    public var mask: UInt32
    /// 0 off, 1 on, 2 on and locked (immutable until reboot).
    public var enabled: UInt32
    /// What a failure to log does: 0 silent, 1 printk, 2 panic.
    public var failure: UInt32
    /// The audit daemon's PID (0: none).
    public var pid: UInt32
    public var rateLimit: UInt32, backlogLimit: UInt32, lost: UInt32, backlog: UInt32
    /// `AUDIT_FEATURE_BITMAP_*`: what the kernel supports (backlog limit, wait time, executable
    /// filter, session ID filter, lost reset, filesystem filter...).
    public var featureBitmap: UInt32?
    public var backlogWaitTime: UInt32?, backlogWaitTimeActual: UInt32?

    /// The `AUDIT_STATUS_*` bits of ``mask``.
    public enum Field {
        public static let enabled: UInt32 = 0x0001, failure: UInt32 = 0x0002, pid: UInt32 = 0x0004, rateLimit: UInt32 = 0x0008
        public static let backlogLimit: UInt32 = 0x0010, backlogWaitTime: UInt32 = 0x0020, lost: UInt32 = 0x0040
        public static let backlogWaitTimeActual: UInt32 = 0x0080
    }

    /// `sizeof(struct audit_status)` in the 6.1 headers.
    public static let size = 44

    public init(mask: UInt32 = 0, enabled: UInt32 = 0, failure: UInt32 = 0, pid: UInt32 = 0, rateLimit: UInt32 = 0, backlogLimit: UInt32 = 0,
                lost: UInt32 = 0, backlog: UInt32 = 0, featureBitmap: UInt32? = nil, backlogWaitTime: UInt32? = nil, backlogWaitTimeActual: UInt32? = nil) {
        (self.mask, self.enabled, self.failure, self.pid) = (mask, enabled, failure, pid)
        (self.rateLimit, self.backlogLimit, self.lost, self.backlog) = (rateLimit, backlogLimit, lost, backlog)
        (self.featureBitmap, self.backlogWaitTime, self.backlogWaitTimeActual) = (featureBitmap, backlogWaitTime, backlogWaitTimeActual)
    }

    /// Decodes an `AUDIT_GET` answer; at least the eight fields every kernel sends (32 bytes).
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= 32 else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: 32, actual: payload.byteCount,
                context: "struct audit_status")
        }
        func word(_ index: Int) -> UInt32? {
            index * 4 + 4 <= payload.byteCount ? payload.unsafeLoadUnaligned(fromByteOffset: index * 4, as: UInt32.self) : nil
        }
        self.init(mask: word(0)!, enabled: word(1)!, failure: word(2)!, pid: word(3)!, rateLimit: word(4)!, backlogLimit: word(5)!,
                  lost: word(6)!, backlog: word(7)!, featureBitmap: word(8), backlogWaitTime: word(9), backlogWaitTimeActual: word(10))
    }

    /// The structure's bytes (absent fields 0), as an `AUDIT_SET` carries them.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        for value in [mask, enabled, failure, pid, rateLimit, backlogLimit, lost, backlog, featureBitmap ?? 0, backlogWaitTime ?? 0, backlogWaitTimeActual ?? 0] {
            builder.append(value)
        }
    }
}

/// `struct audit_features` (`AUDIT_GET_FEATURE`): feature bits, which of them the answer covers,
/// and which are locked.
public struct AuditFeatures: Hashable, Sendable {
    /// `AUDIT_FEATURE_VERSION` (1).
    public var version: UInt32
    public var mask: UInt32, features: UInt32, lock: UInt32

    /// `AUDIT_FEATURE_ONLY_UNSET_LOGINUID` (0) and `AUDIT_FEATURE_LOGINUID_IMMUTABLE` (1): bit
    /// numbers (`AUDIT_FEATURE_TO_MASK`: `1 << n`).
    public static let onlyUnsetLoginUID: UInt32 = 0, loginUIDImmutable: UInt32 = 1
    /// `sizeof(struct audit_features)`.
    public static let size = 16

    public init(version: UInt32 = 1, mask: UInt32, features: UInt32, lock: UInt32) {
        (self.version, self.mask, self.features, self.lock) = (version, mask, features, lock)
    }

    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: Self.size, actual: payload.byteCount,
                context: "struct audit_features")
        }
        self.init(version: payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self), mask: payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self),
                  features: payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self), lock: payload.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self))
    }

    public func encode(into builder: inout NetlinkMessageBuilder) {
        for value in [version, mask, features, lock] { builder.append(value) }
    }

    /// Whether feature `bit` is covered by the answer, on, and locked.
    public func covers(_ bit: UInt32) -> Bool { mask & (1 << bit) != 0 }
    public func isOn(_ bit: UInt32) -> Bool { features & (1 << bit) != 0 }
    public func isLocked(_ bit: UInt32) -> Bool { lock & (1 << bit) != 0 }
}
