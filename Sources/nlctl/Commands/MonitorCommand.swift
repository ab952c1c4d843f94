/// `nlctl monitor`: not implemented yet.
enum MonitorCommand {
    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        throw CommandError("Object \"monitor\" is not implemented in nlctl yet.", status: 1)
    }
}
