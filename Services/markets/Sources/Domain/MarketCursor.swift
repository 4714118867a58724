import Foundation
import Store

/// Where a page of markets ends, for keyset paging newest first over `(created_at, id)`, which never
/// change: a page is stable while ingestion updates markets.
///
/// Opaque to clients: base64url of `v1|<created_at as Postgres prints it>|<id>`. The timestamp keeps
/// Postgres's own text (microseconds) so the next page compares exactly, with no float round trip.
public struct MarketCursor: Sendable, Equatable {
    public var createdAt: String
    public var id: UUID

    public init(createdAt: String, id: UUID) {
        self.createdAt = createdAt
        self.id = id
    }

    public var encoded: String {
        Data("v1|\(createdAt)|\(id.lowercasedString)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Nil for anything that is not a cursor this service made.
    public init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard encoded.count <= 200, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let id = UUID(uuidString: String(parts[2])),
            (try? Date(sqlText: String(parts[1]))) != nil
        else { return nil }
        self.init(createdAt: String(parts[1]), id: id)
    }
}
