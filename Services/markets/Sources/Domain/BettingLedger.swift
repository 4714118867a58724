/// The `credit_transactions.type` values betting writes; each row's reference is the bet id.
enum BettingLedger {
    /// The stake, negative.
    static let bet = "bet"
    /// Proceeds of selling shares back.
    static let sale = "sale"
    /// A resolved market's shares paid out (a winning outcome's, or every share at an MKT probability).
    static let payout = "payout"
    /// A cancelled market giving back a bet's stake less its sells.
    static let refund = "refund"
    /// A cancelled market taking back what a bet's sells returned above its stake, negative; may
    /// leave the balance in debt.
    static let clawback = "clawback"
    /// An undone resolution reversing what it moved for a bet (minus a payout or refund, plus a
    /// claw-back); may leave the balance in debt.
    static let unresolve = "unresolve"

    /// Every betting type: their sum per user is that user's PnL.
    static let all = [bet, sale, payout, refund, clawback, unresolve]
}
