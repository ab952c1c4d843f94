import Netlink
import NetlinkCore
import NetlinkGeneric

/// `nlctl sr`: ip 6.1's `ip sr` over the `SEG6` generic netlink family — `tunsrc show | set` and
/// `hmac show`, with ip's words, errors, exit statuses and output. `hmac set` (whose secret ip
/// reads from the terminal with `getpass`) is not built yet and says so.
enum SRCommand {
    static let usage = """
        Usage: nlctl sr { COMMAND | help }
                  nlctl sr hmac show
                  nlctl sr hmac set KEYID ALGO
                  nlctl sr tunsrc show
                  nlctl sr tunsrc set ADDRESS
        where  ALGO := { sha1 | sha256 }
        """

    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        guard let object = words.next(), !matches(object, "help") else { throw CommandError(usage, status: 255) }
        if matches(object, "hmac") {
            let command = try words.argument(of: object)
            if matches(command, "show") {
                return try await hmacShow(context: context)
            } else if matches(command, "set") {
                let keyText = try words.argument(of: command)
                guard let key = InetText.unsigned(keyText), key != 0 else { throw CommandError.invalidArgument(keyText, "hmac KEYID value is invalid") }
                let algorithm = try words.argument(of: keyText)
                guard algorithm == "sha1" || algorithm == "sha256" else { throw CommandError.invalidArgument(algorithm, "hmac ALGO value is invalid") }
                throw CommandError("nlctl: sr hmac set: not implemented yet (ip reads the secret from the terminal)", status: 1)
            }
            throw CommandError.invalidArgument(command, "unknown")
        }
        if matches(object, "tunsrc") {
            let command = try words.argument(of: object)
            if matches(command, "show") { return try await tunsrcShow(context: context) }
            if matches(command, "set") {
                let text = try words.argument(of: command)
                guard case .v6(let address)? = InetText.address(text, family: .inet6) else {
                    throw AddressModify.invalidAddress(text, family: .inet6)
                }
                let (connection, id) = try await family(context: context)
                do throws(NetlinkError) {
                    try await connection.setSEG6TunnelSource(address, familyID: id)
                } catch {
                    throw CommandError(error.iproute2Description, status: 1)
                }
                return
            }
            throw CommandError.invalidArgument(command, "unknown")
        }
        throw CommandError.invalidArgument(object, "unknown")
    }

    static func family(context: Context) async throws(CommandError) -> (NetlinkConnection, UInt16) {
        let connection = try TCPMetricsCommand.genericConnection(context: context)
        do throws(NetlinkError) {
            return (connection, try await connection.genericFamily(named: SEG6.familyName).id)
        } catch {
            throw CommandError(error.iproute2Description, status: 1)
        }
    }

    static func tunsrcShow(context: Context) async throws(CommandError) {
        let (connection, id) = try await family(context: context)
        let address: IPv6Address
        do throws(NetlinkError) {
            address = try await connection.seg6TunnelSource(familyID: id)
        } catch {
            throw CommandError(error.iproute2Description, status: 2)
        }
        let printer = context.printer
        printer.begin()
        printer.openObject()
        printer.string("tunsrc", "\(address)", text: "tunsrc addr \(address)\n")
        printer.closeObject()
        printer.finish()
    }

    static func hmacShow(context: Context) async throws(CommandError) {
        let (connection, id) = try await family(context: context)
        let printer = context.printer
        printer.begin()
        let keys: [SEG6HMACKey]
        do throws(NetlinkError) {
            keys = try await connection.seg6HMACKeys(familyID: id)
        } catch {
            printer.flush()
            printError(error.iproute2Description)
            throw CommandError("Dump terminated", status: 1)
        }
        for key in keys {
            printer.openObject()
            printer.unsigned("hmac", UInt64(key.id), text: "hmac \(key.id) ")
            let name = key.algorithm == 1 ? "sha1" : key.algorithm == 2 ? "sha256" : "<unknown>"
            printer.string("algo", name, text: "algo \(name) ")
            let secret = String(decoding: key.secret.prefix(63).prefix { $0 != 0 }, as: UTF8.self)
            printer.string("secret", secret, text: "secret \"\(secret)\"\n")
            printer.closeObject()
        }
        printer.finish()
    }
}
