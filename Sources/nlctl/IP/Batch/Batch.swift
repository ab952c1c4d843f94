import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute

/// `-batch FILE` (`-` for standard input): one command per line, as `ip -batch` runs them.
///
/// Lines are split like iproute2's `getcmdline` and `makeargs`: `#` ends a line's text, a `\` at
/// the end of a line continues it on the next (an error names the last of those lines), words are
/// separated by blanks, and a word starting with `'` or `"` runs to the matching quote.
///
/// Without `-force`, as `ip`: one command at a time; the first failing command stops the batch with
/// `Command failed FILE:LINE` and exit status 1. With `-force` every failure is reported and the
/// batch goes on, exiting 1 at the end if any failed; and the commands that are single change
/// requests (`route` add/change/replace/prepend/append/test/delete, `address` add/change/replace/delete,
/// `rule` add/delete, `nexthop` add/replace/delete) are parsed and encoded up front and pipelined in a
/// ``NetlinkBatch``: many changes per `sendmsg`, each error matched to its line by sequence number
/// and printed in line order, exactly as `ip` prints it. Any other command first waits for the
/// changes in flight and prints their errors, then runs as without `-force` (its output, and
/// what it changes, come in order). An error that `ip` treats as a usage error (exit status 255:
/// unknown keyword, malformed argument) ends the batch at once, after the earlier lines' errors.
///
/// The most common of those lines, `route` changes with a prefix and `via`, `dev`, `src`,
/// `metric`, `table`, `proto`, `scope`, `onlink` (``BatchRouteLine``), are read straight from their
/// bytes, without a word array or the command dispatch, into the same request; any other line, or
/// one of those it cannot read, takes the general path.
///
/// `neighbor` changes are not pipelined: `ip` exits (status 2) when the kernel refuses one, so
/// the lines after it must not reach the kernel before its outcome is known.
enum Batch {
    static func run(file: String, options: GlobalOptions, output: BufferedOutput) async -> Int32 {
        let bytes: [UInt8]
        if file == "-" {
            bytes = readAll(descriptor: 0)
        } else {
            let descriptor = open(file, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                printError("Cannot open file \"\(file)\" for reading: \(String(cString: strerror(errno)))")
                return 1
            }
            bytes = readAll(descriptor: descriptor)
            close(descriptor)
        }
        let runner = BatchRunner(file: file, options: options, output: output)
        return await runner.run(bytes)
    }

