import Testing

/// `nlctl link property add | del` (alternative names: `RTM_NEWLINKPROP`/`RTM_DELLINKPROP`) and
/// `link replace` against ip 6.1 on twin namespaces: the names each shows afterwards, the kernel's refusals
/// (a name taken, one the link lacks, one too long), ip's own checks and their order.
@Suite("nlctl link property vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct LinkPropertyTests {
    @Test func stepsSameAsIP() async throws {
        let long = String(repeating: "x", count: 130)
        try await expectSameStepsAsIP([
            "link add va address 02:00:00:00:02:01 type veth peer name vb address 02:00:00:00:02:02",
            "link property add dev va altname alpha", "link property add dev va altname alpha",
            "link property add va altname beta altname gamma", "link show va", "-j link show va", "-d link show",
            "link property add dev alpha altname delta", "link show alpha",
            "link property del dev va altname beta", "link property del dev va altname beta", "link property del dev va altname zeta",
            "link prop a dev va altname a/b", "link property add dev va altname", "link property add altname x",
            "link property add dev nope altname x", "link property add dev va dev vb altname x", "link property add dev a/b altname x",
            "link property frob", "link property add dev va altname \(long)", "link property add dev va altname ok frob",
            "link property del dev va", "link property add dev vb altname alpha", "link prop del alpha altname gamma",
            "link property add dev va altname caf\u{E9}", "link property add dev vb altname cafe\u{301}", "link show",
        ], object: "link")
    }

    /// `link replace` (`NLM_F_CREATE | NLM_F_REPLACE`): creates a link that does not exist, the
    /// kernel refuses to replace one that does; `r` and `re` are `replace` in ip (before `delete`).
    @Test func replaceSameAsIP() async throws {
        try await expectSameStepsAsIP([
            "link replace va address 02:00:00:00:03:01 type veth peer name vb address 02:00:00:00:03:02",
            "link replace va type veth peer name vb", "link replace br9 address 02:00:00:00:03:03 type bridge", "link show br9",
            "link replace br9 type bridge", "link replace br9", "link r x9 address 02:00:00:00:03:04 type bridge",
            "link re x8 address 02:00:00:00:03:05 type bridge", "link show",
        ], object: "link")
    }
}
