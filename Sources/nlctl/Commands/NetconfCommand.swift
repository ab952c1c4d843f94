/// `nlctl netconf`: not implemented yet.
enum NetconfCommand {
    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        throw CommandError("Object \"netconf\" is not implemented in nlctl yet.", status: 1)
    }
}
