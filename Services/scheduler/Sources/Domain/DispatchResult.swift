/// What one attempt of a run got back from the owning service.
public enum DispatchResult: Sendable, Equatable {
    /// The service ran the job.
    case completed(JobReport)
    /// The call failed: the reply's status code name (`UNAVAILABLE`, `DEADLINE_EXCEEDED`, …) and message.
    case failed(code: String, message: String)
}
