import Foundation
import Logging
import Synchronization

/// What the agent knows right now, shared by its services and reported by `/get-amount` and `/status`.
public final class AgentState: Sendable {
    private struct Values {
        var amount: Kopecks?
        var amountUpdatedAt: Date?
        var consecutiveAmountErrors = 0
        var amountAlerts = 0
        /// `nil` until the first call tells.
        var backendReachable: Bool?
        var lastBackendError: String?
        var lastBackendErrorAt: Date?
        /// The last "answered but refused" error that was logged, so a repeating 4xx is logged once.
        var loggedRefusal: String?
        var discountsWritten = 0
    }

    private let values = Mutex(Values())
    public let startedAt: Date

    public init(startedAt: Date = Date()) { self.startedAt = startedAt }

    /// The current receipt amount and when it last changed.
    public var amount: (kopecks: Kopecks?, updatedAt: Date?) {
        values.withLock { ($0.amount, $0.amountUpdatedAt) }
    }

    public var consecutiveAmountErrors: Int { values.withLock { $0.consecutiveAmountErrors } }
    public var amountAlerts: Int { values.withLock { $0.amountAlerts } }
    public var backendReachable: Bool { values.withLock { $0.backendReachable ?? false } }
    public var lastBackendError: (message: String?, at: Date?) { values.withLock { ($0.lastBackendError, $0.lastBackendErrorAt) } }
    public var discountsWritten: Int { values.withLock { $0.discountsWritten } }

    /// A successful read of `amount.json` (`nil`: no file, no open receipt); returns the error streak it ended.
    @discardableResult
    func amountRead(_ kopecks: Kopecks?, now: Date) -> (changed: Bool, endedErrorStreak: Int) {
        values.withLock { values in
            let streak = values.consecutiveAmountErrors
            values.consecutiveAmountErrors = 0
            guard values.amount != kopecks else { return (false, streak) }
            values.amount = kopecks
            values.amountUpdatedAt = kopecks == nil ? nil : now
            return (true, streak)
        }
    }

    /// A failed read; returns the length of the error streak so far.
    func amountReadFailed() -> Int {
        values.withLock { values in
            values.consecutiveAmountErrors += 1
            return values.consecutiveAmountErrors
        }
    }

    /// The critical alert went out: count it and start the streak again, so the next alert needs as many errors.
    func amountAlertRaised() {
        values.withLock { values in
            values.amountAlerts += 1
            values.consecutiveAmountErrors = 0
        }
    }

    func discountWritten() { values.withLock { $0.discountsWritten += 1 } }

    /// A backend call succeeded; logs only the transition back from "down".
    func backendSucceeded(logger: Logger) {
        let (wasReachable, hadRefusal) = values.withLock { values in
            let previous = (values.backendReachable, values.loggedRefusal != nil)
            values.backendReachable = true
            values.loggedRefusal = nil
            return previous
        }
        if wasReachable == false {
            logger.notice("backend is reachable again")
        } else if wasReachable == nil {
            logger.info("backend is reachable")
        } else if hadRefusal {
            logger.info("backend accepts requests again")
        }
    }

    /// A backend call failed; logs the transition to "down" once, and each different refusal (4xx) once.
    func backendFailed(_ error: BackendError, logger: Logger, now: Date = Date()) {
        let down = error.meansBackendDown
        let (wasReachable, newRefusal) = values.withLock { values in
            let wasReachable = values.backendReachable
            values.backendReachable = !down
            values.lastBackendError = error.description
            values.lastBackendErrorAt = now
            var newRefusal = false
            if !down, values.loggedRefusal != error.description {
                values.loggedRefusal = error.description
                newRefusal = true
            }
            return (wasReachable, newRefusal)
        }
        if down, wasReachable != false {
            logger.error("backend is down, retrying with back-off; nothing is lost meanwhile", metadata: ["error": "\(error)"])
        } else if !down, wasReachable == false {
            logger.notice("backend is reachable again")
        }
        if newRefusal { logger.warning("backend refused a request", metadata: ["error": "\(error)"]) }
    }
}
