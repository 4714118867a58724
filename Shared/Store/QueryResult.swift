/// The rows of one statement plus its affected-row count; a random-access collection of `Row`.
public struct QueryResult: Sendable, RandomAccessCollection {
    let storage: ResultStorage
    /// Rows inserted/updated/deleted/copied, or returned by SELECT; 0 for commands without a count.
    public var affectedRows: Int
    /// The column names, in order.
    public var columns: [String] { storage.columns }
    /// The server's command tag, e.g. `INSERT 0 1` or `ROLLBACK`.
    var commandTag: String

    init(storage: ResultStorage, affectedRows: Int, commandTag: String = "") {
        self.storage = storage
        self.affectedRows = affectedRows
        self.commandTag = commandTag
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.rowCount }

    public subscript(position: Int) -> Row {
        precondition(position >= 0 && position < storage.rowCount, "row index out of range")
        return Row(storage: storage, row: position)
    }
}
