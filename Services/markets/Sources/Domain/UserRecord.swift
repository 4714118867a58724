import Foundation

/// A stored user as the service works with it.
public struct UserRecord: Sendable, Equatable {
    public var id: UUID
    public var email: String
    public var username: String
    public var credits: Int
    public var roles: [String]
    public var avatarURL: String
    public var bio: String
    public var referralCode: String
    public var createdAt: Date
    /// The user's own tier (the effective one also depends on the global override).
    public var tier: Tier
    public var tierSource: String
    public var tierExpiresAt: Date?
}
