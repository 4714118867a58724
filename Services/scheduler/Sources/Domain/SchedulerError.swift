import ServiceKit

/// Every way a scheduler operation is refused; `SchedulerError+RPC` maps them to reply codes.
public enum SchedulerError: Error, Sendable, Equatable {
    /// The request is malformed; nothing was changed.
    case invalid([Violation])
    /// No job of this name.
    case jobNotFound(String)
    /// A manual run was asked while the job runs and its overlap policy is `skip`.
    case alreadyRunning(job: String, runId: String)

    /// A single-field validation failure.
    public static func invalid(_ field: String, _ description: String) -> SchedulerError {
        .invalid([Violation(field, description)])
    }
}
