import Foundation
import Logging
import Synchronization

/// Keeps the agent's discount memory (the ledger's outcomes, the undelivered confirmations and the discount in
/// `discount.txt`) in the state file, so that a restart never writes a discount a second time.
///
/// Every change that matters after a restart goes through here and is saved at once: an outcome decided, a
/// confirmation delivered or dropped, a confirmation queued again for a repeat, and the discount about to appear in
/// `discount.txt` (saved before the rename that makes it appear). Each change and its save happen under one lock, so
/// the file always holds one consistent snapshot and saves land in the order of the changes. Outcomes older than
/// `PersistedDiscountState.outcomeRetention` (24 h) are forgotten on every save.
///
/// Start-up rules (`restore`, then `AgentRuntime.recoverAtStart`):
/// - A missing file is an empty memory; an unreadable one is logged as an error naming the file, and the agent
///   starts empty rather than not at all.
/// - Undelivered confirmations are sent again; a discount handed over again whose outcome is remembered is
///   confirmed again, never written again.
/// - A discount recorded as in progress (no outcome yet) is decided from the exchange directory: its prepared
///   temporary file still there → the rename never happened, 1C never saw it → `failed`; `discount.txt` gone →
///   1C consumed it → `applied`; `discount.txt` older than `orphanAge` → removed, `failed`; a younger one → the
///   worker waits for 1C up to `consumeTimeout` (consumed → `applied`, else removed, `failed`) before anything new.
/// - A `discount.txt` the file does not mention keeps the old rule: older than `orphanAge` → removed; younger →
///   left for 1C and never confirmed.
public final class DiscountStateStore: Sendable {
    public let file: AgentStateFile
    let ledger: DiscountLedger
    let confirmations: ConfirmationQueue
    let logger: Logger
    /// The discount in `discount.txt` without an outcome yet; the lock around it also serialises the saves.
    private let inProgress = Mutex<DiscountInProgress?>(nil)

    public init(file: AgentStateFile, ledger: DiscountLedger, confirmations: ConfirmationQueue, logger: Logger) {
        self.file = file
        self.ledger = ledger
        self.confirmations = confirmations
        self.logger = logger
    }

    /// Loads the file into the ledger and the confirmation queue; returns the discount a previous run left in
    /// progress (without an outcome), for the caller to decide from what is in the exchange directory now.
    public func restore(now: Date = Date()) -> DiscountInProgress? {
        let state = file.load(logger: logger).forgettingOldOutcomes(now: now)
        let interrupted = inProgress.withLock { inProgress in
            ledger.restore(state.outcomes)
            for confirmation in state.unconfirmed { confirmations.add(confirmation.discountId, confirmation.outcome) }
            // Decided already means the outcome was saved after it; nothing is left to find out.
            inProgress = state.inProgress.flatMap { ledger.outcome(of: $0.id) == nil ? $0 : nil }
            return inProgress
        }
        if !state.outcomes.isEmpty || !state.unconfirmed.isEmpty || interrupted != nil {
            logger.info(
                "discount memory restored from the state file",
                metadata: [
                    "file": "\(file.url.path)", "outcomes": "\(state.outcomes.count)",
                    "unconfirmed": "\(state.unconfirmed.count)", "inProgress": "\(interrupted?.id ?? "-")",
                ]
            )
        }
        return interrupted
    }

    /// Records the discount about to be renamed to `discount.txt`. Throws when it cannot be saved; the caller must
    /// then not write the discount, since after a crash nobody would know whose file it was.
    public func recordInProgress(_ discount: DiscountInProgress, now: Date = Date()) throws {
        try inProgress.withLock { inProgress in
            try write(inProgress: discount, now: now)
            inProgress = discount
        }
    }

    /// An outcome is decided: remember it, queue its confirmation, and the discount is no longer in progress.
    public func decide(_ id: String, _ outcome: DiscountOutcome, now: Date = Date()) {
        inProgress.withLock { inProgress in
            ledger.finish(id, outcome, at: now)
            confirmations.add(id, outcome)
            if inProgress?.id == id { inProgress = nil }
            save(inProgress: inProgress, now: now)
        }
    }

    /// The backend accepted a confirmation, or refused it for good: it is no longer waiting.
    public func settle(_ id: String, now: Date = Date()) {
        inProgress.withLock { inProgress in
            confirmations.remove(id)
            save(inProgress: inProgress, now: now)
        }
    }

    /// A repeat of a decided discount: its confirmation goes out again (saved only when it was not waiting already).
    public func confirmAgain(_ id: String, _ outcome: DiscountOutcome, now: Date = Date()) {
        inProgress.withLock { inProgress in
            if confirmations.add(id, outcome) { save(inProgress: inProgress, now: now) }
        }
    }

    /// Saves the current memory (at start, after the start-up rules have run).
    public func save(now: Date = Date()) {
        inProgress.withLock { inProgress in save(inProgress: inProgress, now: now) }
    }

    public var discountInProgress: DiscountInProgress? { inProgress.withLock { $0 } }

    /// A failed save is logged, not thrown: the change stands in memory, only a restart before the next good save
    /// could lose it.
    private func save(inProgress: DiscountInProgress?, now: Date) {
        do {
            try write(inProgress: inProgress, now: now)
        } catch {
            logger.error(
                "cannot save the state file; the change is kept in memory only",
                metadata: ["file": "\(file.url.path)", "error": "\(error)"]
            )
        }
    }

    private func write(inProgress: DiscountInProgress?, now: Date) throws {
        let cutoff = now.addingTimeInterval(-PersistedDiscountState.outcomeRetention)
        ledger.forgetOutcomes(decidedBefore: cutoff)
        try file.save(PersistedDiscountState(outcomes: ledger.decidedOutcomes, unconfirmed: confirmations.all, inProgress: inProgress))
    }
}
