import Foundation
import Loyalty
import ServiceKit
import XCTest

/// The programme's pure rules: money parsing, cashback and discount rounding, expiry dates, lot order.
final class DomainRulesTests: XCTestCase {
    private func date(_ text: String) -> Date { Timestamps.parse(text)! }

    func test_kopecks_parseExactly_withoutFloatingPoint() {
        XCTAssertEqual(Kopecks.parse("1234.50"), 123_450)
        XCTAssertEqual(Kopecks.parse("1234.5"), 123_450)
        XCTAssertEqual(Kopecks.parse("1234"), 123_400)
        XCTAssertEqual(Kopecks.parse("0.01"), 1)
        XCTAssertEqual(Kopecks.parse(" 12.49 "), 1249)
        // 0.1 + 0.2 style inputs stay exact.
        XCTAssertEqual(Kopecks.parse("0.30"), 30)
        XCTAssertEqual(Kopecks.parse("10000000.00"), Kopecks.maximum)
        // A JSON number's exponent form is read exactly too.
        XCTAssertEqual(Kopecks.parse("1e3"), 100_000)
        XCTAssertEqual(Kopecks.parse("1.25E2"), 12_500)
    }

    func test_kopecks_sayWhatIsWrong() {
        XCTAssertEqual(Kopecks.read("1e12"), .failure(.tooLarge))
        XCTAssertEqual(Kopecks.read("10000000.01"), .failure(.tooLarge))
        XCTAssertEqual(Kopecks.read("99999999999999999999999"), .failure(.tooLarge))
        XCTAssertEqual(Kopecks.read("12.345"), .failure(.tooPrecise))
        XCTAssertEqual(Kopecks.read("1e-3"), .failure(.tooPrecise))
        XCTAssertEqual(Kopecks.read("12 roubles"), .failure(.malformed))
        XCTAssertEqual(Kopecks.explain(.tooLarge), "must be at most 10000000.00")
    }

    func test_kopecks_rejectEverythingElse() {
        for bad in ["", "12.345", "-1", "+1", "1e", "1,50", "12.", ".5", "abc", "1 000", "0x10", "١٢"] {
            XCTAssertNil(Kopecks.parse(bad), bad)
        }
    }

    func test_kopecks_format_twoFractionDigits() {
        XCTAssertEqual(Kopecks.format(123_450), "1234.50")
        XCTAssertEqual(Kopecks.format(5), "0.05")
        XCTAssertEqual(Kopecks.format(100), "1.00")
    }

    func test_cashback_isFourPercent_roundedHalfUp() {
        XCTAssertEqual(CashbackRules.cashback(paidKopecks: 1250), 1)  // 12.50 ₽ → 0.5 → 1
        XCTAssertEqual(CashbackRules.cashback(paidKopecks: 1249), 0)  // 12.49 ₽ → 0.4996 → 0
        XCTAssertEqual(CashbackRules.cashback(paidKopecks: 100_000), 40)
        XCTAssertEqual(CashbackRules.cashback(paidKopecks: 3750), 2)  // 1.5 → 2 (half up, not to even)
        XCTAssertEqual(CashbackRules.cashback(paidKopecks: 6250), 3)  // 2.5 → 3
        XCTAssertEqual(CashbackRules.cashback(paidKopecks: 0), 0)
    }

    func test_maxRedeemable_isTwentyPercent_roundedDown() {
        XCTAssertEqual(CashbackRules.maxRedeemable(purchaseKopecks: 100_000), 200)
        XCTAssertEqual(CashbackRules.maxRedeemable(purchaseKopecks: 99_999), 199)
        XCTAssertEqual(CashbackRules.maxRedeemable(purchaseKopecks: 499), 0)
        XCTAssertEqual(CashbackRules.maxRedeemable(purchaseKopecks: 500), 1)
    }

    func test_expiry_isMidnightUTC_fortyFiveDaysAfterTheEarningDate() {
        XCTAssertEqual(ExpiryPolicy.expiresAt(earnedAt: date("2026-12-07T00:00:00Z")), date("2027-01-21T00:00:00Z"))
        XCTAssertEqual(ExpiryPolicy.expiresAt(earnedAt: date("2026-12-07T23:59:59Z")), date("2027-01-21T00:00:00Z"))
        XCTAssertEqual(ExpiryPolicy.expiresAt(earnedAt: date("2024-02-14T12:00:00Z")), date("2024-03-30T00:00:00Z"))  // leap year
    }

    func test_expiry_boundary_isExclusive() {
        let expiresAt = date("2027-01-21T00:00:00Z")
        XCTAssertFalse(ExpiryPolicy.isExpired(expiresAt, at: expiresAt.addingTimeInterval(-0.001)))
        XCTAssertTrue(ExpiryPolicy.isExpired(expiresAt, at: expiresAt))
    }

    func test_lotPlanner_drawsOldestFirst_skipsExpired_refusesTooMuch() {
        let now = date("2027-01-10T00:00:00Z")
        let lots = [
            OpenLot(id: 3, remaining: 10, expiresAt: date("2027-02-01T00:00:00Z")),
            OpenLot(id: 1, remaining: 5, expiresAt: date("2027-01-05T00:00:00Z")),  // expired
            OpenLot(id: 2, remaining: 4, expiresAt: date("2027-01-20T00:00:00Z")),
        ]
        XCTAssertEqual(LotPlanner.available(lots, at: now), 14)
        XCTAssertEqual(LotPlanner.draws(points: 6, from: lots, at: now), [LotDraw(lotId: 2, points: 4), LotDraw(lotId: 3, points: 2)])
        XCTAssertEqual(LotPlanner.draws(points: 14, from: lots, at: now), [LotDraw(lotId: 2, points: 4), LotDraw(lotId: 3, points: 10)])
        XCTAssertNil(LotPlanner.draws(points: 15, from: lots, at: now))
    }

    func test_purchaseInput_reportsEveryBadField() {
        XCTAssertThrowsError(try PurchaseInput.validate(card: "12", storeId: 0, amount: "12.345", points: 0)) { error in
            guard case LoyaltyError.invalid(let violations) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(violations.map(\.field), ["card", "storeId", "amount", "points"])
        }
        XCTAssertThrowsError(try PurchaseInput.validate(card: "123456", storeId: 1, amount: "100.00", points: 21)) { error in
            XCTAssertEqual(error as? LoyaltyError, .invalid([Violation("points", "at most 20 (20% of the purchase)")]))
        }
        let input = try? PurchaseInput.validate(card: "123456", storeId: 1, amount: "100", points: 20)
        XCTAssertEqual(input?.kopecks, 10_000)
        XCTAssertEqual(input?.paidKopecks, 8_000)
    }

    func test_cardNumber_isSixDigits_notStartingWithZero() {
        XCTAssertEqual(CardNumber.normalized("123456"), "123456")
        XCTAssertNil(CardNumber.normalized("012345"))
        XCTAssertNil(CardNumber.normalized("1234567"))
        XCTAssertNil(CardNumber.normalized("12345a"))
        XCTAssertEqual(CardNumber.normalized(" 123456\t"), "123456", "spaces and tabs around it are trimmed")
        XCTAssertNil(CardNumber.normalized(" 12345"), "six bytes, five digits")
        XCTAssertNil(CardNumber.normalized("１２３４５６"), "only ASCII digits")
        XCTAssertNil(CardNumber.normalized("12345\u{0663}"), "an Arabic-Indic digit is not one")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 { XCTAssertNotNil(CardNumber.normalized(CardNumber.random(using: &generator))) }
    }
}
