import ServiceKit

/// A checked market listing: filters, then a cursor or an offset.
public struct MarketListQuery: Sendable, Equatable {
    public static let defaultLimit = 20
    public static let maxLimit = 100
    public static let maxSearch = 200
    public static let statuses = ["open", "closed", "resolved", "cancelled"]

    public var categorySlug: String?
    public var status: String?
    /// The search text as an ILIKE pattern (`%`, `_` and `\` escaped), nil for no search.
    public var searchPattern: String?
    public var limit: Int
    public var cursor: MarketCursor?
    public var offset: Int

    public init(
        categorySlug: String? = nil,
        status: String? = nil,
        searchPattern: String? = nil,
        limit: Int = defaultLimit,
        cursor: MarketCursor? = nil,
        offset: Int = 0
    ) {
        self.categorySlug = categorySlug
        self.status = status
        self.searchPattern = searchPattern
        self.limit = limit
        self.cursor = cursor
        self.offset = offset
    }

    /// Checks the request's fields, reporting every violation. The category is a slug or a name
    /// ("Pop Culture" finds `pop-culture`); 0 means the default limit.
    public static func validate(
        category: String,
        status: String,
        search: String,
        limit: Int32,
        cursor: String,
        offset: Int32
    ) throws -> MarketListQuery {
        var violations: [Violation] = []
        var query = MarketListQuery()
        let category = category.trimmingCharacters(in: .whitespaces)
        if !category.isEmpty {
            let slug = CategoryName.slug(category)
            if slug.isEmpty { violations.append(Violation("category", "is not a category")) }
            query.categorySlug = slug
        }
        let status = status.trimmingCharacters(in: .whitespaces).lowercased()
        if !status.isEmpty {
            if statuses.contains(status) {
                query.status = status
            } else {
                violations.append(Violation("status", "must be one of \(statuses.joined(separator: ", "))"))
            }
        }
        let search = search.trimmingCharacters(in: .whitespacesAndNewlines)
        if search.count > maxSearch {
            violations.append(Violation("search", "must be at most \(maxSearch) characters"))
        } else if !search.isEmpty {
            query.searchPattern = "%" + likeEscaped(search) + "%"
        }
        if limit != 0 && !(1...Int32(maxLimit)).contains(limit) {
            violations.append(Violation("limit", "must be between 1 and \(maxLimit)"))
        } else if limit != 0 {
            query.limit = Int(limit)
        }
        if !cursor.isEmpty {
            if let decoded = MarketCursor(encoded: cursor) {
                query.cursor = decoded
            } else {
                violations.append(Violation("cursor", "is not a cursor from a previous page"))
            }
        }
        if offset < 0 {
            violations.append(Violation("offset", "must not be negative"))
        } else if offset > 0 && !cursor.isEmpty {
            violations.append(Violation("offset", "page with a cursor or an offset, not both"))
        }
        query.offset = Int(max(0, offset))
        guard violations.isEmpty else { throw CatalogError.invalid(violations) }
        return query
    }

    /// Escapes LIKE's wildcards so search text matches literally (used with `ESCAPE '\'`).
    public static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
