import Foundation

/// The text of the pages in one language, from the bundled `i18n/<lang>.json` (the same table the
/// pages' scripts load from `/static/i18n/<lang>.json`).
public struct WebStrings: Sendable {
    public let language: WebLanguage
    public let table: [String: String]

    public init(language: WebLanguage, assets: StaticAssets) {
        self.language = language
        let bytes = assets["i18n/\(language.rawValue).json"]?.bytes ?? []
        table = (try? JSONDecoder().decode([String: String].self, from: Data(bytes))) ?? [:]
    }

    /// The text of `key`; the key itself when the table lacks it, so a gap shows instead of a blank.
    public subscript(key: String) -> String { table[key] ?? key }
}
