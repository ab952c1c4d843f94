/// `nlctl route`: not implemented yet.
enum RouteCommand {
    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        throw CommandError("Object \"route\" is not implemented in nlctl yet.", status: 1)
    }
}
