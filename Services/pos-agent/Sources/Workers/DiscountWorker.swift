import Foundation
import Logging
import ServiceLifecycle

/// Applies queued discounts one at a time: writes `discount.txt`, waits for 1C to consume it, records the outcome.
public struct DiscountWorker: Service {
    let file: DiscountFile
    let ledger: DiscountLedger
    let store: DiscountStateStore
    let state: AgentState
    let intervals: AgentIntervals
    let logger: Logger

    public init(
        file: DiscountFile,
        ledger: DiscountLedger,
        store: DiscountStateStore,
        state: AgentState,
        intervals: AgentIntervals,
        logger: Logger
    ) {
        self.file = file
        self.ledger = ledger
        self.store = store
        self.state = state
        self.intervals = intervals
        self.logger = logger
    }

    public func run() async throws {
        if let discount = ledger.takeResumed() { await resume(discount) }
        while !Pause.shouldStop {
            guard let discount = ledger.next() else {
                guard await Pause.sleep(intervals.consumeCheck) else { return }
                continue
            }
            await apply(discount)
        }
    }

    /// Applies one discount. Once written it is seen through even during graceful shutdown (at most `consumeTimeout`),
    /// so the outcome is known and confirmed rather than guessed after a restart.
    func apply(_ discount: PendingDiscount) async {
        let metadata: Logger.Metadata = ["discountId": "\(discount.id)", "points": "\(discount.amount)"]
        guard discount.amount > 0 else {
            logger.error("discount without a positive amount; not written, confirmed failed", metadata: metadata)
            finish(discount, .failed, metadata)
            return
        }
        guard await waitForFreeSlot() else {
            logger.notice("stopping before the discount was written; the backend hands it over again", metadata: metadata)
            ledger.abandon(discount.id)
            return
        }
        let temporary: URL
        do {
            temporary = try file.prepare(points: discount.amount)
        } catch {
            logger.error("cannot write discount.txt; confirmed failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            finish(discount, .failed, metadata)
            return
        }
        do {
            try store.recordInProgress(DiscountInProgress(id: discount.id, amount: discount.amount, temporaryFile: temporary.lastPathComponent))
        } catch {
            // Unrecorded, a crash while 1C has the file would make a restart write the discount again: refuse it.
            file.discard(temporary)
            logger.error(
                "cannot record the discount in the state file; not written, confirmed failed",
                metadata: metadata.merging(["file": "\(store.file.url.path)", "error": "\(error)"]) { $1 }
            )
            finish(discount, .failed, metadata)
            return
        }
        do {
            try file.commit(temporary)
        } catch {
            logger.error("cannot write discount.txt; confirmed failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            finish(discount, .failed, metadata)
            return
        }
        state.discountWritten()
        logger.info("discount.txt written, waiting for 1C", metadata: metadata)
        await seeThrough(discount, metadata)
    }

    /// A discount a previous run wrote and 1C has not consumed yet: waited for like one written now.
    func resume(_ discount: PendingDiscount) async {
        let metadata: Logger.Metadata = ["discountId": "\(discount.id)", "points": "\(discount.amount)"]
        logger.notice("discount.txt from before the restart is waiting for 1C", metadata: metadata)
        await seeThrough(discount, metadata)
    }

    /// Waits for 1C and records the outcome. Cancelled instead, the discount stays in progress in the state file,
    /// so the next start decides it from what it finds.
    private func seeThrough(_ discount: PendingDiscount, _ metadata: Logger.Metadata) async {
        guard let outcome = await waitForConsumption(metadata) else {
            logger.notice("cancelled while 1C had discount.txt; left unconfirmed", metadata: metadata)
            ledger.abandon(discount.id)
            return
        }
        finish(discount, outcome, metadata)
    }

    private func finish(_ discount: PendingDiscount, _ outcome: DiscountOutcome, _ metadata: Logger.Metadata) {
        store.decide(discount.id, outcome)
        if outcome == .applied { logger.info("discount applied by 1C", metadata: metadata) }
    }

    /// Never overwrites a `discount.txt` 1C has not consumed yet (e.g. one left by a previous run);
    /// one older than `orphanAge` is nobody's and is removed. `false` when the agent stops first.
    private func waitForFreeSlot() async -> Bool {
        while file.exists {
            switch try? file.removeIfOrphaned(maxAge: intervals.orphanAge) {
            case .removed(let age)?:
                logger.warning("removed an orphaned discount.txt nobody consumed", metadata: ["ageSeconds": "\(Int(age))"])
            default:
                guard await Pause.sleep(intervals.consumeCheck) else { return false }
            }
        }
        return true
    }

    /// `.applied` when 1C removes the file within `consumeTimeout`; otherwise the agent removes it and it is `.failed`.
    /// `nil` only when the task is cancelled (not on graceful shutdown).
    private func waitForConsumption(_ metadata: Logger.Metadata) async -> DiscountOutcome? {
        let clock = ContinuousClock()
        let deadline = clock.now + intervals.consumeTimeout
        var timedOut = false
        while true {
            if !file.exists { return .applied }
            if clock.now >= deadline {
                if !timedOut { logger.warning("1C did not consume discount.txt in time; removing it", metadata: metadata) }
                timedOut = true
                do {
                    // Gone already means 1C took it at the last moment: applied, not failed.
                    return try file.remove() ? .failed : .applied
                } catch {
                    // Still there (locked?): 1C may yet consume it, so keep trying rather than report a guess.
                    logger.error("cannot remove discount.txt, retrying", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                }
            }
            do { try await Task.sleep(for: intervals.consumeCheck) } catch { return nil }
        }
    }
}
