import Foundation

/// The agent's discount memory as kept in the state file (`AgentStateFile`): what must survive a restart so that a
/// discount handed over again is confirmed again rather than written to `discount.txt` a second time.
public struct PersistedDiscountState: Sendable, Equatable, Codable {
    /// The only format this agent reads; a file with another version is treated like a corrupt one.
    public static let currentVersion = 1
    /// How long an outcome is remembered. The backend expires a discount after 90 s, so an id older than this can
    /// never be handed over again; forgetting it keeps the file small on a till that runs for months.
    public static let outcomeRetention: TimeInterval = 24 * 60 * 60

    public var version: Int
    /// Every outcome decided within `outcomeRetention`, by discount id.
    public var outcomes: [String: DecidedOutcome]
    /// Confirmations the backend has not accepted yet, oldest first.
    public var unconfirmed: [ConfirmationQueue.Confirmation]
    /// The discount in `discount.txt` (or about to be) whose outcome is not known yet.
    public var inProgress: DiscountInProgress?

    public init(
        outcomes: [String: DecidedOutcome] = [:],
        unconfirmed: [ConfirmationQueue.Confirmation] = [],
        inProgress: DiscountInProgress? = nil
    ) {
        version = Self.currentVersion
        self.outcomes = outcomes
        self.unconfirmed = unconfirmed
        self.inProgress = inProgress
    }

    public static let empty = PersistedDiscountState()

    /// The same state without the outcomes decided more than `outcomeRetention` before `now`.
    public func forgettingOldOutcomes(now: Date) -> PersistedDiscountState {
        let cutoff = now.addingTimeInterval(-Self.outcomeRetention)
        var state = self
        state.outcomes = outcomes.filter { $0.value.decidedAt >= cutoff }
        return state
    }
}
