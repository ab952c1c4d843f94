import NetlinkCore
import NetlinkGeneric

/// `ethtool -S DEVNAME --all-groups | --groups GROUP...`: the standard statistics (IEEE 802.3 and
/// RMON groups) over netlink, printed as ethtool 6.1's `stats_reply_cb` prints them. `-S DEVNAME`
/// alone is the driver's own counters over ioctl in ethtool 6.1, not built here.
enum EthtoolStatisticsCommand {
    static func show(_ words: [String], session: EthtoolSession) async -> Int32 {
        guard let first = words.first else {
            printError("nlctl: ethtool -S DEVNAME (driver statistics, ioctl in ethtool 6.1): not implemented; --all-groups and --groups are")
            return 1
        }
        var groups: EthtoolBitChanges?
        switch first {
        case "--all-groups":
            if let extra = words.dropFirst().first {
                printError(extra == "--groups" || extra == "--all-groups" ? "ethtool (-S): duplicate parameter '\(extra)'" : "ethtool (-S): unknown parameter '\(extra)'")
                return 1
            }
        case "--groups":
            let names = words.dropFirst()
            guard !names.isEmpty else {
                printError("ethtool (-S): no value for parameter '--groups'")
                return 1
            }
            groups = EthtoolBitChanges(names.map { (.name($0), true) })
        default:
            printError("ethtool (-S): unknown parameter '\(first)'")
            return 1
        }
        let connection = session.connection, id = session.familyID
        let standard: EthtoolStringSet
        do throws(NetlinkError) {
            standard = try await connection.ethtoolStringSet(Ethtool.StringSetID.standardStatistics, familyID: id)
        } catch {
            session.report(error)
            return 1
        }
        let answer: EthtoolAnswer<EthtoolStatistics>
        do throws(NetlinkError) {
            answer = try await connection.ethtoolStatistics(device: session.device, groups: groups, familyID: id)
        } catch {
            session.report(error)
            return 1
        }
        guard case .value(let statistics) = answer else {
            if case .notSupported(let error) = answer { session.report(error) }
            if case .notPermitted(let error) = answer { session.report(error) }
            return 1
        }
        var counterNames: [UInt32: EthtoolStringSet] = [:]
        for set in Set(statistics.groups.compactMap(\.stringSet)) {
            counterNames[set] = try? await connection.ethtoolStringSet(set, familyID: id)
        }
        let printer = session.printer
        printer.begin()
        printer.openObject()
        printer.field("ifname", .string(statistics.device.name), text: "Standard stats for \(statistics.device.name):\n")
        for group in statistics.groups {
            guard let set = group.stringSet else { continue }
            let groupName = standard[Int(group.id)] ?? ""
            printer.openObject(groupName)
            for counter in group.counters {
                guard let name = counterNames[set]?[Int(counter.index)], !name.isEmpty else { continue }
                printer.field(name, .unsigned(counter.value), text: "\(groupName)-\(name): \(counter.value)\n")
            }
            for (direction, key, buckets) in [("rx", "rx-pktsNtoM", group.receiveHistogram), ("tx", "tx-pktsNtoM", group.transmitHistogram)] where !buckets.isEmpty {
                printer.openArray(key)
                for bucket in buckets {
                    if printer.isJSON {
                        printer.openObject()
                        printer.json("low", .unsigned(UInt64(bucket.low)))
                        printer.json("high", .unsigned(UInt64(bucket.high)))
                        printer.json("val", .unsigned(bucket.value))
                        printer.closeObject()
                        continue
                    }
                    var line = "\(direction)-\(groupName)-etherStatsPkts"
                    if bucket.low != 0 && bucket.high != 0 {
                        line += "\(bucket.low)to\(bucket.high)Octets: \(bucket.value)\n"
                    } else if bucket.high != 0 {
                        line += "\(bucket.high)Octets: \(bucket.value)\n"
                    } else if bucket.low != 0 {
                        line += "\(bucket.low)toMaxOctets: \(bucket.value)\n"
                    } else {
                        printError("invalid kernel response - bad histogram entry bounds")
                        printer.finish()
                        return 1
                    }
                    printer.text(line)
                }
                printer.closeArray()
            }
            printer.closeObject()
        }
        printer.closeObject()
        printer.finish()
        return 0
    }
}
