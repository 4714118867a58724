/// The partner platform the claimer claims codes on (the original: Stake).
public protocol PromoPlatform: Sendable {
    /// Whether the key's owner may claim `code` now; throws `PlatformError`.
    func checkEligibility(apiKey: APIKey, code: String) async throws -> Eligibility
    /// Claims `code` for the key's owner; throws `PlatformError`.
    func claim(apiKey: APIKey, code: String) async throws -> Reward
}
