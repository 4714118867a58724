import Foundation

/// Customer card numbers: six digits, never starting with 0 (so they survive being typed as numbers).
public enum CardNumber {
    public static let range = 100_000...999_999

    /// The card as stored, or nil when `text` is not six digits.
    public static func normalized(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count == 6, trimmed.allSatisfy(\.isASCIIDigit), let value = Int(trimmed), range.contains(value) else { return nil }
        return trimmed
    }

    /// A random candidate; uniqueness is the database's unique constraint (callers retry).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String(Int.random(in: range, using: &generator))
    }
}
