/// The alignment rules of netlink messages and attributes, ported from the `NLMSG_*` and `NLA_*`
/// macros of `<linux/netlink.h>`.
///
/// Every netlink message and every attribute starts on a 4-byte boundary. A length field always
/// counts the unpadded size; the next item starts after the padded size.
public enum NetlinkAlignment {
    /// The alignment of messages and attributes, in bytes.
    ///
    /// The corresponding C constants are `NLMSG_ALIGNTO` and `NLA_ALIGNTO` (both 4).
    public static let boundary = 4

    /// Rounds a length up to the next multiple of four.
    ///
    /// ```c
    /// #define NLMSG_ALIGN(len) ( ((len)+NLMSG_ALIGNTO-1) & ~(NLMSG_ALIGNTO-1) )
    /// #define NLA_ALIGN(len)   (((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1))
    /// ```
    ///
    /// - Parameter length: A non-negative length in bytes.
    /// - Returns: `length` rounded up to a multiple of ``boundary``.
    @inlinable
    public static func align(_ length: Int) -> Int {
        (length &+ 3) & ~3
    }
}
