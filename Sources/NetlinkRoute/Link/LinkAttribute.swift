/// Link attribute types (`IFLA_*` of `<linux/if_link.h>`), the ones this module reads or writes.
public enum LinkAttribute {
    /// `IFLA_ADDRESS` (1): the hardware address.
    public static let address: UInt16 = 1
    /// `IFLA_BROADCAST` (2).
    public static let broadcast: UInt16 = 2
    /// `IFLA_IFNAME` (3): the name, a NUL-terminated string of at most 15 characters.
    public static let name: UInt16 = 3
    /// `IFLA_MTU` (4): u32.
    public static let mtu: UInt16 = 4
    /// `IFLA_LINK` (5): the parent link's index, u32.
    public static let link: UInt16 = 5
    /// `IFLA_MASTER` (10): the master's index, u32.
    public static let master: UInt16 = 10
    /// `IFLA_TXQLEN` (13): u32.
    public static let transmitQueueLength: UInt16 = 13
    /// `IFLA_OPERSTATE` (16): u8 (`IF_OPER_*`).
    public static let operationalState: UInt16 = 16
    /// `IFLA_LINKINFO` (18): nested kind and kind data.
    public static let linkInfo: UInt16 = 18
    /// `IFLA_NET_NS_PID` (19): move to the namespace of this process.
    public static let namespacePID: UInt16 = 19
    /// `IFLA_IFALIAS` (20).
    public static let alias: UInt16 = 20
    /// `IFLA_NET_NS_FD` (28): move to the namespace of this descriptor.
    public static let namespaceFD: UInt16 = 28
    /// `IFLA_EXT_MASK` (29): what extra information a dump should carry (`RTEXT_FILTER_*`).
    public static let extendedMask: UInt16 = 29
    /// `IFLA_LINK_NETNSID` (37): the namespace ID of the peer link's namespace.
    public static let linkNamespaceID: UInt16 = 37
    /// `IFLA_ALT_IFNAME` (53): an alternative name.
    public static let alternativeName: UInt16 = 53

    /// Nested in `IFLA_LINKINFO`.
    public enum Info {
        /// `IFLA_INFO_KIND` (1): the kind, a string ("veth", "bridge" ...).
        public static let kind: UInt16 = 1
        /// `IFLA_INFO_DATA` (2): nested data of the kind.
        public static let data: UInt16 = 2
        /// `IFLA_INFO_XSTATS` (3): extended statistics of the kind.
        public static let extendedStatistics: UInt16 = 3
        /// `IFLA_INFO_SLAVE_KIND` (4): the kind of the master this link is a port of.
        public static let portKind: UInt16 = 4
        /// `IFLA_INFO_SLAVE_DATA` (5): nested port data of that kind.
        public static let portData: UInt16 = 5
    }

    /// Nested in `IFLA_INFO_DATA` of a veth.
    public enum Veth {
        /// `VETH_INFO_PEER` (1): an `ifinfomsg` followed by the peer's attributes.
        public static let peer: UInt16 = 1
    }

    /// More top-level attributes that `ip -d` prints.
    public enum Details {
        /// `IFLA_PROMISCUITY` (30).
        public static let promiscuity: UInt16 = 30
        /// `IFLA_AF_SPEC` (26).
        public static let addressFamilySpecific: UInt16 = 26
        /// `IFLA_PHYS_PORT_ID` (34).
        public static let physicalPortID: UInt16 = 34
        /// `IFLA_PHYS_SWITCH_ID` (36).
        public static let physicalSwitchID: UInt16 = 36
        /// `IFLA_PHYS_PORT_NAME` (38).
        public static let physicalPortName: UInt16 = 38
        /// `IFLA_PARENT_DEV_NAME` (56).
        public static let parentDeviceName: UInt16 = 56
        /// `IFLA_PARENT_DEV_BUS_NAME` (57).
        public static let parentDeviceBusName: UInt16 = 57
        /// `IFLA_ALLMULTI` (61).
        public static let allMulticast: UInt16 = 61
        /// `IFLA_GSO_IPV4_MAX_SIZE` (63), newer than the 6.1 headers.
        public static let gsoIPv4MaxSize: UInt16 = 63
        /// `IFLA_GRO_IPV4_MAX_SIZE` (64), newer than the 6.1 headers.
        public static let groIPv4MaxSize: UInt16 = 64
    }

