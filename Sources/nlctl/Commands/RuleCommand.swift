/// `nlctl rule`: not implemented yet.
enum RuleCommand {
    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        throw CommandError("Object \"rule\" is not implemented in nlctl yet.", status: 1)
    }
}
