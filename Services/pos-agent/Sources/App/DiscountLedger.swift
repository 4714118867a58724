import Foundation
import Synchronization

/// The local queue of received discounts and the memory of their outcomes, so a discount is written at most once.
///
/// The backend hands a discount over again when it is still `processing` after 60 s (e.g. a lost confirmation);
/// the ledger turns such a repeat into "send the confirmation again" instead of a second `discount.txt`.
/// `DiscountStateStore` keeps the outcomes in the state file, so this holds across a restart too.
public final class DiscountLedger: Sendable {
    /// What `admit` did with a discount from the backend.
    public enum Admission: Sendable, Equatable {
        /// New: it will be written when its turn comes.
        case queued
        /// Already queued or being applied right now.
        case duplicate
        /// Already applied or failed: only its confirmation should go out again.
        case alreadyDone(DiscountOutcome)
    }

    private struct Values {
        var queue: [PendingDiscount] = []
        var current: PendingDiscount?
        /// A discount a previous run left in `discount.txt`: the worker waits for 1C on it before anything new.
        var resumed: PendingDiscount?
        var outcomes: [String: DecidedOutcome] = [:]
        /// Oldest first, to forget the oldest outcomes beyond `memory`.
        var outcomeOrder: [String] = []
    }

    private let values = Mutex(Values())
    /// Outcomes remembered; a repeat only comes within minutes, so this bounds memory on a till that runs for months.
    private let memory: Int

    public init(memory: Int = 10_000) { self.memory = memory }

    public func admit(_ discount: PendingDiscount) -> Admission {
        values.withLock { values in
            if let decided = values.outcomes[discount.id] { return .alreadyDone(decided.outcome) }
            if values.current?.id == discount.id || values.queue.contains(where: { $0.id == discount.id }) { return .duplicate }
            values.queue.append(discount)
            return .queued
        }
    }

    /// Takes the next discount to apply (it becomes `current`); `nil` when the queue is empty or one is in progress.
    public func next() -> PendingDiscount? {
        values.withLock { values in
            guard values.current == nil, !values.queue.isEmpty else { return nil }
            values.current = values.queue.removeFirst()
            return values.current
        }
    }

    /// Makes a discount already written to `discount.txt` by a previous run `current`, so repeats of it are
    /// duplicates and nothing else is written until its outcome is known.
    public func resume(_ discount: PendingDiscount) {
        values.withLock { values in
            values.current = discount
            values.resumed = discount
        }
    }

    /// The resumed discount, once: the worker sees it through before taking new ones.
    public func takeResumed() -> PendingDiscount? {
        values.withLock { values in
            defer { values.resumed = nil }
            return values.resumed
        }
    }

    /// Records the outcome of the current discount.
    public func finish(_ id: String, _ outcome: DiscountOutcome, at decidedAt: Date = Date()) {
        values.withLock { values in
            if values.current?.id == id { values.current = nil }
            values.queue.removeAll { $0.id == id }
            Self.remember(id, DecidedOutcome(outcome, decidedAt: decidedAt), in: &values, memory: memory)
        }
    }

    /// Takes outcomes over from the state file (a restart); ones already known are kept as they are.
    public func restore(_ outcomes: [String: DecidedOutcome]) {
        values.withLock { values in
            for (id, decided) in outcomes.sorted(by: { $0.value.decidedAt < $1.value.decidedAt }) {
                Self.remember(id, decided, in: &values, memory: memory)
            }
        }
    }

    /// Forgets outcomes decided before `cutoff` (they can no longer be handed over again).
    public func forgetOutcomes(decidedBefore cutoff: Date) {
        values.withLock { values in
            let old = values.outcomes.filter { $0.value.decidedAt < cutoff }
            guard !old.isEmpty else { return }
            for id in old.keys { values.outcomes[id] = nil }
            values.outcomeOrder.removeAll { old[$0] != nil }
        }
    }

    private static func remember(_ id: String, _ decided: DecidedOutcome, in values: inout Values, memory: Int) {
        guard values.outcomes[id] == nil else { return }
        values.outcomes[id] = decided
        values.outcomeOrder.append(id)
        if values.outcomeOrder.count > memory {
            values.outcomes[values.outcomeOrder.removeFirst()] = nil
        }
    }

    /// Gives the current discount up without an outcome (shutting down before it was written); the backend re-queues it.
    public func abandon(_ id: String) {
        values.withLock { values in
            if values.current?.id == id { values.current = nil }
        }
    }

    public func outcome(of id: String) -> DiscountOutcome? { values.withLock { $0.outcomes[id]?.outcome } }
    /// Every remembered outcome with its time, for the state file.
    public var decidedOutcomes: [String: DecidedOutcome] { values.withLock { $0.outcomes } }
    public var currentId: String? { values.withLock { $0.current?.id } }
    public var queuedCount: Int { values.withLock { $0.queue.count } }
}
