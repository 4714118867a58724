import Foundation

/// A market as read under its row lock by a bet, a sell or a resolution.
public struct TradableMarket: Sendable, Equatable {
    public var id: UUID
    /// `polymarket` (priced at the source's quotes) or `admin` (priced by its CPMM).
    public var source: String
    /// open, closed, resolved, cancelled.
    public var status: String
    public var closeTime: Date?
    public var cpmmP: Double?
    public var resolvedOutcome: String?
    /// An MKT resolution's probability (micros of the first outcome's share).
    public var resolutionMicros: Int?
    /// In `idx` order.
    public var outcomes: [TradableOutcome]

    public init(
        id: UUID,
        source: String,
        status: String,
        closeTime: Date?,
        cpmmP: Double?,
        resolvedOutcome: String?,
        resolutionMicros: Int? = nil,
        outcomes: [TradableOutcome]
    ) {
        self.id = id
        self.source = source
        self.status = status
        self.closeTime = closeTime
        self.cpmmP = cpmmP
        self.resolvedOutcome = resolvedOutcome
        self.resolutionMicros = resolutionMicros
        self.outcomes = outcomes
    }

    /// Open for bets and sells: status `open` and the close time (if any) not reached.
    public func isOpen(at now: Date) -> Bool {
        status == "open" && (closeTime.map { now < $0 } ?? true)
    }

    /// Resolved or cancelled: settled once, never again until an admin undoes it.
    public var isSettled: Bool { status == "resolved" || status == "cancelled" }

    /// The resolution applied (nil while unsettled).
    public var resolution: MarketResolution? {
        guard isSettled, let resolvedOutcome else { return nil }
        return MarketResolution(outcome: resolvedOutcome, probabilityMicros: resolutionMicros)
    }

    /// The outcome called `name`, ignoring case ("yes" is "YES").
    public func outcome(named name: String) -> TradableOutcome? {
        outcomes.first { $0.name == name } ?? outcomes.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The market maker of an admin market: two outcomes with pools and a weight; nil for quoted markets.
    public var cpmm: ManifoldCPMM? {
        guard source == "admin", let p = cpmmP, outcomes.count == 2, let yes = outcomes[0].poolMicros, let no = outcomes[1].poolMicros else {
            return nil
        }
        return ManifoldCPMM(yes: yes, no: no, p: p)
    }

    /// "YES, NO": for messages naming what would have been accepted.
    public var outcomeNames: String { outcomes.map(\.name).joined(separator: ", ") }
}
