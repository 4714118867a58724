import Foundation

/// What a market resolves to (Manifold's resolutions): one of its outcomes (each of its shares pays
/// 1 credit), `CANCEL` (every user gets back what they put in minus what they took out), or `MKT`
/// at a probability (each share of the first outcome pays the probability, each share of the
/// second pays the rest; two-outcome markets only).
public struct MarketResolution: Sendable, Equatable, CustomStringConvertible {
    public static let cancel = "CANCEL"
    public static let mkt = "MKT"
    /// The probabilities an MKT resolution takes, in millionths: strictly between 0 and 1 (0 and 1
    /// are the outcomes themselves).
    public static let probabilityRange = 1...999_999

    /// An outcome's name as stored, `CANCEL` or `MKT`.
    public var outcome: String
    /// MKT only: what a share of the first outcome pays, in millionths of a credit.
    public var probabilityMicros: Int?

    public init(outcome: String, probabilityMicros: Int? = nil) {
        self.outcome = outcome
        self.probabilityMicros = probabilityMicros
    }

    public static func winner(_ outcome: String) -> MarketResolution { MarketResolution(outcome: outcome) }
    public static var cancelled: MarketResolution { MarketResolution(outcome: cancel) }
    public static func market(probabilityMicros: Int) -> MarketResolution {
        MarketResolution(outcome: mkt, probabilityMicros: probabilityMicros)
    }

    public var isCancel: Bool { outcome == Self.cancel }
    public var isMarket: Bool { outcome == Self.mkt }

    /// "YES", "CANCEL", "MKT at 0.5".
    public var description: String {
        guard let probabilityMicros else { return outcome }
        return "\(outcome) at \(PriceMicros.display(probabilityMicros))"
    }

    /// What a share of outcome `index` pays, in millionths of a credit (nil: an outcome's name decides).
    public func shareValueMicros(outcomeIndex index: Int) -> Int? {
        guard let probabilityMicros else { return nil }
        return index == 0 ? probabilityMicros : PriceMicros.one - probabilityMicros
    }
}

extension MarketResolution {
    /// The resolution an admin's `outcome` (any case) and `probabilityMicros` (MKT only, else 0)
    /// name on `market`, or the reasons they name none.
    public static func parse(_ outcome: String, probabilityMicros: Int, on market: TradableMarket) throws -> MarketResolution {
        let name = outcome.trimmingCharacters(in: .whitespaces)
        let resolution: MarketResolution
        if name.caseInsensitiveCompare(mkt) == .orderedSame {
            guard market.outcomes.count == 2 else {
                throw BettingError.invalid("outcome", "\(mkt) needs a market of two outcomes; this one has \(market.outcomes.count)")
            }
            guard probabilityRange.contains(probabilityMicros) else {
                throw BettingError.invalid(
                    "probabilityMicros",
                    "must be between \(probabilityRange.lowerBound) and \(probabilityRange.upperBound) "
                        + "millionths for \(mkt) (0 and 1 are the outcomes themselves)"
                )
            }
            return .market(probabilityMicros: probabilityMicros)
        } else if name.caseInsensitiveCompare(cancel) == .orderedSame {
            resolution = .cancelled
        } else if let winner = market.outcome(named: name) {
            resolution = .winner(winner.name)
        } else {
            throw BettingError.invalid("outcome", "must be an outcome of this market (\(market.outcomeNames)), \(cancel) or \(mkt)")
        }
        guard probabilityMicros == 0 else { throw BettingError.invalid("probabilityMicros", "is only for \(mkt)") }
        return resolution
    }
}