    /// Nested in `IFLA_INFO_DATA` of a bridge (`IFLA_BR_*`).
    public enum Bridge {
        /// `IFLA_BR_FORWARD_DELAY` (1).
        public static let forwardDelay: UInt16 = 1
        /// `IFLA_BR_HELLO_TIME` (2).
        public static let helloTime: UInt16 = 2
        /// `IFLA_BR_MAX_AGE` (3).
        public static let maxAge: UInt16 = 3
        /// `IFLA_BR_AGEING_TIME` (4).
        public static let ageingTime: UInt16 = 4
        /// `IFLA_BR_STP_STATE` (5).
        public static let stpState: UInt16 = 5
        /// `IFLA_BR_PRIORITY` (6).
        public static let priority: UInt16 = 6
        /// `IFLA_BR_VLAN_FILTERING` (7).
        public static let vlanFiltering: UInt16 = 7
        /// `IFLA_BR_VLAN_PROTOCOL` (8).
        public static let vlanProtocol: UInt16 = 8
        /// `IFLA_BR_GROUP_FWD_MASK` (9).
        public static let groupForwardMask: UInt16 = 9
        /// `IFLA_BR_ROOT_ID` (10).
        public static let rootID: UInt16 = 10
        /// `IFLA_BR_BRIDGE_ID` (11).
        public static let bridgeID: UInt16 = 11
        /// `IFLA_BR_ROOT_PORT` (12).
        public static let rootPort: UInt16 = 12
        /// `IFLA_BR_ROOT_PATH_COST` (13).
        public static let rootPathCost: UInt16 = 13
        /// `IFLA_BR_TOPOLOGY_CHANGE` (14).
        public static let topologyChange: UInt16 = 14
        /// `IFLA_BR_TOPOLOGY_CHANGE_DETECTED` (15).
        public static let topologyChangeDetected: UInt16 = 15
        /// `IFLA_BR_HELLO_TIMER` (16).
        public static let helloTimer: UInt16 = 16
        /// `IFLA_BR_TCN_TIMER` (17).
        public static let tcnTimer: UInt16 = 17
        /// `IFLA_BR_TOPOLOGY_CHANGE_TIMER` (18).
        public static let topologyChangeTimer: UInt16 = 18
        /// `IFLA_BR_GC_TIMER` (19).
        public static let gcTimer: UInt16 = 19
        /// `IFLA_BR_GROUP_ADDR` (20).
        public static let groupAddress: UInt16 = 20
        /// `IFLA_BR_FDB_FLUSH` (21).
        public static let fdbFlush: UInt16 = 21
        /// `IFLA_BR_MCAST_ROUTER` (22).
        public static let multicastRouter: UInt16 = 22
        /// `IFLA_BR_MCAST_SNOOPING` (23).
        public static let multicastSnooping: UInt16 = 23
        /// `IFLA_BR_MCAST_QUERY_USE_IFADDR` (24).
        public static let multicastQueryUseInterfaceAddress: UInt16 = 24
        /// `IFLA_BR_MCAST_QUERIER` (25).
        public static let multicastQuerier: UInt16 = 25
        /// `IFLA_BR_MCAST_HASH_ELASTICITY` (26).
        public static let multicastHashElasticity: UInt16 = 26
        /// `IFLA_BR_MCAST_HASH_MAX` (27).
        public static let multicastHashMax: UInt16 = 27
        /// `IFLA_BR_MCAST_LAST_MEMBER_CNT` (28).
        public static let multicastLastMemberCount: UInt16 = 28
        /// `IFLA_BR_MCAST_STARTUP_QUERY_CNT` (29).
        public static let multicastStartupQueryCount: UInt16 = 29
        /// `IFLA_BR_MCAST_LAST_MEMBER_INTVL` (30).
        public static let multicastLastMemberInterval: UInt16 = 30
        /// `IFLA_BR_MCAST_MEMBERSHIP_INTVL` (31).
        public static let multicastMembershipInterval: UInt16 = 31
        /// `IFLA_BR_MCAST_QUERIER_INTVL` (32).
        public static let multicastQuerierInterval: UInt16 = 32
        /// `IFLA_BR_MCAST_QUERY_INTVL` (33).
        public static let multicastQueryInterval: UInt16 = 33
        /// `IFLA_BR_MCAST_QUERY_RESPONSE_INTVL` (34).
        public static let multicastQueryResponseInterval: UInt16 = 34
        /// `IFLA_BR_MCAST_STARTUP_QUERY_INTVL` (35).
        public static let multicastStartupQueryInterval: UInt16 = 35
        /// `IFLA_BR_NF_CALL_IPTABLES` (36).
        public static let netfilterCallIPTables: UInt16 = 36
        /// `IFLA_BR_NF_CALL_IP6TABLES` (37).
        public static let netfilterCallIP6Tables: UInt16 = 37
        /// `IFLA_BR_NF_CALL_ARPTABLES` (38).
        public static let netfilterCallARPTables: UInt16 = 38
        /// `IFLA_BR_VLAN_DEFAULT_PVID` (39).
        public static let vlanDefaultPVID: UInt16 = 39
        /// `IFLA_BR_PAD` (40).
        public static let pad: UInt16 = 40
        /// `IFLA_BR_VLAN_STATS_ENABLED` (41).
        public static let vlanStatisticsEnabled: UInt16 = 41
        /// `IFLA_BR_MCAST_STATS_ENABLED` (42).
        public static let multicastStatisticsEnabled: UInt16 = 42
        /// `IFLA_BR_MCAST_IGMP_VERSION` (43).
        public static let multicastIGMPVersion: UInt16 = 43
        /// `IFLA_BR_MCAST_MLD_VERSION` (44).
        public static let multicastMLDVersion: UInt16 = 44
        /// `IFLA_BR_VLAN_STATS_PER_PORT` (45).
        public static let vlanStatisticsPerPort: UInt16 = 45
        /// `IFLA_BR_MULTI_BOOLOPT` (46).
        public static let multiBooleanOption: UInt16 = 46
        /// `IFLA_BR_MCAST_QUERIER_STATE` (47).
        public static let multicastQuerierState: UInt16 = 47
        /// `IFLA_BR_FDB_N_LEARNED` (48), newer than the 6.1 headers.
        public static let fdbLearned: UInt16 = 48
        /// `IFLA_BR_FDB_MAX_LEARNED` (49), newer than the 6.1 headers.
        public static let fdbMaxLearned: UInt16 = 49
    }

