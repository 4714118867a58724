import Foundation

/// Input rules for emails, passwords, usernames, profiles and referral codes.
public enum AccountRules {
    public static let passwordLength = 8...128
    public static let bioLength = 500
    public static let avatarURLLength = 500

    /// nil when `email` (already lowercased) looks deliverable: one `@`, a dotted domain, no spaces.
    public static func emailProblem(_ email: String) -> String? {
        if email.isEmpty { return "is required" }
        guard email.count <= 254 else { return "at most 254 characters" }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !email.contains(where: { $0.isWhitespace || $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) }),
            !email.contains(where: { "<>\"'(),;:\\[]".contains($0) })
        else {
            return "is not an email address"
        }
        return nil
    }

    public static func passwordProblem(_ password: String) -> String? {
        if password.isEmpty { return "is required" }
        guard passwordLength.contains(password.count) else {
            return "must be \(passwordLength.lowerBound) to \(passwordLength.upperBound) characters"
        }
        return nil
    }

    /// 3–30 letters, digits or underscores (no spaces, markup or SQL).
    public static func usernameProblem(_ username: String) -> String? {
        if username.isEmpty { return "is required" }
        guard (3...30).contains(username.count), username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return "must be 3 to 30 letters, digits or underscores"
        }
        return nil
    }

    /// Plain text up to 500 characters: no control characters other than newlines, no markup.
    public static func bioProblem(_ bio: String) -> String? {
        guard bio.count <= bioLength else { return "at most \(bioLength) characters" }
        guard !bio.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }),
            !bio.contains("<"), !bio.contains(">")
        else { return "must be plain text (no control characters or markup)" }
        return nil
    }

    /// An http(s) URL with a host, up to 500 characters ("" clears it).
    public static func avatarURLProblem(_ text: String) -> String? {
        if text.isEmpty { return nil }
        guard text.count <= avatarURLLength else { return "at most \(avatarURLLength) characters" }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
        else {
            return "must be an http(s) URL"
        }
        return nil
    }

    /// Referral codes are 8 characters of A–Z and 2–9 (no look-alikes).
    public static func isReferralCode(_ code: String) -> Bool {
        code.count == 8 && code.allSatisfy { referralAlphabet.contains($0) }
    }

    static let referralAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    public static func newReferralCode<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<8).map { _ in referralAlphabet.randomElement(using: &generator)! })
    }
}
