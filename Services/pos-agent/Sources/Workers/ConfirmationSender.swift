import Logging
import ServiceLifecycle

/// Delivers discount confirmations, oldest first, retrying with back-off until the backend takes them.
public struct ConfirmationSender: Service {
    let backend: any BackendAPI
    let confirmations: ConfirmationQueue
    let store: DiscountStateStore
    let state: AgentState
    let intervals: AgentIntervals
    let logger: Logger

    public init(
        backend: any BackendAPI,
        confirmations: ConfirmationQueue,
        store: DiscountStateStore,
        state: AgentState,
        intervals: AgentIntervals,
        logger: Logger
    ) {
        self.backend = backend
        self.confirmations = confirmations
        self.store = store
        self.state = state
        self.intervals = intervals
        self.logger = logger
    }

    public func run() async throws {
        var backoff = Backoff(initial: intervals.discountPoll, maximum: intervals.backoffMax)
        var delay: Duration
        repeat {
            if await deliverAll() {
                backoff.reset()
                delay = intervals.consumeCheck
            } else {
                delay = backoff.next()
            }
        } while await Pause.sleep(delay)
        // Shut down last (after the worker), so the final outcome gets one more chance to go out.
        if confirmations.count > 0, !Task.isCancelled { _ = await deliverAll() }
        let left = confirmations.all
        if !left.isEmpty {
            logger.error(
                "stopping with undelivered confirmations; kept in the state file and sent again at the next start",
                metadata: ["discounts": "\(left.map { "\($0.discountId)=\($0.outcome.rawValue)" }.joined(separator: ","))"]
            )
        }
    }

    /// Tries every waiting confirmation; `false` when one failed in a way worth retrying (stops at the first such).
    private func deliverAll() async -> Bool {
        for confirmation in confirmations.all {
            let metadata: Logger.Metadata = ["discountId": "\(confirmation.discountId)", "status": "\(confirmation.outcome.rawValue)"]
            do throws(BackendError) {
                try await backend.confirmDiscount(id: confirmation.discountId, outcome: confirmation.outcome)
                state.backendSucceeded(logger: logger)
                store.settle(confirmation.discountId)
                logger.info("discount confirmed", metadata: metadata)
            } catch  where error.isRetryable {
                state.backendFailed(error, logger: logger)
                return false
            } catch {
                state.backendFailed(error, logger: logger)
                store.settle(confirmation.discountId)
                logger.error("backend refused the confirmation; dropped", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            }
        }
        return true
    }
}
