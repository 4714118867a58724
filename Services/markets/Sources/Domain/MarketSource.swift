/// Where markets come from: a Polymarket-Gamma-shaped API, read-only.
public protocol MarketSource: Sendable {
    /// Shown by monitoring (`ExternalApis`): the API's base URL, or where the fixture file is.
    var location: String { get }

    /// One page of the listing, in the source's stable order; `closed` nil lists both kinds.
    func markets(limit: Int, offset: Int, closed: Bool?) async throws -> SourcePage

    /// One market by the source's id; nil when the source does not know it.
    func market(externalId: String) async throws -> SourceMarket?
}
