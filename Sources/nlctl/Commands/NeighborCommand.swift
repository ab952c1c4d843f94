/// `nlctl neighbor`: not implemented yet.
enum NeighborCommand {
    static func run(_ words: inout Words, context: Context) async throws(CommandError) {
        throw CommandError("Object \"neighbor\" is not implemented in nlctl yet.", status: 1)
    }
}
