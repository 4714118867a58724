import Foundation
import Mustache

/// Renders the pages from the bundled Mustache templates. Every value goes through Mustache's
/// `{{ }}`, which escapes `& < > " '`, so no text (a string table entry, the agent URL) can
/// become markup; the pages' scripts put data in with `textContent`.
public struct WebPageRenderer: Sendable {
    let library: MustacheLibrary
    let strings: [WebLanguage: WebStrings]
    /// `CASHIER_AGENT_URL`, for the cashier page's `data-agent-url`.
    let agentURL: String

    public init(agentURL: String, assets: StaticAssets = .bundled, templates: URL? = nil) async throws {
        library = try await MustacheLibrary(directory: (templates ?? WebResources.templatesDirectory).path)
        strings = Dictionary(uniqueKeysWithValues: WebLanguage.allCases.map { ($0, WebStrings(language: $0, assets: assets)) })
        self.agentURL = agentURL
    }

    /// The page's HTML in `language`.
    public func render(_ page: WebPage, language: WebLanguage) -> String {
        let text = strings[language]?.table ?? [:]
        let context: [String: Any] = [
            "lang": language.rawValue,
            "page": page.rawValue,
            "style": page.styleSheet,
            "title": text[page.titleKey] ?? page.titleKey,
            "agentURL": agentURL,
            "t": text,
            "languages": WebLanguage.allCases.map { ["code": $0.rawValue, "current": $0 == language] },
        ]
        return library.render(context, withTemplate: page.rawValue) ?? ""
    }
}
