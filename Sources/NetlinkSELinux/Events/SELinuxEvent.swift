import NetlinkCore

/// A notification of `NETLINK_SELINUX` (group `SELNLGRP_AVC`, 1), `<linux/selinux_netlink.h>`:
/// the kernel tells listeners that the enforcing mode changed or a policy was loaded.
public enum SELinuxEvent: Hashable, Sendable {
    /// `SELNL_MSG_SETENFORCE` (0x10): `struct selnl_msg_setenforce { __s32 val; }` — 1 enforcing,
    /// 0 permissive.
    case setEnforce(Int32)
    /// `SELNL_MSG_POLICYLOAD` (0x11): `struct selnl_msg_policyload { __u32 seqno; }` — the policy's
    /// load sequence number.
    case policyLoad(sequence: UInt32)

    /// The message types and the group.
    public enum MessageType {
        public static let setEnforce = NetlinkMessageType(rawValue: 0x10)
        public static let policyLoad = NetlinkMessageType(rawValue: 0x11)
    }
    /// `SELNLGRP_AVC`.
    public static let avcGroup: UInt32 = 1

    /// Decodes one message; `nil` for a type this family does not define (a newer kernel's).
    public init?(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        switch message.type {
        case MessageType.setEnforce, MessageType.policyLoad:
            guard payload.byteCount >= 4 else {
                throw NetlinkDecodingError(
                    .truncatedStructure, offset: message.offset + NetlinkMessageHeader.size, expected: 4, actual: payload.byteCount,
                    context: message.type == MessageType.setEnforce ? "struct selnl_msg_setenforce" : "struct selnl_msg_policyload")
            }
            if message.type == MessageType.setEnforce {
                self = .setEnforce(payload.unsafeLoadUnaligned(fromByteOffset: 0, as: Int32.self))
            } else {
                self = .policyLoad(sequence: payload.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self))
            }
        default:
            return nil
        }
    }
}
