/// What a tick does while the job's previous run is still running.
public enum OverlapPolicy: String, Sendable, CaseIterable {
    /// The tick is recorded `skipped` and not dispatched (default).
    case skip
    /// The tick is dispatched anyway.
    case allow
}
