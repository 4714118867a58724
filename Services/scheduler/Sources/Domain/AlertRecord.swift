import Foundation

/// One stored alert.
public struct AlertRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A run took (or has been running) longer than the limit.
        case longRun = "long_run"
        /// Too many of a job's runs failed in the window.
        case failureRate = "failure_rate"
    }

    public var id: UUID
    public var job: String
    public var kind: Kind
    public var message: String
    public var runId: UUID?
    public var createdAt: Date
}