    /// Nested in `IFLA_INFO_SLAVE_DATA` of a bridge port (`IFLA_BRPORT_*`).
    public enum BridgePort {
        /// `IFLA_BRPORT_STATE` (1).
        public static let state: UInt16 = 1
        /// `IFLA_BRPORT_PRIORITY` (2).
        public static let priority: UInt16 = 2
        /// `IFLA_BRPORT_COST` (3).
        public static let cost: UInt16 = 3
        /// `IFLA_BRPORT_MODE` (4).
        public static let mode: UInt16 = 4
        /// `IFLA_BRPORT_GUARD` (5).
        public static let guardBPDU: UInt16 = 5
        /// `IFLA_BRPORT_PROTECT` (6).
        public static let protect: UInt16 = 6
        /// `IFLA_BRPORT_FAST_LEAVE` (7).
        public static let fastLeave: UInt16 = 7
        /// `IFLA_BRPORT_LEARNING` (8).
        public static let learning: UInt16 = 8
        /// `IFLA_BRPORT_UNICAST_FLOOD` (9).
        public static let unicastFlood: UInt16 = 9
        /// `IFLA_BRPORT_PROXYARP` (10).
        public static let proxyARP: UInt16 = 10
        /// `IFLA_BRPORT_LEARNING_SYNC` (11).
        public static let learningSync: UInt16 = 11
        /// `IFLA_BRPORT_PROXYARP_WIFI` (12).
        public static let proxyARPWiFi: UInt16 = 12
        /// `IFLA_BRPORT_ROOT_ID` (13).
        public static let rootID: UInt16 = 13
        /// `IFLA_BRPORT_BRIDGE_ID` (14).
        public static let bridgeID: UInt16 = 14
        /// `IFLA_BRPORT_DESIGNATED_PORT` (15).
        public static let designatedPort: UInt16 = 15
        /// `IFLA_BRPORT_DESIGNATED_COST` (16).
        public static let designatedCost: UInt16 = 16
        /// `IFLA_BRPORT_ID` (17).
        public static let id: UInt16 = 17
        /// `IFLA_BRPORT_NO` (18).
        public static let number: UInt16 = 18
        /// `IFLA_BRPORT_TOPOLOGY_CHANGE_ACK` (19).
        public static let topologyChangeAck: UInt16 = 19
        /// `IFLA_BRPORT_CONFIG_PENDING` (20).
        public static let configPending: UInt16 = 20
        /// `IFLA_BRPORT_MESSAGE_AGE_TIMER` (21).
        public static let messageAgeTimer: UInt16 = 21
        /// `IFLA_BRPORT_FORWARD_DELAY_TIMER` (22).
        public static let forwardDelayTimer: UInt16 = 22
        /// `IFLA_BRPORT_HOLD_TIMER` (23).
        public static let holdTimer: UInt16 = 23
        /// `IFLA_BRPORT_FLUSH` (24).
        public static let flush: UInt16 = 24
        /// `IFLA_BRPORT_MULTICAST_ROUTER` (25).
        public static let multicastRouter: UInt16 = 25
        /// `IFLA_BRPORT_PAD` (26).
        public static let pad: UInt16 = 26
        /// `IFLA_BRPORT_MCAST_FLOOD` (27).
        public static let multicastFlood: UInt16 = 27
        /// `IFLA_BRPORT_MCAST_TO_UCAST` (28).
        public static let multicastToUnicast: UInt16 = 28
        /// `IFLA_BRPORT_VLAN_TUNNEL` (29).
        public static let vlanTunnel: UInt16 = 29
        /// `IFLA_BRPORT_BCAST_FLOOD` (30).
        public static let broadcastFlood: UInt16 = 30
        /// `IFLA_BRPORT_GROUP_FWD_MASK` (31).
        public static let groupForwardMask: UInt16 = 31
        /// `IFLA_BRPORT_NEIGH_SUPPRESS` (32).
        public static let neighborSuppress: UInt16 = 32
        /// `IFLA_BRPORT_ISOLATED` (33).
        public static let isolated: UInt16 = 33
        /// `IFLA_BRPORT_BACKUP_PORT` (34).
        public static let backupPort: UInt16 = 34
        /// `IFLA_BRPORT_MRP_RING_OPEN` (35).
        public static let mrpRingOpen: UInt16 = 35
        /// `IFLA_BRPORT_MRP_IN_OPEN` (36).
        public static let mrpInOpen: UInt16 = 36
        /// `IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT` (37).
        public static let multicastEHTHostsLimit: UInt16 = 37
        /// `IFLA_BRPORT_MCAST_EHT_HOSTS_CNT` (38).
        public static let multicastEHTHostsCount: UInt16 = 38
        /// `IFLA_BRPORT_LOCKED` (39).
        public static let locked: UInt16 = 39
        /// `IFLA_BRPORT_MAB` (40), newer than the 6.1 headers.
        public static let macAuthenticationBypass: UInt16 = 40
        /// `IFLA_BRPORT_MCAST_N_GROUPS` (41), newer than the 6.1 headers.
        public static let multicastGroups: UInt16 = 41
        /// `IFLA_BRPORT_MCAST_MAX_GROUPS` (42), newer than the 6.1 headers.
        public static let multicastMaxGroups: UInt16 = 42
        /// `IFLA_BRPORT_NEIGH_VLAN_SUPPRESS` (43), newer than the 6.1 headers.
        public static let neighborVLANSuppress: UInt16 = 43
        /// `IFLA_BRPORT_BACKUP_NHID` (44), newer than the 6.1 headers.
        public static let backupNexthopID: UInt16 = 44
    }

