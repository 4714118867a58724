/// Which browser origins may call `/api/*` (`CORS_ALLOWED_ORIGINS`) and what their preflight may
/// ask for. An origin not listed gets no CORS header at all, so its page cannot read any answer.
public struct CORSPolicy: Sendable, Equatable {
    /// The allowed origins, as browsers send them (`https://shop.example:8443`, lower case, no slash).
    public let origins: Set<String>

    static let allowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    /// Every request header the API reads: the three credential kinds, idempotency and tracing.
    static let allowedHeaders = "Authorization, Content-Type, Idempotency-Key, X-Request-Id, X-Store-Api-Key, X-Telegram-Init-Data"
    /// Headers a page may read from an answer besides the CORS-safelisted ones.
    static let exposedHeaders = "Retry-After, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"
    /// How long a browser may reuse a preflight answer, in seconds.
    static let maxAge = "600"

    public init(origins: [String]) {
        self.origins = Set(origins.compactMap(Self.normalized))
    }

    /// Whether a page of `origin` (the `Origin` header) may call the API.
    public func allows(_ origin: String?) -> Bool {
        guard let origin, let normalized = Self.normalized(origin) else { return false }
        return origins.contains(normalized)
    }

    /// `HTTPS://Shop.example/` → `https://shop.example`; nil for what is no origin (`null`, `*`, a path).
    static func normalized(_ origin: String) -> String? {
        var text = origin.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        let authority = text[separator.upperBound...]
        guard scheme == "http" || scheme == "https", !authority.isEmpty,
            !authority.contains(where: { "/?#@* ".contains($0) })
        else { return nil }
        return text
    }
}
