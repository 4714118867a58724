import Foundation

/// A job leased to this worker: what the executor needs to run one attempt.
public struct TakenJob: Sendable, Equatable {
    public var id: Int64
    public var userId: String
    public var code: String
    public var priority: Int
    /// Retryable failures before this attempt.
    public var attempts: Int
    /// Proves the lease: only this token may record the outcome.
    public var leaseToken: String
    /// The user's sealed key; nil when it was deleted.
    public var sealedKey: SealedKey?
    /// The user has claimed this code under an earlier job.
    public var claimedBefore: Bool
    /// When the lease was taken (database clock, µs since the epoch).
    public var takenAtMicros: Int64
}