    /// Nested in `IFLA_INFO_DATA` of a macvlan or macvtap (`IFLA_MACVLAN_*`).
    public enum MACVLAN {
        /// `IFLA_MACVLAN_MODE` (1).
        public static let mode: UInt16 = 1
        /// `IFLA_MACVLAN_FLAGS` (2).
        public static let flags: UInt16 = 2
        /// `IFLA_MACVLAN_MACADDR_MODE` (3).
        public static let addressMode: UInt16 = 3
        /// `IFLA_MACVLAN_MACADDR` (4).
        public static let address: UInt16 = 4
        /// `IFLA_MACVLAN_MACADDR_DATA` (5).
        public static let addressData: UInt16 = 5
        /// `IFLA_MACVLAN_MACADDR_COUNT` (6).
        public static let addressCount: UInt16 = 6
        /// `IFLA_MACVLAN_BC_QUEUE_LEN` (7).
        public static let broadcastQueueLength: UInt16 = 7
        /// `IFLA_MACVLAN_BC_QUEUE_LEN_USED` (8).
        public static let broadcastQueueLengthUsed: UInt16 = 8
        /// `IFLA_MACVLAN_BC_CUTOFF` (9), newer than the 6.1 headers.
        public static let broadcastCutoff: UInt16 = 9
    }

