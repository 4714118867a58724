/// The immutable cells of one result, shared by the `QueryResult` and all of its `Row`s.
final class ResultStorage: Sendable {
    let columns: [String]
    /// First column of each name wins, as in most drivers (`SELECT a.id, b.id` reads `a.id`).
    let columnIndex: [String: Int]
    /// Row-major cells, `rowCount * columns.count` of them.
    let cells: [String?]
    let rowCount: Int

    init(columns: [String], cells: [String?], rowCount: Int) {
        self.columns = columns
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil {
            index[name] = position
        }
        self.columnIndex = index
        self.cells = cells
        self.rowCount = rowCount
    }

    static let empty = ResultStorage(columns: [], cells: [], rowCount: 0)
}
