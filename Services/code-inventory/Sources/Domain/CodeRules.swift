import Foundation
import ServiceKit

/// Input rules for codes, campaign ids, user ids and types, shared by every operation.
public enum CodeRules {
    /// Longest code, in Unicode scalars (what Postgres `char_length` counts).
    public static let maxCodeLength = 128
    /// Longest campaign id; allowed characters: letters, digits, `-_.:`.
    public static let maxCampaignIdLength = 64
    /// Longest user id in an assignment.
    public static let maxUserIdLength = 128
    /// Largest reserve count and largest assign/release list.
    public static let maxBatch = 1000

    /// A trimmed code from raw CSV bytes: nil for an empty value, or why it is rejected.
    public static func code(fromUTF8 bytes: [UInt8]) -> Result<String?, CodeRejection> {
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            return .failure(.invalidText)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .success(nil) }
        guard trimmed.unicodeScalars.count <= maxCodeLength else { return .failure(.tooLong) }
        return .success(trimmed)
    }

    /// Violations of a campaign id (path parameter `campaignId`).
    public static func campaignIdViolations(_ id: String) -> [Violation] {
        if id.isEmpty { return [Violation("campaignId", "is required")] }
        if id.count > maxCampaignIdLength { return [Violation("campaignId", "longer than \(maxCampaignIdLength) characters")] }
        guard id.unicodeScalars.allSatisfy(isCampaignIdScalar) else {
            return [Violation("campaignId", "may contain only letters, digits and - _ . :")]
        }
        return []
    }

    /// The code type, or a violation for `field` (`type`).
    public static func type(_ raw: String, field: String = "type") -> Result<CodeType, Violation> {
        if raw.isEmpty { return .failure(Violation(field, "is required (tm or external)")) }
        guard let type = CodeType(rawValue: raw) else { return .failure(Violation(field, "must be tm or external")) }
        return .success(type)
    }

    /// Violations of a code given in a request (assign/release): non-empty, trimmed, at most 128 characters.
    public static func requestedCodeViolations(_ code: String, field: String) -> [Violation] {
        if code.isEmpty { return [Violation(field, "is required")] }
        if code.unicodeScalars.count > maxCodeLength { return [Violation(field, "longer than \(maxCodeLength) characters")] }
        return []
    }

    private static func isCampaignIdScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", ":": return true
        default: return false
        }
    }
}
