import Foundation

/// The source when no API URL is configured (no internet here): a Gamma-shaped JSON file of a few
/// dozen markets written for this repository, served in pages exactly like the API would.
public struct FixtureMarketSource: MarketSource {
    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    /// The file bundled with the service (`Fixtures/polymarket-markets.json`).
    public static var bundled: FixtureMarketSource {
        let folder =
            Bundle.module.url(forResource: "Fixtures", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Fixtures")
        return FixtureMarketSource(file: folder.appendingPathComponent("polymarket-markets.json"))
    }

    public var location: String { "file://" + file.path }

    public func markets(limit: Int, offset: Int, closed: Bool?) async throws -> SourcePage {
        let all = try load()
        let selected = all.markets.filter { closed == nil || $0.closed == closed }
        let start = min(max(0, offset), selected.count)
        let end = min(start + max(0, limit), selected.count)
        // Refused markets are reported with the first page, as an API would send them once.
        return SourcePage(markets: Array(selected[start..<end]), rejected: offset == 0 && closed != true ? all.rejected : [])
    }

    public func market(externalId: String) async throws -> SourceMarket? {
        try load().markets.first { $0.externalId == externalId }
    }

    /// Read on every call: the file is small, and editing it changes what the next ingestion sees.
    private func load() throws -> SourcePage {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw SourceError.transport("cannot read the fixture \(file.path): \(error.localizedDescription)")
        }
        return try GammaMarketParser.page(data)
    }
}
