// NetlinkAlignment, the length helpers of NetlinkMessageHeader and the attribute constants of
// NetlinkAttribute against the NLMSG_* and NLA_* macros of <linux/netlink.h>.

import CNetlinkShim
import NetlinkCore
import Testing

/// Lengths beyond the small range, up to the 16-bit attribute limit and past it.
let largeLengths: [Int] = [
    100, 255, 256, 257, 1023, 1024, 4093, 4094, 4095, 4096, 32_767, 32_768, 65_531, 65_532,
    65_533, 65_534, 65_535, 65_536, 1 << 20, (1 << 20) + 1, Int(Int32.max) - 1024 - 3,
]

@Suite("NetlinkAlignment vs NLMSG_ALIGN / NLA_ALIGN")
struct AlignmentConformanceTests {
    /// The boundary equals both `NLMSG_ALIGNTO` and `NLA_ALIGNTO`.
    @Test func boundary() {
        #expect(NetlinkAlignment.boundary == Int(NLMSG_ALIGNTO))
        #expect(NetlinkAlignment.boundary == Int(NLA_ALIGNTO))
    }

    /// `align(n)` equals `NLMSG_ALIGN(n)` and `NLA_ALIGN(n)` for every n in 0...64.
    @Test(arguments: 0...64)
    func alignSmall(_ n: Int) {
        #expect(NetlinkAlignment.align(n) == Int(shim_NLMSG_ALIGN(UInt32(n))))
        #expect(NetlinkAlignment.align(n) == Int(shim_NLA_ALIGN(Int32(n))))
    }

    /// `align(n)` equals the macros for larger lengths too.
    @Test(arguments: largeLengths)
    func alignLarge(_ n: Int) {
        #expect(NetlinkAlignment.align(n) == Int(shim_NLMSG_ALIGN(UInt32(n))))
        #expect(NetlinkAlignment.align(n) == Int(shim_NLA_ALIGN(Int32(n))))
    }
}

@Suite("NetlinkMessageHeader lengths vs NLMSG_HDRLEN / NLMSG_LENGTH / NLMSG_SPACE / NLMSG_PAYLOAD")
struct MessageLengthConformanceTests {
    /// The header size equals `NLMSG_HDRLEN`.
    @Test func headerLength() {
        #expect(NetlinkMessageHeader.size == Int(shim_NLMSG_HDRLEN()))
    }

    /// `length(payload:)` equals `NLMSG_LENGTH` and `space(payload:)` equals `NLMSG_SPACE`, for
    /// payloads of 0 to 300 bytes and some larger ones.
    @Test(arguments: Array(0...300) + largeLengths)
    func lengthAndSpace(_ payload: Int) {
        #expect(NetlinkMessageHeader.length(payload: payload) == Int(shim_NLMSG_LENGTH(Int32(payload))))
        #expect(NetlinkMessageHeader.space(payload: payload) == Int(shim_NLMSG_SPACE(Int32(payload))))
    }

    /// `payloadLength(after:)` equals `NLMSG_PAYLOAD` whenever the macro's result is not negative,
    /// and is `nil` exactly when it is (where the macro would wrap around).
    @Test(arguments: [0, 1, 3, 4, 8, 12, 13, 16, 20, 28, 44, 64])
    func payloadLength(_ fixedHeader: Int) {
        for length in [16, 17, 19, 20, 24, 28, 32, 36, 40, 44, 48, 60, 64, 80, 81, 100, 4096] {
            let header = NetlinkMessageHeader(length: UInt32(length), type: .error)
            let c = Int(shim_NLMSG_PAYLOAD(UInt32(length), Int32(fixedHeader)))
            #expect(header.payloadLength(after: fixedHeader) == (c >= 0 ? c : nil), "nlmsg_len \(length)")
        }
    }
}

@Suite("NetlinkAttribute constants vs NLA_*")
struct AttributeConstantsConformanceTests {
    /// The attribute header size equals `NLA_HDRLEN`.
    @Test func headerSize() {
        #expect(NetlinkAttribute.headerSize == Int(shim_NLA_HDRLEN()))
    }

    /// The nested flag equals `NLA_F_NESTED`.
    @Test func nestedFlag() {
        #expect(Int(NetlinkAttribute.nestedFlag) == Int(NLA_F_NESTED))
    }

    /// The network-byte-order flag equals `NLA_F_NET_BYTEORDER`.
    @Test func networkByteOrderFlag() {
        #expect(Int(NetlinkAttribute.networkByteOrderFlag) == Int(NLA_F_NET_BYTEORDER))
    }

    /// The type mask equals `NLA_TYPE_MASK` in the 16 bits of `nla_type`. The macro is
    /// `~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)`, an `int` whose high 16 bits are all set too.
    @Test func typeMask() {
        let c = shim_NLA_TYPE_MASK()
        #expect(NetlinkAttribute.typeMask == UInt16(truncatingIfNeeded: c))
        // The bits above nla_type's 16 are the ones the int carries and nla_type cannot.
        #expect(c >> 16 == -1)
    }

    /// The largest payload is what a 16-bit `nla_len` (the field's width in `struct nlattr`)
    /// leaves after `NLA_HDRLEN`.
    @Test func maximumPayloadSize() {
        let lengthFieldMaximum = Int(type(of: nlattr().nla_len).max)
        #expect(NetlinkAttribute.maximumPayloadSize == lengthFieldMaximum - Int(shim_NLA_HDRLEN()))
    }
}
