import Foundation

/// When the scheduler raises an alert (seed §8): a run longer than `longRun`, or more than
/// `maxFailureRate` of a job's completed runs failing within `window`.
public struct AlertRules: Sendable, Equatable {
    public var longRun: TimeInterval
    public var maxFailureRate: Double
    public var window: TimeInterval

    public init(longRun: TimeInterval = 300, maxFailureRate: Double = 0.10, window: TimeInterval = 86_400) {
        self.longRun = longRun
        self.maxFailureRate = maxFailureRate
        self.window = window
    }

    /// A run that took (or has been running for) `duration` is too long.
    public func isLongRun(_ duration: TimeInterval) -> Bool { duration > longRun }

    /// `failures` of `total` completed runs in the window is over the limit.
    public func isFailureRateHigh(failures: Int, total: Int) -> Bool {
        total > 0 && Double(failures) / Double(total) > maxFailureRate
    }

    /// `3 of 10 runs (30%) failed in the last 24 h (limit 10%)`.
    public func failureRateMessage(failures: Int, total: Int) -> String {
        let percent = Int((Double(failures) / Double(max(total, 1)) * 100).rounded())
        return "\(failures) of \(total) runs (\(percent)%) failed in the last \(Int(window / 3600)) h (limit \(Int(maxFailureRate * 100))%)"
    }
}
