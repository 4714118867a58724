import ServiceKit

/// An object-store key of a code file: `codes/{campaignId}/{type}/{file}.csv`.
public struct FileKey: Sendable, Equatable {
    public var key: String
    public var target: ImportTarget

    /// Parses and checks the key against the campaign of the URL (and the type, when one was given).
    /// Keys are plain relative paths: no `..`, no empty segments, no backslashes or control characters.
    public static func parse(_ key: String, campaignId: String, type: String) throws -> FileKey {
        var violations = CodeRules.campaignIdViolations(campaignId)
        guard !key.isEmpty else { throw CodeInventoryError.invalid(violations + [Violation("fileKey", "is required")]) }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let safe =
            !key.unicodeScalars.contains { $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F }
            && !segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }
        guard safe, segments.count == 4, segments[0] == "codes", segments[3].hasSuffix(".csv"), segments[3].count > 4 else {
            throw CodeInventoryError.invalid(violations + [Violation("fileKey", "must look like codes/{campaignId}/{type}/{file}.csv")])
        }
        if segments[1] != campaignId {
            violations.append(Violation("fileKey", "belongs to campaign \(segments[1]), not \(campaignId)"))
        }
        var parsedType: CodeType?
        switch CodeRules.type(segments[2], field: "fileKey") {
        case .success(let value): parsedType = value
        case .failure(let violation): violations.append(violation)
        }
        if !type.isEmpty, let parsedType, type != parsedType.rawValue {
            violations.append(Violation("type", "does not match the type in fileKey (\(parsedType.rawValue))"))
        }
        guard violations.isEmpty, let parsedType else { throw CodeInventoryError.invalid(violations) }
        return FileKey(key: key, target: ImportTarget(campaignId: campaignId, type: parsedType))
    }
}
