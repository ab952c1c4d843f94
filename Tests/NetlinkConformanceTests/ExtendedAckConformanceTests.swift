// The attribute types of NetlinkExtendedAck and NetlinkAttributePolicy against
// `enum nlmsgerr_attrs` and `enum netlink_policy_type_attr` of <linux/netlink.h>.

import CNetlinkShim
import NetlinkCore
import Testing

/// One hand-written attribute type and the value of its C enumerator.
struct AttributeTypeCase: Sendable, CustomTestStringConvertible {
    var swift: UInt16
    var header: UInt32
    var cName: String
    var testDescription: String { cName }

    init(_ swift: UInt16, _ header: UInt32, _ cName: String) {
        self.swift = swift
        self.header = header
        self.cName = cName
    }
}

/// Every `NLMSGERR_ATTR_*` the Swift code names.
let extendedAckCases: [AttributeTypeCase] = [
    AttributeTypeCase(NetlinkExtendedAck.AttributeType.message, NLMSGERR_ATTR_MSG.rawValue, "NLMSGERR_ATTR_MSG"),
    AttributeTypeCase(NetlinkExtendedAck.AttributeType.offset, NLMSGERR_ATTR_OFFS.rawValue, "NLMSGERR_ATTR_OFFS"),
    AttributeTypeCase(NetlinkExtendedAck.AttributeType.cookie, NLMSGERR_ATTR_COOKIE.rawValue, "NLMSGERR_ATTR_COOKIE"),
    AttributeTypeCase(NetlinkExtendedAck.AttributeType.policy, NLMSGERR_ATTR_POLICY.rawValue, "NLMSGERR_ATTR_POLICY"),
    AttributeTypeCase(NetlinkExtendedAck.AttributeType.missingType, NLMSGERR_ATTR_MISS_TYPE.rawValue, "NLMSGERR_ATTR_MISS_TYPE"),
    AttributeTypeCase(NetlinkExtendedAck.AttributeType.missingNest, NLMSGERR_ATTR_MISS_NEST.rawValue, "NLMSGERR_ATTR_MISS_NEST"),
]

/// Every `NL_POLICY_TYPE_ATTR_*` the Swift code names.
let policyCases: [AttributeTypeCase] = {
    typealias T = NetlinkAttributePolicy.AttributeType
    return [
        AttributeTypeCase(T.type, NL_POLICY_TYPE_ATTR_TYPE.rawValue, "NL_POLICY_TYPE_ATTR_TYPE"),
        AttributeTypeCase(T.minimumSigned, NL_POLICY_TYPE_ATTR_MIN_VALUE_S.rawValue, "NL_POLICY_TYPE_ATTR_MIN_VALUE_S"),
        AttributeTypeCase(T.maximumSigned, NL_POLICY_TYPE_ATTR_MAX_VALUE_S.rawValue, "NL_POLICY_TYPE_ATTR_MAX_VALUE_S"),
        AttributeTypeCase(T.minimumUnsigned, NL_POLICY_TYPE_ATTR_MIN_VALUE_U.rawValue, "NL_POLICY_TYPE_ATTR_MIN_VALUE_U"),
        AttributeTypeCase(T.maximumUnsigned, NL_POLICY_TYPE_ATTR_MAX_VALUE_U.rawValue, "NL_POLICY_TYPE_ATTR_MAX_VALUE_U"),
        AttributeTypeCase(T.minimumLength, NL_POLICY_TYPE_ATTR_MIN_LENGTH.rawValue, "NL_POLICY_TYPE_ATTR_MIN_LENGTH"),
        AttributeTypeCase(T.maximumLength, NL_POLICY_TYPE_ATTR_MAX_LENGTH.rawValue, "NL_POLICY_TYPE_ATTR_MAX_LENGTH"),
        AttributeTypeCase(T.policyIndex, NL_POLICY_TYPE_ATTR_POLICY_IDX.rawValue, "NL_POLICY_TYPE_ATTR_POLICY_IDX"),
        AttributeTypeCase(T.policyMaximumType, NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE.rawValue, "NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE"),
        AttributeTypeCase(T.bitfield32Mask, NL_POLICY_TYPE_ATTR_BITFIELD32_MASK.rawValue, "NL_POLICY_TYPE_ATTR_BITFIELD32_MASK"),
        AttributeTypeCase(T.pad, NL_POLICY_TYPE_ATTR_PAD.rawValue, "NL_POLICY_TYPE_ATTR_PAD"),
        AttributeTypeCase(T.mask, NL_POLICY_TYPE_ATTR_MASK.rawValue, "NL_POLICY_TYPE_ATTR_MASK"),
    ]
}()

@Suite("Extended-ack attribute types vs NLMSGERR_ATTR_* and NL_POLICY_TYPE_ATTR_*")
struct ExtendedAckConformanceTests {
    /// Each extended-ack attribute type equals its `NLMSGERR_ATTR_*` enumerator.
    @Test(arguments: extendedAckCases)
    func extendedAckAttributeType(_ c: AttributeTypeCase) {
        #expect(UInt32(c.swift) == c.header, "\(c.cName)")
    }

    /// The Swift code names every extended-ack attribute of the header: 1 to `NLMSGERR_ATTR_MAX`.
    @Test func extendedAckCoversTheHeader() {
        let named = Set(extendedAckCases.map { UInt32($0.swift) })
        #expect(named == Set(1...NLMSGERR_ATTR_MAX.rawValue))
    }

    /// Each policy attribute type equals its `NL_POLICY_TYPE_ATTR_*` enumerator.
    @Test(arguments: policyCases)
    func policyAttributeType(_ c: AttributeTypeCase) {
        #expect(UInt32(c.swift) == c.header, "\(c.cName)")
    }

    /// The Swift code names every policy attribute of the header: 1 to `NL_POLICY_TYPE_ATTR_MAX`.
    @Test func policyCoversTheHeader() {
        let named = Set(policyCases.map { UInt32($0.swift) })
        #expect(named == Set(1...NL_POLICY_TYPE_ATTR_MAX.rawValue))
    }
}
