import XCTest

@testable import Gateway

final class PageSecurityPolicyTests: XCTestCase {
    func test_policy_allowsOnlyTheGateway_Telegram_andTheAgent() {
        let policy = PageSecurityPolicy(agentURL: "http://127.0.0.1:3333/").header
        XCTAssertEqual(
            policy,
            "default-src 'self'; script-src 'self' https://telegram.org; style-src 'self'; img-src 'self' data: blob:; "
                + "connect-src 'self' http://127.0.0.1:3333; media-src 'self' blob:; font-src 'self'; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'self' https://web.telegram.org https://webk.telegram.org https://webz.telegram.org"
        )
    }

    func test_agentOrigin_isRebuiltFromTheURL_soNothingElseReachesTheHeader() {
        XCTAssertEqual(PageSecurityPolicy.origin(of: "HTTP://LocalHost:3333/get-amount?x=1"), "http://localhost:3333")
        XCTAssertEqual(PageSecurityPolicy.origin(of: "https://till.example"), "https://till.example")
        XCTAssertNil(PageSecurityPolicy.origin(of: "javascript:alert(1)"))
        XCTAssertNil(PageSecurityPolicy.origin(of: "http://a; script-src *"))
        XCTAssertNil(PageSecurityPolicy.origin(of: ""))
        XCTAssertFalse(PageSecurityPolicy(agentURL: "http://a; script-src *").header.contains("script-src *"))
    }
}
