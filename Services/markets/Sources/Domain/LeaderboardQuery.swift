import Foundation
import ServiceKit

/// A validated leaderboard request: the period (`all` or `week`) and how many entries (1…100).
public struct LeaderboardQuery: Sendable, Equatable {
    public enum Period: String, Sendable {
        case all, week
    }

    public static let defaultLimit = 10
    public static let maxLimit = 100

    public var period: Period
    public var limit: Int

    public init(period: Period, limit: Int) {
        self.period = period
        self.limit = limit
    }

    /// "" is `all`; a limit of 0 is the default (10).
    public static func validate(period: String, limit: Int32) throws -> LeaderboardQuery {
        var violations: [Violation] = []
        let parsed = try? self.period(period)
        if parsed == nil { violations.append(Violation("period", "must be all or week")) }
        if limit != 0 && !(1...Int32(maxLimit)).contains(limit) { violations.append(Violation("limit", "must be between 1 and \(maxLimit)")) }
        guard let parsed, violations.isEmpty else { throw BettingError.invalid(violations) }
        return LeaderboardQuery(period: parsed, limit: limit == 0 ? defaultLimit : Int(limit))
    }

    /// Parses a period alone ("" is `all`).
    public static func period(_ text: String) throws -> Period {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let period = trimmed.isEmpty ? .all : Period(rawValue: trimmed) else { throw BettingError.invalid("period", "must be all or week") }
        return period
    }
}
