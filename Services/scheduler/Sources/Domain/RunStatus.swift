/// The state of one run.
public enum RunStatus: String, Sendable, CaseIterable {
    /// Dispatched, waiting for the owning service's reply (holds a lease).
    case running
    /// An attempt failed in a retryable way; the next attempt is due at `next_retry_at`.
    case retrying
    /// The service ran the job.
    case succeeded
    /// The service ran the job and reported that some items failed.
    case partial
    /// Every attempt failed, or the service refused the job (unknown job, bad request).
    case failed
    /// No outcome is known: the replica that dispatched it stopped before recording one and its lease ran out.
    case timed_out = "timed_out"
    /// The tick was not run: it fell outside the catch-up window while no scheduler was up.
    case missed
    /// The tick was not run: the previous run was still running and the job's overlap policy is `skip`.
    case skipped

    /// Final statuses that count in the failure rate (`missed` and `skipped` do not: the job never ran).
    public var isCompletedRun: Bool { [.succeeded, .partial, .failed, .timed_out].contains(self) }

    /// Failures for the failure-rate alert.
    public var isFailure: Bool { self == .failed || self == .timed_out }
}
