import Foundation

/// The outbound rate limiter's state: a token bucket holding a minute's worth of requests, refilled
/// continuously. Pure: every change takes the time, so tests drive it with their own clock.
public struct TokenBucket: Sendable {
    /// What a request may do.
    public enum Decision: Sendable, Equatable {
        /// Go after `wait` seconds (0: now); the token is already taken.
        case granted(wait: TimeInterval)
        /// Do not call: the bucket would need longer than the caller may wait, or the source said 429.
        case refused(retryAfter: TimeInterval)
    }

    public let perMinute: Int
    public var capacity: Double { Double(perMinute) }
    public var refillPerSecond: Double { Double(perMinute) / 60 }
    /// Requests delayed or refused here, plus 429s from the source.
    public private(set) var throttledTotal = 0
    /// Set by a 429: nothing goes out before this.
    public private(set) var pausedUntil: Date?

    /// May go below zero: requests granted with a wait have taken tokens not yet refilled.
    private var tokens: Double
    private var refilledAt: Date?
    /// When granted requests go out, for `requestsLastMinute`.
    private var sent: [Date] = []

    public init(perMinute: Int) {
        self.perMinute = max(1, perMinute)
        self.tokens = Double(max(1, perMinute))
    }

    /// Takes a token for one request at `now`, waiting at most `maxWait` seconds for one.
    public mutating func reserve(now: Date, maxWait: TimeInterval) -> Decision {
        refill(now)
        if let pausedUntil, now < pausedUntil {
            throttledTotal += 1
            return .refused(retryAfter: pausedUntil.timeIntervalSince(now))
        }
        pausedUntil = nil
        let wait = tokens >= 1 ? 0 : (1 - tokens) / refillPerSecond
        guard wait <= maxWait else {
            throttledTotal += 1
            return .refused(retryAfter: wait)
        }
        if wait > 0 { throttledTotal += 1 }
        tokens -= 1
        sent.append(now.addingTimeInterval(wait))
        return .granted(wait: wait)
    }

    /// The source answered 429: send nothing until `now + retryAfter`.
    public mutating func pause(now: Date, retryAfter: TimeInterval) {
        throttledTotal += 1
        let until = now.addingTimeInterval(max(1, retryAfter))
        pausedUntil = max(pausedUntil ?? until, until)
    }

    /// Whole or partial tokens available at `now` (never negative).
    public func available(now: Date) -> Double {
        var copy = self
        copy.refill(now)
        return max(0, copy.tokens)
    }

    /// Requests that went (or go) out within the minute before `now`.
    public func requestsLastMinute(now: Date) -> Int {
        let start = now.addingTimeInterval(-60)
        return sent.count(where: { $0 > start && $0 <= now })
    }

    private mutating func refill(_ now: Date) {
        if let refilledAt, now > refilledAt {
            tokens = min(capacity, tokens + now.timeIntervalSince(refilledAt) * refillPerSecond)
        }
        if refilledAt == nil || now > refilledAt! { refilledAt = now }
        let start = now.addingTimeInterval(-60)
        sent.removeAll { $0 <= start }
    }
}
