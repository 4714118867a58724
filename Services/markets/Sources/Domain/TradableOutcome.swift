/// One outcome of a market as a trade sees it: its position, name, price in micros and, on CPMM
/// markets, its pool in micro-shares.
public struct TradableOutcome: Sendable, Equatable {
    public var index: Int
    public var name: String
    public var priceMicros: Int
    public var poolMicros: Int64?

    public init(index: Int, name: String, priceMicros: Int, poolMicros: Int64?) {
        self.index = index
        self.name = name
        self.priceMicros = priceMicros
        self.poolMicros = poolMicros
    }
}
