import Foundation

/// One element of a Gamma `/markets` answer, as sent: the fields we use, every one optional so
/// that a market missing one is refused with a reason instead of failing the whole page.
struct GammaMarketPayload: Decodable {
    var id: String?
    var question: String?
    var slug: String?
    var category: String?
    var endDate: String?
    var active: Bool?
    var closed: Bool?
    /// Gamma sends these two as JSON-encoded strings (`"[\"Yes\", \"No\"]"`); a plain array is read too.
    var outcomes: [String]?
    var outcomePrices: [String]?
    var volumeNum: Double?
    var liquidityNum: Double?
    /// The UMA oracle's state of the settlement (`resolved` once final).
    var umaResolutionStatus: String?

    enum CodingKeys: String, CodingKey {
        case id, question, slug, category, endDate, active, closed, outcomes, outcomePrices, volumeNum, liquidityNum, umaResolutionStatus
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Gamma ids are strings of digits; accept a bare number too.
        if let text = try? container.decodeIfPresent(String.self, forKey: .id) {
            id = text
        } else if let number = try? container.decodeIfPresent(Int64.self, forKey: .id) {
            id = String(number)
        }
        question = try? container.decodeIfPresent(String.self, forKey: .question)
        slug = try? container.decodeIfPresent(String.self, forKey: .slug)
        category = try? container.decodeIfPresent(String.self, forKey: .category)
        endDate = try? container.decodeIfPresent(String.self, forKey: .endDate)
        active = try? container.decodeIfPresent(Bool.self, forKey: .active)
        closed = try? container.decodeIfPresent(Bool.self, forKey: .closed)
        outcomes = Self.list(container, .outcomes)
        outcomePrices = Self.list(container, .outcomePrices)
        volumeNum = try? container.decodeIfPresent(Double.self, forKey: .volumeNum)
        liquidityNum = try? container.decodeIfPresent(Double.self, forKey: .liquidityNum)
        umaResolutionStatus = try? container.decodeIfPresent(String.self, forKey: .umaResolutionStatus)
    }

    /// A list sent as a JSON-encoded string or as an array; its elements as text. Numbers keep their
    /// exact decimal text (decoded as `Decimal`, never through `Double`).
    static func list(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> [String]? {
        if let encoded = try? container.decodeIfPresent(String.self, forKey: key) {
            return texts(Data(encoded.utf8))
        }
        if let strings = try? container.decodeIfPresent([String].self, forKey: key) { return strings }
        if let numbers = try? container.decodeIfPresent([Decimal].self, forKey: key) { return numbers.map(\.description) }
        return nil
    }

    private static func texts(_ json: Data) -> [String]? {
        if let strings = try? JSONDecoder().decode([String].self, from: json) { return strings }
        if let numbers = try? JSONDecoder().decode([Decimal].self, from: json) { return numbers.map(\.description) }
        return nil
    }
}
