import Foundation

/// When the scheduler raises an alert (seed §8): a run longer than `longRun`, or more than
/// `maxFailureRate` of a job's completed runs failing within `window` once there are enough of
/// them to judge (`minRuns`).
public struct AlertRules: Sendable, Equatable {
    public var longRun: TimeInterval
    public var maxFailureRate: Double
    public var window: TimeInterval
    /// Completed runs in the window before a failure rate means anything (one failed run of one
    /// is not a rate); a job whose schedule has fewer ticks in the window needs all of them.
    public var minRuns: Int

    public init(longRun: TimeInterval = 300, maxFailureRate: Double = 0.10, window: TimeInterval = 86_400, minRuns: Int = 5) {
        self.longRun = longRun
        self.maxFailureRate = maxFailureRate
        self.window = window
        self.minRuns = minRuns
    }

    /// A run that took (or has been running for) `duration` is too long.
    public func isLongRun(_ duration: TimeInterval) -> Bool { duration > longRun }

    /// `failures` of `total` completed runs in the window is over the limit. `scheduledRuns`: how
    /// many ticks the job's schedule has in the window, when fewer than `minRuns` (a daily job is
    /// judged by its one run).
    public func isFailureRateHigh(failures: Int, total: Int, scheduledRuns: Int = .max) -> Bool {
        total >= max(1, min(minRuns, scheduledRuns)) && Double(failures) / Double(total) > maxFailureRate
    }

    /// `3 of 10 runs (30%) failed in the last 24 h (limit 10%)`.
    public func failureRateMessage(failures: Int, total: Int) -> String {
        let percent = Int((Double(failures) / Double(max(total, 1)) * 100).rounded())
        return "\(failures) of \(total) runs (\(percent)%) failed in the last \(Int(window / 3600)) h (limit \(Int(maxFailureRate * 100))%)"
    }
}
