// The link details constants of NetlinkRoute (LinkAttribute.Info, .Details, .Bridge, .BridgePort,
// .MACVLAN, .VXLAN, .Tun, .Inet6) against the UAPI headers (<linux/if_link.h>): IFLA_INFO_*, IFLA_*,
// IFLA_BR_*, IFLA_BRPORT_*, IFLA_MACVLAN_*, IFLA_VXLAN_*, IFLA_TUN_*, IFLA_INET6_*. The constants
// documented as newer than the 6.1 headers are checked to lie past the headers' last enumerator.

import CNetlinkShim
import Glibc
import NetlinkRoute
import Testing

let linkDetailsConstantCases: [ConstantCase] = [
    // LinkAttribute.Info
    ConstantCase(LinkAttribute.Info.kind, IFLA_INFO_KIND, "IFLA_INFO_KIND"),
    ConstantCase(LinkAttribute.Info.data, IFLA_INFO_DATA, "IFLA_INFO_DATA"),
    ConstantCase(LinkAttribute.Info.extendedStatistics, IFLA_INFO_XSTATS, "IFLA_INFO_XSTATS"),
    ConstantCase(LinkAttribute.Info.portKind, IFLA_INFO_SLAVE_KIND, "IFLA_INFO_SLAVE_KIND"),
    ConstantCase(LinkAttribute.Info.portData, IFLA_INFO_SLAVE_DATA, "IFLA_INFO_SLAVE_DATA"),
    // LinkAttribute.Details
    ConstantCase(LinkAttribute.Details.promiscuity, IFLA_PROMISCUITY, "IFLA_PROMISCUITY"),
    ConstantCase(LinkAttribute.Details.addressFamilySpecific, IFLA_AF_SPEC, "IFLA_AF_SPEC"),
    ConstantCase(LinkAttribute.Details.physicalPortID, IFLA_PHYS_PORT_ID, "IFLA_PHYS_PORT_ID"),
    ConstantCase(LinkAttribute.Details.physicalSwitchID, IFLA_PHYS_SWITCH_ID, "IFLA_PHYS_SWITCH_ID"),
    ConstantCase(LinkAttribute.Details.physicalPortName, IFLA_PHYS_PORT_NAME, "IFLA_PHYS_PORT_NAME"),
    ConstantCase(LinkAttribute.Details.parentDeviceName, IFLA_PARENT_DEV_NAME, "IFLA_PARENT_DEV_NAME"),
    ConstantCase(LinkAttribute.Details.parentDeviceBusName, IFLA_PARENT_DEV_BUS_NAME, "IFLA_PARENT_DEV_BUS_NAME"),
    ConstantCase(LinkAttribute.Details.allMulticast, IFLA_ALLMULTI, "IFLA_ALLMULTI"),
    // LinkAttribute.Bridge
    ConstantCase(LinkAttribute.Bridge.forwardDelay, IFLA_BR_FORWARD_DELAY, "IFLA_BR_FORWARD_DELAY"),
    ConstantCase(LinkAttribute.Bridge.helloTime, IFLA_BR_HELLO_TIME, "IFLA_BR_HELLO_TIME"),
    ConstantCase(LinkAttribute.Bridge.maxAge, IFLA_BR_MAX_AGE, "IFLA_BR_MAX_AGE"),
    ConstantCase(LinkAttribute.Bridge.ageingTime, IFLA_BR_AGEING_TIME, "IFLA_BR_AGEING_TIME"),
    ConstantCase(LinkAttribute.Bridge.stpState, IFLA_BR_STP_STATE, "IFLA_BR_STP_STATE"),
    ConstantCase(LinkAttribute.Bridge.priority, IFLA_BR_PRIORITY, "IFLA_BR_PRIORITY"),
    ConstantCase(LinkAttribute.Bridge.vlanFiltering, IFLA_BR_VLAN_FILTERING, "IFLA_BR_VLAN_FILTERING"),
    ConstantCase(LinkAttribute.Bridge.vlanProtocol, IFLA_BR_VLAN_PROTOCOL, "IFLA_BR_VLAN_PROTOCOL"),
    ConstantCase(LinkAttribute.Bridge.groupForwardMask, IFLA_BR_GROUP_FWD_MASK, "IFLA_BR_GROUP_FWD_MASK"),
    ConstantCase(LinkAttribute.Bridge.rootID, IFLA_BR_ROOT_ID, "IFLA_BR_ROOT_ID"),
    ConstantCase(LinkAttribute.Bridge.bridgeID, IFLA_BR_BRIDGE_ID, "IFLA_BR_BRIDGE_ID"),
    ConstantCase(LinkAttribute.Bridge.rootPort, IFLA_BR_ROOT_PORT, "IFLA_BR_ROOT_PORT"),
    ConstantCase(LinkAttribute.Bridge.rootPathCost, IFLA_BR_ROOT_PATH_COST, "IFLA_BR_ROOT_PATH_COST"),
    ConstantCase(LinkAttribute.Bridge.topologyChange, IFLA_BR_TOPOLOGY_CHANGE, "IFLA_BR_TOPOLOGY_CHANGE"),
    ConstantCase(LinkAttribute.Bridge.topologyChangeDetected, IFLA_BR_TOPOLOGY_CHANGE_DETECTED, "IFLA_BR_TOPOLOGY_CHANGE_DETECTED"),
    ConstantCase(LinkAttribute.Bridge.helloTimer, IFLA_BR_HELLO_TIMER, "IFLA_BR_HELLO_TIMER"),
    ConstantCase(LinkAttribute.Bridge.tcnTimer, IFLA_BR_TCN_TIMER, "IFLA_BR_TCN_TIMER"),
    ConstantCase(LinkAttribute.Bridge.topologyChangeTimer, IFLA_BR_TOPOLOGY_CHANGE_TIMER, "IFLA_BR_TOPOLOGY_CHANGE_TIMER"),
    ConstantCase(LinkAttribute.Bridge.gcTimer, IFLA_BR_GC_TIMER, "IFLA_BR_GC_TIMER"),
    ConstantCase(LinkAttribute.Bridge.groupAddress, IFLA_BR_GROUP_ADDR, "IFLA_BR_GROUP_ADDR"),
    ConstantCase(LinkAttribute.Bridge.fdbFlush, IFLA_BR_FDB_FLUSH, "IFLA_BR_FDB_FLUSH"),
    ConstantCase(LinkAttribute.Bridge.multicastRouter, IFLA_BR_MCAST_ROUTER, "IFLA_BR_MCAST_ROUTER"),
    ConstantCase(LinkAttribute.Bridge.multicastSnooping, IFLA_BR_MCAST_SNOOPING, "IFLA_BR_MCAST_SNOOPING"),
    ConstantCase(LinkAttribute.Bridge.multicastQueryUseInterfaceAddress, IFLA_BR_MCAST_QUERY_USE_IFADDR, "IFLA_BR_MCAST_QUERY_USE_IFADDR"),
    ConstantCase(LinkAttribute.Bridge.multicastQuerier, IFLA_BR_MCAST_QUERIER, "IFLA_BR_MCAST_QUERIER"),
    ConstantCase(LinkAttribute.Bridge.multicastHashElasticity, IFLA_BR_MCAST_HASH_ELASTICITY, "IFLA_BR_MCAST_HASH_ELASTICITY"),
    ConstantCase(LinkAttribute.Bridge.multicastHashMax, IFLA_BR_MCAST_HASH_MAX, "IFLA_BR_MCAST_HASH_MAX"),
    ConstantCase(LinkAttribute.Bridge.multicastLastMemberCount, IFLA_BR_MCAST_LAST_MEMBER_CNT, "IFLA_BR_MCAST_LAST_MEMBER_CNT"),
    ConstantCase(LinkAttribute.Bridge.multicastStartupQueryCount, IFLA_BR_MCAST_STARTUP_QUERY_CNT, "IFLA_BR_MCAST_STARTUP_QUERY_CNT"),
    ConstantCase(LinkAttribute.Bridge.multicastLastMemberInterval, IFLA_BR_MCAST_LAST_MEMBER_INTVL, "IFLA_BR_MCAST_LAST_MEMBER_INTVL"),
    ConstantCase(LinkAttribute.Bridge.multicastMembershipInterval, IFLA_BR_MCAST_MEMBERSHIP_INTVL, "IFLA_BR_MCAST_MEMBERSHIP_INTVL"),
    ConstantCase(LinkAttribute.Bridge.multicastQuerierInterval, IFLA_BR_MCAST_QUERIER_INTVL, "IFLA_BR_MCAST_QUERIER_INTVL"),
    ConstantCase(LinkAttribute.Bridge.multicastQueryInterval, IFLA_BR_MCAST_QUERY_INTVL, "IFLA_BR_MCAST_QUERY_INTVL"),
    ConstantCase(LinkAttribute.Bridge.multicastQueryResponseInterval, IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, "IFLA_BR_MCAST_QUERY_RESPONSE_INTVL"),
    ConstantCase(LinkAttribute.Bridge.multicastStartupQueryInterval, IFLA_BR_MCAST_STARTUP_QUERY_INTVL, "IFLA_BR_MCAST_STARTUP_QUERY_INTVL"),
    ConstantCase(LinkAttribute.Bridge.netfilterCallIPTables, IFLA_BR_NF_CALL_IPTABLES, "IFLA_BR_NF_CALL_IPTABLES"),
    ConstantCase(LinkAttribute.Bridge.netfilterCallIP6Tables, IFLA_BR_NF_CALL_IP6TABLES, "IFLA_BR_NF_CALL_IP6TABLES"),
    ConstantCase(LinkAttribute.Bridge.netfilterCallARPTables, IFLA_BR_NF_CALL_ARPTABLES, "IFLA_BR_NF_CALL_ARPTABLES"),
    ConstantCase(LinkAttribute.Bridge.vlanDefaultPVID, IFLA_BR_VLAN_DEFAULT_PVID, "IFLA_BR_VLAN_DEFAULT_PVID"),
    ConstantCase(LinkAttribute.Bridge.pad, IFLA_BR_PAD, "IFLA_BR_PAD"),
    ConstantCase(LinkAttribute.Bridge.vlanStatisticsEnabled, IFLA_BR_VLAN_STATS_ENABLED, "IFLA_BR_VLAN_STATS_ENABLED"),
    ConstantCase(LinkAttribute.Bridge.multicastStatisticsEnabled, IFLA_BR_MCAST_STATS_ENABLED, "IFLA_BR_MCAST_STATS_ENABLED"),
    ConstantCase(LinkAttribute.Bridge.multicastIGMPVersion, IFLA_BR_MCAST_IGMP_VERSION, "IFLA_BR_MCAST_IGMP_VERSION"),
    ConstantCase(LinkAttribute.Bridge.multicastMLDVersion, IFLA_BR_MCAST_MLD_VERSION, "IFLA_BR_MCAST_MLD_VERSION"),
    ConstantCase(LinkAttribute.Bridge.vlanStatisticsPerPort, IFLA_BR_VLAN_STATS_PER_PORT, "IFLA_BR_VLAN_STATS_PER_PORT"),
    ConstantCase(LinkAttribute.Bridge.multiBooleanOption, IFLA_BR_MULTI_BOOLOPT, "IFLA_BR_MULTI_BOOLOPT"),
    ConstantCase(LinkAttribute.Bridge.multicastQuerierState, IFLA_BR_MCAST_QUERIER_STATE, "IFLA_BR_MCAST_QUERIER_STATE"),
    // LinkAttribute.BridgePort
    ConstantCase(LinkAttribute.BridgePort.state, IFLA_BRPORT_STATE, "IFLA_BRPORT_STATE"),
    ConstantCase(LinkAttribute.BridgePort.priority, IFLA_BRPORT_PRIORITY, "IFLA_BRPORT_PRIORITY"),
    ConstantCase(LinkAttribute.BridgePort.cost, IFLA_BRPORT_COST, "IFLA_BRPORT_COST"),
    ConstantCase(LinkAttribute.BridgePort.mode, IFLA_BRPORT_MODE, "IFLA_BRPORT_MODE"),
    ConstantCase(LinkAttribute.BridgePort.guardBPDU, IFLA_BRPORT_GUARD, "IFLA_BRPORT_GUARD"),
    ConstantCase(LinkAttribute.BridgePort.protect, IFLA_BRPORT_PROTECT, "IFLA_BRPORT_PROTECT"),
    ConstantCase(LinkAttribute.BridgePort.fastLeave, IFLA_BRPORT_FAST_LEAVE, "IFLA_BRPORT_FAST_LEAVE"),
    ConstantCase(LinkAttribute.BridgePort.learning, IFLA_BRPORT_LEARNING, "IFLA_BRPORT_LEARNING"),
    ConstantCase(LinkAttribute.BridgePort.unicastFlood, IFLA_BRPORT_UNICAST_FLOOD, "IFLA_BRPORT_UNICAST_FLOOD"),
    ConstantCase(LinkAttribute.BridgePort.proxyARP, IFLA_BRPORT_PROXYARP, "IFLA_BRPORT_PROXYARP"),
    ConstantCase(LinkAttribute.BridgePort.learningSync, IFLA_BRPORT_LEARNING_SYNC, "IFLA_BRPORT_LEARNING_SYNC"),
    ConstantCase(LinkAttribute.BridgePort.proxyARPWiFi, IFLA_BRPORT_PROXYARP_WIFI, "IFLA_BRPORT_PROXYARP_WIFI"),
    ConstantCase(LinkAttribute.BridgePort.rootID, IFLA_BRPORT_ROOT_ID, "IFLA_BRPORT_ROOT_ID"),
    ConstantCase(LinkAttribute.BridgePort.bridgeID, IFLA_BRPORT_BRIDGE_ID, "IFLA_BRPORT_BRIDGE_ID"),
    ConstantCase(LinkAttribute.BridgePort.designatedPort, IFLA_BRPORT_DESIGNATED_PORT, "IFLA_BRPORT_DESIGNATED_PORT"),
    ConstantCase(LinkAttribute.BridgePort.designatedCost, IFLA_BRPORT_DESIGNATED_COST, "IFLA_BRPORT_DESIGNATED_COST"),
    ConstantCase(LinkAttribute.BridgePort.id, IFLA_BRPORT_ID, "IFLA_BRPORT_ID"),
    ConstantCase(LinkAttribute.BridgePort.number, IFLA_BRPORT_NO, "IFLA_BRPORT_NO"),
    ConstantCase(LinkAttribute.BridgePort.topologyChangeAck, IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, "IFLA_BRPORT_TOPOLOGY_CHANGE_ACK"),
    ConstantCase(LinkAttribute.BridgePort.configPending, IFLA_BRPORT_CONFIG_PENDING, "IFLA_BRPORT_CONFIG_PENDING"),
    ConstantCase(LinkAttribute.BridgePort.messageAgeTimer, IFLA_BRPORT_MESSAGE_AGE_TIMER, "IFLA_BRPORT_MESSAGE_AGE_TIMER"),
    ConstantCase(LinkAttribute.BridgePort.forwardDelayTimer, IFLA_BRPORT_FORWARD_DELAY_TIMER, "IFLA_BRPORT_FORWARD_DELAY_TIMER"),
    ConstantCase(LinkAttribute.BridgePort.holdTimer, IFLA_BRPORT_HOLD_TIMER, "IFLA_BRPORT_HOLD_TIMER"),
    ConstantCase(LinkAttribute.BridgePort.flush, IFLA_BRPORT_FLUSH, "IFLA_BRPORT_FLUSH"),
    ConstantCase(LinkAttribute.BridgePort.multicastRouter, IFLA_BRPORT_MULTICAST_ROUTER, "IFLA_BRPORT_MULTICAST_ROUTER"),
    ConstantCase(LinkAttribute.BridgePort.pad, IFLA_BRPORT_PAD, "IFLA_BRPORT_PAD"),
    ConstantCase(LinkAttribute.BridgePort.multicastFlood, IFLA_BRPORT_MCAST_FLOOD, "IFLA_BRPORT_MCAST_FLOOD"),
    ConstantCase(LinkAttribute.BridgePort.multicastToUnicast, IFLA_BRPORT_MCAST_TO_UCAST, "IFLA_BRPORT_MCAST_TO_UCAST"),
    ConstantCase(LinkAttribute.BridgePort.vlanTunnel, IFLA_BRPORT_VLAN_TUNNEL, "IFLA_BRPORT_VLAN_TUNNEL"),
    ConstantCase(LinkAttribute.BridgePort.broadcastFlood, IFLA_BRPORT_BCAST_FLOOD, "IFLA_BRPORT_BCAST_FLOOD"),
    ConstantCase(LinkAttribute.BridgePort.groupForwardMask, IFLA_BRPORT_GROUP_FWD_MASK, "IFLA_BRPORT_GROUP_FWD_MASK"),
    ConstantCase(LinkAttribute.BridgePort.neighborSuppress, IFLA_BRPORT_NEIGH_SUPPRESS, "IFLA_BRPORT_NEIGH_SUPPRESS"),
    ConstantCase(LinkAttribute.BridgePort.isolated, IFLA_BRPORT_ISOLATED, "IFLA_BRPORT_ISOLATED"),
    ConstantCase(LinkAttribute.BridgePort.backupPort, IFLA_BRPORT_BACKUP_PORT, "IFLA_BRPORT_BACKUP_PORT"),
    ConstantCase(LinkAttribute.BridgePort.mrpRingOpen, IFLA_BRPORT_MRP_RING_OPEN, "IFLA_BRPORT_MRP_RING_OPEN"),
    ConstantCase(LinkAttribute.BridgePort.mrpInOpen, IFLA_BRPORT_MRP_IN_OPEN, "IFLA_BRPORT_MRP_IN_OPEN"),
    ConstantCase(LinkAttribute.BridgePort.multicastEHTHostsLimit, IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT, "IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT"),
    ConstantCase(LinkAttribute.BridgePort.multicastEHTHostsCount, IFLA_BRPORT_MCAST_EHT_HOSTS_CNT, "IFLA_BRPORT_MCAST_EHT_HOSTS_CNT"),
    ConstantCase(LinkAttribute.BridgePort.locked, IFLA_BRPORT_LOCKED, "IFLA_BRPORT_LOCKED"),
    // LinkAttribute.MACVLAN
    ConstantCase(LinkAttribute.MACVLAN.mode, IFLA_MACVLAN_MODE, "IFLA_MACVLAN_MODE"),
    ConstantCase(LinkAttribute.MACVLAN.flags, IFLA_MACVLAN_FLAGS, "IFLA_MACVLAN_FLAGS"),
    ConstantCase(LinkAttribute.MACVLAN.addressMode, IFLA_MACVLAN_MACADDR_MODE, "IFLA_MACVLAN_MACADDR_MODE"),
    ConstantCase(LinkAttribute.MACVLAN.address, IFLA_MACVLAN_MACADDR, "IFLA_MACVLAN_MACADDR"),
    ConstantCase(LinkAttribute.MACVLAN.addressData, IFLA_MACVLAN_MACADDR_DATA, "IFLA_MACVLAN_MACADDR_DATA"),
    ConstantCase(LinkAttribute.MACVLAN.addressCount, IFLA_MACVLAN_MACADDR_COUNT, "IFLA_MACVLAN_MACADDR_COUNT"),
    ConstantCase(LinkAttribute.MACVLAN.broadcastQueueLength, IFLA_MACVLAN_BC_QUEUE_LEN, "IFLA_MACVLAN_BC_QUEUE_LEN"),
    ConstantCase(LinkAttribute.MACVLAN.broadcastQueueLengthUsed, IFLA_MACVLAN_BC_QUEUE_LEN_USED, "IFLA_MACVLAN_BC_QUEUE_LEN_USED"),
    // LinkAttribute.VXLAN
    ConstantCase(LinkAttribute.VXLAN.id, IFLA_VXLAN_ID, "IFLA_VXLAN_ID"),
    ConstantCase(LinkAttribute.VXLAN.group, IFLA_VXLAN_GROUP, "IFLA_VXLAN_GROUP"),
    ConstantCase(LinkAttribute.VXLAN.link, IFLA_VXLAN_LINK, "IFLA_VXLAN_LINK"),
    ConstantCase(LinkAttribute.VXLAN.local, IFLA_VXLAN_LOCAL, "IFLA_VXLAN_LOCAL"),
    ConstantCase(LinkAttribute.VXLAN.ttl, IFLA_VXLAN_TTL, "IFLA_VXLAN_TTL"),
    ConstantCase(LinkAttribute.VXLAN.tos, IFLA_VXLAN_TOS, "IFLA_VXLAN_TOS"),
    ConstantCase(LinkAttribute.VXLAN.learning, IFLA_VXLAN_LEARNING, "IFLA_VXLAN_LEARNING"),
    ConstantCase(LinkAttribute.VXLAN.ageing, IFLA_VXLAN_AGEING, "IFLA_VXLAN_AGEING"),
    ConstantCase(LinkAttribute.VXLAN.limit, IFLA_VXLAN_LIMIT, "IFLA_VXLAN_LIMIT"),
    ConstantCase(LinkAttribute.VXLAN.portRange, IFLA_VXLAN_PORT_RANGE, "IFLA_VXLAN_PORT_RANGE"),
    ConstantCase(LinkAttribute.VXLAN.proxy, IFLA_VXLAN_PROXY, "IFLA_VXLAN_PROXY"),
    ConstantCase(LinkAttribute.VXLAN.routeShortCircuit, IFLA_VXLAN_RSC, "IFLA_VXLAN_RSC"),
    ConstantCase(LinkAttribute.VXLAN.l2Miss, IFLA_VXLAN_L2MISS, "IFLA_VXLAN_L2MISS"),
    ConstantCase(LinkAttribute.VXLAN.l3Miss, IFLA_VXLAN_L3MISS, "IFLA_VXLAN_L3MISS"),
    ConstantCase(LinkAttribute.VXLAN.port, IFLA_VXLAN_PORT, "IFLA_VXLAN_PORT"),
    ConstantCase(LinkAttribute.VXLAN.group6, IFLA_VXLAN_GROUP6, "IFLA_VXLAN_GROUP6"),
    ConstantCase(LinkAttribute.VXLAN.local6, IFLA_VXLAN_LOCAL6, "IFLA_VXLAN_LOCAL6"),
    ConstantCase(LinkAttribute.VXLAN.udpChecksum, IFLA_VXLAN_UDP_CSUM, "IFLA_VXLAN_UDP_CSUM"),
    ConstantCase(LinkAttribute.VXLAN.udpZeroChecksum6Transmit, IFLA_VXLAN_UDP_ZERO_CSUM6_TX, "IFLA_VXLAN_UDP_ZERO_CSUM6_TX"),
    ConstantCase(LinkAttribute.VXLAN.udpZeroChecksum6Receive, IFLA_VXLAN_UDP_ZERO_CSUM6_RX, "IFLA_VXLAN_UDP_ZERO_CSUM6_RX"),
    ConstantCase(LinkAttribute.VXLAN.remoteChecksumTransmit, IFLA_VXLAN_REMCSUM_TX, "IFLA_VXLAN_REMCSUM_TX"),
    ConstantCase(LinkAttribute.VXLAN.remoteChecksumReceive, IFLA_VXLAN_REMCSUM_RX, "IFLA_VXLAN_REMCSUM_RX"),
    ConstantCase(LinkAttribute.VXLAN.groupPolicy, IFLA_VXLAN_GBP, "IFLA_VXLAN_GBP"),
    ConstantCase(LinkAttribute.VXLAN.remoteChecksumNoPartial, IFLA_VXLAN_REMCSUM_NOPARTIAL, "IFLA_VXLAN_REMCSUM_NOPARTIAL"),
    ConstantCase(LinkAttribute.VXLAN.collectMetadata, IFLA_VXLAN_COLLECT_METADATA, "IFLA_VXLAN_COLLECT_METADATA"),
    ConstantCase(LinkAttribute.VXLAN.label, IFLA_VXLAN_LABEL, "IFLA_VXLAN_LABEL"),
    ConstantCase(LinkAttribute.VXLAN.genericProtocolExtension, IFLA_VXLAN_GPE, "IFLA_VXLAN_GPE"),
    ConstantCase(LinkAttribute.VXLAN.ttlInherit, IFLA_VXLAN_TTL_INHERIT, "IFLA_VXLAN_TTL_INHERIT"),
    ConstantCase(LinkAttribute.VXLAN.dontFragment, IFLA_VXLAN_DF, "IFLA_VXLAN_DF"),
    ConstantCase(LinkAttribute.VXLAN.vniFilter, IFLA_VXLAN_VNIFILTER, "IFLA_VXLAN_VNIFILTER"),
    // LinkAttribute.Tun
    ConstantCase(LinkAttribute.Tun.owner, IFLA_TUN_OWNER, "IFLA_TUN_OWNER"),
    ConstantCase(LinkAttribute.Tun.group, IFLA_TUN_GROUP, "IFLA_TUN_GROUP"),
    ConstantCase(LinkAttribute.Tun.type, IFLA_TUN_TYPE, "IFLA_TUN_TYPE"),
    ConstantCase(LinkAttribute.Tun.packetInformation, IFLA_TUN_PI, "IFLA_TUN_PI"),
    ConstantCase(LinkAttribute.Tun.virtioNetHeader, IFLA_TUN_VNET_HDR, "IFLA_TUN_VNET_HDR"),
    ConstantCase(LinkAttribute.Tun.persist, IFLA_TUN_PERSIST, "IFLA_TUN_PERSIST"),
    ConstantCase(LinkAttribute.Tun.multiQueue, IFLA_TUN_MULTI_QUEUE, "IFLA_TUN_MULTI_QUEUE"),
    ConstantCase(LinkAttribute.Tun.queues, IFLA_TUN_NUM_QUEUES, "IFLA_TUN_NUM_QUEUES"),
    ConstantCase(LinkAttribute.Tun.disabledQueues, IFLA_TUN_NUM_DISABLED_QUEUES, "IFLA_TUN_NUM_DISABLED_QUEUES"),
    // LinkAttribute.Inet6
    ConstantCase(LinkAttribute.Inet6.family, AF_INET6, "AF_INET6"),
    ConstantCase(LinkAttribute.Inet6.addressGenerationMode, IFLA_INET6_ADDR_GEN_MODE, "IFLA_INET6_ADDR_GEN_MODE"),
]

