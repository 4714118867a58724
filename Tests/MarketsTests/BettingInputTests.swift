import Foundation
import Markets
import ServiceKit
import XCTest

/// Validation of bets, sells, pages and boards, and the leaderboards' week.
final class BettingInputTests: XCTestCase {
    let market = "6f1c2b7e-6a55-4d1a-9b5e-0c1d2e3f4a5b"

    func test_placeBet_acceptsTenToTenThousand_andNamesEveryBadField() throws {
        XCTAssertEqual(try PlaceBetInput.validate(marketId: market, outcome: " YES ", amount: 10).outcome, "YES")
        XCTAssertEqual(try PlaceBetInput.validate(marketId: market, outcome: "NO", amount: 10_000).amount, 10_000)
        for amount: Int32 in [0, 9, 10_001, -10, .max, .min] {
            XCTAssertThrowsError(try PlaceBetInput.validate(marketId: market, outcome: "YES", amount: amount)) { error in
                XCTAssertEqual(error as? BettingError, .invalid([Violation("amount", "must be a whole number of credits between 10 and 10000")]))
            }
        }
        XCTAssertThrowsError(try PlaceBetInput.validate(marketId: "'; DROP TABLE bets; --", outcome: "", amount: 5)) { error in
            guard case .invalid(let violations) = error as? BettingError else { return XCTFail("\(error)") }
            XCTAssertEqual(violations.map(\.field), ["marketId", "outcome", "amount"])
        }
    }

    func test_sell_sharesAreOptional_positive_andAtMostSixDigits() throws {
        XCTAssertNil(try SellInput.validate(betId: market, shares: "").sharesMicros)
        XCTAssertEqual(try SellInput.validate(betId: market, shares: "2.5").sharesMicros, 2_500_000)
        for bad in ["0", "0.0000001", "-1", "abc", "1e2"] {
            XCTAssertThrowsError(try SellInput.validate(betId: market, shares: bad), bad)
        }
        XCTAssertThrowsError(try SellInput.validate(betId: "nope", shares: ""))
    }

    func test_pagesAndBoards_validateTheirLimitsAndCursors() throws {
        XCTAssertEqual(try BetListQuery.validate(status: "", limit: 0, cursor: "").limit, 20)
        XCTAssertEqual(try BetListQuery.validate(status: "Open", limit: 5, cursor: "").status, "open")
        XCTAssertThrowsError(try BetListQuery.validate(status: "pending", limit: 0, cursor: ""))
        XCTAssertThrowsError(try BetListQuery.validate(status: "", limit: 101, cursor: ""))
        XCTAssertThrowsError(try BetListQuery.validate(status: "", limit: 0, cursor: "garbage"))
        let cursor = BetListQuery.cursor(createdMicros: 1_796_637_600_000_000, id: UUID(uuidString: market)!)
        XCTAssertEqual(try BetListQuery.validate(status: "", limit: 0, cursor: cursor).after?.createdMicros, 1_796_637_600_000_000)
        XCTAssertEqual(try TransactionListQuery.validate(type: "bet", limit: 0, cursor: "42").beforeId, 42)
        XCTAssertThrowsError(try TransactionListQuery.validate(type: "Bet'--", limit: 0, cursor: ""))
        XCTAssertThrowsError(try TransactionListQuery.validate(type: "", limit: 0, cursor: "-1"))
        XCTAssertEqual(try LeaderboardQuery.validate(period: "", limit: 0), LeaderboardQuery(period: .all, limit: 10))
        XCTAssertEqual(try LeaderboardQuery.validate(period: "WEEK", limit: 100), LeaderboardQuery(period: .week, limit: 100))
        XCTAssertThrowsError(try LeaderboardQuery.validate(period: "month", limit: 0))
        XCTAssertThrowsError(try LeaderboardQuery.validate(period: "all", limit: 101))
    }

    func test_statsWeek_startsMondayUTC() {
        let monday = Date(timeIntervalSince1970: 1_796_637_600)  // 2026-12-07T10:00:00Z, a Monday
        XCTAssertEqual(StatsWeek.start(of: monday), "2026-12-07")
        XCTAssertEqual(StatsWeek.start(of: monday.addingTimeInterval(6 * 86_400 + 13 * 3_600 + 59 * 60)), "2026-12-07")  // Sunday 23:59
        XCTAssertEqual(StatsWeek.start(of: monday.addingTimeInterval(7 * 86_400 - 10 * 3_600)), "2026-12-14")  // next Monday 00:00
        XCTAssertEqual(StatsWeek.start(of: monday.addingTimeInterval(25 * 86_400)), "2026-12-28")  // Friday 2027-01-01
    }

    func test_statsWeek_isTheISOWeeksMonday_asFoundationsCalendarComputesIt() {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0...4_102_444_800, using: &generator))  // 1970–2100
            let monday = calendar.dateComponents([.year, .month, .day], from: calendar.dateInterval(of: .weekOfYear, for: date)!.start)
            let expected = String(format: "%04d-%02d-%02d", monday.year!, monday.month!, monday.day!)
            XCTAssertEqual(StatsWeek.start(of: date), expected, "\(date)")
        }
    }
}
