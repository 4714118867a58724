/// A discount the backend hands to this till: `amount` whole roubles (= points) to take off the open receipt.
public struct PendingDiscount: Sendable, Equatable, Decodable {
    /// Proto3 JSON writes int64 as a string; a number is accepted too and kept as its decimal text.
    public let id: String
    public let storeId: Int64?
    public let card: String?
    public let amount: Int64
    public let createdAt: String?
    public let expiresAt: String?

    public init(id: String, storeId: Int64?, card: String? = nil, amount: Int64, createdAt: String? = nil, expiresAt: String? = nil) {
        self.id = id
        self.storeId = storeId
        self.card = card
        self.amount = amount
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    private enum CodingKeys: String, CodingKey { case id, storeId, card, amount, createdAt, expiresAt }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = try Self.integer(container, .id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: container.codingPath, debugDescription: "a discount needs an id"))
        }
        self.id = String(id)
        storeId = try Self.integer(container, .storeId)
        card = try container.decodeIfPresent(String.self, forKey: .card)
        // Proto3 JSON omits zero values, so a missing amount is 0 (and is refused by the worker, never written).
        amount = try Self.integer(container, .amount) ?? 0
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt)
        expiresAt = try container.decodeIfPresent(String.self, forKey: .expiresAt)
    }

    /// An int64 written either as a JSON number or as a decimal string.
    private static func integer(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int64? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        if let number = try? container.decode(Int64.self, forKey: key) { return number }
        let text = try container.decode(String.self, forKey: key)
        guard let number = Int64(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\"\(text)\" is not an integer")
        }
        return number
    }
}
