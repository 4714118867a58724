/// The language of a page: `?lang=`, else the `lang` cookie, else the best of `Accept-Language`,
/// else Russian (the shops are Russian).
public enum WebLanguage: String, Sendable, CaseIterable {
    case ru
    case en

    public static let fallback = WebLanguage.ru

    /// The page's language from the request's query parameter, cookie header and `Accept-Language`.
    public static func choose(query: String?, cookieHeader: String?, acceptLanguage: String?) -> WebLanguage {
        if let query, let language = WebLanguage(tag: query) { return language }
        if let cookie = cookieHeader.flatMap(cookieValue), let language = WebLanguage(tag: cookie) { return language }
        if let acceptLanguage, let language = preferred(acceptLanguage) { return language }
        return fallback
    }

    /// `en`, `EN-us`, `ru_RU` → the language; nil for any other.
    public init?(tag: String) {
        let primary = tag.trimmingCharacters(in: .whitespaces).lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first
        guard let primary, let language = WebLanguage(rawValue: String(primary)) else { return nil }
        self = language
    }

    /// The `lang` value of a `Cookie` header (`a=1; lang=en`).
    static func cookieValue(_ header: String) -> String? {
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "lang" {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The supported language with the highest `q` in an `Accept-Language` header (the first on a tie).
    static func preferred(_ header: String) -> WebLanguage? {
        var best: (language: WebLanguage, q: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, let language = WebLanguage(tag: tag) else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            if q > 0, q > (best?.q ?? 0) { best = (language, q) }
        }
        return best?.language
    }
}
