import NetlinkCore
import NetlinkRoute

/// How `ip link` names things: flags, states, modes, hardware types, addresses.
enum LinkFormat {
    /// `print_link_flags`: the IFF_* names in iproute2's order.
    static let flagNames: [(UInt32, StaticString)] = [
        (0x8, "LOOPBACK"), (0x2, "BROADCAST"), (0x10, "POINTOPOINT"), (0x1000, "MULTICAST"), (0x80, "NOARP"),
        (0x200, "ALLMULTI"), (0x100, "PROMISC"), (0x400, "MASTER"), (0x800, "SLAVE"), (0x4, "DEBUG"),
        (0x8000, "DYNAMIC"), (0x4000, "AUTOMEDIA"), (0x2000, "PORTSEL"), (0x20, "NOTRAILERS"), (0x1, "UP"),
        (0x10000, "LOWER_UP"), (0x20000, "DORMANT"), (0x40000, "ECHO"),
    ]

    /// The flag words of `flags`, with NO-CARRIER first and M-DOWN last as `ip` prints them.
    static func flagWords(_ flags: UInt32, masterDown: Bool) -> [String] {
        var words: [String] = []
        words.reserveCapacity(8)
        forEachFlagWord(flags, masterDown: masterDown, { words.append($0.description) }, hex: { words.append(String($0, radix: 16)) })
        return words
    }

    /// `<WORD,WORD,...>` of ``flagWords(_:masterDown:)``, written straight into `buffer` (no Strings:
    /// every `link show` line prints it).
    static func appendFlags(_ flags: UInt32, masterDown: Bool, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "<"))
        // A comma before every word but the first, which follows the `<`.
        func separate(_ buffer: inout [UInt8]) {
            if buffer.last != UInt8(ascii: "<") { buffer.append(UInt8(ascii: ",")) }
        }
        forEachFlagWord(flags, masterDown: masterDown, { word in
            separate(&buffer)
            ByteText.append(word, to: &buffer)
        }, hex: { rest in
            separate(&buffer)
            buffer.append(contentsOf: String(rest, radix: 16).utf8)
        })
        buffer.append(UInt8(ascii: ">"))
    }

    /// The words in ip's order: NO-CARRIER (up without IFF_RUNNING), the IFF_* names, the bits
    /// left over in hex, M-DOWN.
    private static func forEachFlagWord(_ flags: UInt32, masterDown: Bool, _ word: (StaticString) -> Void, hex: (UInt32) -> Void) {
        var rest = flags
        if rest & 0x1 != 0 && rest & 0x40 == 0 { word("NO-CARRIER") }
        rest &= ~UInt32(0x40)
        for (bit, name) in flagNames where rest & bit != 0 {
            rest &= ~bit
            word(name)
        }
        if rest != 0 { hex(rest) }
        if masterDown { word("M-DOWN") }
    }

    static func linkMode(_ mode: UInt8) -> String {
        switch mode {
        case 0: "DEFAULT"
        case 1: "DORMANT"
        case 2: "TESTING"
        default: "mode " + String(mode)
        }
    }

    /// `ll_type_n2a`: ARPHRD_* names (a switch: no table to build when a command starts).
    static func hardwareTypeName(_ type: UInt16) -> String? {
        switch type {
        case 0: "netrom"
        case 1: "ether"
        case 2: "eether"
        case 3: "ax25"
        case 4: "pronet"
        case 5: "chaos"
        case 6: "ieee802"
        case 7: "arcnet"
        case 8: "atalk"
        case 15: "dlci"
        case 19: "atm"
        case 23: "metricom"
        case 24: "ieee1394"
        case 32: "infiniband"
        case 256: "slip"
        case 257: "cslip"
        case 258: "slip6"
        case 259: "cslip6"
        case 260: "rsrvd"
        case 264: "adapt"
        case 270: "rose"
        case 271: "x25"
        case 272: "hwx25"
        case 280: "can"
        case 512: "ppp"
        case 513: "hdlc"
        case 516: "lapb"
        case 517: "ddcmp"
        case 518: "rawhdlc"
        case 768: "ipip"
        case 769: "tunnel6"
        case 770: "frad"
        case 771: "skip"
        case 772: "loopback"
        case 773: "ltalk"
        case 774: "fddi"
        case 775: "bif"
        case 776: "sit"
        case 777: "ip/ddp"
        case 778: "gre"
        case 779: "pimreg"
        case 780: "hippi"
        case 781: "ash"
        case 782: "econet"
        case 783: "irda"
        case 784: "fcpp"
        case 785: "fcal"
        case 786: "fcpl"
        case 787: "fcfb0"
        case 800: "tr"
        case 801: "ieee802.11"
        case 802: "ieee802.11/prism"
        case 803: "ieee802.11/radiotap"
        case 804: "ieee802.15.4"
        case 805: "ieee802.15.4/monitor"
        case 820: "phonet"
        case 821: "phonet_pipe"
        case 822: "caif"
        case 823: "gre6"
        case 824: "netlink"
        case 825: "6lowpan"
        case 65534: "none"
        case 65535: "void"
        default: nil
        }
    }

    static func hardwareType(_ type: UInt16) -> String {
        if NameTable.numeric { return "[\(type)]" }
        return hardwareTypeName(type) ?? "[\(type)]"
    }

    /// `ll_addr_n2a`: colon-separated hex bytes, `aa:bb:cc:...` in lower case.
    static func hardwareAddress(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        append(hardwareAddress: bytes, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// ``hardwareAddress(_:)`` written straight into an output buffer (this runs for every link shown).
    static func append(hardwareAddress bytes: [UInt8], to buffer: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        for (index, byte) in bytes.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ":")) }
            buffer.append(digits.utf8Start[Int(byte >> 4)])
            buffer.append(digits.utf8Start[Int(byte & 0xF)])
        }
    }
}