    /// iproute2's `makeargs`: words separated by blanks; a word starting with a quote runs to the
    /// matching quote (the character after the closing quote is dropped, as `ip` does). Like ip's
    /// batch (`makeargs(line, largv, 512)`), a line of more than 511 words ends the batch with
    /// "Too many arguments to command" and status 1.
    static func splitArguments(_ line: inout ArraySlice<UInt8>) throws(CommandError) -> [String] {
        var words: [String] = []
        words.reserveCapacity(8)    // one allocation for a usual line (growing from empty took three)
        var index = line.startIndex
        let end = line.endIndex
        @inline(__always) func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        while index < end {
            while index < end && isBlank(line[index]) { index += 1 }
            if index == end { break }
            guard words.count < maximumWords else { throw CommandError("Too many arguments to command", status: 1) }
            let first = line[index]
            if first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") {
                let start = index + 1
                guard let close = line[start...].firstIndex(of: first) else {
                    throw CommandError("Unterminated quoted string", status: 1)
                }
                words.append(String(rawBytes: line[start..<close]))
                index = close + 1
            } else {
                let start = index
                while index < end && !isBlank(line[index]) { index += 1 }
                words.append(String(rawBytes: line[start..<index]))
            }
            index += 1  // the separator after a word (or the character after a closing quote)
        }
        return words
    }

    /// Whether the command `words` leaves every link's name and index as they were: its object
    /// (resolved as ip resolves abbreviations) is one that does not create, delete, rename or move
    /// links. Anything else (`link`, `tuntap`, `netns`, options first, an unknown word) may.
    static func keepsLinks(_ words: [String]) -> Bool {
        guard let first = words.first, let object = IPTool.object(named: first) else { return false }
        switch object {
        case "address", "route", "neighbor", "neighbour", "rule", "nexthop", "netconf", "stats": return true
        default: return false
        }
    }

    /// The most words a batch line may have (ip's `MAX_ARGS` of 512, less the terminating NULL).
    static let maximumWords = 511

    static func readAll(descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(descriptor, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    /// Whether `words` (a batch line) is one change request that a pipelined batch may queue: the
    /// verbs are resolved in each object's order, as its command does.
    static func isSingleChange(_ words: [String]) -> Bool {
        guard words.count >= 2, !words.contains("--help") else { return false }
        let object = words[0]
        let verb = words[1]
        guard let name = IPTool.object(named: object) else { return false }
        let verbs: [String]
        switch name {
        case "route": verbs = ["add", "change", "replace", "prepend", "append", "test", "delete"]
        case "address": verbs = ["add", "change", "replace", "delete"]
        case "rule": verbs = ["add", "delete"]
        case "nexthop": verbs = ["add", "replace", "delete"]
        default: return false
        }
        // Every object tries these verbs before any other, so the first verb the word abbreviates wins.
        return verb == "chg" && verbs.contains("change") || verbs.contains { matches(verb, $0) }
    }
}

/// Runs the lines of a batch: sequentially, or (with `-force`) with single change requests pipelined.
final class BatchRunner {
    let file: String
    let options: GlobalOptions
    let output: BufferedOutput
    let context: Context
    private var failed = false
    private var batch: NetlinkBatch?

    /// A pipelined line whose outcome is not printed yet.
    private struct Entry {
        var line: Int
        var warnings: [String]
        var outcome: Outcome
    }

    private enum Outcome {
        case sent(Int)
        case failed(CommandError)
        case succeeded
    }

    private var entries: [Entry] = []
    private var firstEntry = 0
    /// Device names the byte-level route path resolved, most recent first (the link map's
    /// answers; forgotten whenever a command runs alone, as the link map is).
    private var devices: [(name: [UInt8], index: Int32)] = []
    /// Whether a line run since the link map was made may have changed links (see `runAlone`).
    private var linksMayHaveChanged = true
    /// Standard error text of the outcomes being printed, written at once.
    private var errorText: [UInt8] = []
    private var linesSinceCheck = 0
    /// The end of the run of plain sent lines (no warnings) at `firstEntry`, when known.
    private var plainRunEnd = 0
    private let optionFamily: AddressFamily
    /// `NLCTL_BATCH_VERIFY=FILE`: every line the byte-level route path takes is also parsed by
    /// the general path and both requests are compared byte for byte; the counts and any
    /// difference are written to FILE at the end (for the tests).
    private let verificationFile: String?
    private var verification = (fast: 0, compared: 0, mismatches: [String]())
    /// Whether standard output is written after every line, as ip does (`fflush` per command):
    /// when it is a terminal, or the same file as standard error (`2>&1`, where a line's error
    /// must follow the output of the lines before it). Otherwise it is written when 64 KiB are
    /// buffered, before an error, and at the end, as stdio buffers a file or a pipe — the bytes
    /// are the same; a `write` per line was a measurable part of a long batch's time.
    private let flushesEveryLine: Bool

    /// The batch's datagram size and window: about a thousand route changes per `sendmsg`, and at
    /// most four such datagrams whose replies are outstanding (each error the kernel queues costs
    /// about 1 KiB of the receive buffer, which is asked for below).
    static let batchOptions = NetlinkBatch.Options(datagramSize: 65_536, window: 4_096, acknowledgements: .errorsOnly)
    static let receiveBufferSize = 8 << 20

    init(file: String, options: GlobalOptions, output: BufferedOutput) {
        self.file = file
        self.options = options
        self.output = output
        context = Context(options: options, output: output)
        if options.force { context.receiveBufferSize = Self.receiveBufferSize }
        optionFamily = RouteCommand.optionFamily(context)
        verificationFile = getenv("NLCTL_BATCH_VERIFY").map { String(cString: $0) }
        flushesEveryLine = isatty(1) != 0 || Self.sameFile(1, 2)
    }

    /// Whether two descriptors are open on the same file (or pipe, or terminal).
    static func sameFile(_ a: Int32, _ b: Int32) -> Bool {
        var first = stat()
        var second = stat()
        guard fstat(a, &first) == 0, fstat(b, &second) == 0 else { return true }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Runs every line of `text`; returns the exit status.
    func run(_ text: [UInt8]) async -> Int32 {
        defer { writeVerification() }
        var lineNumber = 0
        var index = 0
        var pending: [UInt8] = []
        var continued = false
        while index < text.count {
            let newline = text[index...].firstIndex(of: 0x0A)
            let end = newline ?? text.count
            var line = text[index..<end]
            index = end + 1
            lineNumber += 1
            // getcmdline works on C strings: a NUL byte ends the line's text (and what follows it on
            // that line, a `\` before the newline included, is never seen); `#` ends the text (and
            // with it a continuation); a `\` right before the newline joins the next line.
            var continues = false
            let nul = line.firstIndex(of: 0)
            if let nul { line = line[..<nul] }
            if let hash = line.firstIndex(of: UInt8(ascii: "#")) {
                line = line[..<hash]
            } else if nul == nil, newline != nil, line.last == UInt8(ascii: "\\") {
                line = line.dropLast()
                continues = true
            }
            if continues || continued {
                pending += line
                continued = continues
                if continues {
                    if index >= text.count {
                        await drain()
                        printError("Missing continuation line")
                        return failed ? 1 : 0
                    }
                    continue
                }
                line = pending[...]
                pending = []
            }
            if options.force,
                let parsed = line.withUnsafeBufferPointer({ BatchRouteLine.parse($0, optionFamily: optionFamily) }),
                await queueRoute(parsed, line: line, lineNumber: lineNumber)
            {
                continue
            }
            let words: [String]
            do {
                words = try Batch.splitArguments(&line)
            } catch {
                await drain()
                printError(error.message)
                return error.status
            }
            if words.isEmpty { continue }
            if let status = await runLine(words, line: lineNumber) { return status }
        }
        await drain()
        return failed ? 1 : 0
    }

    /// Runs one command line; returns an exit status when the batch must stop.
    private func runLine(_ words: [String], line: Int) async -> Int32? {
        if options.force && !options.echo && Batch.isSingleChange(words) {
            return await queue(words, line: line)
        }
        await drain()
        return await runAlone(words, line: line)
    }

    /// Runs a command by itself, as `ip -batch` does. The link map of the lines before serves its
    /// name lookups (as ip's cache does) unless one of them may have added, removed, renamed or
    /// moved links: then it is dumped again.
    private func runAlone(_ words: [String], line: Int) async -> Int32? {
        if linksMayHaveChanged {
            context.invalidateLinks()
            devices.removeAll()
        } else {
            context.ageLinks()
        }
        linksMayHaveChanged = !Batch.keepsLinks(words)
        do throws(CommandError) {
            try await IPTool.dispatch(words, context: context)
            if flushesEveryLine { output.flush() }
        } catch {
            output.flush()
            return report(error, line: line, warnings: [])
        }
        return nil
    }

    /// Prints a failed command's error (and `Command failed`); returns the status to stop with, if any.
    private func report(_ error: CommandError, line: Int, warnings: [String]) -> Int32? {
        for warning in warnings { printError(warning) }
        if error.status == 0 {
            if error.onStandardError {
                printError(error.message)
            } else {
                output.write(error.message + "\n")
                output.flush()
            }
            return nil
        }
        if error.onStandardOutput {
            output.write(error.message + "\n")
            output.flush()
        } else {
            printError(error.message)
        }
        if error.endsBatch { return error.status }
        printError("Command failed \(file):\(line)")
        failed = true
        return options.force ? nil : 1
    }

    /// Parses and encodes a single change request and hands it to the pipeline.
    private func queue(_ words: [String], line: Int) async -> Int32? {
        context.ageLinks()
        let collector = ChangeCollector()
        context.collector = collector
        var failure: CommandError?
        do throws(CommandError) {
            try await IPTool.dispatch(words, context: context)
        } catch {
            failure = error
        }
        context.collector = nil
        if let failure {
            if failure.status == ChangeCollector.notSingleChange.status {
                await drain()
                return await runAlone(words, line: line)
            }
            if failure.status == 0 || failure.endsBatch {
                await drain()
                return report(failure, line: line, warnings: collector.warnings)
            }
            append(Entry(line: line, warnings: collector.warnings, outcome: .failed(failure)))
        } else if let request = collector.request {
            do throws(CommandError) {
                let batch = try pipeline()
                do throws(NetlinkError) {
                    let index = try await batch.append(
                        type: request.type, flags: request.flags, fixedHeaderSize: request.fixedHeaderSize, request.encode)
                    append(Entry(line: line, warnings: collector.warnings, outcome: .sent(index)))
                } catch {
                    throw CommandError.netlink(error, status: request.failureStatus)
                }
            } catch {
                append(Entry(line: line, warnings: collector.warnings, outcome: .failed(error)))
            }
        } else {
            append(Entry(line: line, warnings: collector.warnings, outcome: .succeeded))
        }
        await printNowAndThen()
        return nil
    }

    /// Queues a line the byte-level route path read; `false` sends it to the general path (its
    /// device is not known: the general path looks again and reports it).
    private func queueRoute(_ parsed: BatchRouteLine, line: ArraySlice<UInt8>, lineNumber: Int) async -> Bool {
        var outputIndex: Int32?
        if let device = parsed.device {
            let name = line[line.startIndex + device.lowerBound..<line.startIndex + device.upperBound]
            if let index = knownDeviceIndex(name) {
                outputIndex = index
            } else {
                guard let index = await deviceIndex(name) else { return false }
                outputIndex = index
            }
        }
        let route = parsed.completed(outputIndex: outputIndex)
        verification.fast += 1
        if verificationFile != nil { await verify(route, kind: parsed.kind, line: line) }
        let deleting = parsed.kind == .delete
        do throws(CommandError) {
            let batch = try pipeline()
            do throws(NetlinkError) {
                let type = deleting ? RouteMessageType.deleteRoute : RouteMessageType.newRoute
                let purpose: Route.EncodingPurpose = deleting ? .delete : .add
                // Without a suspension point while the datagram being filled has room.
                let index: Int
                if let appended = try batch.appendWithoutSending(
                    type: type, flags: parsed.kind.flags, fixedHeaderSize: RouteMessage.size, { try route.encode(into: &$0, for: purpose) })
                {
                    index = appended
                } else {
                    index = try await batch.append(type: type, flags: parsed.kind.flags, fixedHeaderSize: RouteMessage.size) {
                        try route.encode(into: &$0, for: purpose)
                    }
                }
                append(Entry(line: lineNumber, warnings: [], outcome: .sent(index)))
            } catch {
                throw CommandError.netlink(error, status: 2)
            }
        } catch {
            append(Entry(line: lineNumber, warnings: [], outcome: .failed(error)))
        }
        if printIsDue() { await printResolved(wait: false) }
        return true
    }

    /// Prints what is known now and then: every 256 lines once 1,024 are waiting (outcomes arrive
    /// a datagram at a time; the order is kept anyway).
    private func printNowAndThen() async {
        if printIsDue() { await printResolved(wait: false) }
    }

    /// Whether ``printNowAndThen()`` prints now (counts the line; no suspension point when not).
    @inline(__always) private func printIsDue() -> Bool {
        linesSinceCheck += 1
        guard linesSinceCheck >= 256, entries.count - firstEntry >= 1_024 else { return false }
        linesSinceCheck = 0
        return true
    }

    /// The index of the link named by `name` (bytes), from the names resolved before or else from
    /// the link map as the general path asks it (dumped again for a name it does not know).
    private func deviceIndex(_ name: ArraySlice<UInt8>) async -> Int32? {
        if let known = knownDeviceIndex(name) { return known }
        context.ageLinks()
        let found: Int32?
        do throws(CommandError) {
            found = try await context.index(ofLink: String(rawBytes: name))
        } catch {
            return nil
        }
        guard let found else { return nil }
        devices.insert((Array(name), found), at: 0)
        if devices.count > 16 { devices.removeLast() }
        return found
    }

    /// The index of the link named by `name` among the names resolved before (no suspension point).
    private func knownDeviceIndex(_ name: ArraySlice<UInt8>) -> Int32? {
        for (position, entry) in devices.enumerated() where entry.name.elementsEqual(name) {
            if position > 0 { devices.swapAt(position, 0) }
            return entry.index
        }
        return nil
    }

    /// Compares the byte-level path's request with the general path's for the same line.
    private func verify(_ route: Route, kind: RouteCommand.Change, line: ArraySlice<UInt8>) async {
        func encoded(_ request: ChangeRequest) -> [UInt8]? {
            var builder = NetlinkMessageBuilder(capacity: 512)
            do {
                try builder.message(type: request.type, flags: request.flags.union(.request), request.encode)
            } catch {
                return nil
            }
            return builder.bytes
        }
        let text = String(rawBytes: line)
        var words = line
        let collector = ChangeCollector()
        context.collector = collector
        defer { context.collector = nil }
        do throws(CommandError) {
            try await IPTool.dispatch(try Batch.splitArguments(&words), context: context)
        } catch {
            verification.mismatches.append("\(text): the general path failed: \(error.message)")
            return
        }
        guard let general = collector.request else {
            verification.mismatches.append("\(text): the general path made no request")
            return
        }
        verification.compared += 1
        let fast = RouteCommand.changeRequest(route, kind: kind)
        if fast.fixedHeaderSize != general.fixedHeaderSize || fast.failureStatus != general.failureStatus
            || encoded(fast) == nil || encoded(fast) != encoded(general)
        {
            verification.mismatches.append("\(text): \(encoded(fast) ?? []) != \(encoded(general) ?? [])")
        }
    }

    private func writeVerification() {
        guard let verificationFile, let file = fopen(verificationFile, "w") else { return }
        fputs("fast \(verification.fast)\ncompared \(verification.compared)\nmismatches \(verification.mismatches.count)\n", file)
        for mismatch in verification.mismatches { fputs(mismatch + "\n", file) }
        fclose(file)
    }

    private func pipeline() throws(CommandError) -> NetlinkBatch {
        if let batch { return batch }
        let made = NetlinkBatch(connection: try context.connection(), options: Self.batchOptions)
        batch = made
        return made
    }

    private func append(_ entry: Entry) {
        if firstEntry > 4_096 && firstEntry * 2 > entries.count {
            entries.removeFirst(firstEntry)
            firstEntry = 0
            plainRunEnd = 0
        }
        entries.append(entry)
    }

    /// Waits for every change in flight and prints the errors, in line order.
    private func drain() async {
        await printResolved(wait: true)
        output.flush()
    }

    /// Prints the outcomes known so far, in line order, up to the first unknown one (or waits for
    /// them all with `wait`). The error text goes to standard error in one write.
    private func printResolved(wait: Bool) async {
        defer { writeErrors() }
        while firstEntry < entries.count {
            let entry = entries[firstEntry]
            var error: CommandError?
            switch entry.outcome {
            case .failed(let failure):
                error = failure
            case .succeeded:
                break
            case .sent(let index):
                guard let batch else { return }
                // The run of plain sent lines from here (found once, kept while it lasts): their
                // successes are handed out at once.
                if plainRunEnd <= firstEntry {
                    plainRunEnd = firstEntry
                    while plainRunEnd - firstEntry < 4_096, plainRunEnd < entries.count, entries[plainRunEnd].warnings.isEmpty,
                        case .sent = entries[plainRunEnd].outcome
                    {
                        plainRunEnd += 1
                    }
                }
                let skipped = batch.skipSucceeded(atMost: plainRunEnd - firstEntry)
                if skipped > 0 {
                    firstEntry += skipped
                    continue
                }
                var next = batch.nextCompleted()
                if next == nil && wait {
                    writeErrors()
                    do throws(NetlinkError) {
                        try await batch.finish()
                    } catch {
                        // Every message in flight then has its outcome (a cancellation or a lost reply).
                    }
                    next = batch.nextCompleted()
                }
                guard let (completed, result) = next else { return }
                precondition(completed == index, "batch outcomes out of line order")
                if case .failure(let failure) = result { error = CommandError.netlink(failure) }
            }
            firstEntry += 1
            for warning in entry.warnings { addError(warning) }
            if let error {
                addError(error.message)
                addError("Command failed \(file):\(entry.line)")
                failed = true
            }
        }
        entries.removeAll(keepingCapacity: true)
        firstEntry = 0
        plainRunEnd = 0
    }

    private func addError(_ text: String) {
        errorText.append(contentsOf: text.utf8)
        errorText.append(UInt8(ascii: "\n"))
    }

    /// Writes the error text gathered (all of it, across short writes).
    private func writeErrors() {
        var written = 0
        while written < errorText.count {
            let n = errorText.withUnsafeBytes { Glibc.write(2, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            written += n
        }
        errorText.removeAll(keepingCapacity: true)
    }
}
