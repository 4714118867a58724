import Foundation

/// What to do with the ticks of one job that fell due since its cursor.
public struct TickPlan: Sendable, Equatable {
    /// The tick to dispatch: the latest due one, when it is inside the catch-up window.
    public var run: Date?
    /// Earlier ticks (and the latest one when it is outside the window), to record as `missed`,
    /// oldest first, at most `TickPlanner.maxRecordedMissed`.
    public var missed: [Date]
    /// Missed ticks not recorded one by one (beyond the limit).
    public var unrecordedMissed: Int
    /// The new cursor: the latest due tick (or the old cursor when none was due).
    public var through: Date
}
