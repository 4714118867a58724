/// How an earn's statement after the row lock ended: it wrote the earn, or it wrote nothing
/// because one of its checks refused.
enum EarnWrite: Sendable, Equatable {
    /// The earn is written and committed: the cashier record's id and the customer after it.
    case earned(transactionId: Int64, customer: LockedCustomer)
    /// The same customer, store and amount inside the duplicate window.
    case duplicate
    /// A lot of the customer's has expired: the expiry must be written first.
    case lotsExpired
}
