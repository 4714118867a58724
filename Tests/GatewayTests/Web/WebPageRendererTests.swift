import Foundation
import XCTest

@testable import Gateway

final class WebPageRendererTests: XCTestCase {
    /// The DOM contract the browser tests rely on.
    static let contract: [WebPage: [String]] = [
        .cashier: [
            "signin", "store-key", "signin-submit", "signin-error", "store-select", "signout", "card-display", "key-back", "key-clear", "scan",
            "customer-name", "customer-balance", "customer-expiring", "amount", "amount-source", "op-redeem", "op-earn", "preview",
            "preview-points", "preview-earned", "preview-payable", "preview-balance-after", "confirm", "processing", "discount-status",
            "success", "error", "error-message", "done", "recent",
        ] + (0...9).map { "key-\($0)" },
        .portal: ["open-in-telegram", "register", "card-number", "card-qr", "balance", "expiring", "history"],
        .profile: ["profile-name", "profile-save", "profile-saved"],
    ]

    func test_everyPage_hasEveryTestIdOfTheContract_once() async throws {
        let renderer = try await WebPageRenderer(agentURL: "http://127.0.0.1:3333")
        for (page, ids) in Self.contract {
            let html = renderer.render(page, language: .en)
            for id in ids {
                XCTAssertEqual(html.components(separatedBy: #"data-testid="\#(id)""#).count - 1, 1, "\(page): \(id)")
            }
        }
    }

    func test_valuesAreEscaped_soNoTextBecomesMarkup() async throws {
        let renderer = try await WebPageRenderer(agentURL: #"http://x/"><script>alert(1)</script>"#)
        let html = renderer.render(.cashier, language: .ru)
        XCTAssertFalse(html.contains("<script>alert"))
        XCTAssertTrue(html.contains("data-agent-url=\"http://x/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
    }

    func test_everyControl_hasALabel() async throws {
        let renderer = try await WebPageRenderer(agentURL: "http://127.0.0.1:3333")
        for page in WebPage.allCases {
            let html = renderer.render(page, language: .en)
            let inputs = try NSRegularExpression(pattern: #"<(input|select)[^>]* id="([^"]+)""#)
            for match in inputs.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let id = (html as NSString).substring(with: match.range(at: 2))
                XCTAssertTrue(html.contains(#"for="\#(id)""#), "\(page): #\(id) has no <label for>")
            }
        }
    }

    func test_profileName_takesNoMoreThanLoyaltysLimit_64Characters() async throws {
        let renderer = try await WebPageRenderer(agentURL: "http://127.0.0.1:3333")
        let html = renderer.render(.profile, language: .en)
        XCTAssertTrue(html.contains(#"id="profile-name" name="name""#), html)
        XCTAssertTrue(html.contains(#"maxlength="64""#), html)
    }

    func test_bothLanguages_haveTheSameKeys_andTheTitle() async throws {
        let ru = WebStrings(language: .ru, assets: .bundled)
        let en = WebStrings(language: .en, assets: .bundled)
        XCTAssertFalse(ru.table.isEmpty)
        XCTAssertEqual(Set(ru.table.keys), Set(en.table.keys))
        let renderer = try await WebPageRenderer(agentURL: "http://127.0.0.1:3333")
        XCTAssertTrue(renderer.render(.cashier, language: .ru).contains("<title>Касса · Бонусы</title>"))
        XCTAssertTrue(renderer.render(.cashier, language: .en).contains("<title>Till · Loyalty</title>"))
    }
}
