// Helpers to lay out golden bytes field by field, in host byte order (little-endian here).

func u16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
func s32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
func be16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
func be32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
func cstr(_ s: String) -> [UInt8] { Array(s.utf8) + [0] }
func pad(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4) }

/// An attribute: nla_len, nla_type, payload, padding.
func nla(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
    pad(u16(UInt16(4 + payload.count)) + u16(type) + payload)
}

/// A message header followed by a payload, with nlmsg_len computed (unpadded).
func nlmsg(len: UInt32? = nil, type: UInt16, flags: UInt16, seq: UInt32, pid: UInt32, _ payload: [UInt8]) -> [UInt8] {
    u32(len ?? UInt32(16 + payload.count)) + u16(type) + u16(flags) + u32(seq) + u32(pid) + payload
}
