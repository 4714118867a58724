import Logging
import ServiceLifecycle

/// Takes this store's pending discounts from the backend every `discountPoll` (with back-off while it is down)
/// and feeds them to the ledger, which drops repeats.
public struct DiscountPoller: Service {
    let backend: any BackendAPI
    let ledger: DiscountLedger
    let store: DiscountStateStore
    let state: AgentState
    let storeId: Int64
    let intervals: AgentIntervals
    let logger: Logger

    public init(
        backend: any BackendAPI,
        ledger: DiscountLedger,
        store: DiscountStateStore,
        state: AgentState,
        storeId: Int64,
        intervals: AgentIntervals,
        logger: Logger
    ) {
        self.backend = backend
        self.ledger = ledger
        self.store = store
        self.state = state
        self.storeId = storeId
        self.intervals = intervals
        self.logger = logger
    }

    public func run() async throws {
        var backoff = Backoff(initial: intervals.discountPoll, maximum: intervals.backoffMax)
        var foreign: Set<String> = []
        var delay: Duration
        repeat {
            do throws(BackendError) {
                let discounts = try await backend.takeDiscounts(storeId: storeId)
                state.backendSucceeded(logger: logger)
                backoff.reset()
                delay = intervals.discountPoll
                for discount in discounts { admit(discount, foreign: &foreign) }
            } catch {
                state.backendFailed(error, logger: logger)
                delay = backoff.next()
            }
        } while await Pause.sleep(delay)
    }

    private func admit(_ discount: PendingDiscount, foreign: inout Set<String>) {
        if let other = discount.storeId, other != storeId {
            if foreign.insert(discount.id).inserted {
                logger.error(
                    "backend handed over a discount of another store; ignored",
                    metadata: ["discountId": "\(discount.id)", "storeId": "\(other)"]
                )
            }
            return
        }
        switch ledger.admit(discount) {
        case .queued:
            logger.info(
                "discount received",
                metadata: [
                    "discountId": "\(discount.id)", "points": "\(discount.amount)",
                    "card": "\(Self.masked(discount.card))",
                ]
            )
        case .duplicate:
            break
        case .alreadyDone(let outcome):
            logger.info(
                "discount handed over again; re-sending its confirmation instead of applying it twice",
                metadata: ["discountId": "\(discount.id)", "status": "\(outcome.rawValue)"]
            )
            store.confirmAgain(discount.id, outcome)
        }
    }

    /// The last four characters of a card number: enough to match a complaint, not enough to misuse.
    static func masked(_ card: String?) -> String {
        guard let card, !card.isEmpty else { return "-" }
        return "…" + card.suffix(4)
    }
}
