import Foundation
import ServiceKit

/// A validated `ListMyBets`: an optional status, the page size and where the page starts.
/// Bets come newest first (created_at, then id); the cursor is the last bet of the previous page
/// as "<created_at in microseconds since 1970>_<bet id>".
public struct BetListQuery: Sendable, Equatable {
    public static let statuses: Set<String> = ["open", "sold", "won", "lost", "settled", "refunded"]
    public static let defaultLimit = 20
    public static let maxLimit = 100

    public var status: String?
    public var limit: Int
    public var after: (createdMicros: Int64, id: UUID)?

    public static func validate(status: String, limit: Int32, cursor: String) throws -> BetListQuery {
        var violations: [Violation] = []
        let wanted = status.trimmingCharacters(in: .whitespaces).lowercased()
        if !wanted.isEmpty && !statuses.contains(wanted) {
            violations.append(Violation("status", "must be one of \(statuses.sorted().joined(separator: ", "))"))
        }
        if limit != 0 && !(1...Int32(maxLimit)).contains(limit) { violations.append(Violation("limit", "must be between 1 and \(maxLimit)")) }
        let after = cursor.isEmpty ? nil : parseCursor(cursor)
        if !cursor.isEmpty && after == nil { violations.append(Violation("cursor", "is not a cursor from a previous page")) }
        guard violations.isEmpty else { throw BettingError.invalid(violations) }
        return BetListQuery(status: wanted.isEmpty ? nil : wanted, limit: limit == 0 ? defaultLimit : Int(limit), after: after)
    }

    public static func cursor(createdMicros: Int64, id: UUID) -> String {
        "\(createdMicros)_\(id.lowercasedString)"
    }

    static func parseCursor(_ text: String) -> (createdMicros: Int64, id: UUID)? {
        let parts = text.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
        return (micros, id)
    }

    public static func == (lhs: BetListQuery, rhs: BetListQuery) -> Bool {
        lhs.status == rhs.status && lhs.limit == rhs.limit && lhs.after?.createdMicros == rhs.after?.createdMicros && lhs.after?.id == rhs.after?.id
    }
}
