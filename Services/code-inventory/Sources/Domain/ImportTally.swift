/// Running totals of one import.
public struct ImportTally: Sendable, Equatable {
    /// Non-empty values read: inserted + duplicates + rejected.
    public var rows: Int64 = 0
    public var inserted: Int64 = 0
    /// Valid codes already stored, or repeated in the file.
    public var duplicates: Int64 = 0
    public var rejected: Int64 = 0

    public init(rows: Int64 = 0, inserted: Int64 = 0, duplicates: Int64 = 0, rejected: Int64 = 0) {
        self.rows = rows
        self.inserted = inserted
        self.duplicates = duplicates
        self.rejected = rejected
    }

    public static func + (lhs: ImportTally, rhs: ImportTally) -> ImportTally {
        ImportTally(
            rows: lhs.rows + rhs.rows,
            inserted: lhs.inserted + rhs.inserted,
            duplicates: lhs.duplicates + rhs.duplicates,
            rejected: lhs.rejected + rhs.rejected
        )
    }
}
