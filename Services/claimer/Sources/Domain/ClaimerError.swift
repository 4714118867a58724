import ServiceKit

/// Every way a claimer request is refused; `ClaimerError+RPC` maps them to reply codes.
public enum ClaimerError: Error, Sendable, Equatable {
    /// The request is malformed; nothing was written.
    case invalid([Violation])
    /// The caller may not act on this user.
    case notYourUser(String)
    /// The user has no API key on file (submit one first).
    case noAPIKey(String)
    /// No such job.
    case jobNotFound(String)
    /// Only dead or failed jobs can be replayed.
    case notRetryable(id: String, state: JobState)
    /// The code is waiting or running already under another job.
    case alreadyPending(id: String)
    /// code-inventory could not be asked for the active promo codes.
    case promoCodesUnavailable(String)
    /// A stored key cannot be opened with any configured encryption key.
    case keyUnreadable(keyId: String)
    /// The key is deleted, but attempts taken before with it had not ended when the wait ran out.
    case attemptsStillRunning(userId: String, count: Int)

    /// A single-field validation failure.
    public static func invalid(_ field: String, _ description: String) -> ClaimerError {
        .invalid([Violation(field, description)])
    }
}
