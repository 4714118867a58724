import Foundation

/// What the queue writes for a finished attempt: the job's next state and, for an end, the history row.
public struct JobResolution: Sendable, Equatable {
    public var state: JobState
    public var outcome: String?
    public var attempts: Int
    /// When the job runs again (delayed states only).
    public var retryIn: Duration?
    public var lastError: String
    /// The history row (`claimed`, `skipped` or `failed`) when the job ends.
    public var record: HistoryStatus?
    public var reason: String
    public var reward: Reward?

    /// The resolution of `result` for a job that had used `attempts` attempts before this one.
    public static func resolve(_ result: AttemptResult, attempts: Int, policy: RetryPolicy, jitter: Double) -> JobResolution {
        switch result {
        case .claimed(let reward):
            return JobResolution(
                state: .completed,
                outcome: "claimed",
                attempts: attempts,
                retryIn: nil,
                lastError: "",
                record: .claimed,
                reason: "",
                reward: reward
            )
        case .skipped(let reason):
            return JobResolution(
                state: .completed,
                outcome: "skipped",
                attempts: attempts,
                retryIn: nil,
                lastError: "",
                record: .skipped,
                reason: reason,
                reward: nil
            )
        case .failed(let reason):
            return JobResolution(
                state: .failed,
                outcome: nil,
                attempts: attempts,
                retryIn: nil,
                lastError: reason,
                record: .failed,
                reason: reason,
                reward: nil
            )
        case .rateLimited(let after):
            return JobResolution(
                state: .delayed,
                outcome: nil,
                attempts: attempts,
                retryIn: after,
                lastError: "platform rate limit",
                record: nil,
                reason: "",
                reward: nil
            )
        case .retryable(let reason):
            let used = attempts + 1
            switch policy.afterFailure(attempts: used, jitter: jitter) {
            case .retry(let after):
                return JobResolution(
                    state: .delayed,
                    outcome: nil,
                    attempts: used,
                    retryIn: after,
                    lastError: reason,
                    record: nil,
                    reason: "",
                    reward: nil
                )
            case .dead:
                let why = "gave up after \(used) attempts: \(reason)"
                return JobResolution(
                    state: .dead,
                    outcome: nil,
                    attempts: used,
                    retryIn: nil,
                    lastError: why,
                    record: .failed,
                    reason: why,
                    reward: nil
                )
            }
        }
    }
}

/// The status of a history row.
public enum HistoryStatus: String, Sendable {
    case claimed, skipped, failed
}
