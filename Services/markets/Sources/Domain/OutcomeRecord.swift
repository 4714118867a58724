/// One stored outcome: its name, current price and (CPMM markets) its pool of micro-shares.
public struct OutcomeRecord: Sendable, Equatable {
    public var name: String
    public var priceMicros: Int
    public var poolMicros: Int64?

    public init(name: String, priceMicros: Int, poolMicros: Int64? = nil) {
        self.name = name
        self.priceMicros = priceMicros
        self.poolMicros = poolMicros
    }
}
