import Glibc
import Netlink
import NetlinkCore

/// ss's `-s` (`print_summary`): the namespace's `/proc/net/sockstat`, `sockstat6` and the
/// `CurrEstab` of `/proc/net/snmp`, in ss's layout.
enum SSSummary {
    /// The text, read in `namespace` (its own /proc/net: a thread inside reads `thread-self`).
    static func text(namespace: NetworkNamespace?) async -> String {
        let files = ["sockstat", "sockstat6", "snmp"]
        let read = (try? await ProcFiles.net(files, namespace: namespace)) ?? [nil, nil, nil]
        let contents = read.map { $0.map { String(decoding: $0, as: UTF8.self) } }
        var values: [String: [Int]] = [:]
        var errors = ""
        if contents[0] == nil { errors += "ss: get_sockstat: \(String(cString: strerror(ENOENT)))\n" }
        for text in [contents[0], contents[1]].compactMap({ $0 }) {
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let id = words.first else { continue }
                // sscanf("%*s%d...") after the id: every other word, as numbers.
                let numbers = stride(from: 2, to: words.count, by: 2).map { Int(words[$0]) ?? 0 }
                values[String(id)] = numbers
            }
        }
        func value(_ id: String, _ index: Int) -> Int {
            guard let list = values[id], index < list.count else { return 0 }
            return list[index]
        }
        let sockets = value("sockets:", 0)
        let tcp4 = value("TCP:", 0), orphans = value("TCP:", 1), timewait = value("TCP:", 2), tcpTotal = value("TCP:", 3)
        let tcp6 = value("TCP6:", 0), udp4 = value("UDP:", 0), udp6 = value("UDP6:", 0), raw4 = value("RAW:", 0), raw6 = value("RAW6:", 0)
        let frag4 = value("FRAG:", 0), frag6 = value("FRAG6:", 0)
        let established = currentlyEstablished(contents[2])
        if established == nil { errors += "ss: get_snmpstat: \(String(cString: strerror(contents[2] == nil ? ENOENT : ESRCH)))\n" }
        func padded(_ n: Int) -> String {
            let text = String(n)
            return text.count >= 9 ? text : text + String(repeating: " ", count: 9 - text.count)
        }
        func row(_ name: String, _ v4: Int, _ v6: Int) -> String { "\(name)\t  \(padded(v4 + v6)) \(padded(v4)) \(padded(v6))\n" }
        var text = "Total: \(sockets)\n"
        text += "TCP:   \(tcpTotal + timewait) (estab \(established ?? 0), closed \(tcpTotal - (tcp4 + tcp6 - timewait)), orphaned \(orphans), timewait \(timewait))\n"
        text += "\nTransport Total     IP        IPv6\n"
        text += row("RAW", raw4, raw6) + row("UDP", udp4, udp6) + row("TCP", tcp4, tcp6)
        text += row("INET", raw4 + udp4 + tcp4, raw6 + udp6 + tcp6) + row("FRAG", frag4, frag6) + "\n"
        if !errors.isEmpty { printError(String(errors.dropLast())) }
        return text
    }

    /// `Tcp: ... CurrEstab ...` of /proc/net/snmp: the value under the key.
    static func currentlyEstablished(_ snmp: String?) -> Int? {
        guard let snmp else { return nil }
        let lines = snmp.split(separator: "\n")
        for (index, line) in lines.enumerated() where line.hasPrefix("Tcp:") && index + 1 < lines.count {
            let keys = line.split(separator: " ")
            guard let position = keys.firstIndex(of: "CurrEstab") else { continue }
            let values = lines[index + 1].split(separator: " ")
            guard values.first == "Tcp:", position < values.count else { return nil }
            return Int(values[position])
        }
        return nil
    }
}
