import Foundation
import Gateway
import XCTest

/// Telegram initData: genuine and fresh, and each refusal says what is wrong.
final class TelegramInitDataVerifierTests: XCTestCase {
    private let verifier = TelegramInitDataVerifier(botToken: "12345:test-bot-token")
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func signed(authDate: Date) -> String {
        verifier.sign(["auth_date": String(Int(authDate.timeIntervalSince1970)), "user": #"{"id":42,"first_name":"A"}"#])
    }

    private func refusal(_ initData: String) -> String {
        do {
            _ = try verifier.verify(initData, now: now)
            return "accepted"
        } catch let error as GatewayError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    func test_displayName_dropsControlCharacters_soNoNULCutsItShortOnTheBus() {
        XCTAssertEqual(TelegramUser(id: 1, firstName: "Ann\u{0}a", lastName: "Lee\u{7}").displayName, "Anna Lee")
        XCTAssertEqual(TelegramUser(id: 1, username: "\u{0}nick").displayName, "nick")
        XCTAssertEqual(TelegramUser(id: 1, firstName: "Zoë 🙂").displayName, "Zoë 🙂")
    }

    func test_fresh_isAccepted_withinClockSkewAhead() throws {
        XCTAssertEqual(try verifier.verify(signed(authDate: now.addingTimeInterval(-60)), now: now).id, 42)
        XCTAssertEqual(try verifier.verify(signed(authDate: now.addingTimeInterval(120)), now: now).id, 42)
    }

    func test_datedInTheFuture_saysSo_notThatItIsOld() {
        let message = refusal(signed(authDate: now.addingTimeInterval(3600)))
        XCTAssertTrue(message.contains("in the future"), message)
        XCTAssertFalse(message.contains("older"), message)
    }

    func test_old_saysItIsOld() {
        XCTAssertTrue(refusal(signed(authDate: now.addingTimeInterval(-25 * 3600))).contains("older than 24 h"))
    }
}
