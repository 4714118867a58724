import HTTPTypes

/// The headers of the gateway's pages and their files.
enum WebHeaders {
    static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!

    /// What every answer of the web routes carries.
    static func common(csp: String) -> HTTPFields {
        [
            contentSecurityPolicy: csp,
            contentTypeOptions: "nosniff",
            referrerPolicy: "no-referrer",
            // The till scans cards with its camera; nothing else is used.
            permissionsPolicy: "camera=(self), microphone=(), geolocation=(), payment=()",
        ]
    }

    /// A rendered page: never cached (its language and the till's settings may change).
    static func page(csp: String) -> HTTPFields {
        var fields = common(csp: csp)
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[.vary] = "Accept-Language, Cookie"
        return fields
    }

    /// A static file: kept by the browser but checked again (by ETag) before each use, since its
    /// name does not change with its content.
    static func asset(_ asset: StaticAsset, csp: String) -> HTTPFields {
        var fields = common(csp: csp)
        fields[.contentType] = asset.contentType
        fields[.cacheControl] = "public, no-cache"
        fields[.eTag] = asset.etag
        return fields
    }

    /// A card's QR code: the same card always gives the same picture.
    static func qr() -> HTTPFields {
        var fields = common(csp: "default-src 'none'; style-src 'none'; frame-ancestors 'none'")
        fields[.contentType] = "image/svg+xml"
        fields[.cacheControl] = "public, max-age=86400, immutable"
        return fields
    }
}
