import Foundation
import ServiceKit

/// A validated PATCH of the profile: nil fields stay as they are.
public struct ProfileUpdate: Sendable, Equatable {
    public var username: String?
    public var avatarURL: String?
    public var bio: String?

    public static func validate(username: String?, avatarURL: String?, bio: String?) throws -> ProfileUpdate {
        var violations: [Violation] = []
        if let username, let problem = AccountRules.usernameProblem(username) { violations.append(Violation("username", problem)) }
        let avatar = avatarURL?.trimmingCharacters(in: .whitespaces)
        if let avatar, let problem = AccountRules.avatarURLProblem(avatar) { violations.append(Violation("avatarUrl", problem)) }
        let text = bio?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text, let problem = AccountRules.bioProblem(text) { violations.append(Violation("bio", problem)) }
        guard violations.isEmpty else { throw AccountError.invalid(violations) }
        return ProfileUpdate(username: username, avatarURL: avatar, bio: text)
    }
}
