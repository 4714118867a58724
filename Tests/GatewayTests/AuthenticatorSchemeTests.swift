import HTTPTypes
import XCTest

@testable import Gateway

final class AuthenticatorSchemeTests: XCTestCase {
    func test_hasScheme_matchesTheSchemeInAnyCase_andNothingShorterOrElse() {
        XCTAssertTrue(Authenticator.hasScheme("tma ", "tma query_id=1"))
        XCTAssertTrue(Authenticator.hasScheme("tma ", "TMA x"))
        XCTAssertTrue(Authenticator.hasScheme("tma ", "tMa "))
        XCTAssertFalse(Authenticator.hasScheme("tma ", "tma"))
        XCTAssertFalse(Authenticator.hasScheme("tma ", "tmax y"))
        XCTAssertFalse(Authenticator.hasScheme("tma ", "Bearer eyJ"))
        XCTAssertFalse(Authenticator.hasScheme("tma ", "ｔma x"))  // fullwidth t: not ASCII
        XCTAssertFalse(Authenticator.hasScheme("tma ", ""))
    }

    func test_presentedKind_readsTheAuthorizationScheme_thenTheOtherHeaders() {
        func kind(_ fields: [(String, String)]) -> CredentialKind? {
            var headers = HTTPFields()
            for (name, value) in fields { headers[HTTPField.Name(name)!] = value }
            return Authenticator.presentedKind(headers)
        }
        XCTAssertEqual(kind([("Authorization", "TMA auth_date=1")]), .telegram)
        XCTAssertEqual(kind([("Authorization", "Bearer eyJhbGciOi")]), .bearer)
        XCTAssertEqual(kind([("X-Telegram-Init-Data", "auth_date=1")]), .telegram)
        XCTAssertEqual(kind([("x-store-api-key", "sk_1")]), .storeKey)
        XCTAssertNil(kind([]))
    }
}
