import Foundation

/// Keyset paging over promo codes: the cursor is the last code of the page, base64url-encoded.
public enum PageCursor {
    public static let defaultLimit = 50
    public static let maxLimit = 500

    public static func encode(_ lastCode: String) -> String {
        Data(lastCode.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The code after which the page starts ("" for the first page).
    public static func decode(_ cursor: String) throws -> String {
        guard !cursor.isEmpty else { return "" }
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text.append("=") }
        guard let data = Data(base64Encoded: text), let code = String(data: data, encoding: .utf8) else {
            throw CodeInventoryError.invalid("cursor", "is not a cursor from a previous page")
        }
        return code
    }

    /// The page size: 0 means the default; out-of-range values are refused.
    public static func limit(_ requested: Int) throws -> Int {
        if requested == 0 { return defaultLimit }
        guard (1...maxLimit).contains(requested) else {
            throw CodeInventoryError.invalid("limit", "must be between 1 and \(maxLimit)")
        }
        return requested
    }
}
