import Foundation

/// The outcome of `RetryPolicy.decide`.
public enum RunDecision: Sendable, Equatable {
    case finished(RunStatus, error: String)
    case retry(at: Date, error: String)
}