    /// Nested in `IFLA_INFO_DATA` of a VXLAN (`IFLA_VXLAN_*`).
    public enum VXLAN {
        /// `IFLA_VXLAN_ID` (1).
        public static let id: UInt16 = 1
        /// `IFLA_VXLAN_GROUP` (2).
        public static let group: UInt16 = 2
        /// `IFLA_VXLAN_LINK` (3).
        public static let link: UInt16 = 3
        /// `IFLA_VXLAN_LOCAL` (4).
        public static let local: UInt16 = 4
        /// `IFLA_VXLAN_TTL` (5).
        public static let ttl: UInt16 = 5
        /// `IFLA_VXLAN_TOS` (6).
        public static let tos: UInt16 = 6
        /// `IFLA_VXLAN_LEARNING` (7).
        public static let learning: UInt16 = 7
        /// `IFLA_VXLAN_AGEING` (8).
        public static let ageing: UInt16 = 8
        /// `IFLA_VXLAN_LIMIT` (9).
        public static let limit: UInt16 = 9
        /// `IFLA_VXLAN_PORT_RANGE` (10).
        public static let portRange: UInt16 = 10
        /// `IFLA_VXLAN_PROXY` (11).
        public static let proxy: UInt16 = 11
        /// `IFLA_VXLAN_RSC` (12).
        public static let routeShortCircuit: UInt16 = 12
        /// `IFLA_VXLAN_L2MISS` (13).
        public static let l2Miss: UInt16 = 13
        /// `IFLA_VXLAN_L3MISS` (14).
        public static let l3Miss: UInt16 = 14
        /// `IFLA_VXLAN_PORT` (15).
        public static let port: UInt16 = 15
        /// `IFLA_VXLAN_GROUP6` (16).
        public static let group6: UInt16 = 16
        /// `IFLA_VXLAN_LOCAL6` (17).
        public static let local6: UInt16 = 17
        /// `IFLA_VXLAN_UDP_CSUM` (18).
        public static let udpChecksum: UInt16 = 18
        /// `IFLA_VXLAN_UDP_ZERO_CSUM6_TX` (19).
        public static let udpZeroChecksum6Transmit: UInt16 = 19
        /// `IFLA_VXLAN_UDP_ZERO_CSUM6_RX` (20).
        public static let udpZeroChecksum6Receive: UInt16 = 20
        /// `IFLA_VXLAN_REMCSUM_TX` (21).
        public static let remoteChecksumTransmit: UInt16 = 21
        /// `IFLA_VXLAN_REMCSUM_RX` (22).
        public static let remoteChecksumReceive: UInt16 = 22
        /// `IFLA_VXLAN_GBP` (23).
        public static let groupPolicy: UInt16 = 23
        /// `IFLA_VXLAN_REMCSUM_NOPARTIAL` (24).
        public static let remoteChecksumNoPartial: UInt16 = 24
        /// `IFLA_VXLAN_COLLECT_METADATA` (25).
        public static let collectMetadata: UInt16 = 25
        /// `IFLA_VXLAN_LABEL` (26).
        public static let label: UInt16 = 26
        /// `IFLA_VXLAN_GPE` (27).
        public static let genericProtocolExtension: UInt16 = 27
        /// `IFLA_VXLAN_TTL_INHERIT` (28).
        public static let ttlInherit: UInt16 = 28
        /// `IFLA_VXLAN_DF` (29).
        public static let dontFragment: UInt16 = 29
        /// `IFLA_VXLAN_VNIFILTER` (30).
        public static let vniFilter: UInt16 = 30
        /// `IFLA_VXLAN_LOCALBYPASS` (31), newer than the 6.1 headers.
        public static let localBypass: UInt16 = 31
    }

    /// Nested in `IFLA_INFO_DATA` of a tun or tap (`IFLA_TUN_*`).
    public enum Tun {
        /// `IFLA_TUN_OWNER` (1).
        public static let owner: UInt16 = 1
        /// `IFLA_TUN_GROUP` (2).
        public static let group: UInt16 = 2
        /// `IFLA_TUN_TYPE` (3).
        public static let type: UInt16 = 3
        /// `IFLA_TUN_PI` (4).
        public static let packetInformation: UInt16 = 4
        /// `IFLA_TUN_VNET_HDR` (5).
        public static let virtioNetHeader: UInt16 = 5
        /// `IFLA_TUN_PERSIST` (6).
        public static let persist: UInt16 = 6
        /// `IFLA_TUN_MULTI_QUEUE` (7).
        public static let multiQueue: UInt16 = 7
        /// `IFLA_TUN_NUM_QUEUES` (8).
        public static let queues: UInt16 = 8
        /// `IFLA_TUN_NUM_DISABLED_QUEUES` (9).
        public static let disabledQueues: UInt16 = 9
    }

    /// Nested in `IFLA_AF_SPEC` > `AF_INET6` (`IFLA_INET6_*`).
    public enum Inet6 {
        /// `AF_INET6` (10): the nest of the IPv6 attributes in `IFLA_AF_SPEC`.
        public static let family: UInt16 = 10
        /// `IFLA_INET6_ADDR_GEN_MODE` (8): u8 (`IN6_ADDR_GEN_MODE_*`).
        public static let addressGenerationMode: UInt16 = 8
    }
}