/// The constants newer than the 6.1 headers, with the header's `__*_MAX` (one past its last enumerator).
let linkDetailsNewerCases: [ConstantCase] = [
    ConstantCase(LinkAttribute.Details.gsoIPv4MaxSize, __IFLA_MAX, "IFLA_GSO_IPV4_MAX_SIZE"),
    ConstantCase(LinkAttribute.Details.groIPv4MaxSize, __IFLA_MAX, "IFLA_GRO_IPV4_MAX_SIZE"),
    ConstantCase(LinkAttribute.Bridge.fdbLearned, __IFLA_BR_MAX, "IFLA_BR_FDB_N_LEARNED"),
    ConstantCase(LinkAttribute.Bridge.fdbMaxLearned, __IFLA_BR_MAX, "IFLA_BR_FDB_MAX_LEARNED"),
    ConstantCase(LinkAttribute.BridgePort.macAuthenticationBypass, __IFLA_BRPORT_MAX, "IFLA_BRPORT_MAB"),
    ConstantCase(LinkAttribute.BridgePort.multicastGroups, __IFLA_BRPORT_MAX, "IFLA_BRPORT_MCAST_N_GROUPS"),
    ConstantCase(LinkAttribute.BridgePort.multicastMaxGroups, __IFLA_BRPORT_MAX, "IFLA_BRPORT_MCAST_MAX_GROUPS"),
    ConstantCase(LinkAttribute.BridgePort.neighborVLANSuppress, __IFLA_BRPORT_MAX, "IFLA_BRPORT_NEIGH_VLAN_SUPPRESS"),
    ConstantCase(LinkAttribute.BridgePort.backupNexthopID, __IFLA_BRPORT_MAX, "IFLA_BRPORT_BACKUP_NHID"),
    ConstantCase(LinkAttribute.MACVLAN.broadcastCutoff, __IFLA_MACVLAN_MAX, "IFLA_MACVLAN_BC_CUTOFF"),
    ConstantCase(LinkAttribute.VXLAN.localBypass, __IFLA_VXLAN_MAX, "IFLA_VXLAN_LOCALBYPASS"),
]

