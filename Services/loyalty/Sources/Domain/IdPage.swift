import ServiceKit

/// Newest-first keyset paging by row id: the cursor is the last id of the previous page.
public struct IdPage: Sendable, Equatable {
    public static let defaultLimit = 20
    public static let maxLimit = 100

    public var before: Int64?
    public var limit: Int

    /// Validates `limit` (0 = default) and `cursor` ("" = first page).
    public static func validate(limit: Int32, cursor: String) throws -> IdPage {
        var violations: [Violation] = []
        if limit != 0 && !(1...Int32(maxLimit)).contains(limit) { violations.append(Violation("limit", "must be between 1 and \(maxLimit)")) }
        let before = cursor.isEmpty ? nil : Int64(cursor)
        if !cursor.isEmpty && (before == nil || before! <= 0) { violations.append(Violation("cursor", "is not a cursor from a previous page")) }
        guard violations.isEmpty else { throw LoyaltyError.invalid(violations) }
        return IdPage(before: before, limit: limit == 0 ? defaultLimit : Int(limit))
    }

    /// The cursor after a page of `ids` fetched with one extra row: "" when no page follows.
    public func nextCursor(_ ids: [Int64], fetched: Int) -> String {
        fetched > limit ? ids.prefix(limit).last.map(String.init) ?? "" : ""
    }
}
