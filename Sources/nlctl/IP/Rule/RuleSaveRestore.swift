import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl rule save` / `restore`: the binary format of `ip rule save` — a 32-bit magic number in
/// host order, then the `RTM_NEWRULE` messages of the dump exactly as the kernel sent them.
enum RuleSaveRestore {
    static let magic: UInt32 = 0x7170_6986

    static func save(_ words: inout Words, context: Context) async throws(CommandError) {
        var family = NeighborRuleParsing.familyNumber(context.options.family)
        if family == 0 { family = 2 }
        if !words.isEmpty { throw CommandError("\"nlctl rule save\" does not take any arguments.", status: 1) }
        let filter = RuleCommand.Filter()
        if isatty(1) != 0 { throw CommandError("Not sending a binary stream to stdout", status: 255) }
        let connection = try context.connection()
        let messages: [[UInt8]]
        do throws(NetlinkError) {
            messages = try await connection.dumpAll(type: RouteMessageType.getRule, fixedHeaderSize: RuleMessage.size, { b in
                RuleMessage(family: family).encode(into: &b)
            }) { message in
                guard message.type == RouteMessageType.newRule else { return nil }
                let rule = try Rule(decoding: message)
                return filter.accepts(rule) ? message.copyBytes() : nil
            }
        } catch {
            throw CommandError.netlink(error, status: 1)
        }
        let output = context.printer.output
        withUnsafeBytes(of: magic) { output.write(bytes: $0) }
        for message in messages { output.write(bytes: message) }
        output.flush()
    }

    static func restore(_ words: inout Words, context: Context) async throws(CommandError) {
        if isatty(0) != 0 { throw CommandError("Can't restore rule dump from a terminal", status: 255) }
        var input: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(0, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            input += chunk[0..<n]
        }
        let found: UInt32 = input.count >= 4 ? input.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } : 0
        guard found == magic else {
            throw CommandError("Magic mismatch (\(input.count >= 4 ? 1 : 0) elems, \(String(found, radix: 16)) magic)", status: 255)
        }
        let connection = try context.connection()
        var offset = 4
        while offset + 16 <= input.count {
            let length = Int(input.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) })
            guard length >= 16 + RuleMessage.size, offset + length <= input.count else { break }
            let type = input.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self) }
            let payload = Array(input[(offset + 16)..<(offset + length)])
            offset += (length + 3) & ~3
            guard type == RouteMessageType.newRule.rawValue else { continue }
            do throws(NetlinkError) {
                try await connection.execute(type: RouteMessageType.newRule, flags: [.create], fixedHeaderSize: RuleMessage.size) { b in
                    b.append(bytes: payload)
                }
            } catch where error.errno == .fileExists {
                continue
            } catch {
                throw CommandError.netlink(error)
            }
        }
    }
}
