/// The fixed-point arithmetic of bets at a quoted price (ingested markets) and of settlement.
/// Credits are whole numbers; shares are micro-shares (`MicroShares.scale`); prices are micros of a
/// credit per share (1_000_000 = 1 credit). Every division floors: rounding favours the house.
public enum BetMath {
    /// Micros per credit, and price micros of 1 credit per share.
    public static let micros: Int64 = 1_000_000
    /// The lowest price a bet executes at on a quoted market: a quote under 1 ¢ executes at 1 ¢, so
    /// one bet pays at most 100 × its stake (and credits stay far below `Int32.max`).
    public static let minimumExecutionPriceMicros = 10_000

    /// The price a bet on a quoted market executes at: the quote, raised to the 1 ¢ floor.
    public static func executionPrice(quotedMicros: Int) -> Int {
        max(quotedMicros, minimumExecutionPriceMicros)
    }

    /// floor(amount / price) in micro-shares. `priceMicros` > 0; amount ≤ 10,000 keeps
    /// amount × 1e12 below `Int64.max`.
    public static func shares(amount: Int, priceMicros: Int) -> Int64 {
        Int64(amount) * micros * micros / Int64(priceMicros)
    }

    /// floor(shares × price) in credits: what selling at a quoted price pays.
    public static func proceeds(sharesMicros: Int64, priceMicros: Int) -> Int {
        let product = sharesMicros.multipliedFullWidth(by: Int64(priceMicros))
        let (quotient, _) = (micros * micros).dividingFullWidth(product)
        return Int(quotient)
    }

    /// What a winning bet pays: one credit per whole share held, fractions of a share floored.
    public static func payout(sharesMicros: Int64) -> Int {
        Int(sharesMicros / micros)
    }

    /// What a share paid at an MKT resolution's `valueMicros` (the probability of its outcome)
    /// pays: floor(shares × value) in credits, like a sale at that price.
    public static func payout(sharesMicros: Int64, valueMicros: Int) -> Int {
        proceeds(sharesMicros: sharesMicros, priceMicros: valueMicros)
    }

    /// What cancelling a market moves for one bet, open or sold: its stake less what its sells
    /// returned. Positive gives the rest of the stake back; negative takes back the profit of a
    /// sale above the stake. Summed over a user's bets it is what they put into the market minus
    /// what they took out (Manifold's `getFixedCancelPayouts`), so a cancel nets everyone to zero.
    public static func cancelSettlement(amount: Int, proceeds: Int) -> Int {
        amount - proceeds
    }

    /// The average price of a trade in credits per share (display only).
    public static func averagePrice(credits: Int, sharesMicros: Int64) -> Double {
        sharesMicros > 0 ? Double(credits) * Double(micros) / Double(sharesMicros) : 0
    }

    /// The same in micros, rounded to nearest and kept within 1…1,000,000 (what `bets.price_micros` holds).
    public static func averagePriceMicros(credits: Int, sharesMicros: Int64) -> Int {
        guard sharesMicros > 0 else { return Int(micros) }
        let exact = (Double(credits) * Double(micros) * Double(micros) / Double(sharesMicros)).rounded()
        return Int(min(Double(micros), max(1, exact)))
    }
}
