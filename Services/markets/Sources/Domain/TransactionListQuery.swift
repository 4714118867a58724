import Foundation
import ServiceKit

/// A validated `ListMyTransactions`: an optional ledger type, the page size and the id the page
/// starts below (newest first; the cursor is the last id of the previous page).
public struct TransactionListQuery: Sendable, Equatable {
    public static let defaultLimit = 20
    public static let maxLimit = 100

    public var type: String?
    public var limit: Int
    public var beforeId: Int64?

    public static func validate(type: String, limit: Int32, cursor: String) throws -> TransactionListQuery {
        var violations: [Violation] = []
        let wanted = type.trimmingCharacters(in: .whitespaces).lowercased()
        // The ledger's own CHECK: lowercase letters and underscores.
        if !wanted.isEmpty && (wanted.count > 40 || !wanted.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) })) {
            violations.append(Violation("type", "is not a transaction type"))
        }
        if limit != 0 && !(1...Int32(maxLimit)).contains(limit) { violations.append(Violation("limit", "must be between 1 and \(maxLimit)")) }
        let before = cursor.isEmpty ? nil : Int64(cursor)
        if !cursor.isEmpty && (before == nil || before! <= 0) { violations.append(Violation("cursor", "is not a cursor from a previous page")) }
        guard violations.isEmpty else { throw BettingError.invalid(violations) }
        return TransactionListQuery(type: wanted.isEmpty ? nil : wanted, limit: limit == 0 ? defaultLimit : Int(limit), beforeId: before)
    }
}
