import Foundation
import ServiceKit

/// A checked `CreateMarket` request: a YES/NO market priced by the CPMM.
public struct NewMarket: Sendable, Equatable {
    public static let outcomes = ["YES", "NO"]
    public static let questionLength = 10...500
    public static let probabilityRange = 0.01...0.99
    public static let liquidityRange = 100...1_000_000

    public var question: String
    public var category: CategoryName
    public var initialProbability: Double
    public var liquidity: Int
    public var closeTime: Date?

    /// Checks every field and reports all violations at once (JSON field names).
    public static func validate(
        question rawQuestion: String,
        category rawCategory: String,
        outcomes: [String],
        initialProbability: Double,
        liquidity: Int32,
        closeTime: String,
        now: Date
    ) throws -> NewMarket {
        var violations: [Violation] = []
        let question = rawQuestion.trimmingCharacters(in: .whitespacesAndNewlines)
        if !questionLength.contains(question.count) {
            violations.append(Violation("question", "must be \(questionLength.lowerBound) to \(questionLength.upperBound) characters"))
        } else if let problem = PlainText.problem(question) {
            violations.append(Violation("question", problem))
        }
        let categoryText = rawCategory.trimmingCharacters(in: .whitespacesAndNewlines)
        let category = CategoryName(categoryText)
        if categoryText.isEmpty || categoryText.count > CategoryName.maxLength {
            violations.append(Violation("category", "must be 1 to \(CategoryName.maxLength) characters"))
        } else if let problem = PlainText.problem(categoryText) {
            violations.append(Violation("category", problem))
        } else if CategoryName.slug(categoryText).isEmpty {
            violations.append(Violation("category", "must contain a letter or digit"))
        }
        if !outcomes.isEmpty && outcomes != Self.outcomes {
            violations.append(Violation("outcomes", "must be [\"YES\", \"NO\"] (or left out)"))
        }
        if !initialProbability.isFinite || !probabilityRange.contains(initialProbability) {
            violations.append(Violation("initialProbability", "must be between 0.01 and 0.99"))
        }
        if !liquidityRange.contains(Int(liquidity)) {
            violations.append(Violation("liquidity", "must be between 100 and 1000000 credits"))
        }
        var close: Date?
        if !closeTime.isEmpty {
            if let date = Timestamps.parse(closeTime) {
                if date <= now { violations.append(Violation("closeTime", "must be in the future")) }
                close = date
            } else {
                violations.append(Violation("closeTime", "must be an RFC 3339 time, e.g. 2027-01-31T12:00:00Z"))
            }
        }
        guard violations.isEmpty else { throw CatalogError.invalid(violations) }
        return NewMarket(
            question: question,
            category: category,
            initialProbability: initialProbability,
            liquidity: Int(liquidity),
            closeTime: close
        )
    }
}
