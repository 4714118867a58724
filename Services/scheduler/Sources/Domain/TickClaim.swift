import Foundation

/// What one claim attempt on a job's due ticks did.
public struct TickClaim: Sendable, Equatable {
    /// The run this replica now owns (dispatch it), if any.
    public var claimed: ClaimedRun?
    /// The due tick was recorded `skipped` (overlap `skip` and a run still running).
    public var skipped: Date?
    /// Ticks recorded `missed` (plus those only counted).
    public var missed: Int
}
