import Synchronization

/// Confirmations not yet accepted by the backend, retried until they are (and kept in the state file across
/// restarts by `DiscountStateStore`).
public final class ConfirmationQueue: Sendable {
    /// One discount's outcome to report.
    public struct Confirmation: Sendable, Equatable, Codable {
        public let discountId: String
        public let outcome: DiscountOutcome

        public init(discountId: String, outcome: DiscountOutcome) {
            self.discountId = discountId
            self.outcome = outcome
        }
    }

    private let pending = Mutex<[Confirmation]>([])

    public init() {}

    /// Adds a confirmation unless one for that discount is already waiting (an outcome never changes);
    /// `false` when it was already waiting.
    @discardableResult
    public func add(_ discountId: String, _ outcome: DiscountOutcome) -> Bool {
        pending.withLock { pending in
            guard !pending.contains(where: { $0.discountId == discountId }) else { return false }
            pending.append(Confirmation(discountId: discountId, outcome: outcome))
            return true
        }
    }

    public func remove(_ discountId: String) {
        pending.withLock { pending in pending.removeAll { $0.discountId == discountId } }
    }

    /// The waiting confirmations, oldest first.
    public var all: [Confirmation] { pending.withLock { $0 } }
    public var count: Int { pending.withLock { $0.count } }
}
