import XCTest

@testable import Gateway

final class WebLanguageTests: XCTestCase {
    func test_queryWins_thenCookie_thenAcceptLanguage_thenRussian() {
        XCTAssertEqual(WebLanguage.choose(query: "en", cookieHeader: "lang=ru", acceptLanguage: "ru"), .en)
        XCTAssertEqual(WebLanguage.choose(query: "de", cookieHeader: "a=1; lang=en", acceptLanguage: "ru"), .en)
        XCTAssertEqual(WebLanguage.choose(query: nil, cookieHeader: "lang=xx", acceptLanguage: "en-GB,en;q=0.9"), .en)
        XCTAssertEqual(WebLanguage.choose(query: nil, cookieHeader: nil, acceptLanguage: "de-DE, fr;q=0.9"), .ru)
        XCTAssertEqual(WebLanguage.choose(query: nil, cookieHeader: nil, acceptLanguage: nil), .ru)
    }

    func test_acceptLanguage_takesTheHighestQuality() {
        XCTAssertEqual(WebLanguage.preferred("ru;q=0.5, en;q=0.8"), .en)
        XCTAssertEqual(WebLanguage.preferred("en;q=0, ru-RU"), .ru)
        XCTAssertNil(WebLanguage.preferred("de, fr"))
        XCTAssertEqual(WebLanguage(tag: "EN_us"), .en)
    }
}
