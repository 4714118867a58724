/// Points taken from one lot by a redemption (and given back to it by a refund).
public struct LotDraw: Sendable, Equatable {
    public var lotId: Int64
    public var points: Int

    public init(lotId: Int64, points: Int) {
        self.lotId = lotId
        self.points = points
    }
}
