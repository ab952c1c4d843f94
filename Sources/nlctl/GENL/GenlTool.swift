import Netlink
import NetlinkCore
import NetlinkGeneric

/// `genl` (iproute2 6.1): `nlctl [-n NETNS] [-j] genl [ OPTIONS ] OBJECT ...`. The one object of
/// genl 6.1 is `ctrl` (the controller: `list`, `get`, `monitor`, `policy`); the text, the errors and
/// the exit statuses are genl's. nlctl adds `policy FAMILY [op CMD]` and `call FAMILY CMD ...`
/// (``GenlCall``): any family's requests, decoded by the kernel's own policy. `-j` prints JSON (genl has none), with the keys of
/// ``GenlControl/json(_:)``.
enum GenlTool: NlctlTool {
    static let name = "genl"

    static let usage = """
        Usage: genl [ OPTIONS ] OBJECT [help] }
        where  OBJECT := { ctrl etc }
               OPTIONS := { -s[tatistics] | -d[etails] | -r[aw] | -V[ersion] | -h[elp] }
        """

    static func run(_ arguments: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        var rest = arguments[...]
        // genl's options, each a word starting with "-", read as genl reads them (`matches`:
        // any prefix, "-" alone included). -s, -d and -r change nothing ctrl prints.
        while let word = rest.first, word.hasPrefix("-") {
            if matches(word, "-stats") || matches(word, "-statistics") || matches(word, "-details") || matches(word, "-raw") {
                rest.removeFirst()
            } else if matches(word, "-Version") {
                output.write("genl utility, iproute2-6.1.0\n")
                output.flush()
                return 0
            } else if matches(word, "-help") {
                printError(usage)
                return 255
            } else {
                printError("Option \"\(word)\" is unknown, try \"genl -help\".")
                return 255
            }
        }
        guard let object = rest.first else {
            printError(usage)
            return 255
        }
        // nlctl's own objects, after genl's: the kernel's policy of a family, and any request.
        if object == "policy" { return await GenlCall.policy(Array(rest.dropFirst()), options: options, output: output) }
        if object == "call" { return await GenlCall.call(Array(rest.dropFirst()), options: options, output: output) }
        guard object == "ctrl" else {
            // genl looks `OBJECT_genl_util` up in itself; only ctrl exists.
            printError("Unknown genl \"\(object)\", hence option \"\(object)\" is unparsable")
            return 255
        }
        return await GenlControl.run(Array(rest.dropFirst()), options: options, output: output)
    }
}
