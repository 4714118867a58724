import Foundation
import ServiceKit

/// Reads the Polymarket Gamma shape (`GET /markets` pages and `GET /markets/{id}`) into checked
/// `SourceMarket`s. A malformed market is refused with its reason; the rest of the page is kept.
public enum GammaMarketParser {
    /// Outcome names are stored with a 100-character limit; questions with 500.
    static let maxOutcomeName = 100
    static let maxQuestion = 500

    /// Parses a `/markets` answer: a JSON array of market objects.
    public static func page(_ data: Data) throws -> SourcePage {
        let elements: [Element]
        do {
            elements = try JSONDecoder().decode([Element].self, from: data)
        } catch {
            throw SourceError.malformed("a /markets answer must be a JSON array of markets: \(error)")
        }
        var page = SourcePage(markets: [], rejected: [])
        for (index, element) in elements.enumerated() {
            switch element.result.flatMap(check) {
            case .success(let market): page.markets.append(market)
            case .failure(let refusal): page.rejected.append(SourcePage.Rejection(id: refusal.id ?? "#\(index)", reason: refusal.reason))
            }
        }
        return page
    }

    /// Parses a `/markets/{id}` answer: one market object.
    public static func market(_ data: Data) throws -> SourceMarket {
        let element: Element
        do {
            element = try JSONDecoder().decode(Element.self, from: data)
        } catch {
            throw SourceError.malformed("a /markets/{id} answer must be a market object: \(error)")
        }
        switch element.result.flatMap(check) {
        case .success(let market): return market
        case .failure(let refusal): throw SourceError.malformed("market \(refusal.id ?? "?") refused: \(refusal.reason)")
        }
    }

    /// Why one market was refused.
    struct Refusal: Error {
        var id: String?
        var reason: String
    }

    /// One array element, decoded on its own so that a bad one does not fail the page.
    struct Element: Decodable {
        var result: Result<GammaMarketPayload, Refusal>

        init(from decoder: any Decoder) throws {
            do {
                result = .success(try GammaMarketPayload(from: decoder))
            } catch {
                result = .failure(Refusal(id: nil, reason: "not a market object"))
            }
        }
    }

    static func check(_ payload: GammaMarketPayload) -> Result<SourceMarket, Refusal> {
        guard let id = payload.id?.trimmingCharacters(in: .whitespaces), !id.isEmpty, id.count <= 100 else {
            return .failure(Refusal(id: nil, reason: "no id"))
        }
        func refuse(_ reason: String) -> Result<SourceMarket, Refusal> { .failure(Refusal(id: id, reason: reason)) }
        let question = (payload.question ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { return refuse("no question") }
        guard question.count <= maxQuestion else { return refuse("question longer than \(maxQuestion) characters") }
        guard let outcomes = payload.outcomes?.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            return refuse("outcomes is not a JSON list of names")
        }
        guard outcomes.count >= 2 else { return refuse("fewer than two outcomes") }
        guard outcomes.allSatisfy({ (1...maxOutcomeName).contains($0.count) }) else {
            return refuse("an outcome name is empty or longer than \(maxOutcomeName) characters")
        }
        guard Set(outcomes).count == outcomes.count else { return refuse("outcome names repeat") }
        guard let texts = payload.outcomePrices else { return refuse("outcomePrices is not a JSON list of prices") }
        guard texts.count == outcomes.count else { return refuse("\(texts.count) prices for \(outcomes.count) outcomes") }
        var prices: [Int] = []
        for text in texts {
            guard let micros = PriceMicros.parse(text) else { return refuse("price \"\(text)\" is not a decimal between 0 and 1") }
            prices.append(micros)
        }
        var endDate: Date?
        if let text = payload.endDate, !text.isEmpty {
            guard let date = parseDate(text) else { return refuse("endDate \"\(text)\" is not a date") }
            endDate = date
        }
        return .success(
            SourceMarket(
                externalId: id,
                question: question,
                slug: payload.slug ?? "",
                category: payload.category ?? "",
                endDate: endDate,
                active: payload.active ?? true,
                closed: payload.closed ?? false,
                outcomes: outcomes,
                priceMicros: prices,
                volume: finite(payload.volumeNum),
                liquidity: finite(payload.liquidityNum),
                resolutionStatus: payload.umaResolutionStatus
            )
        )
    }

    /// RFC 3339 (with or without fractional seconds), or a bare date (midnight UTC).
    static func parseDate(_ text: String) -> Date? {
        if let date = Timestamps.parse(text) { return date }
        return try? Date.ISO8601FormatStyle().year().month().day().parse(text)
    }

    private static func finite(_ value: Double?) -> Double {
        guard let value, value.isFinite, value >= 0 else { return 0 }
        return value
    }
}
