import Foundation

/// The outbound circuit breaker's state: closed until `failureThreshold` failures in a row, then open
/// (calls refused without trying) for `coolDown` seconds, then half-open: one probe call goes
/// through; its success closes the circuit, its failure opens it again. Pure: takes the time.
public struct CircuitBreaker: Sendable {
    /// As shown by monitoring.
    public enum State: String, Sendable {
        case closed, open
        case halfOpen = "half_open"
    }

    /// Whether a call may go to the source.
    public enum Admission: Sendable, Equatable {
        /// Go; `probe` when this call decides whether a half-open circuit closes.
        case allowed(probe: Bool)
        case rejected(until: Date)
    }

    public let failureThreshold: Int
    public let coolDown: TimeInterval
    public private(set) var consecutiveFailures = 0
    public private(set) var failuresTotal = 0
    /// When the circuit last opened; nil while closed.
    public private(set) var openedAt: Date?
    /// When an open circuit lets a probe through; nil while closed.
    public private(set) var nextAttemptAt: Date?
    private var probing = false

    public init(failureThreshold: Int, coolDown: TimeInterval) {
        self.failureThreshold = max(1, failureThreshold)
        self.coolDown = max(0, coolDown)
    }

    public func state(now: Date) -> State {
        guard let nextAttemptAt else { return .closed }
        return probing || now >= nextAttemptAt ? .halfOpen : .open
    }

    /// Whether a call at `now` may go, without changing anything.
    public func check(now: Date) -> Admission {
        guard let nextAttemptAt else { return .allowed(probe: false) }
        // While the probe is out, other calls wait for its verdict.
        if probing || now < nextAttemptAt { return .rejected(until: max(nextAttemptAt, now)) }
        return .allowed(probe: true)
    }

    /// Admits a call at `now`; in half-open, the admitted call becomes the probe.
    public mutating func admit(now: Date) -> Admission {
        let admission = check(now: now)
        if admission == .allowed(probe: true) { probing = true }
        return admission
    }

    /// The source answered: the circuit closes.
    public mutating func recordSuccess() {
        consecutiveFailures = 0
        openedAt = nil
        nextAttemptAt = nil
        probing = false
    }

    /// The source failed: count it, and open when the threshold is reached or the probe failed.
    public mutating func recordFailure(now: Date) {
        failuresTotal += 1
        consecutiveFailures += 1
        if probing || consecutiveFailures >= failureThreshold {
            open(now: now, for: coolDown)
        }
    }

    /// The call ended without a verdict on the source's health (a 429, a cancelled call): a probe
    /// gives its turn back, and the next one waits at least `retryAfter` seconds.
    public mutating func recordNeutral(now: Date, retryAfter: TimeInterval = 0) {
        guard probing else { return }
        probing = false
        if let nextAttemptAt { self.nextAttemptAt = max(nextAttemptAt, now.addingTimeInterval(retryAfter)) }
    }

    private mutating func open(now: Date, for interval: TimeInterval) {
        probing = false
        openedAt = now
        nextAttemptAt = now.addingTimeInterval(interval)
    }
}
