import Synchronization

/// The local queue of received discounts and the memory of their outcomes, so a discount is written at most once.
///
/// The backend hands a discount over again when it is still `processing` after 60 s (e.g. a lost confirmation);
/// the ledger turns such a repeat into "send the confirmation again" instead of a second `discount.txt`.
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
        var outcomes: [String: DiscountOutcome] = [:]
        /// Oldest first, to forget the oldest outcomes beyond `memory`.
        var outcomeOrder: [String] = []
    }

    private let values = Mutex(Values())
    /// Outcomes remembered; a repeat only comes within minutes, so this bounds memory on a till that runs for months.
    private let memory: Int

    public init(memory: Int = 10_000) { self.memory = memory }

    public func admit(_ discount: PendingDiscount) -> Admission {
        values.withLock { values in
            if let outcome = values.outcomes[discount.id] { return .alreadyDone(outcome) }
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

    /// Records the outcome of the current discount.
    public func finish(_ id: String, _ outcome: DiscountOutcome) {
        values.withLock { values in
            if values.current?.id == id { values.current = nil }
            values.queue.removeAll { $0.id == id }
            guard values.outcomes.updateValue(outcome, forKey: id) == nil else { return }
            values.outcomeOrder.append(id)
            if values.outcomeOrder.count > memory {
                values.outcomes[values.outcomeOrder.removeFirst()] = nil
            }
        }
    }

    /// Gives the current discount up without an outcome (shutting down before it was written); the backend re-queues it.
    public func abandon(_ id: String) {
        values.withLock { values in
            if values.current?.id == id { values.current = nil }
        }
    }

    public func outcome(of id: String) -> DiscountOutcome? { values.withLock { $0.outcomes[id] } }
    public var currentId: String? { values.withLock { $0.current?.id } }
    public var queuedCount: Int { values.withLock { $0.queue.count } }
}
