import Foundation

/// A sliding-window limit: at most `limit` admitted attempts per user in any window of length `window`.
/// Times are microseconds since the epoch, as the database clock gives them, so the rule is exact.
public struct RateLimit: Sendable, Equatable {
    public var limit: Int
    public var window: Duration

    public init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// The window in microseconds.
    public var windowMicros: Int64 {
        window.components.seconds * 1_000_000 + window.components.attoseconds / 1_000_000_000_000
    }

    /// Decides an attempt at `now`, given the user's earlier admissions (any order). An admission
    /// at `t` counts while `now - t < window`; so with `limit` of them inside the window, the next
    /// may run once the oldest of those that must drop out is exactly `window` old.
    public func decide(admissions: [Int64], now: Int64) -> RateDecision {
        let inWindow = admissions.filter { now - $0 < windowMicros }.sorted()
        guard inWindow.count >= limit else { return .admit }
        return .delay(untilMicros: inWindow[inWindow.count - limit] + windowMicros)
    }

    /// How many of `admissions` count at `now`.
    public func inWindow(_ admissions: [Int64], now: Int64) -> Int {
        admissions.filter { now - $0 < windowMicros }.count
    }

    /// Admissions at or before this no longer matter at `now`.
    public func horizon(now: Int64) -> Int64 { now - windowMicros }
}

/// The verdict of `RateLimit` on one attempt.
public enum RateDecision: Sendable, Equatable {
    case admit
    case delay(untilMicros: Int64)
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }
}
