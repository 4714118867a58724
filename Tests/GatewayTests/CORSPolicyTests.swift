import XCTest

@testable import Gateway

final class CORSPolicyTests: XCTestCase {
    func test_originsAreCompared_asBrowsersSendThem() {
        let policy = CORSPolicy(origins: ["HTTPS://Shop.Example/", "http://localhost:5173", "*", "null", "ftp://x"])
        XCTAssertEqual(policy.origins, ["https://shop.example", "http://localhost:5173"])
        XCTAssertTrue(policy.allows("https://shop.example"))
        XCTAssertTrue(policy.allows("http://localhost:5173"))
        XCTAssertFalse(policy.allows("http://shop.example"), "another scheme is another origin")
        XCTAssertFalse(policy.allows("https://shop.example:444"))
        XCTAssertFalse(policy.allows("https://evil.example"))
        XCTAssertFalse(policy.allows("null"))
        XCTAssertFalse(policy.allows(nil))
    }

    func test_emptyConfiguration_allowsNone() {
        XCTAssertFalse(CORSPolicy(origins: []).allows("https://shop.example"))
    }
}
