import Foundation
import ServiceKit

/// A validated signup: normalized email, username, password and optional referral code.
public struct SignupInput: Sendable, Equatable {
    public var email: String
    public var username: String
    public var password: String
    public var referralCode: String?

    /// Every bad field at once.
    public static func validate(email: String, password: String, username: String, referralCode: String) throws -> SignupInput {
        var violations: [Violation] = []
        let normalizedEmail = email.trimmingCharacters(in: .whitespaces).lowercased()
        if let problem = AccountRules.emailProblem(normalizedEmail) { violations.append(Violation("email", problem)) }
        if let problem = AccountRules.passwordProblem(password) { violations.append(Violation("password", problem)) }
        if let problem = AccountRules.usernameProblem(username) { violations.append(Violation("username", problem)) }
        let code = referralCode.trimmingCharacters(in: .whitespaces).uppercased()
        if !code.isEmpty, !AccountRules.isReferralCode(code) { violations.append(Violation("referralCode", "is not a referral code")) }
        guard violations.isEmpty else { throw AccountError.invalid(violations) }
        return SignupInput(email: normalizedEmail, username: username, password: password, referralCode: code.isEmpty ? nil : code)
    }
}
