import Netlink
import NetlinkCore

/// The SELinux notifications of a connection subscribed to `SELNLGRP_AVC`: an `AsyncSequence` of
/// ``SELinuxEvent`` (and overruns), made by `NetlinkConnection.selinuxEvents()`. Only the kernel's
/// datagrams arrive (the engine drops others). Where SELinux is not active nothing ever arrives.
public typealias SELinuxEvents = NetlinkDecodedEvents<SELinuxEvent>

extension NetlinkDecodedEvents where Event == SELinuxEvent {
    /// The notifications of `connection`, which must already be subscribed to `SELNLGRP_AVC` (a
    /// test's fake kernel, or a connection opened with that group).
    public init(connection: NetlinkConnection) {
        self.init(connection: connection, context: "a SELinux notification") { message throws(NetlinkDecodingError) in
            try SELinuxEvent(decoding: message)
        }
    }
}

extension NetlinkConnection {
    /// A connection of family `NetlinkFamily.selinux` subscribed to `SELNLGRP_AVC` (unprivileged
    /// users may listen): its notifications as ``SELinuxEvent``s.
    public func selinuxEvents() async throws(NetlinkError) -> SELinuxEvents {
        SELinuxEvents(connection: try await subscribe(groups: [SELinuxEvent.avcGroup]))
    }
}
