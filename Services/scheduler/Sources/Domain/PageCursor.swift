import Foundation

/// Keyset paging of history lists: the cursor is the last row's time and id, base64url-encoded.
public enum PageCursor {
    public static let defaultLimit = 50
    public static let maxLimit = 200

    /// 0 → default; otherwise 1…200 or a violation of `limit`.
    public static func limit(_ requested: Int) throws(SchedulerError) -> Int {
        if requested == 0 { return defaultLimit }
        guard (1...maxLimit).contains(requested) else { throw .invalid("limit", "must be 1-\(maxLimit)") }
        return requested
    }

    public static func encode(time: Date, id: UUID) -> String {
        let text = "\(Int64((time.timeIntervalSince1970 * 1000).rounded())):\(id.lowercasedString)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Nil for an empty cursor; a violation of `cursor` when it is not one of ours.
    public static func decode(_ cursor: String) throws(SchedulerError) -> (time: Date, id: UUID)? {
        guard !cursor.isEmpty else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw .invalid("cursor", "is not a cursor of this list")
        }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let millis = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            throw .invalid("cursor", "is not a cursor of this list")
        }
        return (Date(timeIntervalSince1970: Double(millis) / 1000), id)
    }
}
