import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `nlctl address save | restore | showdump`: ip 6.1's binary address file (see ``SavedDump``),
/// with ip's statuses: `save` takes the selectors of `show` but, as ip, keeps only the device and
/// the family (the kernel's filter); `showdump` prints each address as `if<index>:` and
/// `print_addrinfo`; `restore` sends each message back, reporting addresses already assigned.
enum AddressSaveRestore {
    static let magic: UInt32 = 0x4736_1222

    /// The addresses of `device` (every device when `nil`) and of the `-4`/`-6` family, each message
    /// as the kernel sent it.
    static func save(device: String?, context: Context) async throws(CommandError) {
        var index: Int32?
        if let device {
            guard let found = try await context.index(ofLink: device) else { throw CommandError.noSuchDevice(device) }
            index = found
        }
        let output = context.printer.output
        try SavedDump.beginSave(magic: magic, output: output)
        let family: AddressFamily?
        switch context.options.family {
        case .inet: family = 2
        case .inet6: family = 10
        case .link: family = 17
        case .mpls: family = 28
        case .bridge: family = 7
        case .unspecified: family = nil
        }
        let connection = try context.connection()
        do throws(NetlinkError) {
            try await connection.addressDump(family: family, index: index, acceptInterrupted: true).forEachMessage { message in
                message.bytes.withUnsafeBytes { output.write(bytes: $0) }
            }
        } catch {
            output.flush()
            throw CommandError(error.iproute2Description + "\nSave terminated", status: 1)
        }
        output.flush()
    }

    /// `showdump`: `[{"addr_info":[...]}]` in JSON, each entry starting with its `index`; in text
    /// `if<index>:` on a line (`\` with `-o`), then the address as `address show` prints it.
    static func showdump(context: Context) async throws(CommandError) {
        let bytes = try SavedDump.read(magic: magic, object: "address", status: 255)
        let printer = context.printer
        printer.begin()
        printer.openObject()
        printer.openArray("addr_info")
        var failure: CommandError?
        do throws(CommandError) {
            try await SavedDump.forEachMessage(in: bytes, status: 255) { message throws(CommandError) in
                let address: InterfaceAddress
                do {
                    address = try InterfaceAddress(decoding: try NetlinkMessage(message.span.bytes))
                } catch {
                    throw CommandError("netlink: malformed address in the dump: \(error)", status: 255)
                }
                printer.openObject()
                printer.signed("index", Int64(address.index), text: "if\(address.index):")
                printer.newline()
                let (type, _) = SavedDump.typeAndFlags(message)
                if type == RouteMessageType.newAddress.rawValue || type == RouteMessageType.deleteAddress.rawValue {
                    AddressCommand.printAddress(address, printer: printer)
                }
                printer.closeObject()
            }
        } catch {
            failure = error
        }
        // ip closes the JSON and prints what it has, then says why it stopped.
        printer.closeArray()
        printer.closeObject()
        printer.finish()
        if let failure { throw failure }
    }

    /// `restore`: every message of the file sent back (`NLM_F_CREATE`, each acknowledged); an
    /// address already assigned is reported and skipped, any other refusal ends the restore.
    static func restore(context: Context) async throws(CommandError) {
        let bytes = try SavedDump.read(magic: magic, object: "address", status: 255)
        let connection = try context.connection()
        try await SavedDump.forEachMessage(in: bytes, status: 255) { message throws(CommandError) in
            let (type, flags) = SavedDump.typeAndFlags(message)
            do throws(NetlinkError) {
                try await connection.execute(
                    type: NetlinkMessageType(type), flags: NetlinkMessageFlags(rawValue: flags).union(.create),
                    fixedHeaderSize: InterfaceAddressMessage.size
                ) { b in b.append(bytes: message[16...]) }
            } catch where error.errno == .fileExists {
                printError(error.iproute2Description)  // ip says so, and goes on
            } catch {
                throw CommandError(error.iproute2Description, status: 255)
            }
        }
    }
}
