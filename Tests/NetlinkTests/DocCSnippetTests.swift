import Glibc
import KernelFeatures
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

// The Swift snippets of the DocC articles (Sources/*/*.docc), each verbatim inside a main-actor
// function, with the names it assumes declared before it; compiled with the tests. The
// `Package.swift` lines of "Getting started" are a manifest, not checked here.
// `doccSnippetsAreHere` fails when an article's snippet is no longer found here line for line.

@MainActor
func doccGettingStarted() async throws {
    let connection = try await NetlinkConnection(family: .route)
    for link in try await connection.links() {
        print(link.index, link.name, link.isUp ? "up" : "down")
    }
}

@MainActor
func doccRequestEngine(_ connection: NetlinkConnection) async throws {
    try await connection.execute(type: RouteMessageType.newLink, flags: [.create, .exclusive],
                                 fixedHeaderSize: InterfaceInfoMessage.size) { b in
        InterfaceInfoMessage().encode(into: &b)
        try b.appendAttribute(LinkAttribute.name, string: "br0")
        try b.appendNested(LinkAttribute.linkInfo) { b in try b.appendAttribute(LinkAttribute.Info.kind, string: "bridge") }
    }
}

@MainActor
func doccNamespaces() async throws {
    let blue = try NetworkNamespace.create(named: "blue")             // ip netns add blue
    let connection = try await NetlinkConnection(family: .route, namespace: blue)
    print(try await connection.links().map(\.name))                  // ["lo"]
    print(NetworkNamespace.names())                                   // ip netns list
    print(blue.processIDs(), blue.boundNames())                       // ip netns pids / identify
    try NetworkNamespace.delete(named: "blue")                        // ip netns delete blue
}

@MainActor
func doccEvents(_ connection: NetlinkConnection) async throws {
    for try await event in try await connection.routeEvents([.link, .route]) {
        switch event {
        case .link(let change): print(change.action, change.object.name)
        case .route(let change): print(change.action, change.object.destinationDescription)
        case .overrun(let drops): print("lost \(drops ?? 0): re-dump")
        default: break
        }
    }
}

@MainActor
func doccMirror(_ connection: NetlinkConnection) async throws {
    let mirror = try await RouteMirror.start(connection: connection)
    try await mirror.sync()
    print(mirror.table.routes.count, mirror.table.links.count)
}

@MainActor
func doccBatches(_ connection: NetlinkConnection, _ routes: [Route]) async throws {
    let batch = connection.batch()
    for route in routes {
        try await batch.add(route)
        for (index, error) in batch.takeFailures() { print("route \(index): \(error)") }
    }
    for (index, error) in try await batch.failures() { print("route \(index): \(error)") }
    print(batch.succeeded, "added")
}

@MainActor
func doccFakeKernel(lo: [UInt8]) async throws {
    let kernel = FakeNetlinkKernel()
    kernel.on(type: RouteMessageType.getLink) { _ in [.dump(type: RouteMessageType.newLink, payloads: [lo])] }
    kernel.on(type: RouteMessageType.newLink) { request in
        [.error(.invalidArgument, NetlinkExtendedAck(message: "Attribute failed policy validation",
                                                     offset: request.offset(ofAttribute: 3, fixedHeaderSize: 16)))]
    }
    let connection = try NetlinkConnection(transport: kernel)
    print(try await connection.links().map(\.name))                  // ["lo"]
    print(kernel.requests.count)                                       // 1
}

@Suite("DocC snippets")
struct DocCSnippetTests {
    /// Every line of every Swift snippet of every DocC article is in this file, in order.
    @Test func doccSnippetsAreHere() throws {
        let source = try #require(readWholeFile(#filePath))
        var blocks = 0
        for catalog in ["NetlinkCore/NetlinkCore", "Netlink/Netlink", "NetlinkRoute/NetlinkRoute", "NetlinkTestSupport/NetlinkTestSupport"] {
            let directory = packageRoot() + "/Sources/" + catalog + ".docc"
            guard let handle = opendir(directory) else {
                Issue.record("no catalog \(directory)")
                continue
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard name.hasSuffix(".md"), let article = readWholeFile(directory + "/" + name) else { continue }
                let (missing, count) = snippetLinesMissing(from: article, in: source)
                blocks += count
                for line in missing { Issue.record("\(catalog).docc/\(name) \(line): line not found here (in order)") }
            }
        }
        #expect(blocks == 7, "the articles have \(blocks) Swift snippets; this file holds 7")
    }

    /// The fake-kernel snippet, run: a dump of one link, and the request recorded.
    @Test func fakeKernelSnippetRuns() async throws {
        var builder = NetlinkMessageBuilder()
        InterfaceInfoMessage(index: 1).encode(into: &builder)
        try builder.appendAttribute(LinkAttribute.name, string: "lo")
        try await doccFakeKernel(lo: builder.bytes)
    }
}
