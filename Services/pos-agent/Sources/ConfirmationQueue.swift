import Synchronization

/// Confirmations not yet accepted by the backend, kept in memory and retried until they are.
public final class ConfirmationQueue: Sendable {
    /// One discount's outcome to report.
    public struct Confirmation: Sendable, Equatable {
        public let discountId: String
        public let outcome: DiscountOutcome
    }

    private let pending = Mutex<[Confirmation]>([])

    public init() {}

    /// Adds a confirmation unless one for that discount is already waiting (an outcome never changes).
    public func add(_ discountId: String, _ outcome: DiscountOutcome) {
        pending.withLock { pending in
            if !pending.contains(where: { $0.discountId == discountId }) {
                pending.append(Confirmation(discountId: discountId, outcome: outcome))
            }
        }
    }

    public func remove(_ discountId: String) {
        pending.withLock { pending in pending.removeAll { $0.discountId == discountId } }
    }

    /// The waiting confirmations, oldest first.
    public var all: [Confirmation] { pending.withLock { $0 } }
    public var count: Int { pending.withLock { $0.count } }
}
