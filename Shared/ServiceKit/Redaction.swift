/// Hides credentials in text that may be printed: URLs' passwords and whole secrets.
public enum Redaction {
    /// What a hidden value prints as.
    public static let mask = "<redacted>"

    /// `postgresql://user:secret@host/db?password=x` → `postgresql://user:<redacted>@host/db?password=<redacted>`.
    public static func url(_ text: String) -> String {
        var result = text
        if let scheme = result.range(of: "://") {
            let authorityEnd = result[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? result.endIndex
            if let at = result[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
                let colon = result[scheme.upperBound..<at].firstIndex(of: ":")
            {
                result.replaceSubrange(result.index(after: colon)..<at, with: mask)
            }
        }
        // libpq-style parameters that carry secrets.
        for name in ["password", "sslpassword"] {
            var searchStart = result.startIndex
            while let found = result.range(of: "\(name)=", options: .caseInsensitive, range: searchStart..<result.endIndex) {
                let valueEnd = result[found.upperBound...].firstIndex { $0 == "&" || $0 == " " } ?? result.endIndex
                result.replaceSubrange(found.upperBound..<valueEnd, with: mask)
                searchStart = result.index(found.upperBound, offsetBy: mask.count, limitedBy: result.endIndex) ?? result.endIndex
            }
        }
        return result
    }

    /// A secret's stand-in: empty stays empty (so "not set" is still visible).
    public static func secret(_ value: String?) -> String {
        guard let value else { return "nil" }
        return value.isEmpty ? "\"\"" : mask
    }
}
