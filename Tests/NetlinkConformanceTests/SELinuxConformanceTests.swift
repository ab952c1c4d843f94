// NetlinkSELinux's constants against the 6.1 UAPI header <linux/selinux_netlink.h>.

import CNetlinkShim
import NetlinkCore
import NetlinkSELinux
import Testing

let selinuxConstantCases: [ConstantCase] = [
    ConstantCase(SELinuxEvent.MessageType.setEnforce.rawValue, SELNL_MSG_SETENFORCE, "SELNL_MSG_SETENFORCE"),
    ConstantCase(SELinuxEvent.MessageType.policyLoad.rawValue, SELNL_MSG_POLICYLOAD, "SELNL_MSG_POLICYLOAD"),
    ConstantCase(SELinuxEvent.avcGroup, SELNLGRP_AVC.rawValue, "SELNLGRP_AVC"),
    ConstantCase(4, MemoryLayout<selnl_msg_setenforce>.size, "sizeof(struct selnl_msg_setenforce)"),
    ConstantCase(4, MemoryLayout<selnl_msg_policyload>.size, "sizeof(struct selnl_msg_policyload)"),
]

@Suite("SELinux constants vs <linux/selinux_netlink.h>")
struct SELinuxConformanceTests {
    @Test(arguments: selinuxConstantCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }
}
