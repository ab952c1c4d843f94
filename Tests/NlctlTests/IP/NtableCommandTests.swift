import Testing

/// `nlctl ntable` against `ip ntable`: the tables and per-interface parameters (text, `-j`, `-o`,
/// `-s`), the filters, and `change` step by step on twin namespaces (per-interface parameters
/// change; the table-wide ones are the initial namespace's, which the kernel refuses from here).
/// Masked: `reachable` (random around base_reachable, per namespace), and with `-s` the
/// statistics and configuration, which are the host's tables' and move meanwhile.
@Suite("nlctl ntable vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct NtableCommandTests {
    static func mask(_ text: String) -> [String] {
        [text.replacing(#/reachable [0-9]+ base/#, with: "reachable R base").replacing(#/"reachable": ?[0-9]+/#, with: "\"reachable\":R")
            .replacing(#/(last_flush|last_rand|entries|allocs|destroys|hash_grows|res_failed|lookups|hits|rcv_probes_mcast|rcv_probes_ucast|periodic_gc_runs|forced_gc_runs|table_fulls|hash_rnd|hash_mask)[ ":]+[^ ,\n}]+( [0-9:]+)?/#, with: "V")]
    }

    @Test func stepsSameAsIP() async throws {
        try await expectSameStepsAsIP([
            "link set lo up", "link add va type veth peer name vb",
            "ntable", "ntbl", "-4 ntable", "-6 ntable show", "-j ntable", "-j -p ntable show dev va", "-o ntable", "ntable show dev va",
            "ntable show dev none", "ntable show name arp_cache", "ntable show name ndisc_cache dev lo", "-s ntable", "-j -s ntable",
            "-s -o ntable show dev none", "ntable show dev nope", "ntable show frob", "ntable frob", "ntable list name",
            "ntable change name arp_cache dev lo queue 10 app_probes 2 locktime 500 base_reachable 20000 retrans 500",
            "-6 ntable change name ndisc_cache dev va mcast_probes 5 ucast_probes 4 delay_probe 3000 gc_stale 1000",
            "ntable change name arp_cache dev va anycast_delay 10 proxy_delay 20 proxy_queue 30",
            "ntable show dev lo", "ntable show dev va", "-j ntable show dev va",
            "ntable change name arp_cache queue 10", "ntable change name arp_cache thresh1 64", "ntable change name arp_cache gc_int 1000",
            "ntable change name arp_cache dev lo", "ntable change dev lo queue 3", "ntable change name nope dev lo queue 3",
            "ntable change name arp_cache name x", "ntable change name arp_cache dev nope queue 1", "ntable change name arp_cache dev lo queue x",
            "ntable change name arp_cache dev lo frob 1", "ntable change name arp_cache thresh2 x",
        ], object: "ntable", normalize: Self.mask)
    }
}
