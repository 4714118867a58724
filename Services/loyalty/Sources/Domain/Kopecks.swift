import Foundation

/// Exact decimal roubles ↔ integer kopecks; money never passes through floating point.
public enum Kopecks {
    /// The largest purchase accepted: 10 million roubles, far above any till receipt.
    public static let maximum: Int64 = 1_000_000_000

    /// Parses `"1234.5"`, `"1234.50"` or `"1234"` into kopecks; nil for anything else
    /// (signs, exponents, more than two fraction digits, spaces inside, empty text).
    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        if parts.count == 2, fraction.isEmpty { return nil }
        guard fraction.count <= 2, fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        while fraction.count < 2 { fraction.append("0") }
        guard let roubles = Int64(whole), let kopecks = Int64(fraction) else { return nil }
        return roubles * 100 + kopecks
    }

    /// `123450` → `"1234.50"`.
    public static func format(_ kopecks: Int64) -> String {
        let sign = kopecks < 0 ? "-" : ""
        let magnitude = kopecks.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
