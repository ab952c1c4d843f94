import Glibc
import NetlinkCore
import NetlinkSockDiag

/// ss's `tcp_show_info` and `tcp_stats_print` (`-i`, with `-m`'s memory first): the fields of
/// `struct tcp_info` a kernel of any size sends (a shorter one's missing fields are 0, as ss pads
/// them), the congestion algorithm, the Vegas RTT, DCTCP and BBR.
enum SSTCPInfo {
    /// C's `%g` (and the other one-number formats).
    static func format(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, 64, format, $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// ss's `sprint_bw`: bits per second.
    static func bandwidth(_ bits: Double, numeric: Bool) -> String {
        if numeric { return format("%.0f", bits) }
        if bits >= 1e12 { return format("%.3g", bits / 1e12) + "T" }
        if bits >= 1e9 { return format("%.3g", bits / 1e9) + "G" }
        if bits >= 1e6 { return format("%.3g", bits / 1e6) + "M" }
        if bits >= 1e3 { return format("%.3g", bits / 1e3) + "k" }
        return format("%g", bits)
    }

    /// ss's `print_skmeminfo`: ` skmem:(...)`, or ` mem:(...)` from an older kernel's `INET_DIAG_MEMINFO`.
    static func memory(_ socket: InetSocket) -> String {
        if let words = socket.socketMemory { return SSSession.skmem(words) }
        guard let memory = socket.otherAttributes[InetDiagAttribute.memoryInfo], memory.count >= 16 else { return "" }
        let word = { (i: Int) in memory[(i * 4)..<(i * 4 + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } }
        return " mem:(r\(word(0)),w\(word(1)),f\(word(2)),t\(word(3)))"
    }

    /// The text after `\n\t` (ss's `tcp_show_info`): memory, the TCP information, the MD5 keys
    /// and the upper-layer protocol. A key's bytes go to `direct` as ss prints them: with `printf`,
    /// straight to standard output ahead of the lines it holds back, its ` md5keys:ADDR/LEN=` text
    /// without them.
    static func text(_ socket: InetSocket, showOptions: Bool, numeric: Bool, host: (IPAddress) -> String = { $0.description },
                     direct: (String) -> Void = { _ in }) -> String {
        var text = memory(socket)
        if let raw = socket.tcpInfo { text += statistics(socket, raw, showOptions: showOptions, numeric: numeric) }
        if let keys = socket.md5Keys, !keys.isEmpty {
            text += " md5keys:" + keys.map { key in
                direct(escaped(key.key))
                return host(key.address) + "/\(key.prefixLength)="
            }.joined(separator: ",")
        }
        if let ulp = socket.upperLayerProtocol {
            if let name = ulp.name { text += " tcp-ulp-" + name }
            if let tls = ulp.tls { text += tlsText(tls) }
            if let subflow = ulp.mptcpSubflow { text += subflowText(subflow) }
        }
        return text
    }

    /// lib/utils.c's `print_escape_buf(buf, len, " ,")`: printable bytes as they are; `\`, blank,
    /// comma and the rest as `\ooo`.
    static func escaped(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            if byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\"), byte != UInt8(ascii: " "), byte != UInt8(ascii: ",") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let octal = String(byte, radix: 8)
                text += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return text
    }

    /// ss's `tcp_tls_version`, `tcp_tls_cipher`, `tcp_tls_conf` (rx then tx) and `tcp_tls_zc_sendfile`.
    static func tlsText(_ tls: TLSInfo) -> String {
        var text = ""
        if let version = tls.version {
            switch version {
            case 0x0303: text += " version: 1.2"
            case 0x0304: text += " version: 1.3"
            default: text += " version: unknown(\(version))"
            }
        }
        switch tls.cipher {
        case 51: text += " cipher: aes-gcm-128"
        case 52: text += " cipher: aes-gcm-256"
        default: break
        }
        for (name, value) in [("rxconf", tls.receiveConfiguration), ("txconf", tls.transmitConfiguration)] {
            guard let value else { continue }
            let shown = [1: "none", 2: "sw", 3: "hw", 4: "hw-record"][value] ?? "unknown(\(value))"
            text += " \(name): \(shown)"
        }
        if tls.zeroCopyReadOnlyTransmit { text += " zc_ro_tx" }
        return text
    }

    /// ss's `mptcp_subflow_info`.
    static func subflowText(_ subflow: MPTCPSubflowInfo) -> String {
        var text = ""
        if let flags = subflow.flags, flags != 0 {
            let letters: [(UInt32, Character)] = [(1, "M"), (2, "m"), (4, "J"), (8, "j"), (16, "B"), (32, "b"), (64, "e"), (128, "c"), (256, "v")]
            text += " flags:" + String(letters.compactMap { flags & $0.0 != 0 ? $0.1 : nil })
        }
        if let remote = subflow.remoteToken, let local = subflow.localToken, let remoteID = subflow.remoteID, let localID = subflow.localID {
            text += " token:" + hex(remote, width: 4) + "(id:\(remoteID))/" + hex(local, width: 4) + "(id:\(localID))"
        }
        if let sequence = subflow.mapSequence { text += " seq:" + String(sequence, radix: 16) }
        if let sequence = subflow.mapSubflowSequence { text += " sfseq:" + String(sequence, radix: 16) }
        if let offset = subflow.ssnOffset { text += " ssnoff:" + String(offset, radix: 16) }
        if let length = subflow.mapDataLength { text += " maplen:" + String(length, radix: 16) }
        return text
    }

    /// `%0Nx`.
    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// ss's `mptcp_show_info` for an MPTCP socket: memory, then `mptcp_stats_print`.
    static func mptcpText(_ socket: InetSocket) -> String {
        var text = memory(socket)
        guard let info = socket.mptcpInfo else { return text }
        for (value, name) in [(info.subflows, "subflows"), (info.addAddressSignal, "add_addr_signal"), (info.addAddressAccepted, "add_addr_accepted"),
                              (info.subflowsMaximum, "subflows_max"), (info.addAddressSignalMaximum, "add_addr_signal_max"),
                              (info.addAddressAcceptedMaximum, "add_addr_accepted_max")] where value != 0 {
            text += " \(name):\(value)"
        }
        if info.flags & 1 != 0 { text += " fallback" }
        if info.flags & 2 != 0 { text += " remote_key" }
        if info.token != 0 { text += " token:" + String(info.token, radix: 16) }
        for (value, name) in [(info.writeSequence, "write_seq"), (info.sendUnacknowledged, "snd_una"), (info.receiveNext, "rcv_nxt")] where value != 0 {
            text += " \(name):" + String(value, radix: 16)
        }
        return text
    }

    /// ss's `tcp_stats_print` of a `struct tcp_info` (`raw`, padded to the 6.1 size).
    static func statistics(_ socket: InetSocket, _ raw: [UInt8], showOptions: Bool, numeric: Bool) -> String {
        var text = ""
        var bytes = raw
        if bytes.count < TCPInfo.Offset.size61 { bytes += [UInt8](repeating: 0, count: TCPInfo.Offset.size61 - bytes.count) }
        let info = TCPInfo(raw: bytes)
        func u8(_ offset: Int) -> UInt8 { info.field(offset, as: UInt8.self) ?? 0 }
        func u32(_ offset: Int) -> UInt32 { info.field(offset, as: UInt32.self) ?? 0 }
        func u64(_ offset: Int) -> UInt64 { info.field(offset, as: UInt64.self) ?? 0 }
        typealias O = TCPInfo.Offset
        let options = u8(O.options)
        if showOptions {
            if options & 1 != 0 { text += " ts" }
            if options & 2 != 0 { text += " sack" }
            if options & 8 != 0 { text += " ecn" }
            if options & 16 != 0 { text += " ecnseen" }
            if options & 32 != 0 { text += " fastopen" }
        }
        if let congestion = socket.congestion, !congestion.isEmpty { text += " " + String(congestion.prefix(15)) }
        if options & 4 != 0 { text += " wscale:\(u8(O.windowScales) & 0xF),\(u8(O.windowScales) >> 4)" }
        let rto = u32(O.rto)
        if rto != 0, rto != 3_000_000 { text += " rto:" + format("%g", Double(rto) / 1000) }
        if u8(O.backoff) != 0 { text += " backoff:\(u8(O.backoff))" }
        let rttMicroseconds = u32(O.rtt)
        if rttMicroseconds != 0 { text += " rtt:" + format("%g", Double(rttMicroseconds) / 1000) + "/" + format("%g", Double(u32(O.rttVariance)) / 1000) }
        if u32(O.ato) != 0 { text += " ato:" + format("%g", Double(u32(O.ato)) / 1000) }
        let mss = u32(O.sendMSS), cwnd = u32(O.congestionWindow)
        if mss != 0 { text += " mss:\(Int32(bitPattern: mss))" }
        if u32(O.pathMTU) != 0 { text += " pmtu:\(u32(O.pathMTU))" }
        if u32(O.receiveMSS) != 0 { text += " rcvmss:\(Int32(bitPattern: u32(O.receiveMSS)))" }
        if u32(O.advertisedMSS) != 0 { text += " advmss:\(Int32(bitPattern: u32(O.advertisedMSS)))" }
        if cwnd != 0 { text += " cwnd:\(cwnd)" }
        let ssthresh = u32(O.sendSlowStartThreshold)
        if ssthresh < 0xFFFF, ssthresh != 0 { text += " ssthresh:\(ssthresh)" }
        for (value, name) in [(u64(O.bytesSent), "bytes_sent"), (u64(O.bytesRetransmitted), "bytes_retrans"), (u64(O.bytesAcknowledged), "bytes_acked"),
                              (u64(O.bytesReceived), "bytes_received")] where value != 0 {
            text += " \(name):\(value)"
        }
        for (value, name) in [(u32(O.segmentsOut), "segs_out"), (u32(O.segmentsIn), "segs_in"), (u32(O.dataSegmentsOut), "data_segs_out"),
                              (u32(O.dataSegmentsIn), "data_segs_in")] where value != 0 {
            text += " \(name):\(value)"
        }
        switch socket.congestionInfo {
        case .dctcp(let dctcp)?:
            text += dctcp.enabled != 0
                ? " dctcp:(ce_state:\(dctcp.congestionExperiencedState),alpha:\(dctcp.alpha),ab_ecn:\(dctcp.ackedBytesECN),ab_tot:\(dctcp.ackedBytesTotal))"
                : " dctcp:fallback_mode"
        case .bbr(let bbr)?:
            text += " bbr:(bw:" + bandwidth(Double(bbr.bandwidth) * 8, numeric: numeric) + "bps,mrtt:" + format("%g", Double(bbr.minimumRTT) / 1000)
            if bbr.pacingGain != 0 { text += ",pacing_gain:" + format("%g", Double(bbr.pacingGain) / 256) }
            if bbr.congestionWindowGain != 0 { text += ",cwnd_gain:" + format("%g", Double(bbr.congestionWindowGain) / 256) }
            text += ")"
        default: break
        }
        var rtt = Double(rttMicroseconds)
        if case .vegas(let vegas)? = socket.congestionInfo, vegas.enabled != 0, vegas.rtt != 0, vegas.rtt != 0x7FFF_FFFF { rtt = Double(vegas.rtt) }
        if rtt > 0, mss != 0, cwnd != 0 {
            text += " send " + bandwidth(Double(cwnd) * Double(mss) * 8_000_000 / rtt, numeric: numeric) + "bps"
        }
        for (value, name) in [(u32(O.lastDataSent), "lastsnd"), (u32(O.lastDataReceived), "lastrcv"), (u32(O.lastAckReceived), "lastack")] where value != 0 {
            text += " \(name):\(value)"
        }
        let pacing = u64(O.pacingRate)
        if pacing != 0, pacing != UInt64.max {
            text += " pacing_rate " + bandwidth(Double(pacing) * 8, numeric: numeric) + "bps"
            let maxPacing = u64(O.maxPacingRate)
            if maxPacing != 0, maxPacing != UInt64.max { text += "/" + bandwidth(Double(maxPacing) * 8, numeric: numeric) + "bps" }
        }
        let delivery = u64(O.deliveryRate)
        if delivery != 0 { text += " delivery_rate " + bandwidth(Double(delivery) * 8, numeric: numeric) + "bps" }
        if u32(O.delivered) != 0 { text += " delivered:\(u32(O.delivered))" }
        if u32(O.deliveredCE) != 0 { text += " delivered_ce:\(u32(O.deliveredCE))" }
        if u8(7) & 1 != 0 { text += " app_limited" }
        let busy = u64(O.busyTime)
        if busy != 0 {
            text += " busy:\(busy / 1000)ms"
            let receiveLimited = u64(O.receiveWindowLimited), sendLimited = u64(O.sendBufferLimited)
            if receiveLimited != 0 { text += " rwnd_limited:\(receiveLimited / 1000)ms(" + format("%.1f", 100 * Double(receiveLimited) / Double(busy)) + "%)" }
            if sendLimited != 0 { text += " sndbuf_limited:\(sendLimited / 1000)ms(" + format("%.1f", 100 * Double(sendLimited) / Double(busy)) + "%)" }
        }
        if u32(O.unacknowledged) != 0 { text += " unacked:\(u32(O.unacknowledged))" }
        if u32(O.retransmitted) != 0 || u32(O.totalRetransmits) != 0 { text += " retrans:\(u32(O.retransmitted))/\(u32(O.totalRetransmits))" }
        if u32(O.lost) != 0 { text += " lost:\(u32(O.lost))" }
        if u32(O.sacked) != 0, socket.state != .listen { text += " sacked:\(u32(O.sacked))" }
        if u32(O.dsackDuplicates) != 0 { text += " dsack_dups:\(u32(O.dsackDuplicates))" }
        if u32(O.fackets) != 0 { text += " fackets:\(u32(O.fackets))" }
        if u32(O.reordering) != 3 { text += " reordering:\(Int32(bitPattern: u32(O.reordering)))" }
        if u32(O.reorderSeen) != 0 { text += " reord_seen:\(Int32(bitPattern: u32(O.reorderSeen)))" }
        if u32(O.receiveRTT) != 0 { text += " rcv_rtt:" + format("%g", Double(u32(O.receiveRTT)) / 1000) }
        if u32(O.receiveSpace) != 0 { text += " rcv_space:\(Int32(bitPattern: u32(O.receiveSpace)))" }
        if u32(O.receiveSlowStartThreshold) != 0 { text += " rcv_ssthresh:\(u32(O.receiveSlowStartThreshold))" }
        if u32(O.notSentBytes) != 0 { text += " notsent:\(u32(O.notSentBytes))" }
        let minRTT = u32(O.minRTT)
        if minRTT != 0, minRTT != UInt32.max { text += " minrtt:" + format("%g", Double(minRTT) / 1000) }
        if u32(O.receiveOutOfOrder) != 0 { text += " rcv_ooopack:\(u32(O.receiveOutOfOrder))" }
        if u32(O.sendWindow) != 0 { text += " snd_wnd:\(u32(O.sendWindow))" }
        return text
    }
}
