/// Kinds of ledger entries (the `entries.kind` column).
public enum LedgerKind: String, Sendable {
    case earn, redeem, refund, expire
}
