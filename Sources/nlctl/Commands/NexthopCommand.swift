/// `nlctl nexthop`: not implemented yet.
enum NexthopCommand {
    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        throw CommandError("Object \"nexthop\" is not implemented in nlctl yet.", status: 1)
    }
}
