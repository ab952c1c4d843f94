import NetlinkCore
import SystemPackage
import Testing

@Suite("Errors and acknowledgements")
struct ErrorMessageTests {
    /// The request used throughout: RTM_NEWLINK with an ifinfomsg and IFLA_IFNAME.
    static let request: [UInt8] = nlmsg(
        type: 16, flags: 0x0605, seq: 42, pid: 4242,
        [UInt8](repeating: 0, count: 16)  // struct ifinfomsg
            + nla(3, cstr("averyveryverylongname")))  // IFLA_IFNAME at offset 32

    /// An ACK as the kernel sends it: error 0, CAPPED, the request header only.
    @Test func acknowledgement() throws {
        let bytes = nlmsg(
            type: 2, flags: 0x0100, seq: 42, pid: 4242,
            s32(0)  // error: 0
                + Array(Self.request[0..<16]))  // the request's nlmsghdr
        let ack = try NetlinkErrorMessage(decoding: NetlinkMessage(bytes.span.bytes))
        #expect(ack.isAcknowledgement)
        #expect(ack.isCapped)
        #expect(ack.requestHeader.sequence == 42)
        #expect(ack.requestHeader.type.rawValue == 16)
        #expect(ack.requestPayload.isEmpty)
        #expect(ack.extendedAck == nil)
        #expect(NetlinkError.kernelReply(ack) == nil)
    }

    /// An error with the payload echoed (no CAP_ACK) and every extended-ack TLV.
    @Test func errorWithEveryTLV() throws {
        let echoed = Array(Self.request[16...])
        let tlvs =
            nla(1, cstr("Attribute failed policy validation"))  // NLMSGERR_ATTR_MSG
            + nla(2, u32(32))  // NLMSGERR_ATTR_OFFS
            + nla(3, [0xC0, 0x0C, 0x1E])  // NLMSGERR_ATTR_COOKIE
            + u16(4 + 8 + 8) + u16(0x8000 | 4)  // NLMSGERR_ATTR_POLICY, nested
            + nla(1, u32(12))  //   NL_POLICY_TYPE_ATTR_TYPE = NL_ATTR_TYPE_NUL_STRING
            + nla(7, u32(16))  //   NL_POLICY_TYPE_ATTR_MAX_LENGTH = 16
            + nla(5, u32(3))  // NLMSGERR_ATTR_MISS_TYPE
            + nla(6, u32(20))  // NLMSGERR_ATTR_MISS_NEST
            + nla(99, [1, 2])  // unknown TLV: skipped
        let bytes = nlmsg(
            type: 2, flags: 0x0200, seq: 42, pid: 4242,
            s32(-34)  // error: -ERANGE
                + Array(Self.request[0..<16])  // request header
                + pad(echoed)  // request payload, padded
                + tlvs)
        let error = try NetlinkErrorMessage(decoding: NetlinkMessage(bytes.span.bytes))
        #expect(error.error == -34)
        #expect(!error.isCapped)
        #expect(error.requestPayload == echoed)
        let ack = try #require(error.extendedAck)
        #expect(ack.message == "Attribute failed policy validation")
        #expect(ack.offset == 32)
        #expect(ack.cookie == [0xC0, 0x0C, 0x1E])
        #expect(ack.policy?.type == 12)
        #expect(ack.policy?.maximumLength == 16)
        #expect(ack.missingType == 3)
        #expect(ack.missingNest == 20)

        let netlinkError = try #require(NetlinkError.kernelReply(error, request: Self.request, fixedHeaderSize: 16))
        #expect(netlinkError.code == .kernelError)
        #expect(netlinkError.errno == .outOfRange)
        #expect(netlinkError.sequence == 42)
        #expect(netlinkError.attributePath?.types == [3])
        #expect(netlinkError.description == "Error: Attribute failed policy validation.")
        let naming = NetlinkAttributeNameTable(topLevel: [3: "IFLA_IFNAME"])
        #expect(netlinkError.attributePath?.description(naming: naming) == "IFLA_IFNAME")
    }

