import Logging
import ServiceLifecycle

/// Posts the receipt amount to the backend when it changes, and again every `precheckRefresh` while a receipt is open
/// (the backend forgets a precheck after 60 s); when the receipt closes (`amount.json` gone or 0) it clears the posted
/// amount, so the backend stops offering it at once instead of for up to 60 s.
public struct PrecheckSender: Service {
    let backend: any BackendAPI
    let state: AgentState
    let storeId: Int64
    let intervals: AgentIntervals
    let logger: Logger

    public init(backend: any BackendAPI, state: AgentState, storeId: Int64, intervals: AgentIntervals, logger: Logger) {
        self.backend = backend
        self.state = state
        self.storeId = storeId
        self.intervals = intervals
        self.logger = logger
    }

    public func run() async throws {
        let clock = ContinuousClock()
        var sent: (amount: Kopecks, at: ContinuousClock.Instant)?
        // An amount was posted and the receipt has closed since: the backend still offers it until cleared.
        var clearDue = false
        var backoff = Backoff(initial: intervals.amountPoll, maximum: intervals.backoffMax)
        var notBefore = clock.now
        repeat {
            // 1C writes 0 when no receipt is open; the backend only keeps real amounts.
            guard let amount = state.amount.kopecks, amount.value > 0 else {
                if sent != nil { clearDue = true }
                // A new receipt with the same total must be posted again.
                sent = nil
                if clearDue, clock.now >= notBefore {
                    clearDue = !(await clear(&backoff, notBefore: &notBefore, clock: clock))
                }
                continue
            }
            // Posting the new receipt's amount replaces the old one: nothing left to clear.
            clearDue = false
            let now = clock.now
            let due = sent.map { $0.amount != amount || now - $0.at >= intervals.precheckRefresh } ?? true
            guard due, now >= notBefore else { continue }
            do throws(BackendError) {
                try await backend.postPrecheck(storeId: storeId, amount: amount)
                state.backendSucceeded(logger: logger)
                logger.debug("precheck posted", metadata: ["amount": "\(amount.roublesText)"])
                sent = (amount, now)
                backoff.reset()
            } catch {
                state.backendFailed(error, logger: logger)
                notBefore = clock.now + backoff.next()
            }
        } while await Pause.sleep(intervals.amountPoll)
    }

    /// One attempt to clear the posted amount; `true` when nothing is left to do (cleared, or refused for good — the
    /// backend forgets a precheck after 60 s anyway).
    private func clear(_ backoff: inout Backoff, notBefore: inout ContinuousClock.Instant, clock: ContinuousClock) async -> Bool {
        do throws(BackendError) {
            try await backend.clearPrecheck(storeId: storeId)
            state.backendSucceeded(logger: logger)
            logger.debug("precheck cleared: the receipt is closed")
            backoff.reset()
            return true
        } catch {
            state.backendFailed(error, logger: logger)
            guard error.isRetryable else { return true }
            notBefore = clock.now + backoff.next()
            return false
        }
    }
}
