/// A customer row locked (`FOR UPDATE`) by the current transaction: every balance change of
/// this customer waits for it, so concurrent operations see each other's results.
public struct LockedCustomer: Sendable, Equatable {
    public var id: Int64
    public var card: String
    public var name: String
    public var balance: Int
}
