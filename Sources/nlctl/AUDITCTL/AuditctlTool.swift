import Glibc
import Netlink
import NetlinkAudit
import NetlinkCore

/// `auditctl` (audit 3.0.9) where it reads: `nlctl [-n NETNS] [-j] auditctl -s | -l | -v`. `-s`
/// prints the status as auditctl does (`AUDIT_GET`, then `AUDIT_GET_FEATURE` for the
/// `loginuid_immutable` line), `-l` the rule list when it is empty ("No rules"). Everything that
/// changes the audit state (rules, watches, `-e`, `-f`, `-b`, `-r`, `-D`, ...) is not built: the
/// state is the host's in every namespace, and nlctl does not change it. `-j` prints the status as
/// one object with auditctl's words as keys.
enum AuditctlTool: NlctlTool {
    static let name = "auditctl"

    static func run(_ arguments: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        // auditctl refuses every option (-v included) to a user who is not root, before reading them.
        if !arguments.isEmpty, geteuid() != 0 {
            printError("You must be root to run this program.")
            return 4
        }
        guard arguments.count == 1, ["-s", "-l", "-v"].contains(arguments[0]) else {
            printError("nlctl auditctl: only -s, -l and -v are built (rules, watches and settings change the host's audit state)")
            return 1
        }
        if arguments[0] == "-v" {
            output.write("auditctl version 3.0.9\n")
            output.flush()
            return 0
        }
        let (opened, namespace) = options.openNamespace(refusingSandboxFor: "auditctl")
        guard opened else { return 1 }
        let connection: NetlinkConnection
        do throws(NetlinkError) {
            var configuration = NetlinkConnection.Configuration()
            configuration.reading = .callingThread
            connection = try await NetlinkConnection(family: .audit, namespace: namespace, configuration: configuration)
        } catch {
            printError("Error opening audit netlink socket (\(error.errno?.description ?? error.iproute2Description))")
            return 1
        }
        do throws(NetlinkError) {
            if arguments[0] == "-l" {
                let rules = try await connection.auditRuleCount()
                guard rules == 0 else {
                    printError("nlctl auditctl: \(rules) rules are set; printing rules is not built")
                    return 1
                }
                output.write("No rules\n")
                output.flush()
                return 0
            }
            let status = try await connection.auditStatus()
            let features = try? await connection.auditFeatures()
            if options.json {
                var fields: [(String, UInt32)] = [("enabled", status.enabled), ("failure", status.failure), ("pid", status.pid), ("rate_limit", status.rateLimit),
                                                  ("backlog_limit", status.backlogLimit), ("lost", status.lost), ("backlog", status.backlog)]
                if let wait = status.backlogWaitTime { fields.append(("backlog_wait_time", wait)) }
                if let actual = status.backlogWaitTimeActual { fields.append(("backlog_wait_time_actual", actual)) }
                var text = "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
                if let features, features.covers(AuditFeatures.loginUIDImmutable) {
                    text += ",\"loginuid_immutable\":\(features.isOn(AuditFeatures.loginUIDImmutable) ? 1 : 0)"
                    text += ",\"loginuid_immutable_locked\":\(features.isLocked(AuditFeatures.loginUIDImmutable))"
                }
                output.write(text + "}\n")
            } else {
                output.write(text(status, features: features))
            }
            output.flush()
            return 0
        } catch {
            if error.errno?.rawValue == EPERM || error.errno?.rawValue == EACCES {
                printError("Error sending status request (Operation not permitted)")
            } else {
                printError("Error: \(error.iproute2Description)")
            }
            return 1
        }
    }

    /// auditctl's `-s` text.
    static func text(_ status: AuditStatus, features: AuditFeatures?) -> String {
        var text = "enabled \(status.enabled)\nfailure \(status.failure)\npid \(status.pid)\nrate_limit \(status.rateLimit)\n"
        text += "backlog_limit \(status.backlogLimit)\nlost \(status.lost)\nbacklog \(status.backlog)\n"
        if let wait = status.backlogWaitTime { text += "backlog_wait_time \(wait)\n" }
        if let actual = status.backlogWaitTimeActual { text += "backlog_wait_time_actual \(actual)\n" }
        if let features, features.covers(AuditFeatures.loginUIDImmutable) {
            let bit = AuditFeatures.loginUIDImmutable
            text += "loginuid_immutable \(features.isOn(bit) ? 1 : 0) \(features.isLocked(bit) ? "locked" : "unlocked")\n"
        }
        return text
    }
}
