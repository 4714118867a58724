import Foundation

/// Failure handling of a run, as in the seed: a target that is unreachable or unavailable, or a
/// failing database behind it, is tried again after `delay`, up to `maxRetries` times; a refusal
/// that another attempt cannot fix (unknown job, bad request, no permission) fails at once.
public struct RetryPolicy: Sendable, Equatable {
    public var maxRetries: Int
    public var delay: TimeInterval

    public init(maxRetries: Int = 3, delay: TimeInterval = 300) {
        self.maxRetries = maxRetries
        self.delay = delay
    }

    /// Reply codes another attempt may fix: the service down or overloaded (`UNAVAILABLE`,
    /// `DEADLINE_EXCEEDED` — nanomsg reports an unreachable peer as a missed deadline —,
    /// `RESOURCE_EXHAUSTED`, `ABORTED`, `CANCELLED`) or failing inside (`INTERNAL`, `UNKNOWN`:
    /// e.g. its database connection).
    public static let retryableCodes: Set<String> = [
        "UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "CANCELLED", "INTERNAL", "UNKNOWN",
    ]

    /// What the run becomes after attempt number `attempt` (1-based) ended with `result`.
    public func decide(_ result: DispatchResult, attempt: Int, now: Date) -> RunDecision {
        switch result {
        case .completed(let report):
            return .finished(report.partial ? .partial : .succeeded, error: "")
        case .failed(let code, let message):
            let error = "\(code): \(message) (attempt \(attempt) of \(maxRetries + 1))"
            if Self.retryableCodes.contains(code), attempt <= maxRetries {
                return .retry(at: now.addingTimeInterval(delay), error: error)
            }
            return .finished(.failed, error: error)
        }
    }
}
