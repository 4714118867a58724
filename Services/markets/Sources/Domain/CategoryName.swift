import Foundation

/// A category as shown (trimmed, single spaces) and its URL slug (lowercase ASCII, dashes).
public struct CategoryName: Sendable, Equatable {
    /// Where markets without a usable category go.
    public static let other = CategoryName(name: "Other", slug: "other")
    public static let maxLength = 60

    public var name: String
    public var slug: String

    public init(name: String, slug: String) {
        self.name = name
        self.slug = slug
    }

    /// Normalizes a source's or an admin's category; an empty one, or one without any letter or digit
    /// a slug can keep, is `Other`.
    public init(_ raw: String) {
        let name = String(raw.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(Self.maxLength))
        let slug = Self.slug(name)
        self = slug.isEmpty ? .other : CategoryName(name: name, slug: slug)
    }

    /// "Pop Culture" → "pop-culture", "Science & Tech" → "science-tech", "Économie" → "economie":
    /// accents folded, every run of other characters one dash, no dash at either end.
    public static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        var gap = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if gap && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                gap = false
            } else {
                gap = true
            }
        }
        return slug
    }
}
