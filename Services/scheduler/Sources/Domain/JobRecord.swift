import Foundation

/// One stored job of the schedule.
public struct JobRecord: Sendable, Equatable {
    public var name: String
    public var service: String
    public var cron: String
    public var timezone: String
    public var enabled: Bool
    public var overlap: OverlapPolicy
    public var catchUpWindow: TimeInterval
    /// Every tick up to this instant is handled (claimed, missed or skipped).
    public var scheduledThrough: Date
}
