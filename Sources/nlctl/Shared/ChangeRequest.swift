import Netlink
import NetlinkCore

/// One change request of a command (`route add`, `address del` ...), parsed and ready to encode:
/// sent at once by ``Context/submit(_:)``, or queued by a pipelined `-force -batch`.
struct ChangeRequest {
    var type: NetlinkMessageType
    var flags: NetlinkMessageFlags
    var fixedHeaderSize: Int
    /// The exit status when the kernel refuses the change (`ip` returns 2).
    var failureStatus: Int32 = 2
    /// Whether a refusal ends a batch at once (`ip neighbor` exits with status 2 instead of returning).
    var failureEndsBatch = false
    /// Whether `-echo` applies (ip echoes address, route, rule, nexthop and link changes, not neighbours).
    var echoes = true
    /// Writes the payload: the family header and the attributes.
    var encode: (inout NetlinkMessageBuilder) throws -> Void
}

/// What a command line of a pipelined batch produced instead of sending: its change request and
/// the warnings it printed while parsing (kept so they come out in line order).
final class ChangeCollector {
    var request: ChangeRequest?
    var warnings: [String] = []

    /// Thrown by ``Context/submit(_:)`` when a line makes a second request: such a line is not a
    /// single change and runs again on its own, after the pipeline.
    static let notSingleChange = CommandError("(internal) not a single change request", status: Int32.min)
}

extension Context {
    /// Sends a change request and waits for its acknowledgement (a refusal is a ``CommandError``
    /// with the request's failure status), or, in a pipelined batch, hands it to the batch.
    func submit(_ request: ChangeRequest) async throws(CommandError) {
        if let collector {
            guard collector.request == nil else { throw ChangeCollector.notSingleChange }
            collector.request = request
            return
        }
        let connection = try connection()
        let echo = options.echo && request.echoes
        do throws(NetlinkError) {
            let ack = try await connection.execute(
                type: request.type, flags: echo ? request.flags.union(.echo) : request.flags, fixedHeaderSize: request.fixedHeaderSize,
                request.encode)
            if echo { await MonitorCommand.printEcho(ack, context: self) }
        } catch {
            var failure = CommandError.netlink(error, status: request.failureStatus)
            failure.endsBatch = request.failureEndsBatch
            throw failure
        }
    }

    /// Prints a warning of a change command on standard error, or keeps it with the line in a pipelined batch.
    func warn(_ text: String) {
        if let collector {
            collector.warnings.append(text)
        } else {
            printError(text)
        }
    }
}
