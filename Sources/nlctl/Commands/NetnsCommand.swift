/// `nlctl netns`: not implemented yet.
enum NetnsCommand {
    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        throw CommandError("Object \"netns\" is not implemented in nlctl yet.", status: 1)
    }
}