    /// With CAP_ACK the error carries no payload; TLVs follow the header directly.
    @Test func cappedErrorWithMessage() throws {
        let bytes = nlmsg(
            type: 2, flags: 0x0300, seq: 42, pid: 4242,
            s32(-22) + Array(Self.request[0..<16]) + nla(1, cstr("Invalid header for link dump")))
        let error = try NetlinkErrorMessage(decoding: NetlinkMessage(bytes.span.bytes))
        #expect(error.isCapped)
        #expect(error.requestPayload.isEmpty)
        #expect(error.extendedAck?.message == "Invalid header for link dump")
    }

    /// A successful ACK can carry a warning.
    @Test func acknowledgementWithWarning() throws {
        let bytes = nlmsg(type: 2, flags: 0x0300, seq: 1, pid: 1, s32(0) + Array(Self.request[0..<16]) + nla(1, cstr("Warning text")))
        let ack = try NetlinkErrorMessage(decoding: NetlinkMessage(bytes.span.bytes))
        #expect(ack.isAcknowledgement)
        #expect(ack.extendedAck?.message == "Warning text")
    }

    /// A dump that ends in DONE with -EINVAL and an extended-ack message is a failed dump.
    @Test func doneWithError() throws {
        let bytes = nlmsg(
            type: 3, flags: 0x0202, seq: 9, pid: 4242,  // MULTI | ACK_TLVS
            s32(-22)  // error: -EINVAL
                + nla(1, cstr("Invalid header for link dump")))  // NLMSGERR_ATTR_MSG
        let done = try NetlinkDoneMessage(decoding: NetlinkMessage(bytes.span.bytes))
        #expect(done.error == -22)
        #expect(done.extendedAck?.message == "Invalid header for link dump")
        #expect(!done.isInterrupted)
        let error = try #require(NetlinkError.dumpDone(done, sequence: 9))
        #expect(error.code == .dumpFailed)
        #expect(error.errno == .invalidArgument)
        #expect(error.description == "Error: Invalid header for link dump.")
        #expect(NetlinkError.dumpDone(NetlinkDoneMessage()) == nil)
    }

    /// Encode then decode gives the same value, for ACKs, errors and DONE.
    @Test func roundTrip() throws {
        let header = try NetlinkMessageHeader(decoding: Self.request.span.bytes)
        let values = [
            NetlinkErrorMessage(error: 0, requestHeader: header, isCapped: true),
            NetlinkErrorMessage(error: -1, requestHeader: header, requestPayload: Array(Self.request[16...]), isCapped: false),
            NetlinkErrorMessage(
                error: -95, requestHeader: header, isCapped: true,
                extendedAck: NetlinkExtendedAck(
                    message: "m", offset: 4, cookie: [1], policy: { var p = NetlinkAttributePolicy(); p.minimumSigned = -3; p.mask = 0xFF; return p }(),
                    missingType: 1, missingNest: 2)),
        ]
        for value in values {
            var b = NetlinkMessageBuilder()
            try value.encode(into: &b)
            let decoded = try NetlinkErrorMessage(decoding: NetlinkMessage(b.bytes.span.bytes))
            #expect(decoded == value)
        }
        let done = NetlinkDoneMessage(error: -4, extendedAck: NetlinkExtendedAck(message: "x"), isInterrupted: true)
        var b = NetlinkMessageBuilder()
        try done.encode(into: &b, sequence: 1, portID: 2)
        #expect(try NetlinkDoneMessage(decoding: NetlinkMessage(b.bytes.span.bytes)) == done)
    }

    /// Descriptions read like iproute2's.
    @Test func descriptions() {
        #expect(NetlinkError(.kernelError, errno: .operationNotSupportedByDevice).description == "RTNETLINK answers: No such device")
        #expect(NetlinkError(.kernelError, errno: .fileExists, extendedAck: NetlinkExtendedAck(message: "Already there.")).description == "Error: Already there.")
        #expect(NetlinkError.systemCall("socket", .protocolNotSupported).description == "socket: Protocol not supported")
        #expect(NetlinkError(.replyLost).description.contains("outcome of the request is unknown"))
    }
}
