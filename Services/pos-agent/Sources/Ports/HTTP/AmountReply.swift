import Foundation

/// The body of `GET /get-amount`: every key is always present, `null` when no receipt is open.
struct AmountReply: Encodable {
    let storeId: Int64
    let kopecks: Kopecks?
    let updatedAt: Date?

    private enum CodingKeys: String, CodingKey { case storeId, amount, kopecks, updatedAt }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(storeId, forKey: .storeId)
        // Optional.encode writes an explicit null (encodeIfPresent would drop the key, and the web app expects it).
        try container.encode(kopecks?.roublesText, forKey: .amount)
        try container.encode(kopecks?.value, forKey: .kopecks)
        try container.encode(updatedAt.map(ISO8601.format), forKey: .updatedAt)
    }
}
