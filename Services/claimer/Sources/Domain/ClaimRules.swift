import Foundation
import ServiceKit

/// Input rules of the claimer's requests (pure; the handlers turn violations into 400s).
public enum ClaimRules {
    public static let maxUserIdLength = 128
    public static let maxCodeLength = 128
    public static let maxAPIKeyLength = 512
    public static let minAPIKeyLength = 8
    /// Codes in one submit or bulk enqueue.
    public static let maxCodesPerRequest = 1000
    public static let maxPriority: Int32 = 1_000_000

    /// A user id: present, short, no control characters.
    public static func userId(_ text: String, field: String = "userId") -> [Violation] {
        if text.isEmpty { return [Violation(field, "is required")] }
        if text.count > maxUserIdLength { return [Violation(field, "longer than \(maxUserIdLength) characters")] }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return [Violation(field, "contains control characters")]
        }
        return []
    }

    /// An API key: 8…512 printable characters without whitespace. The message never repeats it.
    public static func apiKey(_ text: String) -> [Violation] {
        if text.isEmpty { return [Violation("apiKey", "is required")] }
        if text.count < minAPIKeyLength || text.count > maxAPIKeyLength {
            return [Violation("apiKey", "must be \(minAPIKeyLength)…\(maxAPIKeyLength) characters")]
        }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return [Violation("apiKey", "must not contain whitespace or control characters")]
        }
        return []
    }

    /// The codes, trimmed and deduplicated in order; violations name the offending index.
    public static func codes(_ raw: [String], field: String = "codes") -> (codes: [String], violations: [Violation]) {
        var violations: [Violation] = []
        if raw.count > maxCodesPerRequest { violations.append(Violation(field, "more than \(maxCodesPerRequest) codes")) }
        var seen = Set<String>()
        var codes: [String] = []
        for (index, text) in raw.enumerated() {
            let violation = code(text, field: "\(field)[\(index)]")
            if let violation {
                violations.append(violation)
                continue
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if seen.insert(trimmed).inserted { codes.append(trimmed) }
        }
        return (codes, violations)
    }

    /// One code: 1…128 characters after trimming, no whitespace or control characters inside.
    public static func code(_ text: String, field: String = "code") -> Violation? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return Violation(field, "is required") }
        if trimmed.count > maxCodeLength { return Violation(field, "longer than \(maxCodeLength) characters") }
        if trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return Violation(field, "must not contain whitespace or control characters")
        }
        return nil
    }

    /// A priority: 0…1,000,000, lower runs first.
    public static func priority(_ value: Int32) -> [Violation] {
        (0...maxPriority).contains(value) ? [] : [Violation("priority", "must be 0…\(maxPriority)")]
    }
}