@Suite("Link details constants vs <linux/if_link.h>")
struct LinkDetailsConstantsConformanceTests {
    /// Each constant equals its enumerator.
    @Test(arguments: linkDetailsConstantCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    /// Each constant marked newer than the 6.1 headers is not in them: at or past `__*_MAX`.
    @Test(arguments: linkDetailsNewerCases)
    func newerThanTheHeaders(_ c: ConstantCase) {
        #expect(c.swift >= c.header, "\(c.cName)")
    }

    /// The kernel enumerations the decoders name: macvlan modes, tun types, bridge boolean options.
    @Test func enumerations() {
        #expect(Int(MACVLAN_MODE_PRIVATE.rawValue) == 1)
        #expect(Int(MACVLAN_MODE_VEPA.rawValue) == 2)
        #expect(Int(MACVLAN_MODE_BRIDGE.rawValue) == 4)
        #expect(Int(MACVLAN_MODE_PASSTHRU.rawValue) == 8)
        #expect(Int(MACVLAN_MODE_SOURCE.rawValue) == 16)
        #expect(MACVLAN_FLAG_NOPROMISC == 1)
        #expect(Int(VXLAN_DF_UNSET.rawValue) == 0)
        #expect(Int(VXLAN_DF_SET.rawValue) == 1)
        #expect(Int(VXLAN_DF_INHERIT.rawValue) == 2)
        #expect(MemoryLayout<ifla_bridge_id>.size == 8)
        #expect(MemoryLayout<ifla_vxlan_port_range>.size == 4)
    }
}
