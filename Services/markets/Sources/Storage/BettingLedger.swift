/// The `credit_transactions.type` values betting writes; each row's reference is the bet id.
enum BettingLedger {
    /// The stake, negative.
    static let bet = "bet"
    /// Proceeds of selling shares back.
    static let sale = "sale"
    /// A winning bet's shares paid out.
    static let payout = "payout"
    /// A cancelled market's stake given back.
    static let refund = "refund"

    /// Every betting type: their sum per user is that user's PnL.
    static let all = [bet, sale, payout, refund]
}
